// Number formatting (ASCII digits, Unicode minus for readability).
const MINUS = "\u2212";

export function fmt(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(Number(x))) return "\u2013";
  x = Number(x);
  const a = Math.abs(x);
  let s;
  if (a === 0) s = (0).toFixed(digits);
  else if (a >= 1e4) s = Math.round(a).toLocaleString("en-US");
  else if (a >= 100) s = a.toFixed(1);
  else if (a >= 10 ** -digits) s = a.toFixed(digits);
  else s = a.toExponential(1);
  return (x < 0 && Number(s.replace(/,/g, "")) !== 0 ? MINUS : "") + s;
}

export function fmtSigned(x, digits = 3) {
  const s = fmt(x, digits);
  return Number(x) > 0 ? "+" + s : s;
}

export function fmtInt(n) {
  return Number.isFinite(Number(n)) ? Math.round(Number(n)).toLocaleString("en-US") : "\u2013";
}

export function fmtSeconds(s) {
  s = Number(s);
  if (!Number.isFinite(s)) return "\u2013";
  return s < 10 ? s.toFixed(2) + " s" : s.toFixed(1) + " s";
}
