// Fit panel: how good is the surrogate, and what did the explanation cost.
import { h, setText, setAttr } from "../dom.js";
import { fmt, fmtInt, fmtSeconds, exact } from "../format.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Noun} Noun
 * @typedef {import("../types.js").Part} Part
 */

/** The hand checks' line: asked of the model (with their time), from the cache, failed.
 * @param {{ calls: number, rows: number, seconds: number, cached: number, failed: number } | undefined} c */
export function checksText(c) {
  if (!c) return "\u2013";
  const parts = [];
  if (c.calls) parts.push(`${fmtInt(c.calls)} asked (${fmtSeconds(c.seconds)})`);
  if (c.cached) parts.push(`${fmtInt(c.cached)} from the cache`);
  if (c.failed) parts.push(`${fmtInt(c.failed)} failed`);
  return parts.length ? parts.join(" \u00b7 ") : "none yet";
}

/** @param {Ctx} _ctx @param {Frame} d @returns {Part} */
export function fitPanel(_ctx, d) {
  /** @type {Record<string, HTMLElement>} */
  const cells = {};
  // plain divs in a grid: notebook front ends style dl/dt/dd (floats, bold), which broke the layout
  const dl = h("div", { class: "lw-fit" });
  /** @param {string} key @param {string} label @param {string} [title] */
  const row = (key, label, title) => {
    const dd = h("div", { class: "lw-fit-v" });
    dl.append(h("div", { class: "lw-fit-k", text: label, title }), dd);
    cells[key] = dd;
  };
  row("score", "Surrogate fit (R\u00b2)", "weighted R\u00b2 of the surrogate on the perturbed samples");
  row("pred", "Surrogate vs model", `surrogate at the original ${d.thing} vs the model's output`);
  row("samples", "Samples \u00b7 seed");
  row("calls", "Model calls", "what explaining asked of the model");
  row("checks", "Hand checks", "masks you switched by hand: asked of the model, or answered from what the model said before");
  row("path", "Model seen as", "how the perturbed inputs reach the model");
  const root = h("section", { class: "lw-card lw-fitcard" }, h("h3", { class: "lw-h", text: "Fit of the surrogate" }), dl);
  return {
    root,
    update(d) {
      setText(cells.score, fmt(d.score, 2));
      setAttr(cells.score, "data-value", exact(d.score) || null);
      const model = d.regression && d.proba.length === 1 ? d.proba[0] : d.proba[d.label];
      setText(cells.pred, `${fmt(d.localPred)} vs ${fmt(model)}`);
      setText(cells.samples, `${fmtInt(d.numSamples)} \u00b7 ${d.seed ?? "\u2013"}`);
      const s = d.modelStats;
      setText(cells.calls, s ? `${fmtInt(s.calls)} (${fmtInt(s.rows)} rows, ${fmtSeconds(s.seconds)})` : "\u2013");
      setText(cells.checks, checksText(s ? s.checks : undefined));
      const path = s && typeof s.path === "string" ? s.path : "";
      setText(cells.path, path || "a black box (inputs built in full)");
      setAttr(cells.path, "title", path || null);
    },
  };
}
