/**
 * A fitted gradient-boosted tree ensemble: raw scores = base + sum of trees; probabilities by
 * logistic (binary) or softmax (multiclass). Tree t feeds output t % K.
 */
import type { TreeEnsembleIR } from '../../export/ir.js';
import { argmaxRows } from '../linear/fit-utils.js';
import { denseData } from '../tree/binning.js';
import type { SavedTree, Tree } from '../tree/tree.js';
import { checkFeatureCount, checkSavedVersion, requireClassification } from '../tree/model-checks.js';
import { b64, fromB64, gainImportance, leafOf, loadTree, saveTree, toTreeIR } from '../tree/tree.js';
import type { FittedModel, Matrix, ParamValue, SavedModel, TaskType } from '../types.js';
import { softmaxRows } from './loss.js';

export interface GbdtState {
  task: TaskType;
  nClasses: number;
  nFeatures: number;
  /** Raw outputs: nClasses for multiclass, else 1. */
  K: number;
  base: Float64Array;
  trees: Tree[];
  bestIteration: number;
  iterations: number;
  info: Record<string, ParamValue>;
}

export const GBDT_NAME = 'gbdt';

export class GbdtModel implements FittedModel {
  readonly learner = GBDT_NAME;
  readonly task: TaskType;
  readonly nClasses: number;
  readonly nFeatures: number;
  constructor(readonly state: GbdtState) {
    this.task = state.task;
    this.nClasses = state.nClasses;
    this.nFeatures = state.nFeatures;
  }

  /** Row-major rows x K raw scores. */
  rawScores(X: Matrix): Float64Array {
    const s = this.state;
    checkFeatureCount(X, s.nFeatures);
    const data = denseData(X);
    const K = s.K;
    const n = X.rows;
    const out = new Float64Array(n * K);
    for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) out[r * K + k] = s.base[k];
    for (let t = 0; t < s.trees.length; t++) {
      const tree = s.trees[t];
      const k = t % K;
      const v = tree.value;
      for (let r = 0; r < n; r++) out[r * K + k] += v[leafOf(tree, data, X.cols, r)];
    }
    return out;
  }

  predict(X: Matrix): Float64Array {
    const raw = this.rawScores(X);
    const n = X.rows;
    if (this.task === 'regression') return raw;
    if (this.task === 'multiclass') return argmaxRows(raw, this.state.K);
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = raw[r] > 0 ? 1 : 0;
    return out;
  }

  predictProba(X: Matrix): Float64Array {
    requireClassification(this.task);
    const raw = this.rawScores(X);
    const n = X.rows;
    const C = this.nClasses;
    const out = new Float64Array(n * C);
    if (this.task === 'binary') {
      for (let r = 0; r < n; r++) {
        const p = 1 / (1 + Math.exp(-raw[r]));
        out[r * 2] = 1 - p;
        out[r * 2 + 1] = p;
      }
      return out;
    }
    softmaxRows(raw, out, n, C);
    return out;
  }

  featureImportance(): Float64Array {
    return gainImportance(this.state.trees, this.nFeatures);
  }

  info(): Record<string, ParamValue> {
    return {
      ...this.state.info,
      best_iteration: this.state.bestIteration,
      iterations: this.state.iterations,
      trees: this.state.trees.length,
    };
  }

  toJSON(): SavedModel {
    const s = this.state;
    return {
      learner: GBDT_NAME,
      version: 1,
      task: s.task,
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      K: s.K,
      base: b64(s.base),
      bestIteration: s.bestIteration,
      iterations: s.iterations,
      info: s.info,
      trees: s.trees.map(saveTree),
    };
  }

  static load(saved: SavedModel): GbdtModel {
    checkSavedVersion(saved, GBDT_NAME);
    const j = saved as unknown as {
      task: TaskType;
      nClasses: number;
      nFeatures: number;
      K: number;
      base: string;
      bestIteration: number;
      iterations: number;
      info: Record<string, ParamValue>;
      trees: SavedTree[];
    };
    return new GbdtModel({
      task: j.task,
      nClasses: j.nClasses,
      nFeatures: j.nFeatures,
      K: j.K,
      base: fromB64.f64(j.base),
      bestIteration: j.bestIteration,
      iterations: j.iterations,
      info: j.info,
      trees: j.trees.map(loadTree),
    });
  }

  toExportIR(): TreeEnsembleIR {
    const s = this.state;
    const K = s.K;
    const treeOutput = new Int32Array(s.trees.length);
    for (let t = 0; t < s.trees.length; t++) treeOutput[t] = t % K;
    return {
      kind: 'trees',
      task: s.task,
      nFeatures: s.nFeatures,
      nOutputs: K,
      nClasses: s.nClasses,
      trees: s.trees.map(toTreeIR),
      treeOutput: K > 1 ? treeOutput : undefined,
      base: s.base.slice(),
      aggregate: 'sum',
      post: s.task === 'binary' ? 'logistic' : s.task === 'multiclass' ? 'softmax' : 'none',
    };
  }
}
