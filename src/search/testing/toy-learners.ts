/**
 * Small learners for the search's own tests (registered only when a test imports this file):
 * `toy_centroid` (nearest class centroid with a temperature, or a shrunk mean for regression)
 * and `toy_slow` (busy-waits `ms` milliseconds per fit, to test deadlines under load).
 */
import { registerLearner } from '../../learners/registry.js';
import type { FittedModel, Learner, Matrix, Params, SavedModel, Target, TaskType } from '../../learners/types.js';
import { AskmlError } from '../../errors.js';

function row(X: Matrix, i: number, out: Float64Array): void {
  out.fill(0);
  if (X.kind === 'dense') for (let j = 0; j < X.cols; j++) out[j] = X.data[i * X.cols + j] || 0;
  else for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) out[X.indices[p]] = X.data[p];
}

interface CentroidState {
  task: TaskType;
  nClasses: number;
  nFeatures: number;
  centroids: number[];
  temperature: number;
  shrink: number;
  mean: number;
}

function centroidModel(s: CentroidState, name: string): FittedModel {
  const k = s.task === 'regression' ? 1 : s.nClasses;
  const proba = (X: Matrix): Float64Array => {
    const out = new Float64Array(X.rows * k);
    const r = new Float64Array(X.cols);
    for (let i = 0; i < X.rows; i++) {
      row(X, i, r);
      let z = 0;
      for (let c = 0; c < k; c++) {
        let d = 0;
        for (let j = 0; j < X.cols; j++) d += (r[j] - s.centroids[c * X.cols + j]) ** 2;
        out[i * k + c] = Math.exp(-d / s.temperature);
        z += out[i * k + c];
      }
      for (let c = 0; c < k; c++) out[i * k + c] = z > 0 ? out[i * k + c] / z : 1 / k;
    }
    return out;
  };
  return {
    learner: name,
    task: s.task,
    nClasses: s.nClasses,
    nFeatures: s.nFeatures,
    predict(X) {
      if (s.task === 'regression') {
        const out = new Float64Array(X.rows);
        const r = new Float64Array(X.cols);
        for (let i = 0; i < X.rows; i++) {
          row(X, i, r);
          let v = s.mean;
          for (let j = 0; j < X.cols; j++) v += s.shrink * s.centroids[j] * r[j];
          out[i] = v;
        }
        return out;
      }
      const p = proba(X);
      const out = new Float64Array(X.rows);
      for (let i = 0; i < X.rows; i++) {
        let b = 0;
        for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + b]) b = c;
        out[i] = b;
      }
      return out;
    },
    predictProba: s.task === 'regression' ? undefined : proba,
    toJSON: (): SavedModel => ({ learner: name, version: 1, ...s }),
    toExportIR() {
      throw new AskmlError('EXPORT_UNSUPPORTED', 'toy learner');
    },
  };
}

function fitCentroid(X: Matrix, y: Target, params: Params, name: string): CentroidState {
  const k = y.task === 'regression' ? 1 : y.nClasses;
  const sums = new Float64Array(k * X.cols);
  const counts = new Float64Array(k);
  const r = new Float64Array(X.cols);
  let mean = 0;
  for (let i = 0; i < X.rows; i++) mean += y.y[i];
  mean /= Math.max(1, X.rows);
  for (let i = 0; i < X.rows; i++) {
    row(X, i, r);
    if (y.task === 'regression') {
      // per-feature covariance with the target, as a crude linear model
      for (let j = 0; j < X.cols; j++) sums[j] += (r[j] * (y.y[i] - mean)) / X.rows;
    } else {
      const c = y.y[i];
      counts[c]++;
      for (let j = 0; j < X.cols; j++) sums[c * X.cols + j] += r[j];
    }
  }
  if (y.task !== 'regression') for (let c = 0; c < k; c++) for (let j = 0; j < X.cols; j++) sums[c * X.cols + j] /= Math.max(1, counts[c]);
  void name;
  return {
    task: y.task,
    nClasses: y.nClasses,
    nFeatures: X.cols,
    centroids: [...sums],
    temperature: Number(params.temperature),
    shrink: Number(params.shrink),
    mean,
  };
}

export const toyCentroid: Learner = {
  name: 'toy_centroid',
  description: 'test learner: nearest centroid',
  tasks: ['binary', 'multiclass', 'regression'],
  view: 'linear',
  input: 'both',
  space: () => ({
    params: {
      temperature: { type: 'float', low: 0.01, high: 100, log: true },
      shrink: { type: 'float', low: 0.01, high: 2, log: true },
      pad: { type: 'choice', values: ['a', 'b', 'c'] },
    },
    init: { temperature: 1, shrink: 0.1, pad: 'a' },
    default: { temperature: 1, shrink: 0.5, pad: 'a' },
  }),
  async fit(X, y, params) {
    return centroidModel(fitCentroid(X, y, params, 'toy_centroid'), 'toy_centroid');
  },
  load: (saved) => centroidModel(saved as unknown as CentroidState, 'toy_centroid'),
};

/** Busy-waits params.ms per fit (synchronously: only terminating the worker can stop it). */
export const toySlow: Learner = {
  name: 'toy_slow',
  description: 'test learner: centroid that burns CPU for `ms` per fit',
  tasks: ['binary', 'multiclass', 'regression'],
  view: 'tree',
  input: 'both',
  space: () => ({
    params: {
      ms: { type: 'int', low: 100, high: 3000, log: true },
      temperature: { type: 'float', low: 0.01, high: 100, log: true },
    },
    init: { ms: 150, temperature: 1, shrink: 0.5 },
    default: { ms: 300, temperature: 1, shrink: 0.5 },
  }),
  async fit(X, y, params) {
    const end = performance.now() + Number(params.ms);
    let x = 0;
    while (performance.now() < end) x += Math.sqrt(x + 1);
    if (x < 0) throw new Error('unreachable');
    return centroidModel(fitCentroid(X, y, params, 'toy_slow'), 'toy_slow');
  },
  load: (saved) => centroidModel(saved as unknown as CentroidState, 'toy_slow'),
};

/** Fails every fit with the same error (a search whose every trial fails). */
export const toyBroken: Learner = {
  ...toyCentroid,
  name: 'toy_broken',
  description: 'test learner: every fit throws',
  async fit() {
    throw new Error('toy_broken cannot fit');
  },
};

registerLearner(toyCentroid);
registerLearner(toySlow);
registerLearner(toyBroken);

export const TOY_MODULE = new URL('./toy-learners.ts', import.meta.url).href;
