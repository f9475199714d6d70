import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { clone, useViews } from "./helpers.js";
import { modelTraits, compareState, unionTop, compareMessage } from "../src/views/compare.js";
import { derive } from "../src/core.js";

// written by Python: lw.compare of two word models on one sentence (see tests/test_compare.py);
// answersOffGood: both models' answers once "good" is off
const FX = JSON.parse(readFileSync(join(__dirname, "compare-fixture.json"), "utf-8"));
const S = FX.state;
const view = useViews();
const click = (el) => el.dispatchEvent(new MouseEvent("click", { bubbles: true }));
const cards = (el) => [...el.querySelectorAll(".lw-cmp-model")];
const nowOf = (card) => card.querySelector(".lw-pc .lw-line.lw-now .lw-val");
const estOf = (card) => card.querySelector(".lw-pc .lw-line.lw-est .lw-val");

describe("compare view: one instance, one card per model", () => {
  it("reads each model's traits through modelTraits as a single view's", () => {
    const reader = { get: (k) => S[k] };
    const d = derive(modelTraits(reader, 1));
    expect(d.kind).toBe("text");
    expect(d.weights).toEqual(S.models[1].weights[String(S.label)]);
    expect(d.proba).toEqual(S.models[1].proba);
    expect(d.featureNames).toEqual(S.feature_names);
    expect(modelTraits(reader, 0).get("tokens")).toEqual(S.instance.tokens);
  });

  it("shows the instance once and a card per model, names as text", () => {
    const { el, $$ } = view(S);
    expect($$(".lw-doc").length).toBe(1);
    expect(cards(el).map((c) => c.dataset.model)).toEqual(["good <i>words</i>", "day"]);
    expect(el.querySelector("i")).toBeNull();
    expect(el.querySelector(".lw-cmp-pair").textContent).toContain("rank correlation");
    // the union of every model's top features is outlined in the document
    const marked = new Set($$(".lw-tok.lw-cmp-mark").map((s) => Number(s.dataset.fid)));
    const ds = [0, 1].map((i) => derive(modelTraits({ get: (k) => S[k] }, i)));
    expect(marked).toEqual(unionTop(ds, S.agreement_k));
  });

  it("one click switches the word off for every model; each answer shows beside its estimate", () => {
    const { el, model } = view(S);
    const tok = [...el.querySelectorAll(".lw-doc .lw-tok")].find((s) => Number(s.dataset.fid) === FX.good);
    click(tok);
    expect(model.get("off")).toEqual([FX.good]);
    expect(model.saves).toBe(1);
    expect(el.querySelector(".lw-kind-compare").dataset.state).toBe("pending");
    expect(cards(el).map((c) => c.dataset.state)).toEqual(["pending", "pending"]);
    model.set("answers", clone(FX.answersOffGood));
    expect(el.querySelector(".lw-kind-compare").dataset.state).toBe("current");
    cards(el).forEach((c, i) => {
      const a = FX.answersOffGood[i];
      expect(c.dataset.state).toBe("current");
      expect(Number(nowOf(c).dataset.value)).toBe(a.proba[1]);
      expect(Number(estOf(c).dataset.value)).toBeCloseTo(a.surrogate["1"], 12);
    });
    expect(el.querySelector(".lw-status-t").textContent).toContain("2 of 2 models answered");
  });

  it("a failing model shows its error; the other's answer still shows", () => {
    const { el, model } = view(S);
    model.set("off", [FX.good]);
    const answers = clone(FX.answersOffGood);
    answers[0] = { ...answers[0], proba: null, error: "the service is down", surrogate: undefined };
    model.set("answers", answers);
    const [bad, good] = cards(el);
    expect(bad.dataset.state).toBe("error");
    expect(bad.querySelector(".lw-error").hidden).toBe(false);
    expect(bad.querySelector(".lw-error").textContent).toContain("the service is down");
    expect(good.dataset.state).toBe("current");
    expect(Number(nowOf(good).dataset.value)).toBe(answers[1].proba[1]);
  });

  it("offline: estimates only", () => {
    const { el } = view({ ...S, _offline: true });
    const tok = [...el.querySelectorAll(".lw-doc .lw-tok")].find((s) => Number(s.dataset.fid) === FX.good);
    click(tok);
    expect(el.querySelector(".lw-kind-compare").dataset.state).toBe("offline");
    cards(el).forEach((c, i) => {
      expect(Number(estOf(c).dataset.value)).toBeCloseTo(FX.answersOffGood[i].surrogate["1"], 12);
    });
    expect(el.querySelector(".lw-status-t").textContent).toContain("no models in this saved view");
  });

  it("says where the view stands", () => {
    const d = (kind) => ({ offline: false, now: { kind }, changed: true, off: [1], edits: new Map() });
    expect(compareState([d("current"), d("error")])).toBe("current");
    expect(compareState([d("current"), d("pending")])).toBe("pending");
    expect(compareState([d("timeout"), d("pending")])).toBe("timeout");
    expect(compareMessage([d("current"), d("pending")], "pending", { one: "word", many: "words" })).toContain("1 of 2 answered");
  });
});

// written by Python: lw.compare of two pixel-mean models on an 8 x 8 image in 4 square superpixels
const IMG = JSON.parse(readFileSync(join(__dirname, "compare-image-fixture.json"), "utf-8"));

describe("compare view: an image", () => {
  const key = (el, k) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));

  it("shows the image once, and the keyboard switches superpixels off for every model", () => {
    const { el, model } = view(IMG);
    expect(el.querySelectorAll("canvas").length).toBe(1);
    expect(cards(el).length).toBe(2);
    const canvas = el.querySelector(".lw-cmp-input canvas");
    const w = IMG.models[0].weights["1"]; // the first model colours the image
    const strongest = w.map((x, j) => j).sort((a, b) => Math.abs(w[b]) - Math.abs(w[a]) || a - b)[0];
    key(canvas, "ArrowRight");
    key(canvas, "Home");
    key(canvas, " ");
    expect(model.get("off")).toEqual([strongest]);
    expect(el.querySelector(".lw-cmp-input .lw-imgnote").textContent).toContain("removed");
    key(canvas, "Enter");
    expect(model.get("off")).toEqual([]);
  });
});

describe("compare view: the features' name", () => {
  it("follows the instance's noun (sentences) in the status and each chart", () => {
    const st = clone(S);
    st.instance = { ...st.instance, noun: ["sentence", "sentences"] };
    const { el, $ } = view(st);
    expect($(".lw-status-t").textContent).toContain("Click sentences to remove them");
    const heads = [...el.querySelectorAll(".lw-h")].map((x) => x.textContent).filter((t) => t.startsWith("Top "));
    expect(heads.length).toBeGreaterThan(1);
    expect(heads.every((t) => t.startsWith("Top sentences for"))).toBe(true);
    expect($(".lw-doc").getAttribute("aria-label")).toContain("each sentence is a button");
  });
});

describe("compare view saved: each model's last answer (the compare state keeps no history)", () => {
  it("the mask of the saved answers shows each model's answer, labelled saved; another mask the estimates", () => {
    const { el } = view({ ...clone(S), _offline: true, answers: clone(FX.answersOffGood) });
    const tok = () => [...el.querySelectorAll(".lw-doc .lw-tok")].find((s) => Number(s.dataset.fid) === FX.good);
    click(tok());
    cards(el).forEach((c, i) => {
      expect(c.dataset.state).toBe("current");
      expect(c.querySelector(".lw-cmp-st").textContent).toBe("answered (saved)");
      expect(Number(nowOf(c).dataset.value)).toBe(FX.answersOffGood[i].proba[1]);
      expect(c.querySelector(".lw-pc .lw-now .lw-line-k").textContent).toBe("saved");
    });
    expect(el.querySelector(".lw-status-t").textContent).toContain("2 of 2 models' answers saved with this view");
    const other = [...el.querySelectorAll(".lw-doc .lw-tok")].find((s) => Number(s.dataset.fid) !== FX.good);
    click(other);
    cards(el).forEach((c) => expect(c.dataset.state).toBe("offline"));
    expect(el.querySelector(".lw-status-t").textContent).toContain("no models in this saved view");
  });
});
