/**
 * Boosting losses: initial score, gradients/hessians and the evaluation loss used for early
 * stopping. Scores are row-major rows x K (K = 1 for binary and regression).
 */
import type { TaskType } from '../types.js';
import { weightedMedian } from '../../util/order-stats.js';

export type RegressionLoss = 'l2' | 'l1' | 'huber';

export interface LossSpec {
  task: TaskType;
  K: number;
  regression: RegressionLoss;
  huberDelta: number;
}

/** Initial raw score per output (weighted prior / mean / median). */
export function initScore(spec: LossSpec, y: Float64Array, w: Float64Array | undefined): Float64Array {
  const n = y.length;
  const out = new Float64Array(spec.K);
  if (spec.task === 'regression') {
    if (spec.regression === 'l2') {
      let s = 0;
      let ws = 0;
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i] : 1;
        s += wi * y[i];
        ws += wi;
      }
      out[0] = ws > 0 ? s / ws : 0;
    } else {
      out[0] = weightedMedian(y, w);
    }
    return out;
  }
  const K = spec.task === 'binary' ? 2 : spec.K;
  const c = new Float64Array(K);
  let ws = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    c[y[i]] += wi;
    ws += wi;
  }
  const eps = 1e-15;
  if (spec.task === 'binary') {
    const p = Math.min(1 - eps, Math.max(eps, c[1] / ws));
    out[0] = Math.log(p / (1 - p));
  } else {
    for (let k = 0; k < K; k++) out[k] = Math.log(Math.max(eps, c[k] / ws));
  }
  return out;
}

/** Softmax of row r of scores into probs (row-major, K wide). */
export function softmaxRows(scores: Float64Array, probs: Float64Array, n: number, K: number): void {
  for (let r = 0; r < n; r++) {
    const o = r * K;
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (scores[o + k] > m) m = scores[o + k];
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(scores[o + k] - m);
      probs[o + k] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) probs[o + k] /= s;
  }
}

/**
 * Gradients and hessians for output k. For multiclass `probs` must hold the softmax of scores.
 */
export function gradients(
  spec: LossSpec,
  k: number,
  y: Float64Array,
  scores: Float64Array,
  probs: Float64Array | null,
  w: Float64Array | undefined,
  grad: Float64Array,
  hess: Float64Array,
): void {
  const n = y.length;
  const K = spec.K;
  if (spec.task === 'binary') {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-scores[i]));
      grad[i] = p - y[i];
      hess[i] = Math.max(p * (1 - p), 1e-16);
    }
  } else if (spec.task === 'multiclass') {
    for (let i = 0; i < n; i++) {
      const p = probs![i * K + k];
      grad[i] = p - (y[i] === k ? 1 : 0);
      hess[i] = Math.max(p * (1 - p), 1e-16);
    }
  } else if (spec.regression === 'l2') {
    for (let i = 0; i < n; i++) {
      grad[i] = scores[i] - y[i];
      hess[i] = 1;
    }
  } else if (spec.regression === 'l1') {
    for (let i = 0; i < n; i++) {
      const d = scores[i] - y[i];
      grad[i] = d > 0 ? 1 : d < 0 ? -1 : 0;
      hess[i] = 1;
    }
  } else {
    const delta = spec.huberDelta;
    for (let i = 0; i < n; i++) {
      const d = scores[i] - y[i];
      grad[i] = d > delta ? delta : d < -delta ? -delta : d;
      hess[i] = 1;
    }
  }
  if (w) {
    for (let i = 0; i < n; i++) {
      grad[i] *= w[i];
      hess[i] *= w[i];
    }
  }
}

/** Mean loss of raw scores (log loss, softmax log loss, squared / absolute / Huber error). */
export function evalLoss(spec: LossSpec, y: Float64Array, scores: Float64Array): number {
  const n = y.length;
  const K = spec.K;
  let s = 0;
  if (spec.task === 'binary') {
    for (let i = 0; i < n; i++) {
      const z = scores[i];
      // log(1 + exp(-z)) for y=1, log(1 + exp(z)) for y=0, computed stably.
      const t = y[i] === 1 ? -z : z;
      s += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    }
  } else if (spec.task === 'multiclass') {
    for (let i = 0; i < n; i++) {
      const o = i * K;
      let m = -Infinity;
      for (let k = 0; k < K; k++) if (scores[o + k] > m) m = scores[o + k];
      let e = 0;
      for (let k = 0; k < K; k++) e += Math.exp(scores[o + k] - m);
      s += m + Math.log(e) - scores[o + y[i]];
    }
  } else {
    const delta = spec.huberDelta;
    for (let i = 0; i < n; i++) {
      const d = Math.abs(scores[i] - y[i]);
      if (spec.regression === 'l2') s += d * d;
      else if (spec.regression === 'l1') s += d;
      else s += d <= delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
    }
  }
  return n > 0 ? s / n : 0;
}
