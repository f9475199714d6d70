import { describe, it, expect } from "vitest";
import { weightStyle, maxAbs, MAX_ALPHA, MIN_ALPHA, PALETTE, composite, contrast } from "../src/palette.js";
import { estimate, labelEstimate } from "../src/estimate.js";
import { normIds, sameIds, isCurrent, modelNow } from "../src/pending.js";
import { probRows, sumAt } from "../src/topk.js";
import { fmt, fmtSigned, fmtInt } from "../src/format.js";
import { displayNames } from "../src/core.js";
import { topFeatures } from "../src/components/weights.js";

describe("palette", () => {
  it("maps sign to side and |w|/scale to alpha", () => {
    expect(weightStyle(0.3, 0.3)).toEqual({ sign: 1, cls: "lw-pos", alpha: MAX_ALPHA, ratio: 1 });
    const neg = weightStyle(-0.15, 0.3);
    expect(neg.cls).toBe("lw-neg");
    expect(neg.sign).toBe(-1);
    expect(neg.ratio).toBeCloseTo(0.5);
    expect(neg.alpha).toBeCloseTo(MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * 0.5, 3);
    expect(weightStyle(0, 0.3)).toEqual({ sign: 0, cls: "", alpha: 0, ratio: 0 });
    expect(weightStyle(0.2, 0).alpha).toBe(0);
    expect(weightStyle(9, 0.3).alpha).toBe(MAX_ALPHA); // clamped
  });
  it("scale is the max |weight| over the given ids", () => {
    expect(maxAbs([0.1, -0.5, 0.3], [0, 2])).toBeCloseTo(0.3);
    expect(maxAbs([0.1, -0.5, 0.3])).toBeCloseTo(0.5);
    expect(maxAbs([])).toBe(0);
  });
  it("strongest highlights keep text legible on light and dark backgrounds (contrast >= 4.5)", () => {
    for (const theme of ["light", "dark"]) {
      const { pos, neg, bg, fg } = PALETTE[theme];
      for (const c of [pos, neg]) {
        for (const a of [MIN_ALPHA, 0.5, MAX_ALPHA]) {
          expect(contrast(composite(c, a, bg), fg)).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });
});

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
    expect(modelNow({ off: [], proba, counterfactual: cf })).toEqual({ kind: "original", proba, error: null });
    expect(modelNow({ off: [4], proba, counterfactual: cf })).toEqual({ kind: "current", proba: [0.6, 0.4], error: null });
    expect(modelNow({ off: [4, 5], proba, counterfactual: cf }).kind).toBe("pending");
    expect(modelNow({ off: [4, 5], proba, counterfactual: cf, timedOut: true }).kind).toBe("timeout");
    expect(modelNow({ off: [4], proba, counterfactual: cf, offline: true }).kind).toBe("offline");
    expect(modelNow({ off: [4], proba, counterfactual: { off: [4], proba: null, error: "boom" } })).toEqual({ kind: "error", proba: null, error: "boom" });
    // current mask but no answer yet -> still pending
    expect(modelNow({ off: [4], proba, counterfactual: { off: [4], proba: null, error: null } }).kind).toBe("pending");
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
  it("disambiguates repeated feature names", () => {
    expect(displayNames(["a", "b", "a"])).toEqual(["a #1", "b", "a #2"]);
  });
  it("top features by |weight|", () => {
    expect(topFeatures([0, 1, 2, 3], [0.1, -0.4, 0.2, 0.3], 3)).toEqual([1, 3, 2]);
  });
});
