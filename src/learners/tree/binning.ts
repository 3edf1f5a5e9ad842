/**
 * Quantile binning for histogram trees (as LightGBM / sklearn HistGradientBoosting).
 *
 * Each feature gets up to `maxBins` (<= 255) value bins plus one missing bin (the last,
 * local index `nBins[f]`). Values are compared as float32, exactly as the ONNX export does:
 * value bin b holds fround(x) <= upper[f][b] (and > upper[f][b-1]); split thresholds are
 * those upper bounds, so training routing and prediction routing agree bit for bit.
 * Bins are stored column-major in one Uint8Array: bins[f * rows + r].
 */
import { AskmlError, throwIfAborted } from '../../errors.js';
import { createRng } from '../../util/random.js';
import type { Matrix } from '../types.js';

export interface BinMapper {
  nFeatures: number;
  /** Value bins per feature (>= 1); the missing bin is local index nBins[f]. */
  nBins: Int32Array;
  /** Start of feature f's bins in a flat histogram; length nFeatures + 1 (missing bin included). */
  offsets: Int32Array;
  /** upper[f][b]: float32 upper bound of value bin b, for b < nBins[f] - 1. */
  upper: Float64Array[];
}

export interface BinnedData {
  rows: number;
  cols: number;
  bins: Uint8Array;
}

const F32_MAX = 3.4028234663852886e38;

/** A dense row-major view of any Matrix (CSR is densified when it has at most `maxCols` cols). */
export function denseData(X: Matrix, maxCols = 4000): Float64Array | Float32Array {
  if (X.kind === 'dense') {
    if (X.data.length !== X.rows * X.cols) {
      throw new AskmlError('BAD_ARGUMENT', `Matrix data has ${X.data.length} values, expected rows*cols = ${X.rows * X.cols}.`);
    }
    return X.data;
  }
  if (X.cols > maxCols) {
    throw new AskmlError(
      'BAD_ARGUMENT',
      `Tree learners take dense input; this sparse matrix has ${X.cols} columns (limit ${maxCols}).`,
      { hint: 'Use a linear learner for wide sparse (text) features, or reduce the feature count.' },
    );
  }
  const out = new Float32Array(X.rows * X.cols);
  for (let r = 0; r < X.rows; r++) {
    for (let p = X.indptr[r]; p < X.indptr[r + 1]; p++) out[r * X.cols + X.indices[p]] = X.data[p];
  }
  return out;
}

/** Yields to the event loop when more than `ms` passed since the last yield (abortable work). */
export class Pacer {
  private last = performance.now();
  constructor(
    private readonly signal?: AbortSignal,
    private readonly ms = 25,
  ) {}
  async tick(): Promise<void> {
    if (performance.now() - this.last < this.ms) return;
    await new Promise<void>((r) => setImmediate(r));
    throwIfAborted(this.signal, 'fit');
    this.last = performance.now();
  }
}

/** Fit bin boundaries on (a seeded subsample of at most `sampleRows` rows of) the data. */
export async function fitBins(
  data: Float64Array | Float32Array,
  rows: number,
  cols: number,
  opts: { maxBins: number; seed: number; sampleRows?: number; signal?: AbortSignal },
): Promise<BinMapper> {
  const pacer = new Pacer(opts.signal);
  const maxBins = Math.max(2, Math.min(255, Math.floor(opts.maxBins)));
  const sampleRows = opts.sampleRows ?? 200_000;
  let sample: Int32Array;
  if (rows > sampleRows) {
    // Seeded sample without replacement (partial Fisher-Yates), then sorted for locality.
    const rng = createRng(opts.seed ^ 0x5bd1e995);
    const perm = new Int32Array(rows);
    for (let i = 0; i < rows; i++) perm[i] = i;
    for (let i = 0; i < sampleRows; i++) {
      const j = i + rng.int(rows - i);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    sample = perm.slice(0, sampleRows).sort();
  } else {
    sample = new Int32Array(rows);
    for (let i = 0; i < rows; i++) sample[i] = i;
  }
  const nBins = new Int32Array(cols);
  const offsets = new Int32Array(cols + 1);
  const upper: Float64Array[] = [];
  // Gather the sample column by column in one row-major pass (cache friendly).
  const m = sample.length;
  const colVals: Float32Array[] = [];
  for (let f = 0; f < cols; f++) colVals.push(new Float32Array(m));
  const counts = new Int32Array(cols);
  for (let i = 0; i < m; i++) {
    if ((i & 8191) === 0) await pacer.tick();
    const base = sample[i] * cols;
    for (let f = 0; f < cols; f++) {
      const v = data[base + f];
      if (v === v) colVals[f][counts[f]++] = v;
    }
  }
  for (let f = 0; f < cols; f++) {
    await pacer.tick();
    const sorted = colVals[f].subarray(0, counts[f]).sort();
    const thr = boundaries(sorted, maxBins);
    colVals[f] = new Float32Array(0);
    upper.push(thr);
    nBins[f] = thr.length + 1;
    offsets[f + 1] = offsets[f] + nBins[f] + 1;
  }
  return { nFeatures: cols, nBins, offsets, upper };
}

/** Upper bounds (float32) between distinct sorted values: all of them, or at quantiles. */
function boundaries(sorted: Float32Array, maxBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  let distinct = 1;
  for (let i = 1; i < n && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const out: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) out.push(mid(sorted[i - 1], sorted[i]));
  } else {
    // Quantile cut points on the sorted sample, each snapped to the next gap between values.
    let k = 1;
    for (let i = 0; i + 1 < n && k < maxBins; i++) {
      if (i + 1 >= (k * n) / maxBins && sorted[i] !== sorted[i + 1]) {
        out.push(mid(sorted[i], sorted[i + 1]));
        while (k < maxBins && (k * n) / maxBins <= i + 1) k++;
      }
    }
  }
  return Float64Array.from(out);
}

/** A float32 t with a <= t < b for float32 a < b. */
function mid(a: number, b: number): number {
  let t = Math.fround(a + (b - a) / 2);
  if (!(t < b)) t = a;
  if (t < a) t = a;
  return t;
}

/** Bin the whole matrix with a fitted mapper. */
export async function applyBins(
  data: Float64Array | Float32Array,
  rows: number,
  cols: number,
  mapper: BinMapper,
  signal?: AbortSignal,
): Promise<BinnedData> {
  const pacer = new Pacer(signal);
  if (cols !== mapper.nFeatures) {
    throw new AskmlError('SCHEMA_MISMATCH', `Expected ${mapper.nFeatures} features, got ${cols}.`);
  }
  const bins = new Uint8Array(rows * cols);
  const ups = mapper.upper;
  // Row-major pass over the data (sequential reads), writing one column stream per feature.
  for (let r = 0; r < rows; r++) {
    if ((r & 4095) === 0) await pacer.tick();
    const rb = r * cols;
    for (let f = 0; f < cols; f++) {
      const v = data[rb + f];
      const up = ups[f];
      const nb = up.length;
      if (v !== v) {
        bins[f * rows + r] = nb + 1;
        continue;
      }
      const x = Math.fround(v);
      // Branchless lower bound: first b with x <= up[b] (nb when none).
      let lo = 0;
      let len = nb;
      while (len > 0) {
        const half = len >>> 1;
        const gt = (up[lo + half] < x) as unknown as number;
        lo += gt * (half + 1);
        len = half + gt * (len - 2 * half - 1);
      }
      bins[f * rows + r] = lo;
    }
  }
  return { rows, cols, bins };
}

/** Threshold value for a split that sends value bins 0..b left. */
export function binThreshold(mapper: BinMapper, f: number, b: number): number {
  const up = mapper.upper[f];
  return b < up.length ? up[b] : F32_MAX;
}
