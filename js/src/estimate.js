// The surrogate's estimate: intercept + sum of the weights of features still on.

/**
 * @param {number} intercept
 * @param {number[]} weights  weight per feature (0 for unselected features)
 * @param {Set<number>} offSet  feature ids switched off
 */
export function estimate(intercept, weights, offSet) {
  let s = Number(intercept) || 0;
  for (let j = 0; j < weights.length; j++) {
    if (!offSet.has(j)) s += Number(weights[j]) || 0;
  }
  return s;
}

/** Estimate for `label` from protocol traits, or null when the label was not explained. */
export function labelEstimate(state, label, offSet) {
  const key = String(label);
  const icpt = state.intercept && state.intercept[key];
  const w = state.weights && state.weights[key];
  if (icpt === undefined || icpt === null || !w) return null;
  return estimate(icpt, w, offSet);
}
