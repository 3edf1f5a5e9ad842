/**
 * The fitted form shared by every model that is linear in its features (logistic regression,
 * linear SVM, ridge, naive Bayes): scores = X · coefᵀ + intercept, then a post transform.
 * It maps one-to-one onto the export LinearIR.
 */
import { AskmlError } from '../../errors.js';
import type { LinearIR } from '../../export/ir.js';
import { checkCols, matmulT } from '../sparse.js';
import type { FittedModel, Matrix, ParamValue, SavedModel, TaskType } from '../types.js';
import { argmaxRows, sigmoid, softmaxRows } from './fit-utils.js';

export interface LinearState {
  learner: string;
  task: TaskType;
  nClasses: number;
  nFeatures: number;
  /** 1 for regression and binary (score of class 1), nClasses for multiclass. */
  nOutputs: number;
  /** Row-major nOutputs x nFeatures. */
  coef: Float64Array;
  intercept: Float64Array;
  /** 'none' (regression), 'logistic' (binary, p1 = σ(score)) or 'softmax' (multiclass). */
  post: 'none' | 'logistic' | 'softmax';
  info?: Record<string, ParamValue>;
}

/**
 * Binary models fitted with one score per class (e.g. naive Bayes) fold into a single score:
 * softmax([s0, s1])[1] = σ(s1 - s0), so the model keeps nOutputs 1 and post 'logistic'.
 */
export function foldBinary(coef: Float64Array, intercept: Float64Array, nFeatures: number): { coef: Float64Array; intercept: Float64Array } {
  const c = new Float64Array(nFeatures);
  for (let j = 0; j < nFeatures; j++) c[j] = coef[nFeatures + j] - coef[j];
  return { coef: c, intercept: Float64Array.of(intercept[1] - intercept[0]) };
}

export class LinearModel implements FittedModel {
  readonly learner: string;
  readonly task: TaskType;
  readonly nClasses: number;
  readonly nFeatures: number;
  private readonly s: LinearState;

  constructor(state: LinearState) {
    const expect = state.task === 'multiclass' ? state.nClasses : 1;
    if (state.nOutputs !== expect || state.coef.length !== state.nOutputs * state.nFeatures || state.intercept.length !== state.nOutputs) {
      throw new AskmlError('INTERNAL', `Inconsistent linear model shapes for ${state.learner}.`);
    }
    this.s = state;
    this.learner = state.learner;
    this.task = state.task;
    this.nClasses = state.nClasses;
    this.nFeatures = state.nFeatures;
  }

  /** Raw scores, rows x nOutputs. */
  decision(X: Matrix): Float64Array {
    checkCols(X, this.nFeatures, this.learner);
    return matmulT(X, this.s.coef, this.s.nOutputs, this.s.intercept);
  }

  predict(X: Matrix): Float64Array {
    if (this.task === 'regression') return this.decision(X);
    return argmaxRows(this.predictProba(X), this.nClasses);
  }

  predictProba(X: Matrix): Float64Array {
    if (this.task === 'regression') {
      throw new AskmlError('BAD_ARGUMENT', `${this.learner} is a regression model: it has no class probabilities.`);
    }
    const s = this.decision(X);
    if (this.s.nOutputs > 1) return softmaxRows(s, this.s.nOutputs);
    const p = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      const p1 = sigmoid(s[i]);
      p[2 * i] = 1 - p1;
      p[2 * i + 1] = p1;
    }
    return p;
  }

  /** The fitted weights (row-major nOutputs x nFeatures), read-only: for reading the model (top terms), not changing it. */
  weights(): { coef: Readonly<Float64Array>; nOutputs: number } {
    return { coef: this.s.coef, nOutputs: this.s.nOutputs };
  }

  featureImportance(): Float64Array {
    const { coef, nOutputs, nFeatures } = this.s;
    const out = new Float64Array(nFeatures);
    for (let k = 0; k < nOutputs; k++) for (let j = 0; j < nFeatures; j++) out[j] += Math.abs(coef[k * nFeatures + j]);
    return out;
  }

  info(): Record<string, ParamValue> {
    return { ...(this.s.info ?? {}) };
  }

  toJSON(): SavedModel {
    const s = this.s;
    return {
      learner: s.learner,
      version: 1,
      kind: 'linear',
      task: s.task,
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      nOutputs: s.nOutputs,
      coef: Array.from(s.coef),
      intercept: Array.from(s.intercept),
      post: s.post,
      info: s.info ?? {},
    };
  }

  static fromJSON(saved: SavedModel): LinearModel {
    const j = saved as SavedModel & Record<string, unknown>;
    if (j.version !== 1 || j.kind !== 'linear' || !Array.isArray(j.coef) || !Array.isArray(j.intercept)) {
      throw new AskmlError('VERSION_MISMATCH', `Saved ${saved.learner} model is not a version-1 linear model.`);
    }
    return new LinearModel({
      learner: saved.learner,
      task: j.task as TaskType,
      nClasses: j.nClasses as number,
      nFeatures: j.nFeatures as number,
      nOutputs: j.nOutputs as number,
      coef: Float64Array.from(j.coef as number[]),
      intercept: Float64Array.from(j.intercept as number[]),
      post: j.post as LinearState['post'],
      info: (j.info ?? {}) as Record<string, ParamValue>,
    });
  }

  toExportIR(): LinearIR {
    const s = this.s;
    return {
      kind: 'linear',
      task: s.task,
      nFeatures: s.nFeatures,
      nOutputs: s.nOutputs,
      nClasses: s.nClasses,
      coef: Float64Array.from(s.coef),
      intercept: Float64Array.from(s.intercept),
      post: s.post,
    };
  }
}
