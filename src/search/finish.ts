/**
 * End of a search: leaderboard, greedy ensemble selection on out-of-fold predictions (kept only
 * when it beats the best single model on the same rows), and the final refit on all training
 * rows — inside the budget, falling back to the best trial's first-fold model when the refit
 * cannot finish in time.
 */
import { metricLoss, type MetricName } from '../evaluate/metrics.js';
import type { Params, SavedModel, Target } from '../learners/types.js';
import type { Deadline } from './deadline.js';
import { caruana, scoreOof } from './ensemble.js';
import type { EventSink } from './events.js';
import { rankedTrials, type RunLog, type TrialRecord } from './run-log.js';
import { refitParams } from './trial-runner.js';
import { takeValues } from './matrix-ops.js';
import type { ValidationPlan } from './validation.js';
import { finalists, FINALISTS_PER_LEARNER, repeatValues, revalidate } from './revalidate.js';
import { TerminatedError, type RefitReply, type WorkerPool } from './worker-pool.js';

export interface LeaderboardEntry {
  rank: number;
  trialId: number;
  learner: string;
  params: Params;
  score: number;
  foldScores: number[];
  sampleSize: number;
  fitSeconds: number;
  kind: string;
}

export interface EnsembleSummary {
  members: { trialId: number; learner: string; params: Params; weight: number }[];
  /** Out-of-fold score of the weighted average. */
  score: number;
  /** Out-of-fold score of the best single member candidate on the same rows. */
  bestSingleScore: number;
  /** Whether the ensemble is the final model (better on OOF and refit in time). */
  kept: boolean;
}

export interface FinalMember {
  trialId: number;
  learner: string;
  params: Params;
  weight: number;
  model: SavedModel;
  /** true: fitted on all training rows; false: the first-fold model of the trial (fallback). */
  refit: boolean;
}

export interface FinalModel {
  kind: 'single' | 'ensemble';
  members: FinalMember[];
}

/** Finalists re-scored on fresh folds (revalidate.ts); the final choice was made on these. */
export interface RevalidationSummary {
  repeats: number;
  folds: number;
  finalists: { trialId: number; learner: string; params: Params; searchScore: number; freshScore: number }[];
}

export interface FinishContext {
  pool: WorkerPool;
  records: TrialRecord[];
  oofs: Map<number, Float64Array>;
  best: TrialRecord | null;
  plan: ValidationPlan;
  target: Target;
  metric: MetricName;
  deadline?: Deadline;
  refit: boolean;
  ensemble: boolean;
  fallback: { trialId: number; model: SavedModel } | null;
  emit: EventSink;
  notes: string[];
  log: RunLog;
  seed: number;
  parallelism: number;
  /** Re-validate finalists on these fresh fold assignments (cv), until endMs. */
  reval?: { plans: ValidationPlan[]; endMs?: number; earlyStoppingRounds: number } | null;
}

export function leaderboardOf(records: TrialRecord[], metric: MetricName, limit = 50): LeaderboardEntry[] {
  return rankedTrials(records, metric)
    .slice(0, limit)
    .map((r, i) => toEntry(r, i + 1));
}

/** Can these trials be refit on all rows before the deadline (+ a quarter of the grace)? */
function refitFits(recs: TrialRecord[], c: FinishContext, n: number): boolean {
  if (!c.deadline) return true;
  // Refits run on parallelism + 1 workers, but no faster than the machine has cores.
  const slots = c.pool.concurrency();
  const total = recs.reduce((a, r) => a + predictRefitSeconds(r, c.plan, n), 0);
  const longest = Math.max(...recs.map((r) => predictRefitSeconds(r, c.plan, n)));
  const predicted = Math.max(longest, total / slots);
  // The best single model is refit first; the other members may use a quarter of the grace.
  return Date.now() + predicted * 1000 <= c.deadline.endMs + 0.25 * c.deadline.graceMs();
}

function predictRefitSeconds(r: TrialRecord, plan: ValidationPlan, n: number): number {
  const perFold = r.fitSeconds / plan.k;
  const trainRows = plan.kind === 'cv' ? (n * (plan.k - 1)) / plan.k : r.sampleSize;
  return perFold * (n / Math.max(1, trainRows)) * 1.2 + 0.2;
}

function toEntry(r: TrialRecord, rank: number): LeaderboardEntry {
  return { rank, trialId: r.trialId, learner: r.learner, params: r.params, score: r.score!, foldScores: r.foldScores, sampleSize: r.sampleSize, fitSeconds: r.fitSeconds, kind: r.kind };
}

/** The leaderboard entry of a trial; one ranked after the shown ones when it is not on it. */
function entryOf(r: TrialRecord, leaderboard: LeaderboardEntry[]): LeaderboardEntry {
  return leaderboard.find((e) => e.trialId === r.trialId) ?? toEntry(r, leaderboard.length + 1);
}

export async function finishSearch(c: FinishContext): Promise<{
  leaderboard: LeaderboardEntry[];
  best: LeaderboardEntry | null;
  ensemble: EnsembleSummary | null;
  final: FinalModel | null;
  revalidation: RevalidationSummary | null;
  /** Validation score of the final choice (on the fresh folds when re-validated). */
  score: number | null;
}> {
  const leaderboard = leaderboardOf(c.records, c.metric);
  let best = leaderboard[0] ?? null;
  if (!best || !c.best) return { leaderboard, best: null, ensemble: null, final: null, revalidation: null, score: null };
  const n = c.target.y.length;
  const byId = new Map(c.records.map((r) => [r.trialId, r]));
  const nClasses = c.target.task === 'regression' ? 1 : c.target.nClasses;
  let score = c.best.score;

  // Re-score the finalists on fresh folds and choose on those (small cross-validated data).
  let fresh: Map<number, Float64Array> | null = null;
  let yFresh: Float64Array | null = null;
  let revalidation: RevalidationSummary | null = null;
  if (c.reval && c.plan.kind === 'cv' && c.reval.plans.length > 0) {
    const r = await revalidate({ pool: c.pool, cands: finalists(c.records, c.metric), plans: c.reval.plans, seed: c.seed, earlyStoppingRounds: c.reval.earlyStoppingRounds, endMs: c.reval.endMs });
    if (r) {
      fresh = r.oofs;
      yFresh = repeatValues(c.target.y, r.repeats);
      const rows = [...r.oofs.entries()].map(([trialId, oof]) => ({ rec: byId.get(trialId)!, fresh: scoreOof(c.metric, yFresh!, oof, nClasses) }));
      // Ties keep the search order (finalists() lists each learner's best first).
      let win = rows[0];
      for (const x of rows) if (metricLoss(c.metric, x.fresh) < metricLoss(c.metric, win.fresh) - 1e-12) win = x;
      revalidation = {
        repeats: r.repeats,
        folds: c.plan.k,
        finalists: rows.map((x) => ({ trialId: x.rec.trialId, learner: x.rec.learner, params: x.rec.params, searchScore: x.rec.score!, freshScore: x.fresh })),
      };
      const fmt = (v: number): string => (Math.abs(v) >= 10 ? v.toFixed(2) : v.toFixed(4));
      const was = rows.find((x) => x.rec.trialId === c.best!.trialId);
      c.notes.push(
        `Finalists re-scored on ${r.repeats} fresh ${c.plan.k}-fold split${r.repeats > 1 ? 's' : ''} (${rows.length} configs${r.dropped ? `, ${r.dropped} did not finish in time` : ''}): ` +
          (win.rec.trialId === c.best.trialId
            ? `the search's best ${win.rec.learner} stays best (${fmt(win.rec.score!)} -> ${fmt(win.fresh)}).`
            : `${win.rec.learner} (${fmt(win.rec.score!)} -> ${fmt(win.fresh)}) replaces the search's best ${c.best.learner}${was ? ` (${fmt(c.best.score!)} -> ${fmt(was.fresh)})` : ''}.`),
      );
      c.best = win.rec;
      best = entryOf(win.rec, leaderboard);
      score = win.fresh;
    }
  }

  // Greedy ensemble selection on the kept out-of-fold predictions.
  let ensemble: EnsembleSummary | null = null;
  if (c.ensemble && (fresh ?? c.oofs).size >= 2) {
    // At most FINALISTS_PER_LEARNER configs per learner: near-identical neighbours of the best
    // config add refit time (thucnews: 6 linear_svm members did not fit) but little diversity.
    // Candidates in order of their score (fresh when re-validated): ties go to the earlier one.
    const rankScore = new Map<number, number>(revalidation ? revalidation.finalists.map((x) => [x.trialId, x.freshScore]) : []);
    const lossOfId = (id: number): number => metricLoss(c.metric, rankScore.get(id) ?? byId.get(id)!.score!);
    const ranked = [...(fresh ?? c.oofs).entries()].filter(([id]) => byId.get(id)?.status === 'ok').sort((a, b) => lossOfId(a[0]) - lossOfId(b[0]));
    const perLearner = new Map<string, number>();
    const cands = ranked
      .filter(([id]) => {
        const l = byId.get(id)!.learner;
        perLearner.set(l, (perLearner.get(l) ?? 0) + 1);
        return perLearner.get(l)! <= FINALISTS_PER_LEARNER;
      })
      .map(([trialId, oof]) => ({ trialId, oof }));
    const yValid = yFresh ?? takeValues(c.target.y, c.plan.validRows);
    // An ensemble whose refit cannot finish in time is rebuilt without its costliest member
    // (thucnews: a 10 s logistic_regression made linear_svm + naive_bayes miss the budget).
    let pool = cands;
    let ens = caruana({ candidates: pool, y: yValid, nClasses, metric: c.metric });
    while (ens && c.refit && ens.members.length >= 2 && !refitFits(ens.members.map((m) => byId.get(m.trialId)!), c, n)) {
      const costly = ens.members
        .map((m) => byId.get(m.trialId)!)
        .filter((r) => r.trialId !== c.best!.trialId)
        .sort((a, b) => predictRefitSeconds(b, c.plan, n) - predictRefitSeconds(a, c.plan, n))[0];
      if (!costly) break;
      pool = pool.filter((x) => x.trialId !== costly.trialId);
      ens = caruana({ candidates: pool, y: yValid, nClasses, metric: c.metric });
    }
    if (ens) {
      // Keep it only for a real gain (not noise between near-identical members).
      const gain = metricLoss(c.metric, ens.bestSingleScore) - metricLoss(c.metric, ens.score);
      const better = gain > 1e-4 * Math.max(1, Math.abs(ens.bestSingleScore)) && ens.members.length >= 2;
      ensemble = {
        members: ens.members.map((m) => ({ trialId: m.trialId, learner: byId.get(m.trialId)!.learner, params: byId.get(m.trialId)!.params, weight: m.weight })),
        score: ens.score,
        bestSingleScore: ens.bestSingleScore,
        kept: better,
      };
    }
  }

  const fallbackFinal = (): FinalModel | null => {
    if (c.fallback && c.fallback.trialId === c.best!.trialId) {
      return {
        kind: 'single',
        members: [{ trialId: c.best!.trialId, learner: c.best!.learner, params: c.best!.params, weight: 1, model: c.fallback.model, refit: false }],
      };
    }
    return null;
  };

  if (!c.refit) {
    if (ensemble) ensemble.kept = false;
    const f = fallbackFinal();
    c.notes.push(f ? 'No final refit: the model is the best trial\'s first-fold model.' : 'No final refit and no fitted model kept.');
    return { leaderboard, best, ensemble, final: f, revalidation, score: ensemble?.kept ? ensemble.score : score };
  }

  // Which trials to refit: the ensemble members when the ensemble wins and there is time.
  const hardLimit = c.deadline ? c.deadline.endMs + 0.5 * c.deadline.graceMs() : Infinity;
  let members: { rec: TrialRecord; weight: number }[] = [{ rec: c.best, weight: 1 }];
  if (ensemble?.kept) {
    const ms = ensemble.members.map((m) => ({ rec: byId.get(m.trialId)!, weight: m.weight }));
    if (refitFits(ms.map((m) => m.rec), c, n)) members = [...ms].sort((a, b) => (a.rec.trialId === c.best!.trialId ? -1 : b.rec.trialId === c.best!.trialId ? 1 : 0));
    else {
      ensemble.kept = false;
      c.notes.push('The ensemble was better out of fold but its refit did not fit in the budget; kept the best single model.');
    }
  }
  const predicted = Math.max(...members.map((m) => predictRefitSeconds(m.rec, c.plan, n)));
  c.emit({ type: 'refit_start', learners: members.map((m) => m.rec.learner), predictedSeconds: predicted });
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((res) => {
    if (Number.isFinite(hardLimit)) timer = setTimeout(() => res('timeout'), Math.max(0, hardLimit - Date.now()));
  });
  const got: RefitReply[] = members.map(() => ({ ok: false, error: 'timeout' }));
  const jobs = members.map((m, i) =>
    c.pool
      .refit(i, m.rec.learner, refitParams(m.rec.params, m.rec.info), c.seed)
      .catch((e: unknown): RefitReply => ({ ok: false, error: e instanceof TerminatedError ? 'timeout' : String(e) }))
      .then((r) => {
        got[i] = r;
      }),
  );
  const replies = await Promise.race([Promise.all(jobs), timeout]);
  clearTimeout(timer);
  if (replies === 'timeout') await c.pool.terminateBusy();
  const seconds = (Date.now() - t0) / 1000;
  if (got.every((r) => r.ok && r.model)) {
    c.emit({ type: 'refit_end', seconds, ok: true, fallback: false });
    const final: FinalModel = {
      kind: members.length > 1 ? 'ensemble' : 'single',
      members: members.map((m, i) => ({
        trialId: m.rec.trialId,
        learner: m.rec.learner,
        params: m.rec.params,
        weight: m.weight,
        model: got[i].model!,
        refit: true,
      })),
    };
    return { leaderboard, best, ensemble, final, revalidation, score: ensemble?.kept ? ensemble.score : score };
  }
  if (ensemble) ensemble.kept = false;
  // Single best refit may have succeeded inside a failed ensemble refit.
  const bestIdx = members.findIndex((m) => m.rec.trialId === c.best!.trialId);
  if (bestIdx >= 0 && got[bestIdx]?.ok && got[bestIdx].model) {
    c.notes.push('The ensemble refit did not finish in time; kept the best single model.');
    c.emit({ type: 'refit_end', seconds, ok: true, fallback: false });
    return {
      leaderboard,
      best,
      ensemble,
      final: { kind: 'single', members: [{ trialId: c.best.trialId, learner: c.best.learner, params: c.best.params, weight: 1, model: got[bestIdx].model!, refit: true }] },
      revalidation,
      score,
    };
  }
  const f = fallbackFinal();
  const why = replies === 'timeout' ? 'did not finish within the budget' : `failed (${got.find((r) => !r.ok)?.error ?? 'unknown'})`;
  c.notes.push(
    f
      ? `The final refit on all rows ${why}; the model is the best trial's first-fold model (trained on the validation split's training part).`
      : `The final refit on all rows ${why} and no fitted model was kept.`,
  );
  c.emit({ type: 'refit_end', seconds, ok: false, fallback: !!f });
  return { leaderboard, best, ensemble, final: f, revalidation, score: ensemble?.kept ? ensemble.score : score };
}
