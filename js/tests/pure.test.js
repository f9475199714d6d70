import { describe, it, expect } from "vitest";
import { estimate, labelEstimate } from "../src/estimate.js";
import { normIds, sameIds, isCurrent, modelNow, savedAnswer, normEdits } from "../src/pending.js";
import { probRows, sumAt } from "../src/topk.js";
import { fmt, fmtSigned, fmtInt, fmtWeight, rounds0, exact } from "../src/format.js";
import { displayNames } from "../src/core.js";
import { topFeatures } from "../src/components/weights.js";

describe("estimate", () => {
  it("is intercept + sum of the weights still on", () => {
    const w = [0.5, -0.25, 0, 0.125];
    expect(estimate(0.1, w, new Set())).toBeCloseTo(0.475, 10);
    expect(estimate(0.1, w, new Set([0]))).toBeCloseTo(-0.025, 10);
    expect(estimate(0.1, w, new Set([0, 1, 2, 3]))).toBeCloseTo(0.1, 10);
  });
  it("reads protocol traits, null for unexplained labels", () => {
    const st = { intercept: { 1: 0.2 }, weights: { 1: [0.1, 0.3] } };
    expect(labelEstimate(st, 1, new Set([1]))).toBeCloseTo(0.3, 10);
    expect(labelEstimate(st, 0, new Set())).toBe(null);
  });
});

describe("pending", () => {
  it("normalises and compares id lists", () => {
    expect(normIds([3, 1, 3, 2])).toEqual([1, 2, 3]);
    expect(sameIds([2, 1], [1, 2])).toBe(true);
    expect(sameIds([1], [1, 2])).toBe(false);
  });
  it("a counterfactual is current only for the same mask", () => {
    expect(isCurrent([2, 1], { off: [1, 2] })).toBe(true);
    expect(isCurrent([1], { off: [1, 2] })).toBe(false);
    expect(isCurrent([1], null)).toBe(false);
  });
  it("modelNow picks original / current / error / pending / timeout / offline", () => {
    const proba = [0.2, 0.8];
    const cf = { off: [4], proba: [0.6, 0.4], error: null };
    expect(modelNow({ off: [], proba, counterfactual: cf })).toEqual({ kind: "original", proba, error: null, saved: false });
    expect(modelNow({ off: [4], proba, counterfactual: cf })).toEqual({ kind: "current", proba: [0.6, 0.4], error: null, saved: false });
    expect(modelNow({ off: [4, 5], proba, counterfactual: cf }).kind).toBe("pending");
    expect(modelNow({ off: [4, 5], proba, counterfactual: cf, timedOut: true }).kind).toBe("timeout");
    expect(modelNow({ off: [4, 5], proba, counterfactual: cf, offline: true }).kind).toBe("offline");
    expect(modelNow({ off: [4], proba, counterfactual: { off: [4], proba: null, error: "boom" } })).toEqual({ kind: "error", proba: null, error: "boom", saved: false });
    // current mask but no answer yet -> still pending
    expect(modelNow({ off: [4], proba, counterfactual: { off: [4], proba: null, error: null } }).kind).toBe("pending");
  });
});

describe("saved answers (a view without a kernel)", () => {
  const proba = [0.2, 0.8];
  const history = [
    { off: [1, 3], edits: {}, model: [0.7, 0.3], surrogate: { 1: 0.35 }, error: null },
    { off: [2], edits: { 0: 1.5, 4: "red" }, model: [0.1, 0.9], surrogate: { 1: 0.8 }, error: null },
    { off: [5], edits: {}, model: null, surrogate: { 1: 0.5 }, error: "ValueError: boom" },
    { off: [3, 1], edits: {}, model: [0.65, 0.35], surrogate: { 1: 0.35 }, error: null }, // the same mask again, newer
  ];
  const cf = { off: [6], edits: {}, proba: [0.4, 0.6], error: null, input: "x" };
  const now = (/** @type {any} */ req) => modelNow({ proba, counterfactual: cf, offline: true, history, edits: {}, ...req });
  it("matches the off set as a set (order and repeats do not matter), the newest check first", () => {
    expect(now({ off: [3, 1] })).toEqual({ kind: "current", proba: [0.65, 0.35], error: null, saved: true });
    expect(now({ off: [1, 3, 3] }).proba).toEqual([0.65, 0.35]);
    expect(now({ off: [1] }).kind).toBe("offline");
    expect(now({ off: [1, 3, 4] }).kind).toBe("offline");
  });
  it("matches edits as values: numbers numerically, categories as strings, ids as keys", () => {
    expect(now({ off: [2], edits: { 4: "red", 0: 1.50 } }).proba).toEqual([0.1, 0.9]);
    expect(now({ off: [2], edits: normEdits({ "0": 1.5, "4": "red" }) }).proba).toEqual([0.1, 0.9]);
    expect(now({ off: [2], edits: { 0: 1.5, 4: "blue" } }).kind).toBe("offline");
    expect(now({ off: [2], edits: { 0: 1.5 } }).kind).toBe("offline");
    expect(now({ off: [2] }).kind).toBe("offline");
    expect(now({ off: [], edits: { 0: 1.5, 4: "red" } }).kind).toBe("offline");
  });
  it("the last answer (counterfactual) counts too; the original needs no check; a saved error is an error", () => {
    expect(now({ off: [6] })).toEqual({ kind: "current", proba: [0.4, 0.6], error: null, saved: true });
    expect(now({ off: [] })).toEqual({ kind: "original", proba, error: null, saved: false });
    expect(now({ off: [5] })).toEqual({ kind: "error", proba: null, error: "ValueError: boom", saved: true });
  });
  it("a live view waits for the kernel; without an answer in time (a reopened notebook) it shows the saved one", () => {
    expect(modelNow({ off: [1, 3], proba, counterfactual: cf, offline: false, timedOut: false, history }).kind).toBe("pending");
    expect(modelNow({ off: [1, 3], proba, counterfactual: cf, offline: false, timedOut: true, history }))
      .toEqual({ kind: "current", proba: [0.65, 0.35], error: null, saved: true });
    expect(modelNow({ off: [1, 4], proba, counterfactual: cf, offline: false, timedOut: true, history }).kind).toBe("timeout");
    // the kernel's own answer, even late, is not a saved one
    expect(modelNow({ off: [6], proba, counterfactual: cf, offline: false, timedOut: true, history }).saved).toBe(false);
  });
  it("tolerates missing or odd history", () => {
    expect(now({ off: [1, 3], history: undefined }).kind).toBe("offline");
    expect(savedAnswer([1], new Map(), null, [null, { off: null }, { off: [1], edits: null, model: [1, 0], error: null }])).toEqual({ proba: [1, 0], error: null });
  });
});

describe("top-k + other", () => {
  it("keeps top 5 and explained labels, sums the rest", () => {
    const p = [0.01, 0.3, 0.02, 0.2, 0.15, 0.1, 0.05, 0.04, 0.03, 0.1];
    const { rows, other } = probRows(p, [2], 5);
    expect(rows).toEqual([1, 3, 4, 5, 9, 2]);
    expect(other).toEqual([6, 7, 8, 0]);
    expect(sumAt(p, other)).toBeCloseTo(0.13, 10);
  });
  it("shows every class when at most one would be hidden", () => {
    expect(probRows([0.1, 0.2, 0.3, 0.1, 0.1, 0.2], [0], 5)).toEqual({ rows: [2, 1, 5, 0, 3, 4], other: [] });
    expect(probRows([0.4, 0.6], [1], 5)).toEqual({ rows: [1, 0], other: [] });
  });
});

describe("format + names", () => {
  it("formats numbers", () => {
    expect(fmt(0.91234)).toBe("0.912");
    expect(fmt(-0.0612)).toBe("\u22120.061");
    expect(fmtSigned(0.05)).toBe("+0.050");
    expect(fmtSigned(-0.2, 2)).toBe("\u22120.20");
    expect(fmt(null)).toBe("\u2013");
    expect(fmtInt(5000)).toBe("5,000");
  });
  it("one format family, never exponent notation", () => {
    // weights: 3 decimals; too small to show: 0.000 with its sign when signed
    expect(fmtSigned(5.1e-4)).toBe("+0.001");
    expect(fmtSigned(4.9e-4)).toBe("+0.000");
    expect(fmtSigned(-3e-7)).toBe("\u22120.000");
    expect(fmtSigned(0)).toBe("0.000");
    expect(fmt(-3e-7)).toBe("0.000"); // unsigned: no minus on a zero
    expect(fmt(2.1e-3)).toBe("0.002");
    // gaps signed 3 decimals, R^2 2 decimals
    expect(fmtSigned(-0.0104)).toBe("\u22120.010");
    expect(fmt(0.004, 2)).toBe("0.00");
    expect(fmt(-0.37, 2)).toBe("\u22120.37");
    // large values (regression): one decimal, then thousands
    expect(fmt(206.94)).toBe("206.9");
    expect(fmt(123456.7)).toBe("123,457");
    expect(fmt(1e25)).not.toMatch(/e/i);
    for (const x of [1e-12, -7.5e-9, 3.2e-5, 4.99e-4, 1e-3, 0.5, 12.3456, 1e21, -1e-300]) {
      for (const s of [fmt(x), fmtSigned(x), fmt(x, 2), fmtSigned(x, 2)]) {
        expect(s, String(x)).not.toMatch(/e/i);
        // parseable as a number once the Unicode minus and commas are taken out
        expect(Number.isFinite(Number(s.replace("\u2212", "-").replace(/,/g, ""))), s).toBe(true);
      }
    }
    expect(fmt(null)).toBe("\u2013");
    expect(fmtSigned(undefined)).toBe("\u2013");
  });
  it("exact values for data-value and titles", () => {
    expect(exact(5.1234e-4)).toBe("0.00051234");
    expect(Number(exact(1 / 3))).toBe(1 / 3);
    expect(exact(null)).toBe("");
    expect(rounds0(4e-4)).toBe(true);
    expect(rounds0(0)).toBe(false);
    expect(rounds0(6e-4)).toBe(false);
    expect(fmtWeight(0.25)).toBe("+0.250");
    expect(fmtWeight(-4.2e-4)).toBe("\u22120.000 (-0.000420)");
  });
  it("disambiguates repeated feature names", () => {
    expect(displayNames(["a", "b", "a"])).toEqual(["a #1", "b", "a #2"]);
  });
  it("top features by |weight|", () => {
    expect(topFeatures([0, 1, 2, 3], [0.1, -0.4, 0.2, 0.3], 3)).toEqual([1, 3, 2]);
  });
});
