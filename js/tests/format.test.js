// The number format against the vectors shared with Python (tests/test_snapshot.py checks
// lime_widgets/widgets/numbers.py against the same file). Regenerate: node dev/make_format_vectors.mjs
import { describe, it, expect } from "vitest";
import { fmt, fmtSigned } from "../src/format.js";
import V from "./format-vectors.json";

describe("format vectors (shared with Python)", () => {
  it.each(V.cases.map((c) => [c.x, c.digits, c.fmt, c.signed]))("%s with %s decimals: %s / %s", (x, digits, f, s) => {
    expect(fmt(x, digits)).toBe(f);
    expect(fmtSigned(x, digits)).toBe(s);
  });
  it("cover the rules: no exponent, U+2212, commas from 10,000, one decimal from 100", () => {
    const all = V.cases.flatMap((c) => [c.fmt, c.signed]);
    expect(all.some((s) => /e/i.test(s))).toBe(false);
    expect(all.some((s) => s.includes("-"))).toBe(false);
    expect(all).toContain("\u22121.000");
    expect(all).toContain("12,346");
    expect(all).toContain("123.5");
    expect(V.cases.length).toBeGreaterThanOrEqual(90);
  });
});
