// Is the model's answer (the `counterfactual` trait) the answer for the current request
// (the mask `off`, and for table rows the what-if `edits`)?

/**
 * @typedef {import("./types.js").EditValue} EditValue
 * @typedef {import("./types.js").ModelNow} ModelNow
 * @typedef {import("./types.js").Counterfactual} Counterfactual
 * @typedef {import("./types.js").Check} Check
 * @typedef {Map<number, EditValue>} Edits
 */

/** Sorted, de-duplicated integer ids.
 * @param {ArrayLike<unknown> | null | undefined} ids
 * @returns {number[]} */
export function normIds(ids) {
  return [...new Set(Array.from(ids || [], Number))].sort((a, b) => a - b);
}

/** @param {ArrayLike<unknown>} a @param {ArrayLike<unknown>} b */
export function sameIds(a, b) {
  const x = normIds(a);
  const y = normIds(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The `edits` trait ({str(id): number | category string}) as a Map id -> value, ids sorted.
 * @param {unknown} edits
 * @returns {Edits} */
export function normEdits(edits) {
  /** @type {Edits} */
  const m = new Map();
  if (!edits || typeof edits !== "object") return m;
  const keys = Object.keys(edits).filter((k) => /^\d+$/.test(k)).map(Number).sort((a, b) => a - b);
  for (const k of keys) {
    const v = /** @type {Record<string, unknown>} */ (edits)[String(k)];
    if (typeof v === "number" || typeof v === "string") m.set(k, v);
    else if (v !== null && v !== undefined) m.set(k, String(v));
  }
  return m;
}

/** Equal what-if values: numbers numerically, categories as strings.
 * @param {unknown} a @param {unknown} b */
export function sameValue(a, b) {
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return String(a) === String(b);
}

/** @param {Edits | unknown} a @param {Edits | unknown} b */
export function sameEdits(a, b) {
  const x = a instanceof Map ? a : normEdits(a);
  const y = b instanceof Map ? b : normEdits(b);
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (!y.has(k) || !sameValue(v, y.get(k))) return false;
  return true;
}

/** Edits as a plain trait value: {str(id): value}, ids ascending.
 * @param {Edits} map
 * @returns {Record<string, EditValue>} */
export function editsObject(map) {
  /** @type {Record<string, EditValue>} */
  const o = {};
  for (const [k, v] of [...map].sort((a, b) => a[0] - b[0])) o[String(k)] = v;
  return o;
}

/**
 * A counterfactual is current iff sorted(off) equals counterfactual.off and the edits equal
 * counterfactual.edits (both empty for text and images).
 */
/**
 * @param {number[]} off
 * @param {Counterfactual | null | undefined} cf
 * @param {Edits} [edits]
 * @returns {cf is Counterfactual}
 */
export function isCurrent(off, cf, edits) {
  return !!cf && Array.isArray(cf.off) && sameIds(off, cf.off) && sameEdits(edits || new Map(), cf.edits || {});
}

/**
 * The answer for this request (sorted `off`, normalised edits): the last one (`cf`) when it is current, else,
 * in a view without a kernel (`history` given), the newest hand check saved for the same off set and edits.
 * @param {number[]} off @param {Edits} edits @param {Counterfactual | null | undefined} cf
 * @param {Check[] | null | undefined} [history]
 * @returns {{ proba: number[] | null, error: string | null } | undefined}
 */
export function savedAnswer(off, edits, cf, history) {
  if (isCurrent(off, cf, edits)) return cf;
  const c = [...(history || [])].reverse().find((c) => c && Array.isArray(c.off) && sameIds(off, c.off) && sameEdits(edits, c.edits || {}));
  return c && { proba: c.model, error: c.error };
}

/**
 * What the "model now" column shows.
 *   original — nothing is off or edited: the model now is the model on the original (`proba`)
 *   current  — the kernel answered for this request: its output (saved: true when it is an answer saved
 *              with the view for this mask, the last answer or a hand check in `history`, shown in a
 *              view without a kernel or when the kernel did not answer in time)
 *   error    — the kernel answered for this request with an error (saved: as for current)
 *   pending  — waiting for the kernel (live view)
 *   timeout  — waiting too long: fall back to the estimate
 *   offline  — saved HTML, no kernel and no answer saved for this mask: estimate only
 * @param {{ off: number[], edits: Edits | unknown, proba: number[] | null, counterfactual: Counterfactual | null,
 *   offline: boolean, timedOut: boolean, history?: Check[] | null }} req
 * @returns {ModelNow}
 */
export function modelNow({ off, edits, proba, counterfactual, offline, timedOut, history }) {
  const o = normIds(off);
  const e = edits instanceof Map ? edits : normEdits(edits);
  if (!o.length && !e.size) return { kind: "original", proba: proba || null, error: null, saved: false };
  // no kernel (a saved view) or no answer in time (a notebook reopened from saved state): an answer saved for it
  const a = savedAnswer(o, e, counterfactual, offline || timedOut ? history : null);
  const saved = !!offline || !isCurrent(o, counterfactual, e);
  if (a && a.error) return { kind: "error", proba: null, error: String(a.error), saved };
  if (a && Array.isArray(a.proba)) return { kind: "current", proba: a.proba, error: null, saved };
  return { kind: offline ? "offline" : timedOut ? "timeout" : "pending", proba: null, error: null, saved: false };
}
