// Number formatting (ASCII digits, Unicode minus for readability). One family for all visible
// text: fixed decimals (weights, probabilities, gaps: 3; R^2: 2), thousands commas from 10,000,
// one decimal from 100; never exponent notation. A value too small for the decimals shows as
// "0.000" ("+0.000" / "\u22120.000" when signed, so the side stays readable); titles carry
// `exact()` for those.
const MINUS = "\u2212";

const bad = (x) => x === null || x === undefined || x === "" || Number.isNaN(Number(x));

/** |x| as shown, without sign. */
function mag(a, digits) {
  if (!Number.isFinite(a)) return "\u221e";
  if (a >= 1e4) return Math.round(a).toLocaleString("en-US");
  if (a >= 100) return a.toFixed(1);
  return a.toFixed(digits);
}

/** Unsigned style: a minus only when the shown digits are not all zero. */
export function fmt(x, digits = 3) {
  if (bad(x)) return "\u2013";
  x = Number(x);
  const s = mag(Math.abs(x), digits);
  return (x < 0 && /[1-9]/.test(s) ? MINUS : "") + s;
}

/** Signed style ("+0.050", "\u22120.200"): the sign of x, even when it rounds to zero. */
export function fmtSigned(x, digits = 3) {
  if (bad(x)) return "\u2013";
  x = Number(x);
  return (x > 0 ? "+" : x < 0 ? MINUS : "") + mag(Math.abs(x), digits);
}

/** True when x is not 0 but shows as 0 with `digits` decimals. */
export function rounds0(x, digits = 3) {
  x = Math.abs(Number(x));
  return x > 0 && x < 0.5 * 10 ** -digits;
}

/** Full precision for data-value attributes ("" for no number). */
export function exact(x) {
  return bad(x) ? "" : String(Number(x));
}

/** A signed weight for titles: the shown digits, plus the value itself when they round to 0. */
export function fmtWeight(x) {
  return fmtSigned(x) + (rounds0(x) ? ` (${Number(x).toPrecision(3)})` : "");
}

export function fmtInt(n) {
  return Number.isFinite(Number(n)) ? Math.round(Number(n)).toLocaleString("en-US") : "\u2013";
}

export function fmtSeconds(s) {
  s = Number(s);
  if (!Number.isFinite(s)) return "\u2013";
  return s < 10 ? s.toFixed(2) + " s" : s.toFixed(1) + " s";
}
