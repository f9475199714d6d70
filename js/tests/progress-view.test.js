import { describe, it, expect } from "vitest";
import { mount, useViews } from "./helpers.js";
import { progressInfo } from "../src/views/progress.js";
import { createModel } from "../src/fakemodel.js";
import "../src/standalone.js";

const view = useViews();
const RUNNING = { kind: "progress", done: 2000, total: 5000, state: "running", message: "", elapsed: 1.3 };

const read = ($) => {
  const bar = $("[role='progressbar']");
  return {
    state: $(".lw-root").getAttribute("data-state"),
    text: $(".lw-prog-t").textContent,
    now: bar.getAttribute("aria-valuenow"),
    min: bar.getAttribute("aria-valuemin"),
    max: bar.getAttribute("aria-valuemax"),
    valuetext: bar.getAttribute("aria-valuetext"),
    width: $(".lw-prog-fill").style.width,
    hint: $(".lw-prog-hint").hidden ? null : $(".lw-prog-hint").textContent,
    msg: $(".lw-prog-msg").hidden ? null : $(".lw-prog-msg").textContent,
  };
};

describe("progress view", () => {
  it("counts instances for explain_many / SubmodularPick, in every state and for screen readers", () => {
    const { $, model } = view({ ...RUNNING, done: 3, total: 50, unit: "instances", elapsed: 4 });
    let v = read($);
    expect(v.text).toBe("Explaining instances 3 / 50 (6%) \u00b7 4.00 s");
    expect(v.valuetext).toBe("3 of 50 instances (6%)");
    expect($("[role='progressbar']").getAttribute("aria-label")).toBe("LIME: instances explained");
    model.set("state", "interrupted");
    expect(read($).text).toBe("Interrupted after 3 / 50 instances \u00b7 4.00 s");
    model.set("message", "boom");
    model.set("state", "error");
    expect(read($).text).toBe("Explaining failed after 3 / 50 instances \u00b7 4.00 s");
    model.set("state", "done");
    expect(read($).text).toBe("Explained 50 instances \u00b7 4.00 s");
    // samples stay the default, and an unknown unit reads as samples
    expect(progressInfo(createModel({ ...RUNNING, unit: "bogus" })).text).toMatch(/^Scoring perturbed samples/);
    expect(progressInfo(createModel(RUNNING)).label).toBe("LIME: perturbed samples scored by the model");
  });

  it("renders the counts, percentage, time, an ARIA progress bar and how to stop", () => {
    const { $, $$ } = view(RUNNING);
    expect($$(".lw-root").length).toBe(1);
    expect($(".lw-root").classList.contains("lw-kind-progress")).toBe(true);
    const v = read($);
    expect(v.state).toBe("running");
    expect(v.text).toBe("Scoring perturbed samples 2,000 / 5,000 (40%) \u00b7 1.30 s");
    expect([v.min, v.max, v.now]).toEqual(["0", "5000", "2000"]);
    expect(v.valuetext).toBe("2,000 of 5,000 samples (40%)");
    expect(v.width).toBe("40.00%");
    expect(v.hint).toMatch(/interrupt the kernel \(\u25a0/);
    expect(v.hint).toMatch(/keeps running/);
    expect(v.msg).toBe(null);
    // no explanation attributes leak onto the progress root
    expect($(".lw-root").hasAttribute("data-off")).toBe(false);
  });

  it("updates in place when Python changes the traits (no rebuild)", () => {
    const { $, $$, model } = view(RUNNING);
    const root = $(".lw-root");
    const bar = $("[role='progressbar']");
    model.set("done", 2500);
    model.set("elapsed", 12.34);
    expect($$(".lw-root")[0]).toBe(root);
    expect($("[role='progressbar']")).toBe(bar);
    const v = read($);
    expect(v.text).toBe("Scoring perturbed samples 2,500 / 5,000 (50%) \u00b7 12.3 s");
    expect(v.now).toBe("2500");
    expect(v.width).toBe("50.00%");
    model.set("total", 10000);
    model.set("done", 12345); // never past the total
    expect(read($).now).toBe("10000");
    expect(read($).text).toMatch(/^Scoring perturbed samples 10,000 \/ 10,000 \(100%\)/);
    expect(model.sets.every(([k]) => ["done", "total", "elapsed"].includes(k))).toBe(true); // JS writes nothing
    expect(model.saves).toBe(0);
  });

  it("interrupted: says after how many samples, keeps the bar, tells that the kernel lives", () => {
    const { $, model } = view(RUNNING);
    model.set("state", "interrupted");
    const v = read($);
    expect(v.state).toBe("interrupted");
    expect(v.text).toBe("Interrupted after 2,000 / 5,000 samples \u00b7 1.30 s");
    expect(v.now).toBe("2000");
    expect(v.hint).toMatch(/kernel is still running/);
    expect(v.msg).toBe(null);
  });

  it("error: the model's message as text", () => {
    const { $, model } = view(RUNNING);
    model.set("message", "the model f raised ValueError: bad batch (on a batch of 500 inputs)");
    expect(read($).msg).toBe(null); // a message only shows in the error state
    model.set("state", "error");
    const v = read($);
    expect(v.state).toBe("error");
    expect(v.text).toBe("The model failed after 2,000 / 5,000 samples \u00b7 1.30 s");
    expect(v.msg).toBe("the model f raised ValueError: bad batch (on a batch of 500 inputs)");
    expect($(".lw-prog-msg").getAttribute("role")).toBe("alert");
    expect(v.hint).toBe(null);
    model.set("state", "running"); // back (a new run reusing the widget): the message hides again
    expect(read($).msg).toBe(null);
  });

  it("done", () => {
    const { $ } = view({ ...RUNNING, done: 5000, state: "done", elapsed: 2.5 });
    const v = read($);
    expect(v.text).toBe("Scored 5,000 perturbed samples \u00b7 2.50 s");
    expect(v.width).toBe("100.00%");
    expect(v.hint).toBe(null);
  });

  it("messages and every other string reach the page as text, never as HTML", () => {
    const payload = '<img src=x onerror="window.__lwpwn=1"><script>window.__lwpwn=2</script>';
    const { $, el } = view({ ...RUNNING, state: "error", message: payload });
    expect(read($).msg).toBe(payload);
    expect(el.querySelectorAll("img, script, svg, iframe, a").length).toBe(0);
    for (const e of el.querySelectorAll("*")) for (const a of e.getAttributeNames()) expect(a.startsWith("on")).toBe(false);
    expect(window.__lwpwn).toBe(undefined);
  });

  it("odd traits: missing, zero total, unknown state, negative numbers", () => {
    expect(progressInfo(createModel({ kind: "progress" })).text).toBe("Scoring perturbed samples 0 / 0 (0%)");
    const z = progressInfo(createModel({ done: -3, total: 0, state: "bogus", elapsed: null }));
    expect([z.state, z.done, z.total, z.pct]).toEqual(["running", 0, 0, 0]);
    expect(progressInfo(createModel({ done: 1, total: 3, state: "running", elapsed: 0 })).text).toBe(
      "Scoring perturbed samples 1 / 3 (33%) \u00b7 0.00 s");
    expect(progressInfo(createModel({ done: 3, total: 3, state: "running" })).pct).toBe(100);
  });

  it("cleanup removes handlers and the DOM", () => {
    const v = mount(RUNNING);
    expect(v.model.handlerCount()).toBeGreaterThan(0);
    v.cleanup();
    expect(v.model.handlerCount()).toBe(0);
    expect(v.el.children.length).toBe(0);
  });

  it("renders from saved state (standalone bundle entry)", () => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    view.track(window.limeWidgets.renderOffline(el, { ...RUNNING, state: "interrupted" }));
    expect(el.querySelector(".lw-prog-t").textContent).toBe("Interrupted after 2,000 / 5,000 samples \u00b7 1.30 s");
  });
});
