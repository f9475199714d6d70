// Progress of a long explanation (kind "progress"): samples scored (or, for many instances, instances
// explained) / total, elapsed time, how to stop
// it, and what happened when it stopped early (interrupted, or the model's error as text).
// Python writes every trait; JS writes none.
import { h, setAttr, setStyle, setText } from "../dom.js";
import { fmtInt, fmtSeconds } from "../format.js";

export const PROGRESS_STATES = ["running", "done", "interrupted", "error"];

/** @type {Record<string, string>} */
const HINTS = {
  running: "To stop it, interrupt the kernel (\u25a0 in the toolbar, or I, I): the kernel keeps running and keeps your variables.",
  interrupted: "The kernel is still running; run the cell again to start over.",
  error: "",
  done: "",
};

// what is counted: the samples of one explanation, or the instances of explain_many / SubmodularPick
/** @type {Record<string, { doing: string, did: string, things: string, unit: string, failed: string, label: string }>} */
const WORDS = {
  samples: { doing: "Scoring perturbed samples", did: "Scored", things: "perturbed samples", unit: "samples", failed: "The model failed", label: "LIME: perturbed samples scored by the model" },
  instances: { doing: "Explaining instances", did: "Explained", things: "instances", unit: "instances", failed: "Explaining failed", label: "LIME: instances explained" },
};

/** @param {unknown} x */
const count = (x) => {
  const n = Math.floor(Number(x));
  return Number.isFinite(n) && n > 0 ? n : 0;
};

/** What the view shows for one state of the traits. @param {import("../types.js").Model} model */
export function progressInfo(model) {
  const total = count(model.get("total"));
  const done = Math.min(count(model.get("done")), total || Infinity);
  let state = String(model.get("state") ?? "running");
  if (!PROGRESS_STATES.includes(state)) state = "running";
  const frac = total > 0 ? done / total : state === "done" ? 1 : 0;
  const pct = Math.floor(frac * 100 + 1e-9);
  const secs = Number(model.get("elapsed"));
  const time = Number.isFinite(secs) && secs >= 0 ? ` \u00b7 ${fmtSeconds(secs)}` : "";
  const counts = `${fmtInt(done)} / ${fmtInt(total)}`;
  const message = String(model.get("message") ?? "");
  const w = WORDS[String(model.get("unit"))] || WORDS.samples;
  let text;
  if (state === "done") text = `${w.did} ${fmtInt(total)} ${w.things}${time}`;
  else if (state === "interrupted") text = `Interrupted after ${counts} ${w.unit}${time}`;
  else if (state === "error") text = `${w.failed} after ${counts} ${w.unit}${time}`;
  else text = `${w.doing} ${counts} (${pct}%)${time}`;
  return { state, done, total, frac, pct, text, unit: w.unit, label: w.label, hint: HINTS[state], message: state === "error" ? message : "" };
}

/** @param {import("../types.js").Ctx} ctx @returns {import("../types.js").View} */
export function progressView(ctx) {
  const model = ctx.model;
  const label = h("div", { class: "lw-prog-t" });
  const fill = h("div", { class: "lw-prog-fill" });
  const bar = h("div", { class: "lw-prog-bar", role: "progressbar", "aria-valuemin": "0" }, fill);
  const hint = h("div", { class: "lw-prog-hint" });
  const msg = h("pre", { class: "lw-error-msg lw-prog-msg", role: "alert", hidden: true });
  const root = h("div", { class: "lw-root lw-kind-progress" }, h("div", { class: "lw-prog" }, label, bar, hint, msg));

  function update() {
    const p = progressInfo(model);
    setAttr(root, "data-state", p.state);
    setText(label, p.text);
    setAttr(bar, "aria-valuemax", String(p.total));
    setAttr(bar, "aria-valuenow", String(p.done));
    setAttr(bar, "aria-label", p.label);
    setAttr(bar, "aria-valuetext", `${fmtInt(p.done)} of ${fmtInt(p.total)} ${p.unit} (${p.pct}%)`);
    setStyle(fill, "width", (100 * p.frac).toFixed(2) + "%");
    setText(hint, p.hint);
    hint.hidden = !p.hint;
    setText(msg, p.message);
    msg.hidden = !p.message;
  }
  update();
  // the shared mount keeps data-state / data-off for explanation views; this view sets its own
  return { root, update, ownState: true };
}
