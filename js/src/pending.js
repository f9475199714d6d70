// Is the model's answer (the `counterfactual` trait) the answer for the current request
// (the mask `off`, and for table rows the what-if `edits`)?

/** Sorted, de-duplicated integer ids. */
export function normIds(ids) {
  return [...new Set((ids || []).map(Number))].sort((a, b) => a - b);
}

export function sameIds(a, b) {
  const x = normIds(a);
  const y = normIds(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The `edits` trait ({str(id): number | category string}) as a Map id -> value, ids sorted. */
export function normEdits(edits) {
  const m = new Map();
  if (!edits || typeof edits !== "object") return m;
  const keys = Object.keys(edits).filter((k) => /^\d+$/.test(k)).map(Number).sort((a, b) => a - b);
  for (const k of keys) {
    const v = edits[String(k)];
    if (v !== null && v !== undefined) m.set(k, v);
  }
  return m;
}

/** Equal what-if values: numbers numerically, categories as strings. */
export function sameValue(a, b) {
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return String(a) === String(b);
}

export function sameEdits(a, b) {
  const x = a instanceof Map ? a : normEdits(a);
  const y = b instanceof Map ? b : normEdits(b);
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (!y.has(k) || !sameValue(v, y.get(k))) return false;
  return true;
}

/** Edits as a plain trait value: {str(id): value}, ids ascending. */
export function editsObject(map) {
  const o = {};
  for (const k of [...map.keys()].sort((a, b) => a - b)) o[String(k)] = map.get(k);
  return o;
}

/**
 * A counterfactual is current iff sorted(off) equals counterfactual.off and the edits equal
 * counterfactual.edits (both empty for text and images).
 */
export function isCurrent(off, cf, edits) {
  return !!cf && Array.isArray(cf.off) && sameIds(off, cf.off) && sameEdits(edits || new Map(), cf.edits || {});
}

/**
 * What the "model now" column shows.
 *   original — nothing is off or edited: the model now is the model on the original (`proba`)
 *   current  — the kernel answered for this request: cf.proba
 *   error    — the kernel answered for this request with an error: cf.error
 *   pending  — waiting for the kernel (live view)
 *   timeout  — waiting too long: fall back to the estimate
 *   offline  — saved HTML, no kernel: estimate only
 * Returns { kind, proba: number[] | null, error: string | null }.
 */
export function modelNow({ off, edits, proba, counterfactual, offline, timedOut }) {
  const o = normIds(off);
  const e = edits instanceof Map ? edits : normEdits(edits);
  if (o.length === 0 && e.size === 0) return { kind: "original", proba: proba || null, error: null };
  if (offline) return { kind: "offline", proba: null, error: null };
  const cf = counterfactual;
  if (isCurrent(o, cf, e)) {
    if (cf.error !== null && cf.error !== undefined && cf.error !== "")
      return { kind: "error", proba: null, error: String(cf.error) };
    if (Array.isArray(cf.proba)) return { kind: "current", proba: cf.proba, error: null };
  }
  return { kind: timedOut ? "timeout" : "pending", proba: null, error: null };
}
