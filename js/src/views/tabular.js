// Tabular view: one line per feature (column) of the row — a switch that turns it off, its name,
// value and condition, its weight, and a what-if value editor. Composes the shared panels; the
// estimate (intercept + sum of weight x z) is computed in core.js from ../estimate.js.
import { h, setAttr, setDisabled, setText, toggleClass } from "../dom.js";
import { fmt, fmtSigned, fmtWeight } from "../format.js";
import { binOf } from "../estimate.js";
import { weightChart, divBar, paintBar, setWeightText } from "../components/weights.js";
import { resetButton, viewLayout } from "../components/layout.js";
import { scaleLegend } from "../components/legend.js";

const NOUN = {
  one: "feature",
  many: "features",
  offWord: "off",
  hint: "Switch features off or edit their values to ask the model again",
  savedHint: "Saved view: switch features off or edit values to see the surrogate's estimate",
};

/** A categorical feature with a category longer than this (characters) gets a line whose select has
 *  a row of its own, as wide as the line: such names do not fit the editor column. */
export const LONG_CATEGORY = 18;

const isNum = (v) => v !== null && v !== undefined && v !== "" && Number.isFinite(Number(v));
const f2 = (x) => Number(x).toFixed(2); // as Python displays numbers ("%.2f")

/** A value as the kernel displays it: categories as they are, numbers with 2 decimals. */
export function displayValue(col, v) {
  return col.type === "categorical" || !isNum(v) ? String(v) : formatValue(v);
}

/** A number as Python's format_value shows it: ~4 significant digits, no trailing zeros. */
export function formatValue(x) {
  const v = Number(x);
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? "0" : String(v);
  const digits = Math.abs(v) >= 100 ? 1 : Math.max(2, 3 - Math.floor(Math.log10(Math.abs(v))));
  let t = v.toFixed(digits);
  if (t.includes(".")) t = t.replace(/0+$/, "").replace(/\.$/, "");
  return t === "-0" || t === "" ? "0" : t;
}

/** The condition a value falls in, named as lime names bins ("a < name <= b"); null if unknown. */
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

function featureLine(ctx, actions, d, col, j) {
  const name = String(col.name ?? d.featureName(j));
  const categorical = col.type === "categorical";
  const raw = col.raw;
  const cats = categorical ? (col.categories || []).map(String) : [];
  if (categorical && !cats.includes(String(raw))) cats.unshift(String(raw));
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

  // the value editor: commit on change (Enter / blur), never per keystroke
  let input;
  const commit = (v) => {
    if (v === null || (categorical ? String(v) === String(raw) : Number(v) === Number(raw))) actions.setEdit(j, null);
    else actions.setEdit(j, v);
  };
  if (categorical) {
    input = h("select", { class: "lw-select lw-tin", "aria-label": `Value of ${name}` });
    for (const c of cats) input.appendChild(h("option", { value: c, text: c, title: c }));
    ctx.listen(input, "change", () => commit(input.value));
  } else {
    const range = isNum(col.min) && isNum(col.max) ? `training range ${fmt(col.min)} \u2013 ${fmt(col.max)}` : "";
    input = h("input", {
      type: "number", class: "lw-num lw-tin", step: "any", "aria-label": `Value of ${name}`,
      min: isNum(col.min) ? Number(col.min) : null, max: isNum(col.max) ? Number(col.max) : null,
      title: `${range}${range ? "; " : ""}Enter to ask the model`,
    });
    const fromInput = () => {
      const s = String(input.value).trim();
      if (s === "") return commit(null);
      if (isNum(s)) return commit(Number(s));
      paintInput(last, true); // not a number: show the current value again
    };
    ctx.listen(input, "change", fromInput);
    ctx.listen(input, "keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        fromInput();
      } else if (e.key === "Escape") paintInput(last, true);
    });
  }
  const clear = h("button", { type: "button", class: "lw-tx", text: "\u00d7", "aria-label": `Undo the edit of ${name}`, title: `Back to the row's value (${col.value})` });
  ctx.listen(clear, "click", () => actions.setEdit(j, null));

  const root = h("div", { class: "lw-tline" + (wide ? " lw-twide" : ""), role: "row", "data-fid": j },
    h("span", { class: "lw-tc lw-tc-sw", role: "cell" }, sw),
    h("span", { class: "lw-tc lw-tc-f", role: "cell" }, nameEl, cond),
    h("span", { class: "lw-tc lw-tc-v", role: "cell" }, valEl),
    h("span", { class: "lw-tc lw-tc-w", role: "cell" }, track, wval),
    h("span", { class: "lw-tc lw-tc-e", role: "cell" }, input, clear));

  let last = d;
  /** Show the current value (edit or the row's) unless the user is typing in the box. */
  function paintInput(d, force) {
    if (!force && !categorical && document.activeElement === input) return;
    // the editor shows what the model is given: the edit, the value a switched-off feature takes, or the row's
    const v = d.edits.has(j) ? d.edits.get(j) : d.offSet.has(j) ? col.off_value : raw;
    const text = categorical ? String(v) : isNum(v) ? String(Number(v)) : "";
    if (input.value !== text) input.value = text;
    if (categorical) setAttr(input, "title", `${name}: ${v}`);
  }

  function update(d) {
    last = d;
    const off = d.offSet.has(j);
    const edited = d.edits.has(j);
    const cf = d.now.kind === "current" ? d.counterfactual : null;
    const w = Number(d.weights[j]) || 0;
    const cls = d.regression ? "the prediction" : `\u201c${d.className(d.label)}\u201d`;

    toggleClass(root, "lw-off", off);
    toggleClass(root, "lw-edited", edited);
    setAttr(sw, "aria-pressed", off ? "true" : "false");
    setAttr(sw, "title", off
      ? `${name} is off (the model sees ${col.off_value}) \u2014 click to switch it back on`
      : `Switch ${name} off: the model sees ${col.off_value} instead of ${col.value}`);

    // value: the row's, or old -> new when off / edited (the kernel's display once it answered)
    const changed = off || edited;
    const value = edited ? d.edits.get(j) : off ? col.off_value : raw;
    const cfRow = cf && Array.isArray(cf.row) ? cf.row[j] : undefined;
    const newText = cfRow !== undefined && cfRow !== null ? String(cfRow) : off ? String(col.off_value) : displayValue(col, value);
    arrow.hidden = now.hidden = tag.hidden = !changed;
    setText(now, changed ? newText : "");
    setAttr(now, "title", changed ? newText : null);
    setText(tag, off ? "off" : edited ? "edited" : "");
    setAttr(old, "title", changed ? `the row's value: ${col.value}` : String(col.value));

    // condition: the row's, or the one the new value falls in
    const noBins = !categorical && !(Array.isArray(col.borders) && col.borders.length);
    let c;
    if (noBins) c = `z ${fmtSigned(d.z ? d.z[j] : col.z0, 2)}`;
    else if (!changed) c = String(col.condition ?? d.featureName(j));
    else {
      const cfc = cf && Array.isArray(cf.conditions) ? cf.conditions[j] : undefined;
      c = cfc !== undefined && cfc !== null ? String(cfc) : conditionOf(col, off ? (categorical ? col.off_value : Number(col.off_value)) : value) ?? "\u2026";
    }
    setText(cond, c);
    const zj = d.z ? d.z[j] : 1;
    setAttr(cond, "title", noBins
      ? "(value \u2212 training mean) / scale: the surrogate's input for this feature"
      : changed
        ? `${c} \u2014 ${zj === 1 ? "the row's own bin: the surrogate sees no change" : "out of the row's condition: its weight no longer counts"}`
        : `${c}: the row's condition`);
    toggleClass(cond, "lw-moved", changed && !noBins && zj !== 1);

    paintBar(fill, w, d.scale);
    setWeightText(wval, w);
    const dir = d.regression ? (w > 0 ? "raises" : w < 0 ? "lowers" : "does not change") : w > 0 ? "towards" : w < 0 ? "against" : "neutral for";
    setAttr(track, "title", `${fmtWeight(w)} ${dir} ${cls}`);
    setAttr(root, "aria-label", `${name} ${changed ? newText : col.value}, ${c}, weight ${fmtWeight(w)}${off ? ", off" : edited ? ", edited" : ""}`);

    paintInput(d); // before the × hands the focus to the box (a focused box is not repainted)
    setDisabled(clear, !edited, input);
    toggleClass(clear, "lw-vh", !edited);
  }
  return { root, update };
}

/**
 * The row as a table, one line per feature (switch, name and condition, value, weight, what-if
 * editor); shared by the tabular view and the compare view.
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
  const lines = (d.columns || []).map((col, j) => featureLine(ctx, actions, d, col || {}, j));
  for (const l of lines) table.appendChild(l.root);
  if (!lines.length) table.appendChild(h("div", { class: "lw-note", text: "no features" }));
  return { root: table, lines, update: (d) => lines.forEach((l) => l.update(d)) };
}

export function tabularView(ctx, actions, d) {
  const reset = resetButton(ctx, actions, "Switch every feature back on and undo every edit");

  const chart = weightChart(ctx, actions, d, NOUN);
  const { root: table, update: updateTable } = featureTable(ctx, actions, d);

  // hover linking between the table and the chart
  const lineId = (e) => {
    const r = e.target && e.target.closest ? e.target.closest(".lw-tline[data-fid]") : null;
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
