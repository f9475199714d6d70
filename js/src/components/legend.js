// Legend of the diverging weight scale for the selected label.
import { h, setText, setAttr } from "../dom.js";
import { fmt, exact } from "../format.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Noun} Noun
 * @typedef {import("../types.js").Part} Part
 */

/** @returns {Part} */
export function scaleLegend() {
  const lo = h("span", { class: "lw-leg-n" });
  const hi = h("span", { class: "lw-leg-n" });
  const against = h("span", { class: "lw-leg-t" });
  const towards = h("span", { class: "lw-leg-t" });
  const root = h("div", { class: "lw-legend" },
    against, lo, h("span", { class: "lw-leg-bar", "aria-hidden": "true" }), hi, towards);
  return {
    root,
    update(d) {
      const name = d.className(d.label);
      setText(against, d.regression ? `lowers ${d.target}` : `against ${name}`);
      setText(towards, d.regression ? `raises ${d.target}` : `towards ${name}`);
      setAttr(against, "title", against.textContent);
      setAttr(towards, "title", towards.textContent);
      setText(lo, "\u2212" + fmt(d.scale));
      setText(hi, "+" + fmt(d.scale));
      setAttr(lo, "data-value", exact(-d.scale));
      setAttr(hi, "data-value", exact(d.scale));
    },
  };
}
