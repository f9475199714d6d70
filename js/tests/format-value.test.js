import { describe, expect, it } from "vitest";
import { formatValue } from "../src/views/tabular.js";

// the same table as tests/test_tabular.py::FORMAT_CASES: Python and JS must show numbers alike
const CASES = [[42.0, "42"], [7.11, "7.11"], [25.27384, "25.27"], [0.034567, "0.03457"], [-0.0004, "-0.0004"], [1326.44, "1326.4"], [0.0, "0"], [5.0, "5"]];

describe("formatValue", () => {
  it.each(CASES)("%s -> %s", (v, text) => {
    expect(formatValue(v)).toBe(text);
  });
});
