/**
 * Label decisions for the metrics that weigh classes equally. The label of a row is the class
 * with the largest probability, which is right for accuracy; balanced accuracy and macro-F1 count
 * a rare class as much as a common one, and for them the largest probability divided by the
 * class's share of the training rows (a prior correction) is the better rule: for balanced
 * accuracy it is the Bayes decision when the probabilities are calibrated. A model that was
 * trained with balanced class weights is corrected already, so the rule is chosen on the final
 * model's out-of-fold predictions: no correction, half (share^-0.5) or full (share^-1), kept only
 * for a real gain. The probabilities themselves are never changed.
 */
import { metricLoss, scoreMetric, type MetricName } from '../evaluate/metrics.js';

/** Metrics whose labels may be decided with class weights. */
export const DECISION_METRICS: ReadonlySet<MetricName> = new Set<MetricName>(['balanced_accuracy', 'macro_f1']);

/** Per row, the class with the largest probability times its weight (first class on ties). */
export function weightedArgmax(proba: ArrayLike<number>, k: number, weights: readonly number[] | null): Float64Array {
  const n = Math.floor(proba.length / k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestV = proba[i * k] * (weights ? weights[0] : 1);
    for (let c = 1; c < k; c++) {
      const v = proba[i * k + c] * (weights ? weights[c] : 1);
      if (v > bestV) {
        best = c;
        bestV = v;
      }
    }
    out[i] = best;
  }
  return out;
}

export interface DecisionChoice {
  /** Per-class multipliers of the probabilities before the argmax (the largest is 1). */
  weights: number[];
  /** The correction's strength: weights are share^-exponent. */
  exponent: number;
  /** Out-of-fold score with the weights, and with the plain argmax. */
  score: number;
  baseScore: number;
}

/**
 * The decision rule for `metric` on out-of-fold probabilities `oof` (rows x k) of labels `y`;
 * `shares` are the class shares of the training rows. Null when the metric has none, or when no
 * correction beats the plain argmax by more than 1e-4 (the rule the ensemble is kept by).
 */
export function tuneDecision(o: { metric: MetricName; y: ArrayLike<number>; oof: ArrayLike<number>; k: number; shares: readonly number[] }): DecisionChoice | null {
  const { metric, y, oof, k, shares } = o;
  if (!DECISION_METRICS.has(metric) || k < 2 || shares.some((s) => !(s > 0))) return null;
  const baseScore = scoreMetric(metric, y, weightedArgmax(oof, k, null), oof, k);
  let best: DecisionChoice | null = null;
  for (const exponent of [0.5, 1]) {
    const raw = shares.map((s) => s ** -exponent);
    const top = Math.max(...raw);
    const weights = raw.map((w) => w / top);
    const score = scoreMetric(metric, y, weightedArgmax(oof, k, weights), oof, k);
    if (!best || metricLoss(metric, score) < metricLoss(metric, best.score)) best = { weights, exponent, score, baseScore };
  }
  if (!best || metricLoss(metric, baseScore) - metricLoss(metric, best.score) <= 1e-4 * Math.max(1, Math.abs(baseScore))) return null;
  return best;
}
