// Class-probability panel: per explained class, three lines — the model on the original
// document, the model now (for the current mask) and the surrogate's estimate, plus the
// gap (now − estimate). Other classes (top by original probability, then an "other" row
// summing the rest) get one compact line each: original and now.
// Regression: one block on the value_range scale.
import { h, setText, setAttr, setStyle, toggleClass } from "../dom.js";
import { probRows, sumAt } from "../topk.js";
import { fmt, fmtSigned, exact } from "../format.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {"orig" | "now" | "est"} LineKind
 * @typedef {{ root: HTMLElement, fill: HTMLElement, val: HTMLElement, gap: HTMLElement }} Line
 * @typedef {{ ids: number[], one: number, name: string, block: HTMLElement, lines: Record<LineKind, Line> }} Block
 * @typedef {{ ids: number[], name: string, fill: HTMLElement, val: HTMLElement, now: HTMLElement, nameEl: HTMLElement }} Minor
 */

/** @type {Record<string, string>} */
const NOW_WHY = {
  pending: "waiting for the model's answer for this mask",
  timeout: "no answer from the kernel",
  offline: "no model in this saved view",
  error: "the model raised an error for this mask",
};
/** @param {Frame} d @returns {Record<LineKind, string>} */
const lineTitles = (d) => ({
  orig: `the model on the original ${d.thing}`,
  now: d.kind === "tabular"
    ? "the model on the row with the features switched off or edited (the kernel's answer)"
    : `the model on the ${d.thing} with the removed ${d.parts} (the kernel's answer)`,
  est: d.kind === "tabular"
    ? "the surrogate's estimate: intercept + sum of weight \u00d7 z over the features"
    : `the surrogate's estimate: intercept + weights of the ${d.parts} still on`,
});

/** @param {string} cls */
function bar(cls) {
  const fill = h("span", { class: "lw-fill" });
  return { track: h("span", { class: "lw-track " + cls }, fill), fill };
}

/** @param {LineKind} kind @param {string} label @param {Record<LineKind, string>} LINE_TITLE @returns {Line} */
function line(kind, label, LINE_TITLE) {
  const { track, fill } = bar("");
  const val = h("span", { class: "lw-val" });
  const gap = h("span", { class: "lw-gap" });
  const root = h("div", { class: "lw-line lw-" + kind, role: "img" },
    h("span", { class: "lw-line-k", text: label, title: LINE_TITLE[kind] }), track, val, gap);
  return { root, fill, val, gap };
}

/** The bar scale of a regression column: one range, or the column's own (several columns).
 * @param {Frame} d @param {number} id @returns {[number, number] | null} */
const rangeOf = ({ valueRange: r }, id) => (Array.isArray(r) ? r : (r && r[id]) || null);

/** Map a value of column `id` to [0, 1] of the bar. @param {Frame} d @param {number} id @returns {(v: number) => number} */
function scaler(d, id) {
  if (!d.regression) return (v) => Math.max(0, Math.min(1, v));
  let [lo, hi] = rangeOf(d, id) || [NaN, NaN];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    const vals = [d.proba[0], d.localPred].filter((v) => Number.isFinite(v)).map(Number);
    lo = Math.min(0, ...vals);
    hi = Math.max(...vals, lo + 1);
  }
  return (v) => Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
}

/** @param {number} f */
const pct = (f) => (Math.round(f * 1000) / 10).toFixed(1) + "%";

/** The three lines (original, now, surrogate) of an explained class (or the regression value).
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} d @param {number} id @param {number} one
 * @param {Record<LineKind, string>} titles @returns {Block} */
function explainedBlock(ctx, actions, d, id, one, titles) {
  const name = d.className(id);
  const block = h("div", { class: "lw-pc" });
  let nameEl;
  if (d.labels.length > 1) {
    nameEl = h("button", { type: "button", class: "lw-pc-name", title: "Explain this class", text: name });
    ctx.listen(nameEl, "click", () => actions.setLabel(one));
  } else nameEl = h("div", { class: "lw-pc-name", text: name });
  const lines = { orig: line("orig", "original", titles), now: line("now", "now", titles), est: line("est", "surrogate", titles) };
  block.append(nameEl, lines.orig.root, lines.now.root, lines.est.root);
  return { ids: [id], one, name, block, lines };
}

/** The compact table of the other classes (original and now), or null when there are none.
 * @param {Frame} d @param {number[]} rows @param {number[]} other @param {boolean} afterBlocks
 * @param {Record<LineKind, string>} titles @returns {{ table: HTMLElement, minor: Minor[] } | null} */
function minorTable(d, rows, other, afterBlocks, titles) {
  const explained = new Set(d.labels);
  /** @type {[number[], string][]} */
  const rest = rows.filter((i) => !explained.has(i)).map((i) => [[i], d.className(i)]);
  if (other.length) rest.push([other, `other (${other.length} classes)`]);
  if (!rest.length) return null;
  const table = h("div", { class: "lw-minor" },
    h("span", { class: "lw-mh", text: afterBlocks ? "other classes" : "classes" }),
    h("span", { class: "lw-mh" }),
    h("span", { class: "lw-mh lw-r", text: "original", title: titles.orig }),
    h("span", { class: "lw-mh lw-r lw-mnow", text: "now", title: titles.now }));
  /** @type {Minor[]} */
  const minor = [];
  for (const [ids, name] of rest) {
    const { track, fill } = bar("lw-orig");
    const val = h("span", { class: "lw-val" });
    const now = h("span", { class: "lw-val lw-mnow" });
    const nameEl = h("span", { class: "lw-mname", text: name, title: name });
    table.append(nameEl, track, val, now);
    minor.push({ ids, name, fill, val, now, nameEl });
  }
  return { table, minor };
}

/** Show a frame in an explained class's block. @param {Block} b @param {Frame} d @param {(v: number) => number} sc */
function updateBlock(b, d, sc) {
  const nowProba = d.now.proba; // null unless original / current
  /** @param {number[]} p */
  const valueOf = (p) => (d.regression ? p[d.proba.length > 1 ? b.ids[0] : 0] : sumAt(p, b.ids));
  const nowText = d.now.kind === "pending" ? "\u2026" : "n/a";
  toggleClass(b.block, "lw-sel", b.one === d.label && d.labels.length > 1);
  const orig = valueOf(d.proba);
  setBar(b.lines.orig, sc(orig), orig, `${b.name}: model on the original ${d.thing} ${fmt(orig)}`);

  const nl = b.lines.now;
  toggleClass(nl.root, "lw-wait", d.now.kind === "pending");
  toggleClass(nl.root, "lw-none", !nowProba && d.now.kind !== "pending");
  // a saved view has no model: "now" is hidden and nothing is compared with it, unless the model's
  // answer for this mask was saved with the view (d.now.saved: the last answer or a hand check)
  const now = nowProba && (!d.offline || d.now.saved) ? valueOf(nowProba) : null;
  const why = NOW_WHY[d.offline && !d.now.saved ? "offline" : d.now.kind];
  if (now !== null) setBar(nl, sc(now), now, `${b.name}: model now ${fmt(now)}`);
  else setBar(nl, 0, null, `${b.name}: model now unknown, ${why}`, nowText);
  setAttr(nl.root, "title", now === null ? why : null);

  const el = b.lines.est;
  const est = d.estimates[b.one] ?? null;
  const marked = d.changed && now === null;
  toggleClass(el.root, "lw-marked", marked);
  setBar(el, est === null ? 0 : sc(est), est, `${b.name}: surrogate estimate ${fmt(est)}` + (marked ? " (estimate only)" : ""));
  // a probability's linear estimate can leave [0, 1]: the bar is clipped, and says so (trust panel, issue 11)
  const clipped = !d.regression && est !== null && (est < 0 || est > 1);
  toggleClass(el.root, "lw-clipped", clipped);
  setAttr(el.root, "title", clipped ? `the surrogate's estimate ${fmt(est)} is outside [0, 1] (a linear surrogate extrapolates): its bar is clipped` : null);
  const gap = now !== null && est !== null ? now - est : null;
  // as precise as the values it compares (3 decimals; 1 when they show 1, from 100 on)
  const gd = gap !== null && now !== null && est !== null && Math.max(Math.abs(now), Math.abs(est)) >= 100 ? 1 : 3;
  setText(el.gap, gap === null ? "" : "gap " + fmtSigned(gap, gd));
  setAttr(el.gap, "data-value", gap === null ? null : exact(gap));
  setAttr(el.gap, "title", gap === null ? null : "model now \u2212 surrogate estimate = " + exact(gap));
}

/** Show a frame in a row of the other classes. @param {Minor} m @param {Frame} d @param {(v: number) => number} sc */
function updateMinor(m, d, sc) {
  const nowProba = d.now.proba;
  const orig = sumAt(d.proba, m.ids);
  setStyle(m.fill, "width", pct(sc(orig)));
  setNum(m.val, orig);
  const now = nowProba && (!d.offline || d.now.saved) ? sumAt(nowProba, m.ids) : null;
  setNum(m.now, now, d.now.kind === "pending" ? "\u2026" : "n/a");
  toggleClass(m.now, "lw-wait", d.now.kind === "pending");
  setAttr(m.nameEl, "aria-label", `${m.name}: original ${fmt(orig)}, now ${now === null ? "unknown" : fmt(now)}`);
}

/** @param {Ctx} ctx @param {Actions} actions @param {Frame} d @returns {import("../types.js").Part} */
export function probPanel(ctx, actions, d) {
  const title = d.regression ? "Predicted value" : "Class probabilities";
  const root = h("section", { class: "lw-card lw-probs", "aria-label": title }, h("h3", { class: "lw-h", text: title }));
  const titles = lineTitles(d);
  /** @type {Block[]} */
  const blocks = []; // explained classes (or the regression value): 3 lines each
  /** @type {Minor[]} */
  let minor = []; // other classes: 1 compact line each
  // several regression outputs: a block per explained column; one value: one block
  if (d.regression && d.proba.length > 1) for (const l of d.labels) blocks.push(explainedBlock(ctx, actions, d, l, l, titles));
  else if (d.regression) blocks.push(explainedBlock(ctx, actions, d, 0, d.label, titles));
  else {
    const { rows, other } = probRows(d.proba, d.labels, 5);
    const explained = new Set(d.labels);
    for (const i of rows) if (explained.has(i)) blocks.push(explainedBlock(ctx, actions, d, i, i, titles));
    const t = minorTable(d, rows, other, blocks.length > 0, titles);
    for (const b of blocks) root.appendChild(b.block);
    if (t) {
      root.appendChild(t.table);
      minor = t.minor;
    }
  }
  if (d.regression) for (const b of blocks) root.appendChild(b.block);
  const rangeNote = d.regression ? h("div", { class: "lw-note" }) : null;
  if (rangeNote) root.appendChild(rangeNote);

  /** @param {Frame} d */
  function update(d) {
    const sc = scaler(d, 0);
    toggleClass(root, "lw-saved", d.now.saved);
    for (const k of root.querySelectorAll(".lw-now .lw-line-k, .lw-mh.lw-mnow")) setText(/** @type {HTMLElement} */ (k), d.now.saved ? "saved" : "now");
    for (const b of blocks) updateBlock(b, d, scaler(d, b.one));
    for (const m of minor) updateMinor(m, d, sc);
    if (rangeNote) {
      const r = rangeOf(d, d.out);
      const rd = r && Math.max(Math.abs(r[0]), Math.abs(r[1])) >= 100 ? 1 : 3;
      setText(rangeNote, r ? `${d.multiOutput ? d.target + " " : ""}bar scale ${fmt(r[0], rd)} \u2013 ${fmt(r[1], rd)}: the model over the samples` : "");
    }
  }
  return { root, update };
}

/** A number cell: 3 decimals, data-value = full precision; `none` (and no data-value) for null.
 * @param {HTMLElement} el @param {number | null | undefined} v @param {string} [none] */
function setNum(el, v, none = "\u2013") {
  setText(el, v === null || v === undefined ? none : fmt(v));
  setAttr(el, "data-value", v === null || v === undefined ? null : exact(v));
}

/** @param {Line} l @param {number} frac @param {number | null} v @param {string} label @param {string} [none] */
function setBar(l, frac, v, label, none) {
  setStyle(l.fill, "width", pct(frac));
  setNum(l.val, v, none);
  setAttr(l.root, "aria-label", label);
}
