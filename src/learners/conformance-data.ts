/**
 * Small generated datasets with structure, for learner tests (no shared data in `npm test`).
 * All seeded; each returns train and test parts drawn from the same distribution.
 */
import { createRng } from '../util/random.js';
import type { CsrMatrix, DenseMatrix, Matrix, Target, TaskType } from './types.js';

export interface Split {
  train: { X: Matrix; y: Target };
  test: { X: Matrix; y: Target };
}

/** Gaussian blobs: nClasses centres ~ N(0, 3²) in `cols` dims, points = centre + N(0, 1). */
export function blobs(opts: { rows: number; cols: number; nClasses: number; seed: number }): { X: DenseMatrix; y: Target } {
  const { rows, cols, nClasses, seed } = opts;
  const rng = createRng(seed);
  const centres = Float64Array.from({ length: nClasses * cols }, () => 3 * rng.normal());
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % nClasses;
    y[i] = c;
    for (let j = 0; j < cols; j++) data[i * cols + j] = centres[c * cols + j] + rng.normal();
  }
  const task: TaskType = nClasses === 2 ? 'binary' : 'multiclass';
  return { X: { kind: 'dense', rows, cols, data }, y: { task, y, nClasses } };
}

/** y = X·β + 0.3·noise with X ~ N(0, 1), β fixed. */
export function linearRegressionData(opts: { rows: number; cols: number; seed: number }): { X: DenseMatrix; y: Target } {
  const { rows, cols, seed } = opts;
  const rng = createRng(seed);
  const beta = Float64Array.from({ length: cols }, (_, j) => (j % 3 === 2 ? 0 : 1 + (j % 4)) * (j % 2 ? -1 : 1));
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 1.5;
    for (let j = 0; j < cols; j++) {
      const v = rng.normal();
      data[i * cols + j] = v;
      s += beta[j] * v;
    }
    y[i] = s + 0.3 * rng.normal();
  }
  return { X: { kind: 'dense', rows, cols, data }, y: { task: 'regression', y, nClasses: 1 } };
}

/**
 * Bag-of-words documents as L2-normalised counts (non-negative CSR). Each class prefers its own
 * 10 "topic" words: 60% of a document's 15 tokens come from them, the rest from the whole
 * vocabulary. For regression (nClasses 1) the target is a weighted sum of the first 20 words.
 */
export function documents(opts: { rows: number; vocab: number; nClasses: number; seed: number; tokens?: number }): { X: CsrMatrix; y: Target } {
  const { rows, vocab, nClasses, seed, tokens = 15 } = opts;
  const rng = createRng(seed);
  const indptr = new Int32Array(rows + 1);
  const idx: number[] = [];
  const val: number[] = [];
  const y = new Float64Array(rows);
  const counts = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const c = nClasses > 1 ? i % nClasses : 0;
    counts.clear();
    for (let t = 0; t < tokens; t++) {
      const w = nClasses > 1 && rng.next() < 0.6 ? (c * 10 + rng.int(10)) % vocab : rng.int(vocab);
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const keys = [...counts.keys()].sort((a, b) => a - b);
    let norm = 0;
    for (const k of keys) norm += counts.get(k)! ** 2;
    norm = Math.sqrt(norm);
    let target = 0;
    for (const k of keys) {
      const v = counts.get(k)! / norm;
      idx.push(k);
      val.push(v);
      if (k < 20) target += (k % 5) * v;
    }
    indptr[i + 1] = idx.length;
    y[i] = nClasses > 1 ? c : target + 0.05 * rng.normal();
  }
  const task: TaskType = nClasses === 1 ? 'regression' : nClasses === 2 ? 'binary' : 'multiclass';
  return {
    X: { kind: 'csr', rows, cols: vocab, indptr, indices: Int32Array.from(idx), data: Float64Array.from(val) },
    y: { task, y, nClasses },
  };
}

/** Splits the first `trainRows` rows from the rest. */
export function splitRows(d: { X: Matrix; y: Target }, trainRows: number): Split {
  const part = (a: number, b: number): { X: Matrix; y: Target } => {
    const X = d.X;
    const y = { ...d.y, y: d.y.y.slice(a, b) };
    if (X.kind === 'dense') return { X: { ...X, rows: b - a, data: X.data.slice(a * X.cols, b * X.cols) }, y };
    const off = X.indptr[a];
    const indptr = Int32Array.from(X.indptr.subarray(a, b + 1), (v) => v - off);
    return {
      X: { ...X, rows: b - a, indptr, indices: X.indices.slice(off, X.indptr[b]), data: X.data.slice(off, X.indptr[b]) },
      y,
    };
  };
  return { train: part(0, trainRows), test: part(trainRows, d.X.rows) };
}
