// Pick gallery (SP-LIME): one card per picked explanation, in pick order, with the coverage each
// pick adds. Clicking a card (Enter / Space) writes `opened` (its position; again: -1). In a saved
// page it also scrolls to the picked view stacked below (#lw-pick-view-<position>).
import { h, setAttr, setStyle, toggleClass } from "../dom.js";
import { fmt, fmtInt } from "../format.js";
import { divBar, paintBar, setWeightText } from "../components/weights.js";

/**
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").PickItem} PickItem
 * @typedef {{ frac: number, gain: number }} Step
 */

const B64 = /^[A-Za-z0-9+/=]+$/;
/** @param {number} f */
const pct = (f) => (Number.isFinite(f) ? Math.round(f * 100) : 0) + "%";

/** Cumulative coverage as fractions of the total, and what each pick adds.
 * @param {unknown[]} coverage @param {unknown} total @returns {Step[]} */
export function coverageSteps(coverage, total) {
  const t = Number(total) > 0 ? Number(total) : Math.max(0, ...coverage.map(Number).filter(Number.isFinite));
  let prev = 0;
  return coverage.map((c) => {
    const frac = t > 0 ? Math.max(0, Math.min(1, Number(c) / t)) : 0;
    const step = { frac, gain: Math.max(0, frac - prev) };
    prev = frac;
    return step;
  });
}

/** The gallery's summary line. @param {number} n @param {number} frac @param {unknown} numExplained */
export function coverageText(n, frac, numExplained) {
  const among = Number.isFinite(Number(numExplained)) && numExplained !== null ? ` among ${fmtInt(numExplained)} explanations` : "";
  return `${n} ${n === 1 ? "pick covers" : "picks cover"} ${pct(frac)} of the feature importance${among}`;
}

/** One picked explanation's card.
 * @param {Ctx} ctx @param {Partial<PickItem>} item @param {number} pos @param {Step | undefined} step
 * @param {number} scale @param {() => void} open */
function card(ctx, item, pos, step, scale, open) {
  const title = String(item.title ?? "");
  const label = String(item.label ?? "");
  const isValue = item.kind !== undefined && label === "value";
  const badge = h("span", { class: "lw-pk-n", text: String(pos + 1), "aria-hidden": "true" });
  const gain = h("span", { class: "lw-pk-gain", text: step ? "+" + pct(step.gain) : "", title: step ? `coverage after this pick: ${pct(step.frac)}` : null });
  const head = h("div", { class: "lw-pk-head" }, badge, h("span", { class: "lw-pk-kind", text: item.kind ? String(item.kind) : "" }), gain);
  const root = h("div", { class: "lw-pcard", role: "button", tabindex: "0", "data-pos": pos }, head);

  if (typeof item.thumb_png === "string" && B64.test(item.thumb_png)) {
    const img = document.createElement("img");
    img.className = "lw-pk-thumb";
    img.alt = "";
    img.src = "data:image/png;base64," + item.thumb_png;
    root.appendChild(h("div", { class: "lw-pk-thumbbox" }, img));
  }
  root.appendChild(h("div", { class: "lw-pk-title", text: title, title }));
  const pred = `${label} ${fmt(item.proba)}`;
  root.appendChild(h("div", { class: "lw-pk-meta" },
    h("span", { class: "lw-pk-label", text: pred, title: isValue ? "the model's prediction" : `the model's probability of ${label}` }),
    h("span", { class: "lw-pk-r2", text: `R\u00b2 ${fmt(item.score, 2)}`, title: "weighted R\u00b2 of the surrogate" })));

  const feats = h("div", { class: "lw-pk-feats" });
  for (const f of Array.isArray(item.features) ? item.features : []) {
    const [name, w] = Array.isArray(f) ? f : [f, 0];
    const { track, fill } = divBar();
    paintBar(fill, Number(w) || 0, scale);
    const val = h("span", { class: "lw-wval" });
    setWeightText(val, Number(w) || 0);
    feats.appendChild(h("div", { class: "lw-pk-f" },
      h("span", { class: "lw-wname", text: String(name), title: String(name) }), track, val));
  }
  root.appendChild(feats);
  setAttr(root, "aria-label", `Pick ${pos + 1}: ${title}; ${pred}; R\u00b2 ${fmt(item.score, 2)}` + (step ? `; adds ${pct(step.gain)} coverage` : ""));

  ctx.listen(root, "click", open);
  ctx.listen(root, "keydown", (/** @type {KeyboardEvent} */ e) => {
    if (e.target !== root) return;
    if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
      e.preventDefault();
      open();
    }
  });
  return root;
}

/** @type {import("../types.js").Builder} */
export function pickView(ctx, actions, d) {
  const model = ctx.model;
  const rawItems = model.get("items");
  const items = Array.isArray(rawItems) ? rawItems : [];
  const coverage = model.get("coverage");
  const steps = coverageSteps(Array.isArray(coverage) ? coverage : [], model.get("total_importance"));
  const n = Math.min(items.length, steps.length) || items.length;
  const covered = steps.length ? steps[Math.min(steps.length, items.length || steps.length) - 1].frac : 0;

  let scale = 0;
  for (const it of items) for (const f of Array.isArray(it.features) ? it.features : []) scale = Math.max(scale, Math.abs(Number(Array.isArray(f) ? f[1] : 0)) || 0);

  const summary = h("div", { class: "lw-pk-sum", text: items.length ? coverageText(n, covered, model.get("num_explained")) : "No explanations were picked." });
  const strip = h("div", { class: "lw-cov", role: "img", "aria-label": "coverage added by each pick" });
  steps.slice(0, items.length || steps.length).forEach((s, i) => {
    const seg = h("span", { class: "lw-cov-seg", title: `pick ${i + 1}: +${pct(s.gain)} (total ${pct(s.frac)})` });
    setStyle(seg, "width", (s.gain * 100).toFixed(2) + "%");
    strip.appendChild(seg);
  });

  /** @param {number} pos */
  const open = (pos) => () => {
    const cur = Number(model.get("opened") ?? -1);
    const next = cur === pos ? -1 : pos;
    actions.setTrait("opened", next);
    if (d.offline && next >= 0) {
      const target = document.getElementById("lw-pick-view-" + pos);
      if (target && target.scrollIntoView) target.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  };
  const cards = items.map((it, i) => card(ctx, it || {}, i, steps[i], scale, open(i)));
  const grid = h("div", { class: "lw-pk-grid" }, cards);
  const hint = h("div", { class: "lw-note", text: d.offline ? "Click a card to jump to its explanation below." : "Click a card to open its explanation below." });
  const root = h("div", { class: "lw-root lw-kind-pick" + (d.offline ? " lw-offline" : "") },
    h("section", { class: "lw-card lw-pk-top" }, h("h3", { class: "lw-h", text: "SP-LIME pick" }), summary, strip, hint), grid);

  return {
    root,
    update() {
      const opened = Number(model.get("opened") ?? -1);
      cards.forEach((c, i) => {
        toggleClass(c, "lw-open", i === opened);
        setAttr(c, "aria-pressed", i === opened ? "true" : "false");
      });
      strip.querySelectorAll(".lw-cov-seg").forEach((s, i) => toggleClass(s, "lw-open", i === opened));
    },
  };
}
