/**
 * Matrix helpers shared by learners: products, norms and reshaping for dense row-major and CSR
 * matrices (see types.ts). Every function takes either kind and returns Float64Array results.
 * Missing values (NaN) are passed through: learners on the 'linear' view get imputed features.
 *
 * Naming: `matvec` is X·w (one value per row), `matTvec` is Xᵀ·v (one value per column);
 * `matmulT` / `matTmul` are the multi-output versions with W stored row-major as k x cols.
 */
import { AskmlError } from '../errors.js';
import type { CsrMatrix, DenseMatrix, Matrix } from './types.js';

/** out[i] = X[i,:] · w (+ bias). `w` has length X.cols. */
export function matvec(X: Matrix, w: ArrayLike<number>, bias = 0, out = new Float64Array(X.rows)): Float64Array {
  const { rows, cols } = X;
  if (X.kind === 'csr') {
    const { indptr, indices, data } = X;
    for (let i = 0; i < rows; i++) {
      let s = bias;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) s += data[p] * w[indices[p]];
      out[i] = s;
    }
  } else {
    const d = X.data;
    for (let i = 0, o = 0; i < rows; i++, o += cols) {
      let s = bias;
      for (let j = 0; j < cols; j++) s += d[o + j] * w[j];
      out[i] = s;
    }
  }
  return out;
}

/** out[j] = Σ_i X[i,j] · v[i]. `v` has length X.rows. Overwrites `out`. */
export function matTvec(X: Matrix, v: ArrayLike<number>, out = new Float64Array(X.cols)): Float64Array {
  out.fill(0);
  const { rows, cols } = X;
  if (X.kind === 'csr') {
    const { indptr, indices, data } = X;
    for (let i = 0; i < rows; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) out[indices[p]] += data[p] * vi;
    }
  } else {
    const d = X.data;
    for (let i = 0, o = 0; i < rows; i++, o += cols) {
      const vi = v[i];
      if (vi === 0) continue;
      for (let j = 0; j < cols; j++) out[j] += d[o + j] * vi;
    }
  }
  return out;
}

/**
 * Multi-output product: out (rows x k, row-major) = X · Wᵀ + bias, W row-major k x cols,
 * bias length k (or omitted).
 */
export function matmulT(
  X: Matrix,
  W: ArrayLike<number>,
  k: number,
  bias?: ArrayLike<number>,
  out = new Float64Array(X.rows * k),
): Float64Array {
  const { rows, cols } = X;
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    for (let c = 0; c < k; c++) out[o + c] = bias ? bias[c] : 0;
  }
  if (X.kind === 'csr') {
    const { indptr, indices, data } = X;
    for (let i = 0; i < rows; i++) {
      const o = i * k;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const x = data[p];
        const j = indices[p];
        for (let c = 0; c < k; c++) out[o + c] += x * W[c * cols + j];
      }
    }
  } else {
    const d = X.data;
    for (let i = 0; i < rows; i++) {
      const o = i * k;
      const r = i * cols;
      for (let c = 0; c < k; c++) {
        const wc = c * cols;
        let s = 0;
        for (let j = 0; j < cols; j++) s += d[r + j] * W[wc + j];
        out[o + c] += s;
      }
    }
  }
  return out;
}

/** out (k x cols, row-major) = Vᵀ · X where V is rows x k row-major. Overwrites `out`. */
export function matTmul(X: Matrix, V: ArrayLike<number>, k: number, out = new Float64Array(k * X.cols)): Float64Array {
  out.fill(0);
  const { rows, cols } = X;
  if (X.kind === 'csr') {
    const { indptr, indices, data } = X;
    for (let i = 0; i < rows; i++) {
      const o = i * k;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const x = data[p];
        const j = indices[p];
        for (let c = 0; c < k; c++) out[c * cols + j] += x * V[o + c];
      }
    }
  } else {
    const d = X.data;
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      for (let c = 0; c < k; c++) {
        const v = V[i * k + c];
        if (v === 0) continue;
        const oc = c * cols;
        for (let j = 0; j < cols; j++) out[oc + j] += d[r + j] * v;
      }
    }
  }
  return out;
}

/** Σ_j X[i,j]² per row. */
export function rowNormsSq(X: Matrix): Float64Array {
  const out = new Float64Array(X.rows);
  if (X.kind === 'csr') {
    for (let i = 0; i < X.rows; i++) {
      let s = 0;
      for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) s += X.data[p] * X.data[p];
      out[i] = s;
    }
  } else {
    for (let i = 0, o = 0; i < X.rows; i++, o += X.cols) {
      let s = 0;
      for (let j = 0; j < X.cols; j++) s += X.data[o + j] * X.data[o + j];
      out[i] = s;
    }
  }
  return out;
}

/** Dense Float64 copy (row-major). Refuses more than `maxCells` cells (default 50M). */
export function densify(X: Matrix, maxCells = 50_000_000): DenseMatrix {
  if (X.kind === 'dense') return { kind: 'dense', rows: X.rows, cols: X.cols, data: Float64Array.from(X.data) };
  if (X.rows * X.cols > maxCells) {
    throw new AskmlError('BAD_ARGUMENT', `Cannot densify a ${X.rows} x ${X.cols} sparse matrix (limit ${maxCells} cells).`, {
      hint: 'Use a learner that accepts sparse input, or reduce the number of features.',
    });
  }
  const data = new Float64Array(X.rows * X.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) data[i * X.cols + X.indices[p]] = X.data[p];
  }
  return { kind: 'dense', rows: X.rows, cols: X.cols, data };
}

/** CSR copy of any matrix (dense zeros are dropped; NaN is kept as a stored value). */
export function toCsr(X: Matrix): CsrMatrix {
  if (X.kind === 'csr') return X;
  const { rows, cols, data: d } = X;
  let nnz = 0;
  for (let t = 0; t < d.length; t++) if (d[t] !== 0) nnz++;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = d[i * cols + j];
      if (v !== 0) {
        indices[p] = j;
        data[p++] = v;
      }
    }
    indptr[i + 1] = p;
  }
  return { kind: 'csr', rows, cols, indptr, indices, data };
}

/** Columns side by side. Dense when every part is dense, CSR otherwise. Row counts must match. */
export function hstack(parts: readonly Matrix[]): Matrix {
  if (parts.length === 0) throw new AskmlError('BAD_ARGUMENT', 'hstack needs at least one matrix.');
  const rows = parts[0].rows;
  for (const m of parts) {
    if (m.rows !== rows) {
      throw new AskmlError('BAD_ARGUMENT', `hstack: row counts differ (${rows} vs ${m.rows}).`);
    }
  }
  const cols = parts.reduce((s, m) => s + m.cols, 0);
  if (parts.every((m) => m.kind === 'dense')) {
    const data = new Float64Array(rows * cols);
    let off = 0;
    for (const m of parts as DenseMatrix[]) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < m.cols; j++) data[i * cols + off + j] = m.data[i * m.cols + j];
      }
      off += m.cols;
    }
    return { kind: 'dense', rows, cols, data };
  }
  const csrs = parts.map(toCsr);
  const nnz = csrs.reduce((s, m) => s + m.indptr[rows], 0);
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < rows; i++) {
    let off = 0;
    for (const m of csrs) {
      for (let q = m.indptr[i]; q < m.indptr[i + 1]; q++) {
        indices[p] = m.indices[q] + off;
        data[p++] = m.data[q];
      }
      off += m.cols;
    }
    indptr[i + 1] = p;
  }
  return { kind: 'csr', rows, cols, indptr, indices, data };
}

/** The rows listed in `idx` (in that order, repeats allowed), same kind and element type. */
export function takeRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const n = idx.length;
  if (X.kind === 'dense') {
    const data = new (X.data.constructor as Float64ArrayConstructor)(n * X.cols);
    for (let r = 0; r < n; r++) data.set(X.data.subarray(idx[r] * X.cols, (idx[r] + 1) * X.cols), r * X.cols);
    return { kind: 'dense', rows: n, cols: X.cols, data };
  }
  const indptr = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) indptr[r + 1] = indptr[r] + X.indptr[idx[r] + 1] - X.indptr[idx[r]];
  const indices = new Int32Array(indptr[n]);
  const data = new (X.data.constructor as Float64ArrayConstructor)(indptr[n]);
  for (let r = 0; r < n; r++) {
    const a = X.indptr[idx[r]];
    const b = X.indptr[idx[r] + 1];
    indices.set(X.indices.subarray(a, b), indptr[r]);
    data.set(X.data.subarray(a, b), indptr[r]);
  }
  return { kind: 'csr', rows: n, cols: X.cols, indptr, indices, data };
}

/** Value at (i, j) — for tests and small lookups, not for hot loops. */
export function getValue(X: Matrix, i: number, j: number): number {
  if (X.kind === 'dense') return X.data[i * X.cols + j];
  for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) if (X.indices[p] === j) return X.data[p];
  return 0;
}

/** Smallest stored value (0 counts for CSR with implicit zeros, NaN ignored); +Inf when empty. */
export function minValue(X: Matrix): number {
  let m = Infinity;
  for (let t = 0; t < X.data.length; t++) if (X.data[t] < m) m = X.data[t];
  if (X.kind === 'csr' && X.indptr[X.rows] < X.rows * X.cols) m = Math.min(m, 0);
  return m;
}

/** Throws SCHEMA_MISMATCH when X does not have `cols` columns (a model applied to other features). */
export function checkCols(X: Matrix, cols: number, who: string): void {
  if (X.cols !== cols) {
    throw new AskmlError('SCHEMA_MISMATCH', `${who} was fitted on ${cols} features but got ${X.cols}.`, {
      hint: 'Transform new data with the same feature pipeline the model was trained with.',
    });
  }
}
