"""Write dev/fixtures-image.js: image-view states shaped as in PROTOCOL.md ("Image").

    python3 dev/make_image_fixtures.py

- chelsea: skimage's chelsea at 225x150, quickshift superpixels, 5 explained ImageNet-style labels
  (long names), hide colours = each superpixel's mean colour. The weights are made up (smooth
  functions of where a superpixel is), not a real explanation: they only have to look plausible.
- tiles: a 24x16 synthetic picture of 6 rectangles, regression, fixed hide colour, uint16
  segments (exercises pixelated upscaling and a wider dtype).

PNGs go in as base64; the label maps as run-length pairs that fixtures-image.js expands into the
protocol's bytes (base64 of little-endian ints), to keep the committed file small (~100 KB).
"""
import base64
import io
import json
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data, segmentation, transform

HERE = Path(__file__).resolve().parent


def png_b64(img):
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "PNG", optimize=True)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def rle(seg):
    flat = seg.ravel()
    starts = np.r_[0, np.flatnonzero(np.diff(flat)) + 1]
    lens = np.diff(np.r_[starts, flat.size])
    return [int(flat[s]) for s in starts], [int(n) for n in lens]


def explanation(seg, labels, weight_fns, proba, seed):
    rng = np.random.default_rng(seed)
    h, w = seg.shape
    d = int(seg.max()) + 1
    ys, xs = np.mgrid[0:h, 0:w]
    cu = np.array([xs[seg == j].mean() / w for j in range(d)])
    cv = np.array([ys[seg == j].mean() / h for j in range(d)])
    out = {"weights": {}, "selected": {}, "intercept": {}, "local_pred": {}, "score": {}}
    for i, l in enumerate(labels):
        wt = weight_fns[i](cu, cv) + rng.normal(0, 0.004, d)
        wt = np.round(wt, 4)
        order = sorted(range(d), key=lambda j: -abs(wt[j]))
        out["weights"][str(l)] = [float(x) for x in wt]
        out["selected"][str(l)] = order
        out["local_pred"][str(l)] = round(float(proba[l]) + float(rng.normal(0, 0.02)), 4)
        out["intercept"][str(l)] = round(out["local_pred"][str(l)] - float(wt.sum()), 4)
        out["score"][str(l)] = round(0.62 + 0.05 * i, 3)
    return out


def gauss(cu, cv, u, v, s):
    return np.exp(-((cu - u) ** 2 + (cv - v) ** 2) / (2 * s * s))


def chelsea():
    img = data.chelsea()
    small = (transform.resize(img, (150, 225), anti_aliasing=True) * 255).round().astype(np.uint8)
    seg = segmentation.quickshift(small, kernel_size=3, max_dist=200, ratio=0.2)
    _, seg = np.unique(seg, return_inverse=True)
    seg = seg.reshape(small.shape[:2]).astype(np.int32)
    d = int(seg.max()) + 1
    hide = [[int(round(c)) for c in small[seg == j].mean(axis=0)] for j in range(d)]
    names = [
        "tabby, tabby cat", "tiger cat", "Persian cat", "Siamese cat, Siamese", "Egyptian cat",
        "cougar, puma, catamount, mountain lion, painter, panther, Felis concolor", "lynx, catamount",
        "snow leopard, ounce, Panthera uncia", "tiger, Panthera tigris", "window screen", "carton", "doormat, welcome mat",
    ]
    proba = [0.412, 0.268, 0.004, 0.007, 0.187, 0.019, 0.061, 0.002, 0.009, 0.011, 0.008, 0.012]
    labels = [0, 1, 4, 6, 5]
    fns = [
        lambda u, v: 0.14 * gauss(u, v, 0.5, 0.2, 0.18) + 0.06 * gauss(u, v, 0.55, 0.75, 0.2) - 0.09 * (u > 0.82) - 0.03,
        lambda u, v: 0.09 * gauss(u, v, 0.2, 0.5, 0.2) + 0.05 * gauss(u, v, 0.5, 0.15, 0.15) - 0.06 * gauss(u, v, 0.6, 0.85, 0.15),
        lambda u, v: 0.12 * gauss(u, v, 0.38, 0.38, 0.1) + 0.1 * gauss(u, v, 0.7, 0.45, 0.1) - 0.07 * gauss(u, v, 0.5, 0.1, 0.15),
        lambda u, v: 0.08 * gauss(u, v, 0.1, 0.05, 0.12) + 0.08 * gauss(u, v, 0.85, 0.05, 0.12) - 0.1 * gauss(u, v, 0.58, 0.8, 0.1),
        lambda u, v: 0.05 * gauss(u, v, 0.5, 0.5, 0.25) - 0.06 * gauss(u, v, 0.4, 0.4, 0.1),
    ]
    ids, lens = rle(seg)
    return {
        "kind": "image", "mode": "classification", "class_names": names, "labels": labels, "label": 0,
        "feature_names": [f"superpixel {j}" for j in range(d)],
        **explanation(seg, labels, fns, proba, 7),
        "proba": proba, "value_range": None, "num_features": 10, "num_samples": 1000, "seed": 0,
        "model_stats": {"calls": 10, "rows": 1000, "seconds": 47.3}, "off": [],
        "counterfactual": {"off": [], "proba": proba, "error": None, "input": None},
        "image_png": png_b64(small), "segments_rle": [ids, lens], "segments_dtype": "uint8",
        "segments_shape": list(seg.shape), "hide_colors": hide,
        "show_boundaries": True, "overlay_opacity": 0.55, "top_k": 5,
    }


def tiles():
    h, w = 16, 24
    seg = np.zeros((h, w), np.int32)
    seg[:, 8:16] = 1
    seg[:, 16:] = 2
    seg[8:, :] += 3
    colours = [(230, 57, 70), (241, 250, 238), (168, 218, 220), (69, 123, 157), (29, 53, 87), (255, 183, 3)]
    img = np.zeros((h, w, 3), np.uint8)
    for j, c in enumerate(colours):
        img[seg == j] = c
    img[3:5, 3:21] = (20, 20, 20)  # a dark bar across the top row of tiles
    wt = [0.41, 0.12, -0.08, -0.33, 0.05, 0.27]
    ids, lens = rle(seg)
    return {
        "kind": "image", "mode": "regression", "class_names": ["brightness"], "labels": [0], "label": 0,
        "feature_names": [f"superpixel {j}" for j in range(6)],
        "weights": {"0": wt}, "selected": {"0": sorted(range(6), key=lambda j: -abs(wt[j]))},
        "intercept": {"0": 0.19}, "local_pred": {"0": round(0.19 + sum(wt), 4)}, "score": {"0": 0.88},
        "proba": [0.63], "value_range": [0.05, 0.95], "num_features": 6, "num_samples": 200, "seed": 3,
        "model_stats": {"calls": 2, "rows": 200, "seconds": 0.02}, "off": [],
        "counterfactual": {"off": [], "proba": [0.63], "error": None, "input": None},
        "image_png": png_b64(img), "segments_rle": [ids, lens], "segments_dtype": "uint16",
        "segments_shape": [h, w], "hide_colors": [[0, 0, 0]] * 6,
        "show_boundaries": False, "overlay_opacity": 0.5, "top_k": 2,
    }


HEAD = """// Generated by dev/make_image_fixtures.py: image-view states shaped as in PROTOCOL.md.
// Classic script; adds LW_FIXTURES.chelsea / .tiles (segments expanded from run lengths into
// the protocol's bytes: base64 of little-endian ints, as in saved JSON state).
(function (root) {
  const STATES = """

TAIL = """;
  const SIZE = { uint8: 1, uint16: 2, int32: 4 };
  function expand(st) {
    const [ids, lens] = st.segments_rle;
    const size = SIZE[st.segments_dtype];
    const n = st.segments_shape[0] * st.segments_shape[1];
    const bytes = new Uint8Array(n * size);
    const dv = new DataView(bytes.buffer);
    let i = 0;
    ids.forEach((id, r) => {
      for (let k = 0; k < lens[r]; k++, i++) {
        if (size === 1) dv.setUint8(i, id);
        else if (size === 2) dv.setUint16(i * 2, id, true);
        else dv.setInt32(i * 4, id, true);
      }
    });
    let s = "";
    for (let k = 0; k < bytes.length; k++) s += String.fromCharCode(bytes[k]);
    const out = { ...st, segments: btoa(s) };
    delete out.segments_rle;
    return out;
  }
  root.LW_FIXTURES = root.LW_FIXTURES || {};
  for (const [k, st] of Object.entries(STATES)) root.LW_FIXTURES[k] = expand(st);
})(globalThis);
"""

if __name__ == "__main__":
    states = {"chelsea": chelsea(), "tiles": tiles()}
    text = HEAD + json.dumps(states, separators=(",", ":")) + TAIL
    (HERE / "fixtures-image.js").write_text(text, encoding="ascii")
    print("fixtures-image.js", len(text) // 1024, "KB;", "chelsea superpixels:", len(states["chelsea"]["feature_names"]))
