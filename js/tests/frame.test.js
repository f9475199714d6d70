// The frame every explanation view shares (components/layout.js) and the trait lists core.js takes
// from the declared schema (schema.gen.json).
import { describe, it, expect } from "vitest";
import { F, useViews, PAYLOADS, assertInert, cssRules } from "./helpers.js";
import { LIVE_TRAITS, STRUCT_TRAITS } from "../src/core.js";
import SCHEMA from "../src/schema.gen.json";

const view = useViews();
const KINDS = [["text", F.sentiment], ["image", F.chelsea], ["tabular", F.titanic]];

describe("trait lists come from the schema", () => {
  it("live and struct partition the schema's traits", () => {
    const names = SCHEMA.traits.map((t) => t.name);
    expect([...LIVE_TRAITS, ...STRUCT_TRAITS].sort()).toEqual([...names].sort());
    expect(LIVE_TRAITS.filter((t) => STRUCT_TRAITS.includes(t))).toEqual([]);
    for (const t of SCHEMA.traits) expect(t.update === "live" ? LIVE_TRAITS : STRUCT_TRAITS).toContain(t.name);
    expect(LIVE_TRAITS).toEqual(expect.arrayContaining(["off", "edits", "label", "counterfactual", "rejected", "model_stats"]));
  });
});

describe.each(KINDS)("%s view: the shared frame", (kind, state) => {
  it("shows the kernel's rejection as one text line in the header, hidden when there is none", () => {
    const { model, $ } = view({ ...state, rejected: "" });
    const line = $(".lw-head .lw-rejected");
    expect(line.getAttribute("role")).toBe("status");
    expect(line.hidden).toBe(true);
    expect(line.textContent).toBe("");
    const root = $(".lw-root");
    model.set("rejected", "off: feature id 99 is out of range (0..7)");
    expect($(".lw-root")).toBe(root); // live: updated in place, not rebuilt
    expect(line.hidden).toBe(false);
    expect(line.textContent).toBe("off: feature id 99 is out of range (0..7)");
    model.set("rejected", PAYLOADS[0]);
    expect(line.textContent).toBe(PAYLOADS[0]);
    assertInert(line);
    model.set("rejected", "");
    expect(line.hidden).toBe(true);
  });

  it("a missing rejected trait (older kernels, saved pages) shows no line", () => {
    const st = { ...state };
    delete st.rejected;
    const { $ } = view(st);
    expect($(".lw-rejected").hidden).toBe(true);
  });

  it("model_stats changes refresh the fit panel in place", () => {
    const { model, $ } = view({ ...state, model_stats: { calls: 1, rows: 100, seconds: 0.1 } });
    const root = $(".lw-root");
    const calls = () => [...$(".lw-fit").children].find((c) => c.previousElementSibling?.textContent === "Model calls").textContent;
    expect(calls()).toBe("1 (100 rows, 0.10 s)");
    model.set("model_stats", { calls: 3, rows: 12000, seconds: 2.5 });
    expect(calls()).toBe("3 (12,000 rows, 2.50 s)");
    expect($(".lw-root")).toBe(root);
  });

  it("the hand checks are counted apart from the explanation's calls, and the model's path is named as text", () => {
    const cell = (k) => [...$(".lw-fit").children].find((c) => c.previousElementSibling?.textContent === k).textContent;
    const checks = { calls: 0, rows: 0, seconds: 0, cached: 0, failed: 0 };
    const { model, $ } = view({ ...state, model_stats: { calls: 6, rows: 5005, seconds: 0.12, checks } });
    expect(cell("Model calls")).toBe("6 (5,005 rows, 0.12 s)");
    expect(cell("Hand checks")).toBe("none yet");
    expect(cell("Model seen as")).toBe("a black box (inputs built in full)");
    model.set("model_stats", { calls: 6, rows: 5005, seconds: 0.12, path: "white-box: <b>Tfidf</b> \u2192 LR",
      checks: { calls: 2, rows: 2, seconds: 0.004, cached: 3, failed: 1 } });
    expect(cell("Model calls")).toBe("6 (5,005 rows, 0.12 s)");
    expect(cell("Hand checks")).toBe("2 asked (0.00 s) \u00b7 3 from the cache \u00b7 1 failed");
    expect(cell("Model seen as")).toBe("white-box: <b>Tfidf</b> \u2192 LR");
    expect($(".lw-fit b")).toBeNull();
  });

  it("a struct trait rebuilds the view", () => {
    const { model, $ } = view(state);
    const root = $(".lw-root");
    model.set("class_names", state.class_names.map((c) => c + "!"));
    expect($(".lw-root")).not.toBe(root);
    expect($(".lw-picker").textContent).toContain("!");
  });
});

describe("labels are never cut", () => {
  it.each([".lw-wname", ".lw-mname", ".lw-tname", ".lw-leg-t", ".lw-seg-b"])("%s wraps a long name instead of ellipsizing it", (sel) => {
    const rules = cssRules(sel).join(";");
    expect(rules).toMatch(/overflow-wrap:\s*(anywhere|break-word)/);
    expect(rules).not.toMatch(/text-overflow|nowrap|overflow:\s*hidden/);
  });
});
