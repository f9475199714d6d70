import { describe, it, expect, afterEach } from "vitest";
import { F, clone, mount } from "./helpers.js";
import "../src/standalone.js";

const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(1)</script>",
  "javascript:alert(1)",
  '"><svg onload=alert(1)>',
];

function hostileState() {
  const st = clone(F.sentiment);
  // every feature token, class name, feature name and the error carry payloads
  const tokens = [];
  PAYLOADS.forEach((p, i) => {
    tokens.push([p, i]);
    tokens.push([" ", -1]);
  });
  tokens.push([PAYLOADS[1], -1]); // also as a separator
  st.tokens = tokens;
  st.feature_names = PAYLOADS.slice();
  st.class_names = [PAYLOADS[0], PAYLOADS[1]];
  for (const l of [0, 1]) {
    st.weights[l] = [0.3, -0.2, 0.1, 0.05].map((x) => (l ? x : -x));
    st.selected[l] = [0, 1, 2, 3];
  }
  st.off = [1];
  st.counterfactual = { off: [1], proba: null, error: PAYLOADS.join(" | "), input: PAYLOADS[2] };
  return st;
}

function assertInert(root) {
  expect(root.querySelectorAll("img, script, svg, iframe, a, object, embed").length).toBe(0);
  for (const el of root.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) expect(attr.startsWith("on")).toBe(false);
  }
}

afterEach(() => document.body.replaceChildren());

describe("security: user strings are text, never markup", () => {
  it("live view", () => {
    const { el, cleanup } = mount(hostileState());
    assertInert(el);
    const doc = el.querySelector(".lw-doc");
    expect(doc.textContent).toBe(hostileState().tokens.map((t) => t[0]).join(""));
    for (const p of PAYLOADS) expect(doc.textContent).toContain(p);
    expect([...el.querySelectorAll(".lw-seg-b")].map((b) => b.textContent)).toEqual([PAYLOADS[1], PAYLOADS[0]]); // labels order [1, 0]
    expect(el.querySelector(".lw-error-msg").textContent).toBe(PAYLOADS.join(" | "));
    expect([...el.querySelectorAll(".lw-wname")].map((n) => n.textContent)).toContain(PAYLOADS[2]);
    expect(el.querySelector(".lw-wrow").getAttribute("aria-label")).toContain(PAYLOADS[0]);
    // switching label re-renders names: still inert
    el.querySelectorAll(".lw-seg-b")[1].dispatchEvent(new MouseEvent("click", { bubbles: true }));
    assertInert(el);
    cleanup();
  });

  it("standalone renderOffline", () => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    const st = hostileState();
    const cleanup = window.limeWidgets.renderOffline(el, { ...st, _offline: true });
    assertInert(el);
    expect(el.querySelector(".lw-doc").textContent).toContain(PAYLOADS[1]);
    expect(el.querySelector(".lw-root").classList.contains("lw-offline")).toBe(true);
    cleanup();
    expect(el.children.length).toBe(0);
  });

  it("image view: class names, feature names and the error message stay text", () => {
    const st = clone(F.chelsea);
    st.class_names = st.class_names.map((_, i) => PAYLOADS[i % PAYLOADS.length]);
    st.feature_names = st.feature_names.map((_, i) => PAYLOADS[i % PAYLOADS.length]);
    st.off = [3];
    st.counterfactual = { off: [3], proba: null, error: PAYLOADS.join(" | "), input: PAYLOADS[0] };
    const { el, cleanup } = mount(st);
    assertInert(el);
    expect([...el.querySelectorAll(".lw-seg-b")].map((b) => b.textContent)).toEqual(st.labels.map((l) => st.class_names[l]));
    expect(el.querySelector(".lw-seg-b").getAttribute("title")).toBe(st.class_names[st.labels[0]]);
    expect(el.querySelector(".lw-error-msg").textContent).toBe(PAYLOADS.join(" | "));
    expect(el.querySelector(".lw-weights .lw-h").textContent).toContain(PAYLOADS[0]);
    expect([...el.querySelectorAll(".lw-wname")].every((n) => PAYLOADS.some((p) => n.textContent.startsWith(p + " #")))).toBe(true);
    // hover text over the canvas names the feature and the class
    const c = el.querySelector("canvas");
    c.getBoundingClientRect = () => ({ left: 0, top: 0, width: 225, height: 150 });
    c.dispatchEvent(new MouseEvent("mousemove", { clientX: 100, clientY: 60, bubbles: true }));
    expect(el.querySelector(".lw-imgnote").textContent).toMatch(/^(<img|<\/script|javascript|")/);
    el.querySelectorAll(".lw-seg-b")[1].dispatchEvent(new MouseEvent("click", { bubbles: true }));
    assertInert(el);
    cleanup();
  });

  it("tabular view: feature names, categories, values, class names and the error stay text", () => {
    const st = clone(F.titanic);
    st.class_names = [PAYLOADS[0], PAYLOADS[1]];
    st.feature_names = st.feature_names.map((_, i) => PAYLOADS[i % PAYLOADS.length]);
    st.columns = st.columns.map((c, i) => ({
      ...c, name: PAYLOADS[i % PAYLOADS.length], value: PAYLOADS[(i + 1) % PAYLOADS.length],
      condition: PAYLOADS[(i + 2) % PAYLOADS.length], off_value: PAYLOADS[(i + 3) % PAYLOADS.length],
      ...(c.type === "categorical" ? { categories: [...PAYLOADS], raw: PAYLOADS[0] } : {}),
    }));
    st.edits = { 2: PAYLOADS[1] };
    st.off = [0];
    const row = st.columns.map((_, i) => PAYLOADS[i % PAYLOADS.length]);
    st.counterfactual = { off: [0], edits: { 2: PAYLOADS[1] }, proba: [0.5, 0.5], error: null, input: null, row, conditions: row };
    const { el, cleanup } = mount(st);
    assertInert(el);
    expect(el.querySelector(".lw-tname").textContent).toBe(PAYLOADS[0]);
    expect(el.querySelector(".lw-tv-old").textContent).toBe(PAYLOADS[1]);
    expect([...el.querySelector(".lw-tline[data-fid='2'] select").options].map((o) => o.textContent)).toEqual(PAYLOADS);
    expect(el.querySelector(".lw-tline[data-fid='2'] .lw-tv-new").textContent).toBe(PAYLOADS[2]); // the kernel's row
    expect(el.querySelector(".lw-picker").textContent).toContain(PAYLOADS[1]);
    // edit with a hostile category, switch, error
    const sel = el.querySelector(".lw-tline[data-fid='3'] select");
    sel.value = PAYLOADS[3];
    sel.dispatchEvent(new Event("change", { bubbles: true }));
    el.querySelector(".lw-tline[data-fid='1'] .lw-sw").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    el.querySelector(".lw-tline[data-fid='1']").dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    assertInert(el);
    const m = el.querySelector(".lw-tline[data-fid='3'] .lw-tv-new");
    expect(m.textContent).toBe(PAYLOADS[3]);
    cleanup();
    const el2 = document.createElement("div");
    document.body.appendChild(el2);
    const st2 = { ...st, counterfactual: { ...st.counterfactual, proba: null, error: PAYLOADS.join(" | ") } };
    const c2 = window.limeWidgets.renderOffline(el2, { ...st2, _offline: false });
    assertInert(el2);
    expect(el2.querySelector(".lw-error-msg").textContent).toBe(PAYLOADS.join(" | "));
    c2();
  });

  it("pick gallery: titles, labels and feature names stay text; no thumbnail from non-base64", () => {
    const st = clone(F.pick);
    st.items = st.items.map((it, i) => ({
      ...it, title: PAYLOADS[i % PAYLOADS.length], label: PAYLOADS[(i + 1) % PAYLOADS.length],
      kind: PAYLOADS[(i + 2) % PAYLOADS.length], features: PAYLOADS.map((p, k) => [p, 0.1 * (k - 1)]), thumb_png: PAYLOADS[i % PAYLOADS.length],
    }));
    const { el, cleanup } = mount(st);
    assertInert(el);
    expect([...el.querySelectorAll(".lw-pk-title")].map((t) => t.textContent)).toEqual(st.items.map((it) => it.title));
    expect(el.querySelector(".lw-pk-label").textContent).toBe(PAYLOADS[1] + " 0.830");
    expect([...el.querySelectorAll(".lw-pcard")[0].querySelectorAll(".lw-wname")].map((n) => n.textContent)).toEqual(PAYLOADS);
    el.querySelector(".lw-pcard").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    assertInert(el);
    cleanup();
  });

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
