// The frame every explanation view shares: a header (class picker, status, the view's Reset if it
// keeps it there) and an error box above two columns, the input with its weight chart on the left,
// the probability and fit panels on the right. The frame owns and updates those shared parts; the
// view builds and updates its own input card and chart.
import { h } from "../dom.js";
import { classPicker } from "./picker.js";
import { statusBar, errorBox, rejectedLine } from "./status.js";
import { probPanel } from "./probs.js";
import { fitPanel } from "./fit.js";
import { trustPanel } from "./trust.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Noun} Noun
 * @typedef {import("../types.js").Part} Part
 */

/** `inputCard`: the view's own section (document, image, feature table); `chart`: its weight chart;
 * `reset`: a Reset button for the header, or null. The header also holds the line that says why
 * the kernel rejected the last write (the `rejected` trait; hidden when there is none).
 * @param {Ctx} ctx @param {Actions} actions @param {string} kind @param {Frame} d
 * @param {{ noun: Noun, reset?: HTMLElement | null, inputCard: HTMLElement, chart: { root: HTMLElement } }} parts
 * @returns {Part} */
export function viewLayout(ctx, actions, kind, d, { noun, reset = null, inputCard, chart }) {
  const picker = classPicker(ctx, actions, d);
  const status = statusBar(ctx, noun);
  const err = errorBox();
  const probs = probPanel(ctx, actions, d);
  const fit = fitPanel(ctx, d);
  const trust = trustPanel(ctx, actions);
  const rejected = rejectedLine();
  const header = h("div", { class: "lw-head" }, picker.root, status.root, reset, rejected.root);
  const left = h("div", { class: "lw-col" }, inputCard, chart.root);
  const root = h("div", { class: `lw-root lw-kind-${kind}` + (d.offline ? " lw-offline" : "") },
    header, err.root, h("div", { class: "lw-main" }, left, h("div", { class: "lw-col" }, probs.root, fit.root, trust.root)));
  return {
    root,
    update(d) {
      picker.update(d);
      status.update(d);
      rejected.update(d);
      err.update(d);
      probs.update(d);
      fit.update(d);
      trust.update(d);
    },
  };
}

/** The Reset button (every switched-off feature back, every edit undone).
 * @param {Ctx} ctx @param {Actions} actions @param {string} title */
export function resetButton(ctx, actions, title) {
  const b = h("button", { type: "button", class: "lw-btn lw-reset", text: "Reset", title });
  ctx.listen(b, "click", () => actions.reset());
  return b;
}
