import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { cssRules } from "./helpers.js";
import { join } from "node:path";
import { weightStyle, maxAbs, MAX_ALPHA, MIN_ALPHA, WEAK, PALETTE, OVERLAY, themeAlpha } from "../src/palette.js";
import { OVERLAY_MIN } from "../src/pixels.js";
import { composite, contrast } from "./contrast.js";
import THEME from "../../lime_widgets/theme.json";

describe("palette (lime_widgets/theme.json)", () => {
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

describe("the page's own theme (marimo's light / dark class) wins over the OS preference", () => {
  it("the dark block of a page that says dark equals the OS-dark one, and the OS-dark one yields to a page that says light", () => {
    const media = cssRules(".lw-root:not(.light *)");
    const dark = cssRules(".dark .lw-root");
    expect(media.length).toBe(1);
    expect(dark.length).toBe(1);
    const decls = (b) => b.split(";").map((x) => x.trim()).filter(Boolean);
    expect(decls(dark[0])).toEqual(decls(media[0]));
    expect(decls(dark[0])).toContain("color-scheme: dark");
  });
});

describe("theme.json is the one palette", () => {
  const css = readFileSync(join(import.meta.dirname, "..", "src", "styles.css"), "utf8");
  it("palette.js exports theme.json's numbers", () => {
    expect(PALETTE.light).toEqual(THEME.light);
    expect(PALETTE.dark).toEqual(THEME.dark);
    expect([MIN_ALPHA, MAX_ALPHA, WEAK]).toEqual([THEME.alpha.min, THEME.alpha.max, THEME.alpha.weak]);
    expect(OVERLAY).toEqual(THEME.overlay);
    expect(OVERLAY_MIN).toBe(THEME.overlay.min);
  });
  it("the weight legend's gradient in styles.css runs over theme.json's alpha range", () => {
    expect(css).toContain(`--lw-lo: calc(${THEME.alpha.min} * var(--lw-ak) + var(--lw-a0)); --lw-hi: calc(${THEME.alpha.max} * var(--lw-ak) + var(--lw-a0));`);
  });
});
