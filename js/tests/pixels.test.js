// Pure pixel logic of the image view (src/pixels.js), on tiny arrays with exact values.
import { describe, it, expect } from "vitest";
import {
  base64ToBytes, toBytes, decodeSegments, boundaries, composite, clientToPixel, segmentAt, topK, keepTopOff,
  invertOff, parseTriple, OVERLAY_MIN, superpixelBoxes, superpixelThumb,
} from "../src/pixels.js";

// 4x4 image, 3 segments:
//   0 0 1 1
//   0 0 1 1
//   2 2 2 2
//   2 2 2 2
const W = 4;
const H = 4;
const SEG = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
// every pixel rgb (100, 100, 100)
const grey = () => {
  const a = new Uint8ClampedArray(W * H * 4);
  for (let i = 0; i < W * H; i++) a.set([100, 100, 100, 255], i * 4);
  return a;
};
const px = (a, x, y) => [...a.slice((y * W + x) * 4, (y * W + x) * 4 + 4)];
const PAL = { pos: [0, 0, 255], neg: [255, 0, 0], line: [255, 255, 0], hi: [255, 255, 255] };
const HIDE = [[1, 2, 3], [40, 50, 60], [7, 8, 9]];

/** bytes of `values` as little-endian `dtype` at byteOffset 3 of a bigger buffer, as a DataView. */
function leView(values, size, setter) {
  const buf = new ArrayBuffer(3 + values.length * size + 5);
  const dv = new DataView(buf);
  values.forEach((v, i) => dv[setter](3 + i * size, v, true));
  return new DataView(buf, 3, values.length * size);
}

describe("base64 and bytes traits", () => {
  it("decodes base64 with and without padding, whitespace, url-safe and data: URLs", () => {
    expect([...base64ToBytes("AAEC/w==")]).toEqual([0, 1, 2, 255]);
    expect([...base64ToBytes("AAEC/w")]).toEqual([0, 1, 2, 255]);
    expect([...base64ToBytes("AAE\nC/w==")]).toEqual([0, 1, 2, 255]);
    expect([...base64ToBytes("AAEC_w")]).toEqual([0, 1, 2, 255]);
    expect([...base64ToBytes("data:image/png;base64,iVBORw==")]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(new TextDecoder().decode(base64ToBytes("aGVsbG8gd29ybGQ="))).toBe("hello world");
    expect(base64ToBytes("").length).toBe(0);
  });

  it("agrees with btoa on every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const b64 = btoa(String.fromCharCode(...all));
    expect([...base64ToBytes(b64)]).toEqual([...all]);
  });

  it("toBytes wraps DataViews without copying and honours byteOffset", () => {
    const buf = new Uint8Array([9, 9, 9, 1, 2, 3, 9]).buffer;
    const dv = new DataView(buf, 3, 3);
    const b = toBytes(dv);
    expect([...b]).toEqual([1, 2, 3]);
    expect(b.buffer).toBe(buf); // a view, not a copy
    expect([...toBytes(new Uint8Array(buf, 4, 2))]).toEqual([2, 3]);
    expect([...toBytes(buf)]).toEqual([9, 9, 9, 1, 2, 3, 9]);
    expect([...toBytes("AQID")]).toEqual([1, 2, 3]);
    expect([...toBytes({ buffer: "AQID" })]).toEqual([1, 2, 3]);
    expect([...toBytes({ buffer: dv })]).toEqual([1, 2, 3]);
    expect([...toBytes([1, 2, 3])]).toEqual([1, 2, 3]);
    expect(toBytes(null).length).toBe(0);
    expect(toBytes(42).length).toBe(0);
  });
});

describe("segments", () => {
  it("uint8 from a DataView with a non-zero byteOffset", () => {
    const seg = decodeSegments(leView([0, 1, 250, 2], 1, "setUint8"), "uint8", 4);
    expect(seg).toBeInstanceOf(Int32Array);
    expect([...seg]).toEqual([0, 1, 250, 2]);
  });
  it("uint16 little-endian from a DataView with a non-zero byteOffset", () => {
    expect([...decodeSegments(leView([0, 1, 300, 65535], 2, "setUint16"), "uint16", 4)]).toEqual([0, 1, 300, 65535]);
  });
  it("int32 little-endian from a DataView with a non-zero byteOffset", () => {
    expect([...decodeSegments(leView([0, 70000, -1, 5], 4, "setInt32"), "int32", 4)]).toEqual([0, 70000, -1, 5]);
  });
  it("from base64 (saved state), short buffers padded with -1", () => {
    // uint16 LE [1, 258] = 01 00 02 01
    expect([...decodeSegments(btoa("\x01\x00\x02\x01"), "uint16", 3)]).toEqual([1, 258, -1]);
  });
});

describe("boundaries", () => {
  it("marks pixels with a 4-neighbour of another label", () => {
    expect([...boundaries(SEG, W, H)]).toEqual([
      0, 1, 1, 0,
      1, 1, 1, 1,
      1, 1, 1, 1,
      0, 0, 0, 0,
    ]);
  });
  it("a single segment has none", () => {
    expect([...boundaries(new Int32Array(6), 3, 2)]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("composite", () => {
  it("hidden superpixels take their exact hide colour; others untouched with no weights", () => {
    const out = composite(grey(), SEG, new Set([1]), HIDE, [0, 0, 0], 1, null, PAL);
    expect(out).toBeInstanceOf(Uint8ClampedArray);
    for (const [x, y] of [[2, 0], [3, 0], [2, 1], [3, 1]]) expect(px(out, x, y)).toEqual([40, 50, 60, 255]);
    expect(px(out, 0, 0)).toEqual([100, 100, 100, 255]);
    expect(px(out, 1, 3)).toEqual([100, 100, 100, 255]);
  });

  it("hidden pixels keep the exact hide colour whatever their weight and the opacity", () => {
    const out = composite(grey(), SEG, new Set([0, 2]), HIDE, [0.5, -0.2, -0.9], 1, null, PAL);
    expect(px(out, 0, 0)).toEqual([1, 2, 3, 255]);
    expect(px(out, 3, 3)).toEqual([7, 8, 9, 255]);
  });

  it("overlay: positive weights blend towards palette.pos, negative towards palette.neg, alpha = (0.25 + 0.75 |w|/max) * opacity", () => {
    const out = composite(grey(), SEG, new Set(), HIDE, [0.4, -0.2, 0], 0.5, null, PAL);
    // segment 0: w = max -> alpha 0.5 of blue
    expect(px(out, 0, 0)).toEqual([50, 50, 178, 255]); // 100*.5 + 255*.5 = 177.5 -> 178
    // segment 1: |w|/max = 0.5 -> alpha (0.25 + 0.375) * 0.5 = 0.3125 of red
    expect(px(out, 2, 0)).toEqual([148, 69, 69, 255]); // 100*.6875 + 255*.3125 = 148.4 -> 148
    // a weight 1/100 of the max still gets a visible tint: alpha >= OVERLAY_MIN * opacity
    const weak = composite(grey(), SEG, new Set(), HIDE, [1, -0.01, 0], 1, null, PAL);
    expect(px(weak, 2, 0)[0] - 100).toBeGreaterThanOrEqual(Math.floor(155 * OVERLAY_MIN));
    // segment 2: weight 0 -> unchanged
    expect(px(out, 0, 3)).toEqual([100, 100, 100, 255]);
  });

  it("opacity 0 leaves every visible pixel unchanged (and does not modify the input)", () => {
    const src = grey();
    src.set([10, 20, 30, 255], 0);
    const before = [...src];
    const out = composite(src, SEG, new Set(), HIDE, [0.4, -0.2, 0.1], 0, null, PAL);
    expect([...out]).toEqual(before);
    expect([...src]).toEqual(before);
    expect(out).not.toBe(src);
  });

  it("boundaries are drawn in the line colour (over hidden pixels too); lineAlpha blends", () => {
    const b = boundaries(SEG, W, H);
    const out = composite(grey(), SEG, new Set([1]), HIDE, [0, 0, 0], 1, b, PAL);
    expect(px(out, 1, 0)).toEqual([255, 255, 0, 255]);
    expect(px(out, 2, 0)).toEqual([255, 255, 0, 255]); // a boundary pixel of hidden segment 1
    expect(px(out, 3, 0)).toEqual([40, 50, 60, 255]); // interior of hidden segment 1
    expect(px(out, 0, 0)).toEqual([100, 100, 100, 255]);
    const half = composite(grey(), SEG, new Set(), HIDE, [0, 0, 0], 1, b, { ...PAL, lineAlpha: 0.5 });
    expect(px(half, 1, 0)).toEqual([178, 178, 50, 255]);
  });

  it("the hovered superpixel's edge is lit even with boundaries off", () => {
    const b = boundaries(SEG, W, H);
    const out = composite(grey(), SEG, new Set(), HIDE, [0, 0, 0], 1, null, PAL, 1, b);
    expect(px(out, 2, 0)).toEqual([255, 255, 255, 255]);
    expect(px(out, 3, 0)).toEqual([100, 100, 100, 255]); // interior
    expect(px(out, 1, 0)).toEqual([100, 100, 100, 255]); // edge of another segment
  });
});

describe("click mapping", () => {
  it("maps client coordinates through CSS scaling to image pixels", () => {
    // a 4x4 image shown at 200x100 CSS px at (10, 20)
    const rect = { left: 10, top: 20, width: 200, height: 100 };
    expect(clientToPixel(10, 20, rect, W, H)).toEqual({ x: 0, y: 0 });
    expect(clientToPixel(10 + 149, 20 + 49, rect, W, H)).toEqual({ x: 2, y: 1 });
    expect(clientToPixel(10 + 150, 20 + 50, rect, W, H)).toEqual({ x: 3, y: 2 });
    expect(clientToPixel(209.9, 119.9, rect, W, H)).toEqual({ x: 3, y: 3 });
    expect(clientToPixel(210, 50, rect, W, H)).toBe(null);
    expect(clientToPixel(9, 50, rect, W, H)).toBe(null);
    expect(clientToPixel(0, 0, { left: 0, top: 0, width: 0, height: 0 }, W, H)).toBe(null);
    const p = clientToPixel(10 + 150, 20 + 10, rect, W, H);
    expect(segmentAt(SEG, W, H, p.x, p.y)).toBe(1);
    expect(segmentAt(SEG, W, H, 0, 3)).toBe(2);
    expect(segmentAt(SEG, W, H, 4, 0)).toBe(-1);
  });
});

describe("top k and mask edits", () => {
  const w = [0.3, -0.2, 0.1, -0.4, 0, 0.3];
  it("top k positive / negative ids, strongest first, ties by id", () => {
    expect(topK(w, 2, 1)).toEqual([0, 5]);
    expect(topK(w, 3, 1)).toEqual([0, 5, 2]);
    expect(topK(w, 10, 1)).toEqual([0, 5, 2]); // only positive weights
    expect(topK(w, 2, -1)).toEqual([3, 1]);
    expect(topK(w, 0, 1)).toEqual([]);
  });
  it("keep top k: off = everything else; invert: the complement", () => {
    expect(keepTopOff(w, 6, 2, 1)).toEqual([1, 2, 3, 4]);
    expect(keepTopOff(w, 6, 1, -1)).toEqual([0, 1, 2, 4, 5]);
    expect(invertOff([1, 3], 6)).toEqual([0, 2, 4, 5]);
    expect(invertOff([], 3)).toEqual([0, 1, 2]);
    expect(invertOff([0, 1, 2], 3)).toEqual([]);
  });
  it("parses CSS colour triples", () => {
    expect(parseTriple(" 49, 130, 189", null)).toEqual([49, 130, 189]);
    expect(parseTriple("", [1, 2, 3])).toEqual([1, 2, 3]);
    expect(parseTriple("red", [1, 2, 3])).toEqual([1, 2, 3]);
  });
});

describe("superpixel thumbnails", () => {
  // a 4 x 3 image: superpixel 0 the left column, 1 an L of the rest, 2 absent
  const w = 4;
  const seg = Int32Array.from([0, 1, 1, 1, 0, 1, 9, 9, 0, 1, 1, 1]);
  const rgba = new Uint8ClampedArray(12 * 4).map((_, i) => (i % 4 === 3 ? 255 : i));
  it("boxes bound each superpixel; an id with no pixel has none", () => {
    expect(superpixelBoxes(seg, w, 3, 3)).toEqual([[0, 0, 0, 2], [1, 0, 3, 2], null]);
  });
  it("a thumbnail is its box, scaled to fit, other superpixels faded", () => {
    const t = superpixelThumb(rgba, seg, w, [1, 0, 3, 2], 1, 6);
    expect([t.w, t.h]).toEqual([6, 6]);
    const px = (x, y) => Array.from(t.data.slice((y * t.w + x) * 4, (y * t.w + x) * 4 + 4));
    expect(px(0, 0)).toEqual([4, 5, 6, 255]); // image pixel (1, 0): superpixel 1
    expect(px(2, 2)[3]).toBe(56); // image pixel (2, 1): another superpixel, faded
    expect(px(5, 5)).toEqual([44, 45, 46, 255]); // image pixel (3, 2)
    const tall = superpixelThumb(rgba, seg, w, [0, 0, 0, 2], 0, 6);
    expect([tall.w, tall.h]).toEqual([2, 6]); // the aspect ratio is kept
  });
});
