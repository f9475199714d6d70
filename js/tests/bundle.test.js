// Checks on the built files. Locally they are skipped until `npm run build` has run; in CI (the
// environment variable CI set, as CI services do) a missing bundle is a failure, not a skip.
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const out = join(import.meta.dirname, "..", "..", "lime_widgets", "static");
const built = ["widget.js", "standalone.js", "widget.css"].every((f) => existsSync(join(out, f)));

const inCI = !!process.env.CI && process.env.CI !== "false" && process.env.CI !== "0";

describe("the bundles are built", () => {
  it.runIf(inCI)("in CI: lime_widgets/static holds widget.js, standalone.js and widget.css", () => {
    expect(built, `run \`npm run build\` first: ${out} lacks a bundle`).toBe(true);
  });
});

describe.skipIf(!built)("built bundles", () => {
  it("widget.js is small and an ES module with a default export", () => {
    // 47 KB before the compare view (about 7 KB) and the trust panel (about 9 KB); a saved notebook carries
    // the bundle once per view, so it stays small
    expect(statSync(join(out, "widget.js")).size).toBeLessThan(66 * 1024);
    expect(readFileSync(join(out, "widget.js"), "utf8")).toMatch(/export\s*\{[^}]*as default/);
  });
  it("can be inlined in HTML: no </script, no <!--, ASCII only", () => {
    for (const f of ["widget.js", "standalone.js", "widget.css"]) {
      const s = readFileSync(join(out, f), "utf8");
      expect(s, f).not.toMatch(/<\/script|<!--/i);
      expect(/^[\t\n\r\x20-\x7e]*$/.test(s), f).toBe(true);
    }
  });
  it("standalone.js defines window.limeWidgets.renderOffline and renders", async () => {
    const code = readFileSync(join(out, "standalone.js"), "utf8");
    delete window.limeWidgets;
    window.eval(code);
    await import("../dev/fixtures.js");
    const el = document.createElement("div");
    document.body.appendChild(el);
    const cleanup = window.limeWidgets.renderOffline(el, { ...globalThis.LW_FIXTURES.sentiment, _offline: true });
    expect(el.querySelectorAll(".lw-tok").length).toBeGreaterThan(10);
    expect(el.querySelector(".lw-root.lw-offline")).not.toBe(null);
    cleanup();
    expect(el.children.length).toBe(0);
  });
  it("standalone.js renders the image view from base64 state", async () => {
    await import("../dev/fixtures.js");
    await import("../dev/fixtures-image.js");
    const el = document.createElement("div");
    document.body.appendChild(el);
    const cleanup = window.limeWidgets.renderOffline(el, globalThis.LW_FIXTURES.chelsea);
    expect(el.querySelector("canvas").width).toBe(225);
    expect(el.querySelector(".lw-keep-pos")).not.toBe(null);
    cleanup();
    expect(el.children.length).toBe(0);
  });
  it("standalone.js renders the tabular view and the pick gallery", async () => {
    await import("../dev/fixtures.js");
    await import("../dev/fixtures-tabular.js");
    for (const [name, sel, n] of [["titanic", ".lw-tline[data-fid]", 7], ["pick", ".lw-pcard", 4]]) {
      const el = document.createElement("div");
      document.body.appendChild(el);
      const cleanup = window.limeWidgets.renderOffline(el, globalThis.LW_FIXTURES[name]);
      expect(el.querySelectorAll(sel).length, name).toBe(n);
      cleanup();
      expect(el.children.length).toBe(0);
    }
  });
  it("the bundle listens to every trait of the schema: live ones in place, struct ones by a rebuild", async () => {
    const { createModel } = window.limeWidgets;
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, "..", "src", "schema.gen.json"), "utf8"));
    await import("../dev/fixtures.js");
    const model = createModel({ ...globalThis.LW_FIXTURES.sentiment, _offline: false });
    const events = new Set();
    const on = model.on;
    model.on = (event, fn) => {
      events.add(event);
      on(event, fn);
    };
    const el = document.createElement("div");
    const cleanup = window.limeWidgets.render({ model, el });
    expect([...events].sort()).toEqual(schema.traits.map((t) => "change:" + t.name).sort());
    const root = el.querySelector(".lw-root");
    model.set("rejected", "no feature 9");
    expect(el.querySelector(".lw-root")).toBe(root);
    expect(el.querySelector(".lw-rejected").textContent).toBe("no feature 9");
    model.set("feature_names", [...model.get("feature_names")]);
    expect(el.querySelector(".lw-root")).not.toBe(root);
    cleanup();
  });
  it("all classes in widget.css are lw- prefixed (the host's output areas only to hide our snapshot output)", () => {
    const all = readFileSync(join(out, "widget.css"), "utf8");
    // the one rule that names the notebook's output areas: it hides the snapshot output after a live view
    const hostRule = /([^{}]*)\{display:none\}/g;
    const hosts = [...all.matchAll(hostRule)].filter((m) => /jp-OutputArea|output_area/.test(m[1]));
    expect(hosts.length).toBe(1);
    for (const sel of hosts[0][1].split(",")) expect(sel).toMatch(/:has\(\.lw-root\)\+.*:has\(\.lw-fallback\)$/);
    const css = all.replace(hosts[0][0], "");
    const classes = [...css.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]);
    expect(classes.length).toBeGreaterThan(20);
    // except the host page's theme marks, only read on an ancestor (marimo's light / dark class), never styled
    expect(classes.filter((c) => !c.startsWith("lw-") && !["light", "dark"].includes(c))).toEqual([]);
    expect(css.match(/\.(light|dark)\s*\{/), "a rule styles the page's own light / dark element").toBe(null);
  });
});
