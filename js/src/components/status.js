// Status line (what the "model now" column is showing) and the error box.
import { h, setText, setAttr } from "../dom.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Noun} Noun
 * @typedef {import("../types.js").Part} Part
 */

/** @type {Record<string, string>} */
export const MESSAGES = {
  pending: "asking the model\u2026",
  timeout: "no answer from the kernel \u2014 showing the surrogate's estimate",
  offline: "estimate \u2014 no model in this saved view",
  error: "the model failed; showing the surrogate's estimate",
};

/** @param {Frame} d @param {Noun} noun @returns {string} */
export function statusMessage(d, noun) {
  const n = d.off.length;
  const e = d.edits ? d.edits.size : 0;
  const parts = [];
  if (n || !e) parts.push(`${n} ${n === 1 ? noun.one : noun.many} ${noun.offWord || "removed"}`);
  if (e) parts.push(`${e} edited`);
  const removed = parts.join(", ");
  switch (d.now.kind) {
    case "original":
      return d.offline
        ? noun.savedHint || `Saved view: click ${noun.many} to see the surrogate's estimate`
        : noun.hint || `Click ${noun.many} to remove them and ask the model again`;
    case "current":
      return `${removed} \u2014 the model${d.now.saved ? "'s answer saved with this view" : " answered"}`;
    case "pending":
      return `${removed} \u2014 ${MESSAGES.pending}`;
    default:
      return `${removed} \u2014 ${MESSAGES[d.now.kind]}`;
  }
}

/** @param {Ctx} _ctx @param {Noun} noun @returns {Part} */
export function statusBar(_ctx, noun) {
  const text = h("span", { class: "lw-status-t" });
  const root = h("div", { class: "lw-status", role: "status", "aria-live": "polite" }, h("span", { class: "lw-dot" }), text);
  return {
    root,
    update(d) {
      setText(text, statusMessage(d, noun));
      setAttr(root, "data-state", d.now.kind);
      setAttr(root, "data-saved", d.now.saved ? "true" : null);
    },
  };
}

/** @returns {Part} */
export function errorBox() {
  const msg = h("pre", { class: "lw-error-msg" });
  const root = h("div", { class: "lw-error", role: "alert", hidden: true },
    h("div", { class: "lw-error-h", text: "The model raised an error for this input" }), msg);
  return {
    root,
    update(d) {
      const on = d.now.kind === "error";
      root.hidden = !on;
      setText(msg, on ? d.now.error : "");
    },
  };
}

/** The kernel's short message for the last front-end write it rejected (the `rejected` trait), as
 * text; hidden while there is none. @returns {Part} */
export function rejectedLine() {
  const root = h("div", { class: "lw-rejected", role: "status", hidden: true });
  return {
    root,
    update(d) {
      root.hidden = !d.rejected;
      setText(root, d.rejected);
      setAttr(root, "title", d.rejected ? `the kernel kept its last valid state: ${d.rejected}` : null);
    },
  };
}
