/**
 * Small seeded datasets for the tree learners' tests (no files needed).
 */
import { evalIR } from '../../export/ir-eval.js';
import type { ModelIR } from '../../export/ir.js';
import { createRng } from '../../util/random.js';
import type { DenseMatrix, Target } from '../types.js';

export interface Dataset {
  X: DenseMatrix;
  y: Target;
}

/**
 * rows x cols standard normals; the signal is x0 + sin(2 x1) + x2 * x3 (plus noise).
 * binary: sign of the signal; multiclass: signal cut into 3 quantile-ish bands; regression:
 * the signal itself. `missing` blanks that fraction of feature 4 (pure noise) and of x0.
 */
export function makeData(
  task: Target['task'],
  opts: { rows: number; cols?: number; seed?: number; noise?: number; missing?: number },
): Dataset {
  const cols = opts.cols ?? 6;
  const rng = createRng(opts.seed ?? 1);
  const n = opts.rows;
  const data = new Float64Array(n * cols);
  const y = new Float64Array(n);
  const noise = opts.noise ?? 0.1;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = rng.normal();
    const x = (c: number) => data[r * cols + c];
    const s = x(0) + Math.sin(2 * x(1)) + x(2) * x(3) + noise * rng.normal();
    y[r] = task === 'regression' ? s : task === 'binary' ? (s > 0 ? 1 : 0) : s < -0.7 ? 0 : s < 0.7 ? 1 : 2;
    if (opts.missing && rng.next() < opts.missing) data[r * cols + 4] = NaN;
  }
  return {
    X: { kind: 'dense', rows: n, cols, data },
    y: { task, y, nClasses: task === 'regression' ? 1 : task === 'binary' ? 2 : 3 },
  };
}

export function accuracy(pred: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

export function rmse(pred: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i] - y[i]) ** 2;
  return Math.sqrt(s / y.length);
}

export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The export IR's meaning on X (via evalIR): class probabilities, or predictions for regression. */
export function irOutputs(ir: ModelIR, X: Float64Array | Float32Array): Float64Array {
  const out = evalIR(ir, X instanceof Float64Array ? X : Float64Array.from(X));
  return out.proba ?? out.prediction;
}
