/**
 * A fitted forest (random forest or extra trees): class probabilities averaged over trees
 * (leaf values are per-class probabilities), or the mean prediction for regression.
 */
import type { TreeEnsembleIR } from '../../export/ir.js';
import { argmaxRows } from '../linear/fit-utils.js';
import { denseData } from '../tree/binning.js';
import type { SavedTree, Tree } from '../tree/tree.js';
import { checkFeatureCount, checkSavedVersion, requireClassification } from '../tree/model-checks.js';
import { gainImportance, leafOf, loadTree, saveTree, toTreeIR } from '../tree/tree.js';
import type { FittedModel, Matrix, ParamValue, SavedModel, TaskType } from '../types.js';

export interface ForestState {
  learner: string;
  task: TaskType;
  nClasses: number;
  nFeatures: number;
  trees: Tree[];
  info: Record<string, ParamValue>;
}

export class ForestModel implements FittedModel {
  readonly learner: string;
  readonly task: TaskType;
  readonly nClasses: number;
  readonly nFeatures: number;
  constructor(readonly state: ForestState) {
    this.learner = state.learner;
    this.task = state.task;
    this.nClasses = state.nClasses;
    this.nFeatures = state.nFeatures;
  }

  /** Row-major rows x nOutputs average of leaf values. */
  private average(X: Matrix): Float64Array {
    const s = this.state;
    checkFeatureCount(X, s.nFeatures);
    const data = denseData(X);
    const K = s.task === 'regression' ? 1 : s.nClasses;
    const n = X.rows;
    const out = new Float64Array(n * K);
    for (const t of s.trees) {
      const v = t.value;
      for (let r = 0; r < n; r++) {
        const o = leafOf(t, data, X.cols, r) * K;
        for (let k = 0; k < K; k++) out[r * K + k] += v[o + k];
      }
    }
    const inv = 1 / Math.max(1, s.trees.length);
    for (let i = 0; i < out.length; i++) out[i] *= inv;
    return out;
  }

  predict(X: Matrix): Float64Array {
    const avg = this.average(X);
    return this.task === 'regression' ? avg : argmaxRows(avg, this.nClasses);
  }

  predictProba(X: Matrix): Float64Array {
    requireClassification(this.task);
    return this.average(X);
  }

  featureImportance(): Float64Array {
    return gainImportance(this.state.trees, this.nFeatures);
  }

  info(): Record<string, ParamValue> {
    let nodes = 0;
    for (const t of this.state.trees) nodes += t.feature.length;
    return { ...this.state.info, trees: this.state.trees.length, nodes };
  }

  toJSON(): SavedModel {
    const s = this.state;
    return {
      learner: s.learner,
      version: 1,
      task: s.task,
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      info: s.info,
      trees: s.trees.map(saveTree),
    };
  }

  static load(saved: SavedModel, learner: string): ForestModel {
    checkSavedVersion(saved, learner);
    const j = saved as unknown as {
      task: TaskType;
      nClasses: number;
      nFeatures: number;
      info: Record<string, ParamValue>;
      trees: SavedTree[];
    };
    return new ForestModel({
      learner,
      task: j.task,
      nClasses: j.nClasses,
      nFeatures: j.nFeatures,
      info: j.info,
      trees: j.trees.map(loadTree),
    });
  }

  toExportIR(): TreeEnsembleIR {
    const s = this.state;
    const K = s.task === 'regression' ? 1 : s.nClasses;
    return {
      kind: 'trees',
      task: s.task,
      nFeatures: s.nFeatures,
      nOutputs: K,
      nClasses: s.nClasses,
      trees: s.trees.map(toTreeIR),
      base: new Float64Array(K),
      aggregate: 'average',
      post: 'none',
    };
  }
}
