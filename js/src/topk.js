// Which classes get their own row in the probability panel.

/**
 * Top `k` classes by original probability plus every explained label, ordered by
 * original probability (desc, ties by index). The rest is summed into an "other"
 * row — unless that would hide a single class, in which case every class is shown.
 * Returns { rows: number[], other: number[] } (other empty when nothing is hidden).
 * @param {number[]} proba @param {number[]} labels @param {number} [k]
 * @returns {{ rows: number[], other: number[] }}
 */
export function probRows(proba, labels, k = 5) {
  const n = proba.length;
  const order = [...Array(n).keys()].sort((a, b) => proba[b] - proba[a] || a - b);
  const keep = new Set(order.slice(0, k));
  for (const l of labels || []) if (l >= 0 && l < n) keep.add(l);
  if (n - keep.size <= 1) return { rows: order, other: [] };
  return {
    rows: order.filter((i) => keep.has(i)),
    other: order.filter((i) => !keep.has(i)),
  };
}

/** Sum of values[i] over ids. @param {ArrayLike<unknown>} values @param {number[]} ids */
export function sumAt(values, ids) {
  let s = 0;
  for (const i of ids) s += Number(values[i]) || 0;
  return s;
}
