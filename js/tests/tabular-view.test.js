import { describe, it, expect, vi } from "vitest";
import { F, clone, mount, useViews, cssRules, areaRows, PAYLOADS, assertInert } from "./helpers.js";
import { binOf, tabularZ, estimate } from "../src/estimate.js";
import { normEdits, sameEdits, isCurrent, modelNow } from "../src/pending.js";
import { conditionOf, displayValue, formatValue, LONG_CATEGORY } from "../src/views/tabular.js";
import { TIMEOUT_MS } from "../src/core.js";
import "../src/standalone.js";

/** The tabular estimate as core.js derive() computes it: intercept + sum of weight x z. */
const tabularEstimate = (intercept, weights, columns, offSet, edits) =>
  estimate(intercept, weights, offSet, tabularZ(columns, offSet, edits));

const T = F.titanic; // 0 gender, 1 age, 2 class, 3 embarked, 4 fare, 5 sibsp, 6 parch; label 1 "survived"
const D = F.diabetes; // regression, no discretization: z = (v - mean) / scale
const view = useViews();

const click = (el) => el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
const key = (el, k) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
const line = (el, j) => el.querySelector(`.lw-tline[data-fid="${j}"]`);
const sw = (el, j) => line(el, j).querySelector(".lw-sw");
const editor = (el, j) => line(el, j).querySelector(".lw-tin");
const typeNum = (el, j, v) => {
  const inp = editor(el, j);
  inp.value = String(v);
  fire(inp, "change");
};
const pick = (el, j, v) => {
  const s = editor(el, j);
  s.value = v;
  fire(s, "change");
};
const est = (el) => el.querySelector(".lw-pc .lw-est .lw-val").textContent;
const now = (el) => el.querySelector(".lw-pc .lw-now .lw-val").textContent;
const state = (el) => el.querySelector(".lw-status").getAttribute("data-state");
const cfFor = (off, edits, proba, extra = {}) => ({ off, edits, proba, error: null, input: null, ...extra });

// ---------------------------------------------------------------------------------------------
describe("tabular estimate (pure)", () => {
  // hand-made: 0 categorical ("a"), 1 binned (borders 1, 2, 3; the row in bin 1), 2 scaled (mean 10, scale 2)
  const cols = [
    { type: "categorical", raw: "a", z0: 1 },
    { type: "numeric", raw: 1.5, borders: [1, 2, 3], bin: 1, z0: 1 },
    { type: "numeric", raw: 14, borders: null, mean: 10, scale: 2, z0: 2 },
  ];
  const w = [0.5, -0.25, 0.1];
  const e = (off, edits) => tabularEstimate(0.2, w, cols, new Set(off), normEdits(edits));

  it("bins count the borders strictly below (searchsorted side=left: a value on a border is in the lower bin)", () => {
    expect(binOf([1, 2, 3], 0.5)).toBe(0);
    expect(binOf([1, 2, 3], 1)).toBe(0);
    expect(binOf([1, 2, 3], 1.0001)).toBe(1);
    expect(binOf([1, 2, 3], 2)).toBe(1);
    expect(binOf([1, 2, 3], 3)).toBe(2);
    expect(binOf([1, 2, 3], 3.5)).toBe(3);
    expect(binOf([0], 0)).toBe(0);
    expect(binOf([0], 0.5)).toBe(1);
  });

  it("z: off 0; edits by bin / category / scaling; otherwise z0", () => {
    expect(tabularZ(cols, new Set(), new Map())).toEqual([1, 1, 2]);
    expect(tabularZ(cols, new Set([0, 2]), new Map())).toEqual([0, 1, 0]);
    expect(tabularZ(cols, new Set(), normEdits({ 0: "b", 1: 2, 2: 16 }))).toEqual([0, 1, 3]);
    expect(tabularZ(cols, new Set(), normEdits({ 0: "a", 1: 1 }))).toEqual([1, 0, 2]);
  });

  it("hand-computed estimates", () => {
    expect(e([], {})).toBeCloseTo(0.2 + 0.5 - 0.25 + 0.2, 12); // 0.65
    expect(e([0], {})).toBeCloseTo(0.15, 12);
    expect(e([], { 1: 2 })).toBeCloseTo(0.65, 12); // exactly on the border 2: still bin 1
    expect(e([], { 1: 2.0001 })).toBeCloseTo(0.9, 12); // bin 2: the weight -0.25 no longer counts
    expect(e([], { 1: 1 })).toBeCloseTo(0.9, 12); // on the lower border: bin 0
    expect(e([], { 2: 16 })).toBeCloseTo(0.75, 12); // z = (16 - 10) / 2 = 3
    expect(e([], { 2: 7 })).toBeCloseTo(0.2 + 0.5 - 0.25 - 0.15, 12); // z = -1.5
    expect(e([], { 0: "b" })).toBeCloseTo(0.15, 12);
    expect(e([], { 0: "a" })).toBeCloseTo(0.65, 12);
    expect(e([0, 1, 2], {})).toBeCloseTo(0.2, 12);
    expect(e([1], { 0: "b", 2: 12 })).toBeCloseTo(0.2 + 0.1, 12);
  });

  // expected values: view.estimate() in Python for the same state (dev/make_tabular_fixtures.py prints them)
  const TITANIC = [
    [[], {}, 0.15119939604450705],
    [[0], {}, 0.6370058724874061],
    [[], { 1: 30.0 }, 0.21358948046980542],
    [[], { 1: 38.0 }, 0.21358948046980542], // on the border 38: the lower bin (29, 38]
    [[], { 1: 38.0001 }, 0.15119939604450705],
    [[], { 5: 0.0 }, 0.15119939604450705], // sibsp border 0: 0 stays in "sibsp <= 0.00"
    [[], { 5: 0.5 }, 0.11844472580500964],
    [[], { 0: "female" }, 0.6370058724874061],
    [[2], { 0: "female", 4: 7.1506, 1: 50.0 }, 0.6614343961665285],
    [[0, 1, 2, 3, 4, 5, 6], {}, 0.7294049621177032],
    [[3], { 4: 7.2, 2: "1st" }, 0.22088657198632333],
  ];
  const DIABETES = [
    [[], {}, 206.88499537960175],
    [[2], {}, 172.72067050557715],
    [[], { 2: 25.0 }, 164.5094037746595],
    [[0, 8], { 2: 40.0, 3: 90.0 }, 235.11607468983885],
  ];
  it("matches Python's view.estimate() on the real titanic state", () => {
    for (const [off, edits, want] of TITANIC)
      expect(tabularEstimate(T.intercept["1"], T.weights["1"], T.columns, new Set(off), normEdits(edits))).toBeCloseTo(want, 10);
  });
  it("matches Python's view.estimate() on the real diabetes state (no discretization)", () => {
    for (const [off, edits, want] of DIABETES)
      expect(tabularEstimate(D.intercept["0"], D.weights["0"], D.columns, new Set(off), normEdits(edits))).toBeCloseTo(want, 8);
  });

  it("edits compare numbers numerically and categories as strings", () => {
    expect(sameEdits({ 1: 30 }, { 1: 30.0 })).toBe(true);
    expect(sameEdits({ 1: 30 }, { 1: "30" })).toBe(true);
    expect(sameEdits({ 1: 30 }, { 1: 31 })).toBe(false);
    expect(sameEdits({ 2: "1st" }, { 2: "1st" })).toBe(true);
    expect(sameEdits({ 2: "1st" }, { 2: "2nd" })).toBe(false);
    expect(sameEdits({ 2: "1st" }, { 2: "1st", 3: "x" })).toBe(false);
    expect(sameEdits({}, undefined)).toBe(true);
    expect(isCurrent([0], { off: [0], edits: {} }, normEdits({ 1: 3 }))).toBe(false);
    expect(isCurrent([0], { off: [0], edits: { 1: 3 } }, normEdits({ 1: 3 }))).toBe(true);
    expect(isCurrent([0], { off: [0] })).toBe(true); // text / image: no edits
    expect(modelNow({ off: [], edits: { 1: 3 }, proba: [0.5, 0.5], counterfactual: { off: [], edits: {}, proba: [0.5, 0.5] } }).kind).toBe("pending");
  });

  it("conditions and values as the kernel names them", () => {
    const age = T.columns[1];
    expect(conditionOf(age, 30)).toBe("29.00 < age <= 38.00");
    expect(conditionOf(age, 38)).toBe("29.00 < age <= 38.00");
    expect(conditionOf(age, 10)).toBe("age <= 22.00");
    expect(conditionOf(age, 50)).toBe(age.condition);
    expect(conditionOf(T.columns[2], "1st")).toBe("class=1st");
    expect(displayValue(age, 30)).toBe("30");
    expect(displayValue(T.columns[2], "1st")).toBe("1st");
  });
});

// ---------------------------------------------------------------------------------------------
describe("tabular view: lines", () => {
  it("one line per feature: name, value and condition as text", () => {
    const { el, $$ } = view(T);
    const lines = $$(".lw-tline[data-fid]");
    expect(lines.length).toBe(7);
    T.columns.forEach((c, j) => {
      expect(line(el, j).querySelector(".lw-tname").textContent).toBe(c.name);
      expect(line(el, j).querySelector(".lw-tv-old").textContent).toBe(c.value);
      expect(line(el, j).querySelector(".lw-tcond").textContent).toBe(c.condition);
    });
    expect(line(el, 1).querySelector(".lw-tcond").textContent).toBe("age > 38.00");
    expect(editor(el, 1).tagName).toBe("INPUT");
    expect(editor(el, 1).getAttribute("type")).toBe("number");
    expect(Number(editor(el, 1).getAttribute("min"))).toBeCloseTo(T.columns[1].min);
    expect(Number(editor(el, 1).getAttribute("max"))).toBe(74);
    expect(editor(el, 1).value).toBe("42");
    expect(editor(el, 2).tagName).toBe("SELECT");
    expect([...editor(el, 2).options].map((o) => o.textContent)).toEqual(T.columns[2].categories);
    expect(editor(el, 2).value).toBe("3rd");
    // weights on the shared scale: gender (-0.486) is the largest
    expect(line(el, 0).querySelector(".lw-wfill").classList.contains("lw-neg")).toBe(true);
    expect(line(el, 0).querySelector(".lw-wfill").style.width).toBe("50.0%");
    expect(line(el, 5).querySelector(".lw-wfill").classList.contains("lw-pos")).toBe(true);
    expect(el.querySelector(".lw-status").textContent).toBe("Switch features off or edit their values to ask the model again");
    expect(el.querySelector(".lw-reset").disabled).toBe(true);
    expect(est(el)).toBe("0.151");
  });
});

describe("tabular view: long category names", () => {
  const LONG = "1st (a very long category name indeed, longer than the box)";
  const withLong = () => {
    const st = clone(T);
    st.columns[2].categories = st.columns[2].categories.map((c) => (c === "1st" ? LONG : c));
    return st;
  };
  const wide = (el) => [...el.querySelectorAll(".lw-tline[data-fid]")].filter((l) => l.classList.contains("lw-twide")).map((l) => +l.dataset.fid);

  it("normal names keep one line per feature: no line is wide", () => {
    const { el } = view(T);
    // the longest titanic categories ("victualling crew", "engineering crew") stay in the editor column
    expect(Math.max(...T.columns.flatMap((c) => (c.categories || []).map((x) => x.length)))).toBeLessThanOrEqual(LONG_CATEGORY);
    expect(wide(el)).toEqual([]);
  });

  it("a feature with a long category gets a line whose select has a row of its own, the name in full", () => {
    const { el, model } = view(withLong());
    expect(wide(el)).toEqual([2]);
    const sel = editor(el, 2);
    expect(sel.tagName).toBe("SELECT");
    expect([...sel.options].map((o) => o.textContent)).toContain(LONG);
    pick(el, 2, LONG);
    expect(model.get("edits")).toEqual({ 2: LONG });
    expect(sel.value).toBe(LONG);
    expect(sel.getAttribute("title")).toBe(`class: ${LONG}`);
    // the value column shows the chosen value in full (wrapping, never cut: see the styles test)
    expect(line(el, 2).querySelector(".lw-tv-new").textContent).toBe(LONG);
    expect(line(el, 2).querySelector(".lw-tcond").textContent).toBe(`class=${LONG}`);
  });

  it("a long value of the row itself (not among the categories) makes its line wide too", () => {
    const st = clone(T);
    st.columns[3] = { ...st.columns[3], raw: "Queenstown (Cobh), County Cork, Ireland", value: "Queenstown (Cobh), County Cork, Ireland" };
    const { el } = view(st);
    expect(wide(el)).toEqual([3]);
    expect(line(el, 3).querySelector(".lw-tv-old").textContent).toBe("Queenstown (Cobh), County Cork, Ireland");
  });

  it("styles: a wide line puts the editor on a row of its own (both layouts); values wrap instead of being cut", () => {
    const onOwnRow = (block) => areaRows(block).some((r) => r.includes("e") && r.every((a) => a === "e" || a === "sw"));
    const normal = cssRules(".lw-tline");
    const wideRules = cssRules(".lw-tline.lw-twide");
    expect(normal.length).toBe(2); // the table, and the narrow table (@container)
    expect(wideRules.length).toBe(2);
    for (const b of normal) expect(onOwnRow(b)).toBe(false); // short values: the editor beside the value
    for (const b of wideRules) {
      expect(onOwnRow(b)).toBe(true);
      // the other cells keep their places
      const rows = areaRows(b);
      expect(rows[0].slice(0, 3)).toEqual(["sw", "f", "v"]);
      expect(rows.flat()).toContain("w");
    }
    const values = cssRules(".lw-tv-old, .lw-tv-new").join();
    expect(values).not.toMatch(/text-overflow|nowrap/);
    expect(values).toMatch(/overflow-wrap:\s*anywhere/);
    expect(cssRules(".lw-twide select.lw-tin").join()).toMatch(/max-width:\s*none/); // not the 18em of .lw-select
  });
});

describe("tabular view: switches and edits", () => {
  it("the switch writes `off` and the line says what value the feature took", () => {
    const { el, model } = view(T);
    click(sw(el, 0));
    expect(model.get("off")).toEqual([0]);
    expect(model.saves).toBe(1);
    expect(sw(el, 0).getAttribute("aria-pressed")).toBe("true");
    expect(line(el, 0).classList.contains("lw-off")).toBe(true);
    expect(line(el, 0).querySelector(".lw-tv-new").textContent).toBe("female"); // off_value
    expect(line(el, 0).querySelector(".lw-tcond").textContent).toBe("gender=female");
    expect(line(el, 0).querySelector(".lw-tag").textContent).toBe("off");
    expect(est(el)).toBe("0.637");
    click(sw(el, 1));
    expect(model.get("off")).toEqual([0, 1]);
    expect(line(el, 1).querySelector(".lw-tv-new").textContent).toBe("25.27");
    expect(line(el, 1).querySelector(".lw-tcond").textContent).toBe("22.00 < age <= 29.00");
    click(sw(el, 0));
    expect(model.get("off")).toEqual([1]);
    expect(sw(el, 0).getAttribute("aria-pressed")).toBe("false");
  });

  it("a switched-off feature's editor shows the value the model is given", () => {
    const { el } = view(T);
    const editor = (j) => line(el, j).querySelector("input, select");
    expect(editor(1).value).toBe("42");
    expect(editor(0).value).toBe("male");
    click(sw(el, 1));
    click(sw(el, 0));
    expect(editor(1).value).toBe("25.27"); // off_value
    expect(editor(0).value).toBe("female");
    click(sw(el, 1));
    expect(editor(1).value).toBe("42");
  });

  it("a number edit writes a number on change / Enter, not on every keystroke", () => {
    const { el, model } = view(T);
    const inp = editor(el, 1);
    inp.value = "3";
    fire(inp, "input");
    inp.value = "30";
    fire(inp, "input");
    expect(model.saves).toBe(0);
    key(inp, "Enter");
    expect(model.get("edits")).toEqual({ 1: 30 });
    expect(typeof model.get("edits")["1"]).toBe("number");
    expect(model.saves).toBe(1);
    fire(inp, "change"); // the blur after Enter: same value, no second write
    expect(model.saves).toBe(1);
    expect(line(el, 1).classList.contains("lw-edited")).toBe(true);
    expect(line(el, 1).querySelector(".lw-tv-new").textContent).toBe("30");
    expect(line(el, 1).querySelector(".lw-tcond").textContent).toBe("29.00 < age <= 38.00");
    expect(est(el)).toBe("0.214");
    typeNum(el, 4, 7.2);
    expect(model.get("edits")).toEqual({ 1: 30, 4: 7.2 });
    expect(model.saves).toBe(2);
  });

  it("a category edit writes a string", () => {
    const { el, model } = view(T);
    pick(el, 2, "1st");
    expect(model.get("edits")).toEqual({ 2: "1st" });
    expect(typeof model.get("edits")["2"]).toBe("string");
    expect(line(el, 2).querySelector(".lw-tv-new").textContent).toBe("1st");
    expect(line(el, 2).querySelector(".lw-tcond").textContent).toBe("class=1st");
    pick(el, 0, "female");
    expect(model.get("edits")).toEqual({ 0: "female", 2: "1st" });
    // both leave the row's category: z = 0 for gender and class
    const w = T.weights["1"];
    expect(est(el)).toBe((0.15119939604450705 - w[0] - w[2]).toFixed(3));
  });

  it("the row's own value, the × button and an empty box remove the edit", () => {
    const { el, model } = view(T);
    pick(el, 2, "1st");
    pick(el, 2, "3rd");
    expect(model.get("edits")).toEqual({});
    typeNum(el, 1, 50);
    const x = line(el, 1).querySelector(".lw-tx");
    expect(x.disabled).toBe(false);
    x.focus();
    click(x);
    expect(model.get("edits")).toEqual({});
    expect(x.disabled).toBe(true);
    expect(editor(el, 1).value).toBe("42");
    expect(document.activeElement).toBe(editor(el, 1)); // the × hides itself; the focus goes to its box
    typeNum(el, 1, 50);
    typeNum(el, 1, "");
    expect(model.get("edits")).toEqual({});
    typeNum(el, 1, 42);
    expect(model.get("edits")).toEqual({});
  });

  it("off and edited are exclusive, each change in one save_changes", () => {
    const { el, model } = view(T);
    typeNum(el, 1, 30);
    const saves = model.saves;
    click(sw(el, 1)); // switching off drops the edit
    expect(model.get("off")).toEqual([1]);
    expect(model.get("edits")).toEqual({});
    expect(model.saves).toBe(saves + 1);
    expect(line(el, 1).classList.contains("lw-edited")).toBe(false);
    typeNum(el, 1, 50); // editing switches it back on
    expect(model.get("off")).toEqual([]);
    expect(model.get("edits")).toEqual({ 1: 50 });
    expect(model.saves).toBe(saves + 2);
    // the chart bar does what the switch does
    click(el.querySelector('.lw-wrow[data-fid="1"]'));
    expect(model.get("off")).toEqual([1]);
    expect(model.get("edits")).toEqual({});
    click(el.querySelector('.lw-wrow[data-fid="1"]'));
    expect(model.get("off")).toEqual([]);
  });

  it("Reset clears off and edits in one save_changes", () => {
    const { el, model } = view(T);
    click(sw(el, 0));
    typeNum(el, 1, 30);
    pick(el, 2, "1st");
    expect(el.querySelector(".lw-reset").disabled).toBe(false);
    const saves = model.saves;
    el.querySelector(".lw-reset").focus();
    click(el.querySelector(".lw-reset"));
    expect(model.get("off")).toEqual([]);
    expect(model.get("edits")).toEqual({});
    expect(model.saves).toBe(saves + 1);
    expect(el.querySelector(".lw-reset").disabled).toBe(true);
    expect(document.activeElement).toBe(sw(el, 0)); // the first switch, not the page
    expect(editor(el, 2).value).toBe("3rd");
    expect(est(el)).toBe("0.151");
  });

  it("Python's edits (e.g. normalised) are shown", () => {
    const { el, model } = view(T);
    model.set("edits", { 1: 60.0, 3: "Queenstown" });
    expect(editor(el, 1).value).toBe("60");
    expect(editor(el, 3).value).toBe("Queenstown");
    expect(line(el, 3).querySelector(".lw-tv-new").textContent).toBe("Queenstown");
  });
});

describe("tabular view: model answers", () => {
  it("pending until the counterfactual answers both off and edits; then its row and conditions", () => {
    const { el, model } = view(T);
    click(sw(el, 0));
    typeNum(el, 1, 30);
    expect(state(el)).toBe("pending");
    expect(el.querySelector(".lw-status").textContent).toBe("1 feature off, 1 edited \u2014 asking the model\u2026");
    model.set("counterfactual", cfFor([0], {}, [0.52, 0.48])); // answers the mask only
    expect(state(el)).toBe("pending");
    model.set("counterfactual", cfFor([0], { 1: 31 }, [0.5, 0.5]));
    expect(state(el)).toBe("pending");
    const row = ["female", "30.00", "3rd", "Southampton", "7.11", "0.00", "0.00"];
    const conditions = ["gender=female", "29.00 < age <= 38.00 (kernel)", "class=3rd", "embarked=Southampton", "0.00 < fare <= 7.15", "sibsp <= 0.00", "parch <= 0.00"];
    model.set("counterfactual", cfFor([0], { 1: 30.0 }, [0.3, 0.7], { row, conditions }));
    expect(state(el)).toBe("current");
    expect(now(el)).toBe("0.700");
    expect(line(el, 1).querySelector(".lw-tcond").textContent).toBe("29.00 < age <= 38.00 (kernel)");
    expect(el.querySelector(".lw-status").textContent).toBe("1 feature off, 1 edited \u2014 the model answered");
    // a new edit makes it pending again; categories compare as strings
    pick(el, 2, "1st");
    expect(state(el)).toBe("pending");
    model.set("counterfactual", cfFor([0], { 1: 30, 2: "1st" }, [0.2, 0.8], { row, conditions }));
    expect(state(el)).toBe("current");
    expect(now(el)).toBe("0.800");
  });

  it("the model's error is shown for the request it answered", () => {
    const { el, model } = view(T);
    pick(el, 3, "Belfast");
    model.set("counterfactual", { off: [], edits: { 3: "Belfast" }, proba: null, error: "ValueError: unknown category", input: null });
    expect(state(el)).toBe("error");
    expect(el.querySelector(".lw-error").hidden).toBe(false);
    expect(el.querySelector(".lw-error-msg").textContent).toBe("ValueError: unknown category");
  });

  it("times out to the estimate when the kernel does not answer an edit", () => {
    vi.useFakeTimers();
    const { el } = view(T);
    typeNum(el, 4, 60);
    expect(state(el)).toBe("pending");
    vi.advanceTimersByTime(TIMEOUT_MS + 10);
    expect(state(el)).toBe("timeout");
    expect(el.querySelector(".lw-pc .lw-est").classList.contains("lw-marked")).toBe(true);
    typeNum(el, 4, 61); // a new request: pending again
    expect(state(el)).toBe("pending");
  });

  it("offline: the estimate only, marked", () => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    const cleanup = window.limeWidgets.renderOffline(el, clone(T));
    view.track(cleanup);
    expect(el.querySelector(".lw-root").classList.contains("lw-offline")).toBe(true);
    expect(el.querySelector(".lw-status").textContent).toBe("Saved view: switch features off or edit values to see the surrogate's estimate");
    typeNum(el, 1, 30);
    expect(state(el)).toBe("offline");
    expect(el.querySelector(".lw-status").textContent).toBe("1 edited \u2014 estimate \u2014 no model in this saved view");
    expect(el.querySelector(".lw-pc .lw-est").classList.contains("lw-marked")).toBe(true);
    expect(est(el)).toBe("0.214");
    expect(line(el, 1).querySelector(".lw-tcond").textContent).toBe("29.00 < age <= 38.00");
  });

  it("regression without discretization: value scale, z per feature, estimate", () => {
    const { el } = view(D);
    expect(el.querySelector(".lw-probs .lw-h").textContent).toBe("Predicted value");
    expect(el.querySelector(".lw-picker").textContent).toContain("the predicted value");
    expect(est(el)).toBe("206.9");
    expect(line(el, 2).querySelector(".lw-tcond").textContent).toBe("z +1.30");
    typeNum(el, 2, 25);
    expect(est(el)).toBe("164.5");
    expect(line(el, 2).querySelector(".lw-tcond").textContent).toBe("z \u22120.31");
    click(sw(el, 8));
    expect(line(el, 8).querySelector(".lw-tcond").textContent).toBe("z 0.00");
    expect(el.querySelector(".lw-legend").textContent).toContain("raises the prediction");
    expect(el.querySelector(".lw-note").textContent).toContain("67.1");
  });

  it("cleanup removes every handler and makes controls inert", () => {
    const v = mount(T);
    expect(v.model.handlerCount()).toBeGreaterThan(0);
    const s = sw(v.el, 0);
    const inp = editor(v.el, 1);
    const sel = editor(v.el, 2);
    const reset = v.el.querySelector(".lw-reset");
    v.cleanup();
    expect(v.model.handlerCount()).toBe(0);
    expect(v.el.children.length).toBe(0);
    click(s);
    inp.value = "3";
    fire(inp, "change");
    key(inp, "Enter");
    sel.value = "1st";
    fire(sel, "change");
    click(reset);
    expect(v.model.sets.length).toBe(0);
    expect(v.model.saves).toBe(0);
  });

  it("a new `columns` rebuilds without leaking handlers", () => {
    const v = view(T);
    const n = v.model.handlerCount();
    v.model.set("columns", T.columns.slice(0, 3));
    expect(v.el.querySelectorAll(".lw-tline[data-fid]").length).toBe(3);
    expect(v.model.handlerCount()).toBe(n);
    expect(v.el.querySelectorAll(".lw-root").length).toBe(1);
  });
});

describe("tabular view: attributes for tests", () => {
  it("data-off holds the features off (not the edited ones); weight values carry data-value", () => {
    const { el, model } = view(T);
    const root = el.querySelector(".lw-root");
    expect(root.getAttribute("data-off")).toBe("");
    expect(root.getAttribute("data-state")).toBe("current");
    click(sw(el, 4));
    click(sw(el, 0));
    expect(root.getAttribute("data-off")).toBe("0,4");
    typeNum(el, 4, "60"); // editing an off feature switches it back on
    expect(root.getAttribute("data-off")).toBe("0");
    expect(root.getAttribute("data-state")).toBe("pending");
    expect(model.get("edits")).toEqual({ 4: 60 });
    const w = T.weights[String(T.labels[0])];
    for (const j of [0, 1, 6]) {
      const v = line(el, j).querySelector(".lw-wval");
      expect(Number(v.getAttribute("data-value"))).toBe(w[j]);
      const chart = el.querySelector(`.lw-wrow[data-fid="${j}"] .lw-wval`);
      if (chart) expect(chart.getAttribute("data-value")).toBe(v.getAttribute("data-value"));
    }
    const e = el.querySelector(".lw-pc .lw-est .lw-val");
    expect(Math.abs(Number(e.getAttribute("data-value")) - Number(e.textContent.replace("\u2212", "-")))).toBeLessThanOrEqual(0.0005);
  });
});

describe("security: user strings are text, never markup", () => {
  it("tabular view: feature names, categories, values, class names and the error stay text", () => {
    const st = clone(F.titanic);
    st.class_names = [PAYLOADS[0], PAYLOADS[1]];
    st.feature_names = st.feature_names.map((_, i) => PAYLOADS[i % PAYLOADS.length]);
    st.columns = st.columns.map((c, i) => ({
      ...c, name: PAYLOADS[i % PAYLOADS.length], value: PAYLOADS[(i + 1) % PAYLOADS.length],
      condition: PAYLOADS[(i + 2) % PAYLOADS.length], off_value: PAYLOADS[(i + 3) % PAYLOADS.length],
      ...(c.type === "categorical" ? { categories: [...PAYLOADS], raw: PAYLOADS[0] } : {}),
    }));
    st.edits = { 2: PAYLOADS[1] };
    st.off = [0];
    const row = st.columns.map((_, i) => PAYLOADS[i % PAYLOADS.length]);
    st.counterfactual = { off: [0], edits: { 2: PAYLOADS[1] }, proba: [0.5, 0.5], error: null, input: null, row, conditions: row };
    const { el, cleanup } = mount(st);
    assertInert(el);
    expect(el.querySelector(".lw-tname").textContent).toBe(PAYLOADS[0]);
    expect(el.querySelector(".lw-tv-old").textContent).toBe(PAYLOADS[1]);
    expect([...el.querySelector(".lw-tline[data-fid='2'] select").options].map((o) => o.textContent)).toEqual(PAYLOADS);
    expect(el.querySelector(".lw-tline[data-fid='2'] .lw-tv-new").textContent).toBe(PAYLOADS[2]); // the kernel's row
    expect(el.querySelector(".lw-picker").textContent).toContain(PAYLOADS[1]);
    // edit with a hostile category, switch, error
    const sel = el.querySelector(".lw-tline[data-fid='3'] select");
    sel.value = PAYLOADS[3];
    sel.dispatchEvent(new Event("change", { bubbles: true }));
    el.querySelector(".lw-tline[data-fid='1'] .lw-sw").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    el.querySelector(".lw-tline[data-fid='1']").dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    assertInert(el);
    const m = el.querySelector(".lw-tline[data-fid='3'] .lw-tv-new");
    expect(m.textContent).toBe(PAYLOADS[3]);
    cleanup();
    const el2 = document.createElement("div");
    document.body.appendChild(el2);
    const st2 = { ...st, counterfactual: { ...st.counterfactual, proba: null, error: PAYLOADS.join(" | ") } };
    const c2 = window.limeWidgets.renderOffline(el2, { ...st2, _offline: false });
    assertInert(el2);
    expect(el2.querySelector(".lw-error-msg").textContent).toBe(PAYLOADS.join(" | "));
    c2();
  });
});

// the same table as tests/test_tabular.py::FORMAT_CASES: Python and JS must show numbers alike
const FORMAT_CASES = [[42.0, "42"], [7.11, "7.11"], [25.27384, "25.27"], [0.034567, "0.03457"], [-0.0004, "-0.0004"], [1326.44, "1326.4"], [0.0, "0"], [5.0, "5"]];

describe("tabular formatValue (as Python's format_value)", () => {
  it.each(FORMAT_CASES)("%s -> %s", (v, text) => {
    expect(formatValue(v)).toBe(text);
  });
});
