/**
 * Matrix helpers for the search: moving matrices into shared memory once so worker threads read
 * them without copies (only configs and results are posted). Row subsets and densify: learners/sparse.ts.
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
