// Image view: the picture on a canvas with a heat overlay per superpixel; click (or Space/Enter
// on the focused canvas) toggles a superpixel; a controls row edits the whole mask. Composes the
// shared panels. Pixel work is in ../pixels.js (pure, tested without a canvas).
import { h, setAttr, setDisabled, setStyle, setText, stepIndex, toggleClass } from "../dom.js";
import { fmtWeight } from "../format.js";
import { PALETTE } from "../palette.js";
import {
  toBytes, decodeSegments, boundaries, composite, clientToPixel, segmentAt, keepTopOff, invertOff, parseTriple,
} from "../pixels.js";
import { weightChart } from "../components/weights.js";
import { resetButton, viewLayout } from "../components/layout.js";
import { scaleLegend } from "../components/legend.js";

const NOUN = { one: "superpixel", many: "superpixels" };
const MAX_W = 400; // display box of the picture (CSS px)
const MAX_H = 420;
const LINE = [255, 221, 0]; // superpixel boundaries: yellow, as skimage's mark_boundaries
const LINE_ALPHA = 0.6;
const HI = [255, 255, 255]; // the hovered / focused superpixel's edge

/** Decode PNG bytes to RGBA pixels of size w x h (async; needs a 2D canvas). */
export async function decodePng(ctx, bytes, w, h) {
  const blob = new Blob([bytes], { type: "image/png" });
  let src;
  if (typeof createImageBitmap === "function") {
    src = await createImageBitmap(blob, { premultiplyAlpha: "none", colorSpaceConversion: "none" });
  } else {
    const url = URL.createObjectURL(blob);
    ctx.onDispose(() => URL.revokeObjectURL(url));
    src = new Image();
    await new Promise((ok, fail) => {
      ctx.listen(src, "load", ok);
      ctx.listen(src, "error", fail);
      src.src = url;
    });
    URL.revokeObjectURL(url);
  }
  const c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  const g = c.getContext("2d", { willReadFrequently: true });
  g.drawImage(src, 0, 0, w, h);
  if (src.close) src.close();
  return g.getImageData(0, 0, w, h).data;
}

const num = (v, dflt) => (Number.isFinite(Number(v)) && v !== null && v !== "" ? Number(v) : dflt);

export function imageView(ctx, actions, d) {
  const model = ctx.model;
  const shape = model.get("segments_shape") || [];
  const [ih, iw] = [0, 1].map((i) => Math.max(0, Math.floor(Number(shape[i]) || 0)));
  const n = ih * iw;
  const nFeat = d.featureNames.length;
  const seg = decodeSegments(model.get("segments"), model.get("segments_dtype"), n);
  const edges = boundaries(seg, iw, ih);
  const hide = model.get("hide_colors") || [];
  const base = new Uint8ClampedArray(n * 4).fill(160); // grey until the PNG is decoded

  // the picture
  const scale = iw && ih ? Math.min(MAX_W / iw, MAX_H / ih) : 1;
  const canvas = h("canvas", {
    class: "lw-canvas" + (scale >= 2.5 ? " lw-pix" : ""), tabindex: "0", role: "application",
    "aria-label": "Image. Click a superpixel to remove it; arrow keys pick a superpixel, Space or Enter toggles it",
  });
  canvas.width = iw;
  canvas.height = ih;
  setStyle(canvas, "width", Math.round(iw * scale) + "px");
  let g = null;
  try {
    g = canvas.getContext ? canvas.getContext("2d") : null;
  } catch (e) {
    g = null;
  }
  const note = h("div", { class: "lw-imgnote", role: "status", "aria-live": "polite" });

  let rgba = base;
  let painted = null;
  let last = d;
  let hovered = -1; // superpixel under the mouse
  let cursor = -1; // keyboard-focused superpixel
  let focused = false;
  const bytes = toBytes(model.get("image_png"));
  if (g && n && bytes.length) {
    decodePng(ctx, bytes, iw, ih).then(
      (px) => {
        if (ctx.disposed) return;
        rgba = px;
        painted = null;
        paint(last);
      },
      () => {
        if (!ctx.disposed) setText(note, "The image could not be decoded.");
      },
    );
  }

  const weightsOf = (d) => {
    const sel = new Set(d.selected);
    return d.featureNames.map((_, j) => (sel.has(j) ? Number(d.weights[j]) || 0 : 0));
  };
  const settings = () => ({
    bounds: model.get("show_boundaries") !== false,
    opacity: Math.max(0, Math.min(1, num(model.get("overlay_opacity"), 0.5))),
    k: Math.max(1, Math.round(num(model.get("top_k"), 5))),
  });
  const lit = () => (hovered >= 0 ? hovered : focused ? cursor : -1);

  function paint(d) {
    if (!g || !n) return;
    const s = settings();
    const cs = getComputedStyle(root);
    const theme = PALETTE.light;
    const pal = {
      pos: parseTriple(cs.getPropertyValue("--lw-pos"), theme.pos),
      neg: parseTriple(cs.getPropertyValue("--lw-neg"), theme.neg),
      line: LINE,
      lineAlpha: LINE_ALPHA,
      hi: HI,
    };
    const key = [d.label, d.off.join(","), s.bounds, s.opacity, lit(), pal.pos, pal.neg, d.selected.join(",")].join("|");
    if (key === painted) return;
    painted = key;
    const out = composite(rgba, seg, d.offSet, hide, weightsOf(d), s.opacity, s.bounds ? edges : null, pal, lit(), edges);
    g.putImageData(new ImageData(out, iw, ih), 0, 0);
  }

  function describe(d, j) {
    if (j < 0) {
      return d.off.length
        ? "Removed superpixels show their hide colour \u2014 what the model sees."
        : "Click a superpixel to remove it (it takes its hide colour, as the model sees it).";
    }
    const sel = d.selected.includes(j);
    const w = sel ? Number(d.weights[j]) || 0 : 0;
    const target = d.regression ? "the prediction" : `\u201c${d.className(d.label)}\u201d`;
    const dir = d.regression ? (w >= 0 ? "raises" : "lowers") : w >= 0 ? "towards" : "against";
    const what = sel ? `${fmtWeight(w)} ${dir} ${target}` : "not selected (weight 0)";
    return `${d.featureName(j)}: ${what}${d.offSet.has(j) ? " \u2014 removed, click to restore" : " \u2014 click to remove"}`;
  }
  const showNote = () => setText(note, describe(last, lit()));

  // keyboard order: by |weight| for the selected label, then the rest by id
  const order = () => {
    const w = weightsOf(last);
    return w.map((x, j) => j).sort((a, b) => Math.abs(w[b]) - Math.abs(w[a]) || a - b);
  };
  const idAt = (e) => {
    const p = clientToPixel(e.clientX, e.clientY, canvas.getBoundingClientRect(), iw, ih);
    return p ? segmentAt(seg, iw, ih, p.x, p.y) : -1;
  };
  const relight = () => {
    chart.hover(lit());
    showNote();
    paint(last);
  };

  ctx.listen(canvas, "click", (e) => {
    const j = idAt(e);
    if (j >= 0 && j < nFeat) {
      cursor = j;
      actions.toggle(j);
    }
  });
  ctx.listen(canvas, "mousemove", (e) => {
    const j = idAt(e);
    const next = j >= 0 && j < nFeat ? j : -1;
    if (next !== hovered) {
      hovered = next;
      relight();
    }
  });
  ctx.listen(canvas, "mouseleave", () => {
    hovered = -1;
    relight();
  });
  ctx.listen(canvas, "focus", () => {
    // the focused superpixel is lit for keyboard focus only (not after a mouse click)
    let kb = true;
    try {
      kb = canvas.matches(":focus-visible");
    } catch (e) {
      kb = true;
    }
    if (!kb) return;
    focused = true;
    if (cursor < 0) cursor = order()[0] ?? -1;
    relight();
  });
  ctx.listen(canvas, "blur", () => {
    focused = false;
    relight();
  });
  ctx.listen(canvas, "keydown", (e) => {
    const ids = order();
    if (!ids.length) return;
    if (e.key === " " || e.key === "Enter" || e.key === "Spacebar") {
      e.preventDefault();
      if (cursor < 0) cursor = ids[0];
      focused = true;
      actions.toggle(cursor);
      return;
    }
    const k = stepIndex(e.key, Math.max(0, ids.indexOf(cursor)), ids.length);
    if (k >= 0) {
      e.preventDefault();
      focused = true;
      cursor = ids[k];
      relight();
    }
  });

  const chart = weightChart(ctx, actions, d, NOUN);
  const legend = scaleLegend();

  // the chart lights its superpixel on the picture (hover or keyboard focus on a bar)
  const rowId = (e) => {
    const r = e.target && e.target.closest ? e.target.closest(".lw-wrow") : null;
    return r ? Number(r.getAttribute("data-fid")) : -1;
  };
  const fromChart = (j) => {
    if (j !== hovered) {
      hovered = j;
      relight();
    }
  };
  ctx.listen(chart.root, "mouseover", (e) => fromChart(rowId(e)));
  ctx.listen(chart.root, "mouseleave", () => fromChart(-1));
  ctx.listen(chart.root, "focusin", (e) => fromChart(rowId(e)));
  ctx.listen(chart.root, "focusout", () => fromChart(-1));

  // controls row
  const bnd = h("input", { type: "checkbox" });
  ctx.listen(bnd, "change", () => actions.setTrait("show_boundaries", !!bnd.checked));
  const op = h("input", { type: "range", class: "lw-range", min: 0, max: 1, step: 0.05, "aria-label": "Overlay opacity" });
  ctx.listen(op, "input", () => actions.setTrait("overlay_opacity", Number(op.value), false));
  ctx.listen(op, "change", () => actions.setTrait("overlay_opacity", Number(op.value)));
  const kIn = h("input", { type: "number", class: "lw-num", min: 1, max: Math.max(1, nFeat), step: 1, "aria-label": "k" });
  const readK = () => {
    const k = Math.max(1, Math.min(Math.max(1, nFeat), Math.round(num(kIn.value, settings().k))));
    if (k !== Number(model.get("top_k"))) actions.setTrait("top_k", k);
    return k;
  };
  ctx.listen(kIn, "change", readK);
  const btn = (cls, text, fn) => {
    const b = h("button", { type: "button", class: "lw-btn " + cls, text });
    ctx.listen(b, "click", fn);
    return b;
  };
  const keepPos = btn("lw-keep-pos", "", () => actions.setOff(keepTopOff(weightsOf(last), nFeat, readK(), 1)));
  const keepNeg = btn("lw-keep-neg", "", () => actions.setOff(keepTopOff(weightsOf(last), nFeat, readK(), -1)));
  const invert = btn("lw-invert", "Invert", () => actions.setOff(invertOff(last.off, nFeat)));
  const reset = resetButton(ctx, actions, "Put every superpixel back");
  setAttr(invert, "title", "Remove the superpixels that are on and restore the removed ones");
  // two rows that look the same at any width: what the picture shows (boundaries, overlay), then
  // what the model sees (keep top k +/-, invert, reset); a row too narrow wraps between its groups
  const row = (cls, label, ...groups) => h("div", { class: "lw-ctl-row " + cls, role: "group", "aria-label": label }, ...groups);
  const controls = h("div", { class: "lw-ctls" },
    row("lw-ctl-show", "Display",
      h("label", { class: "lw-ctl", title: "Draw superpixel boundaries" }, bnd, "boundaries"),
      h("label", { class: "lw-ctl", title: "Opacity of the weight overlay" }, "overlay", op)),
    row("lw-ctl-mask", "Superpixels the model sees",
      h("span", { class: "lw-ctl lw-ctl-k" }, h("label", { class: "lw-ctl" }, "k", kIn), keepPos, keepNeg),
      h("span", { class: "lw-ctl lw-ctl-edit" }, invert, reset)));

  const frame = viewLayout(ctx, actions, "image", d, {
    noun: NOUN, chart,
    inputCard: h("section", { class: "lw-card lw-doccard lw-imgcard" }, h("div", { class: "lw-imgbox" }, canvas), note, legend.root, controls),
  });
  const root = frame.root;

  return {
    root,
    update(d) {
      last = d;
      frame.update(d);
      legend.update(d);
      chart.update(d);
      const s = settings();
      bnd.checked = s.bounds;
      if (Number(op.value) !== s.opacity) op.value = String(s.opacity);
      if (document.activeElement !== kIn && kIn.value !== String(s.k)) kIn.value = String(s.k);
      const cls = d.regression ? "the prediction" : `\u201c${d.className(d.label)}\u201d`;
      const pos = d.regression ? "raise" : "push towards";
      const neg = d.regression ? "lower" : "push against";
      setText(keepPos, `Keep top ${s.k} +`);
      setText(keepNeg, `Keep top ${s.k} \u2212`);
      setAttr(keepPos, "title", `Remove every superpixel except the ${s.k} that most ${pos} ${cls}`);
      setAttr(keepNeg, "title", `Remove every superpixel except the ${s.k} that most ${neg} ${cls}`);
      setDisabled(reset, d.off.length === 0, invert);
      showNote();
      paint(d);
    },
  };
}
