/**
 * Depth-first growth of one randomised tree on binned data (random forest / extra trees).
 *
 * Per node, candidate features are drawn without replacement until `maxFeatures` non-constant
 * ones were evaluated (scikit-learn's rule). Each candidate gets a direct histogram over the
 * node's bin range: per bin the class weights (classification, gini) or (sum w*y, sum w)
 * (regression, variance), plus the row count. Random forest scans every bin boundary (missing
 * tried on both sides); extra trees draws one random boundary per feature (uniform over the
 * occupied bin range, an approximation of sklearn's uniform threshold in value space).
 */
import { throwIfAborted } from '../../errors.js';
import type { Rng } from '../../util/random.js';
import type { BinMapper, BinnedData } from '../tree/binning.js';
import { binThreshold } from '../tree/binning.js';
import { TreeBuilder } from '../tree/tree.js';
import { averageRanks, weightedMedian } from '../../util/order-stats.js';
import type { Tree } from '../tree/tree.js';

export interface ForestGrowParams {
  maxFeatures: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** <= 0: unlimited. */
  maxDepth: number;
  extra: boolean;
  /**
   * Regression for absolute error: splits are chosen on the variance of the targets' ranks (a few
   * huge targets do not pull every split towards them) and leaves take the weighted median of
   * their targets instead of the mean.
   */
  medianLeaves?: boolean;
}

export interface ForestTarget {
  /** Classes (0..K-1) for classification, K = 0 for regression. */
  K: number;
  y: Float64Array;
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export class ForestGrower {
  private readonly n: number;
  private readonly idx: Int32Array;
  private readonly tmp: Int32Array;
  private readonly stride: number;
  private readonly hist: Float64Array;
  private readonly left: Float64Array;
  private readonly miss: Float64Array;
  private readonly node: Float64Array;
  private readonly feats: Int32Array;
  private readonly lut = new Uint8Array(256);
  private readonly yc: Int32Array;
  /** The regression target the splits are chosen on (the target, or its ranks). */
  private readonly ySplit: Float64Array;

  constructor(
    private readonly binned: BinnedData,
    private readonly mapper: BinMapper,
    private readonly target: ForestTarget,
    private readonly p: ForestGrowParams,
  ) {
    const n = binned.rows;
    this.n = n;
    this.idx = new Int32Array(n);
    this.tmp = new Int32Array(n);
    // classification: K class weights + count; regression: sum wy, sum w, count
    this.stride = target.K > 0 ? target.K + 1 : 3;
    this.hist = new Float64Array(257 * this.stride);
    this.left = new Float64Array(this.stride);
    this.miss = new Float64Array(this.stride);
    this.node = new Float64Array(this.stride);
    this.feats = new Int32Array(binned.cols);
    this.yc = Int32Array.from(target.K > 0 ? target.y : []);
    this.ySplit = target.K === 0 && p.medianLeaves ? averageRanks(target.y) : target.y;
  }

  /** Grow one tree on rows with w[r] > 0. */
  async grow(w: Float64Array, rng: Rng, signal?: AbortSignal): Promise<Tree> {
    const { K } = this.target;
    const nOut = K > 0 ? K : 1;
    const out = new TreeBuilder(nOut, 256);
    const median = K === 0 && this.p.medianLeaves ? { y: new Float64Array(this.n), w: new Float64Array(this.n) } : null;
    let m = 0;
    for (let r = 0; r < this.n; r++) if (w[r] > 0) this.idx[m++] = r;
    const stack: number[] = [out.addLeaf(), 0, m, 0];
    let lastYield = performance.now();
    let nodes = 0;
    while (stack.length > 0) {
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const id = stack.pop()!;
      if ((++nodes & 255) === 0 && performance.now() - lastYield > 40) {
        await yieldToLoop();
        throwIfAborted(signal, 'forest fit');
        lastYield = performance.now();
      }
      const pure = this.nodeStats(start, end, w, out, id);
      const cnt = end - start;
      const leaf = pure || cnt < this.p.minSamplesSplit || cnt < 2 * this.p.minSamplesLeaf || (this.p.maxDepth > 0 && depth >= this.p.maxDepth);
      const s = leaf ? null : this.bestSplit(start, end, w, rng);
      if (!s) {
        if (median) out.value[id] = this.leafMedian(start, end, w, median);
        continue;
      }
      const li = this.partition(start, end, s.f, s.b, s.ml);
      const l = out.addLeaf();
      const r = out.addLeaf();
      out.feature[id] = s.f;
      out.binThr[id] = s.b;
      out.threshold[id] = binThreshold(this.mapper, s.f, s.b);
      out.missingLeft[id] = s.ml;
      out.left[id] = l;
      out.right[id] = r;
      out.gain[id] = s.gain;
      stack.push(r, li, end, depth + 1, l, start, li, depth + 1);
    }
    return out.finish();
  }

  /** Value of the node into `out` (the mean; classification: class shares); true when the node is pure. */
  private nodeStats(start: number, end: number, w: Float64Array, out: TreeBuilder, id: number): boolean {
    const { K } = this.target;
    const y = this.ySplit;
    const idx = this.idx;
    if (K > 0) {
      const c = this.node;
      const yc = this.yc;
      c.fill(0);
      let W = 0;
      for (let i = start; i < end; i++) {
        const r = idx[i];
        c[yc[r]] += w[r];
        W += w[r];
      }
      let mx = 0;
      for (let k = 0; k < K; k++) {
        out.value[id * K + k] = W > 0 ? c[k] / W : 1 / K;
        if (c[k] > mx) mx = c[k];
      }
      c[K] = W;
      return mx >= W;
    }
    // Split statistics on the split target; the node's value (a leaf's until the median replaces
    // it, an inner node's for reading) on the target itself.
    const yv = this.target.y;
    let S = 0;
    let Sv = 0;
    let W = 0;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      S += w[r] * y[r];
      Sv += w[r] * yv[r];
      W += w[r];
      if (y[r] < yMin) yMin = y[r];
      if (y[r] > yMax) yMax = y[r];
    }
    out.value[id] = W > 0 ? Sv / W : 0;
    this.node[0] = S;
    this.node[1] = W;
    return yMin === yMax;
  }

  /** Weighted median of the targets of rows idx[start..end) (the lower one on an exact half). */
  private leafMedian(start: number, end: number, w: Float64Array, buf: { y: Float64Array; w: Float64Array }): number {
    const m = end - start;
    const ys = buf.y.subarray(0, m);
    const ws = buf.w.subarray(0, m);
    for (let i = 0; i < m; i++) {
      const r = this.idx[start + i];
      ys[i] = this.target.y[r];
      ws[i] = w[r];
    }
    return weightedMedian(ys, ws);
  }

  private bestSplit(
    start: number,
    end: number,
    w: Float64Array,
    rng: Rng,
  ): { f: number; b: number; ml: number; gain: number } | null {
    const F = this.binned.cols;
    const feats = this.feats;
    for (let f = 0; f < F; f++) feats[f] = f;
    let evaluated = 0;
    let best: { f: number; b: number; ml: number; gain: number } | null = null;
    for (let i = 0; i < F && evaluated < this.p.maxFeatures; i++) {
      const j = i + rng.int(F - i);
      const f = feats[j];
      feats[j] = feats[i];
      feats[i] = f;
      const s = this.evalFeature(f, start, end, w, rng);
      if (s === null) continue; // constant in this node: does not count
      evaluated++;
      if (s.gain > 0 && (!best || s.gain > best.gain)) best = s;
    }
    return best;
  }

  private evalFeature(
    f: number,
    start: number,
    end: number,
    w: Float64Array,
    rng: Rng,
  ): { f: number; b: number; ml: number; gain: number } | null {
    const { K } = this.target;
    const y = this.ySplit;
    const yc = this.yc;
    const st = this.stride;
    const n = this.n;
    const bins = this.binned.bins;
    const idx = this.idx;
    const mb = this.mapper.nBins[f];
    const base = f * n;
    let lo = 255;
    let hi = 0;
    let hasMissing = false;
    for (let i = start; i < end; i++) {
      const v = bins[base + idx[i]];
      if (v === mb) hasMissing = true;
      else {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo > hi || (lo === hi && !hasMissing)) return null;
    if (this.p.extra) return this.randomSplit(f, start, end, w, rng, lo, hi, hasMissing);
    const H = this.hist;
    // Bins lo..hi at slots 0..hi-lo, missing at slot hi-lo+1.
    const ms = hi - lo + 1;
    H.fill(0, 0, (ms + 1) * st);
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const v = bins[base + r];
      const o = (v === mb ? ms : v - lo) * st;
      if (K > 0) {
        H[o + yc[r]] += w[r];
        H[o + K] += 1;
      } else {
        H[o] += w[r] * y[r];
        H[o + 1] += w[r];
        H[o + 2] += 1;
      }
    }
    const cnt = end - start;
    const mo = ms * st;
    const Cm = H[mo + st - 1];
    const P = this.node;
    const parent = this.score(P, K > 0 ? P[K] : P[1], K);
    const minLeaf = this.p.minSamplesLeaf;
    let bestGain = 0;
    let bestB = -1;
    let bestML = 0;
    const L = this.left;
    const tryScan = (missLeft: boolean, only: number): void => {
      L.fill(0);
      if (missLeft) for (let c = 0; c < st; c++) L[c] = H[mo + c];
      const last = missLeft || Cm === 0 ? ms - 2 : ms - 1;
      for (let s = 0; s <= last; s++) {
        const o = s * st;
        for (let c = 0; c < st; c++) L[c] += H[o + c];
        if (only >= 0 && s !== only) continue;
        const cl = L[st - 1];
        const cr = cnt - cl;
        if (cl < minLeaf) continue;
        if (cr < minLeaf) break;
        const WL = K > 0 ? sumTo(L, K) : L[1];
        const WR = (K > 0 ? P[K] : P[1]) - WL;
        if (!(WL > 0 && WR > 0)) continue;
        const g = this.score(L, WL, K) + this.scoreRight(P, L, WR, K) - parent;
        if (g > bestGain) {
          bestGain = g;
          bestB = s;
          bestML = missLeft ? 1 : Cm > 0 ? 0 : cl >= cr ? 1 : 0;
        }
      }
    };
    tryScan(false, -1);
    if (Cm > 0) tryScan(true, -1);
    if (bestB < 0) return { f, b: 0, ml: 0, gain: 0 };
    return { f, b: bestB + lo, ml: bestML, gain: bestGain };
  }

  /** Extra trees: one random boundary (and missing side), evaluated in a single pass. */
  private randomSplit(
    f: number,
    start: number,
    end: number,
    w: Float64Array,
    rng: Rng,
    lo: number,
    hi: number,
    hasMissing: boolean,
  ): { f: number; b: number; ml: number; gain: number } {
    const { K } = this.target;
    const y = this.ySplit;
    const yc = this.yc;
    const st = this.stride;
    const L = this.left;
    const M = this.miss;
    L.fill(0);
    M.fill(0);
    const s = rng.int(hasMissing ? hi - lo + 1 : hi - lo);
    const thr = lo + s;
    const bins = this.binned.bins;
    const base = f * this.n;
    const mb = this.mapper.nBins[f];
    const idx = this.idx;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const v = bins[base + r];
      const A = v === mb ? M : v <= thr ? L : null;
      if (A === null) continue;
      if (K > 0) {
        A[yc[r]] += w[r];
        A[K] += 1;
      } else {
        A[0] += w[r] * y[r];
        A[1] += w[r];
        A[2] += 1;
      }
    }
    const missLeft = hasMissing && s < hi - lo && rng.next() < 0.5;
    if (missLeft) for (let c = 0; c < st; c++) L[c] += M[c];
    const cnt = end - start;
    const cl = L[st - 1];
    const cr = cnt - cl;
    const none = { f, b: thr, ml: 0, gain: 0 };
    if (cl < this.p.minSamplesLeaf || cr < this.p.minSamplesLeaf) return none;
    const P = this.node;
    const W = K > 0 ? P[K] : P[1];
    const WL = K > 0 ? sumTo(L, K) : L[1];
    const WR = W - WL;
    if (!(WL > 0 && WR > 0)) return none;
    const gain = this.score(L, WL, K) + this.scoreRight(P, L, WR, K) - this.score(P, W, K);
    return { f, b: thr, ml: missLeft ? 1 : hasMissing ? 0 : cl >= cr ? 1 : 0, gain };
  }

  /** sum_k c_k^2 / W (gini) or S^2 / W (variance): larger is purer. */
  private score(c: Float64Array, W: number, K: number): number {
    if (K > 0) {
      let s = 0;
      for (let k = 0; k < K; k++) s += c[k] * c[k];
      return s / W;
    }
    return (c[0] * c[0]) / W;
  }

  private scoreRight(P: Float64Array, L: Float64Array, WR: number, K: number): number {
    if (K > 0) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const d = P[k] - L[k];
        s += d * d;
      }
      return s / WR;
    }
    const d = P[0] - L[0];
    return (d * d) / WR;
  }

  private partition(start: number, end: number, f: number, thr: number, ml: number): number {
    const idx = this.idx;
    const tmp = this.tmp;
    const bins = this.binned.bins;
    const base = f * this.n;
    const lut = this.lut;
    for (let b = 0; b < 256; b++) lut[b] = b <= thr ? 1 : 0;
    lut[this.mapper.nBins[f]] = ml;
    let li = start;
    let ri = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const g = lut[bins[base + r]];
      idx[li] = r;
      tmp[ri] = r;
      li += g;
      ri += 1 - g;
    }
    idx.set(tmp.subarray(0, ri), li);
    return li;
  }
}

function sumTo(a: Float64Array, K: number): number {
  let s = 0;
  for (let k = 0; k < K; k++) s += a[k];
  return s;
}
