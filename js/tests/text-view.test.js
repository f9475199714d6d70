import { describe, it, expect, vi } from "vitest";
import { F, clone, mount, useViews, tokensOf, fid, alpha, PAYLOADS, assertInert } from "./helpers.js";
import { MAX_ALPHA, MIN_ALPHA } from "../src/palette.js";
import { TIMEOUT_MS } from "../src/core.js";
import { fmtSigned } from "../src/format.js";
import "../src/standalone.js";

const S = F.sentiment; // labels [1, 0]; label 1 "positive"; bow
const view = useViews();

const click = (el) => el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
const key = (el, k) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
const lineVal = (block, kind) => block.querySelector(`.lw-${kind} .lw-val`).textContent;
const sumEst = (offIds) => S.weights[1].reduce((a, x, j) => (offIds.includes(j) ? a : a + x), S.intercept[1]);
const blockOf = (el, name) => [...el.querySelectorAll(".lw-pc")].find((b) => b.querySelector(".lw-pc-name").textContent === name);

function hostileState() {
  const st = clone(F.sentiment);
  // every feature token, class name, feature name and the error carry payloads
  const tokens = [];
  PAYLOADS.forEach((p, i) => {
    tokens.push([p, i]);
    tokens.push([" ", -1]);
  });
  tokens.push([PAYLOADS[1], -1]); // also as a separator
  st.tokens = tokens;
  st.feature_names = PAYLOADS.slice();
  st.class_names = [PAYLOADS[0], PAYLOADS[1]];
  for (const l of [0, 1]) {
    st.weights[l] = [0.3, -0.2, 0.1, 0.05].map((x) => (l ? x : -x));
    st.selected[l] = [0, 1, 2, 3];
  }
  st.off = [1];
  st.counterfactual = { off: [1], proba: null, error: PAYLOADS.join(" | "), input: PAYLOADS[2] };
  return st;
}


describe("text view: document and colouring", () => {
  it("renders the document exactly, separators as plain text", () => {
    const { $ } = view(S);
    expect($(".lw-doc").textContent).toBe(S.tokens.map((t) => t[0]).join(""));
    const nFeatureTokens = S.tokens.filter((t) => t[1] >= 0).length;
    expect(document.querySelectorAll(".lw-doc .lw-tok").length).toBe(nFeatureTokens);
  });

  it("colours by sign and relative |weight| for the selected label", () => {
    const { el } = view(S);
    const [wonderful] = tokensOf(el, "wonderful"); // +0.312 = max |w|
    const [boring] = tokensOf(el, "boring"); // -0.268
    const [hooked] = tokensOf(el, "hooked"); // +0.121
    const [acting] = tokensOf(el, "acting"); // not selected
    expect(wonderful.classList.contains("lw-pos")).toBe(true);
    expect(boring.classList.contains("lw-neg")).toBe(true);
    expect(boring.classList.contains("lw-pos")).toBe(false);
    expect(alpha(wonderful)).toBeCloseTo(MAX_ALPHA, 3);
    expect(alpha(boring)).toBeCloseTo(MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * (0.268 / 0.312), 3);
    expect(alpha(hooked)).toBeLessThan(alpha(boring));
    expect(acting.classList.contains("lw-pos") || acting.classList.contains("lw-neg")).toBe(false);
    expect(alpha(acting)).toBe(0);
    expect(wonderful.getAttribute("title")).toContain("+0.312 towards \u201cpositive\u201d");
    expect(el.querySelector(".lw-legend").textContent).toContain("+0.312");
  });

  it("the weight chart shows the top num_features by |weight|, coloured by sign", () => {
    const { $$ } = view(S);
    const rows = $$(".lw-wrow");
    expect(rows.length).toBe(10);
    expect(rows.map((r) => r.querySelector(".lw-wname").textContent).slice(0, 4)).toEqual(["wonderful", "boring", "rushed", "happily"]);
    expect(rows[0].querySelector(".lw-wfill").classList.contains("lw-pos")).toBe(true);
    expect(rows[1].querySelector(".lw-wfill").classList.contains("lw-neg")).toBe(true);
    expect(rows[0].querySelector(".lw-wval").textContent).toBe("+0.312");
    expect(rows[0].querySelector(".lw-wfill").style.width).toBe("50.0%");
    expect(rows[0].getAttribute("aria-label")).toContain("wonderful: weight +0.312, towards positive");
  });
});

describe("text view: toggling", () => {
  it("click toggles the feature in `off`, all occurrences struck out (bow)", () => {
    const { el, model } = view(S);
    const the = tokensOf(el, "the");
    expect(the.length).toBeGreaterThan(2);
    click(the[1]);
    expect(model.get("off")).toEqual([fid(S, "the")]);
    expect(model.saves).toBe(1);
    for (const s of tokensOf(el, "the")) {
      expect(s.classList.contains("lw-off")).toBe(true);
      expect(s.getAttribute("aria-pressed")).toBe("true");
    }
    click(tokensOf(el, "wonderful")[0]);
    expect(model.get("off")).toEqual([fid(S, "wonderful"), fid(S, "the")].sort((a, b) => a - b));
    click(tokensOf(el, "the")[0]); // toggle back on
    expect(model.get("off")).toEqual([fid(S, "wonderful")]);
    expect(tokensOf(el, "the").every((s) => !s.classList.contains("lw-off"))).toBe(true);
    // the chart row of an off feature looks off
    const row = el.querySelector(`.lw-wrow[data-fid="${fid(S, "wonderful")}"]`);
    expect(row.classList.contains("lw-off")).toBe(true);
    expect(row.getAttribute("aria-pressed")).toBe("true");
  });

  it("Space / Enter on a focused word toggles it; arrows move focus", () => {
    const { el, model } = view(S);
    const toks = [...el.querySelectorAll(".lw-tok")];
    expect(toks[0].getAttribute("tabindex")).toBe("0");
    expect(toks[0].getAttribute("role")).toBe("button");
    key(toks[0], "ArrowRight");
    expect(toks[1].getAttribute("tabindex")).toBe("0");
    expect(toks[0].getAttribute("tabindex")).toBe("-1");
    key(toks[1], "Enter");
    expect(model.get("off")).toEqual([Number(toks[1].dataset.fid)]);
    key(toks[1], " ");
    expect(model.get("off")).toEqual([]);
    key(toks[1], "a"); // other keys do nothing
    expect(model.sets.filter(([k]) => k === "off").length).toBe(2);
  });

  it("bow false: one position at a time", () => {
    const N = F.newsgroups;
    const { el, model } = view(N);
    const launches = tokensOf(el, "launch");
    expect(launches.length).toBe(2);
    click(launches[1]);
    expect(model.get("off")).toEqual([Number(launches[1].dataset.fid)]);
    expect(launches[0].classList.contains("lw-off")).toBe(false);
    expect(launches[1].classList.contains("lw-off")).toBe(true);
    expect(launches[1].getAttribute("title")).toContain("UNKWORDZ");
  });

  it("clicking a chart bar toggles the same feature", () => {
    const { el, model } = view(S);
    click(el.querySelector(".lw-wrow")); // wonderful
    expect(model.get("off")).toEqual([fid(S, "wonderful")]);
    expect(tokensOf(el, "wonderful")[0].classList.contains("lw-off")).toBe(true);
  });

  it("Reset sets off = [] and is disabled when nothing is off", () => {
    const { el, model, $ } = view({ ...clone(S), off: [fid(S, "boring"), fid(S, "the")] });
    expect(tokensOf(el, "boring")[0].classList.contains("lw-off")).toBe(true);
    expect($(".lw-reset").disabled).toBe(false);
    $(".lw-reset").focus();
    click($(".lw-reset"));
    expect(model.get("off")).toEqual([]);
    expect(el.querySelectorAll(".lw-tok.lw-off").length).toBe(0);
    expect($(".lw-reset").disabled).toBe(true);
    // the keyboard user is not dropped to the page: the focus goes to the document's tab stop
    expect(document.activeElement).toBe($(".lw-tok[tabindex='0']"));
  });

  it("Python-side change of `off` updates the view", () => {
    const { el, model } = view(S);
    model.set("off", [fid(S, "rushed")]);
    expect(tokensOf(el, "rushed")[0].classList.contains("lw-off")).toBe(true);
  });
});

describe("text view: class switching", () => {
  it("recolours text, chart and estimate without touching off", () => {
    const off = [fid(S, "boring")];
    const { el, model, $ } = view({ ...clone(S), off, counterfactual: { off, proba: [0.05, 0.95], error: null, input: null } });
    const [wonderful] = tokensOf(el, "wonderful");
    expect(wonderful.classList.contains("lw-pos")).toBe(true);
    const neg = [...el.querySelectorAll(".lw-seg-b")].find((b) => b.textContent === "negative");
    click(neg);
    expect(model.get("label")).toBe(0);
    expect(model.get("off")).toEqual(off);
    expect(model.sets.filter(([k]) => k === "off").length).toBe(0);
    expect(wonderful.classList.contains("lw-neg")).toBe(true);
    expect(neg.getAttribute("aria-pressed")).toBe("true");
    expect($(".lw-weights .lw-h").textContent).toBe("Top words for \u201cnegative\u201d");
    expect($(".lw-wrow .lw-wval").textContent).toBe("\u22120.312");
    expect(el.querySelector(".lw-pc.lw-sel .lw-pc-name").textContent).toBe("negative");
    // and from Python
    model.set("label", 1);
    expect(wonderful.classList.contains("lw-pos")).toBe(true);
    expect($(".lw-weights .lw-h").textContent).toBe("Top words for \u201cpositive\u201d");
  });

  it("many labels use a <select>", () => {
    const st = clone(F.newsgroups);
    st.labels = [14, 11, 12, 13, 7, 8];
    for (const l of [12, 13, 7, 8]) {
      st.weights[l] = st.weights[14].map(() => 0);
      st.selected[l] = [];
      st.intercept[l] = 0;
    }
    const { $, model } = view(st);
    const sel = $("select.lw-select");
    expect([...sel.options].map((o) => o.textContent)).toEqual(["sci.space", "sci.crypt", "sci.electronics", "sci.med", "rec.autos", "rec.motorcycles"]);
    sel.value = "11";
    sel.dispatchEvent(new Event("change", { bubbles: true }));
    expect(model.get("label")).toBe(11);
  });
});

describe("text view: probabilities, estimate, pending", () => {
  const icpt = S.intercept[1];
  const w = S.weights[1];
  const sumOn = (offIds) => w.reduce((a, x, j) => (offIds.includes(j) ? a : a + x), icpt);

  it("off = []: now equals the original, estimate = local prediction", () => {
    const { el } = view(S);
    const pos = blockOf(el, "positive");
    expect(lineVal(pos, "orig")).toBe("0.919");
    expect(lineVal(pos, "now")).toBe("0.919");
    expect(lineVal(pos, "est")).toBe(sumOn([]).toFixed(3));
    expect(lineVal(pos, "est")).toBe("0.772");
    expect(pos.querySelector(".lw-est .lw-gap").textContent).toBe("gap +0.147");
  });

  it("estimate = intercept + weights still on, updated at once; now is pending", () => {
    const { el, $ } = view(S);
    click(tokensOf(el, "wonderful")[0]);
    click(tokensOf(el, "boring")[0]);
    const off = [fid(S, "wonderful"), fid(S, "boring")];
    const pos = blockOf(el, "positive");
    expect(lineVal(pos, "est")).toBe(sumOn(off).toFixed(3)); // 0.772 - 0.312 + 0.268 = 0.728
    expect(lineVal(pos, "est")).toBe("0.728");
    const neg = blockOf(el, "negative");
    expect(lineVal(neg, "est")).toBe("0.142");
    expect(lineVal(pos, "now")).toBe("\u2026");
    expect(pos.querySelector(".lw-now").classList.contains("lw-wait")).toBe(true);
    expect($(".lw-status").textContent).toContain("asking the model");
    expect($(".lw-status").getAttribute("data-state")).toBe("pending");
  });

  it("a stale counterfactual is never shown as current; the matching one is", () => {
    const a = fid(S, "wonderful");
    const b = fid(S, "boring");
    const stale = { off: [a], proba: [0.333, 0.667], error: null, input: "stale" };
    const { el, model, $ } = view({ ...clone(S), off: [a, b], counterfactual: stale });
    const pos = blockOf(el, "positive");
    expect(lineVal(pos, "now")).toBe("\u2026");
    expect(el.textContent).not.toContain("0.667");
    expect($(".lw-saw").hidden).toBe(true);
    model.set("counterfactual", { off: [b, a].sort((x, y) => x - y), proba: [0.2, 0.8], error: null, input: "The acting was  and" });
    expect(lineVal(pos, "now")).toBe("0.800");
    expect(pos.querySelector(".lw-now").classList.contains("lw-wait")).toBe(false);
    expect(pos.querySelector(".lw-est .lw-gap").textContent).toBe("gap +0.072"); // 0.8 - 0.728
    expect($(".lw-status").getAttribute("data-state")).toBe("current");
    expect($(".lw-saw").hidden).toBe(false);
    expect($(".lw-saw-t").textContent).toBe("The acting was  and");
    // a new click makes it stale again
    click(tokensOf(el, "rushed")[0]);
    expect(lineVal(pos, "now")).toBe("\u2026");
  });

  it("no answer within the timeout: says so and falls back to the estimate", () => {
    vi.useFakeTimers();
    const { el, $ } = view(S);
    click(tokensOf(el, "boring")[0]);
    vi.advanceTimersByTime(TIMEOUT_MS - 100);
    expect($(".lw-status").getAttribute("data-state")).toBe("pending");
    vi.advanceTimersByTime(200);
    expect($(".lw-status").getAttribute("data-state")).toBe("timeout");
    expect($(".lw-status").textContent).toContain("no answer from the kernel \u2014 showing the surrogate's estimate");
    const pos = blockOf(el, "positive");
    expect(pos.querySelector(".lw-est").classList.contains("lw-marked")).toBe(true);
    // another click restarts the wait
    click(tokensOf(el, "rushed")[0]);
    expect($(".lw-status").getAttribute("data-state")).toBe("pending");
  });

  it("shows counterfactual.error as text in an error box; the view stays usable", () => {
    const a = fid(S, "rushed");
    const msg = "ValueError: bad <b>input</b>";
    const { el, model, $ } = view({ ...clone(S), off: [a], counterfactual: { off: [a], proba: null, error: msg, input: null } });
    const box = $(".lw-error");
    expect(box.hidden).toBe(false);
    expect($(".lw-error-msg").textContent).toBe(msg);
    expect(box.querySelector("b")).toBe(null);
    expect(lineVal(blockOf(el, "positive"), "now")).toBe("n/a");
    click(tokensOf(el, "rushed")[0]); // still usable: off back to []
    expect(model.get("off")).toEqual([]);
    expect(box.hidden).toBe(true);
  });

  it("offline: never waits, marks the estimate", () => {
    vi.useFakeTimers();
    const { el, $ } = view({ ...clone(S), _offline: true });
    expect(el.querySelector(".lw-root").classList.contains("lw-offline")).toBe(true);
    click(tokensOf(el, "boring")[0]);
    expect($(".lw-status").getAttribute("data-state")).toBe("offline");
    expect($(".lw-status").textContent).toContain("estimate \u2014 no model in this saved view");
    const pos = blockOf(el, "positive");
    expect(pos.querySelector(".lw-est").classList.contains("lw-marked")).toBe(true);
    expect(pos.querySelector(".lw-now").classList.contains("lw-wait")).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("text view: answers saved with the view", () => {
  it("a mask checked live shows the saved model answer, labelled saved, next to the estimate; another the estimate only", () => {
    const b = fid(S, "boring");
    const r = fid(S, "rushed");
    const history = [{ off: [b], edits: {}, model: [0.9, 0.1], surrogate: { 1: 0.2 }, error: null },
      { off: [r, b], edits: {}, model: [0.7, 0.3], surrogate: { 1: 0.3 }, error: null }];
    const { el, $ } = view({ ...clone(S), _offline: true, history, counterfactual: { off: [r, b], proba: [0.7, 0.3], error: null, input: "x" } });
    const pos = () => blockOf(el, "positive");
    click(tokensOf(el, "boring")[0]); // the first hand check (only in history)
    expect($(".lw-status").textContent).toContain("the model's answer saved with this view");
    expect($(".lw-status").getAttribute("data-saved")).toBe("true");
    expect($(".lw-probs").classList.contains("lw-saved")).toBe(true);
    expect(pos().querySelector(".lw-now .lw-line-k").textContent).toBe("saved");
    expect(lineVal(pos(), "now")).toBe("0.100");
    expect(lineVal(pos(), "est")).toBe(sumEst([b]).toFixed(3));
    expect(pos().querySelector(".lw-est").classList.contains("lw-marked")).toBe(false);
    expect(pos().querySelector(".lw-est .lw-gap").textContent).toContain("gap");
    click(tokensOf(el, "rushed")[0]); // the last answer (counterfactual), in either order
    expect(lineVal(pos(), "now")).toBe("0.300");
    click(tokensOf(el, "boring")[0]); // only "rushed": never checked
    expect($(".lw-status").textContent).toContain("estimate \u2014 no model in this saved view");
    expect($(".lw-status").getAttribute("data-saved")).toBe(null);
    expect($(".lw-probs").classList.contains("lw-saved")).toBe(false);
    expect(pos().querySelector(".lw-now .lw-line-k").textContent).toBe("now");
    expect(pos().querySelector(".lw-est").classList.contains("lw-marked")).toBe(true);
    expect(pos().querySelector(".lw-est .lw-gap").textContent).toBe("");
  });
});

describe("text view reopened from saved state (a kernel that never built it)", () => {
  it("a checked mask waits for the kernel, then shows the saved answer; an unchecked one the estimate", () => {
    vi.useFakeTimers();
    const b = fid(S, "boring");
    const history = [{ off: [b], edits: {}, model: [0.9, 0.1], surrogate: { 1: 0.2 }, error: null }];
    const { el, $ } = view({ ...clone(S), history });
    click(tokensOf(el, "boring")[0]);
    expect($(".lw-status").getAttribute("data-state")).toBe("pending");
    vi.advanceTimersByTime(TIMEOUT_MS + 10);
    expect($(".lw-status").getAttribute("data-state")).toBe("current");
    expect($(".lw-status").textContent).toContain("the model's answer saved with this view");
    expect(lineVal(blockOf(el, "positive"), "now")).toBe("0.100");
    expect(blockOf(el, "positive").querySelector(".lw-now .lw-line-k").textContent).toBe("saved");
    click(tokensOf(el, "rushed")[0]);
    vi.advanceTimersByTime(TIMEOUT_MS + 10);
    expect($(".lw-status").getAttribute("data-state")).toBe("timeout");
  });
});

describe("text view: the features' name (the noun trait)", () => {
  it("sentences are called sentences in the chart, status, reset button and document", () => {
    const { el, $ } = view({ ...clone(S), noun: ["sentence", "sentences"] });
    const words = () => [...el.querySelectorAll(".lw-h")].map((x) => x.textContent).join(" | ") + $(".lw-status").textContent;
    expect(words()).toContain("Top sentences for \u201cpositive\u201d");
    expect(words()).toContain("Click sentences to remove them");
    expect($(".lw-doc").getAttribute("aria-label")).toContain("each sentence is a button");
    expect([...el.querySelectorAll("button")].some((b) => (b.getAttribute("title") || "").includes("Put every sentence back"))).toBe(true);
    click(tokensOf(el, "boring")[0]);
    expect($(".lw-status").textContent).toMatch(/^1 sentence removed/);
    expect(el.textContent).not.toMatch(/\bwords?\b/);
  });
  it("missing (older saved states): words", () => {
    const { el } = view(clone(S));
    expect([...el.querySelectorAll(".lw-h")].map((x) => x.textContent)).toContain("Top words for \u201cpositive\u201d");
  });
});

describe("text view: many classes and regression", () => {
  it("20 classes: explained labels + top 5 + an other row summing the rest", () => {
    const N = F.newsgroups;
    const { el } = view(N);
    expect([...el.querySelectorAll(".lw-pc-name")].map((n) => n.textContent)).toEqual(["sci.space", "sci.crypt"]);
    const names = [...el.querySelectorAll(".lw-mname")].map((n) => n.textContent);
    expect(names).toEqual(["sci.electronics", "sci.med", "rec.autos", "other (15 classes)"]);
    const vals = [...el.querySelectorAll(".lw-minor .lw-val:not(.lw-mnow)")].map((n) => n.textContent);
    const shown = [14, 11, 12, 13, 7];
    const rest = N.proba.reduce((a, p, i) => (shown.includes(i) ? a : a + p), 0);
    expect(vals[3]).toBe(rest.toFixed(3));
    expect(vals[3]).toBe("0.132");
  });

  it("regression: one row on the value_range scale", () => {
    const R = F.regression;
    const { el, $ } = view(R);
    const blocks = el.querySelectorAll(".lw-pc");
    expect(blocks.length).toBe(1);
    expect($(".lw-probs .lw-h").textContent).toBe("Predicted value");
    expect(lineVal(blocks[0], "orig")).toBe("3.640");
    // (3.64 - 1.3) / (4.9 - 1.3) = 65.0 %
    expect(blocks[0].querySelector(".lw-orig .lw-fill").style.width).toBe("65.0%");
    click(tokensOf(el, "disappointing")[0]);
    expect(lineVal(blocks[0], "est")).toBe((3.63 + 1.12).toFixed(3));
    expect($(".lw-legend").textContent).toContain("raises the prediction");
  });
});

describe("cleanup", () => {
  it("removes every model handler and makes DOM listeners inert", () => {
    const v = mount(S);
    expect(v.model.handlerCount()).toBeGreaterThan(0);
    const word = tokensOf(v.el, "wonderful")[0];
    const reset = v.el.querySelector(".lw-reset");
    const bar = v.el.querySelector(".lw-wrow");
    v.cleanup();
    expect(v.model.handlerCount()).toBe(0);
    expect(v.el.children.length).toBe(0);
    const setsBefore = v.model.sets.length;
    click(word);
    key(word, "Enter");
    click(bar);
    click(reset);
    expect(v.model.sets.length).toBe(setsBefore);
    expect(v.model.saves).toBe(0);
  });

  it("clears the pending timer", () => {
    vi.useFakeTimers();
    const v = mount(S);
    click(tokensOf(v.el, "boring")[0]);
    expect(vi.getTimerCount()).toBe(1);
    v.cleanup();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a structural trait change rebuilds without leaking handlers", () => {
    const v = view(S);
    const n = v.model.handlerCount();
    v.model.set("tokens", [["hello", -1]]);
    expect(v.el.querySelector(".lw-doc").textContent).toBe("hello");
    expect(v.model.handlerCount()).toBe(n);
    expect(v.el.querySelectorAll(".lw-root").length).toBe(1);
  });
});

describe("text view: attributes for tests, number formats", () => {
  const root = (el) => el.querySelector(".lw-root");
  const dv = (e) => e.getAttribute("data-value");

  it("data-state and data-off on the root follow every render", () => {
    vi.useFakeTimers();
    const a = fid(S, "wonderful");
    const b = fid(S, "boring");
    const { el, model } = view(S);
    expect(root(el).getAttribute("data-state")).toBe("current"); // nothing off: the model's own numbers
    expect(root(el).getAttribute("data-off")).toBe("");
    click(tokensOf(el, "boring")[0]);
    click(tokensOf(el, "wonderful")[0]);
    expect(root(el).getAttribute("data-off")).toBe([a, b].sort((x, y) => x - y).join(","));
    expect(root(el).getAttribute("data-state")).toBe("pending");
    model.set("counterfactual", { off: [a, b].sort((x, y) => x - y), proba: [0.2, 0.8], error: null, input: null });
    expect(root(el).getAttribute("data-state")).toBe("current");
    click(tokensOf(el, "rushed")[0]);
    vi.advanceTimersByTime(TIMEOUT_MS + 10);
    expect(root(el).getAttribute("data-state")).toBe("timeout");
    const off3 = [a, b, fid(S, "rushed")].sort((x, y) => x - y);
    model.set("counterfactual", { off: off3, proba: null, error: "boom", input: null });
    expect(root(el).getAttribute("data-state")).toBe("error");
    model.set("off", [b]); // Python writes the mask
    expect(root(el).getAttribute("data-off")).toBe(String(b));
  });

  it("offline: data-state offline; no gap anywhere (there is no model answer)", () => {
    const { el } = view({ ...clone(S), _offline: true });
    expect(root(el).getAttribute("data-state")).toBe("offline");
    for (const g of el.querySelectorAll(".lw-gap")) {
      expect(g.textContent).toBe("");
      expect(g.hasAttribute("data-value")).toBe(false);
    }
    click(tokensOf(el, "boring")[0]);
    expect(root(el).getAttribute("data-off")).toBe(String(fid(S, "boring")));
    for (const g of el.querySelectorAll(".lw-gap")) expect(g.textContent).toBe("");
  });

  it("data-value holds the full-precision number behind every probability-panel value", () => {
    const a = fid(S, "wonderful");
    const { el, model } = view(S);
    const pos = blockOf(el, "positive");
    const q = (k) => pos.querySelector(`.lw-${k} .lw-val`);
    expect(Number(dv(q("orig")))).toBe(S.proba[1]);
    expect(Number(dv(q("now")))).toBe(S.proba[1]);
    expect(Number(dv(q("est")))).toBeCloseTo(sumEst([]), 12);
    const gap = pos.querySelector(".lw-est .lw-gap");
    expect(Number(dv(gap))).toBeCloseTo(S.proba[1] - sumEst([]), 12);
    click(tokensOf(el, "wonderful")[0]);
    expect(q("now").hasAttribute("data-value")).toBe(false); // pending: no number shown
    expect(gap.hasAttribute("data-value")).toBe(false);
    expect(Number(dv(q("est")))).toBeCloseTo(sumEst([a]), 12);
    model.set("counterfactual", { off: [a], proba: [0.123456789, 0.876543211], error: null, input: null });
    expect(dv(q("now"))).toBe("0.876543211");
    expect(q("now").textContent).toBe("0.877");
    expect(Number(dv(gap))).toBeCloseTo(0.876543211 - sumEst([a]), 12);
    expect(gap.textContent).toBe("gap " + fmtSigned(0.876543211 - sumEst([a])));
    // every displayed number parses and rounds from its data-value
    for (const e of el.querySelectorAll(".lw-val[data-value], .lw-gap[data-value], .lw-wval[data-value]")) {
      const shown = Number(e.textContent.replace(/^gap /, "").replace("\u2212", "-").replace(/,/g, ""));
      expect(Math.abs(shown - Number(dv(e))), e.textContent).toBeLessThanOrEqual(0.0005 + 1e-12);
    }
  });

  it("weight values: 3 decimals, data-value, no exponent; a weight that rounds to 0 keeps its sign and gets a title", () => {
    const st = clone(S);
    const j = fid(S, "Still");
    st.weights["1"][j] = 5.1e-4;
    const k = fid(S, "again");
    st.weights["1"][k] = -2.5e-5;
    st.num_features = 50;
    const { el } = view(st);
    const row = (x) => el.querySelector(`.lw-wrow[data-fid="${x}"] .lw-wval`);
    expect(row(j).textContent).toBe("+0.001");
    expect(row(j).getAttribute("data-value")).toBe("0.00051");
    expect(row(k).textContent).toBe("\u22120.000");
    expect(row(k).getAttribute("data-value")).toBe("-0.000025");
    expect(row(k).getAttribute("title")).toBe("weight -0.000025");
    expect(row(j).hasAttribute("title")).toBe(false);
    expect(el.querySelector(".lw-root").textContent).not.toMatch(/\de[-+]?\d/i);
    // the weak words are flagged for their border
    expect(tokensOf(el, "again")[0].classList.contains("lw-weak")).toBe(true);
    expect(tokensOf(el, "wonderful")[0].classList.contains("lw-weak")).toBe(false);
  });
});

describe("security: user strings are text, never markup", () => {
  it("live view", () => {
    const { el, cleanup } = mount(hostileState());
    assertInert(el);
    const doc = el.querySelector(".lw-doc");
    expect(doc.textContent).toBe(hostileState().tokens.map((t) => t[0]).join(""));
    for (const p of PAYLOADS) expect(doc.textContent).toContain(p);
    expect([...el.querySelectorAll(".lw-seg-b")].map((b) => b.textContent)).toEqual([PAYLOADS[1], PAYLOADS[0]]); // labels order [1, 0]
    expect(el.querySelector(".lw-error-msg").textContent).toBe(PAYLOADS.join(" | "));
    expect([...el.querySelectorAll(".lw-wname")].map((n) => n.textContent)).toContain(PAYLOADS[2]);
    expect(el.querySelector(".lw-wrow").getAttribute("aria-label")).toContain(PAYLOADS[0]);
    // switching label re-renders names: still inert
    el.querySelectorAll(".lw-seg-b")[1].dispatchEvent(new MouseEvent("click", { bubbles: true }));
    assertInert(el);
    cleanup();
  });

  it("standalone renderOffline", () => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    const st = hostileState();
    const cleanup = window.limeWidgets.renderOffline(el, { ...st, _offline: true });
    assertInert(el);
    expect(el.querySelector(".lw-doc").textContent).toContain(PAYLOADS[1]);
    expect(el.querySelector(".lw-root").classList.contains("lw-offline")).toBe(true);
    cleanup();
    expect(el.children.length).toBe(0);
  });
});
