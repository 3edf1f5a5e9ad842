/**
 * Finalist re-validation on fresh folds (cross-validated data only).
 *
 * On small data the search scores hundreds or thousands of configurations on the same k folds,
 * and the best of them is partly best by luck: it fits those folds' noise. diabetes (353 rows):
 * the best gbdt config had CV RMSE 51.4 on the search folds and 53.4-55.4 on fresh folds, where
 * ridge stayed at 53.4, and ridge was the better model on the test split (58.4 vs 60.4).
 *
 * So the leading configurations of each learner are scored again on `repeats` fresh fold
 * assignments of the same rows, and the final choice (the best single model and the ensemble
 * weights) is made on those predictions, which the search never selected on.
 *
 * Used for regression only (search-core.ts). Measured on 6 random 80/20 splits at 20 s
 * (bench/RESULTS.md): diabetes RMSE -1.08 (standard error 0.40); but titanic accuracy -0.008
 * (se 0.008) and penguins -0.010 (se 0.007): on a few hundred rows, accuracy on one or two
 * fresh splits is too coarse to re-rank finalists that the search separated with its log-loss
 * tie-break, and the ensemble then draws on 12 finalists instead of 16 kept predictions.
 */
import type { MetricName } from '../evaluate/metrics.js';
import type { Target } from '../learners/types.js';
import { hash32 } from '../util/random.js';
import { rankedTrials, type TrialRecord } from './run-log.js';
import { builtParams } from './trial-runner.js';
import { planValidation, type ValidationPlan } from './validation.js';
import type { WorkerPool } from './worker-pool.js';

/** Fresh fold assignments scored per finalist (when the time allows; else 1). */
export const REVAL_REPEATS = 2;
/** At most this many finalists, at most FINALISTS_PER_LEARNER per learner. */
export const REVAL_MAX = 12;
/** Configs per learner among the finalists and in the ensemble's candidates (finish.ts). */
export const FINALISTS_PER_LEARNER = 3;
/** Share of a time budget that re-validation may use. */
export const REVAL_SHARE = 0.1;

/** The fresh fold assignments: same fold count and stratification, other seeds. */
export function repeatPlans(plan: ValidationPlan, target: Target, cols: number, seed: number, repeats = REVAL_REPEATS): ValidationPlan[] {
  if (plan.kind !== 'cv') return [];
  const out: ValidationPlan[] = [];
  for (let r = 1; r <= repeats; r++) {
    const p = planValidation({ y: target.y, task: target.task, nClasses: target.nClasses, cols, seed: hash32(seed + 0x51ed * r), kind: 'cv', folds: plan.k });
    if (p.kind === 'cv' && p.k === plan.k) out.push(p);
  }
  return out;
}

/**
 * Finalists in the order they are re-scored: each learner's best trial (best learner first),
 * then each learner's second best, and so on, so a shortened list still covers the learners.
 */
export function finalists(records: TrialRecord[], metric: MetricName, max = REVAL_MAX): TrialRecord[] {
  const byLearner = new Map<string, TrialRecord[]>();
  for (const r of rankedTrials(records, metric)) {
    const list = byLearner.get(r.learner) ?? [];
    if (list.length < FINALISTS_PER_LEARNER) list.push(r);
    byLearner.set(r.learner, list);
  }
  const out: TrialRecord[] = [];
  for (let rank = 0; rank < FINALISTS_PER_LEARNER && out.length < max; rank++) {
    for (const list of byLearner.values()) if (list[rank] && out.length < max) out.push(list[rank]);
  }
  return out;
}

/** Predicted seconds to re-score these finalists on `repeats` fold assignments with `slots` workers. */
export function revalSeconds(cands: TrialRecord[], repeats: number, slots: number): number {
  if (cands.length === 0) return 0;
  const total = cands.reduce((a, r) => a + r.fitSeconds * 1.2 + 0.02, 0) * repeats;
  return Math.max(total / slots, ...cands.map((r) => r.fitSeconds * 1.2));
}

export interface RevalResult {
  /** Fresh out-of-fold predictions per finalist: the repeats' predictions one after the other. */
  oofs: Map<number, Float64Array>;
  repeats: number;
  /** Finalists that did not finish in time (dropped from the choice). */
  dropped: number;
}

/**
 * Re-score finalists on fresh folds. With `endMs`, the number of repeats and finalists is cut
 * to what is predicted to fit, and unfinished ones are dropped at endMs.
 */
export async function revalidate(o: {
  pool: WorkerPool;
  cands: TrialRecord[];
  plans: ValidationPlan[];
  seed: number;
  earlyStoppingRounds: number;
  endMs?: number;
}): Promise<RevalResult | null> {
  const slots = o.pool.concurrency();
  let cands = o.cands;
  let repeats = o.plans.length;
  if (o.endMs !== undefined) {
    const left = (o.endMs - Date.now()) / 1000;
    while (repeats > 1 && revalSeconds(cands, repeats, slots) > left) repeats--;
    while (cands.length > 2 && revalSeconds(cands, repeats, slots) > left) cands = cands.slice(0, -1);
    if (revalSeconds(cands, repeats, slots) > left) return null;
  }
  if (cands.length < 2 || repeats < 1) return null;
  const jobs: { rec: TrialRecord; r: number }[] = [];
  for (const rec of cands) for (let r = 1; r <= repeats; r++) jobs.push({ rec, r });
  const parts = new Map<number, (Float64Array | null)[]>();
  let next = 0;
  let stopped = false;
  const timer = o.endMs !== undefined ? setTimeout(() => {
    stopped = true;
    void o.pool.terminateBusy();
  }, Math.max(0, o.endMs - Date.now())) : undefined;
  const worker = async (): Promise<void> => {
    while (!stopped && next < jobs.length) {
      const { rec, r } = jobs[next++];
      const req = {
        id: rec.trialId,
        learner: rec.learner,
        params: builtParams(rec.params, rec.info),
        sampleSize: rec.sampleSize,
        seed: hash32(o.seed * 1000003 + rec.trialId * 31 + r) % 2147483647,
        earlyStoppingRounds: o.earlyStoppingRounds,
        wantModelBelow: -Infinity,
        repeat: r,
      };
      const out = await o.pool.runTrial(req).catch(() => null);
      const list = parts.get(rec.trialId) ?? new Array<Float64Array | null>(repeats).fill(null);
      list[r - 1] = out?.ok && out.oof ? out.oof : null;
      parts.set(rec.trialId, list);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(slots, jobs.length) }, worker));
  } finally {
    clearTimeout(timer);
  }
  const oofs = new Map<number, Float64Array>();
  for (const rec of cands) {
    const list = parts.get(rec.trialId);
    if (!list || list.some((x) => x === null)) continue;
    const len = list[0]!.length;
    const all = new Float64Array(len * repeats);
    list.forEach((x, i) => all.set(x!, i * len));
    oofs.set(rec.trialId, all);
  }
  return oofs.size >= 2 ? { oofs, repeats, dropped: cands.length - oofs.size } : null;
}

/** `y` repeated `times` over (the targets of the repeats' concatenated fresh predictions). */
export function repeatValues(y: Float64Array, times: number): Float64Array {
  const out = new Float64Array(y.length * times);
  for (let t = 0; t < times; t++) out.set(y, t * y.length);
  return out;
}
