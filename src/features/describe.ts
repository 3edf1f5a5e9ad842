/**
 * What a fitted pipeline produces, for people and the LLM: one entry per step with its inputs,
 * how many features it made, a few example names and why it exists. TF-IDF vocabularies are
 * summarised as a count plus the most common terms, never listed in full.
 */
import type { DroppedColumn, FittedPipeline } from './pipeline.js';
import { FittedTfidf } from './text/tfidf.js';

export interface FeatureStepDescription {
  step: string;
  inputs: string[];
  count: number;
  /** Up to 10 output names (for TF-IDF: the terms with the highest document frequency). */
  examples: string[];
  reason: string;
}

export interface FeatureDescription {
  view: 'tree' | 'linear';
  nFeatures: number;
  sparse: boolean;
  steps: FeatureStepDescription[];
  dropped: DroppedColumn[];
}

const MAX_EXAMPLES = 10;

export function describeFeatures(fitted: FittedPipeline): FeatureDescription {
  const steps = fitted.steps.map((s): FeatureStepDescription => {
    let examples: string[];
    if (s instanceof FittedTfidf) {
      const order = Array.from(s.idf.keys()).sort((a, b) => s.idf[a] - s.idf[b] || a - b).slice(0, MAX_EXAMPLES);
      examples = order.map((c) => s.outputs[c]);
    } else examples = s.outputs.slice(0, MAX_EXAMPLES);
    return { step: s.kind, inputs: [...s.inputs], count: s.outputs.length, examples, reason: s.reason };
  });
  return { view: fitted.view, nFeatures: fitted.nFeatures, sparse: fitted.sparse, steps, dropped: [...fitted.dropped] };
}
