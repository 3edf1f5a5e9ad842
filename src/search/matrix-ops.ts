/**
 * Matrix helpers for the search: row subsets, and moving matrices into shared memory once so
 * worker threads read them without copies (only configs and results are posted).
 */
import type { Matrix } from '../learners/types.js';

export interface SharedMatrix {
  kind: 'dense' | 'csr';
  rows: number;
  cols: number;
  dtype: 'f64' | 'f32';
  data: SharedArrayBuffer;
  indptr?: SharedArrayBuffer;
  indices?: SharedArrayBuffer;
}

function shareTyped<T extends Float64Array | Float32Array | Int32Array>(a: T): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(sab).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return sab;
}

export function toShared(m: Matrix): SharedMatrix {
  const dtype = m.data instanceof Float32Array ? 'f32' : 'f64';
  const base = { kind: m.kind, rows: m.rows, cols: m.cols, dtype, data: shareTyped(m.data) } as SharedMatrix;
  if (m.kind === 'csr') {
    base.indptr = shareTyped(m.indptr);
    base.indices = shareTyped(m.indices);
  }
  return base;
}

export function fromShared(s: SharedMatrix): Matrix {
  const data = s.dtype === 'f32' ? new Float32Array(s.data) : new Float64Array(s.data);
  if (s.kind === 'dense') return { kind: 'dense', rows: s.rows, cols: s.cols, data };
  return { kind: 'csr', rows: s.rows, cols: s.cols, data, indptr: new Int32Array(s.indptr!), indices: new Int32Array(s.indices!) };
}

/** Rows `idx` of `m`, as a new matrix of the same kind and dtype. */
export function takeMatrixRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const n = idx.length;
  if (m.kind === 'dense') {
    const data = m.data instanceof Float32Array ? new Float32Array(n * m.cols) : new Float64Array(n * m.cols);
    for (let r = 0; r < n; r++) {
      const src = idx[r] * m.cols;
      data.set(m.data.subarray(src, src + m.cols), r * m.cols);
    }
    return { kind: 'dense', rows: n, cols: m.cols, data };
  }
  const indptr = new Int32Array(n + 1);
  let nnz = 0;
  for (let r = 0; r < n; r++) {
    nnz += m.indptr[idx[r] + 1] - m.indptr[idx[r]];
    indptr[r + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const data = m.data instanceof Float32Array ? new Float32Array(nnz) : new Float64Array(nnz);
  for (let r = 0; r < n; r++) {
    const a = m.indptr[idx[r]];
    const b = m.indptr[idx[r] + 1];
    indices.set(m.indices.subarray(a, b), indptr[r]);
    data.set(m.data.subarray(a, b), indptr[r]);
  }
  return { kind: 'csr', rows: n, cols: m.cols, indptr, indices, data };
}

export function takeValues(y: Float64Array, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]];
  return out;
}

/** Stored values per row (cols for dense), for size rules. */
export function cellsPerRow(m: Matrix): number {
  if (m.kind === 'dense') return m.cols;
  return m.rows ? m.indptr[m.rows] / m.rows : 0;
}

/** CSR -> dense (only for small matrices; dense learners on sparse views). */
export function densify(m: Matrix): Matrix {
  if (m.kind === 'dense') return m;
  const data = new Float64Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) data[r * m.cols + m.indices[p]] = m.data[p];
  }
  return { kind: 'dense', rows: m.rows, cols: m.cols, data };
}
