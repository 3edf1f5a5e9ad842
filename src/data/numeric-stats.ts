/**
 * Linear-time numeric summaries: count/min/max/mean/std in two passes, exact distinct counts by
 * open-addressing hashing on the float bits, and quantiles by multi-quickselect (no full sort:
 * sorting a million doubles costs several times more than all of this together).
 */

export interface NumberSummary {
  /** Non-missing values. */
  n: number;
  missing: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  distinct: number;
  integral: boolean;
  /** Value counts, largest first, when there are at most `maxTop` distinct values; else []. */
  counts: { value: number; count: number }[];
  /** Quantiles at the requested probabilities (linear interpolation, as numpy's default). */
  quantiles: number[];
}

// Scratch buffers reused across calls (profiling a wide table would otherwise allocate and
// collect tens of MB per column). Everything here is synchronous, so sharing is safe.
let scratch = new Float64Array(0);
let table = new Float64Array(0);

function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n);
  return scratch;
}

export function summarizeNumbers(values: Float64Array, probs: readonly number[], maxTop = 20): NumberSummary {
  const len = values.length;
  const a = scratchOf(len);
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let integral = true;
  for (let i = 0; i < len; i++) {
    let v = values[i];
    if (v !== v) continue; // NaN
    if (v === 0) v = 0; // -0 -> 0, so equal values hash alike
    a[n++] = v;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (integral && v !== Math.floor(v)) integral = false;
  }
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - mean;
    ss += d * d;
  }
  const base = {
    n,
    missing: len - n,
    min: n > 0 ? min : NaN,
    max: n > 0 ? max : NaN,
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    integral,
  };
  // Integers in a modest range: one counting pass gives distinct, counts and quantiles.
  if (n > 0 && integral && max - min <= Math.max(1024, 4 * n) && max - min < 2 ** 24) {
    return { ...base, ...countingSummary(a, n, min, max, probs, maxTop) };
  }
  const { distinct, counts } = n > EXACT_DISTINCT_MAX ? estimatedDistinct(a, n, maxTop) : distinctCounts(a, n, maxTop);
  const quantiles = quantilesInPlace(a.subarray(0, n), probs);
  return { ...base, distinct, counts, quantiles };
}

function countingSummary(
  a: Float64Array,
  n: number,
  min: number,
  max: number,
  probs: readonly number[],
  maxTop: number,
): { distinct: number; counts: NumberSummary['counts']; quantiles: number[] } {
  const bins = new Int32Array(max - min + 1);
  for (let i = 0; i < n; i++) bins[a[i] - min]++;
  let distinct = 0;
  for (let b = 0; b < bins.length; b++) if (bins[b] > 0) distinct++;
  const counts: NumberSummary['counts'] = [];
  if (distinct <= maxTop) {
    for (let b = 0; b < bins.length; b++) if (bins[b] > 0) counts.push({ value: b + min, count: bins[b] });
    counts.sort((x, y) => y.count - x.count || x.value - y.value);
  }
  // k-th smallest (0-based) from cumulative counts.
  const kth = (k: number): number => {
    let acc = 0;
    for (let b = 0; b < bins.length; b++) {
      acc += bins[b];
      if (acc > k) return b + min;
    }
    return max;
  };
  const quantiles = probs.map((p) => {
    const pos = (n - 1) * p;
    const lo = Math.floor(pos);
    const vlo = kth(lo);
    const vhi = kth(Math.min(n - 1, lo + 1));
    return vlo + (vhi - vlo) * (pos - lo);
  });
  return { distinct, counts, quantiles };
}

/** Above this many values, a column with very many distinct floats gets an estimated count. */
const EXACT_DISTINCT_MAX = 200_000;

/**
 * HyperLogLog first (sequential, 16 KB of registers); the exact hash count when the estimate is
 * small enough for the table to stay cache-friendly. Large counts are within about 1%.
 */
function estimatedDistinct(a: Float64Array, n: number, maxTop: number): { distinct: number; counts: NumberSummary['counts'] } {
  const est = hyperLogLog(a, n);
  if (est <= 50_000) return distinctCounts(a, n, maxTop);
  return { distinct: Math.min(n, Math.round(est)), counts: [] };
}

/** HyperLogLog with 2^14 registers over the float bits (standard error about 0.8%). */
export function hyperLogLog(a: Float64Array, n: number): number {
  const p = 14;
  const m = 1 << p;
  const reg = new Uint8Array(m);
  const words = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    let h = Math.imul(words[2 * i] ^ Math.imul(words[2 * i + 1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const idx = h >>> (32 - p);
    const rest = (h << p) | (1 << (p - 1)); // guard bit bounds the rank
    const rank = Math.clz32(rest) + 1;
    if (rank > reg[idx]) reg[idx] = rank;
  }
  let sum = 0;
  let zeros = 0;
  for (let j = 0; j < m; j++) {
    sum += 2 ** -reg[j];
    if (reg[j] === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / m);
  const raw = (alpha * m * m) / sum;
  if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
  return raw;
}

/**
 * Exact distinct count of a[0..n) (no NaN), and value counts when there are few. Open addressing
 * in one Float64Array with NaN as the empty marker: one cache miss per value.
 */
export function distinctCounts(a: Float64Array, n: number, maxTop = 20): { distinct: number; counts: NumberSummary['counts'] } {
  let cap = 16;
  while (cap < 2 * n) cap <<= 1;
  const mask = cap - 1;
  if (table.length !== cap) table = new Float64Array(cap);
  const keys = table;
  keys.fill(NaN);
  const words = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    let h = Math.imul(words[2 * i] ^ Math.imul(words[2 * i + 1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let s = h & mask;
    for (;;) {
      const k = keys[s];
      if (k !== k) {
        keys[s] = v;
        distinct++;
        break;
      }
      if (k === v) break;
      s = (s + 1) & mask;
    }
  }
  const counts: NumberSummary['counts'] = [];
  if (distinct <= maxTop) {
    const index = new Map<number, number>();
    for (let s = 0; s < cap; s++) if (keys[s] === keys[s]) index.set(keys[s], 0);
    for (let i = 0; i < n; i++) index.set(a[i], (index.get(a[i]) as number) + 1);
    for (const [value, count] of index) counts.push({ value, count });
    counts.sort((x, y) => y.count - x.count || x.value - y.value);
  }
  return { distinct, counts };
}

/** Quantiles of `a` (reordered in place). */
export function quantilesInPlace(a: Float64Array, probs: readonly number[]): number[] {
  const n = a.length;
  if (n === 0) return probs.map(() => NaN);
  const ks = new Set<number>();
  for (const p of probs) {
    const pos = (n - 1) * p;
    ks.add(Math.floor(pos));
    ks.add(Math.min(n - 1, Math.floor(pos) + 1));
  }
  const sortedKs = [...ks].sort((x, y) => x - y);
  multiSelect(a, 0, n - 1, sortedKs, 0, sortedKs.length - 1);
  return probs.map((p) => {
    const pos = (n - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return a[lo] + (a[hi] - a[lo]) * (pos - lo);
  });
}

/** Put a[k] in its sorted place for every k in ks[kLo..kHi] (sorted), within a[lo..hi]. */
function multiSelect(a: Float64Array, lo: number, hi: number, ks: number[], kLo: number, kHi: number): void {
  if (kLo > kHi || lo >= hi) return;
  const mid = (kLo + kHi) >> 1;
  const k = ks[mid];
  select(a, lo, hi, k);
  multiSelect(a, lo, k - 1, ks, kLo, mid - 1);
  multiSelect(a, k + 1, hi, ks, mid + 1, kHi);
}

/** Hoare quickselect with median-of-three pivots: a[k] becomes the k-th smallest of a[lo..hi]. */
function select(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i];
        let j = i - 1;
        while (j >= lo && a[j] > v) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    const m = (lo + hi) >> 1;
    if (a[m] < a[lo]) swap(a, m, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[m]) swap(a, hi, m);
    const pivot = a[m];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
