// The surrogate's estimate: intercept + sum_j weights[j] * z_j, where z_j is the interpretable
// value of feature j: 1 (on) or 0 (off) for text and images; for table rows see tabularZ().

/**
 * @param {unknown} intercept
 * @param {ArrayLike<unknown>} weights  weight per feature (0 for unselected features)
 * @param {Set<number>} offSet  feature ids switched off
 * @param {number[]} [z]  interpretable values (tabular); omitted: 1 for every feature still on
 */
export function estimate(intercept, weights, offSet, z) {
  let s = Number(intercept) || 0;
  for (let j = 0; j < weights.length; j++) {
    if (offSet.has(j)) continue;
    const zj = z ? Number(z[j]) : 1;
    s += (Number(weights[j]) || 0) * (Number.isFinite(zj) ? zj : 0);
  }
  return s;
}

/** Estimate for `label` from protocol traits, or null when the label was not explained.
 * @param {{ intercept?: Record<string, number>, weights?: Record<string, number[]> }} state
 * @param {number} label @param {Set<number>} offSet @param {number[]} [z]
 * @returns {number | null} */
export function labelEstimate(state, label, offSet, z) {
  const key = String(label);
  const icpt = state.intercept && state.intercept[key];
  const w = state.weights && state.weights[key];
  if (icpt === undefined || icpt === null || !w) return null;
  return estimate(icpt, w, offSet, z);
}

/** Bin index of v: the number of borders strictly below it (numpy searchsorted, side="left").
 * @param {ArrayLike<unknown>} borders @param {number} v */
export function binOf(borders, v) {
  let k = 0;
  for (const b of Array.from(borders)) if (Number(b) < v) k++;
  return k;
}

/** @param {unknown} v */
const isNum = (v) => v !== null && v !== undefined && v !== "" && Number.isFinite(Number(v));

/**
 * z_j of a table row (PROTOCOL "Tabular"): 0 when off; an edited numeric feature with `borders`
 * is 1 iff the value's bin equals the row's `bin`, without borders (v - mean) / scale; an edited
 * categorical feature is 1 iff it equals the row's category (`raw`); otherwise `z0`.
 * @param {Partial<import("./types.js").Column>[]} columns  the `columns` trait
 * @param {Set<number>} offSet
 * @param {Map<number, number|string>} edits  feature id -> what-if value
 * @returns {number[]}
 */
export function tabularZ(columns, offSet, edits) {
  return columns.map((c, j) => {
    if (offSet.has(j)) return 0;
    const z0 = isNum(c.z0) ? Number(c.z0) : 1;
    if (!edits.has(j)) return z0;
    const v = edits.get(j);
    if (c.type === "categorical") return String(v) === String(c.raw) ? 1 : 0;
    if (!isNum(v)) return z0;
    const x = Number(v);
    if (Array.isArray(c.borders) && c.borders.length) {
      const own = isNum(c.bin) ? Number(c.bin) : binOf(c.borders, Number(c.raw));
      return binOf(c.borders, x) === own ? 1 : 0;
    }
    if (isNum(c.mean) && isNum(c.scale) && Number(c.scale) !== 0) return (x - Number(c.mean)) / Number(c.scale);
    return z0;
  });
}
