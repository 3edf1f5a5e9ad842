/**
 * k-nearest neighbours (Euclidean, brute force over typed arrays) for small dense data:
 * classification by (distance-)weighted vote, regression by (distance-)weighted mean (or median,
 * with loss 'l1', for absolute error).
 * 'distance' weights are 1/d; when a query coincides with training rows (d = 0) only those vote,
 * as in scikit-learn. Ties in distance are broken by training row order, so results are
 * deterministic. NaN features count as 0. Not exportable to ONNX (it would need the training set
 * inside the graph): toExportIR throws EXPORT_UNSUPPORTED.
 */
import { AskmlError } from '../../errors.js';
import type { ExportIR } from '../../export/ir.js';
import { weightedMedian } from '../../util/order-stats.js';
import { registerLearner } from '../registry.js';
import { checkCols, densify } from '../sparse.js';
import type { DataShape, FittedModel, Learner, Matrix, Params, SavedModel, SearchSpace, Target, TaskType } from '../types.js';
import { argmaxRows, checkSampleWeight, checkTarget, choiceParam, makeTicker, numParam } from '../linear/fit-utils.js';

export const KNN = 'knn';

interface KnnState {
  task: TaskType;
  nClasses: number;
  rows: number;
  cols: number;
  X: Float64Array;
  y: Float64Array;
  k: number;
  weights: 'uniform' | 'distance';
  /** Regression: 'l1' predicts the weighted median of the neighbours' targets (absolute error). */
  loss: 'l2' | 'l1';
}

class KnnModel implements FittedModel {
  readonly learner = KNN;
  readonly task: TaskType;
  readonly nClasses: number;
  readonly nFeatures: number;
  constructor(private readonly s: KnnState) {
    this.task = s.task;
    this.nClasses = s.nClasses;
    this.nFeatures = s.cols;
  }

  /** rows x nOut: class vote shares (classification) or the weighted mean (regression). */
  private vote(Q: Matrix): Float64Array {
    checkCols(Q, this.nFeatures, KNN);
    const { X, y, rows: n, cols: d, weights } = this.s;
    const k = Math.min(this.s.k, n);
    const q = Q.kind === 'dense' ? Q.data : densify(Q).data;
    const reg = this.task === 'regression';
    const nOut = reg ? 1 : this.nClasses;
    const out = new Float64Array(Q.rows * nOut);
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    const median = reg && this.s.loss === 'l1' ? { y: new Float64Array(k), w: new Float64Array(k) } : null;
    for (let r = 0; r < Q.rows; r++) {
      let filled = 0;
      for (let i = 0; i < n; i++) {
        let dist = 0;
        for (let j = 0; j < d; j++) {
          const v = q[r * d + j];
          const diff = (v === v ? v : 0) - X[i * d + j];
          dist += diff * diff;
        }
        if (filled === k && dist >= bestD[k - 1]) continue;
        // Insertion into the sorted top-k (strict <, so earlier rows win ties).
        let p = filled < k ? filled++ : k - 1;
        while (p > 0 && bestD[p - 1] > dist) {
          bestD[p] = bestD[p - 1];
          bestI[p] = bestI[p - 1];
          p--;
        }
        bestD[p] = dist;
        bestI[p] = i;
      }
      const exact = weights === 'distance' && bestD[0] === 0;
      let total = 0;
      for (let t = 0; t < filled; t++) {
        let w = 1;
        if (weights === 'distance') w = exact ? (bestD[t] === 0 ? 1 : 0) : 1 / Math.sqrt(bestD[t]);
        if (median) {
          median.y[t] = y[bestI[t]];
          median.w[t] = w;
        }
        if (w === 0) continue;
        total += w;
        if (reg) out[r] += w * y[bestI[t]];
        else out[r * nOut + y[bestI[t]]] += w;
      }
      for (let c = 0; c < nOut; c++) out[r * nOut + c] /= total;
      if (median) out[r] = weightedMedian(median.y.subarray(0, filled), median.w.subarray(0, filled));
    }
    return out;
  }

  predict(X: Matrix): Float64Array {
    const v = this.vote(X);
    return this.task === 'regression' ? v : argmaxRows(v, this.nClasses);
  }

  predictProba(X: Matrix): Float64Array {
    if (this.task === 'regression') throw new AskmlError('BAD_ARGUMENT', 'knn regression has no class probabilities.');
    return this.vote(X);
  }

  info() {
    return { k: this.s.k, weights: this.s.weights };
  }

  toJSON(): SavedModel {
    const s = this.s;
    return {
      learner: KNN,
      // Version 2 with the median: older askml refuses it instead of predicting the mean (audit).
      version: s.loss === 'l1' ? 2 : 1,
      task: s.task,
      nClasses: s.nClasses,
      rows: s.rows,
      cols: s.cols,
      k: s.k,
      weights: s.weights,
      ...(s.loss === 'l1' ? { loss: 'l1' } : {}),
      X: Array.from(s.X),
      y: Array.from(s.y),
    };
  }

  toExportIR(): ExportIR {
    throw new AskmlError('EXPORT_UNSUPPORTED', 'knn cannot be exported to ONNX: the model is the whole training set, searched at prediction time.', {
      hint: 'Export a linear or tree model instead (e.g. logistic_regression, ridge, or a gradient-boosted model).',
    });
  }
}

export const knn: Learner = {
  name: KNN,
  description: 'k-nearest neighbours (brute force, Euclidean) for small dense data; no training cost, can catch local structure linear models miss.',
  tasks: ['binary', 'multiclass', 'regression'],
  view: 'linear',
  input: 'dense',
  // Not searched by default: it cannot be exported to ONNX and rarely beats the others; ask for
  // it by name (include_learners: ['knn']).
  onRequest: true,
  suitable: (shape: DataShape) => !shape.sparse && shape.rows <= 20000 && shape.rows * shape.cols <= 2_000_000,
  space(shape): SearchSpace {
    return {
      params: {
        k: { type: 'int', low: 1, high: Math.max(1, Math.min(100, Math.floor(shape.rows / 2))), log: true },
        weights: { type: 'choice', values: ['uniform', 'distance'] },
      },
      init: { k: Math.min(5, Math.max(1, shape.rows)), weights: 'uniform' },
      default: { k: Math.min(5, Math.max(1, shape.rows)), weights: 'distance' },
    };
  },
  async fit(X: Matrix, y: Target, params: Params, opts) {
    const tick = makeTicker(opts.signal, `${KNN} fit`);
    await tick();
    checkTarget(X, y, KNN);
    const k = Math.round(numParam(params, 'k', 5, 1, 1e6));
    const weights = choiceParam(params, 'weights', ['uniform', 'distance'] as const, 'uniform');
    const loss = choiceParam(params, 'loss', ['l2', 'l1'] as const, 'l2');
    if (loss === 'l1' && y.task !== 'regression') {
      throw new AskmlError('BAD_ARGUMENT', `${KNN} loss 'l1' is for regression; a ${y.task} target has no absolute error.`, { choices: ['l2'], value: 'l1' });
    }
    const data = Float64Array.from(X.kind === 'dense' ? X.data : densify(X).data);
    for (let t = 0; t < data.length; t++) if (data[t] !== data[t]) data[t] = 0;
    await tick();
    checkSampleWeight(opts.sampleWeight, X.rows);
    if (opts.sampleWeight) {
      // Rows with zero weight are dropped; other weights are ignored (a vote is a vote).
      const keep: number[] = [];
      for (let i = 0; i < X.rows; i++) if (opts.sampleWeight[i] > 0) keep.push(i);
      const Xk = new Float64Array(keep.length * X.cols);
      keep.forEach((i, r) => Xk.set(data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols));
      return new KnnModel({ task: y.task, nClasses: y.nClasses, rows: keep.length, cols: X.cols, X: Xk, y: Float64Array.from(keep, (i) => y.y[i]), k, weights, loss });
    }
    return new KnnModel({ task: y.task, nClasses: y.nClasses, rows: X.rows, cols: X.cols, X: data, y: Float64Array.from(y.y), k, weights, loss });
  },
  load(saved: SavedModel): FittedModel {
    const j = saved as SavedModel & Record<string, unknown>;
    if ((j.version !== 1 && j.version !== 2) || !Array.isArray(j.X) || !Array.isArray(j.y)) {
      throw new AskmlError('VERSION_MISMATCH', 'Saved knn model is not version 1 or 2.');
    }
    return new KnnModel({
      task: j.task as TaskType,
      nClasses: j.nClasses as number,
      rows: j.rows as number,
      cols: j.cols as number,
      k: j.k as number,
      weights: j.weights as 'uniform' | 'distance',
      loss: j.loss === 'l1' ? 'l1' : 'l2',
      X: Float64Array.from(j.X as number[]),
      y: Float64Array.from(j.y as number[]),
    });
  },
};

registerLearner(knn);
