// Progress of a long explanation (kind "progress"): samples scored / total, elapsed time, how to stop
// it, and what happened when it stopped early (interrupted, or the model's error as text).
// Python writes every trait; JS writes none.
import { h, setAttr, setStyle, setText } from "../dom.js";
import { fmtInt, fmtSeconds } from "../format.js";

export const PROGRESS_STATES = ["running", "done", "interrupted", "error"];

const HINTS = {
  running: "To stop it, interrupt the kernel (\u25a0 in the toolbar, or I, I): the kernel keeps running and keeps your variables.",
  interrupted: "The kernel is still running; run the cell again to start over.",
  error: "",
  done: "",
};

const count = (x) => {
  const n = Math.floor(Number(x));
  return Number.isFinite(n) && n > 0 ? n : 0;
};

/** What the view shows for one state of the traits. */
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
  let text;
  if (state === "done") text = `Scored ${fmtInt(total)} perturbed samples${time}`;
  else if (state === "interrupted") text = `Interrupted after ${counts} samples${time}`;
  else if (state === "error") text = `The model failed after ${counts} samples${time}`;
  else text = `Scoring perturbed samples ${counts} (${pct}%)${time}`;
  return { state, done, total, frac, pct, text, hint: HINTS[state], message: state === "error" ? message : "" };
}

export function progressView(ctx) {
  const model = ctx.model;
  const label = h("div", { class: "lw-prog-t" });
  const fill = h("div", { class: "lw-prog-fill" });
  const bar = h("div", { class: "lw-prog-bar", role: "progressbar", "aria-valuemin": "0", "aria-label": "LIME: perturbed samples scored by the model" }, fill);
  const hint = h("div", { class: "lw-prog-hint" });
  const msg = h("pre", { class: "lw-error-msg lw-prog-msg", role: "alert", hidden: true });
  const root = h("div", { class: "lw-root lw-kind-progress" }, h("div", { class: "lw-prog" }, label, bar, hint, msg));

  function update() {
    const p = progressInfo(model);
    setAttr(root, "data-state", p.state);
    setText(label, p.text);
    setAttr(bar, "aria-valuemax", String(p.total));
    setAttr(bar, "aria-valuenow", String(p.done));
    setAttr(bar, "aria-valuetext", `${fmtInt(p.done)} of ${fmtInt(p.total)} samples (${p.pct}%)`);
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
