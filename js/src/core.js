// Shared machinery of every view kind: read traits, derive what to show, keep the
// pending / timeout state, wire model events, and give views the actions
// (toggle a feature, edit a value, reset, pick a label, set a view setting).

import { createContext } from "./context.js";
import { labelEstimate, tabularZ } from "./estimate.js";
import { normIds, normEdits, editsObject, sameValue, modelNow } from "./pending.js";
import { maxAbs } from "./palette.js";
import { setAttr } from "./dom.js";
import SCHEMA from "./schema.gen.json";

/**
 * @typedef {import("./types.js").Model} Model
 * @typedef {import("./types.js").TraitReader} TraitReader
 * @typedef {import("./types.js").State} State
 * @typedef {import("./types.js").Frame} Frame
 * @typedef {import("./types.js").Actions} Actions
 * @typedef {import("./types.js").Builder} Builder
 * @typedef {import("./types.js").View} View
 * @typedef {import("./types.js").Column} Column
 */

/**
 * The root's data-state, for tests: "offline" (saved view), "current" (the numbers shown are
 * the model's for this mask, including nothing off), "pending", "timeout" or "error".
 */
/** @param {Frame} d */
export function rootState(d) {
  if (d.offline) return "offline";
  return d.now.kind === "original" ? "current" : d.now.kind;
}

export const TIMEOUT_MS = 4000;

/**
 * The traits of the declared schema (lime_widgets/widgets/schema.py -> schema.gen.json; the build
 * keeps only name and update of each).
 * @type {{ name: string, update: string }[]}
 */
const TRAITS = SCHEMA.traits;
/** Traits whose change means "same view, new numbers": views update in place. */
export const LIVE_TRAITS = TRAITS.filter((t) => t.update === "live").map((t) => t.name);
/** Traits that define the view's structure: a change rebuilds the view. */
export const STRUCT_TRAITS = TRAITS.filter((t) => t.update === "struct").map((t) => t.name);

/** How shared panels name the input and its features, per kind.
 * @type {Record<string, { thing: string, parts: string }>} */
const NOUNS = {
  text: { thing: "document", parts: "words" },
  image: { thing: "image", parts: "superpixels" },
  tabular: { thing: "row", parts: "features" },
};

/** The text view's name for its features, { one, many }, from its `noun` trait (words when missing).
 * @param {TraitReader} model @returns {{ one: string, many: string }} */
export function textNoun(model) {
  const [one, many] = /** @type {string[]} */ (model.get("noun") || []);
  return one && many ? { one: String(one), many: String(many) } : { one: "word", many: "words" };
}

/**
 * A trait's value, or `dflt` when it is missing or null.
 * @template {keyof State} K
 * @param {TraitReader} model
 * @param {K} name
 * @param {NonNullable<State[K]>} dflt
 * @returns {NonNullable<State[K]>}
 */
const get = (model, name, dflt) => {
  const v = model.get(name);
  return v === undefined || v === null ? dflt : /** @type {NonNullable<State[K]>} */ (v);
};

/** Feature names made unique for display: repeated names get " #k" (k-th occurrence).
 * @param {unknown[]} names
 * @returns {string[]} */
export function displayNames(names) {
  const total = new Map();
  for (const n of names) total.set(String(n), (total.get(String(n)) || 0) + 1);
  const seen = new Map();
  return names.map((x) => {
    const n = String(x);
    if (total.get(n) === 1) return n;
    const k = (seen.get(n) || 0) + 1;
    seen.set(n, k);
    return `${n} #${k}`;
  });
}

/** Everything a view needs for one frame, computed from the model's traits.
 * @param {TraitReader} model
 * @param {{ timedOut?: boolean }} [opts]
 * @returns {Frame} */
export function derive(model, { timedOut = false } = {}) {
  const labels = get(model, "labels", []).map(Number);
  let label = Number(get(model, "label", labels[0]));
  if (!labels.includes(label) && labels.length) label = labels[0];
  const key = String(label);
  const featureNames = get(model, "feature_names", []);
  const weightsAll = get(model, "weights", {});
  const weights = weightsAll[key] || featureNames.map(() => 0);
  const selectedAll = get(model, "selected", {});
  const selected = (selectedAll[key] || []).map(Number);
  const kind = get(model, "kind", "text");
  const columns = kind === "tabular" ? get(model, "columns", []) : null;
  // what-if values (tabular only); a feature both off and edited counts as edited, as in Python
  const edits = columns ? normEdits(get(model, "edits", {})) : new Map();
  for (const j of [...edits.keys()]) if (!columns || !(j < columns.length)) edits.delete(j);
  const off = normIds(get(model, "off", [])).filter((j) => !edits.has(j));
  const offSet = new Set(off);
  const proba = get(model, "proba", []).map(Number);
  const offline = !!model.get("_offline");
  const counterfactual = model.get("counterfactual") || null;
  const rejected = model.get("rejected");
  const traits = {
    intercept: get(model, "intercept", {}),
    weights: weightsAll,
  };
  const z = columns ? tabularZ(columns, offSet, edits) : undefined;
  /** @type {Record<number, number | null>} */
  const estimates = {};
  for (const l of labels) estimates[l] = labelEstimate(traits, l, offSet, z);
  const classNames = get(model, "class_names", []).map(String);
  const display = displayNames(featureNames);
  const className = (/** @type {number} */ i) => (classNames[i] !== undefined ? classNames[i] : "class " + i);
  const regression = get(model, "mode", "classification") === "regression";
  const multiOutput = regression && proba.length > 1; // several regression columns, explained one at a time
  return {
    ...deriveTrust(model, key),
    kind,
    // how shared panels name the input and its features
    ...(NOUNS[kind] || NOUNS.text),
    ...(kind === "text" ? { parts: textNoun(model).many } : {}),
    regression,
    multiOutput,
    target: regression && !multiOutput ? "the prediction" : `\u201c${className(label)}\u201d`,
    out: regression && !multiOutput ? 0 : label,
    classNames,
    className,
    labels,
    label,
    featureNames,
    featureName: (/** @type {number} */ j) => (display[j] !== undefined ? display[j] : "#" + j),
    weights,
    selected,
    scale: maxAbs(weights, selected.length ? selected : undefined),
    intercept: Number(traits.intercept[key] ?? 0),
    score: get(model, "score", {})[key],
    localPred: get(model, "local_pred", {})[key],
    proba,
    valueRange: model.get("value_range") || null,
    numFeatures: Number(get(model, "num_features", 10)),
    numSamples: model.get("num_samples"),
    seed: model.get("seed"),
    modelStats: model.get("model_stats") || null,
    rejected: typeof rejected === "string" ? rejected : "",
    off,
    offSet,
    columns,
    edits,
    z,
    changed: off.length > 0 || edits.size > 0,
    offline,
    counterfactual,
    now: modelNow({ off, edits, proba, counterfactual, offline, timedOut, history: get(model, "history", []) }),
    estimates,
    estimate: estimates[label] ?? null,
  };
}

/** The trust panel's part of a frame, for the label `key` (traits missing in older saved states: empty).
 * @param {TraitReader} model @param {string} key */
function deriveTrust(model, key) {
  const stability = model.get("stability") || null;
  const curves = model.get("curves") || null;
  return {
    intervals: get(model, "intervals", {})[key] || {},
    ties: get(model, "ties", {})[key] || [],
    warnings: (get(model, "warnings", {})[key] || []).map(String),
    stability,
    stabilityOfLabel: (stability && stability.labels && stability.labels[key]) || null,
    stabilityAsked: Number(get(model, "stability_seeds", 0)) || 0,
    curves,
    curvesOfLabel: (curves && curves.labels && curves.labels[key]) || null,
    curvesAsked: Number(get(model, "curves_label", -1)),
    history: get(model, "history", []),
  };
}

/** Actions views call; each writes traits and re-renders at once.
 * @param {Model} model
 * @param {() => void} refresh
 * @returns {Actions} */
function makeActions(model, refresh) {
  const readEdits = () => normEdits(model.get("edits"));
  return {
    /** Switch a feature off (dropping its what-if edit, if any) or back on. */
    toggle(id) {
      const cur = normIds(model.get("off") || []);
      const turnOff = !cur.includes(id);
      const next = turnOff ? normIds([...cur, id]) : cur.filter((x) => x !== id);
      const ed = readEdits();
      if (turnOff && ed.delete(id)) model.set("edits", editsObject(ed));
      model.set("off", next);
      model.save_changes();
      refresh();
    },
    /** Tabular what-if: set feature `id` to `value` (switching it back on), or remove its edit (null). */
    setEdit(id, value) {
      const ed = readEdits();
      const cur = normIds(model.get("off") || []);
      const wasOff = cur.includes(id);
      if (value === null || value === undefined) {
        if (!ed.delete(id)) return;
      } else {
        if (ed.has(id) && sameValue(ed.get(id), value) && !wasOff) return;
        ed.set(id, value);
      }
      model.set("edits", editsObject(ed));
      if (wasOff && value !== null && value !== undefined) model.set("off", cur.filter((x) => x !== id));
      model.save_changes();
      refresh();
    },
    /** Write a whole mask at once (image controls). */
    setOff(ids) {
      model.set("off", normIds(ids));
      model.save_changes();
      refresh();
    },
    /** Write a view setting (show_boundaries, overlay_opacity, top_k) or a request to the kernel
     * (stability_seeds, curves_label); save=false: local only. */
    setTrait(name, value, save = true) {
      if (model.get(name) !== value) model.set(name, value);
      if (save) model.save_changes();
      refresh();
    },
    /** Everything back: no feature off, no edits (one save_changes). */
    reset() {
      const hasOff = (model.get("off") || []).length > 0;
      const hasEdits = readEdits().size > 0;
      if (!hasOff && !hasEdits) return;
      if (hasEdits) model.set("edits", {});
      if (hasOff) model.set("off", []);
      model.save_changes();
      refresh();
    },
    setLabel(l) {
      if (Number(model.get("label")) === l) return;
      model.set("label", l);
      model.save_changes();
      refresh();
    },
  };
}

/**
 * Mount a view into `el`. `builders[kind](ctx, actions, d)` returns { root, update(d) }.
 * Returns the cleanup function anywidget expects.
 * @param {Model} model
 * @param {HTMLElement} el
 * @param {Record<string, Builder>} builders  by kind, and `unsupported`
 * @returns {() => void}
 */
export function mountView(model, el, builders) {
  const outer = createContext(model);
  /** @type {import("./types.js").Ctx | null} */
  let inner = null;
  /** @type {View | null} */
  let view = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  /** @type {string | null} */
  let sig = null;
  let timedOut = false;

  const stopTimer = () => {
    if (timer !== null) outer.clearTimeout(timer);
    timer = null;
  };

  function refresh() {
    if (outer.disposed || !view) return;
    const s = normIds(model.get("off") || []).join(",") + "|" + JSON.stringify(editsObject(normEdits(model.get("edits"))));
    if (s !== sig) {
      sig = s;
      timedOut = false;
      stopTimer();
    }
    const d = derive(model, { timedOut });
    if (d.now.kind === "pending") {
      if (timer === null)
        timer = outer.setTimeout(() => {
          timer = null;
          timedOut = true;
          refresh();
        }, TIMEOUT_MS);
    } else stopTimer();
    view.update(d);
    if (view.ownState) return; // e.g. the progress view: not an explanation, its own data-state
    setAttr(view.root, "data-off", d.off.join(","));
    setAttr(view.root, "data-state", rootState(d));
  }

  const actions = makeActions(model, refresh);

  function build() {
    if (inner) inner.dispose();
    if (view) view.root.remove();
    inner = createContext(model);
    const d = derive(model, { timedOut });
    const builder = builders[d.kind] || builders.unsupported;
    view = builder(inner, actions, d);
    el.appendChild(view.root);
    refresh();
  }

  for (const t of LIVE_TRAITS) outer.on("change:" + t, refresh);
  for (const t of STRUCT_TRAITS) outer.on("change:" + t, build);
  build();

  return () => {
    stopTimer();
    outer.dispose();
    if (inner) inner.dispose();
    if (view) view.root.remove();
    view = null;
  };
}
