// The image view over the counting fake model. happy-dom has no 2D canvas: the view still wires
// clicks / keys / controls (segments are decoded synchronously); pixels are checked through a
// stubbed canvas context at the end.
import { describe, it, expect, vi } from "vitest";
import { F, clone, mount, useViews, cssRules, PAYLOADS, assertInert } from "./helpers.js";
import "../src/standalone.js";

// 4x4 picture, 4 quadrant superpixels:
//   0 0 1 1
//   0 0 1 1
//   2 2 3 3
//   2 2 3 3
const SEG = [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3];
function tinyState(over = {}) {
  const w0 = [0.3, -0.2, 0.1, -0.4];
  const w1 = [-0.1, 0.25, 0.05, 0.2];
  return {
    kind: "image", mode: "classification", class_names: ["cat", "dog", "car"], labels: [0, 1], label: 0,
    feature_names: [0, 1, 2, 3].map((j) => "superpixel " + j),
    weights: { 0: w0, 1: w1 }, selected: { 0: [3, 0, 1, 2], 1: [1, 3, 0, 2] },
    intercept: { 0: 0.5, 1: 0.1 }, score: { 0: 0.8, 1: 0.7 }, local_pred: { 0: 0.3, 1: 0.5 },
    proba: [0.6, 0.3, 0.1], value_range: null, num_features: 4, num_samples: 100, seed: 1,
    model_stats: { calls: 1, rows: 100, seconds: 0.1 }, off: [],
    counterfactual: { off: [], proba: [0.6, 0.3, 0.1], error: null, input: null },
    image_png: "iVBORw0KGgo=", segments: btoa(String.fromCharCode(...SEG)), segments_dtype: "uint8",
    segments_shape: [4, 4], hide_colors: [[0, 0, 0], [10, 10, 10], [20, 20, 20], [30, 30, 30]],
    show_boundaries: true, overlay_opacity: 0.5, top_k: 2,
    ...over,
  };
}

const view = useViews();

const click = (el, init = {}) => el.dispatchEvent(new MouseEvent("click", { bubbles: true, ...init }));
const key = (el, k) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
/** The canvas laid out at 400x400 CSS px at (0, 0). */
function layout(canvas, width = 400, height = 400) {
  canvas.getBoundingClientRect = () => ({ left: 0, top: 0, right: width, bottom: height, width, height, x: 0, y: 0 });
  return canvas;
}
const at = (canvas, x, y) => click(canvas, { clientX: x, clientY: y });

describe("image view: layout", () => {
  it("a canvas of the image's size, scaled for display, with the shared panels", () => {
    const { $, $$ } = view(tinyState());
    const c = $("canvas.lw-canvas");
    expect([c.width, c.height]).toEqual([4, 4]);
    expect(c.style.width).toBe("400px");
    expect(c.classList.contains("lw-pix")).toBe(true); // 100x upscaling: crisp pixels
    expect(c.getAttribute("tabindex")).toBe("0");
    expect($(".lw-root.lw-kind-image")).not.toBe(null);
    expect($$(".lw-seg-b").map((b) => b.textContent)).toEqual(["cat", "dog"]);
    expect($$(".lw-wname").map((n) => n.textContent)).toEqual(["superpixel 3", "superpixel 0", "superpixel 1", "superpixel 2"]);
    expect($(".lw-weights .lw-h").textContent).toBe("Top superpixels for \u201ccat\u201d");
    expect($(".lw-status").textContent).toBe("Click superpixels to remove them and ask the model again");
    expect($(".lw-probs")).not.toBe(null);
    expect($(".lw-fit")).not.toBe(null);
    expect($(".lw-line-k").getAttribute("title")).toBe("the model on the original image");
    // controls reflect the traits
    expect($("input[type=checkbox]").checked).toBe(true);
    expect($("input[type=range]").value).toBe("0.5");
    expect($("input[type=number]").value).toBe("2");
    expect($(".lw-keep-pos").textContent).toBe("Keep top 2 +");
    expect($(".lw-keep-neg").textContent).toBe("Keep top 2 \u2212");
    expect($(".lw-reset").disabled).toBe(true);
  });

  it("a big image is scaled down to the display box, not pixelated", () => {
    const n = 300 * 600;
    const { $ } = view(tinyState({ segments_shape: [300, 600], segments: btoa("\0".repeat(n)) }));
    const c = $("canvas");
    expect([c.width, c.height]).toEqual([600, 300]);
    expect(c.style.width).toBe("400px");
    expect(c.classList.contains("lw-pix")).toBe(false);
  });

  it("missing image traits: an empty canvas, no crash, controls still work", () => {
    const { $, model } = view(tinyState({ segments_shape: [], segments: null, image_png: null, hide_colors: null }));
    expect($("canvas").width).toBe(0);
    click($(".lw-keep-pos"));
    expect(model.get("off")).toEqual([1, 3]);
  });

  it("long class names are ellipsized with a title", () => {
    const long = "cougar, puma, catamount, mountain lion, painter, panther, Felis concolor";
    const { $$ } = view(tinyState({ class_names: [long, "dog", "car"] }));
    expect($$(".lw-seg-b")[0].getAttribute("title")).toBe(long);
  });
});

describe("image view: clicking superpixels", () => {
  it("a click toggles the superpixel under the pointer, through CSS scaling", () => {
    const { $, model } = view(tinyState());
    const c = layout($("canvas"));
    at(c, 300, 50); // image pixel (3, 0): superpixel 1
    expect(model.get("off")).toEqual([1]);
    expect(model.saves).toBe(1);
    at(c, 50, 350); // (0, 3): superpixel 2
    expect(model.get("off")).toEqual([1, 2]);
    at(c, 399, 10); // superpixel 1 again: back on
    expect(model.get("off")).toEqual([2]);
    expect(model.saves).toBe(3);
    expect($(".lw-status").textContent).toContain("1 superpixel removed");
    at(c, 450, 10); // outside: nothing
    expect(model.saves).toBe(3);
  });

  it("CSS scaling that is not square maps correctly", () => {
    const { $, model } = view(tinyState());
    const c = layout($("canvas"), 100, 40); // squashed
    at(c, 60, 30); // x = 60*4/100 = 2.4 -> 2; y = 30*4/40 = 3 -> superpixel 3
    expect(model.get("off")).toEqual([3]);
  });

  it("hover shows the superpixel and its weight, and lights its chart bar", () => {
    const { $, $$ } = view(tinyState());
    const c = layout($("canvas"));
    c.dispatchEvent(new MouseEvent("mousemove", { clientX: 300, clientY: 50, bubbles: true }));
    expect($(".lw-imgnote").textContent).toBe("superpixel 1: \u22120.200 against \u201ccat\u201d \u2014 click to remove");
    const row = $$(".lw-wrow").find((r) => r.getAttribute("data-fid") === "1");
    expect(row.classList.contains("lw-hover")).toBe(true);
    c.dispatchEvent(new MouseEvent("mouseleave", { bubbles: false }));
    expect(row.classList.contains("lw-hover")).toBe(false);
    expect($(".lw-imgnote").textContent).toContain("Click a superpixel");
  });

  it("hovering a chart bar names its superpixel under the picture", () => {
    const { $, $$ } = view(tinyState());
    const row = $$(".lw-wrow")[1]; // superpixel 0
    row.querySelector(".lw-wname").dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    expect($(".lw-imgnote").textContent).toMatch(/^superpixel 0: \+0\.300 towards \u201ccat\u201d/);
    expect(row.classList.contains("lw-hover")).toBe(true);
    $(".lw-weights").dispatchEvent(new MouseEvent("mouseleave"));
    expect(row.classList.contains("lw-hover")).toBe(false);
  });

  it("weight chart bars toggle superpixels", () => {
    const { $$, model } = view(tinyState());
    click($$(".lw-wrow")[0]); // superpixel 3 (largest |w|)
    expect(model.get("off")).toEqual([3]);
    expect($$(".lw-wrow")[0].classList.contains("lw-off")).toBe(true);
  });

  it("keyboard: arrows walk superpixels by |weight|, Space / Enter toggles", () => {
    const { $, model } = view(tinyState());
    const c = $("canvas");
    key(c, "Enter"); // first in |weight| order: superpixel 3
    expect(model.get("off")).toEqual([3]);
    key(c, "ArrowRight"); // superpixel 0
    expect($(".lw-imgnote").textContent).toMatch(/^superpixel 0: \+0\.300 towards/);
    key(c, " ");
    expect(model.get("off")).toEqual([0, 3]);
    key(c, "End"); // superpixel 2 (smallest |w|)
    key(c, "Enter");
    expect(model.get("off")).toEqual([0, 2, 3]);
  });

  it("a Python-side `off` updates the view; so does a Python-side top_k", () => {
    const { $, $$, model } = view(tinyState());
    model.set("off", [0, 3]);
    expect($$(".lw-wrow.lw-off").map((r) => r.getAttribute("data-fid"))).toEqual(["3", "0"]);
    model.set("top_k", 3);
    expect($(".lw-keep-pos").textContent).toBe("Keep top 3 +");
    expect($("input[type=number]").value).toBe("3");
  });

  it("segments as a DataView with a non-zero byteOffset (live widget)", () => {
    const { $, model } = view(tinyState());
    const buf = new Uint8Array(16 + 7).fill(9);
    buf.set(SEG, 5);
    model.set("segments", new DataView(buf.buffer, 5, 16)); // a structural trait: rebuild
    const c = layout($("canvas"));
    at(c, 350, 350);
    expect(model.get("off")).toEqual([3]);
  });
});

describe("image view: controls", () => {
  it("keep top 2 + / keep top 2 \u2212 write the exact complement of the top ids", () => {
    const { $, model } = view(tinyState()); // label 0: w = [0.3, -0.2, 0.1, -0.4]
    click($(".lw-keep-pos"));
    expect(model.get("off")).toEqual([1, 3]); // keep 0 (+0.3) and 2 (+0.1)
    expect(model.saves).toBe(1);
    click($(".lw-keep-neg"));
    expect(model.get("off")).toEqual([0, 2]); // keep 3 (-0.4) and 1 (-0.2)
    expect(model.saves).toBe(2);
  });

  it("k from the number input (writes top_k), clamped to 1..d", () => {
    const { $, model } = view(tinyState());
    const k = $("input[type=number]");
    k.value = "1";
    fire(k, "change");
    expect(model.get("top_k")).toBe(1);
    expect(model.saves).toBe(1);
    click($(".lw-keep-pos"));
    expect(model.get("off")).toEqual([1, 2, 3]);
    k.value = "99";
    fire(k, "change");
    expect(model.get("top_k")).toBe(4);
    k.value = "0";
    fire(k, "change");
    expect(model.get("top_k")).toBe(1);
  });

  it("invert writes the complement; reset writes []", () => {
    const { $, model } = view(tinyState({ off: [1], counterfactual: { off: [1], proba: [0.5, 0.4, 0.1], error: null, input: null } }));
    click($(".lw-invert"));
    expect(model.get("off")).toEqual([0, 2, 3]);
    click($(".lw-invert"));
    expect(model.get("off")).toEqual([1]);
    $(".lw-reset").focus();
    click($(".lw-reset"));
    expect(model.get("off")).toEqual([]);
    expect(model.saves).toBe(3);
    expect($(".lw-reset").disabled).toBe(true);
    expect(document.activeElement).toBe($(".lw-invert")); // focus stays in the controls
  });

  it("class switch leaves `off` alone; keep top k then uses the new label's weights", () => {
    const { $, $$, model } = view(tinyState({ off: [2] }));
    const setsBefore = model.sets.length;
    click($$(".lw-seg-b")[1]);
    expect(model.get("label")).toBe(1);
    expect(model.get("off")).toEqual([2]);
    expect(model.sets.slice(setsBefore).map(([k]) => k)).toEqual(["label"]);
    expect($(".lw-weights .lw-h").textContent).toBe("Top superpixels for \u201cdog\u201d");
    click($(".lw-keep-pos")); // label 1: w = [-0.1, 0.25, 0.05, 0.2] -> keep 1, 3
    expect(model.get("off")).toEqual([0, 2]);
  });

  it("boundaries and opacity write their traits (opacity saved when the slider is released)", () => {
    const { $, model } = view(tinyState());
    const box = $("input[type=checkbox]");
    box.checked = false;
    fire(box, "change");
    expect(model.get("show_boundaries")).toBe(false);
    expect(model.saves).toBe(1);
    const r = $("input[type=range]");
    r.value = "0.8";
    fire(r, "input");
    expect(model.get("overlay_opacity")).toBe(0.8);
    expect(model.saves).toBe(1); // dragging: local only
    fire(r, "change");
    expect(model.saves).toBe(2);
    model.set("show_boundaries", true); // from Python
    expect(box.checked).toBe(true);
    expect(model.get("off")).toEqual([]);
  });
});

describe("image view: controls layout", () => {
  const what = (c) => (c.tagName === "INPUT" ? c.type : c.className.split(" ").find((k) => k !== "lw-btn"));

  it("two rows of grouped controls: the picture (boundaries, overlay), then the mask (k, keep top k +/\u2212, invert, reset)", () => {
    const { $, $$ } = view(tinyState());
    const rows = $$(".lw-ctls > *");
    expect(rows.map((r) => r.className)).toEqual(["lw-ctl-row lw-ctl-show", "lw-ctl-row lw-ctl-mask"]);
    for (const r of rows) {
      expect(r.getAttribute("role")).toBe("group");
      expect(r.getAttribute("aria-label")).toBeTruthy();
    }
    expect([...rows[0].querySelectorAll("input, button")].map(what)).toEqual(["checkbox", "range"]);
    // the mask row: two groups that wrap as wholes (Invert and Reset stay together)
    const groups = [...rows[1].children];
    expect(groups.map((g) => g.className)).toEqual(["lw-ctl lw-ctl-k", "lw-ctl lw-ctl-edit"]);
    expect([...groups[0].querySelectorAll("input, button")].map(what)).toEqual(["number", "lw-keep-pos", "lw-keep-neg"]);
    expect([...groups[1].querySelectorAll("input, button")].map(what)).toEqual(["lw-invert", "lw-reset"]);
    // the hooks tests use are where they were
    expect($(".lw-ctls .lw-ctl").textContent).toBe("boundaries");
    expect($(".lw-ctls .lw-keep-pos").textContent).toBe("Keep top 2 +");
  });

  it("every control is reachable by keyboard, in reading order, and named", () => {
    const { $$ } = view(tinyState());
    const ctls = $$(".lw-ctls input, .lw-ctls button, .lw-ctls select, .lw-ctls [tabindex]");
    expect(ctls.map(what)).toEqual(["checkbox", "range", "number", "lw-keep-pos", "lw-keep-neg", "lw-invert", "lw-reset"]);
    for (const c of ctls) {
      expect(c.hasAttribute("tabindex"), what(c)).toBe(false); // native tab order = the order above
      const name = c.getAttribute("aria-label") || c.textContent || (c.closest("label") || {}).textContent;
      expect(name, what(c)).toBeTruthy();
    }
  });

  it("styles: the rows stack; a row wraps between its groups; controls keep their text on one line", () => {
    expect(cssRules(".lw-ctls").join()).toMatch(/flex-direction:\s*column/);
    expect(cssRules(".lw-ctl-row").join()).toMatch(/flex-wrap:\s*wrap/);
    expect(cssRules(".lw-ctl").join()).toMatch(/white-space:\s*nowrap/);
  });
});

describe("image view: pixels through a stubbed canvas", () => {
  function stubCanvas(rgba) {
    const puts = [];
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => ({
      putImageData: (img) => puts.push(img.data),
      drawImage() {},
      getImageData: () => ({ data: rgba }),
    }));
    vi.stubGlobal("ImageData", class {
      constructor(data, w, h) {
        Object.assign(this, { data, width: w, height: h });
      }
    });
    return puts;
  }
  const grey = () => new Uint8ClampedArray(64).fill(100);
  const px = (data, x, y) => [...data.slice((y * 4 + x) * 4, (y * 4 + x) * 4 + 3)];

  it("decodes the PNG, paints the overlay; a class switch recolours with no kernel round trip", async () => {
    const puts = stubCanvas(grey());
    vi.stubGlobal("createImageBitmap", async () => ({ close() {} }));
    const { $$, model } = view(tinyState({ show_boundaries: false, overlay_opacity: 1 }));
    await new Promise((r) => setTimeout(r, 0));
    const last = () => puts[puts.length - 1];
    // label 0: superpixel 3 (w = -0.4 = max) fully orange, superpixel 0 (+0.3, 75% of max): alpha 0.25 + 0.75 * 0.75 of blue
    expect(px(last(), 3, 3)).toEqual([224, 104, 16]);
    expect(px(last(), 0, 0)).toEqual([59, 124, 172]); // 100*.1875 + [49, 130, 189]*.8125
    const sets = model.sets.length;
    click($$(".lw-seg-b")[1]); // label 1: superpixel 1 (+0.25 = max) fully blue
    expect(px(last(), 3, 0)).toEqual([49, 130, 189]);
    expect(model.sets.slice(sets).map(([k]) => k)).toEqual(["label"]);
    // removing a superpixel paints its hide colour at once
    click($$(".lw-wrow")[0]); // superpixel 1
    expect(px(last(), 3, 0)).toEqual([10, 10, 10]);
  });

  it("without createImageBitmap: an <img> from a blob: URL, revoked on cleanup", () => {
    stubCanvas(grey());
    vi.stubGlobal("createImageBitmap", undefined);
    const created = [];
    const revoked = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation(() => {
      created.push("blob:lw-" + created.length);
      return created[created.length - 1];
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation((u) => revoked.push(u));
    const v = mount(tinyState());
    expect(created.length).toBe(1);
    v.cleanup();
    expect(revoked).toEqual(created);
  });
});

describe("image view: offline and cleanup", () => {
  it("renders the saved chelsea state (base64 traits) offline", () => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    const cleanup = window.limeWidgets.renderOffline(el, clone(F.chelsea));
    const c = el.querySelector("canvas");
    expect([c.width, c.height]).toEqual([225, 150]);
    expect(el.querySelector(".lw-root.lw-offline")).not.toBe(null);
    expect(el.querySelectorAll(".lw-wrow").length).toBe(10);
    layout(c, 400, 400 * 150 / 225);
    click(c, { clientX: 200, clientY: 100 });
    expect(el.querySelector(".lw-status").getAttribute("data-state")).toBe("offline");
    expect(el.querySelector(".lw-status").textContent).toBe("1 superpixel removed \u2014 estimate \u2014 no model in this saved view");
    cleanup();
    expect(el.children.length).toBe(0);
  });

  it("cleanup removes every model handler; canvas, chart and controls go inert", () => {
    const v = mount(tinyState());
    expect(v.model.handlerCount()).toBeGreaterThan(0);
    const c = layout(v.$("canvas"));
    const parts = [v.$(".lw-keep-pos"), v.$(".lw-keep-neg"), v.$(".lw-invert"), v.$(".lw-wrow"), v.$(".lw-seg-b:nth-child(2)")];
    const box = v.$("input[type=checkbox]");
    const range = v.$("input[type=range]");
    const num = v.$("input[type=number]");
    v.cleanup();
    expect(v.model.handlerCount()).toBe(0);
    expect(v.el.children.length).toBe(0);
    at(c, 10, 10);
    key(c, "Enter");
    parts.forEach((p) => click(p));
    box.checked = false;
    fire(box, "change");
    range.value = "0.1";
    fire(range, "input");
    fire(range, "change");
    num.value = "3";
    fire(num, "change");
    expect(v.model.sets.length).toBe(0);
    expect(v.model.saves).toBe(0);
  });

  it("a structural change (a new image) rebuilds without leaking handlers", () => {
    const v = view(tinyState());
    const n = v.model.handlerCount();
    v.model.set("segments_shape", [2, 8]);
    expect(v.el.querySelectorAll("canvas.lw-canvas").length).toBe(1);
    expect(v.el.querySelector("canvas.lw-canvas").width).toBe(8);
    expect(v.model.handlerCount()).toBe(n);
  });
});

describe("security: user strings are text, never markup", () => {
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
});

describe("image view: superpixels named by thumbnails", () => {
  it("every row of the weight chart starts with its superpixel's thumbnail; the name stays as text", () => {
    const { el, cleanup } = mount(clone(F.chelsea));
    const rows = [...el.querySelectorAll(".lw-weights .lw-wrow")];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const name = r.querySelector(".lw-wname");
      expect(name.firstElementChild.matches("canvas.lw-thumb")).toBe(true);
      expect(name.firstElementChild.getAttribute("aria-hidden")).toBe("true");
      expect(name.textContent).toMatch(/^superpixel \d+/);
    }
    cleanup();
  });
});
