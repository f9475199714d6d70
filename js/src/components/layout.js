// The frame every explanation view shares: header and error box above two columns, the input with
// its weight chart on the left, the probability and fit panels on the right.
import { h } from "../dom.js";

/** `inputCard`: the view's own section (document, image, feature table); `right`: the side panels. */
export function viewLayout(kind, d, { header, err, inputCard, chart, right }) {
  const left = h("div", { class: "lw-col" }, inputCard, chart.root);
  return h("div", { class: `lw-root lw-kind-${kind}` + (d.offline ? " lw-offline" : "") },
    header, err.root, h("div", { class: "lw-main" }, left, h("div", { class: "lw-col" }, ...right)));
}
