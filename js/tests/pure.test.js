import { describe, it, expect } from "vitest";
import { weightStyle, maxAbs, MAX_ALPHA, MIN_ALPHA, WEAK, PALETTE, composite, contrast, themeAlpha } from "../src/palette.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { estimate, labelEstimate } from "../src/estimate.js";
import { normIds, sameIds, isCurrent, modelNow } from "../src/pending.js";
import { probRows, sumAt } from "../src/topk.js";
import { fmt, fmtSigned, fmtInt, fmtWeight, rounds0, exact } from "../src/format.js";
import { displayNames } from "../src/core.js";
import { topFeatures } from "../src/components/weights.js";

describe("palette", () => {
  it("maps sign to side and |w|/scale to alpha; weak weights are flagged", () => {
    expect(weightStyle(0.3, 0.3)).toEqual({ sign: 1, cls: "lw-pos", alpha: MAX_ALPHA, ratio: 1, weak: false });
    const neg = weightStyle(-0.15, 0.3);
    expect(neg.cls).toBe("lw-neg");
    expect(neg.sign).toBe(-1);
    expect(neg.ratio).toBeCloseTo(0.5);
    expect(neg.alpha).toBeCloseTo(MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * 0.5, 3);
    expect(neg.weak).toBe(false);
    expect(weightStyle(0.01, 0.3)).toMatchObject({ sign: 1, weak: true });
    expect(weightStyle(-0.3 * WEAK * 0.99, 0.3).weak).toBe(true);
    expect(weightStyle(0, 0.3)).toEqual({ sign: 0, cls: "", alpha: 0, ratio: 0, weak: false });
    expect(weightStyle(0.2, 0).alpha).toBe(0);
    expect(weightStyle(9, 0.3).alpha).toBe(MAX_ALPHA); // clamped
  });
  it("scale is the max |weight| over the given ids", () => {
    expect(maxAbs([0.1, -0.5, 0.3], [0, 2])).toBeCloseTo(0.3);
    expect(maxAbs([0.1, -0.5, 0.3])).toBeCloseTo(0.5);
    expect(maxAbs([])).toBe(0);
  });
  it("themeAlpha maps the alpha range onto each theme's", () => {
    for (const t of ["light", "dark"]) {
      expect(themeAlpha(MIN_ALPHA, t)).toBeCloseTo(PALETTE[t].amin, 10);
      expect(themeAlpha(MAX_ALPHA, t)).toBeCloseTo(PALETTE[t].amax, 10);
    }
  });

  // Every highlight, from the weakest non-zero weight to the strongest, on every card colour a
  // theme may sit on (white / #f7f7f7; #111, #1e1e1e, #212121, #2a2a2a in dark notebooks).
  const ratios = [0, 0.01, 0.1, WEAK - 0.001, WEAK, 0.5, 0.75, 1];
  const cases = [];
  for (const theme of ["light", "dark"]) {
    const P = PALETTE[theme];
    for (const bg of P.bg) for (const side of ["pos", "neg"]) cases.push([theme, bg, side]);
  }
  const painted = (theme, bg, side, r) => {
    const P = PALETTE[theme];
    return composite(P[side], themeAlpha(MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * r, theme), bg);
  };
  it.each(cases)("%s on rgb(%s), %s: word text on any highlight has contrast >= 4.5", (theme, bg, side) => {
    for (const r of ratios) expect(contrast(painted(theme, bg, side, r), PALETTE[theme].fg), `ratio ${r}`).toBeGreaterThanOrEqual(4.5);
  });
  it.each(cases)("%s on rgb(%s), %s: every non-zero weight is distinguishable from the card", (theme, bg, side) => {
    const P = PALETTE[theme];
    // the weakest fill differs from the card ...
    expect(contrast(painted(theme, bg, side, 0), bg)).toBeGreaterThanOrEqual(1.2);
    // ... and weak ones (ratio < WEAK) are framed in a colour with >= 3:1 against the card (WCAG 1.4.11)
    expect(contrast(P[side + "M"], bg)).toBeGreaterThanOrEqual(3);
    // strong weights stay strong: the strongest fill stands out clearly
    expect(contrast(painted(theme, bg, side, 1), bg)).toBeGreaterThanOrEqual(2);
    // weight-chart bars (solid side colour) and the hatched frame of off bars: >= 3:1
    expect(contrast(P[side], bg)).toBeGreaterThanOrEqual(3);
  });
  it.each(cases)("%s on rgb(%s), %s: struck-out words and off features stay readable (>= 3:1)", (theme, bg) => {
    const P = PALETTE[theme];
    expect(contrast(composite(P.ink, P.muted, bg), bg)).toBeGreaterThanOrEqual(3);
  });
  it("PALETTE matches the colours in styles.css", () => {
    const css = readFileSync(join(import.meta.dirname, "..", "src", "styles.css"), "utf8");
    const triples = (name) => [...css.matchAll(new RegExp(`--lw-${name}:\\s*(\\d+),\\s*(\\d+),\\s*(\\d+);`, "g"))].map((m) => m.slice(1).map(Number));
    for (const name of ["pos", "neg", "pos-m", "neg-m"]) {
      const key = name.replace("-m", "M");
      const found = triples(name).map(String);
      expect(found.length, name).toBeGreaterThanOrEqual(4); // default, dark media, JupyterLab dark + light
      expect(new Set(found), name).toEqual(new Set([String(PALETTE.light[key]), String(PALETTE.dark[key])]));
    }
    const k = (t) => (PALETTE[t].amax - PALETTE[t].amin) / (MAX_ALPHA - MIN_ALPHA);
    for (const t of ["light", "dark"]) {
      expect(css).toContain(`--lw-ak: ${+k(t).toFixed(4)};`);
      expect(css).toContain(`--lw-a0: ${+(PALETTE[t].amin - MIN_ALPHA * k(t)).toFixed(4)};`);
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
