// Class-probability panel: per explained class, three lines — the model on the original
// document, the model now (for the current mask) and the surrogate's estimate, plus the
// gap (now − estimate). Other classes (top by original probability, then an "other" row
// summing the rest) get one compact line each: original and now.
// Regression: one block on the value_range scale.
import { h, setText, setAttr, setStyle, toggleClass } from "../dom.js";
import { probRows, sumAt } from "../topk.js";
import { fmt, fmtSigned, exact } from "../format.js";

const NOW_WHY = {
  pending: "waiting for the model's answer for this mask",
  timeout: "no answer from the kernel",
  offline: "no model in this saved view",
  error: "the model raised an error for this mask",
};
const lineTitles = (d) => ({
  orig: `the model on the original ${d.thing}`,
  now: d.kind === "tabular"
    ? "the model on the row with the features switched off or edited (the kernel's answer)"
    : `the model on the ${d.thing} with the removed ${d.parts} (the kernel's answer)`,
  est: d.kind === "tabular"
    ? "the surrogate's estimate: intercept + sum of weight \u00d7 z over the features"
    : `the surrogate's estimate: intercept + weights of the ${d.parts} still on`,
});

function bar(cls) {
  const fill = h("span", { class: "lw-fill" });
  return { track: h("span", { class: "lw-track " + cls }, fill), fill };
}

function line(kind, label, LINE_TITLE) {
  const { track, fill } = bar("");
  const val = h("span", { class: "lw-val" });
  const gap = h("span", { class: "lw-gap" });
  const root = h("div", { class: "lw-line lw-" + kind, role: "img" },
    h("span", { class: "lw-line-k", text: label, title: LINE_TITLE[kind] }), track, val, gap);
  return { root, fill, val, gap };
}

/** Map a value to [0, 1] of the bar. */
function scaler(d) {
  if (!d.regression) return (v) => Math.max(0, Math.min(1, v));
  let [lo, hi] = d.valueRange || [];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    const vals = [d.proba[0], d.localPred].filter(Number.isFinite);
    lo = Math.min(0, ...vals);
    hi = Math.max(...vals, lo + 1);
  }
  return (v) => Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
}

const pct = (f) => (Math.round(f * 1000) / 10).toFixed(1) + "%";

export function probPanel(ctx, actions, d) {
  const title = d.regression ? "Predicted value" : "Class probabilities";
  const root = h("section", { class: "lw-card lw-probs", "aria-label": title }, h("h3", { class: "lw-h", text: title }));

  const LINE_TITLE = lineTitles(d);
  const explained = new Set(d.labels);
  const blocks = []; // explained classes (or the regression value): 3 lines each
  const minor = []; // other classes: 1 compact line each

  const mkBlock = (id, one) => {
    const name = d.className(id);
    const block = h("div", { class: "lw-pc" });
    let nameEl;
    if (d.labels.length > 1) {
      nameEl = h("button", { type: "button", class: "lw-pc-name", title: "Explain this class", text: name });
      ctx.listen(nameEl, "click", () => actions.setLabel(one));
    } else nameEl = h("div", { class: "lw-pc-name", text: name });
    const lines = { orig: line("orig", "original", LINE_TITLE), now: line("now", "now", LINE_TITLE), est: line("est", "surrogate", LINE_TITLE) };
    block.append(nameEl, lines.orig.root, lines.now.root, lines.est.root);
    root.appendChild(block);
    blocks.push({ ids: [id], one, name, block, lines });
  };

  const columns = d.regression && d.proba.length > 1; // several regression outputs: a block per explained column
  if (columns) for (const l of d.labels) mkBlock(l, l);
  else if (d.regression) mkBlock(0, d.label);
  else {
    const { rows, other } = probRows(d.proba, d.labels, 5);
    for (const i of rows) if (explained.has(i)) mkBlock(i, i);
    const rest = rows.filter((i) => !explained.has(i)).map((i) => [[i], d.className(i)]);
    if (other.length) rest.push([other, `other (${other.length} classes)`]);
    if (rest.length) {
      const table = h("div", { class: "lw-minor" },
        h("span", { class: "lw-mh", text: blocks.length ? "other classes" : "classes" }),
        h("span", { class: "lw-mh" }),
        h("span", { class: "lw-mh lw-r", text: "original", title: LINE_TITLE.orig }),
        h("span", { class: "lw-mh lw-r lw-mnow", text: "now", title: LINE_TITLE.now }));
      for (const [ids, name] of rest) {
        const { track, fill } = bar("lw-orig");
        const val = h("span", { class: "lw-val" });
        const now = h("span", { class: "lw-val lw-mnow" });
        const nameEl = h("span", { class: "lw-mname", text: name, title: name });
        table.append(nameEl, track, val, now);
        minor.push({ ids, name, fill, val, now, nameEl });
      }
      root.appendChild(table);
    }
  }

  const rangeNote = d.regression ? h("div", { class: "lw-note" }) : null;
  if (rangeNote) root.appendChild(rangeNote);

  function update(d) {
    const sc = scaler(d);
    const nowProba = d.now.proba; // null unless original / current
    const valueOf = (p, ids) => (d.regression ? p[columns ? ids[0] : 0] : sumAt(p, ids));
    const nowText = d.now.kind === "pending" ? "\u2026" : "n/a";
    for (const b of blocks) {
      toggleClass(b.block, "lw-sel", b.one === d.label && d.labels.length > 1);
      const orig = valueOf(d.proba, b.ids);
      setBar(b.lines.orig, sc(orig), orig, `${b.name}: model on the original ${d.thing} ${fmt(orig)}`);

      const nl = b.lines.now;
      toggleClass(nl.root, "lw-wait", d.now.kind === "pending");
      toggleClass(nl.root, "lw-none", !nowProba && d.now.kind !== "pending");
      // a saved view has no model: "now" is hidden and nothing is compared with it
      const now = nowProba && !d.offline ? valueOf(nowProba, b.ids) : null;
      if (now !== null) setBar(nl, sc(now), now, `${b.name}: model now ${fmt(now)}`);
      else setBar(nl, 0, null, `${b.name}: model now unknown, ${NOW_WHY[d.offline ? "offline" : d.now.kind]}`, nowText);
      setAttr(nl.root, "title", now === null ? NOW_WHY[d.offline ? "offline" : d.now.kind] : null);

      const el = b.lines.est;
      const est = d.estimates[b.one] ?? null;
      const marked = d.changed && now === null;
      toggleClass(el.root, "lw-marked", marked);
      setBar(el, est === null ? 0 : sc(est), est, `${b.name}: surrogate estimate ${fmt(est)}` + (marked ? " (estimate only)" : ""));
      const gap = now !== null && est !== null ? now - est : null;
      // as precise as the values it compares (3 decimals; 1 when they show 1, from 100 on)
      const gd = gap !== null && Math.max(Math.abs(now), Math.abs(est)) >= 100 ? 1 : 3;
      setText(el.gap, gap === null ? "" : "gap " + fmtSigned(gap, gd));
      setAttr(el.gap, "data-value", gap === null ? null : exact(gap));
      setAttr(el.gap, "title", gap === null ? null : "model now \u2212 surrogate estimate = " + exact(gap));
    }
    for (const m of minor) {
      const orig = sumAt(d.proba, m.ids);
      setStyle(m.fill, "width", pct(sc(orig)));
      setNum(m.val, orig);
      const now = nowProba && !d.offline ? sumAt(nowProba, m.ids) : null;
      setNum(m.now, now, nowText);
      toggleClass(m.now, "lw-wait", d.now.kind === "pending");
      setAttr(m.nameEl, "aria-label", `${m.name}: original ${fmt(orig)}, now ${now === null ? "unknown" : fmt(now)}`);
    }
    if (rangeNote) {
      const r = d.valueRange;
      const rd = r && Math.max(Math.abs(r[0]), Math.abs(r[1])) >= 100 ? 1 : 3;
      setText(rangeNote, r ? `bar scale ${fmt(r[0], rd)} \u2013 ${fmt(r[1], rd)}: the model over the samples` : "");
    }
  }
  return { root, update };
}

/** A number cell: 3 decimals, data-value = full precision; `none` (and no data-value) for null. */
function setNum(el, v, none = "\u2013") {
  setText(el, v === null || v === undefined ? none : fmt(v));
  setAttr(el, "data-value", v === null || v === undefined ? null : exact(v));
}

function setBar(l, frac, v, label, none) {
  setStyle(l.fill, "width", pct(frac));
  setNum(l.val, v, none);
  setAttr(l.root, "aria-label", label);
}
