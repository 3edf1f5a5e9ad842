/**
 * Order statistics shared by learners and data checks: average ranks and the weighted median.
 */

/** Ranks of v (0..n-1), ties sharing their mean rank. */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((i, j) => v[i] - v[j]);
  const out = new Float64Array(v.length);
  for (let s = 0; s < order.length; ) {
    let e = s + 1;
    while (e < order.length && v[order[e]] === v[order[s]]) e++;
    const mid = (s + e - 1) / 2;
    for (let k = s; k < e; k++) out[order[k]] = mid;
    s = e;
  }
  return out;
}

/**
 * Weighted median of `y` (all weights 1 without `w`): the first value, in sorted order, at which
 * the running weight reaches half the total (the lower median for equal weights). `y` is not changed.
 */
export function weightedMedian(y: Float64Array, w: ArrayLike<number> | undefined): number {
  const m = y.length;
  if (m === 0) return 0;
  if (!w) return y.slice().sort()[Math.ceil(m / 2) - 1];
  const order = Array.from(y.keys()).sort((a, b) => y[a] - y[b]);
  let total = 0;
  for (let i = 0; i < m; i++) total += w[i];
  let acc = 0;
  for (const i of order) {
    acc += w[i];
    if (acc >= total / 2) return y[i];
  }
  return y[order[m - 1]];
}
