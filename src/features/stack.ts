/**
 * Concatenating feature blocks side by side: dense row-major when every block is dense, CSR
 * when any block is sparse (dense values that are exactly 0 are not stored; NaN is stored).
 */
import type { CsrMatrix, DenseMatrix, Matrix } from '../learners/types.js';

export function hstack(blocks: Matrix[], rows: number): Matrix {
  if (blocks.length === 1) return blocks[0];
  const cols = blocks.reduce((s, b) => s + b.cols, 0);
  if (blocks.every((b) => b.kind === 'dense')) {
    const data = new Float64Array(rows * cols);
    let off = 0;
    for (const b of blocks as DenseMatrix[]) {
      const k = b.cols;
      for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) data[i * cols + off + j] = b.data[i * k + j];
      off += k;
    }
    return { kind: 'dense', rows, cols, data } satisfies DenseMatrix;
  }
  let nnz = 0;
  for (const b of blocks) {
    if (b.kind === 'csr') nnz += b.indices.length;
    else for (let i = 0; i < b.data.length; i++) if (b.data[i] !== 0) nnz++;
  }
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let w = 0;
  for (let i = 0; i < rows; i++) {
    let off = 0;
    for (const b of blocks) {
      if (b.kind === 'csr') {
        for (let p = b.indptr[i]; p < b.indptr[i + 1]; p++) { indices[w] = b.indices[p] + off; data[w++] = b.data[p]; }
      } else {
        const k = b.cols;
        for (let j = 0; j < k; j++) {
          const v = b.data[i * k + j];
          if (v !== 0) { indices[w] = off + j; data[w++] = v; }
        }
      }
      off += b.cols;
    }
    indptr[i + 1] = w;
  }
  return { kind: 'csr', rows, cols, indptr, indices, data } satisfies CsrMatrix;
}

/** A CSR matrix as dense row-major (absent -> 0). */
export function csrToDense(m: CsrMatrix): DenseMatrix {
  const data = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) data[i * m.cols + m.indices[p]] = m.data[p];
  return { kind: 'dense', rows: m.rows, cols: m.cols, data };
}

/** The first broken CSR invariant (lengths, bounds, ascending indices within rows), or null. */
export function csrProblem(m: CsrMatrix): string | null {
  if (m.indptr.length !== m.rows + 1) return `indptr has ${m.indptr.length} entries for ${m.rows} rows`;
  if (m.indptr[0] !== 0) return 'indptr[0] is not 0';
  if (m.indptr[m.rows] !== m.indices.length) return 'indptr[rows] differs from the number of stored values';
  if (m.data.length !== m.indices.length) return 'data and indices differ in length';
  for (let i = 0; i < m.rows; i++) {
    if (m.indptr[i + 1] < m.indptr[i]) return `indptr decreases at row ${i}`;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      const c = m.indices[p];
      if (c < 0 || c >= m.cols) return `row ${i}: column ${c} out of range`;
      if (p > m.indptr[i] && c <= m.indices[p - 1]) return `row ${i}: columns not strictly ascending`;
    }
  }
  return null;
}
