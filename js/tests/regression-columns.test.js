import { describe, it, expect } from "vitest";
import { F, clone, useViews } from "./helpers.js";
import { checkPoints } from "../src/components/trust.js";
import { derive } from "../src/core.js";
import { fakeModel } from "./helpers.js";

// Several regression outputs (mode="regression" with (n, k) values): each explained column is a label,
// shown as a value on the value_range scale, not as a probability.
const view = useViews();
const click = (el) => el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
const lineVal = (block, kind) => block.querySelector(`.lw-${kind} .lw-val`).textContent;

function twoColumns() {
  const s = clone(F.regression);
  s.class_names = ["stars", "helpful"];
  s.labels = [0, 1];
  s.label = 0;
  for (const k of ["weights", "selected", "intercept", "score", "local_pred"]) s[k]["1"] = clone(s[k]["0"]);
  s.intercept["1"] = 0.5;
  s.local_pred["1"] = 0.7;
  s.proba = [3.64, 0.8];
  s.value_range = { 0: [1.3, 4.9], 1: [0.2, 1.0] }; // each column on its own scale
  s.counterfactual = { off: [], proba: [3.64, 0.8], error: null, input: null };
  return s;
}

describe("regression with several columns", () => {
  it("a block per explained column with its own value, and the fit card compares the label's value", () => {
    const { el, $ } = view(twoColumns());
    const blocks = [...el.querySelectorAll(".lw-pc")];
    expect(blocks.map((b) => b.querySelector(".lw-pc-name").textContent)).toEqual(["stars", "helpful"]);
    expect($(".lw-probs .lw-h").textContent).toBe("Predicted value");
    expect(lineVal(blocks[0], "orig")).toBe("3.640");
    expect(lineVal(blocks[1], "orig")).toBe("0.800");
    // each column on its own range: (3.64 - 1.3) / 3.6 and (0.8 - 0.2) / 0.8, not 0.8 on the first column's scale
    expect(blocks[0].querySelector(".lw-orig .lw-fill").style.width).toBe("65.0%");
    expect(blocks[1].querySelector(".lw-orig .lw-fill").style.width).toBe("75.0%");
    expect($(".lw-probs > .lw-note").textContent).toBe("\u201cstars\u201d bar scale 1.300 \u2013 4.900: the model over the samples");
    expect($(".lw-fitcard").textContent).toContain("vs 3.64");
    click(blocks[1].querySelector(".lw-pc-name"));
    expect($(".lw-fitcard").textContent).toContain("vs 0.8");
    expect($(".lw-probs > .lw-note").textContent).toContain("\u201chelpful\u201d bar scale 0.200 \u2013 1.000");
  });

  it("titles and tooltips name the selected column, not \"the prediction\"", () => {
    const { el, $ } = view(twoColumns());
    // every title, aria-label and the legend
    const texts = () => [$(".lw-legend").textContent, ...[...el.querySelectorAll("[title], [aria-label]")]
      .flatMap((e) => [e.getAttribute("title"), e.getAttribute("aria-label")])].join(" | ");
    const title = () => [...el.querySelectorAll(".lw-h")].map((x) => x.textContent).find((t) => t.startsWith("Top "));
    expect(title()).toBe("Top words for \u201cstars\u201d");
    expect($(".lw-legend").textContent).toContain("raises \u201cstars\u201d");
    expect(texts()).not.toContain("the prediction");
    expect($(".lw-picker").textContent).not.toContain("the predicted value");
    click([...el.querySelectorAll(".lw-pc")][1].querySelector(".lw-pc-name"));
    expect(title()).toBe("Top words for \u201chelpful\u201d");
    expect($(".lw-legend").textContent).toContain("lowers \u201chelpful\u201d");
    expect([...el.querySelectorAll(".lw-tok")].some((t) => /(raises|lowers) \u201chelpful\u201d/.test(t.getAttribute("title")))).toBe(true);
    expect(texts()).not.toContain("the prediction");
  });
  it("one regression value is still \"the prediction\"", () => {
    const { el, $ } = view(clone(F.regression));
    expect([...el.querySelectorAll(".lw-h")].map((x) => x.textContent)).toContain("Top words for the prediction");
    expect($(".lw-legend").textContent).toContain("raises the prediction");
  });
  it("the hand-check scatter reads the selected column of each check", () => {
    const s = twoColumns();
    s.history = [{ off: [1], edits: {}, model: [3.1, 0.4], surrogate: { 0: 3.0, 1: 0.45 }, error: null }];
    expect(checkPoints(derive(fakeModel(s)))).toEqual([[3.0, 3.1]]);
    s.label = 1;
    expect(checkPoints(derive(fakeModel(s)))).toEqual([[0.45, 0.4]]);
  });
});
