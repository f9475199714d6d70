// The trust panel: how far to trust this explanation. Warnings, the stability check across seeds
// (a button: the kernel re-explains on its worker and publishes progress then the result), the
// deletion / insertion curves of the selected label (a button, likewise) and the record of the hand
// checks (model vs surrogate). Also the marks it adds to each weight-chart row: the 95 % interval as
// a whisker, the spread across seeds as a light band, a "tied" tag. All text reaches the page as text.
import { h, svg, setText, setAttr, setStyle, setDisabled, toggleClass } from "../dom.js";
import { fmt, fmtSigned, exact } from "../format.js";

/**
 * @typedef {import("../types.js").Frame} Frame
 * @typedef {import("../types.js").Ctx} Ctx
 * @typedef {import("../types.js").Actions} Actions
 * @typedef {import("../types.js").Part} Part
 * @typedef {import("../types.js").CurvesOfLabel} CurvesOfLabel
 */

export const FIRST_SEEDS = 10;
export const MAX_SEEDS = 50;
const OFFLINE_TITLE = "saved view: there is no kernel to ask; a result computed before saving still shows";

/** Where `v` sits on a weight-chart track of scale `scale`: percent from the left, clipped to the track.
 * @param {number} v @param {number} scale */
export function trackPct(v, scale) {
  if (!(scale > 0) || !Number.isFinite(v)) return 50;
  return Math.max(0, Math.min(100, 50 + (v / scale) * 50));
}

/** @param {HTMLElement} el @param {[number, number] | null | undefined} range @param {number} scale */
function placeRange(el, range, scale) {
  el.hidden = !range;
  if (!range) return;
  const a = trackPct(Math.min(range[0], range[1]), scale);
  const b = trackPct(Math.max(range[0], range[1]), scale);
  setStyle(el, "left", a.toFixed(2) + "%");
  setStyle(el, "width", Math.max(0, b - a).toFixed(2) + "%");
  toggleClass(el, "lw-clip-l", Math.min(range[0], range[1]) < -scale);
  toggleClass(el, "lw-clip-r", Math.max(range[0], range[1]) > scale);
}

/** The trust marks of one weight-chart row, inside its track: the spread band (under the bar), the
 * interval whisker and the tie tag (over it). `update` returns a phrase for the row's title.
 * @param {HTMLElement} track */
export function rowMarks(track) {
  const band = h("span", { class: "lw-wspread", hidden: true });
  const ci = h("span", { class: "lw-wci", hidden: true });
  const tie = h("span", { class: "lw-tie", text: "\u2248 tied", hidden: true });
  track.prepend(band);
  track.append(ci, tie);
  return {
    /** @param {Frame} d @param {number} j @returns {string} */
    update(d, j) {
      const iv = d.intervals[String(j)] || null;
      const sp = (d.stabilityOfLabel && d.stabilityOfLabel.spread[String(j)]) || null;
      placeRange(ci, iv, d.scale);
      placeRange(band, sp, d.scale);
      const partners = d.ties.filter((p) => p[0] === j || p[1] === j).map((p) => d.featureName(p[0] === j ? p[1] : p[0]));
      tie.hidden = !partners.length;
      toggleClass(tie, "lw-tie-r", (d.weights[j] || 0) < 0);
      const tied = partners.length ? `tied with ${partners.join(", ")}` : "";
      setAttr(tie, "title", tied ? `${tied}: their 95% weight intervals overlap, so the samples do not settle which matters more` : null);
      const parts = [];
      if (iv) parts.push(`95% interval ${fmtSigned(iv[0])} to ${fmtSigned(iv[1])}`);
      if (sp) parts.push(`across seeds ${fmtSigned(sp[0])} to ${fmtSigned(sp[1])}`);
      if (tied) parts.push(tied);
      return parts.length ? "; " + parts.join("; ") : "";
    },
  };
}

/** What the stability row shows for a frame (pure: tested directly).
 * @param {Frame} d
 * @returns {{ state: string, button: string, disabled: boolean, next: number, title: string, text: string }} */
export function stabilityInfo(d) {
  const st = d.stability;
  const res = d.stabilityOfLabel;
  const summary = res
    ? `Top-${res.k} ${d.parts} agree across ${res.seeds} seeds: Jaccard ${fmt(res.jaccard, 2)} (min ${fmt(res.jaccard_min, 2)}), ` +
      `VSI ${fmt(res.vsi, 2)}, CSI ${fmt(res.csi, 2)}`
    : "";
  const again = res ? Math.min(MAX_SEEDS, 2 * res.seeds) : FIRST_SEEDS;
  const idle = { button: "Check stability", disabled: false, next: FIRST_SEEDS, text: summary,
    title: `re-explain with ${FIRST_SEEDS} seeds (the model's answers are cached) and compare the top features` };
  if (d.offline) return { ...idle, state: "offline", disabled: true, title: OFFLINE_TITLE };
  if (d.stabilityAsked > 0 || (st && st.state === "running")) {
    const text = st && st.state === "running" && st.total ? `re-explaining: ${st.done} of ${st.total} more seeds\u2026` : "asking the kernel\u2026";
    return { ...idle, state: "running", button: "Checking\u2026", disabled: true, text, title: "the kernel is re-explaining" };
  }
  if (st && st.state === "error") return { ...idle, state: "error", button: "Try again", text: `the stability check failed: ${st.message}` };
  if (res) {
    const more = again > res.seeds;
    return { state: "done", button: more ? `Check with ${again} seeds` : `Checked with ${res.seeds} seeds`, disabled: !more, next: again, text: summary,
      title: more ? `re-explain with ${again} seeds` : `${MAX_SEEDS} seeds is the most the view asks for` };
  }
  return { ...idle, state: "idle" };
}

const MEASURES_TITLE =
  "Jaccard: mean overlap of the top-k feature sets of two seeds (1: always the same features; min: the worst pair). " +
  "VSI: the share of the k features two seeds have in common. CSI: per feature, the share of seed pairs whose 95% " +
  "weight intervals overlap. The chart shows each weight's range across the seeds as a light band.";

/** @param {Ctx} ctx @param {Actions} actions @returns {Part} */
function stabilityRow(ctx, actions) {
  const btn = h("button", { type: "button", class: "lw-btn lw-tbtn lw-stab-b" });
  const text = h("span", { class: "lw-stab-t", role: "status", "aria-live": "polite" });
  const fill = h("span", { class: "lw-stab-fill" });
  const bar = h("span", { class: "lw-stab-bar", hidden: true }, fill);
  const root = h("div", { class: "lw-trow lw-stab" }, btn, h("span", { class: "lw-stab-info" }, bar, text));
  let next = FIRST_SEEDS;
  ctx.listen(btn, "click", () => actions.setTrait("stability_seeds", next));
  return {
    root,
    update(d) {
      const info = stabilityInfo(d);
      next = info.next;
      setText(btn, info.button);
      setDisabled(btn, info.disabled);
      setAttr(btn, "title", info.title);
      setText(text, info.text);
      setAttr(text, "title", info.state === "done" || (info.state === "offline" && info.text) ? MEASURES_TITLE : null);
      setAttr(root, "data-state", info.state);
      toggleClass(text, "lw-bad", info.state === "error");
      const st = d.stability;
      const running = info.state === "running" && !!st && st.state === "running" && st.total > 0;
      bar.hidden = !running;
      if (running && st) setStyle(fill, "width", ((100 * st.done) / st.total).toFixed(1) + "%");
    },
  };
}

/** Chart geometry: a plot of `n` steps (0..n-1) against values in `lo..hi`, in a W x H viewBox. */
const W = 150;
const H = 92;
const PAD = { l: 22, r: 5, t: 5, b: 16 };

/** @param {number} n @param {number} lo @param {number} hi */
function scales(n, lo, hi) {
  const span = hi - lo || 1;
  return {
    /** @param {number} i */ x: (i) => PAD.l + ((W - PAD.l - PAD.r) * i) / Math.max(1, n - 1),
    /** @param {number} v */ y: (v) => PAD.t + (H - PAD.t - PAD.b) * (1 - (Math.max(lo, Math.min(hi, v)) - lo) / span),
  };
}

/** @param {number[]} values @param {{ x: (i: number) => number, y: (v: number) => number }} sc @param {string} cls */
function polyline(values, sc, cls) {
  return svg("polyline", { class: cls, points: values.map((v, i) => `${sc.x(i).toFixed(1)},${sc.y(v).toFixed(1)}`).join(" ") });
}

/** The value range of the curves' charts: probabilities 0..1, regression the values' own.
 * @param {Frame} d @param {CurvesOfLabel} c @returns {[number, number]} */
export function curvesRange(d, c) {
  if (!d.regression) return [0, 1];
  const all = [...c.deletion.model, ...c.deletion.random, ...c.insertion.model, ...c.insertion.random].filter(Number.isFinite);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
}

/** One faithfulness chart: the model's output along the explanation's order and along a random order.
 * @param {Frame} d @param {CurvesOfLabel["deletion"]} c @param {"deletion" | "insertion"} kind @param {[number, number]} range */
function curveChart(d, c, kind, range) {
  const n = c.model.length;
  const sc = scales(n, range[0], range[1]);
  const axis = kind === "deletion" ? `${d.parts} off \u2192` : `${d.parts} on \u2192`;
  const mark = svg("circle", { class: "lw-cmark lw-hide", r: 3.5, cx: 0, cy: 0 }, svg("title"));
  const plot = svg("svg", { class: "lw-chart", viewBox: `0 0 ${W} ${H}`, role: "img",
    "aria-label": `${kind} curve: the model's output as ${d.parts} are switched ${kind === "deletion" ? "off" : "on"}, most supportive first` },
  svg("line", { class: "lw-axis", x1: PAD.l, y1: H - PAD.b, x2: W - PAD.r, y2: H - PAD.b }),
  svg("line", { class: "lw-axis", x1: PAD.l, y1: PAD.t, x2: PAD.l, y2: H - PAD.b }),
  svg("text", { class: "lw-tick", x: PAD.l - 3, y: PAD.t + 7, "text-anchor": "end", text: fmt(range[1], d.regression ? 1 : 0) }),
  svg("text", { class: "lw-tick", x: PAD.l - 3, y: H - PAD.b, "text-anchor": "end", text: fmt(range[0], d.regression ? 1 : 0) }),
  svg("text", { class: "lw-tick", x: W - PAD.r, y: H - 4, "text-anchor": "end", text: axis }),
  svg("text", { class: "lw-tick", x: PAD.l, y: H - 4, text: "0" }),
  polyline(c.random, sc, "lw-crand"), polyline(c.model, sc, "lw-cmodel"), mark);
  const better = kind === "deletion" ? "lower" : "higher";
  const legend = h("div", { class: "lw-clegend", title: `area under the curve (steps scaled to 0..1): ${better} than the random order's is better` },
    h("span", { class: "lw-cpair" }, h("span", { class: "lw-ckey lw-ckey-m" }),
      h("span", { class: "lw-cauc", text: `AUC ${fmt(c.auc)}`, "data-value": exact(c.auc) })),
    h("span", { class: "lw-cpair" }, h("span", { class: "lw-ckey lw-ckey-r" }),
      h("span", { class: "lw-cauc", text: `random ${fmt(c.random_auc)}`, "data-value": exact(c.random_auc) })));
  const what = d.regression ? (d.multiOutput ? d.className(d.label) : "prediction") : `P(${d.className(d.label)})`;
  const title = `${kind === "deletion" ? "Deletion" : "Insertion"} \u00b7 ${what}`;
  const root = h("figure", { class: `lw-curve lw-curve-${kind}` }, h("figcaption", { class: "lw-ccap", text: title, title }), plot, legend);
  return { root, mark, sc };
}

/** The model's answer for the selected label now, when it is the model's and nothing is edited (else null).
 * @param {Frame} d */
function modelNowValue(d) {
  if (d.offline || !d.now.proba || d.edits.size) return null;
  const v = d.now.proba[d.out];
  return Number.isFinite(v) ? v : null;
}

/** @param {Ctx} ctx @param {Actions} actions @returns {Part} */
function curvesPart(ctx, actions) {
  const btn = h("button", { type: "button", class: "lw-btn lw-tbtn lw-curves-b", text: "Faithfulness curves" });
  const text = h("span", { class: "lw-curves-t", role: "status" });
  const charts = h("div", { class: "lw-charts", hidden: true });
  const root = h("div", { class: "lw-curves" }, h("div", { class: "lw-trow" }, btn, text), charts);
  let label = 0;
  /** @type {CurvesOfLabel | null} */
  let shown = null;
  /** @type {ReturnType<typeof curveChart> | null} */
  let deletion = null;
  ctx.listen(btn, "click", () => actions.setTrait("curves_label", label));
  return {
    root,
    update(d) {
      label = d.label;
      const c = d.curvesOfLabel;
      const cv = d.curves;
      const running = d.curvesAsked === d.label || (!!cv && cv.state === "running" && cv.label === d.label);
      const error = !running && cv && cv.state === "error" && cv.label === d.label ? cv.message : "";
      btn.hidden = !!c;
      setDisabled(btn, d.offline || running);
      setText(btn, running ? "Drawing curves\u2026" : error ? "Try again" : "Faithfulness curves");
      setAttr(btn, "title", d.offline ? OFFLINE_TITLE : `ask the model with the ${d.parts} switched off (and on) one by one, most supportive first`);
      setText(text, error ? `the curves failed: ${error}` : "");
      toggleClass(text, "lw-bad", !!error);
      setAttr(root, "data-state", c ? "done" : running ? "running" : error ? "error" : d.offline ? "offline" : "idle");
      if (c !== shown) {
        shown = c;
        charts.replaceChildren();
        deletion = null;
        if (c) {
          const range = curvesRange(d, c);
          deletion = curveChart(d, c.deletion, "deletion", range);
          charts.append(deletion.root, curveChart(d, c.insertion, "insertion", range).root);
        }
      }
      charts.hidden = !c;
      if (deletion) markNow(d, deletion);
    },
  };
}

/** Mark the current hand mask on the deletion chart: (number of features off, the model's answer now).
 * @param {Frame} d @param {ReturnType<typeof curveChart>} chart */
function markNow(d, chart) {
  const v = modelNowValue(d);
  toggleClass(chart.mark, "lw-hide", v === null);
  if (v === null) return;
  chart.mark.setAttribute("cx", chart.sc.x(d.off.length).toFixed(1));
  chart.mark.setAttribute("cy", chart.sc.y(v).toFixed(1));
  setText(/** @type {Element} */ (chart.mark.firstChild), `your mask: ${d.off.length} ${d.parts} off, the model answers ${fmt(v)}`);
}

/** The hand checks of the selected label as [surrogate, model] pairs (checks the model failed are left out).
 * @param {Frame} d @returns {[number, number][]} */
export function checkPoints(d) {
  /** @type {[number, number][]} */
  const out = [];
  for (const c of d.history) {
    const m = c.model ? Number(c.model[d.out]) : NaN;
    const s = Number(c.surrogate ? c.surrogate[String(d.label)] : NaN);
    if (Number.isFinite(m) && Number.isFinite(s)) out.push([s, m]);
  }
  return out;
}

/** @param {Frame} d @param {[number, number][]} pts @returns {[number, number]} */
function checksRange(d, pts) {
  const vals = pts.flat();
  let lo = Math.min(...vals, d.regression ? Infinity : 0);
  let hi = Math.max(...vals, d.regression ? -Infinity : 1);
  if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
  return [lo, hi];
}

const SIDE = 96;
const M = 12;

/** @param {Frame} d @param {[number, number][]} pts */
function scatter(d, pts) {
  const [lo, hi] = checksRange(d, pts);
  /** @param {number} v */
  const at = (v) => M + ((SIDE - 2 * M) * (v - lo)) / (hi - lo);
  const root = svg("svg", { class: "lw-scatter", viewBox: `0 0 ${SIDE} ${SIDE}`, role: "img",
    "aria-label": `the hand checks: the model's answer (up) against the surrogate's estimate (right); on the diagonal they agree` },
  svg("rect", { class: "lw-sframe", x: M, y: M, width: SIDE - 2 * M, height: SIDE - 2 * M }),
  svg("line", { class: "lw-diag", x1: M, y1: SIDE - M, x2: SIDE - M, y2: M }),
  svg("text", { class: "lw-tick", x: SIDE - M, y: SIDE - 2, "text-anchor": "end", text: "surrogate" }),
  svg("text", { class: "lw-tick", x: 2, y: 9, text: "model" }));
  pts.forEach(([s, m], i) => {
    const last = i === pts.length - 1;
    root.append(svg("circle", { class: last ? "lw-pt lw-latest" : "lw-pt", cx: at(s).toFixed(1), cy: (SIDE - at(m)).toFixed(1), r: last ? 3.6 : 2.4 },
      svg("title", { text: `check ${i + 1}: model ${fmt(m)}, surrogate ${fmt(s)}, gap ${fmtSigned(m - s)}` })));
  });
  return root;
}

/** @returns {Part} */
function checksPart() {
  const plot = h("div", { class: "lw-splot" });
  const text = h("div", { class: "lw-checks-t" });
  const root = h("div", { class: "lw-checks" }, plot, text);
  let key = "";
  return {
    root,
    update(d) {
      const pts = checkPoints(d);
      const k = `${d.label}|${d.history.length}|${pts.length}`;
      if (k !== key) {
        key = k;
        plot.replaceChildren(...(pts.length ? [scatter(d, pts)] : []));
      }
      plot.hidden = !pts.length;
      const gap = pts.length ? pts.reduce((a, [s, m]) => a + Math.abs(m - s), 0) / pts.length : null;
      setText(text, gap === null
        ? `Hand checks: none yet \u2014 switch ${d.parts} off to compare the model with the surrogate`
        : `Hand checks: ${pts.length}, mean |model \u2212 surrogate| ${fmt(gap)} (latest ringed)`);
      setAttr(text, "data-value", gap === null ? null : exact(gap));
      setAttr(root, "data-count", String(pts.length));
    },
  };
}

/** Lines of warning for the selected label: the engine's, and the estimate of the mask shown outside [0, 1].
 * @param {Frame} d @returns {string[]} */
export function warningLines(d) {
  const out = [...d.warnings];
  const est = d.estimate;
  if (!d.regression && d.changed && est !== null && (est < -1e-3 || est > 1 + 1e-3))
    out.push(`the surrogate's estimate for this mask is ${fmt(est)}, outside [0, 1]: the linear surrogate extrapolates; its bar is drawn clipped`);
  return out;
}

/** The trust panel of the shared frame. @param {Ctx} ctx @param {Actions} actions @returns {Part} */
export function trustPanel(ctx, actions) {
  const warns = h("div", { class: "lw-warns" });
  const stab = stabilityRow(ctx, actions);
  const curves = curvesPart(ctx, actions);
  const checks = checksPart();
  const root = h("section", { class: "lw-card lw-trust" }, h("h3", { class: "lw-h", text: "How far to trust this explanation" }),
    warns, stab.root, curves.root, checks.root);
  let shown = "";
  return {
    root,
    update(d) {
      const lines = warningLines(d);
      if (JSON.stringify(lines) !== shown) {
        shown = JSON.stringify(lines);
        warns.replaceChildren(...lines.map((w) => h("div", { class: "lw-warn" }, h("span", { class: "lw-warn-i", text: "\u26a0", "aria-hidden": "true" }), w)));
      }
      warns.hidden = !lines.length;
      stab.update(d);
      curves.update(d);
      checks.update(d);
    },
  };
}
