/**
 * Greedy ensemble selection (Caruana et al. 2004), with replacement: repeatedly add the model
 * whose inclusion most improves the out-of-fold score of the averaged predictions.
 */
import { argmaxRows, metricLoss, scoreMetric, type MetricName } from '../evaluate/metrics.js';

export interface EnsembleCandidate {
  trialId: number;
  /** Out-of-fold predictions: rows x width (probabilities, or values for regression). */
  oof: Float64Array;
}

export interface EnsembleResult {
  /** Weights summing to 1, over the candidates with weight > 0. */
  members: { trialId: number; weight: number }[];
  score: number;
  /** Score of the best single candidate on the same rows. */
  bestSingleScore: number;
}

export function scoreOof(metric: MetricName, y: Float64Array, oof: Float64Array, nClasses: number): number {
  if (nClasses <= 1) return scoreMetric(metric, y, oof, null, 1);
  return scoreMetric(metric, y, argmaxRows(oof, nClasses), oof, nClasses);
}

export function caruana(o: {
  candidates: EnsembleCandidate[];
  y: Float64Array;
  nClasses: number;
  metric: MetricName;
  iterations?: number;
}): EnsembleResult | null {
  const { candidates, y, metric } = o;
  if (candidates.length === 0) return null;
  const k = o.nClasses;
  const len = candidates[0].oof.length;
  const sum = new Float64Array(len);
  const trial = new Float64Array(len);
  const counts = new Array<number>(candidates.length).fill(0);
  const singles = candidates.map((c) => scoreOof(metric, y, c.oof, k));
  let bestSingle = 0;
  for (let i = 1; i < singles.length; i++) if (metricLoss(metric, singles[i]) < metricLoss(metric, singles[bestSingle])) bestSingle = i;
  let bestLoss = Infinity;
  let bestScore = NaN;
  let bestCounts = counts.slice();
  const iters = o.iterations ?? 25;
  for (let it = 0; it < iters; it++) {
    let pick = -1;
    let pickLoss = Infinity;
    let pickScore = NaN;
    for (let c = 0; c < candidates.length; c++) {
      const oof = candidates[c].oof;
      for (let i = 0; i < len; i++) trial[i] = (sum[i] + oof[i]) / (it + 1);
      const s = scoreOof(metric, y, trial, k);
      const l = metricLoss(metric, s);
      if (l < pickLoss) {
        pickLoss = l;
        pick = c;
        pickScore = s;
      }
    }
    if (pick < 0) break;
    counts[pick]++;
    const oof = candidates[pick].oof;
    for (let i = 0; i < len; i++) sum[i] += oof[i];
    if (pickLoss < bestLoss - 1e-12) {
      bestLoss = pickLoss;
      bestScore = pickScore;
      bestCounts = counts.slice();
    }
  }
  const total = bestCounts.reduce((a, b) => a + b, 0);
  const members = candidates
    .map((c, i) => ({ trialId: c.trialId, weight: bestCounts[i] / total }))
    .filter((m) => m.weight > 0);
  return { members, score: bestScore, bestSingleScore: singles[bestSingle] };
}
