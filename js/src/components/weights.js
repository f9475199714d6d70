// Weight chart: horizontal diverging bars of the top `num_features` selected features of
// the label. A bar is a button: pressing it toggles the feature like clicking the word.
import { h, setText, setAttr, setStyle, toggleClass } from "../dom.js";
import { weightStyle } from "../palette.js";
import { fmtSigned, fmtWeight, rounds0, exact } from "../format.js";
import { rowMarks } from "./trust.js";


/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Noun} Noun
 * @typedef {import("../types.js").Part} Part
 */

/** How weight `w` moves what the frame explains: raises / lowers it (regression), towards / against the class,
 * or neither (0). @param {Frame} d @param {number} w */
export const direction = (d, w) =>
  ["lowers", "against", "does not change", "neutral for", "raises", "towards"][2 * Math.sign(w) + 2 + (d.regression ? 0 : 1)];

/** Ids of the top n features of `selected` by |weight| (stable for ties).
 * @param {number[]} selected @param {number[]} weights @param {number} n @returns {number[]} */
export function topFeatures(selected, weights, n) {
  return selected
    .map((j, i) => [j, i])
    .sort((a, b) => Math.abs(weights[b[0]] || 0) - Math.abs(weights[a[0]] || 0) || a[1] - b[1])
    .slice(0, Math.max(0, n))
    .map(([j]) => j);
}

/** Show weight w in a value cell: 3 decimals, data-value = full precision, title when it rounds to 0.
 * @param {HTMLElement} el @param {number} w */
export function setWeightText(el, w) {
  setText(el, fmtSigned(w));
  setAttr(el, "data-value", exact(w));
  setAttr(el, "title", rounds0(w) ? `weight ${exact(w)}` : null);
}

/** Paint a diverging bar fill (inside an .lw-wtrack) for weight w on the scale [-scale, +scale].
 * @param {HTMLElement} fill @param {number} w @param {number} scale */
export function paintBar(fill, w, scale) {
  const st = weightStyle(w, scale);
  const half = (st.ratio * 50).toFixed(1) + "%";
  setStyle(fill, "width", half);
  setStyle(fill, "left", st.sign < 0 ? `calc(50% - ${half})` : "50%");
  toggleClass(fill, "lw-pos", st.sign > 0);
  toggleClass(fill, "lw-neg", st.sign < 0);
}

/** An empty diverging bar: { track, fill }. */
export function divBar() {
  const fill = h("span", { class: "lw-wfill" });
  return { track: h("span", { class: "lw-wtrack" }, h("span", { class: "lw-wzero" }), fill), fill };
}

/** `decorate(j)`: an element shown before feature j's name in its row (an image's superpixel thumbnail).
 * @param {Ctx} ctx @param {Actions} actions @param {Frame} _d @param {Noun} noun
 * @param {(j: number) => Element | null} [decorate]
 * @returns {Part & { hover: (j: number) => void }} */
export function weightChart(ctx, actions, _d, noun, decorate) {
  const title = h("h3", { class: "lw-h" });
  const list = h("div", { class: "lw-wlist" });
  const root = h("section", { class: "lw-card lw-weights" }, title, list);
  /** @type {Map<number, { b: HTMLElement, fill: HTMLElement, val: HTMLElement, name: string, marks: ReturnType<typeof rowMarks> }>} */
  const rows = new Map(); // feature id -> row parts (rebuilt when the label changes)
  /** @type {string | null} */
  let shownKey = null;

  /** @param {Frame} d */
  function rebuild(d) {
    list.replaceChildren();
    rows.clear();
    for (const j of topFeatures(d.selected, d.weights, d.numFeatures)) {
      const name = h("span", { class: "lw-wname" }, decorate ? decorate(j) : null, d.featureName(j));
      const { track, fill } = divBar();
      const val = h("span", { class: "lw-wval" });
      const b = h("button", { type: "button", class: "lw-wrow", "data-fid": j }, name, track, val);
      ctx.listen(b, "click", () => actions.toggle(j));
      list.appendChild(b);
      rows.set(j, { b, fill, val, name: d.featureName(j), marks: rowMarks(track) });
    }
    if (!rows.size) list.appendChild(h("div", { class: "lw-note", text: "no features selected for this class" }));
  }

  /** @param {Frame} d */
  function update(d) {
    const key = d.label + "|" + d.selected.join(",");
    if (key !== shownKey) {
      shownKey = key;
      rebuild(d);
    }
    const cls = d.className(d.label);
    setText(title, `Top ${noun.many} for ${d.target}`);
    for (const [j, r] of rows) {
      const w = d.weights[j] || 0;
      const off = d.offSet.has(j);
      paintBar(r.fill, w, d.scale);
      setWeightText(r.val, w);
      toggleClass(r.b, "lw-off", off);
      toggleClass(r.b, "lw-edited", !!(d.edits && d.edits.has(j)));
      setAttr(r.b, "aria-pressed", off ? "true" : "false");
      const trust = r.marks.update(d, j); // interval whisker, spread band, tie tag (components/trust.js)
      const dir = direction(d, w);
      setAttr(r.b, "aria-label",
        `${r.name}: weight ${fmtWeight(w)}, ${dir} ${d.regression ? d.target : cls}` + trust + (off ? `; removed, press to restore` : `; press to remove`));
      setAttr(r.b, "title", `${fmtWeight(w)} ${dir} ${d.target}${trust} \u2014 click to ${off ? "restore" : "remove"}`);
    }
  }

  /** Highlight rows of feature `j` (hover linking with the document). @param {number} j */
  function hover(j) {
    for (const [k, r] of rows) toggleClass(r.b, "lw-hover", k === j);
  }
  return { root, update, hover };
}
