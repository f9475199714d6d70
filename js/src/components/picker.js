// Class picker over `labels`: segmented buttons for a few labels, a <select> for many.
import { h, setAttr, toggleClass } from "../dom.js";

const MAX_BUTTONS = 5;

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Noun} Noun
 * @typedef {import("../types.js").Part} Part
 */

/** @param {Ctx} ctx @param {Actions} actions @param {Frame} d @returns {Part} */
export function classPicker(ctx, actions, d) {
  const root = h("div", { class: "lw-picker" }, h("span", { class: "lw-picker-k", text: "Explaining" }));
  /** @type {(d: Frame) => void} */
  let update;
  if (d.labels.length <= 1) {
    const name = h("span", { class: "lw-picker-one", text: d.regression && !d.multiOutput ? "the predicted value" : d.className(d.label) });
    root.appendChild(name);
    update = () => {};
  } else if (d.labels.length <= MAX_BUTTONS) {
    const group = h("div", { class: "lw-seg", role: "group", "aria-label": "Class to explain" });
    const buttons = d.labels.map((l) => {
      const b = h("button", { type: "button", class: "lw-seg-b", "data-label": l, text: d.className(l), title: d.className(l) });
      ctx.listen(b, "click", () => actions.setLabel(l));
      group.appendChild(b);
      return b;
    });
    root.appendChild(group);
    update = (d2) =>
      buttons.forEach((b, i) => {
        const on = d2.labels[i] === d2.label;
        setAttr(b, "aria-pressed", on ? "true" : "false");
        toggleClass(b, "lw-on", on);
      });
  } else {
    const sel = h("select", { class: "lw-select", "aria-label": "Class to explain" });
    for (const l of d.labels) sel.appendChild(h("option", { value: l, text: d.className(l) }));
    ctx.listen(sel, "change", () => actions.setLabel(Number(sel.value)));
    root.appendChild(sel);
    update = (d2) => {
      if (sel.value !== String(d2.label)) sel.value = String(d2.label);
    };
  }
  return { root, update };
}
