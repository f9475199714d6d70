// Is the model's answer (the `counterfactual` trait) the answer for the current mask?

/** Sorted, de-duplicated integer ids. */
export function normIds(ids) {
  return [...new Set((ids || []).map(Number))].sort((a, b) => a - b);
}

export function sameIds(a, b) {
  const x = normIds(a);
  const y = normIds(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** A counterfactual is current iff sorted(off) equals counterfactual.off. */
export function isCurrent(off, cf) {
  return !!cf && Array.isArray(cf.off) && sameIds(off, cf.off);
}

/**
 * What the "model now" column shows.
 *   original — nothing is off: the model now is the model on the original (`proba`)
 *   current  — the kernel answered for this mask: cf.proba
 *   error    — the kernel answered for this mask with an error: cf.error
 *   pending  — waiting for the kernel (live view)
 *   timeout  — waiting too long: fall back to the estimate
 *   offline  — saved HTML, no kernel: estimate only
 * Returns { kind, proba: number[] | null, error: string | null }.
 */
export function modelNow({ off, proba, counterfactual, offline, timedOut }) {
  const o = normIds(off);
  if (o.length === 0) return { kind: "original", proba: proba || null, error: null };
  if (offline) return { kind: "offline", proba: null, error: null };
  const cf = counterfactual;
  if (isCurrent(o, cf)) {
    if (cf.error !== null && cf.error !== undefined && cf.error !== "")
      return { kind: "error", proba: null, error: String(cf.error) };
    if (Array.isArray(cf.proba)) return { kind: "current", proba: cf.proba, error: null };
  }
  return { kind: timedOut ? "timeout" : "pending", proba: null, error: null };
}
