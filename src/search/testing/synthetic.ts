/**
 * Generated matrices for the search's tests: a seeded classification or regression problem.
 */
import type { DenseMatrix, Target, TaskType } from '../../learners/types.js';
import { createRng } from '../../util/random.js';

export function syntheticData(o: { rows: number; cols: number; task: TaskType; nClasses?: number; seed: number; noise?: number }): {
  X: DenseMatrix;
  target: Target;
} {
  const rng = createRng(o.seed);
  const k = o.task === 'regression' ? 1 : (o.nClasses ?? 2);
  const data = new Float64Array(o.rows * o.cols);
  const y = new Float64Array(o.rows);
  const w = Array.from({ length: o.cols }, () => rng.normal());
  for (let i = 0; i < o.rows; i++) {
    const c = o.task === 'regression' ? 0 : rng.int(k);
    let s = 0;
    for (let j = 0; j < o.cols; j++) {
      const v = rng.normal() + (o.task === 'regression' ? 0 : (c === j % k ? 1.5 : 0));
      data[i * o.cols + j] = v;
      s += w[j] * v;
    }
    y[i] = o.task === 'regression' ? s + (o.noise ?? 0.5) * rng.normal() : c;
  }
  return { X: { kind: 'dense', rows: o.rows, cols: o.cols, data }, target: { task: o.task, y, nClasses: k } };
}
