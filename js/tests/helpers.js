import { afterEach, expect, vi } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
// Fake anywidget model (counts its handlers) + fixture access + render helper.
import "../dev/fixtures.js";
import "../dev/fixtures-image.js";
import "../dev/fixtures-tabular.js";
import { render } from "../src/render.js";

export const F = globalThis.LW_FIXTURES;
export const clone = (o) => JSON.parse(JSON.stringify(o));

export function fakeModel(state) {
  const data = clone(state);
  const handlers = new Map();
  const m = {
    saves: 0,
    sets: [],
    get: (k) => data[k],
    set(k, v) {
      m.sets.push([k, v]);
      data[k] = v;
      for (const fn of [...(handlers.get("change:" + k) || [])]) fn(v);
    },
    on(e, fn) {
      if (!handlers.has(e)) handlers.set(e, new Set());
      handlers.get(e).add(fn);
    },
    off(e, fn) {
      handlers.get(e)?.delete(fn);
    },
    save_changes() {
      m.saves++;
    },
    send() {},
    handlerCount: () => [...handlers.values()].reduce((a, s) => a + s.size, 0),
  };
  return m;
}

/** Render a state; returns { model, el, cleanup, $, $$ }. */
export function mount(state) {
  const model = fakeModel(state);
  const el = document.createElement("div");
  document.body.appendChild(el);
  const cleanup = render({ model, el });
  return { model, el, cleanup, $: (s) => el.querySelector(s), $$: (s) => [...el.querySelectorAll(s)] };
}

/** Spans of the document whose text is `word`. */
export const tokensOf = (el, word) => [...el.querySelectorAll(".lw-tok")].filter((s) => s.textContent === word);
export const fid = (state, word) => state.feature_names.indexOf(word);
export const alpha = (s) => Number(s.style.getPropertyValue("--lw-a"));

/** `view(state)` mounts a view and cleans it up (and the DOM, and fake timers) after each test. */
export function useViews() {
  let cleanups = [];
  afterEach(() => {
    cleanups.forEach((c) => c());
    cleanups = [];
    document.body.replaceChildren();
    vi.useRealTimers();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
  const view = (state) => {
    const v = mount(state);
    cleanups.push(v.cleanup);
    return v;
  };
  view.track = (cleanup) => cleanups.push(cleanup); // for views mounted another way (renderOffline)
  return view;
}

/** The declaration blocks of the rules of src/styles.css whose selector is exactly `selector`, in
 *  source order (those inside @media / @container included): for checks on layout that happy-dom
 *  does not compute. */
export function cssRules(selector) {
  const css = readFileSync(join(import.meta.dirname, "..", "src", "styles.css"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
  const out = [];
  for (const m of css.matchAll(/(?<=^|[{};])\s*([^{};@]+?)\s*\{([^{}]*)\}/g)) {
    if (m[1].replace(/\s+/g, " ") === selector) out.push(m[2]);
  }
  return out;
}

/** The rows of a `grid-template-areas` declaration as arrays of names. */
export const areaRows = (block) => [...(block.match(/grid-template-areas:\s*([^;]+)/)?.[1] ?? "").matchAll(/"([^"]*)"/g)]
  .map((m) => m[1].trim().split(/\s+/));

/** Hostile strings: every user string must reach the page as text. */
export const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(1)</script>",
  "javascript:alert(1)",
  '"><svg onload=alert(1)>',
];

/** No element that runs or loads anything, no event-handler attribute. */
export function assertInert(root) {
  expect(root.querySelectorAll("img, script, svg, iframe, a, object, embed").length).toBe(0);
  for (const el of root.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) expect(attr.startsWith("on")).toBe(false);
  }
}
