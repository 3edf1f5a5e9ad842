/**
 * Leaf-wise histogram tree growth for gradient boosting (LightGBM's strategy).
 *
 * Rows of the bag live in one Int32Array partitioned in place: each leaf owns a range
 * [start, end) kept in ascending row order (stable partition), so column-major bin reads stay
 * sequential. Histograms are one Float64Array per leaf, (grad, hess, count) interleaved per bin;
 * only the smaller child is built, the larger is parent minus smaller (in the parent's buffer).
 * Missing values have their own bin; each split learns whether missing goes left.
 *
 * Speed (V8): histograms are built row-wise over a row-major matrix of absolute histogram
 * positions when they fit in L1 (row-kernels.ts, unrolled for the feature count), else
 * column-wise in row blocks (col-kernel.ts); partition and gradient gather run in closures
 * compiled over this grower's arrays (leaf-kernels.ts); other hot loops are small module
 * functions, so no large method is optimised by on-stack replacement and then deoptimised
 * on its cold paths (that churn cost ~600 deopts per diamonds fit before).
 */
import type { BinMapper, BinnedData } from '../tree/binning.js';
import { binThreshold } from '../tree/binning.js';
import type { TreeBuilder } from '../tree/tree.js';
import { makeRowKernels } from './row-kernels.js';
import type { RowKernels } from './row-kernels.js';
import { makeColKernel } from './col-kernel.js';
import type { ColKernel } from './col-kernel.js';
import { makeLeafKernels } from './leaf-kernels.js';
import type { LeafKernels } from './leaf-kernels.js';

export interface GrowParams {
  numLeaves: number;
  /** <= 0: unlimited. */
  maxDepth: number;
  minChildSamples: number;
  minChildWeight: number;
  minSplitGain: number;
  lambda: number;
  learningRate: number;
}

const NO_SPLIT = -Infinity;
/** Cached leaf histograms beyond this are dropped (and rebuilt directly when needed). */
const HIST_BUDGET_BYTES = 256 * 1024 * 1024;

export class HistGrower {
  readonly n: number;
  readonly idx: Int32Array;
  private readonly tmp: Int32Array;
  private readonly og: Float64Array;
  private readonly oh: Float64Array;
  private readonly histSize: number;
  private readonly pool: Float64Array[] = [];
  /** Histograms in use, and the most kept at once (memory budget, HIST_BUDGET_BYTES). */
  private live = 0;
  private readonly maxLive: number;
  private readonly missingBin: Int32Array;
  /** Row-major histogram positions (offsets[f] + bin) * 3, for row-wise building. */
  private readonly rowPos: Uint16Array;
  private readonly rowKernels: RowKernels | null;
  private readonly colKernel: ColKernel | null;
  /** Partition / gather compiled over this grower's arrays and the caller's grad/hess buffers. */
  private kernels: LeafKernels | null = null;
  private kGrad: Float64Array | null = null;
  private kHess: Float64Array | null = null;
  private readonly off3: Int32Array;
  private readonly lut = new Uint8Array(256);
  private colWise: boolean;
  /** > 0 when every hessian of the current tree equals this value. */
  private constHess = 0;
  private identity = false;
  // per-leaf state (slot = leaf index)
  readonly leafStart: Int32Array;
  readonly leafEnd: Int32Array;
  readonly leafNode: Int32Array;
  nLeaves = 0;
  private readonly leafDepth: Int32Array;
  private readonly sumG: Float64Array;
  private readonly sumH: Float64Array;
  private readonly hist: (Float64Array | null)[];
  private readonly bGain: Float64Array;
  private readonly bFeat: Int32Array;
  private readonly bBin: Int32Array;
  private readonly bMissLeft: Uint8Array;
  private readonly bGL: Float64Array;
  private readonly bHL: Float64Array;
  private readonly bCL: Float64Array;

  constructor(
    private readonly binned: BinnedData,
    private readonly mapper: BinMapper,
    private readonly p: GrowParams,
  ) {
    const n = binned.rows;
    this.n = n;
    this.idx = new Int32Array(n);
    this.tmp = new Int32Array(n);
    this.og = new Float64Array(n);
    this.oh = new Float64Array(n);
    this.histSize = mapper.offsets[mapper.nFeatures] * 3;
    this.missingBin = mapper.nBins;
    const budgetMb = Number(process.env.ASKML_GBDT_HIST_BUDGET_MB);
    const budget = Number.isFinite(budgetMb) && budgetMb >= 0 ? budgetMb * 1048576 : HIST_BUDGET_BYTES;
    this.maxLive = Math.max(4, Math.floor(budget / Math.max(1, this.histSize * 8)));
    // Small histograms (fit in L1) favour row-wise building; large ones column-wise in blocks.
    this.colWise = process.env.ASKML_GBDT_HIST === 'col' || (process.env.ASKML_GBDT_HIST !== 'row' && this.histSize * 8 > 48 * 1024);
    const F = binned.cols;
    this.off3 = new Int32Array(F);
    for (let f = 0; f < F; f++) this.off3[f] = mapper.offsets[f] * 3;
    // Row-major copy of the bins, stored as absolute histogram positions (row-wise building
    // only runs for histograms of <= 48 KB, so positions fit in 16 bits).
    if (!this.colWise && this.histSize > 65536) this.colWise = true;
    this.rowPos = new Uint16Array(this.colWise ? 0 : n * F);
    const cb = binned.bins;
    for (let f = 0; f < F && !this.colWise; f++) {
      const base = f * n;
      const o = this.off3[f];
      const rp = this.rowPos;
      for (let r = 0; r < n; r++) rp[r * F + f] = o + cb[base + r] * 3;
    }
    this.colKernel = this.colWise
      ? makeColKernel({ idx: this.idx, og: this.og, oh: this.oh, bins: binned.bins, off3: this.off3, n })
      : null;
    this.rowKernels = this.colWise ? null : makeRowKernels(F, { idx: this.idx, og: this.og, oh: this.oh, rowPos: this.rowPos });
    const L = Math.max(2, p.numLeaves);
    this.leafStart = new Int32Array(L);
    this.leafEnd = new Int32Array(L);
    this.leafNode = new Int32Array(L);
    this.leafDepth = new Int32Array(L);
    this.sumG = new Float64Array(L);
    this.sumH = new Float64Array(L);
    this.hist = new Array<Float64Array | null>(L).fill(null);
    this.bGain = new Float64Array(L);
    this.bFeat = new Int32Array(L);
    this.bBin = new Int32Array(L);
    this.bMissLeft = new Uint8Array(L);
    this.bGL = new Float64Array(L);
    this.bHL = new Float64Array(L);
    this.bCL = new Float64Array(L);
  }

  /**
   * Grow one tree on rows `bag` (ascending; null = all rows) using features `feats`.
   * Writes nodes to `out` (leaf values already multiplied by the learning rate).
   */
  grow(
    grad: Float64Array,
    hess: Float64Array,
    bag: Int32Array | null,
    nBag: number,
    feats: Int32Array,
    out: TreeBuilder,
  ): void {
    const p = this.p;
    const idx = this.idx;
    if (!this.kernels || grad !== this.kGrad || hess !== this.kHess) {
      this.kGrad = grad;
      this.kHess = hess;
      this.kernels = makeLeafKernels({
        idx,
        tmp: this.tmp,
        bins: this.binned.bins,
        lut: this.lut,
        grad,
        hess,
        og: this.og,
        oh: this.oh,
      });
    }
    if (bag) idx.set(bag.subarray(0, nBag));
    else iota(idx, nBag);
    this.identity = bag === null;
    this.constHess = 0;
    if (!this.colWise) this.constHess = constantOf(hess, this.n);
    this.nLeaves = 1;
    this.leafStart[0] = 0;
    this.leafEnd[0] = nBag;
    this.leafDepth[0] = 0;
    this.leafNode[0] = out.addLeaf();
    const h0 = this.takeHist();
    this.buildHist(h0, 0, nBag, feats);
    this.hist[0] = h0;
    this.sumG[0] = sumOf(this.og, nBag);
    this.sumH[0] = sumOf(this.oh, nBag);
    this.findBest(0, feats);

    while (this.nLeaves < p.numLeaves) {
      const best = argMax(this.bGain, this.nLeaves);
      if (best < 0 || !(this.bGain[best] > p.minSplitGain)) break;
      this.split(best, out, feats);
    }
    for (let l = 0; l < this.nLeaves; l++) {
      out.value[this.leafNode[l]] = (-this.sumG[l] / (this.sumH[l] + p.lambda)) * p.learningRate;
      const h = this.hist[l];
      if (h) this.release(h);
      this.hist[l] = null;
    }
  }

  private takeHist(): Float64Array {
    this.live++;
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  private release(h: Float64Array): void {
    this.live--;
    this.pool.push(h);
  }

  /** Histogram of rows idx[start..end) (gradients from the buffers given to the last grow). */
  private buildHist(H: Float64Array, start: number, end: number, feats: Int32Array): void {
    H.fill(0);
    const cnt = end - start;
    if (start === 0 && cnt === this.n && this.identity) {
      // Root without bagging: the gather is a plain copy.
      this.og.set(this.kGrad!.subarray(0, cnt));
      this.oh.set(this.kHess!.subarray(0, cnt));
    } else {
      this.kernels!.gather(start, cnt);
    }
    // Row-wise for every leaf (the root too): consecutive updates hit different features'
    // histograms, so there are no store-to-load chains on low-cardinality columns.
    if (this.colKernel) this.colKernel(H, start, cnt, start === 0 && cnt === this.n && this.identity, feats);
    else this.buildRowWise(H, start, cnt, feats);
  }

  /** Row-wise accumulation over row-major bin positions: one (g, h) and one idx load per row. */
  private buildRowWise(H: Float64Array, start: number, cnt: number, feats: Int32Array): void {
    const F = this.binned.cols;
    if (feats.length === F) {
      const all = start === 0 && cnt === this.n && this.identity;
      const k = this.rowKernels!;
      if (this.constHess > 0) {
        // Constant hessian (unweighted L2): the hessian channel is filled from the counts.
        k.noHess(H, start, cnt, all);
        fillHessFromCounts(H, this.constHess);
      } else {
        k.full(H, start, cnt, all);
      }
    } else {
      rowsSubset(H, this.idx, start, cnt, this.og, this.oh, this.rowPos, F, feats);
    }
  }

  private findBest(l: number, feats: Int32Array): void {
    const p = this.p;
    const H = this.hist[l]!;
    const G = this.sumG[l];
    const Hs = this.sumH[l];
    const C = this.leafEnd[l] - this.leafStart[l];
    const lambda = p.lambda;
    const minC = Math.max(1, p.minChildSamples);
    const minW = p.minChildWeight;
    this.bGain[l] = NO_SPLIT;
    if (C < 2 * minC || (p.maxDepth > 0 && this.leafDepth[l] >= p.maxDepth)) return;
    const parent = (G * G) / (Hs + lambda);
    let bestGain = NO_SPLIT;
    let bF = -1;
    let bB = 0;
    let bML = 0;
    let bGL = 0;
    let bHL = 0;
    let bCL = 0;
    const offsets = this.mapper.offsets;
    const nBins = this.mapper.nBins;
    for (let j = 0; j < feats.length; j++) {
      const f = feats[j];
      const off = offsets[f] * 3;
      const nb = nBins[f];
      const mo = off + nb * 3;
      const Gm = H[mo];
      const Hm = H[mo + 1];
      const Cm = H[mo + 2];
      // Scan 1: missing goes right. With missing values, b = nb-1 splits "all values | missing".
      const hasMissing = Cm >= 0.5;
      const last = hasMissing ? nb - 1 : nb - 2;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b <= last; b++) {
        const o = off + b * 3;
        gl += H[o];
        hl += H[o + 1];
        const c = H[o + 2];
        if (c === 0) continue; // empty bin: same partition as the previous boundary
        cl += c;
        if (cl < minC || hl < minW) continue;
        const cr = C - cl;
        const hr = Hs - hl;
        if (cr < minC) break;
        if (hr < minW) continue;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bF = f;
          bB = b;
          bML = hasMissing ? 0 : cl >= cr ? 1 : 0;
          bGL = gl;
          bHL = hl;
          bCL = cl;
        }
      }
      if (hasMissing) {
        // Scan 2: missing goes left.
        gl = Gm;
        hl = Hm;
        cl = Cm;
        for (let b = 0; b < nb - 1; b++) {
          const o = off + b * 3;
          gl += H[o];
          hl += H[o + 1];
          const c = H[o + 2];
          if (c === 0) continue; // empty bin: same partition as the previous boundary
          cl += c;
          if (cl < minC || hl < minW) continue;
          const cr = C - cl;
          const hr = Hs - hl;
          if (cr < minC) break;
          if (hr < minW) continue;
          const gr = G - gl;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            bF = f;
            bB = b;
            bML = 1;
            bGL = gl;
            bHL = hl;
            bCL = cl;
          }
        }
      }
    }
    if (bF < 0 || !(bestGain > 1e-12 * Math.abs(parent) + 1e-15)) return;
    this.bGain[l] = bestGain;
    this.bFeat[l] = bF;
    this.bBin[l] = bB;
    this.bMissLeft[l] = bML;
    this.bGL[l] = bGL;
    this.bHL[l] = bHL;
    this.bCL[l] = bCL;
  }

  private split(l: number, out: TreeBuilder, feats: Int32Array): void {
    const f = this.bFeat[l];
    const thr = this.bBin[l];
    const ml = this.bMissLeft[l];
    const start = this.leafStart[l];
    const end = this.leafEnd[l];
    // Stable partition of the leaf's rows.
    const base = f * this.n;
    const mb = this.missingBin[f];
    const lut = this.lut;
    lut.fill(1, 0, thr + 1);
    lut.fill(0, thr + 1);
    lut[mb] = ml;
    const li = this.kernels!.partition(base, start, end);
    // Tree nodes.
    const node = this.leafNode[l];
    const ln = out.addLeaf();
    const rn = out.addLeaf();
    out.feature[node] = f;
    out.binThr[node] = thr;
    out.threshold[node] = binThreshold(this.mapper, f, thr);
    out.missingLeft[node] = ml;
    out.left[node] = ln;
    out.right[node] = rn;
    out.gain[node] = this.bGain[l];
    // Leaves: l keeps the left child, a new slot r gets the right one.
    const r = this.nLeaves++;
    const depth = this.leafDepth[l] + 1;
    const G = this.sumG[l];
    const Hs = this.sumH[l];
    this.leafStart[r] = li;
    this.leafEnd[r] = end;
    this.leafEnd[l] = li;
    this.leafNode[l] = ln;
    this.leafNode[r] = rn;
    this.leafDepth[l] = depth;
    this.leafDepth[r] = depth;
    this.sumG[l] = this.bGL[l];
    this.sumH[l] = this.bHL[l];
    this.sumG[r] = G - this.bGL[l];
    this.sumH[r] = Hs - this.bHL[l];
    const parentHist = this.hist[l];
    this.hist[r] = null;
    if (this.nLeaves >= this.p.numLeaves) {
      // Last split of the tree: children are never split, skip their histograms.
      if (parentHist) this.release(parentHist);
      this.hist[l] = null;
      this.bGain[l] = NO_SPLIT;
      this.bGain[r] = NO_SPLIT;
      return;
    }
    const nl = li - start;
    const nr = end - li;
    const small = nl <= nr ? l : r;
    const large = small === l ? r : l;
    const hs = this.takeHist();
    this.buildHist(hs, this.leafStart[small], this.leafEnd[small], feats);
    let hl: Float64Array;
    if (parentHist) {
      subtractFrom(parentHist, hs);
      hl = parentHist;
    } else {
      // The parent's histogram was dropped to stay within the memory budget: build both.
      hl = this.takeHist();
      this.buildHist(hl, this.leafStart[large], this.leafEnd[large], feats);
    }
    this.hist[small] = hs;
    this.hist[large] = hl;
    this.findBest(l, feats);
    this.findBest(r, feats);
    const overBudget = this.live > this.maxLive;
    this.dropUnneeded(l, overBudget);
    this.dropUnneeded(r, overBudget);
  }

  /** A leaf's best split is already known; its histogram only serves the subtraction trick. */
  private dropUnneeded(c: number, overBudget: boolean): void {
    const h = this.hist[c];
    if (h && (overBudget || this.bGain[c] === NO_SPLIT)) {
      this.release(h);
      this.hist[c] = null;
    }
  }
}

// Hot loops live in small module functions: they are optimised on their own instead of by
// on-stack replacement inside the large methods (whose cold paths kept deoptimising them).

/** h0 when every value of a[0..n) equals h0 > 0, else 0. */
function constantOf(a: Float64Array, n: number): number {
  const h0 = a[0];
  if (!(h0 > 0)) return 0;
  for (let i = 1; i < n; i++) if (a[i] !== h0) return 0;
  return h0;
}

function sumOf(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i];
  return s;
}

/** a -= b elementwise. */
function subtractFrom(a: Float64Array, b: Float64Array): void {
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] -= b[i];
}

function iota(a: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) a[i] = i;
}

/** Index of the largest a[i] > -Infinity for i < n (first on ties), or -1. */
function argMax(a: Float64Array, n: number): number {
  let best = -1;
  let v = NO_SPLIT;
  for (let i = 0; i < n; i++) {
    if (a[i] > v) {
      v = a[i];
      best = i;
    }
  }
  return best;
}

function fillHessFromCounts(H: Float64Array, h0: number): void {
  for (let b = 0; b < H.length; b += 3) H[b + 1] = H[b + 2] * h0;
}

/** Row-wise histogram over a feature subset (colsample_bytree < 1). */
function rowsSubset(
  H: Float64Array,
  idx: Int32Array,
  start: number,
  cnt: number,
  og: Float64Array,
  oh: Float64Array,
  rowPos: Uint16Array,
  F: number,
  feats: Int32Array,
): void {
  const nf = feats.length;
  for (let i = 0; i < cnt; i++) {
    const rb = idx[start + i] * F;
    const g = og[i];
    const h = oh[i];
    for (let j = 0; j < nf; j++) {
      const b = rowPos[rb + feats[j]];
      H[b] += g;
      H[b + 1] += h;
      H[b + 2] += 1;
    }
  }
}
