// Pure pixel logic of the image view, over typed arrays (no canvas, no DOM): unit-tested in
// happy-dom, which has no 2D canvas.
import { OVERLAY } from "./palette.js";

/** @typedef {import("./palette.js").RGB} RGB */

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;
B64_INDEX[45] = 62; // "-" (base64url)
B64_INDEX[95] = 63; // "_"

/** base64 (standard or url-safe; padding, whitespace and a data: URL prefix ignored) -> bytes. */
/** @param {unknown} value @returns {Uint8Array} */
export function base64ToBytes(value) {
  const s = String(value);
  const comma = s.startsWith("data:") ? s.indexOf(",") : -1;
  const out = new Uint8Array(Math.floor(((s.length - comma - 1) * 3) / 4));
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = comma + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) {
      if (c === 61) break; // "=": padding ends the data
      continue; // whitespace / line breaks
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 255;
    }
  }
  return out.subarray(0, n);
}

/**
 * A bytes trait as a Uint8Array view (no copy): a DataView / typed array / ArrayBuffer (live
 * widget), a base64 string or { buffer: ... } (saved JSON state), or a plain array of bytes.
 * Anything else gives an empty array.
 * @param {unknown} v
 * @returns {Uint8Array}
 */
export function toBytes(v) {
  if (v === null || v === undefined) return new Uint8Array(0);
  if (typeof v === "string") return base64ToBytes(v);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return Uint8Array.from(v, Number);
  if (typeof v === "object" && "buffer" in v) return toBytes(v.buffer);
  return new Uint8Array(0);
}

/** @type {Record<string, [number, "getUint8" | "getInt8" | "getUint16" | "getInt16" | "getUint32" | "getInt32"]>} */
const DTYPES = {
  uint8: [1, "getUint8"], int8: [1, "getInt8"], uint16: [2, "getUint16"], int16: [2, "getInt16"],
  uint32: [4, "getUint32"], int32: [4, "getInt32"],
};

/**
 * The label map as an Int32Array of n = h*w ids, from little-endian ints of `dtype`.
 * Missing bytes (a short buffer) give -1 (no superpixel).
 * @param {unknown} raw @param {unknown} dtype @param {number} n
 * @returns {Int32Array}
 */
export function decodeSegments(raw, dtype, n) {
  const bytes = toBytes(raw);
  const [size, getter] = DTYPES[String(dtype)] || DTYPES.int32;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(n).fill(-1);
  const m = Math.min(n, Math.floor(bytes.byteLength / size));
  for (let i = 0; i < m; i++) out[i] = dv[getter](i * size, true);
  return out;
}

/** 1 where a 4-neighbour has another label, else 0.
 * @param {Int32Array} seg @param {number} w @param {number} h @returns {Uint8Array} */
export function boundaries(seg, w, h) {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const s = seg[i];
      if ((x > 0 && seg[i - 1] !== s) || (x < w - 1 && seg[i + 1] !== s) ||
          (y > 0 && seg[i - w] !== s) || (y < h - 1 && seg[i + w] !== s)) out[i] = 1;
    }
  }
  return out;
}

/** Largest |w| (0 when all zero). @param {number[]} weights */
function maxAbs(weights) {
  let m = 0;
  for (const x of weights) m = Math.max(m, Math.abs(Number(x) || 0));
  return m;
}

/** Overlay alpha of the weakest non-zero weight, as a fraction of the opacity. */
export const OVERLAY_MIN = OVERLAY.min;

/**
 * The picture shown: a new Uint8ClampedArray (RGBA, like `rgba`).
 *  - superpixels in `off` (a Set) take their hide colour exactly (what the model is shown);
 *  - the others get the heat overlay: palette.pos (w > 0) / palette.neg (w < 0) blended with
 *    alpha = (OVERLAY_MIN + (1 - OVERLAY_MIN) * |w| / max|w|) * opacity (weak weights stay visible);
 *  - where `bounds` (a boundaries() mask, or null for none) is 1: palette.line, blended with
 *    palette.lineAlpha (default 1: exactly palette.line);
 *  - optional: the edge of superpixel `hover` (its pixels set in `edges`, a boundaries() mask)
 *    in palette.hi, whether or not boundaries are shown.
 * palette: { pos: [r,g,b], neg: [r,g,b], line: [r,g,b], hi: [r,g,b] }; weights: one per superpixel.
 * @param {Uint8ClampedArray} rgba
 * @param {Int32Array} seg
 * @param {Set<number>} off
 * @param {number[][]} hideColors
 * @param {number[]} weights
 * @param {number} opacity
 * @param {Uint8Array | null} bounds
 * @param {{ pos: number[], neg: number[], line: number[], lineAlpha?: number, hi: number[] }} palette
 * @param {number} [hover]
 * @param {Uint8Array | null} [edges]
 * @returns {Uint8ClampedArray}
 */
export function composite(rgba, seg, off, hideColors, weights, opacity, bounds, palette, hover = -1, edges = null) {
  const n = seg.length;
  const out = new Uint8ClampedArray(rgba.length);
  out.set(rgba);
  const scale = maxAbs(weights);
  const op = Math.max(0, Math.min(1, Number(opacity) || 0));
  // per-superpixel colour and alpha, computed once
  const d = Math.max(weights.length, hideColors.length);
  const alpha = new Float32Array(d);
  /** @type {number[][]} */
  const col = [];
  for (let j = 0; j < d; j++) {
    const w = Number(weights[j]) || 0;
    if (off.has(j)) {
      alpha[j] = -1; // hidden
      col[j] = hideColors[j] || [128, 128, 128];
    } else if (w !== 0 && scale > 0 && op > 0) {
      alpha[j] = (OVERLAY_MIN + (1 - OVERLAY_MIN) * Math.min(1, Math.abs(w) / scale)) * op;
      col[j] = w > 0 ? palette.pos : palette.neg;
    }
  }
  const la = palette.lineAlpha ?? 1;
  for (let i = 0; i < n; i++) {
    const j = seg[i];
    const p = i * 4;
    if (j === hover && j >= 0 && edges && edges[i]) {
      setPx(out, p, palette.hi);
      continue;
    }
    if (j >= 0 && j < d) {
      const a = alpha[j];
      if (a < 0) setPx(out, p, col[j]);
      else if (a > 0) blend(out, p, col[j], a);
    }
    if (bounds && bounds[i]) {
      if (la >= 1) setPx(out, p, palette.line);
      else blend(out, p, palette.line, la);
    }
  }
  return out;
}

/** @param {Uint8ClampedArray} out @param {number} p @param {number[]} c @param {number} a */
function blend(out, p, c, a) {
  out[p] = out[p] * (1 - a) + c[0] * a;
  out[p + 1] = out[p + 1] * (1 - a) + c[1] * a;
  out[p + 2] = out[p + 2] * (1 - a) + c[2] * a;
}

/** @param {Uint8ClampedArray} out @param {number} p @param {number[]} c */
function setPx(out, p, c) {
  out[p] = c[0];
  out[p + 1] = c[1];
  out[p + 2] = c[2];
  out[p + 3] = 255;
}

/**
 * Client (CSS px) coordinates -> image pixel, for an element drawn at `rect` (getBoundingClientRect)
 * showing a w x h image stretched over it. null when outside.
 * @param {number} clientX @param {number} clientY
 * @param {{ left: number, top: number, width: number, height: number }} rect
 * @param {number} w @param {number} h
 * @returns {{ x: number, y: number } | null}
 */
export function clientToPixel(clientX, clientY, rect, w, h) {
  if (!(rect.width > 0 && rect.height > 0)) return null;
  const x = Math.floor(((clientX - rect.left) * w) / rect.width);
  const y = Math.floor(((clientY - rect.top) * h) / rect.height);
  return x >= 0 && y >= 0 && x < w && y < h ? { x, y } : null;
}

/** Superpixel id at pixel (x, y), -1 outside.
 * @param {Int32Array} seg @param {number} w @param {number} h @param {number} x @param {number} y */
export function segmentAt(seg, w, h, x, y) {
  return x >= 0 && y >= 0 && x < w && y < h ? seg[y * w + x] : -1;
}

/** Ids of the k largest positive (sign 1) or most negative (sign -1) weights, strongest first.
 * @param {number[]} weights @param {number} k @param {number} sign @returns {number[]} */
export function topK(weights, k, sign) {
  return weights
    .map((w, j) => [(Number(w) || 0) * sign, j])
    .filter(([v]) => v > 0)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, Math.max(0, k))
    .map(([, j]) => j);
}

/** off for "keep top k": every superpixel 0..d-1 except the top k of that sign.
 * @param {number[]} weights @param {number} d @param {number} k @param {number} sign @returns {number[]} */
export function keepTopOff(weights, d, k, sign) {
  const keep = new Set(topK(weights, k, sign));
  const off = [];
  for (let j = 0; j < d; j++) if (!keep.has(j)) off.push(j);
  return off;
}

/** off for "invert": the complement of `off` in 0..d-1.
 * @param {number[]} off @param {number} d @returns {number[]} */
export function invertOff(off, d) {
  const s = new Set(off);
  const out = [];
  for (let j = 0; j < d; j++) if (!s.has(j)) out.push(j);
  return out;
}

/** "r, g, b" (a CSS custom property) -> [r, g, b], or `dflt`.
 * @param {unknown} s @param {number[]} dflt @returns {number[]} */
export function parseTriple(s, dflt) {
  const m = String(s || "").split(",").map((x) => parseFloat(x));
  return m.length === 3 && m.every((x) => x >= 0 && x <= 255) ? m : dflt;
}

/**
 * The bounding box of every superpixel 0..d-1 in the label map: [x0, y0, x1, y1] (inclusive), or null
 * for an id no pixel has.
 * @param {ArrayLike<number>} seg @param {number} w @param {number} h @param {number} d
 * @returns {([number, number, number, number] | null)[]}
 */
export function superpixelBoxes(seg, w, h, d) {
  /** @type {([number, number, number, number] | null)[]} */
  const boxes = new Array(d).fill(null);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const j = seg[y * w + x];
      if (!(j >= 0 && j < d)) continue;
      const b = boxes[j];
      if (b === null) boxes[j] = [x, y, x, y];
      else {
        if (x < b[0]) b[0] = x;
        if (x > b[2]) b[2] = x;
        if (y < b[1]) b[1] = y;
        if (y > b[3]) b[3] = y;
      }
    }
  }
  return boxes;
}

/**
 * A thumbnail naming superpixel `j`: its bounding box cut from the image, scaled (nearest pixel) to fit
 * `size` x `size`, the pixels of other superpixels faded so its own shape shows.
 * @param {ArrayLike<number>} rgba @param {ArrayLike<number>} seg @param {number} w
 * @param {[number, number, number, number]} box @param {number} j @param {number} size
 * @returns {{ w: number, h: number, data: Uint8ClampedArray }}
 */
export function superpixelThumb(rgba, seg, w, box, j, size) {
  const [x0, y0, x1, y1] = box;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const f = Math.min(size / bw, size / bh);
  const tw = Math.max(1, Math.round(bw * f));
  const th = Math.max(1, Math.round(bh * f));
  const data = new Uint8ClampedArray(tw * th * 4);
  for (let ty = 0; ty < th; ty++) {
    const y = y0 + Math.min(bh - 1, Math.floor(ty / f));
    for (let tx = 0; tx < tw; tx++) {
      const x = x0 + Math.min(bw - 1, Math.floor(tx / f));
      const s = (y * w + x) * 4;
      const o = (ty * tw + tx) * 4;
      data[o] = rgba[s];
      data[o + 1] = rgba[s + 1];
      data[o + 2] = rgba[s + 2];
      data[o + 3] = seg[y * w + x] === j ? 255 : 56; // others faded: the region's own outline reads
    }
  }
  return { w: tw, h: th, data };
}
