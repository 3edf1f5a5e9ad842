/**
 * Logistic regression: binary (sigmoid) and multinomial (softmax), L2-regularised, fitted with
 * L-BFGS on dense or CSR input. Objective (scikit-learn's, divided by Σs so tolerances do not
 * depend on the row count):
 *   (1/S) Σ_i s_i · logloss_i + 1/(2·C·S) · ||W||²,   S = Σ_i s_i,
 * with s_i = sampleWeight · class weight; the intercept is not regularised.
 * Internally weights are feature-major (d x K) so a CSR row touches contiguous memory.
 */
import type { Learner, Matrix, Params, SearchSpace, Target } from '../types.js';
import { registerLearner } from '../registry.js';
import { checkTarget, choiceParam, makeTicker, numParam, rowWeights } from './fit-utils.js';
import { minimizeLbfgs } from './lbfgs.js';
import { LinearModel } from './linear-model.js';

export const LOGISTIC = 'logistic_regression';

/** Z (n x K) = X · Wt + b, with Wt feature-major d x K. */
export function scoresFeatureMajor(X: Matrix, Wt: Float64Array, b: Float64Array, K: number, Z: Float64Array): void {
  const { rows, cols } = X;
  for (let i = 0; i < rows; i++) for (let c = 0; c < K; c++) Z[i * K + c] = b[c];
  if (X.kind === 'csr') {
    const { indptr, indices, data } = X;
    for (let i = 0; i < rows; i++) {
      const o = i * K;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const x = data[p];
        const w = indices[p] * K;
        for (let c = 0; c < K; c++) Z[o + c] += x * Wt[w + c];
      }
    }
  } else {
    const d = X.data;
    for (let i = 0; i < rows; i++) {
      const o = i * K;
      const r = i * cols;
      for (let j = 0; j < cols; j++) {
        const x = d[r + j];
        if (x === 0) continue;
        const w = j * K;
        for (let c = 0; c < K; c++) Z[o + c] += x * Wt[w + c];
      }
    }
  }
}

/** G (d x K) += Xᵀ · R, with R n x K. */
export function gradFeatureMajor(X: Matrix, R: Float64Array, K: number, G: Float64Array): void {
  const { rows, cols } = X;
  if (X.kind === 'csr') {
    const { indptr, indices, data } = X;
    for (let i = 0; i < rows; i++) {
      const o = i * K;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const x = data[p];
        const w = indices[p] * K;
        for (let c = 0; c < K; c++) G[w + c] += x * R[o + c];
      }
    }
  } else {
    const d = X.data;
    for (let i = 0; i < rows; i++) {
      const o = i * K;
      const r = i * cols;
      for (let j = 0; j < cols; j++) {
        const x = d[r + j];
        if (x === 0) continue;
        const w = j * K;
        for (let c = 0; c < K; c++) G[w + c] += x * R[o + c];
      }
    }
  }
}

/** Loss and gradient of the objective above, over x = [Wt (d*K), b (K)]. */
function makeObjective(X: Matrix, cls: Int32Array, sw: Float64Array, K: number, C: number) {
  const n = X.rows;
  const d = X.cols;
  let S = 0;
  for (let i = 0; i < n; i++) S += sw[i];
  const lam = 1 / (C * S);
  const Z = new Float64Array(n * K);
  return (x: Float64Array, g: Float64Array): number => {
    const Wt = x.subarray(0, d * K);
    const b = x.subarray(d * K);
    scoresFeatureMajor(X, Wt, b, K, Z);
    let loss = 0;
    // Z becomes the residual matrix R = s_i (p - onehot) / S.
    for (let i = 0; i < n; i++) {
      const s = sw[i] / S;
      const o = i * K;
      if (K === 1) {
        const z = Z[o];
        const t = cls[i];
        // log(1 + e^z) - t z, stably.
        loss += s * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t * z);
        const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        Z[o] = s * (p - t);
      } else {
        let m = -Infinity;
        for (let c = 0; c < K; c++) if (Z[o + c] > m) m = Z[o + c];
        let sum = 0;
        for (let c = 0; c < K; c++) sum += Math.exp(Z[o + c] - m);
        const lse = m + Math.log(sum);
        loss += s * (lse - Z[o + cls[i]]);
        for (let c = 0; c < K; c++) Z[o + c] = s * Math.exp(Z[o + c] - lse);
        Z[o + cls[i]] -= s;
      }
    }
    const gW = g.subarray(0, d * K);
    const gb = g.subarray(d * K);
    let reg = 0;
    for (let t = 0; t < d * K; t++) {
      reg += Wt[t] * Wt[t];
      gW[t] = lam * Wt[t];
    }
    gradFeatureMajor(X, Z, K, gW);
    gb.fill(0);
    for (let i = 0; i < n; i++) for (let c = 0; c < K; c++) gb[c] += Z[i * K + c];
    return loss + 0.5 * lam * reg;
  };
}

export const logisticRegression: Learner = {
  name: LOGISTIC,
  description:
    'L2-regularised logistic regression (binary or multinomial) by L-BFGS; fast on sparse text and wide one-hot data, calibrated probabilities.',
  tasks: ['binary', 'multiclass'],
  view: 'linear',
  input: 'both',
  space(shape): SearchSpace {
    return {
      params: {
        C: { type: 'float', low: 1e-3, high: 1e3, log: true },
        class_weight: { type: 'choice', values: ['none', 'balanced'] },
      },
      init: { C: 1, class_weight: 'none' },
      default: { C: shape.sparse ? 10 : 1, class_weight: 'none' },
    };
  },
  async fit(X: Matrix, y: Target, params: Params, opts) {
    const tick = makeTicker(opts.signal, `${LOGISTIC} fit`);
    await tick();
    const cls = checkTarget(X, y, LOGISTIC);
    const C = numParam(params, 'C', 1, 1e-12, 1e12);
    const cw = choiceParam(params, 'class_weight', ['none', 'balanced'] as const, 'none');
    const maxIter = numParam(params, 'max_iter', 1000, 1, 1e6);
    // Not searched: stop when max|gradient| <= tol · max(1, max|gradient at 0|).
    const tol = numParam(params, 'tol', 1e-5, 1e-14, 1);
    const sw = rowWeights(cls, y.nClasses, { sampleWeight: opts.sampleWeight, balanced: cw === 'balanced' });
    const K = y.nClasses === 2 ? 1 : y.nClasses;
    const d = X.cols;
    const res = await minimizeLbfgs(makeObjective(X, cls, sw, K, C), new Float64Array(d * K + K), {
      maxIter,
      gtol: tol,
      ftol: 1e-12,
      tick,
    });
    const coef = new Float64Array(K * d);
    for (let j = 0; j < d; j++) for (let c = 0; c < K; c++) coef[c * d + j] = res.x[j * K + c];
    return new LinearModel({
      learner: LOGISTIC,
      task: y.task,
      nClasses: y.nClasses,
      nFeatures: d,
      nOutputs: K,
      coef,
      intercept: Float64Array.from(res.x.subarray(d * K)),
      post: K === 1 ? 'logistic' : 'softmax',
      info: { iterations: res.iterations, converged: res.converged },
    });
  },
  load: (saved) => LinearModel.fromJSON(saved),
};

registerLearner(logisticRegression);
