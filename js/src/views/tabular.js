// Tabular view: one line per feature (column) of the row — a switch that turns it off, its name,
// value and condition, its weight, and a what-if value editor. Composes the shared panels; the
// estimate (intercept + sum of weight x z) is computed in core.js from ../estimate.js.
import { h, setAttr, setDisabled, setText, toggleClass } from "../dom.js";
import { fmt, fmtSigned, fmtWeight } from "../format.js";
import { binOf } from "../estimate.js";
import { isCurrent } from "../pending.js";
import { weightChart, divBar, paintBar, setWeightText, direction } from "../components/weights.js";
import { resetButton, viewLayout } from "../components/layout.js";
import { scaleLegend } from "../components/legend.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Column} Column
 * @typedef {import("../types.js").EditValue} EditValue
 */

export const NOUN = {
  one: "feature",
  many: "features",
  offWord: "off",
  hint: "Switch features off or edit their values to ask the model again",
  savedHint: "Saved view: switch features off or edit values to see the surrogate's estimate",
};

/** A categorical feature with a category longer than this (characters) gets a line whose select has
 *  a row of its own, as wide as the line: such names do not fit the editor column. */
export const LONG_CATEGORY = 18;

/** @param {unknown} v */
const isNum = (v) => v !== null && v !== undefined && v !== "" && Number.isFinite(Number(v));
/** @param {unknown} x */
const f2 = (x) => Number(x).toFixed(2); // as Python displays numbers ("%.2f")

/** A value as the kernel displays it: categories as they are, numbers with 2 decimals.
 * @param {Partial<Column>} col @param {unknown} v @returns {string} */
export function displayValue(col, v) {
  return col.type === "categorical" || !isNum(v) ? String(v) : formatValue(v);
}

/** A number as Python's format_value shows it: ~4 significant digits, no trailing zeros.
 * @param {unknown} x @returns {string} */
export function formatValue(x) {
  const v = Number(x);
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? "0" : String(v);
  const digits = Math.abs(v) >= 100 ? 1 : Math.max(2, 3 - Math.floor(Math.log10(Math.abs(v))));
  let t = v.toFixed(digits);
  if (t.includes(".")) t = t.replace(/0+$/, "").replace(/\.$/, "");
  return t === "-0" || t === "" ? "0" : t;
}

/** The condition a value falls in, named as lime names bins ("a < name <= b"); null if unknown.
 * @param {Partial<Column>} col @param {unknown} v @returns {string | null} */
export function conditionOf(col, v) {
  const name = String(col.name);
  if (col.type === "categorical") return `${name}=${v}`;
  const q = Array.isArray(col.borders) ? col.borders : [];
  if (!q.length) return name;
  if (!isNum(v)) return null;
  const k = binOf(q, Number(v));
  if (k === 0) return `${name} <= ${f2(q[0])}`;
  if (k === q.length) return `${name} > ${f2(q[q.length - 1])}`;
  return `${f2(q[k - 1])} < ${name} <= ${f2(q[k])}`;
}

/**
 * The what-if editor of one feature: a number box or a category select (committed on change or
 * Enter, never per keystroke), and a × that undoes the edit.
 * @param {Ctx} ctx @param {Actions} actions @param {Column} col @param {number} j @param {string} name @param {string[]} cats
 */
function valueEditor(ctx, actions, col, j, name, cats) {
  const categorical = col.type === "categorical";
  const raw = col.raw;
  /** @type {Frame | null} */
  let last = null;
  /** @param {EditValue | null} v */
  const commit = (v) => {
    if (v === null || (categorical ? String(v) === String(raw) : Number(v) === Number(raw))) actions.setEdit(j, null);
    else actions.setEdit(j, v);
  };
  /** @type {HTMLInputElement | HTMLSelectElement} */
  let input;
  if (categorical) {
    const sel = h("select", { class: "lw-select lw-tin", "aria-label": `Value of ${name}` });
    for (const c of cats) sel.appendChild(h("option", { value: c, text: c, title: c }));
    ctx.listen(sel, "change", () => commit(sel.value));
    input = sel;
  } else {
    const range = isNum(col.min) && isNum(col.max) ? `training range ${fmt(col.min)} \u2013 ${fmt(col.max)}` : "";
    const box = h("input", {
      type: "number", class: "lw-num lw-tin", step: "any", "aria-label": `Value of ${name}`,
      min: isNum(col.min) ? Number(col.min) : null, max: isNum(col.max) ? Number(col.max) : null,
      title: `${range}${range ? "; " : ""}Enter to ask the model`,
    });
    const fromInput = () => {
      const s = String(box.value).trim();
      if (s === "") return commit(null);
      if (isNum(s)) return commit(Number(s));
      if (last) paint(last, true); // not a number: show the current value again
    };
    ctx.listen(box, "change", fromInput);
    ctx.listen(box, "keydown", (/** @type {KeyboardEvent} */ e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        fromInput();
      } else if (e.key === "Escape" && last) paint(last, true);
    });
    input = box;
  }
  const clear = h("button", { type: "button", class: "lw-tx", text: "\u00d7", "aria-label": `Undo the edit of ${name}`, title: `Back to the row's value (${col.value})` });
  ctx.listen(clear, "click", () => actions.setEdit(j, null));

  /** Show the current value (edit or the row's) unless the user is typing in the box.
   * @param {Frame} d @param {boolean} [force] */
  function paint(d, force) {
    last = d;
    if (!force && !categorical && document.activeElement === input) return;
    // the editor shows what the model is given: the edit, the value a switched-off feature takes, or the row's
    const v = d.edits.has(j) ? d.edits.get(j) : d.offSet.has(j) ? col.off_value : raw;
    const text = categorical ? String(v) : isNum(v) ? String(Number(v)) : "";
    if (input.value !== text) input.value = text;
    if (categorical) setAttr(input, "title", `${name}: ${v}`);
  }
  return { input, clear, paint };
}

/** The texts of a feature's line for a frame: the new value, the condition and its title.
 * @param {Frame} d @param {Column} col @param {number} j */
function lineTexts(d, col, j) {
  const categorical = col.type === "categorical";
  const off = d.offSet.has(j);
  const edited = d.edits.has(j);
  // the kernel's display of the row (a saved hand check from `history` has none)
  const cf = d.now.kind === "current" && isCurrent(d.off, d.counterfactual, d.edits) ? d.counterfactual : null;
  // value: the row's, or old -> new when off / edited (the kernel's display once it answered)
  const changed = off || edited;
  const value = edited ? d.edits.get(j) : off ? col.off_value : col.raw;
  const cfRow = cf && Array.isArray(cf.row) ? cf.row[j] : undefined;
  const newText = cfRow !== undefined && cfRow !== null ? String(cfRow) : off ? String(col.off_value) : displayValue(col, value);
  // condition: the row's, or the one the new value falls in
  const noBins = !categorical && !(Array.isArray(col.borders) && col.borders.length);
  let c;
  if (noBins) c = `z ${fmtSigned(d.z ? d.z[j] : col.z0, 2)}`;
  else if (!changed) c = String(col.condition ?? d.featureName(j));
  else {
    const cfc = cf && Array.isArray(cf.conditions) ? cf.conditions[j] : undefined;
    c = cfc !== undefined && cfc !== null ? String(cfc) : conditionOf(col, off ? (categorical ? col.off_value : Number(col.off_value)) : value) ?? "\u2026";
  }
  const zj = d.z ? d.z[j] : 1;
  const condTitle = noBins
    ? "(value \u2212 training mean) / scale: the surrogate's input for this feature"
    : changed
      ? `${c} \u2014 ${zj === 1 ? "the row's own bin: the surrogate sees no change" : "out of the row's condition: its weight no longer counts"}`
      : `${c}: the row's condition`;
  return { off, edited, changed, newText, cond: c, condTitle, moved: changed && !noBins && zj !== 1 };
}

/** One line of the table: switch, name and condition, value, weight bar, what-if editor.
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} d @param {Column} col @param {number} j */
function featureLine(ctx, actions, d, col, j) {
  const name = String(col.name ?? d.featureName(j));
  const cats = col.type === "categorical" ? (col.categories || []).map(String) : [];
  if (col.type === "categorical" && !cats.includes(String(col.raw))) cats.unshift(String(col.raw));
  const wide = cats.some((c) => c.length > LONG_CATEGORY);
  const sw = h("button", { type: "button", class: "lw-sw", "aria-label": `Switch off ${name}` }, h("span", { class: "lw-sw-k", "aria-hidden": "true" }));
  ctx.listen(sw, "click", () => actions.toggle(j));

  const nameEl = h("span", { class: "lw-tname", text: name, title: name });
  const cond = h("span", { class: "lw-tcond" });
  const old = h("span", { class: "lw-tv-old", text: String(col.value ?? "") });
  const arrow = h("span", { class: "lw-tv-arr", text: "\u2192", "aria-hidden": "true", hidden: true });
  const now = h("span", { class: "lw-tv-new", hidden: true });
  const tag = h("span", { class: "lw-tag", hidden: true });
  const valEl = h("span", { class: "lw-tval" }, old, arrow, now, tag);
  const { track, fill } = divBar();
  const wval = h("span", { class: "lw-wval" });
  const editor = valueEditor(ctx, actions, col, j, name, cats);

  const root = h("div", { class: "lw-tline" + (wide ? " lw-twide" : ""), role: "row", "data-fid": j },
    h("span", { class: "lw-tc lw-tc-sw", role: "cell" }, sw),
    h("span", { class: "lw-tc lw-tc-f", role: "cell" }, nameEl, cond),
    h("span", { class: "lw-tc lw-tc-v", role: "cell" }, valEl),
    h("span", { class: "lw-tc lw-tc-w", role: "cell" }, track, wval),
    h("span", { class: "lw-tc lw-tc-e", role: "cell" }, editor.input, editor.clear));

  /** @param {Frame} d */
  function update(d) {
    const t = lineTexts(d, col, j);
    const w = Number(d.weights[j]) || 0;
    const cls = d.target;
    toggleClass(root, "lw-off", t.off);
    toggleClass(root, "lw-edited", t.edited);
    setAttr(sw, "aria-pressed", t.off ? "true" : "false");
    setAttr(sw, "title", t.off
      ? `${name} is off (the model sees ${col.off_value}) \u2014 click to switch it back on`
      : `Switch ${name} off: the model sees ${col.off_value} instead of ${col.value}`);
    arrow.hidden = now.hidden = tag.hidden = !t.changed;
    setText(now, t.changed ? t.newText : "");
    setAttr(now, "title", t.changed ? t.newText : null);
    setText(tag, t.off ? "off" : t.edited ? "edited" : "");
    setAttr(old, "title", t.changed ? `the row's value: ${col.value}` : String(col.value));
    setText(cond, t.cond);
    setAttr(cond, "title", t.condTitle);
    toggleClass(cond, "lw-moved", t.moved);

    paintBar(fill, w, d.scale);
    setWeightText(wval, w);
    const dir = direction(d, w);
    setAttr(track, "title", `${fmtWeight(w)} ${dir} ${cls}`);
    setAttr(root, "aria-label", `${name} ${t.changed ? t.newText : col.value}, ${t.cond}, weight ${fmtWeight(w)}${t.off ? ", off" : t.edited ? ", edited" : ""}`);

    editor.paint(d); // before the × hands the focus to the box (a focused box is not repainted)
    setDisabled(editor.clear, !t.edited, editor.input);
    toggleClass(editor.clear, "lw-vh", !t.edited);
  }
  return { root, update };
}

/**
 * The row as a table, one line per feature (switch, name and condition, value, weight, what-if
 * editor); shared by the tabular view and the compare view.
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} d
 * @returns {{ root: HTMLElement, lines: { root: HTMLElement, update: (d: any) => void }[], update: (d: any) => void }}
 */
export function featureTable(ctx, actions, d) {
  const head = h("div", { class: "lw-tline lw-thead", role: "row" },
    h("span", { class: "lw-tc lw-tc-sw", role: "columnheader", title: "switch a feature off: it takes a value outside the row's condition", text: "on" }),
    h("span", { class: "lw-tc lw-tc-f", role: "columnheader", text: "feature \u00b7 condition" }),
    h("span", { class: "lw-tc lw-tc-v", role: "columnheader", text: "value" }),
    h("span", { class: "lw-tc lw-tc-w", role: "columnheader", text: "weight" }),
    h("span", { class: "lw-tc lw-tc-e", role: "columnheader", text: "what if" }));
  const table = h("div", { class: "lw-tab", role: "table", "aria-label": "Features of the row" }, head);
  const lines = (d.columns || []).map((col, j) => featureLine(ctx, actions, d, col || /** @type {Column} */ ({}), j));
  for (const l of lines) table.appendChild(l.root);
  if (!lines.length) table.appendChild(h("div", { class: "lw-note", text: "no features" }));
  return { root: table, lines, update: (d) => lines.forEach((l) => l.update(d)) };
}

/** @type {import("../types.js").Builder} */
export function tabularView(ctx, actions, d) {
  const reset = resetButton(ctx, actions, "Switch every feature back on and undo every edit");

  const chart = weightChart(ctx, actions, d, NOUN);
  const { root: table, update: updateTable } = featureTable(ctx, actions, d);

  // hover linking between the table and the chart
  /** @param {Event} e */
  const lineId = (e) => {
    const r = e.target instanceof Element ? e.target.closest(".lw-tline[data-fid]") : null;
    return r ? Number(r.getAttribute("data-fid")) : -1;
  };
  ctx.listen(table, "mouseover", (e) => chart.hover(lineId(e)));
  ctx.listen(table, "mouseleave", () => chart.hover(-1));

  const legend = scaleLegend();
  const frame = viewLayout(ctx, actions, "tabular", d, {
    noun: NOUN, reset, chart,
    inputCard: h("section", { class: "lw-card lw-doccard lw-tabcard" }, table, legend.root),
  });
  const root = frame.root;

  return {
    root,
    update(d) {
      frame.update(d);
      setDisabled(reset, !d.changed, () => table.querySelector(".lw-sw"));
      updateTable(d);
      legend.update(d);
      chart.update(d);
    },
  };
}
