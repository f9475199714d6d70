// The trust panel (components/trust.js) in the shared frame: whiskers, tie tags and spread bands on
// the weight chart, the stability button and summary, the faithfulness curves, the hand-check
// scatter, warnings, the saved (offline) page, hostile strings.
import { describe, it, expect } from "vitest";
import { F, useViews, clone, PAYLOADS, fid } from "./helpers.js";
import { trackPct } from "../src/components/trust.js";

const view = useViews();
const S = F.sentiment; // label 1 ("positive"), weights of label 1: wonderful (id 3) the largest
const W = (j) => S.weights["1"][j];
const row = (el, j) => el.querySelector(`.lw-wrow[data-fid="${j}"]`);
const pct = (s) => Number(String(s).replace("%", ""));

function withTrust(extra = {}) {
  const st = clone(S);
  const [a, b] = [fid(S, "wonderful"), fid(S, "boring")];
  st.intervals = { 1: { [a]: [W(a) - 0.05, W(a) + 0.04], [b]: [W(b) - 0.02, W(b) + 0.03] }, 0: {} };
  st.ties = { 1: [[a, b]], 0: [] };
  st.warnings = { 1: ["low R\u00b2 0.31 (< 0.5): the linear surrogate misses much of the model's local behaviour"], 0: [] };
  st.stability_seeds = 0;
  st.stability = { state: "idle", done: 0, total: 0, message: "", labels: {} };
  st.curves_label = -1;
  st.curves = { state: "idle", label: -1, message: "", labels: {} };
  st.history = [];
  return Object.assign(st, extra);
}

const STAB = (a) => ({
  state: "done", done: 9, total: 9, message: "",
  labels: { 1: { k: 5, seeds: 10, jaccard: 0.9166, jaccard_min: 0.667, vsi: 0.94, csi: 0.8, spread: { [a]: [0.25, 0.36] } } },
});

describe("trust marks on the weight chart", () => {
  it("draws each shown weight's 95% interval as a whisker on its bar", () => {
    const { el } = view(withTrust());
    const a = fid(S, "wonderful");
    const ci = row(el, a).querySelector(".lw-wci");
    expect(ci.hidden).toBe(false);
    const scale = Math.max(...S.selected["1"].map((j) => Math.abs(W(j))));
    expect(pct(ci.style.left)).toBeCloseTo(trackPct(W(a) - 0.05, scale), 1);
    expect(pct(ci.style.left) + pct(ci.style.width)).toBeCloseTo(trackPct(W(a) + 0.04, scale), 1);
    expect(row(el, a).getAttribute("title")).toMatch(/95% interval \+0\.262 to \+0\.352/);
    // a feature without an interval has no whisker
    expect(row(el, fid(S, "rushed")).querySelector(".lw-wci").hidden).toBe(true);
  });

  it("marks tied features, naming the other one in the title", () => {
    const { el } = view(withTrust());
    const [a, b] = [fid(S, "wonderful"), fid(S, "boring")];
    const tags = [...el.querySelectorAll(".lw-tie")].filter((t) => !t.hidden);
    expect(tags.length).toBe(2);
    expect(row(el, a).querySelector(".lw-tie").getAttribute("title")).toMatch(/^tied with boring: their 95% weight intervals overlap/);
    expect(row(el, b).querySelector(".lw-tie").getAttribute("title")).toMatch(/^tied with wonderful/);
    expect(row(el, b).querySelector(".lw-tie").classList.contains("lw-tie-r")).toBe(W(b) < 0);
  });

  it("shows the spread across seeds as a band once the stability check is done", () => {
    const a = fid(S, "wonderful");
    const { el, model } = view(withTrust());
    expect(row(el, a).querySelector(".lw-wspread").hidden).toBe(true);
    model.set("stability", STAB(a));
    const band = row(el, a).querySelector(".lw-wspread");
    expect(band.hidden).toBe(false);
    expect(pct(band.style.width)).toBeGreaterThan(0);
    expect(row(el, a).getAttribute("title")).toMatch(/across seeds \+0\.250 to \+0\.360/);
  });
});

describe("stability check", () => {
  it("the button writes a request; progress, then the one-line summary", () => {
    const a = fid(S, "wonderful");
    const { el, model, $ } = view(withTrust());
    const btn = $(".lw-stab-b");
    expect(btn.textContent).toBe("Check stability");
    btn.click();
    expect(model.get("stability_seeds")).toBe(10);
    expect(model.saves).toBe(1);
    expect(btn.disabled).toBe(true);
    expect($(".lw-stab-t").textContent).toBe("asking the kernel\u2026");
    model.set("stability", { state: "running", done: 3, total: 9, message: "", labels: {} });
    expect($(".lw-stab-t").textContent).toBe("re-explaining: 3 of 9 more seeds\u2026");
    expect($(".lw-stab-bar").hidden).toBe(false);
    model.set("stability_seeds", 0);
    model.set("stability", STAB(a));
    expect($(".lw-stab").getAttribute("data-state")).toBe("done");
    expect($(".lw-stab-t").textContent).toBe("Top-5 words agree across 10 seeds: Jaccard 0.92 (min 0.67), VSI 0.94, CSI 0.80");
    expect($(".lw-stab-bar").hidden).toBe(true);
    expect(btn.disabled).toBe(false);
    expect(btn.textContent).toBe("Check with 20 seeds");
    expect(el.querySelector(".lw-stab-t").getAttribute("title")).toMatch(/^Jaccard: mean overlap/);
    btn.click();
    expect(model.get("stability_seeds")).toBe(20);
  });

  it("an error is shown as text and the button asks again", () => {
    const { model, $ } = view(withTrust());
    model.set("stability", { state: "error", done: 0, total: 0, message: PAYLOADS[0], labels: {} });
    expect($(".lw-stab-t").textContent).toBe("the stability check failed: " + PAYLOADS[0]);
    expect($(".lw-stab-t").children.length).toBe(0);
    expect($(".lw-stab-b").textContent).toBe("Try again");
  });
});

describe("faithfulness curves", () => {
  const curve = (n, f) => Array.from({ length: n }, (_, i) => f(i / (n - 1)));
  const curvesOf = (n) => ({
    deletion: { model: curve(n, (x) => 0.9 - 0.8 * x), random: curve(n, (x) => 0.9 - 0.4 * x), auc: 0.5, random_auc: 0.7 },
    insertion: { model: curve(n, (x) => 0.1 + 0.8 * x), random: curve(n, (x) => 0.1 + 0.4 * x), auc: 0.5, random_auc: 0.3 },
  });

  it("a button asks for the selected label's curves; two charts with the AUCs and the hand mask marked", () => {
    const n = S.feature_names.length + 1;
    const { model, $, $$ } = view(withTrust());
    $(".lw-curves-b").click();
    expect(model.get("curves_label")).toBe(1);
    expect($(".lw-curves-b").disabled).toBe(true);
    model.set("curves", { state: "done", label: 1, message: "", labels: { 1: curvesOf(n) } });
    model.set("curves_label", -1);
    expect($(".lw-curves-b").hidden).toBe(true);
    expect($$(".lw-curve").length).toBe(2);
    expect($(".lw-curve-deletion .lw-cmodel").getAttribute("points").split(" ").length).toBe(n);
    expect($$(".lw-cauc").map((e) => e.textContent)).toEqual(["AUC 0.500", "random 0.700", "AUC 0.500", "random 0.300"]);
    const mark = $(".lw-curve-deletion .lw-cmark");
    expect(mark.classList.contains("lw-hide")).toBe(false); // nothing off: the original answer at step 0
    const off = [fid(S, "wonderful"), fid(S, "boring")].sort((x, y) => x - y);
    model.set("off", off);
    expect(mark.classList.contains("lw-hide")).toBe(true); // pending: no model answer yet
    model.set("counterfactual", { off, proba: [0.6, 0.4], error: null, input: null });
    expect(mark.classList.contains("lw-hide")).toBe(false);
    expect(mark.textContent).toBe("your mask: 2 words off, the model answers 0.400");
    // the other label has none yet: the button is back
    model.set("label", 0);
    expect($(".lw-curves-b").hidden).toBe(false);
  });
});

describe("hand checks and warnings", () => {
  it("a scatter of the checks for the selected label, the latest ringed, and their mean gap", () => {
    const history = [
      { off: [3], edits: {}, model: [0.4, 0.6], surrogate: { 0: 0.35, 1: 0.65 }, error: null },
      { off: [3, 5], edits: {}, model: null, surrogate: { 0: 0.3, 1: 0.7 }, error: "boom" },
      { off: [5], edits: {}, model: [0.2, 0.8], surrogate: { 0: 0.25, 1: 0.9 }, error: null },
    ];
    const { model, $, $$ } = view(withTrust({ history }));
    expect($$(".lw-scatter .lw-pt").length).toBe(2); // the failed check has no model answer
    expect($$(".lw-scatter .lw-latest").length).toBe(1);
    expect($(".lw-checks-t").textContent).toBe("Hand checks: 2, mean |model \u2212 surrogate| 0.075 (latest ringed)");
    expect(Number($(".lw-checks-t").getAttribute("data-value"))).toBeCloseTo(0.075, 12);
    model.set("history", [...history, { off: [1], edits: {}, model: [0.5, 0.5], surrogate: { 0: 0.5, 1: 0.5 }, error: null }]);
    expect($$(".lw-scatter .lw-pt").length).toBe(3);
    expect($(".lw-scatter .lw-latest title").textContent).toBe("check 3: model 0.500, surrogate 0.500, gap 0.000");
  });

  it("shows the engine's warnings as lines, and says when the estimate of the mask leaves [0, 1]", () => {
    const { model, $, $$ } = view(withTrust());
    expect($$(".lw-warn").map((w) => w.textContent)).toEqual(["\u26a0low R\u00b2 0.31 (< 0.5): the linear surrogate misses much of the model's local behaviour"]);
    model.set("intercept", { ...S.intercept, 1: 1.5 });
    model.set("off", [fid(S, "boring")]);
    const lines = $$(".lw-warn").map((w) => w.textContent);
    expect(lines[1]).toMatch(/estimate for this mask is \d+\.\d{3}, outside \[0, 1\].*clipped/);
    expect($(".lw-probs .lw-est.lw-clipped")).not.toBe(null);
  });

  it("hostile strings in warnings and messages stay text", () => {
    const { el, model } = view(withTrust({ warnings: { 1: PAYLOADS, 0: [] } }));
    model.set("curves", { state: "error", label: 1, message: PAYLOADS[3], labels: {} });
    const panel = el.querySelector(".lw-trust");
    expect([...panel.querySelectorAll(".lw-warn")].map((w) => w.textContent.slice(1))).toEqual(PAYLOADS);
    expect(panel.querySelector(".lw-curves-t").textContent).toBe("the curves failed: " + PAYLOADS[3]);
    expect(panel.querySelectorAll("img, script, iframe, a, object, embed, svg").length).toBe(0);
    for (const e of panel.querySelectorAll("*")) for (const a of e.getAttributeNames()) expect(a.startsWith("on")).toBe(false);
  });
});

describe("saved page (offline)", () => {
  it("the buttons are disabled with a title saying why; a result computed before saving still shows", () => {
    const a = fid(S, "wonderful");
    const { $ } = view(withTrust({ _offline: true, stability: STAB(a) }));
    const btn = $(".lw-stab-b");
    expect(btn.disabled).toBe(true);
    expect(btn.getAttribute("title")).toMatch(/^saved view: there is no kernel/);
    expect($(".lw-stab-t").textContent).toMatch(/^Top-5 words agree across 10 seeds/);
    expect($(".lw-curves-b").disabled).toBe(true);
    expect(row($(".lw-root"), a).querySelector(".lw-wspread").hidden).toBe(false);
  });

  it("an older saved state without the trust traits renders an empty panel", () => {
    const { $ } = view({ ...clone(S), _offline: true });
    expect($(".lw-trust")).not.toBe(null);
    expect($(".lw-warns").hidden).toBe(true);
    expect($(".lw-checks-t").textContent).toMatch(/^Hand checks: none yet/);
  });
});
