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
  const radix = m >= RADIX_MIN ? new RadixBuffers(m) : null;
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
    const vals = colVals[f].subarray(0, counts[f]);
    const sorted = vals.length >= RADIX_MIN ? radixSortF32(vals, radix) : vals.sort();
    const thr = boundaries(sorted, maxBins);
    colVals[f] = new Float32Array(0);
    upper.push(thr);
    nBins[f] = thr.length + 1;
    offsets[f + 1] = offsets[f] + nBins[f] + 1;
  }
  return { nFeatures: cols, nBins, offsets, upper };
}

/** From this many values on, the sample columns are radix sorted (3 passes of 11 bits). */
const RADIX_MIN = 65536;

class RadixBuffers {
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly count = new Int32Array(2048);
  constructor(n: number) {
    this.a = new Uint32Array(n);
    this.b = new Uint32Array(n);
  }
}

/**
 * Sort float32 values (no NaN) ascending in place, in the same order as TypedArray sort
 * (-0 before +0): LSD radix sort of order-preserving integer keys.
 */
function radixSortF32(vals: Float32Array, buf: RadixBuffers | null): Float32Array {
  const n = vals.length;
  const bits = new Uint32Array(vals.buffer, vals.byteOffset, n);
  let src = buf ? buf.a : new Uint32Array(n);
  let dst = buf ? buf.b : new Uint32Array(n);
  const count = buf ? buf.count : new Int32Array(2048);
  for (let i = 0; i < n; i++) {
    const x = bits[i];
    src[i] = x & 0x80000000 ? ~x >>> 0 : (x | 0x80000000) >>> 0;
  }
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = src[i];
      dst[count[(k >>> shift) & 2047]++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) {
    const k = src[i];
    bits[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
  return vals;
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
  if (rows >= TABLE_MIN_ROWS) {
    await applyBinsTable(data, rows, cols, ups, bins, pacer);
    return { rows, cols, bins };
  }
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

/** From this many rows on, binning uses per-feature lookup tables (each costs 64K cheap steps). */
const TABLE_MIN_ROWS = 16_384;
const BUCKETS = 65536;

/**
 * Binning through a table per feature indexed by the top 16 bits of the value's order-preserving
 * float32 key: start[key >>> 16] is the bin of the bucket's smallest value and start[next] bounds
 * its largest, so a value needs a short forward scan (usually none) instead of a binary search.
 * Same bins as the binary search (non-NaN float32 keys are in numeric order).
 */
async function applyBinsTable(
  data: Float64Array | Float32Array,
  rows: number,
  cols: number,
  ups: Float64Array[],
  bins: Uint8Array,
  pacer: Pacer,
): Promise<void> {
  const T = BUCKETS + 1;
  const table = new Uint8Array(cols * T);
  const f32 = new Float32Array(1);
  const i32 = new Int32Array(f32.buffer);
  for (let f = 0; f < cols; f++) buildTable(ups[f], table, f * T, f32, i32);
  for (let r0 = 0; r0 < rows; r0 += 4096) {
    await pacer.tick();
    binRowsTable(data, rows, cols, ups, bins, table, r0, Math.min(rows, r0 + 4096), f32, i32);
  }
}

/** table[o + k] = bin of the smallest float32 whose key has top bits k; table[o + BUCKETS] = nb. */
function buildTable(up: Float64Array, table: Uint8Array, o: number, f32: Float32Array, i32: Int32Array): void {
  const nb = up.length;
  let p = 0;
  for (let k = 0; k < BUCKETS; k++) {
    // Smallest key of bucket k back to float bits (inverse of the key transform below).
    const key = (k << 16) | 0;
    i32[0] = key < 0 ? key ^ (1 << 31) : ~key;
    const x = f32[0];
    if (x !== x) {
      table[o + k] = key < 0 ? nb : 0; // NaN keys: never looked up (NaN is binned before)
      continue;
    }
    while (p < nb && up[p] < x) p++;
    table[o + k] = p;
  }
  table[o + BUCKETS] = nb;
}

function binRowsTable(
  data: Float64Array | Float32Array,
  rows: number,
  cols: number,
  ups: Float64Array[],
  bins: Uint8Array,
  table: Uint8Array,
  r0: number,
  r1: number,
  f32: Float32Array,
  i32: Int32Array,
): void {
  const T = BUCKETS + 1;
  for (let r = r0; r < r1; r++) {
    const rb = r * cols;
    for (let f = 0; f < cols; f++) {
      const v = data[rb + f];
      const up = ups[f];
      if (v !== v) {
        bins[f * rows + r] = up.length + 1;
        continue;
      }
      f32[0] = v;
      const x = f32[0];
      const bits = i32[0];
      const k = (bits ^ ((bits >> 31) | (1 << 31))) >>> 16;
      const o = f * T + k;
      let b = table[o];
      const hi = table[o + 1];
      while (b < hi && up[b] < x) b++;
      bins[f * rows + r] = b;
    }
  }
}

/** Threshold value for a split that sends value bins 0..b left. */
export function binThreshold(mapper: BinMapper, f: number, b: number): number {
  const up = mapper.upper[f];
  return b < up.length ? up[b] : F32_MAX;
}
