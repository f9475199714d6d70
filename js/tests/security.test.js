// Security of the shared DOM layer; each view's own hostile-string test is in its view's file.
import { describe, it, expect } from "vitest";
import { PAYLOADS } from "./helpers.js";

describe("security: the DOM layer builds no markup", () => {
  it("the DOM helper refuses event-handler and URL attributes", async () => {
    const { h } = await import("../src/dom.js");
    expect(() => h("div", { onclick: "alert(1)" })).toThrow();
    expect(() => h("a", { href: "javascript:alert(1)" })).toThrow();
    expect(h("div", { text: PAYLOADS[0] }).children.length).toBe(0);
  });

  it("no source file uses innerHTML / insertAdjacentHTML / outerHTML / document.write", async () => {
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const { join } = await import("node:path");
    const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    const src = join(import.meta.dirname, "..", "src");
    for (const f of walk(src).filter((f) => f.endsWith(".js"))) {
      expect(readFileSync(f, "utf8"), f).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    }
  });
});
