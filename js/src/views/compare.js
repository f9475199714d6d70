// Compare view: one instance, 2 to 4 models explained on the same sampled rows. The instance is shown
// once by its domain's own input piece (the text document, the image canvas, the feature table),
// coloured by the weights of the model picked in "Colour by", with the union of the models' top
// features marked; per model a card with its answer (original / now / surrogate estimate and the gap),
// its weight chart and its fit; the models' agreement above. A click switches a feature off for every
// model (the one `off` trait); each model's answer arrives in `answers[i]`.
import { derive, textNoun } from "../core.js";
import { h, setAttr, setDisabled, setText, stepIndex, toggleClass } from "../dom.js";
import { fmtSigned } from "../format.js";
import { PALETTE } from "../palette.js";
import { toBytes, decodeSegments, boundaries, composite, clientToPixel, segmentAt, parseTriple } from "../pixels.js";
import { classPicker } from "../components/picker.js";
import { probPanel } from "../components/probs.js";
import { fitPanel } from "../components/fit.js";
import { errorBox } from "../components/status.js";
import { weightChart, topFeatures } from "../components/weights.js";
import { resetButton } from "../components/layout.js";
import { scaleLegend } from "../components/legend.js";
import { textDocument } from "./text.js";
import { featureTable, NOUN as TABULAR_NOUN } from "./tabular.js";
import { decodePng, NOUN as IMAGE_NOUN } from "./image.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Noun} Noun
 * @typedef {import("../types.js").State} State
 * @typedef {import("../types.js").TraitReader} TraitReader
 * @typedef {import("../state.gen").CompareState} CompareState
 * @typedef {CompareState["agreement"][string][number]} AgreementRow  one pair of models
 * @typedef {"offline" | "current" | "pending" | "timeout"} CompareStatus  where the whole view stands
 * @typedef {{ root: HTMLElement, update: (d: Frame, marked: Set<number>) => void }} InputPiece
 *   the instance, coloured by frame `d`, the features in `marked` outlined
 */

/** How the input's features are named, as the single views name them (text: from the instance's `noun`).
 * @type {Record<string, Noun>} */
const NOUNS = { image: IMAGE_NOUN, tabular: TABULAR_NOUN };

/**
 * Model `i` of the compare state seen as a single explanation view's traits: its own weights,
 * probabilities and fit, its answer as `counterfactual`, the domain's traits from `instance`, the
 * shared ones (off, edits, label, ...) from the compare view. `derive` reads it as it reads a view.
 * @param {TraitReader} parent
 * @param {number} i
 * @returns {TraitReader}
 */
export function modelTraits(parent, i) {
  return {
    /** @template {keyof State} K @param {K} name @returns {State[K]} */
    get(name) {
      return /** @type {State[K]} */ (modelTrait(parent, i, name));
    },
  };
}

/**
 * One trait of model `i` (see modelTraits): whatever the compare state holds under that name.
 * @param {TraitReader} parent @param {number} i @param {keyof State} name
 * @returns {unknown}
 */
function modelTrait(parent, i, name) {
  if (name === "kind") return parent.get("domain");
  const answer = (parent.get("answers") || [])[i] || null;
  if (name === "counterfactual") return answer;
  /** @type {Partial<CompareState["models"][number]>} */
  const entry = (parent.get("models") || [])[i] || {};
  if (name === "model_stats") return (answer && answer.model_stats) || entry.model_stats || null;
  if (name in entry) return /** @type {Record<string, unknown>} */ (entry)[name];
  const v = parent.get(name);
  if (v !== undefined) return v;
  return /** @type {State} */ (parent.get("instance") || {})[name];
}

/**
 * Where the whole view stands: "offline", "current" (every model answered, or failed, for this
 * request; also when nothing is off), "pending" or "timeout".
 * @param {Frame[]} ds  one derived frame per model
 * @returns {CompareStatus}
 */
export function compareState(ds) {
  if (ds.some((d) => d.offline)) return "offline";
  if (ds.some((d) => d.now.kind === "timeout")) return "timeout";
  if (ds.some((d) => d.now.kind === "pending")) return "pending";
  return "current";
}

/**
 * The union of every model's top `k` features for the selected label.
 * @param {Frame[]} ds
 * @param {number} k
 * @returns {Set<number>}
 */
export function unionTop(ds, k) {
  const out = new Set();
  for (const d of ds) for (const j of topFeatures(d.selected, d.weights, k)) out.add(j);
  return out;
}

/** One line per pair of models: Spearman correlation and top-k overlap for the selected label. */
function agreementCard() {
  const list = h("div", { class: "lw-cmp-agree-l" });
  const root = h("section", { class: "lw-card lw-cmp-agree" }, h("h3", { class: "lw-h", text: "Do the explanations agree?" }), list);
  /** @type {number | null} */
  let shown = null;
  return {
    root,
    /** @param {AgreementRow[] | undefined} rows  of the selected label @param {number} label */
    update(rows, label) {
      if (shown === label) return;
      shown = label;
      list.replaceChildren();
      for (const r of rows || []) {
        const rho = r.spearman === null || r.spearman === undefined ? "\u2013" : fmtSigned(r.spearman, 2);
        const shared = Math.round(Number(r.overlap) * Number(r.k));
        list.appendChild(h("div", { class: "lw-cmp-pair", "data-a": r.a, "data-b": r.b },
          h("span", { class: "lw-cmp-pn", text: `${r.a} vs ${r.b}` }),
          h("span", { class: "lw-cmp-rho", "data-value": r.spearman ?? "", text: `rank correlation ${rho}`,
            title: "Spearman correlation of the two models' weights over the union of their top features" }),
          h("span", { class: "lw-cmp-ov", "data-value": r.overlap, text: `top ${r.k}: ${shared} shared`,
            title: `features among both models' top ${r.k}` })));
      }
      if (!list.childElementCount) list.appendChild(h("div", { class: "lw-note", text: "no agreement measures for this class" }));
    },
  };
}

/** A model's card: its name and state, its error, its probabilities (original / now / estimate), chart, fit.
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} d @param {string} name @param {Noun} noun */
function modelCard(ctx, actions, d, name, noun) {
  const state = h("span", { class: "lw-cmp-st" });
  const head = h("div", { class: "lw-cmp-mh" }, h("span", { class: "lw-dot" }), h("span", { class: "lw-cmp-mn", text: name, title: name }), state);
  const err = errorBox();
  const probs = probPanel(ctx, actions, d);
  const chart = weightChart(ctx, actions, d, noun);
  const fit = fitPanel(ctx, d);
  const root = h("section", { class: "lw-cmp-model", "data-model": name }, head, err.root, probs.root, chart.root, fit.root);
  return {
    root,
    chart,
    /** @param {Frame} d */
    update(d) {
      const kind = d.now.kind === "original" ? "current" : d.now.kind;
      setAttr(root, "data-state", kind);
      const said = d.now.kind === "current" ? "answered" : d.now.kind === "error" ? "failed" : d.now.kind;
      setText(state, d.now.kind === "original" ? "" : d.now.saved ? `${said} (saved)` : said);
      err.update(d);
      probs.update(d);
      chart.update(d);
      fit.update(d);
    },
  };
}

/** "Colour by": which model's weights colour the input.
 * @param {Ctx} ctx @param {string[]} names @param {(i: number) => void} onPick */
function colourPicker(ctx, names, onPick) {
  const group = h("div", { class: "lw-seg", role: "group", "aria-label": "Colour the input by the weights of" });
  const buttons = names.map((n, i) => {
    const b = h("button", { type: "button", class: "lw-seg-b", "data-model": n, text: n, title: `Colour by ${n}'s weights` });
    ctx.listen(b, "click", () => onPick(i));
    group.appendChild(b);
    return b;
  });
  return {
    root: h("div", { class: "lw-picker lw-cmp-by" }, h("span", { class: "lw-picker-k", text: "Colour by" }), group),
    /** @param {number} i  the colouring model */
    update(i) {
      buttons.forEach((b, k) => {
        setAttr(b, "aria-pressed", k === i ? "true" : "false");
        toggleClass(b, "lw-on", k === i);
      });
    },
  };
}

/** The image on a canvas, coloured by one model's weights; a click toggles a superpixel for every model.
 * @param {Ctx} ctx @param {Actions} actions @param {State} instance @param {number} nFeat */
function compareCanvas(ctx, actions, instance, nFeat) {
  const shape = instance.segments_shape || [];
  const [ih, iw] = [0, 1].map((i) => Math.max(0, Math.floor(Number(shape[i]) || 0)));
  const n = ih * iw;
  const seg = decodeSegments(instance.segments, instance.segments_dtype, n);
  const edges = boundaries(seg, iw, ih);
  const scale = iw && ih ? Math.min(360 / iw, 360 / ih) : 1;
  const canvas = h("canvas", { class: "lw-canvas" + (scale >= 2.5 ? " lw-pix" : ""), tabindex: "0", role: "img", "aria-label": "Image; click a superpixel to remove it for every model; arrow keys pick one, Space or Enter toggles it" });
  canvas.width = iw;
  canvas.height = ih;
  canvas.style.width = Math.round(iw * scale) + "px";
  /** @type {CanvasRenderingContext2D | null} */
  let g = null;
  try {
    g = canvas.getContext ? canvas.getContext("2d") : null;
  } catch (e) {
    g = null;
  }
  /** @type {Uint8ClampedArray} */
  let rgba = new Uint8ClampedArray(n * 4).fill(160);
  /** @type {{ d: Frame, marked: Set<number> } | null} */
  let last = null;
  const bytes = toBytes(instance.image_png);
  if (g && n && bytes.length)
    decodePng(ctx, bytes, iw, ih).then((px) => {
      if (ctx.disposed) return;
      rgba = px;
      if (last) paint(last.d, last.marked);
    }, () => {});
  /** @param {Frame} d @param {Set<number>} marked */
  function paint(d, marked) {
    last = { d, marked };
    if (!g || !n) return;
    const cs = getComputedStyle(canvas);
    const pal = {
      pos: parseTriple(cs.getPropertyValue("--lw-pos"), PALETTE.light.pos),
      neg: parseTriple(cs.getPropertyValue("--lw-neg"), PALETTE.light.neg),
      line: [255, 221, 0], lineAlpha: 0.6, hi: [255, 255, 255],
    };
    const sel = new Set(d.selected);
    const w = d.featureNames.map((_, j) => (sel.has(j) && marked.has(j) ? Number(d.weights[j]) || 0 : 0));
    const out = composite(rgba, seg, d.offSet, instance.hide_colors || [], w, 0.5, edges, pal, -1, edges);
    g.putImageData(new ImageData(/** @type {Uint8ClampedArray<ArrayBuffer>} */ (out), iw, ih), 0, 0);
  }
  ctx.listen(canvas, "click", (/** @type {MouseEvent} */ e) => {
    const p = clientToPixel(e.clientX, e.clientY, canvas.getBoundingClientRect(), iw, ih);
    const j = p ? segmentAt(seg, iw, ih, p.x, p.y) : -1;
    if (j >= 0 && j < nFeat) actions.toggle(j);
  });
  const keys = canvasKeys(ctx, actions, canvas, () => (last ? last.d : null));
  return { root: h("div", { class: "lw-imgbox" }, canvas, keys.note), paint };
}

/**
 * Keyboard use of the compare canvas: arrows (Home / End) step through the superpixels by |weight| of
 * the colouring model, Space or Enter switches the one reached off (or on) for every model; a line
 * names it.
 * @param {Ctx} ctx @param {Actions} actions @param {HTMLCanvasElement} canvas
 * @param {() => Frame | null} frame  the colouring model's frame last painted
 */
function canvasKeys(ctx, actions, canvas, frame) {
  const note = h("div", { class: "lw-imgnote", role: "status", "aria-live": "polite" });
  let cursor = -1;
  /** @param {Frame} d */
  const order = (d) => d.featureNames.map((_, j) => j)
    .sort((a, b) => Math.abs(Number(d.weights[b]) || 0) - Math.abs(Number(d.weights[a]) || 0) || a - b);
  /** @param {Frame} d */
  const say = (d) => setText(note, cursor < 0 ? "" :
    `${d.featureName(cursor)}: weight ${fmtSigned(Number(d.weights[cursor]) || 0)}` +
    (d.offSet.has(cursor) ? " \u2014 removed; Space to restore" : " \u2014 Space to remove for every model"));
  ctx.listen(canvas, "keydown", (/** @type {KeyboardEvent} */ e) => {
    const d = frame();
    if (!d) return;
    const ids = order(d);
    if (!ids.length) return;
    if (e.key === " " || e.key === "Enter" || e.key === "Spacebar") {
      e.preventDefault();
      if (cursor < 0) cursor = ids[0];
      actions.toggle(cursor);
      say(frame() || d);
      return;
    }
    const k = stepIndex(e.key, Math.max(0, ids.indexOf(cursor)), ids.length);
    if (k < 0) return;
    e.preventDefault();
    cursor = ids[k];
    say(d);
  });
  return { note };
}

/** The domain's input piece: { root, update(d, marked) } with `d` the colouring model's frame.
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} d @param {State} instance @param {(fid: number) => void} onHover
 * @returns {InputPiece} */
function inputPiece(ctx, actions, d, instance, onHover) {
  if (d.kind === "text") {
    const doc = textDocument(ctx, actions, d, instance.tokens || [], instance.bow !== false, instance.mask_string || "", onHover, textNoun({ get: (n) => instance[n] }).one);
    return {
      root: doc.root,
      update(d, marked) {
        doc.update(d);
        for (const [fid, spans] of doc.byFid) for (const s of spans) toggleClass(s, "lw-cmp-mark", marked.has(fid));
      },
    };
  }
  if (d.kind === "image") {
    const pic = compareCanvas(ctx, actions, instance, d.featureNames.length);
    return { root: pic.root, update: (d, marked) => pic.paint(d, marked) };
  }
  const table = featureTable(ctx, actions, d);
  return {
    root: table.root,
    update(d, marked) {
      table.update(d);
      table.lines.forEach((l, j) => toggleClass(l.root, "lw-cmp-mark", marked.has(j)));
    },
  };
}

/**
 * What the status line says for the whole view.
 * @param {Frame[]} ds  one frame per model @param {CompareStatus} state  compareState(ds) @param {Noun} noun
 */
export function compareMessage(ds, state, noun) {
  const d = ds[0];
  if (!d.changed)
    return d.offline ? `Saved view: click ${noun.many} to see each model's surrogate estimate` : `Click ${noun.many} to remove them for every model and ask each one again`;
  const n = d.off.length;
  const e = d.edits ? d.edits.size : 0;
  const what = [n || !e ? `${n} ${n === 1 ? noun.one : noun.many} ${noun.offWord || "removed"}` : "", e ? `${e} edited` : ""].filter(Boolean).join(", ");
  const answered = ds.filter((x) => x.now.kind === "current" || x.now.kind === "error").length;
  const tail = {
    current: `${answered} of ${ds.length} models answered`,
    pending: `asking the models\u2026 (${answered} of ${ds.length} answered)`,
    timeout: "no answer from the kernel \u2014 showing the surrogates' estimates",
    offline: answered ? `${answered} of ${ds.length} models' answers saved with this view` : "estimates \u2014 no models in this saved view",
  }[state];
  return `${what} \u2014 ${tail}`;
}

/** The header: class picker, what is happening, Reset; and the line saying a write was rejected.
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} d0 @param {Noun} noun */
function compareHeader(ctx, actions, d0, noun) {
  const picker = classPicker(ctx, actions, d0);
  const text = h("span", { class: "lw-status-t" });
  const status = h("div", { class: "lw-status", role: "status", "aria-live": "polite" }, h("span", { class: "lw-dot" }), text);
  const reset = resetButton(ctx, actions, `Put every ${noun.one} back for every model`);
  const rejected = h("div", { class: "lw-note lw-rejected", role: "alert", hidden: true });
  return {
    root: h("div", {}, h("div", { class: "lw-head" }, picker.root, status, reset), rejected),
    /** @param {Frame[]} ds @param {CompareStatus} state @param {string} why  the rejected write's message, "" for none */
    update(ds, state, why) {
      picker.update(ds[0]);
      setText(text, compareMessage(ds, state, noun));
      setAttr(status, "data-state", ds[0].changed ? state : "original");
      setDisabled(reset, !ds[0].changed);
      rejected.hidden = !why;
      setText(rejected, why ? `Not applied: ${why}` : "");
    },
  };
}

/**
 * The compare view's builder (see render.js); `top` is the compare view's own derived frame.
 * @type {import("../types.js").Builder}
 */
export function compareView(ctx, actions, top) {
  const model = ctx.model;
  const entries = model.get("models") || [];
  const names = entries.map((m, i) => String(m && m.name !== undefined ? m.name : `model ${i + 1}`));
  const readers = names.map((_, i) => modelTraits(model, i));
  /** @param {boolean} timedOut */
  const frames = (timedOut) => readers.map((r) => derive(r, { timedOut }));
  let ds = frames(false);
  const kind = ds[0] ? ds[0].kind : "text";
  const noun = NOUNS[kind] || textNoun(readers[0] || model);
  let by = 0;

  const header = compareHeader(ctx, actions, ds[0], noun);
  const agree = agreementCard();
  const cards = ds.map((d, i) => modelCard(ctx, actions, d, names[i], noun));
  /** @param {number} fid */
  const hover = (fid) => cards.forEach((c) => c.chart.hover(fid));
  const input = inputPiece(ctx, actions, ds[0], /** @type {State} */ (model.get("instance") || {}), hover);
  const legend = scaleLegend();
  const picker = colourPicker(ctx, names, (i) => {
    by = i;
    paintInput();
  });
  const k = Math.max(1, Number(model.get("agreement_k")) || 5);
  const markNote = h("div", { class: "lw-note lw-cmp-marknote", text: `outlined: among the top ${k} ${noun.many} of any model` });
  const paintInput = () => {
    picker.update(by);
    const marked = unionTop(ds, k);
    input.update(ds[by], marked);
    legend.update(ds[by]);
  };
  const root = h("div", { class: "lw-root lw-kind-compare" + (top.offline ? " lw-offline" : ""), "data-domain": ds[0] ? ds[0].kind : "" },
    header.root,
    h("section", { class: "lw-card lw-doccard lw-cmp-input" }, picker.root, input.root, legend.root, markNote),
    agree.root,
    h("div", { class: "lw-cmp-models", "data-count": cards.length }, ...cards.map((c) => c.root)));

  return {
    root,
    ownState: true,
    update(topD) {
      ds = frames(topD.now.kind === "timeout");
      const state = compareState(ds);
      header.update(ds, state, model.get("rejected") || "");
      agree.update((model.get("agreement") || {})[String(ds[0].label)], ds[0].label);
      cards.forEach((c, i) => c.update(ds[i]));
      paintInput();
      setAttr(root, "data-off", ds[0].off.join(","));
      setAttr(root, "data-state", state);
      setAttr(root, "data-calls", ds.reduce((s, d) => s + ((d.modelStats && d.modelStats.calls) || 0), 0));
    },
  };
}
