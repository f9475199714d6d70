// Diverging palette for feature weights. The numbers live in lime_widgets/theme.json (shared with
// styles.css, checked by a test, and with the static snapshot in Python); CSS holds the colours per
// theme (--lw-pos / --lw-neg as "r, g, b" triples); JS only decides the side (class) and the
// strength (alpha, exposed as the --lw-a property).
import { light, dark, alpha, overlay } from "../../lime_widgets/theme.json"; // named: the bundle leaves out _doc

/** @typedef {[number, number, number]} RGB */
/**
 * One theme's colours (see theme.json's _doc).
 * @typedef {{ pos: RGB, neg: RGB, posM: RGB, negM: RGB, amin: number, amax: number, bg: RGB[], fg: RGB, ink: RGB, muted: number }} Theme
 */

export const MIN_ALPHA = alpha.min; // weakest highlight for a non-zero weight
export const MAX_ALPHA = alpha.max; // strongest highlight (|w| == scale)
export const WEAK = alpha.weak; // ratio below which a highlight also gets a border (class lw-weak)

/** The theme colours, as in widget.css. @type {{ light: Theme, dark: Theme }} */
export const PALETTE = { light: /** @type {Theme} */ (light), dark: /** @type {Theme} */ (dark) };

/** The image overlay: alpha floor, boundary colour and alpha, hovered edge colour. */
export const OVERLAY = {
  min: overlay.min,
  boundary: /** @type {RGB} */ (overlay.boundary),
  boundaryAlpha: overlay.boundaryAlpha,
  hover: /** @type {RGB} */ (overlay.hover),
};

/** Largest |weight| over `ids` (or over all weights when ids is omitted). 0 if none.
 * @param {ArrayLike<unknown>} weights @param {number[]} [ids] */
export function maxAbs(weights, ids) {
  let m = 0;
  const list = ids || Array.from(weights, (_, i) => i);
  for (const j of list) {
    const a = Math.abs(Number(weights[j]) || 0);
    if (a > m) m = a;
  }
  return m;
}

/**
 * Style of a weight on a symmetric scale [-scale, +scale].
 * ratio = |w| / scale in [0, 1]; alpha (the --lw-a property) grows linearly with ratio from
 * MIN_ALPHA to MAX_ALPHA; CSS maps it to the theme's range (themeAlpha). weak: a non-zero weight
 * with ratio < WEAK, drawn with a border in the side's colour as well.
 * @param {unknown} value
 * @param {number} scale
 * @returns {{ sign: 1 | -1 | 0, cls: "lw-pos" | "lw-neg" | "", alpha: number, ratio: number, weak: boolean }}
 */
export function weightStyle(value, scale) {
  const w = Number(value) || 0;
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
 * @param {number} alpha @param {"light" | "dark"} theme
 */
export function themeAlpha(alpha, theme) {
  const t = PALETTE[theme];
  const k = (t.amax - t.amin) / (MAX_ALPHA - MIN_ALPHA);
  return alpha * k + (t.amin - MIN_ALPHA * k);
}
