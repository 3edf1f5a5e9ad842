/**
 * The export intermediate representation: what fitted learners and feature steps hand to the
 * ONNX writer. It is small on purpose, and every learner maps onto it or says it cannot.
 *
 * Learner IR works on the final feature vector (the pipeline's output), in float32 as ONNX does.
 */

/** Final transform from raw scores to what predictProba returns. */
export type PostTransform = 'none' | 'logistic' | 'softmax' | 'normalize';

/**
 * A tree ensemble. Node arrays of one tree are parallel; a node is a leaf when left[i] < 0.
 * Split rule: go left when x[feature] <= threshold (as float32), or when x is NaN and
 * missingLeft[i] === 1.
 * Leaf values: `value[i * nOutputs + k]` is added to output k (for classification by boosting
 * one tree per class, `nOutputs` is 1 and `treeOutput[t]` says which class tree t feeds).
 */
export interface TreeIR {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  value: Float64Array;
  nOutputs: number;
}

export interface TreeEnsembleIR {
  kind: 'trees';
  task: 'binary' | 'multiclass' | 'regression';
  nFeatures: number;
  /** Number of raw outputs: 1 for regression and (boosted) binary, nClasses otherwise. */
  nOutputs: number;
  nClasses: number;
  trees: TreeIR[];
  /** For single-output trees in a multi-output ensemble: which output each tree adds to. */
  treeOutput?: Int32Array;
  /** Added to the summed (or averaged) outputs. */
  base: Float64Array;
  /** 'sum' for boosting, 'average' for forests (sum of leaves / number of trees). */
  aggregate: 'sum' | 'average';
  /**
   * For binary with nOutputs 1: p1 = post(score), p0 = 1 - p1.
   * For multiclass: probabilities = post(scores).
   */
  post: PostTransform;
}

/** scores = X * coef^T + intercept; coef is row-major nOutputs x nFeatures. */
export interface LinearIR {
  kind: 'linear';
  task: 'binary' | 'multiclass' | 'regression';
  nFeatures: number;
  nOutputs: number;
  nClasses: number;
  coef: Float64Array;
  intercept: Float64Array;
  /** As for trees: binary with nOutputs 1 means p1 = post(score). */
  post: PostTransform;
}

/** A weighted average of member probabilities (classification) or predictions (regression). */
export interface EnsembleIR {
  kind: 'ensemble';
  task: 'binary' | 'multiclass' | 'regression';
  nFeatures: number;
  nClasses: number;
  members: { weight: number; model: ModelIR }[];
}

/** A regression model fitted on log(target): exp(clip(inner, lo, hi)) (src/learners/log-target.ts). */
export interface LogTargetIR {
  kind: 'log_target';
  task: 'regression';
  nFeatures: number;
  nClasses: number;
  inner: ModelIR;
  lo: number;
  hi: number;
}

export type ModelIR = TreeEnsembleIR | LinearIR | EnsembleIR | LogTargetIR;

/** Kept as an alias: what `FittedModel.toExportIR()` returns. */
export type ExportIR = ModelIR;
