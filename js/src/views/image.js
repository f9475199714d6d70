// Image view: the picture on a canvas with a heat overlay per superpixel; click (or Space/Enter
// on the focused canvas) toggles a superpixel; a controls row edits the whole mask. Composes the
// shared panels. Pixel work is in ../pixels.js (pure, tested without a canvas).
import { h, setAttr, setDisabled, setStyle, setText, stepIndex } from "../dom.js";
import { fmtWeight } from "../format.js";
import { PALETTE, OVERLAY } from "../palette.js";
import {
  toBytes, decodeSegments, boundaries, composite, clientToPixel, segmentAt, keepTopOff, invertOff, parseTriple,
  superpixelBoxes, superpixelThumb,
} from "../pixels.js";
import { weightChart, direction } from "../components/weights.js";
import { resetButton, viewLayout } from "../components/layout.js";
import { scaleLegend } from "../components/legend.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Model} Model
 * @typedef {{ iw: number, ih: number, n: number, nFeat: number, seg: Int32Array, edges: Uint8Array, hide: number[][] }} Geometry
 * @typedef {{ bounds: boolean, opacity: number, k: number }} Settings
 */

export const NOUN = { one: "superpixel", many: "superpixels" };
const MAX_W = 400; // display box of the picture (CSS px)
const THUMB = 28; // thumbnails naming superpixels (CSS px)
const MAX_H = 420;

/** Decode PNG bytes to RGBA pixels of size w x h (async; needs a 2D canvas).
 * @param {Ctx} ctx @param {Uint8Array} bytes @param {number} w @param {number} h
 * @returns {Promise<Uint8ClampedArray>} */
export async function decodePng(ctx, bytes, w, h) {
  const blob = new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)], { type: "image/png" });
  /** @type {ImageBitmap | HTMLImageElement} */
  let src;
  if (typeof createImageBitmap === "function") {
    src = await createImageBitmap(blob, { premultiplyAlpha: "none", colorSpaceConversion: "none" });
  } else {
    const url = URL.createObjectURL(blob);
    ctx.onDispose(() => URL.revokeObjectURL(url));
    const img = new Image();
    await new Promise((ok, fail) => {
      ctx.listen(img, "load", ok);
      ctx.listen(img, "error", fail);
      img.src = url;
    });
    URL.revokeObjectURL(url);
    src = img;
  }
  const c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  const g = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d", { willReadFrequently: true }));
  g.drawImage(src, 0, 0, w, h);
  if ("close" in src) src.close();
  return /** @type {Uint8ClampedArray} */ (g.getImageData(0, 0, w, h).data);
}

/** Thumbnail canvases naming superpixels (in the chart's rows and the note), painted once the image is
 * decoded (grey until then, or where no 2D canvas exists). @param {Geometry} geo */
function thumbnails(geo) {
  const boxes = superpixelBoxes(geo.seg, geo.iw, geo.ih, geo.nFeat);
  /** @type {Set<{ c: HTMLCanvasElement, j: number }>} */
  const made = new Set();
  /** @type {Uint8ClampedArray | null} */
  let pixels = null;
  /** @param {{ c: HTMLCanvasElement, j: number }} t */
  const paint = (t) => {
    const box = boxes[t.j];
    const g = pixels && box ? context2d(t.c) : null;
    if (!g || !pixels || !box) return;
    const th = superpixelThumb(pixels, geo.seg, geo.iw, box, t.j, THUMB);
    t.c.width = th.w;
    t.c.height = th.h;
    g.putImageData(new ImageData(/** @type {Uint8ClampedArray<ArrayBuffer>} */ (th.data), th.w, th.h), 0, 0);
  };
  return {
    /** @param {number} j @returns {HTMLCanvasElement | null} */
    make(j) {
      if (!boxes[j]) return null;
      const c = /** @type {HTMLCanvasElement} */ (h("canvas", { class: "lw-thumb", "aria-hidden": "true" }));
      c.width = c.height = THUMB;
      const t = { c, j };
      for (const old of made) if (!old.c.isConnected) made.delete(old); // rows rebuilt: forget the old ones
      made.add(t);
      paint(t);
      return c;
    },
    /** @param {Uint8ClampedArray} px */
    setPixels(px) {
      pixels = px;
      for (const t of made) paint(t);
    },
  };
}

/** @param {unknown} v @param {number} dflt */
const num = (v, dflt) => (Number.isFinite(Number(v)) && v !== null && v !== "" ? Number(v) : dflt);

/** The picture's size, label map and hide colours, from the traits. @param {Model} model @param {Frame} d @returns {Geometry} */
function geometry(model, d) {
  const shape = model.get("segments_shape") || [];
  const [ih, iw] = [0, 1].map((i) => Math.max(0, Math.floor(Number(shape[i]) || 0)));
  const n = ih * iw;
  const seg = decodeSegments(model.get("segments"), model.get("segments_dtype"), n);
  return { iw, ih, n, nFeat: d.featureNames.length, seg, edges: boundaries(seg, iw, ih), hide: model.get("hide_colors") || [] };
}

/** The view settings the image traits hold (defaults when missing). @param {Model} model @returns {Settings} */
function settingsOf(model) {
  return {
    bounds: model.get("show_boundaries") !== false,
    opacity: Math.max(0, Math.min(1, num(model.get("overlay_opacity"), 0.6))),
    k: Math.max(1, Math.round(num(model.get("top_k"), 5))),
  };
}

/** Weights of the selected features of the label, 0 for the others. @param {Frame} d */
const weightsOf = (d) => {
  const sel = new Set(d.selected);
  return d.featureNames.map((_, j) => (sel.has(j) ? Number(d.weights[j]) || 0 : 0));
};

/** The note under the picture: what superpixel j does (j < 0: the general hint). @param {Frame} d @param {number} j */
function describe(d, j) {
  if (j < 0) {
    return d.off.length
      ? "Removed superpixels show their hide colour \u2014 what the model sees."
      : "Click a superpixel to remove it (it takes its hide colour, as the model sees it).";
  }
  const sel = d.selected.includes(j);
  const w = sel ? Number(d.weights[j]) || 0 : 0;
  const target = d.target;
  const dir = direction(d, w);
  const what = sel ? `${fmtWeight(w)} ${dir} ${target}` : "not selected (weight 0)";
  return `${d.featureName(j)}: ${what}${d.offSet.has(j) ? " \u2014 removed, click to restore" : " \u2014 click to remove"}`;
}

/** A 2D context of the canvas, or null (happy-dom, or no canvas support). @param {HTMLCanvasElement} canvas */
function context2d(canvas) {
  try {
    return canvas.getContext ? canvas.getContext("2d") : null;
  } catch {
    return null;
  }
}

/**
 * The picture: a canvas painted from the PNG, the mask and the overlay, a note under it, and the
 * lit superpixel (hovered, or keyboard-focused). `onLight(j)` tells the chart which one is lit.
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} d @param {Geometry} geo @param {(j: number) => void} onLight
 * @param {ReturnType<typeof thumbnails>} thumbs
 */
function picture(ctx, actions, d, geo, onLight, thumbs) {
  const { iw, ih, n, seg, edges, hide } = geo;
  const scale = iw && ih ? Math.min(MAX_W / iw, MAX_H / ih) : 1;
  const canvas = h("canvas", {
    class: "lw-canvas" + (scale >= 2.5 ? " lw-pix" : ""), tabindex: "0", role: "application",
    "aria-label": "Image. Click a superpixel to remove it; arrow keys pick a superpixel, Space or Enter toggles it",
  });
  canvas.width = iw;
  canvas.height = ih;
  setStyle(canvas, "width", Math.round(iw * scale) + "px");
  const g = context2d(canvas);
  const noteText = h("span");
  const noteThumb = h("span", { class: "lw-thumbslot", "aria-hidden": "true" });
  const note = h("div", { class: "lw-imgnote", role: "status", "aria-live": "polite" }, noteThumb, noteText);
  /** @param {number} j */
  const say = (j) => {
    setText(noteText, describe(state.last, j));
    noteThumb.replaceChildren(...(j >= 0 ? [thumbs.make(j)].filter((x) => x !== null) : []));
  };
  const state = { rgba: /** @type {Uint8ClampedArray} */ (new Uint8ClampedArray(n * 4).fill(160)), painted: /** @type {string | null} */ (null), last: d,
    hovered: -1, cursor: -1, focused: false }; // grey until the PNG is decoded
  const lit = () => (state.hovered >= 0 ? state.hovered : state.focused ? state.cursor : -1);

  /** @param {Frame} d */
  function paint(d) {
    if (!g || !n) return;
    const s = settingsOf(ctx.model);
    const cs = getComputedStyle(canvas);
    const pal = {
      pos: parseTriple(cs.getPropertyValue("--lw-pos"), PALETTE.light.pos),
      neg: parseTriple(cs.getPropertyValue("--lw-neg"), PALETTE.light.neg),
      line: OVERLAY.boundary, lineAlpha: OVERLAY.boundaryAlpha, hi: OVERLAY.hover,
    };
    const key = [d.label, d.off.join(","), s.bounds, s.opacity, lit(), pal.pos, pal.neg, d.selected.join(",")].join("|");
    if (key === state.painted) return;
    state.painted = key;
    const out = composite(state.rgba, seg, d.offSet, hide, weightsOf(d), s.opacity, s.bounds ? edges : null, pal, lit(), edges);
    g.putImageData(new ImageData(/** @type {Uint8ClampedArray<ArrayBuffer>} */ (out), iw, ih), 0, 0);
  }
  const relight = () => {
    onLight(lit());
    say(lit());
    paint(state.last);
  };
  const bytes = toBytes(ctx.model.get("image_png"));
  if (g && n && bytes.length) {
    decodePng(ctx, bytes, iw, ih).then(
      (px) => {
        if (ctx.disposed) return;
        state.rgba = px;
        state.painted = null;
        thumbs.setPixels(px);
        paint(state.last);
      },
      () => {
        if (!ctx.disposed) setText(noteText, "The image could not be decoded.");
      },
    );
  }
  canvasInput(ctx, actions, canvas, geo, state, relight);
  return {
    canvas, note,
    /** Light superpixel j from outside (the chart), -1 for none. @param {number} j */
    hover(j) {
      if (j === state.hovered) return;
      state.hovered = j;
      relight();
    },
    /** @param {Frame} d */
    update(d) {
      state.last = d;
      say(lit());
      paint(d);
    },
  };
}

/**
 * Mouse and keyboard on the canvas: click / Space / Enter toggle, hover and arrows light.
 * @param {Ctx} ctx @param {Actions} actions @param {HTMLCanvasElement} canvas @param {Geometry} geo
 * @param {{ last: Frame, hovered: number, cursor: number, focused: boolean }} state @param {() => void} relight
 */
function canvasInput(ctx, actions, canvas, geo, state, relight) {
  const { iw, ih, nFeat, seg } = geo;
  // keyboard order: by |weight| for the selected label, then the rest by id
  const order = () => {
    const w = weightsOf(state.last);
    return w.map((x, j) => j).sort((a, b) => Math.abs(w[b]) - Math.abs(w[a]) || a - b);
  };
  /** @param {MouseEvent} e */
  const idAt = (e) => {
    const p = clientToPixel(e.clientX, e.clientY, canvas.getBoundingClientRect(), iw, ih);
    const j = p ? segmentAt(seg, iw, ih, p.x, p.y) : -1;
    return j >= 0 && j < nFeat ? j : -1;
  };
  ctx.listen(canvas, "click", (/** @type {MouseEvent} */ e) => {
    const j = idAt(e);
    if (j >= 0) {
      state.cursor = j;
      actions.toggle(j);
    }
  });
  ctx.listen(canvas, "mousemove", (/** @type {MouseEvent} */ e) => {
    const next = idAt(e);
    if (next !== state.hovered) {
      state.hovered = next;
      relight();
    }
  });
  ctx.listen(canvas, "mouseleave", () => {
    state.hovered = -1;
    relight();
  });
  ctx.listen(canvas, "focus", () => {
    // the focused superpixel is lit for keyboard focus only (not after a mouse click)
    let kb;
    try {
      kb = canvas.matches(":focus-visible");
    } catch {
      kb = true;
    }
    if (!kb) return;
    state.focused = true;
    if (state.cursor < 0) state.cursor = order()[0] ?? -1;
    relight();
  });
  ctx.listen(canvas, "blur", () => {
    state.focused = false;
    relight();
  });
  ctx.listen(canvas, "keydown", (/** @type {KeyboardEvent} */ e) => {
    const ids = order();
    if (!ids.length) return;
    if (e.key === " " || e.key === "Enter" || e.key === "Spacebar") {
      e.preventDefault();
      if (state.cursor < 0) state.cursor = ids[0];
      state.focused = true;
      actions.toggle(state.cursor);
      return;
    }
    const k = stepIndex(e.key, Math.max(0, ids.indexOf(state.cursor)), ids.length);
    if (k >= 0) {
      e.preventDefault();
      state.focused = true;
      state.cursor = ids[k];
      relight();
    }
  });
}

/**
 * The controls, two rows that look the same at any width: what the picture shows (boundaries,
 * overlay), then what the model sees (keep top k +/-, invert, reset); a row too narrow wraps
 * between its groups.
 * @param {Ctx} ctx @param {Actions} actions @param {number} nFeat @param {() => Frame} current
 */
function maskControls(ctx, actions, nFeat, current) {
  const model = ctx.model;
  const bnd = h("input", { type: "checkbox" });
  ctx.listen(bnd, "change", () => actions.setTrait("show_boundaries", !!bnd.checked));
  const op = h("input", { type: "range", class: "lw-range", min: 0, max: 1, step: 0.05, "aria-label": "Overlay opacity" });
  ctx.listen(op, "input", () => actions.setTrait("overlay_opacity", Number(op.value), false));
  ctx.listen(op, "change", () => actions.setTrait("overlay_opacity", Number(op.value)));
  const kIn = h("input", { type: "number", class: "lw-num", min: 1, max: Math.max(1, nFeat), step: 1, "aria-label": "k" });
  const readK = () => {
    const k = Math.max(1, Math.min(Math.max(1, nFeat), Math.round(num(kIn.value, settingsOf(model).k))));
    if (k !== Number(model.get("top_k"))) actions.setTrait("top_k", k);
    return k;
  };
  ctx.listen(kIn, "change", readK);
  /** @param {string} cls @param {string} text @param {() => void} fn */
  const btn = (cls, text, fn) => {
    const b = h("button", { type: "button", class: "lw-btn " + cls, text });
    ctx.listen(b, "click", fn);
    return b;
  };
  const keepPos = btn("lw-keep-pos", "", () => actions.setOff(keepTopOff(weightsOf(current()), nFeat, readK(), 1)));
  const keepNeg = btn("lw-keep-neg", "", () => actions.setOff(keepTopOff(weightsOf(current()), nFeat, readK(), -1)));
  const invert = btn("lw-invert", "Invert", () => actions.setOff(invertOff(current().off, nFeat)));
  const reset = resetButton(ctx, actions, "Put every superpixel back");
  setAttr(invert, "title", "Remove the superpixels that are on and restore the removed ones");
  /** @param {string} cls @param {string} label @param {...HTMLElement} groups */
  const row = (cls, label, ...groups) => h("div", { class: "lw-ctl-row " + cls, role: "group", "aria-label": label }, ...groups);
  const root = h("div", { class: "lw-ctls" },
    row("lw-ctl-show", "Display",
      h("label", { class: "lw-ctl", title: "Draw superpixel boundaries" }, bnd, "boundaries"),
      h("label", { class: "lw-ctl", title: "Opacity of the weight overlay" }, "overlay", op)),
    row("lw-ctl-mask", "Superpixels the model sees",
      h("span", { class: "lw-ctl lw-ctl-k" }, h("label", { class: "lw-ctl" }, "k", kIn), keepPos, keepNeg),
      h("span", { class: "lw-ctl lw-ctl-edit" }, invert, reset)));
  return {
    root,
    /** @param {Frame} d */
    update(d) {
      const s = settingsOf(model);
      bnd.checked = s.bounds;
      if (Number(op.value) !== s.opacity) op.value = String(s.opacity);
      if (document.activeElement !== kIn && kIn.value !== String(s.k)) kIn.value = String(s.k);
      const cls = d.target;
      const pos = d.regression ? "raise" : "push towards";
      const neg = d.regression ? "lower" : "push against";
      setText(keepPos, `Keep top ${s.k} +`);
      setText(keepNeg, `Keep top ${s.k} \u2212`);
      setAttr(keepPos, "title", `Remove every superpixel except the ${s.k} that most ${pos} ${cls}`);
      setAttr(keepNeg, "title", `Remove every superpixel except the ${s.k} that most ${neg} ${cls}`);
      setDisabled(reset, d.off.length === 0, invert);
    },
  };
}

/** @type {import("../types.js").Builder} */
export function imageView(ctx, actions, d) {
  const geo = geometry(ctx.model, d);
  let last = d;
  const thumbs = thumbnails(geo);
  const chart = weightChart(ctx, actions, d, NOUN, thumbs.make);
  const pic = picture(ctx, actions, d, geo, (j) => chart.hover(j), thumbs);
  const legend = scaleLegend();
  const controls = maskControls(ctx, actions, geo.nFeat, () => last);

  // the chart lights its superpixel on the picture (hover or keyboard focus on a bar)
  /** @param {Event} e */
  const rowId = (e) => {
    const t = /** @type {Element | null} */ (e.target);
    const r = t && t.closest ? t.closest(".lw-wrow") : null;
    return r ? Number(r.getAttribute("data-fid")) : -1;
  };
  ctx.listen(chart.root, "mouseover", (e) => pic.hover(rowId(e)));
  ctx.listen(chart.root, "mouseleave", () => pic.hover(-1));
  ctx.listen(chart.root, "focusin", (e) => pic.hover(rowId(e)));
  ctx.listen(chart.root, "focusout", () => pic.hover(-1));

  const frame = viewLayout(ctx, actions, "image", d, {
    noun: NOUN, chart,
    inputCard: h("section", { class: "lw-card lw-doccard lw-imgcard" }, h("div", { class: "lw-imgbox" }, pic.canvas), pic.note, legend.root, controls.root),
  });
  return {
    root: frame.root,
    update(d) {
      last = d;
      frame.update(d);
      legend.update(d);
      chart.update(d);
      controls.update(d);
      pic.update(d);
    },
  };
}
