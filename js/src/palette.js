// Diverging palette for feature weights. Colours themselves live in CSS
// (--lw-pos / --lw-neg as "r, g, b" triples, tuned per theme); JS only decides
// the side (class) and the strength (alpha, exposed as the --lw-a property).

export const MIN_ALPHA = 0.12; // weakest visible highlight for a non-zero weight
export const MAX_ALPHA = 0.8; // strongest highlight (|w| == scale)

/** Largest |weight| over `ids` (or over all weights when ids is omitted). 0 if none. */
export function maxAbs(weights, ids) {
  let m = 0;
  const list = ids || weights.map((_, i) => i);
  for (const j of list) {
    const a = Math.abs(Number(weights[j]) || 0);
    if (a > m) m = a;
  }
  return m;
}

/**
 * Style of a weight on a symmetric scale [-scale, +scale].
 * Returns { sign: 1 | -1 | 0, cls: "lw-pos" | "lw-neg" | "", alpha, ratio }.
 * ratio = |w| / scale in [0, 1]; alpha grows linearly with ratio.
 */
export function weightStyle(w, scale) {
  w = Number(w) || 0;
  if (w === 0 || !(scale > 0)) return { sign: 0, cls: "", alpha: 0, ratio: 0 };
  const ratio = Math.min(1, Math.abs(w) / scale);
  const alpha = Math.round((MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * ratio) * 1000) / 1000;
  return w > 0
    ? { sign: 1, cls: "lw-pos", alpha, ratio }
    : { sign: -1, cls: "lw-neg", alpha, ratio };
}

/** WCAG relative luminance of an [r, g, b] colour (0-255). */
export function luminance([r, g, b]) {
  const f = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

/** Colour of `fg` drawn with `alpha` over `bg` (both [r, g, b]). */
export function composite(fg, alpha, bg) {
  return fg.map((c, i) => Math.round(c * alpha + bg[i] * (1 - alpha)));
}

/** WCAG contrast ratio between two [r, g, b] colours. */
export function contrast(a, b) {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

// The triples used in widget.css, exported so tests can check legibility.
export const PALETTE = {
  light: { pos: [49, 130, 189], neg: [230, 110, 20], bg: [255, 255, 255], fg: [33, 33, 33] },
  dark: { pos: [33, 113, 181], neg: [200, 85, 10], bg: [17, 17, 17], fg: [224, 224, 224] },
};
