// Legend of the diverging weight scale for the selected label.
import { h, setText } from "../dom.js";
import { fmt } from "../format.js";

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
      setText(against, d.regression ? "lowers the prediction" : `against ${name}`);
      setText(towards, d.regression ? "raises the prediction" : `towards ${name}`);
      setText(lo, "\u2212" + fmt(d.scale));
      setText(hi, "+" + fmt(d.scale));
    },
  };
}
