// Tiny DOM helpers. User strings only ever reach the page as text nodes or as the
// values of a few inert attributes; building HTML from strings is never done.

const SAFE_ATTR = /^(class|id|title|role|tabindex|type|value|for|disabled|hidden|min|max|step|lang|dir|aria-[a-z]+|data-[a-z-]+)$/;

/**
 * h("div", { class: "lw-x", title: "...", text: "..." }, child, "text", ...)
 * `text` sets textContent; other props must be safe attribute names.
 * @template {keyof HTMLElementTagNameMap} T
 * @param {T} tag
 * @param {Record<string, unknown> | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[T]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") el.textContent = String(v);
      else if (SAFE_ATTR.test(k)) el.setAttribute(k, v === true ? "" : String(v));
      else throw new Error("lime_widgets: refusing attribute " + k);
    }
  }
  append(el, children);
  return el;
}

/** @typedef {Node | string | number | null | undefined | false} ChildItem */
/** @typedef {ChildItem | ChildItem[]} Child */

/** @template {Element} E @param {E} el @param {Child[]} children @returns {E} */
export function append(el, children) {
  for (const c of /** @type {(Node | string | number | null | undefined | false)[]} */ (children.flat())) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** @param {Node} el @param {unknown} s */
export function setText(el, s) {
  const t = String(s ?? "");
  if (el.textContent !== t) el.textContent = t;
}

/** @param {Element} el @param {string} cls @param {unknown} on */
export function toggleClass(el, cls, on) {
  if (el.classList.contains(cls) !== !!on) el.classList.toggle(cls, !!on);
}

/** Set a numeric / keyword style property (never user text).
 * @param {HTMLElement} el @param {string} prop @param {string | number} value */
export function setStyle(el, prop, value) {
  if (prop.startsWith("--")) el.style.setProperty(prop, String(value));
  else el.style.setProperty(prop.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()), String(value));
}

/** Where a roving-focus key moves the cursor among `n` items from index `i` (arrows step, Home / End
 * jump), or -1 for any other key.
 * @param {string} key @param {number} i @param {number} n @returns {number} */
export function stepIndex(key, i, n) {
  if (key === "ArrowRight" || key === "ArrowDown") return Math.min(n - 1, i + 1);
  if (key === "ArrowLeft" || key === "ArrowUp") return Math.max(0, i - 1);
  if (key === "Home") return 0;
  if (key === "End") return n - 1;
  return -1;
}

/** @param {Element} el @param {string} name @param {unknown} value */
export function setAttr(el, name, value) {
  if (!SAFE_ATTR.test(name)) throw new Error("lime_widgets: refusing attribute " + name);
  if (value === null || value === undefined || value === false) el.removeAttribute(name);
  else if (el.getAttribute(name) !== String(value)) el.setAttribute(name, String(value));
}

/**
 * Enable or disable a control. A control disabled while it has the focus first hands the focus to
 * `next` (an element, or a function returning one): otherwise the focus falls to the page and a
 * keyboard user loses their place (e.g. after pressing Reset, which disables itself).
 * @param {HTMLButtonElement | HTMLInputElement | HTMLSelectElement} el
 * @param {boolean} disabled
 * @param {HTMLElement | null | (() => HTMLElement | null)} [next]
 */
export function setDisabled(el, disabled, next) {
  if (disabled && !el.disabled && el.ownerDocument.activeElement === el) {
    const target = typeof next === "function" ? next() : next;
    if (target) target.focus();
  }
  el.disabled = !!disabled;
}

// the SVG namespace name, joined at run time: a saved page is checked to hold no "http://" at all
const SVG_NS = ["http", "//www.w3.org/2000/svg"].join(":");
const SAFE_SVG_ATTR = /^(class|role|viewBox|preserveAspectRatio|x|y|x1|y1|x2|y2|cx|cy|r|width|height|points|text-anchor|aria-[a-z]+|data-[a-z-]+)$/;

/**
 * An SVG element: svg("circle", { cx: 3, cy: 4, r: 2, class: "lw-x" }, svg("title", { text: "..." })).
 * Geometry and class only (an allow-list, no style, no href, no event handlers); `text` sets textContent.
 * @param {string} tag @param {Record<string, unknown> | null} [props] @param {...Child} children
 * @returns {SVGElement}
 */
export function svg(tag, props, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (SAFE_SVG_ATTR.test(k)) el.setAttribute(k, String(v));
    else throw new Error("lime_widgets: refusing SVG attribute " + k);
  }
  return append(el, children);
}
