// PROTOCOL.md's trait table is the schema's (lime_widgets/widgets/schema.py -> src/schema.gen.json).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { withTable, traitTable, paths } from "../dev/protocol_table.mjs";

const schema = JSON.parse(readFileSync(paths.schema, "utf8"));
const md = readFileSync(paths.protocol, "utf8");

describe("PROTOCOL.md", () => {
  it("holds the current trait table (regenerate: npm run protocol)", () => {
    expect(md).toBe(withTable(md, schema));
  });
  it("has a row for every trait, saying who writes it and whether it is live", () => {
    const table = traitTable(schema);
    for (const t of schema.traits) {
      const row = table.split("\n").find((r) => r.startsWith(`| \`${t.name}\` |`));
      expect(row, t.name).toBeTruthy();
      expect(row).toContain(t.writer === "both" ? "Python and the view" : "| Python |");
      expect(row).toContain(t.update === "live" ? "live" : "rebuild");
    }
  });
  it("no longer says the view writes only off and label", () => {
    expect(md).not.toMatch(/writes only `off`/);
    for (const t of schema.traits.filter((t) => t.writer === "both")) expect(md).toContain("`" + t.name + "`");
  });
});
