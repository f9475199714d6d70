// Diverging palette for feature weights. Colours themselves live in CSS
// (--lw-pos / --lw-neg as "r, g, b" triples, tuned per theme); JS only decides
// the side (class) and the strength (alpha, exposed as the --lw-a property).

export const MIN_ALPHA = 0.2; // weakest highlight for a non-zero weight (light theme; see PALETTE)
export const MAX_ALPHA = 0.8; // strongest highlight (|w| == scale)
export const WEAK = 0.35; // ratio below which a highlight also gets a border (class lw-weak)

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
 * Returns { sign: 1 | -1 | 0, cls: "lw-pos" | "lw-neg" | "", alpha, ratio, weak }.
 * ratio = |w| / scale in [0, 1]; alpha (the --lw-a property) grows linearly with ratio from
 * MIN_ALPHA to MAX_ALPHA; CSS maps it to the theme's range (themeAlpha). weak: a non-zero weight
 * with ratio < WEAK, drawn with a border in the side's colour as well.
 */
export function weightStyle(w, scale) {
  w = Number(w) || 0;
  if (w === 0 || !(scale > 0)) return { sign: 0, cls: "", alpha: 0, ratio: 0, weak: false };
  const ratio = Math.min(1, Math.abs(w) / scale);
  const alpha = Math.round((MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * ratio) * 1000) / 1000;
  const weak = ratio < WEAK;
  return w > 0
    ? { sign: 1, cls: "lw-pos", alpha, ratio, weak }
    : { sign: -1, cls: "lw-neg", alpha, ratio, weak };
}

/**
 * The alpha a theme actually paints for --lw-a = alpha: amin + (amax - amin) * ratio, done in CSS
 * as alpha * --lw-ak + --lw-a0 (light: 1, 0; dark: 0.5, 0.1).
 */
export function themeAlpha(alpha, theme) {
  const t = PALETTE[theme];
  const k = (t.amax - t.amin) / (MAX_ALPHA - MIN_ALPHA);
  return alpha * k + (t.amin - MIN_ALPHA * k);
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

// The triples used in widget.css (a test checks they match), exported so tests can check
// legibility: pos / neg fill and bar colours, posM / negM the border of weak highlights,
// amin / amax the painted alpha range, bg the card colours the theme may sit on (ours and
// JupyterLab's / other notebooks'), fg the (dimmest) text colour, muted the alpha of the
// secondary text colour (struck-out words, off features) over bg.
export const PALETTE = {
  light: {
    pos: [49, 130, 189], neg: [224, 104, 16], posM: [49, 130, 189], negM: [210, 95, 10],
    amin: 0.2, amax: 0.8, bg: [[255, 255, 255], [247, 247, 247]], fg: [33, 33, 33], ink: [0, 0, 0], muted: 0.54,
  },
  dark: {
    pos: [74, 150, 225], neg: [232, 120, 40], posM: [74, 150, 225], negM: [232, 120, 40],
    amin: 0.2, amax: 0.5, bg: [[17, 17, 17], [30, 30, 30], [33, 33, 33], [42, 42, 42]], fg: [224, 224, 224], ink: [255, 255, 255], muted: 0.54,
  },
};
