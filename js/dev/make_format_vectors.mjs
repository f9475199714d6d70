// Writes tests/format-vectors.json: inputs and what js/src/format.js shows for them. The same file
// is checked by tests/format.test.js (JS) and tests/test_snapshot.py (the Python port in
// lime_widgets/widgets/numbers.py). Run: node dev/make_format_vectors.mjs
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, fmtSigned } from "../src/format.js";

const xs = [0, -0, 1, -1, 0.5, 0.0004, -0.0004, 0.0005, 0.0015, -0.0015, 0.12345, -0.98765, 0.9995, 1.2345,
  99.9994, 99.9996, -99.9996, 100, 123.456, -123.456, 9999.94, 9999.96, 10000, 12345.5, -12345.5, 1234567.89,
  1e-9, -1e-9, 1e21, 3.14159, -2.71828, 0.045, 0.055, 0.0625];
const cases = [];
for (const x of xs) for (const digits of [3, 2, 1]) {
  cases.push({ x, digits, fmt: fmt(x, digits), signed: fmtSigned(x, digits) });
}
const out = join(import.meta.dirname, "..", "tests", "format-vectors.json");
writeFileSync(out, JSON.stringify({ _doc: "x -> fmt(x, digits) and fmtSigned(x, digits) of js/src/format.js", cases }, null, 1) + "\n");
console.log(`${cases.length} cases -> ${out}`);
