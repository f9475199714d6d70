// Number formatting (ASCII digits, Unicode minus for readability). One family for all visible
// text: fixed decimals (weights, probabilities, gaps: 3; R^2: 2), thousands commas from 10,000,
// one decimal from 100; never exponent notation. A value too small for the decimals shows as
// "0.000" ("+0.000" / "\u22120.000" when signed, so the side stays readable); titles carry
// `exact()` for those.
const MINUS = "\u2212";

/** @param {unknown} x */
const bad = (x) => x === null || x === undefined || x === "" || Number.isNaN(Number(x));

/** |x| as shown, without sign.
 * @param {number} a @param {number} digits */
function mag(a, digits) {
  if (!Number.isFinite(a)) return "\u221e";
  if (a >= 1e4) return Math.round(a).toLocaleString("en-US");
  if (a >= 100) return a.toFixed(1);
  return a.toFixed(digits);
}

/** Unsigned style: a minus only when the shown digits are not all zero.
 * @param {unknown} value @param {number} [digits] @returns {string} */
export function fmt(value, digits = 3) {
  if (bad(value)) return "\u2013";
  const x = Number(value);
  const s = mag(Math.abs(x), digits);
  return (x < 0 && /[1-9]/.test(s) ? MINUS : "") + s;
}

/** Signed style ("+0.050", "\u22120.200"): the sign of x, even when it rounds to zero.
 * @param {unknown} value @param {number} [digits] @returns {string} */
export function fmtSigned(value, digits = 3) {
  if (bad(value)) return "\u2013";
  const x = Number(value);
  return (x > 0 ? "+" : x < 0 ? MINUS : "") + mag(Math.abs(x), digits);
}

/** True when x is not 0 but shows as 0 with `digits` decimals.
 * @param {unknown} value @param {number} [digits] */
export function rounds0(value, digits = 3) {
  const x = Math.abs(Number(value));
  return x > 0 && x < 0.5 * 10 ** -digits;
}

/** Full precision for data-value attributes ("" for no number).
 * @param {unknown} x @returns {string} */
export function exact(x) {
  return bad(x) ? "" : String(Number(x));
}

/** A signed weight for titles: the shown digits, plus the value itself when they round to 0.
 * @param {unknown} x @returns {string} */
export function fmtWeight(x) {
  return fmtSigned(x) + (rounds0(x) ? ` (${Number(x).toPrecision(3)})` : "");
}

/** An integer with commas from 1,000 ("\u2013" when not a number). @param {unknown} n */
export function fmtInt(n) {
  return Number.isFinite(Number(n)) ? Math.round(Number(n)).toLocaleString("en-US") : "\u2013";
}

/** Seconds: 2 decimals under 10, else 1. @param {unknown} value */
export function fmtSeconds(value) {
  const s = Number(value);
  if (!Number.isFinite(s)) return "\u2013";
  return s < 10 ? s.toFixed(2) + " s" : s.toFixed(1) + " s";
}
