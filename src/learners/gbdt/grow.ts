/**
 * Leaf-wise histogram tree growth for gradient boosting (LightGBM's strategy).
 *
 * Rows of the bag live in one Int32Array partitioned in place: each leaf owns a range
 * [start, end) kept in ascending row order (stable partition), so column-major bin reads stay
 * sequential. Histograms are one Float64Array per leaf, (grad, hess, count) interleaved per bin;
 * only the smaller child is built, the larger is parent minus smaller (in the parent's buffer).
 * Missing values have their own bin; each split learns whether missing goes left.
 */
import type { BinMapper, BinnedData } from '../tree/binning.js';
import { binThreshold } from '../tree/binning.js';
import type { TreeBuilder } from '../tree/tree.js';

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
const BLOCK = 2048;
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
  private readonly rowBins: Uint8Array;
  private readonly off3: Int32Array;
  private readonly lut = new Uint8Array(256);
  private readonly colWise: boolean;
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
    // Row-major copy of the bins for row-wise histograms of non-root leaves.
    this.rowBins = new Uint8Array(this.colWise ? 0 : n * F);
    const cb = binned.bins;
    for (let f = 0; f < F && !this.colWise; f++) {
      const base = f * n;
      for (let r = 0; r < n; r++) this.rowBins[r * F + f] = cb[base + r];
    }
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
    if (bag) idx.set(bag.subarray(0, nBag));
    else for (let i = 0; i < nBag; i++) idx[i] = i;
    this.identity = bag === null;
    this.constHess = 0;
    if (!this.colWise) {
      const h0 = hess[0];
      let same = h0 > 0;
      for (let i = 1; i < this.n && same; i++) same = hess[i] === h0;
      if (same) this.constHess = h0;
    }
    this.nLeaves = 1;
    this.leafStart[0] = 0;
    this.leafEnd[0] = nBag;
    this.leafDepth[0] = 0;
    this.leafNode[0] = out.addLeaf();
    const h0 = this.takeHist();
    this.buildHist(h0, 0, nBag, grad, hess, feats);
    this.hist[0] = h0;
    let g = 0;
    let hs = 0;
    for (let i = 0; i < nBag; i++) {
      g += this.og[i];
      hs += this.oh[i];
    }
    this.sumG[0] = g;
    this.sumH[0] = hs;
    this.findBest(0, feats);

    while (this.nLeaves < p.numLeaves) {
      let best = -1;
      let bestGain = NO_SPLIT;
      for (let l = 0; l < this.nLeaves; l++) {
        if (this.bGain[l] > bestGain) {
          bestGain = this.bGain[l];
          best = l;
        }
      }
      if (best < 0 || !(bestGain > p.minSplitGain)) break;
      this.split(best, out, feats, grad, hess);
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

  private buildHist(
    H: Float64Array,
    start: number,
    end: number,
    grad: Float64Array,
    hess: Float64Array,
    feats: Int32Array,
  ): void {
    H.fill(0);
    const idx = this.idx;
    const og = this.og;
    const oh = this.oh;
    const cnt = end - start;
    for (let i = 0; i < cnt; i++) {
      const r = idx[start + i];
      og[i] = grad[r];
      oh[i] = hess[r];
    }
    // Row-wise for every leaf (the root too): consecutive updates hit different features'
    // histograms, so there are no store-to-load chains on low-cardinality columns.
    if (this.colWise) this.buildColWise(H, start, cnt, feats);
    else this.buildRowWise(H, start, cnt, feats);
  }

  /**
   * Column-wise accumulation over column-major bins, in row blocks (the block's gradients stay
   * in cache) and four features at a time (one row-index and gradient load feeds four
   * histograms of a few KB each, all resident in L1).
   */
  private buildColWise(H: Float64Array, start: number, cnt: number, feats: Int32Array): void {
    const idx = this.idx;
    const og = this.og;
    const oh = this.oh;
    const bins = this.binned.bins;
    const n = this.n;
    const off3 = this.off3;
    const all = start === 0 && cnt === n && this.identity;
    const nf = feats.length;
    const nf4 = nf - (nf % 4);
    for (let b0 = 0; b0 < cnt; b0 += BLOCK) {
      const b1 = Math.min(cnt, b0 + BLOCK);
      for (let j = 0; j < nf4; j += 4) {
        const fa = feats[j];
        const fb = feats[j + 1];
        const fc = feats[j + 2];
        const fd = feats[j + 3];
        const ba = fa * n;
        const bb = fb * n;
        const bc = fc * n;
        const bd = fd * n;
        const oa = off3[fa];
        const ob = off3[fb];
        const oc = off3[fc];
        const od = off3[fd];
        for (let i = b0; i < b1; i++) {
          const r = all ? i : idx[start + i];
          const g = og[i];
          const h = oh[i];
          const xa = oa + bins[ba + r] * 3;
          const xb = ob + bins[bb + r] * 3;
          const xc = oc + bins[bc + r] * 3;
          const xd = od + bins[bd + r] * 3;
          H[xa] += g;
          H[xa + 1] += h;
          H[xa + 2] += 1;
          H[xb] += g;
          H[xb + 1] += h;
          H[xb + 2] += 1;
          H[xc] += g;
          H[xc + 1] += h;
          H[xc + 2] += 1;
          H[xd] += g;
          H[xd + 1] += h;
          H[xd + 2] += 1;
        }
      }
      for (let j = nf4; j < nf; j++) {
        const f = feats[j];
        const base = f * n;
        const off = off3[f];
        for (let i = b0; i < b1; i++) {
          const r = all ? i : idx[start + i];
          const x = off + bins[base + r] * 3;
          H[x] += og[i];
          H[x + 1] += oh[i];
          H[x + 2] += 1;
        }
      }
    }
  }

  /** Row-wise accumulation over row-major bins: one gather of (g, h) and one idx load per row. */
  private buildRowWise(H: Float64Array, start: number, cnt: number, feats: Int32Array): void {
    const idx = this.idx;
    const og = this.og;
    const oh = this.oh;
    const rowBins = this.rowBins;
    const F = this.binned.cols;
    const off3 = this.off3;
    const nf = feats.length;
    if (nf === F && this.constHess > 0) {
      // Constant hessian (unweighted L2): skip the hessian channel, fill it from counts after.
      for (let i = 0; i < cnt; i++) {
        const rb = idx[start + i] * F;
        const g = og[i];
        for (let f = 0; f < F; f++) {
          const b = off3[f] + rowBins[rb + f] * 3;
          H[b] += g;
          H[b + 2] += 1;
        }
      }
      const h0 = this.constHess;
      for (let b = 0; b < H.length; b += 3) H[b + 1] = H[b + 2] * h0;
    } else if (nf === F) {
      for (let i = 0; i < cnt; i++) {
        const rb = idx[start + i] * F;
        const g = og[i];
        const h = oh[i];
        for (let f = 0; f < F; f++) {
          const b = off3[f] + rowBins[rb + f] * 3;
          H[b] += g;
          H[b + 1] += h;
          H[b + 2] += 1;
        }
      }
    } else {
      for (let i = 0; i < cnt; i++) {
        const rb = idx[start + i] * F;
        const g = og[i];
        const h = oh[i];
        for (let j = 0; j < nf; j++) {
          const f = feats[j];
          const b = off3[f] + rowBins[rb + f] * 3;
          H[b] += g;
          H[b + 1] += h;
          H[b + 2] += 1;
        }
      }
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

  private split(l: number, out: TreeBuilder, feats: Int32Array, grad: Float64Array, hess: Float64Array): void {
    const f = this.bFeat[l];
    const thr = this.bBin[l];
    const ml = this.bMissLeft[l];
    const start = this.leafStart[l];
    const end = this.leafEnd[l];
    // Stable partition of the leaf's rows.
    const idx = this.idx;
    const tmp = this.tmp;
    const bins = this.binned.bins;
    const base = f * this.n;
    const mb = this.missingBin[f];
    const lut = this.lut;
    for (let b = 0; b < 256; b++) lut[b] = b <= thr ? 1 : 0;
    lut[mb] = ml;
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
    this.buildHist(hs, this.leafStart[small], this.leafEnd[small], grad, hess, feats);
    let hl: Float64Array;
    if (parentHist) {
      const size = this.histSize;
      for (let i = 0; i < size; i++) parentHist[i] -= hs[i];
      hl = parentHist;
    } else {
      // The parent's histogram was dropped to stay within the memory budget: build both.
      hl = this.takeHist();
      this.buildHist(hl, this.leafStart[large], this.leafEnd[large], grad, hess, feats);
    }
    this.hist[small] = hs;
    this.hist[large] = hl;
    this.findBest(l, feats);
    this.findBest(r, feats);
    const overBudget = this.live > this.maxLive;
    for (const c of [l, r]) {
      // A leaf's best split is already known; its histogram only serves the subtraction trick.
      if ((overBudget || this.bGain[c] === NO_SPLIT) && this.hist[c]) {
        this.release(this.hist[c]!);
        this.hist[c] = null;
      }
    }
  }
}
