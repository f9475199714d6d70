// Entry shared by the anywidget bundle and the standalone renderer: dispatch on `kind`.
import { mountView } from "./core.js";
import { h } from "./dom.js";
import { textView } from "./views/text.js";
import { imageView } from "./views/image.js";
import { tabularView } from "./views/tabular.js";
import { pickView } from "./views/pick.js";
import { progressView } from "./views/progress.js";
import { compareView } from "./views/compare.js";

/** @type {Record<string, import("./types.js").Builder>} */
export const VIEWS = {
  text: textView,
  image: imageView,
  tabular: tabularView,
  pick: pickView,
  progress: progressView,
  compare: compareView,
  unsupported(ctx, actions, d) {
    return {
      root: h("div", { class: "lw-root" }, h("div", { class: "lw-error", text: `lime_widgets: unsupported view kind \u201c${d.kind}\u201d` })),
      update() {},
    };
  },
};

/** @param {{ model: import("./types.js").Model, el: HTMLElement }} args */
export function render({ model, el }) {
  return mountView(model, el, VIEWS);
}
