/**
 * The order of a categorical column's ordinal codes in the tree view.
 *
 * A tree splits an ordinal code at a threshold, so it can only separate categories that are
 * adjacent in the code order. Codes by frequency rank scatter ordered levels (diamonds' clarity
 * I1 < SI2 < ... < IF), and the trees then need many more splits to learn the same effect: the
 * default gbdt's test RMSE on diamonds was 558.6 with frequency codes and 540.4 with the natural
 * order (bench/RESULTS.md). The natural order is not in a CSV, and the order of the marginal
 * target means is confounded (on diamonds the better clarities are the smaller, cheaper stones).
 *
 * So the levels are ordered by their effect on the target with the other columns held fixed:
 * one ridge fit of the target on the standardised numeric columns and the one-hot levels of
 * every ordinal-coded column, each column's levels then sorted by their coefficients. On diamonds
 * this recovers the natural order of cut, color (reversed) and clarity exactly. Multiclass
 * targets get one coefficient per class; the levels are sorted along the coefficients' first
 * principal component. LightGBM's categorical splits do the same per node (levels sorted by
 * gradient statistics); one global order keeps the model a plain threshold tree that exports to
 * ONNX as it is.
 *
 * The ridge penalty (ALPHA) pulls rare levels towards 0, the middle of the order. The order is
 * fitted on all training rows, like the rest of the pipeline; it is an ordering of at most
 * 64 levels per column (ORDINAL_MAX_LEVELS in plan.ts), not a per-row value, so it leaks little
 * into the search's folds.
 */
import { takeColumn, type Frame } from '../data/frame.js';
import type { DenseMatrix, Target } from '../learners/types.js';
import { cholesky, choleskySolve } from '../util/linalg.js';
import { countKeys, indexRows, requireColumn } from './columns.js';
import { NumericTransformer } from './numeric.js';

/** Ridge penalty on the one-hot levels (a level seen c times keeps about c / (c + ALPHA) of its effect). */
const ALPHA = 10;
/** Rows used for the fit (an even stride over larger data). */
const MAX_ROWS = 100_000;
/** No order (codes by frequency) when the design would have more unknowns than this. */
const MAX_UNKNOWNS = 1200;
/** Or the target more classes than this. */
const MAX_CLASSES = 64;

export interface OrderInput {
  /** Columns to order (their levels get one-hot unknowns). */
  categorical: string[];
  /** Numeric columns held fixed (standardised, median-imputed, clipped to +-5 sd). */
  numeric: string[];
}

/** Column -> its category keys from low to high effect; empty when no order could be fitted. */
export function effectOrders(frame: Frame, input: OrderInput, target: Target): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (input.categorical.length === 0 || frame.nRows < 2) return out;
  const K = target.task === 'multiclass' ? target.nClasses : 1;
  if (K > MAX_CLASSES) return out;
  const step = Math.max(1, Math.ceil(frame.nRows / MAX_ROWS));
  const rows: number[] = [];
  for (let i = 0; i < frame.nRows; i += step) if (Number.isFinite(target.y[i])) rows.push(i);
  const n = rows.length;
  if (n < 2) return out;

  // The fit rows of the columns used; numerics median-imputed, standardised, clipped to +-5 sd.
  const take = (names: string[]): Frame['columns'] => names.map((name) => takeColumn(requireColumn(frame, name, names), rows));
  const sub: Frame = { nRows: n, columns: take(input.numeric) };
  const num = new NumericTransformer({ columns: input.numeric, impute: 'median', indicator: false, scale: true, log1p: false }).fit(sub).transform(sub).matrix as DenseMatrix;
  for (let i = 0; i < num.data.length; i++) num.data[i] = Math.max(-5, Math.min(5, num.data[i]));
  const q = num.cols;
  // One-hot levels: each column's keys get consecutive unknowns after the numerics. Keys seen
  // only outside the fit rows get no place (the encoder appends them by frequency).
  const cats: { name: string; keys: string[]; counts: number[]; offset: number; idx: Int32Array }[] = [];
  let p = q;
  for (const col of take(input.categorical)) {
    const counts = countKeys(col, n);
    const keys = [...counts.keys()].sort();
    if (keys.length < 2) continue;
    cats.push({ name: col.name, keys, counts: keys.map((k) => counts.get(k)!), offset: p, idx: indexRows(col, n, new Map(keys.map((k, i) => [k, i]))) });
    p += keys.length;
  }
  if (cats.length === 0) return out;
  const m = p + 1; // + intercept (last)
  if (m > MAX_UNKNOWNS) return out;

  // Normal equations: A = XᵀX + ALPHA on the levels, B = Xᵀ(Y - mean), Y one column per class.
  const A = new Float64Array(m * m);
  const B = new Float64Array(m * K);
  const yc = new Float64Array(n * K);
  for (let r = 0; r < n; r++) {
    const y = target.y[rows[r]];
    if (K === 1) yc[r] = y;
    else yc[r * K + y] = 1;
  }
  for (let k = 0; k < K; k++) {
    let mean = 0;
    for (let r = 0; r < n; r++) mean += yc[r * K + k];
    mean /= n;
    for (let r = 0; r < n; r++) yc[r * K + k] -= mean;
  }
  const nz = new Int32Array(q + cats.length + 1);
  const nv = new Float64Array(q + cats.length + 1);
  for (let r = 0; r < n; r++) {
    let c = 0;
    for (let j = 0; j < q; j++) {
      nz[c] = j;
      nv[c++] = num.data[r * q + j];
    }
    for (const cat of cats) {
      const l = cat.idx[r];
      if (l < 0) continue;
      nz[c] = cat.offset + l;
      nv[c++] = 1;
    }
    nz[c] = p;
    nv[c++] = 1;
    for (let a = 0; a < c; a++) {
      const ia = nz[a];
      const va = nv[a];
      for (let b = 0; b <= a; b++) A[ia * m + nz[b]] += va * nv[b];
      for (let k = 0; k < K; k++) B[ia * K + k] += va * yc[r * K + k];
    }
  }
  // Levels were added in ascending unknown order within a row, so A holds the lower triangle.
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) A[b * m + a] = A[a * m + b];
  for (let j = 0; j < q; j++) A[j * m + j] += 1e-6 * n;
  for (let j = q; j < p; j++) A[j * m + j] += ALPHA;
  A[p * m + p] += 1e-9 * n;
  if (!cholesky(A, m)) return out;
  const W = new Float64Array(m * K);
  const rhs = new Float64Array(m);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < m; j++) rhs[j] = B[j * K + k];
    choleskySolve(A, m, rhs);
    for (let j = 0; j < m; j++) W[j * K + k] = rhs[j];
  }

  for (const cat of cats) {
    const L = cat.keys.length;
    const score = new Float64Array(L);
    if (K === 1) for (let l = 0; l < L; l++) score[l] = W[(cat.offset + l) * K];
    else principalScores(W.subarray(cat.offset * K, (cat.offset + L) * K), L, K, cat.counts, score);
    const order = cat.keys.map((k, l) => ({ k, s: score[l] }));
    order.sort((a, b) => a.s - b.s || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    out.set(cat.name, order.map((o) => o.k));
  }
  return out;
}

/** Projections of the L level vectors (rows of an L x K matrix) on their first principal axis. */
function principalScores(M: Float64Array, L: number, K: number, weights: number[], out: Float64Array): void {
  const total = weights.reduce((a, b) => a + b, 0);
  const center = new Float64Array(K);
  for (let l = 0; l < L; l++) for (let k = 0; k < K; k++) center[k] += (weights[l] / total) * M[l * K + k];
  const C = new Float64Array(L * K);
  for (let l = 0; l < L; l++) for (let k = 0; k < K; k++) C[l * K + k] = M[l * K + k] - center[k];
  // Power iteration on CᵀWC from a fixed start: deterministic.
  let v = new Float64Array(K).fill(1 / Math.sqrt(K));
  for (let it = 0; it < 100; it++) {
    const next = new Float64Array(K);
    for (let l = 0; l < L; l++) {
      let d = 0;
      for (let k = 0; k < K; k++) d += C[l * K + k] * v[k];
      d *= weights[l];
      for (let k = 0; k < K; k++) next[k] += d * C[l * K + k];
    }
    const norm = Math.hypot(...next);
    if (!(norm > 0)) break;
    for (let k = 0; k < K; k++) next[k] /= norm;
    v = next;
  }
  for (let l = 0; l < L; l++) {
    let d = 0;
    for (let k = 0; k < K; k++) d += C[l * K + k] * v[k];
    out[l] = d;
  }
}
