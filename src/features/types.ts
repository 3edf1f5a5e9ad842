/**
 * The feature contract. A Transformer is fitted on training rows only and then turns any Frame
 * with the same input columns into a block of model-ready columns. A Pipeline (pipeline.ts)
 * concatenates the blocks of its steps into one Matrix (dense, or CSR when a text step is
 * present) and is what gets saved with a model and exported to ONNX.
 */
import type { Frame } from '../data/frame.js';
import type { Matrix, Target } from '../learners/types.js';

export interface FitContext {
  seed: number;
  /** The training target, for supervised steps (target encoding). */
  target?: Target;
  signal?: AbortSignal;
}

export interface FeatureBlock {
  /** Output feature names, e.g. 'age', 'age__missing', 'sex=female', 'title:tfidf:北京'. */
  names: string[];
  matrix: Matrix;
}

export interface SavedTransformer {
  kind: string;
  [key: string]: unknown;
}

export interface FittedTransformer {
  readonly kind: string;
  /** The input columns it reads. */
  readonly inputs: readonly string[];
  /** Output feature names. */
  readonly outputs: readonly string[];
  /** Why this step exists, in words a person can read ("title: zh text -> char 1-2 gram TF-IDF"). */
  readonly reason: string;
  transform(frame: Frame): FeatureBlock;
  toJSON(): SavedTransformer;
}

export interface Transformer {
  readonly kind: string;
  fit(frame: Frame, ctx: FitContext): FittedTransformer | Promise<FittedTransformer>;
  /**
   * Optional: fit and return the training rows' block in one pass. Steps whose training output
   * differs from transform(train) (out-of-fold target encoding) or that can save a pass (TF-IDF)
   * implement it; the Pipeline uses it when present.
   */
  fitTransform?(
    frame: Frame,
    ctx: FitContext,
  ): { fitted: FittedTransformer; block: FeatureBlock } | Promise<{ fitted: FittedTransformer; block: FeatureBlock }>;
}

/**
 * Two views of the same data: 'tree' (ordinal codes, raw numbers, NaN kept) for tree learners
 * and 'linear' (imputed, scaled, one-hot, TF-IDF) for linear models, naive Bayes and kNN.
 */
export type FeatureView = 'tree' | 'linear';
