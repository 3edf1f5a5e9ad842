/**
 * Greedy ensemble selection (Caruana et al. 2004), with replacement: repeatedly add the model
 * whose inclusion most improves the out-of-fold score of the averaged predictions.
 */
import { argmaxRows, metricLoss, scoreMetric, type MetricName } from '../evaluate/metrics.js';
import type { Rng } from '../util/random.js';

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
  bestSingleId: number;
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
  /**
   * Loss the greedy steps minimise, when not the metric itself: label metrics (accuracy,
   * macro-F1) are flat and on small data the greedy steps then chase a few borderline rows;
   * guided by the log loss the weights average whole probability estimates instead.
   */
  guide?: MetricName;
}): EnsembleResult | null {
  const { candidates, y, metric } = o;
  if (candidates.length === 0) return null;
  const k = o.nClasses;
  const len = candidates[0].oof.length;
  const sum = new Float64Array(len);
  const trial = new Float64Array(len);
  const counts = new Array<number>(candidates.length).fill(0);
  const singles = candidates.map((c) => scoreOof(metric, y, c.oof, k));
  const guide = o.guide ?? metric;
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
      const s = scoreOof(guide, y, trial, k);
      const l = metricLoss(guide, s);
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
  if (guide !== metric) {
    sum.fill(0);
    const total = bestCounts.reduce((a, b) => a + b, 0);
    for (let c = 0; c < candidates.length; c++) {
      if (bestCounts[c] === 0) continue;
      const oof = candidates[c].oof;
      for (let i = 0; i < len; i++) sum[i] += (bestCounts[c] * oof[i]) / total;
    }
    bestScore = scoreOof(metric, y, sum, k);
  }
  const total = bestCounts.reduce((a, b) => a + b, 0);
  const members = candidates
    .map((c, i) => ({ trialId: c.trialId, weight: bestCounts[i] / total }))
    .filter((m) => m.weight > 0);
  return { members, score: bestScore, bestSingleScore: singles[bestSingle], bestSingleId: candidates[bestSingle].trialId };
}

/** Weighted average of the members' out-of-fold predictions. */
export function blendOof(members: { trialId: number; weight: number }[], oofOf: (id: number) => Float64Array): Float64Array {
  const out = new Float64Array(oofOf(members[0].trialId).length);
  for (const m of members) {
    const oof = oofOf(m.trialId);
    for (let i = 0; i < out.length; i++) out[i] += m.weight * oof[i];
  }
  return out;
}

/**
 * Bootstrap standard error of metric(a) - metric(b) over the rows (paired: the same resampled
 * rows for both), for any metric; `rounds` resamples from a seeded generator.
 */
export function pairedBootstrapSe(
  metric: MetricName,
  y: Float64Array,
  a: Float64Array,
  b: Float64Array,
  nClasses: number,
  rng: Rng,
  rounds = 100,
): number {
  const n = y.length;
  const w = Math.max(1, nClasses);
  const yb = new Float64Array(n);
  const ab = new Float64Array(n * w);
  const bb = new Float64Array(n * w);
  const diffs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rng.next() * n);
      yb[i] = y[j];
      for (let c = 0; c < w; c++) {
        ab[i * w + c] = a[j * w + c];
        bb[i * w + c] = b[j * w + c];
      }
    }
    const d = scoreOof(metric, yb, ab, nClasses) - scoreOof(metric, yb, bb, nClasses);
    if (Number.isFinite(d)) diffs.push(d);
  }
  if (diffs.length < 2) return 0;
  const mean = diffs.reduce((x, v) => x + v, 0) / diffs.length;
  return Math.sqrt(diffs.reduce((x, v) => x + (v - mean) ** 2, 0) / (diffs.length - 1));
}

