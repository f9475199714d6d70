// Text view: the document as written, feature tokens coloured by weight; click or
// Space/Enter on a word toggles it. Composes the shared panels.
import { h, setAttr, setDisabled, setStyle, setText, stepIndex, toggleClass } from "../dom.js";
import { weightStyle } from "../palette.js";
import { fmtWeight } from "../format.js";
import { isCurrent } from "../pending.js";
import { textNoun } from "../core.js";
import { weightChart, direction } from "../components/weights.js";
import { resetButton, viewLayout } from "../components/layout.js";
import { scaleLegend } from "../components/legend.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Column} Column
 */

/** Colour, state and title of each word span for a frame.
 * @param {[HTMLElement, number][]} spans @param {Frame} d @param {boolean} bow @param {string} maskString */
function paintTokens(spans, d, bow, maskString) {
  const sel = new Set(d.selected);
  for (const [s, fid] of spans) {
    const w = sel.has(fid) ? d.weights[fid] || 0 : 0;
    const st = weightStyle(w, d.scale);
    const off = d.offSet.has(fid);
    toggleClass(s, "lw-pos", st.sign > 0);
    toggleClass(s, "lw-neg", st.sign < 0);
    toggleClass(s, "lw-weak", st.weak);
    toggleClass(s, "lw-off", off);
    setStyle(s, "--lw-a", st.alpha);
    setAttr(s, "aria-pressed", off ? "true" : "false");
    const name = d.featureName(fid);
    const target = d.target;
    const dir = direction(d, w);
    const what = sel.has(fid)
      ? `${fmtWeight(w)} ${dir} ${target}`
      : `not among the selected features for ${target} (weight 0)`;
    const act = off
      ? `removed${!bow && maskString ? ` (the model sees \u201c${maskString}\u201d)` : ""} \u2014 click to restore`
      : "click to remove";
    setAttr(s, "title", `${name}: ${what}; ${act}`);
  }
}

/** The document: one text node per separator, one span per feature token.
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} _d @param {[string, number][]} tokens
 * @param {boolean} bow @param {string} maskString @param {(fid: number) => void} onHover
 * @param {string} [one]  what a feature is called (word, sentence, character, span) */
export function textDocument(ctx, actions, _d, tokens, bow, maskString, onHover, one = "word") {
  const root = h("div", { class: "lw-doc", role: "group", "aria-label": `Document; each ${one} is a button that removes it` });
  /** @type {[HTMLElement, number][]} */
  const spans = []; // [span, fid]
  /** @type {Map<number, HTMLElement[]>} */
  const byFid = new Map();
  for (const [text, fidRaw] of tokens) {
    const fid = Number(fidRaw);
    if (!(fid >= 0)) {
      root.appendChild(document.createTextNode(String(text)));
      continue;
    }
    const s = h("span", { class: "lw-tok", role: "button", tabindex: "-1", "data-fid": fid, text: String(text) });
    root.appendChild(s);
    spans.push([s, fid]);
    const same = byFid.get(fid) || [];
    same.push(s);
    byFid.set(fid, same);
  }
  if (spans.length) spans[0][0].setAttribute("tabindex", "0"); // roving tab stop

  /** @param {EventTarget | null} t @returns {[HTMLElement | null, number]} */
  const fidOf = (t) => {
    const s = t instanceof Element ? t.closest(".lw-tok") : null;
    return s instanceof HTMLElement && root.contains(s) ? [s, Number(s.getAttribute("data-fid"))] : [null, -1];
  };
  /** @param {HTMLElement} s */
  const focusTok = (s) => {
    for (const [x] of spans) if (x !== s && x.getAttribute("tabindex") === "0") x.setAttribute("tabindex", "-1");
    s.setAttribute("tabindex", "0");
    s.focus();
  };
  ctx.listen(root, "click", (e) => {
    const [s, fid] = fidOf(e.target);
    if (!s) return;
    focusTok(s);
    actions.toggle(fid);
  });
  ctx.listen(root, "keydown", (/** @type {KeyboardEvent} */ e) => {
    const [s, fid] = fidOf(e.target);
    if (!s) return;
    if (e.key === " " || e.key === "Enter" || e.key === "Spacebar") {
      e.preventDefault();
      actions.toggle(fid);
      return;
    }
    const j = stepIndex(e.key, spans.findIndex(([x]) => x === s), spans.length);
    if (j >= 0) {
      e.preventDefault();
      focusTok(spans[j][0]);
    }
  });
  let hovered = -1;
  /** @param {number} fid */
  const setHover = (fid) => {
    if (fid === hovered) return;
    if (hovered >= 0) for (const s of byFid.get(hovered) || []) s.classList.remove("lw-hover");
    hovered = fid;
    if (fid >= 0) for (const s of byFid.get(fid) || []) s.classList.add("lw-hover");
    onHover(fid);
  };
  ctx.listen(root, "mouseover", (e) => setHover(fidOf(e.target)[1]));
  ctx.listen(root, "mouseleave", () => setHover(-1));

  /** @param {Frame} d */
  const update = (d) => paintTokens(spans, d, bow, maskString);
  return { root, update, byFid };
}

/** @type {import("../types.js").Builder} */
export function textView(ctx, actions, d) {
  const model = ctx.model;
  const tokens = model.get("tokens") || [];
  const bow = model.get("bow") !== false;
  const maskString = model.get("mask_string") || "";

  const NOUN = textNoun(model); // words, sentences, characters or spans (the text domain's `noun`)
  const reset = resetButton(ctx, actions, `Put every ${NOUN.one} back`);

  const chart = weightChart(ctx, actions, d, NOUN);
  const doc = textDocument(ctx, actions, d, tokens, bow, maskString, (fid) => chart.hover(fid), NOUN.one);
  const legend = scaleLegend();
  const sawText = h("pre", { class: "lw-saw-t" });
  const saw = h("details", { class: "lw-saw", hidden: true }, h("summary", { text: "What the model saw" }), sawText);
  const frame = viewLayout(ctx, actions, "text", d, {
    noun: NOUN, reset, chart,
    inputCard: h("section", { class: "lw-card lw-doccard" }, doc.root, legend.root, saw),
  });
  const root = frame.root;

  return {
    root,
    update(d) {
      frame.update(d);
      setDisabled(reset, d.off.length === 0, () => root.querySelector(".lw-tok[tabindex='0']"));
      doc.update(d);
      legend.update(d);
      chart.update(d);
      const input = d.now.kind === "current" && isCurrent(d.off, d.counterfactual) ? d.counterfactual.input : null;
      saw.hidden = !(typeof input === "string" && d.off.length);
      setText(sawText, saw.hidden ? "" : input);
    },
  };
}
