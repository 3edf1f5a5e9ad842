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
import { builtParams, refitParams } from './trial-runner.js';
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
  /**
   * Chosen on out-of-fold log loss (chooseByLogLoss), not the metric: the blend's log loss and the
   * best single candidate's; `score` and `bestSingleScore` are still in the metric.
   */
  logLoss?: { score: number; bestSingleScore: number };
}

export interface FinalMember {
  trialId: number;
  learner: string;
  params: Params;
  weight: number;
  model: SavedModel;
  /** true: fitted on all training rows; false: a fold model (bagging, or the first-fold fallback). */
  refit: boolean;
  /** Bagging: this is the model of cv fold `fold`, one of the k averaged (weight / k each). */
  fold?: number;
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
  /**
   * Bagging: the final model averages each member's k fold models, the very models its
   * out-of-fold score was measured on, instead of one refit on all rows. Ignored for a holdout.
   */
  bag: boolean;
  /** Early-stopping rounds of the trials (bagged fold models are fitted as their trials were). */
  earlyStoppingRounds: number;
  ensemble: boolean;
  /**
   * Choose the best single model, the ensemble's candidates and its weights on out-of-fold log loss
   * instead of the metric (cv classification; search-core.ts sets it for small data scored by
   * accuracy).
   */
  chooseByLogLoss?: boolean;
  fallback: { trialId: number; model: SavedModel } | null;
  emit: EventSink;
  notes: string[];
  log: RunLog;
  seed: number;
  parallelism: number;
  /** Re-validate finalists on these fresh fold assignments (cv), until endMs. */
  reval?: { plans: ValidationPlan[]; endMs?: number; earlyStoppingRounds: number } | null;
  /** Stops the final refit at once (a second Ctrl-C, a hard cancel): the fallback model is kept. */
  hardSignal?: AbortSignal;
  /**
   * The run has a saved model that this session keeps when it makes none (resume, tune): a refit
   * predicted not to fit is not started even without a fallback model.
   */
  hasSavedModel?: boolean;
}

/** The params of `a` that differ from `b`, as "alpha=25.12" (notes comparing two configs of one learner). */
export function paramDiff(a: Params, b: Params): string {
  for (const digits of [4, 12]) {
    const text = (v: unknown): string => (typeof v === 'number' ? String(Number(v.toPrecision(digits))) : String(v));
    const keys = Object.keys(a).filter((k) => text(a[k]) !== text(b[k]));
    if (keys.length) return keys.sort().map((k) => `${k}=${text(a[k])}`).join(', ');
  }
  return 'same parameters';
}

/**
 * The largest model.json kept (characters). V8's longest string is 2^29 - 24 characters (5.4e8) and
 * the file is written and parsed as one; forests dominate (base64 arrays, ~50 characters a node
 * for regression).
 */
export const MAX_MODEL_CHARS = 400e6;

/** About the length of the members' JSON (strings counted whole, other values roughly). */
export function modelChars(members: { model: unknown }[]): number {
  const walk = (v: unknown): number => {
    if (typeof v === 'string') return v.length + 2;
    if (Array.isArray(v)) return v.reduce((s: number, x) => s + walk(x) + 1, 2);
    if (v && typeof v === 'object') return Object.entries(v).reduce((s, [k, x]) => s + k.length + 4 + walk(x), 2);
    return 12;
  };
  return members.reduce((s, m) => s + walk(m.model), 0);
}

/**
 * A single forest (or its bag of fold models) too large to save keeps its first trees, as many as
 * fit: an average over fewer trees, said in the notes. Other models are never near the limit.
 */
export function capModelSize(members: FinalMember[], notes: string[], limit = MAX_MODEL_CHARS): FinalMember[] {
  const total = modelChars(members);
  if (total <= limit) return members;
  const share = limit / total;
  let before = 0;
  let after = 0;
  const out = members.map((m) => {
    const trees = (m.model as { trees?: unknown[] }).trees;
    if (!Array.isArray(trees) || trees.length < 2) return m;
    const keep = Math.max(1, Math.floor(trees.length * share * 0.98));
    before += trees.length;
    after += keep;
    return { ...m, model: { ...m.model, trees: trees.slice(0, keep) } as SavedModel };
  });
  if (after < before) notes.push(`The final model kept ${after} of its ${before} trees: all of them would make a model.json of about ${Math.round(total / 1e6)} MB (at most ${Math.round(limit / 1e6)} MB).`);
  return out;
}

/** The weighted average of the members' out-of-fold predictions. */
function blendOof(members: { trialId: number; weight: number }[], pool: { trialId: number; oof: Float64Array }[]): Float64Array {
  const out = new Float64Array(pool[0].oof.length);
  for (const m of members) {
    const oof = pool.find((x) => x.trialId === m.trialId)!.oof;
    for (let i = 0; i < out.length; i++) out[i] += m.weight * oof[i];
  }
  return out;
}

export function leaderboardOf(records: TrialRecord[], metric: MetricName, limit = 50): LeaderboardEntry[] {
  return rankedTrials(records, metric)
    .slice(0, limit)
    .map((r, i) => toEntry(r, i + 1));
}

/**
 * Can these trials' final models be fitted before the deadline plus `graceShare` of the grace? An
 * ensemble's extra members may use a quarter of it; the best single model's refit is started when
 * it may finish by the hard limit a running refit is given (half the grace): a prediction is rough,
 * and a refit that overruns still falls back to the trial's own model there.
 */
function refitFits(recs: TrialRecord[], c: FinishContext, n: number, graceShare = 0.25): boolean {
  if (!c.deadline) return true;
  return Date.now() + refitSeconds(recs, c, n) * 1000 <= c.deadline.endMs + graceShare * c.deadline.graceMs();
}

/** Predicted seconds to fit these trials' final models. */
function refitSeconds(recs: TrialRecord[], c: FinishContext, n: number): number {
  // Refits run on parallelism + 1 workers, but no faster than the machine has cores.
  const slots = c.pool.concurrency();
  const total = recs.reduce((a, r) => a + memberFitSeconds(r, c, n), 0);
  const longest = Math.max(...recs.map((r) => jobSeconds(r, c, n)));
  return Math.max(longest, total / slots);
}

/** The rows the best trial's own (first-fold) model was trained on, for the notes. */
export function fallbackRows(plan: ValidationPlan, sampleSize: number): string {
  if (plan.kind === 'holdout') {
    const all = plan.trainOrder.length;
    return sampleSize < all ? `a ${sampleSize}-row sample of the validation split's ${all} training rows` : `the validation split's ${all} training rows`;
  }
  let rows = 0;
  for (let i = 0; i < plan.fold.length; i++) if (plan.fold[i] !== 0) rows++;
  return `the first cross-validation fold's ${rows} training rows (of ${plan.fold.length})`;
}

function bagging(c: FinishContext): boolean {
  return c.bag && c.plan.kind === 'cv';
}

/** Predicted seconds of one fit job: a refit on all rows, or (bagging) one fold model. */
function jobSeconds(r: TrialRecord, c: FinishContext, n: number): number {
  const perFold = r.fitSeconds / c.plan.k;
  if (bagging(c)) return perFold * 1.2 + 0.1;
  const trainRows = c.plan.kind === 'cv' ? (n * (c.plan.k - 1)) / c.plan.k : r.sampleSize;
  return perFold * (n / Math.max(1, trainRows)) * 1.2 + 0.2;
}

/** Predicted seconds of all of a member's fit jobs. */
function memberFitSeconds(r: TrialRecord, c: FinishContext, n: number): number {
  return jobSeconds(r, c, n) * (bagging(c) ? c.plan.k : 1);
}

/**
 * About the model.json characters of a trial's final model (its k fold models when bagging), from
 * the tree nodes of its trial model scaled to the rows of the final fit: base64 of a node's feature,
 * threshold, children, missing side, gain and nOut values. 0 for models without trees.
 */
function memberChars(r: TrialRecord, c: FinishContext, n: number, nOut: number): number {
  const nodes = Number(r.info?.nodes);
  if (!Number.isFinite(nodes) || nodes <= 0) return 0;
  const scale = Math.max(1, n / Math.max(1, r.sampleSize));
  return (nodes * scale * (bagging(c) ? c.plan.k : 1) * (29 + 8 * Math.max(1, nOut)) * 4) / 3;
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
        `Finalists re-scored on ${r.repeats} fresh ${c.plan.k}-fold split${r.repeats > 1 ? 's' : ''} (${r.dropped ? `${rows.length} of ${rows.length + r.dropped} configs; the other ${r.dropped} did not finish in time` : `${rows.length} configs`}): ` +
          (win.rec.trialId === c.best.trialId
            ? `the search's best ${win.rec.learner} stays best (${fmt(win.rec.score!)} -> ${fmt(win.fresh)}).`
            : win.rec.learner === c.best.learner
              ? `another ${win.rec.learner} configuration (${paramDiff(win.rec.params, c.best.params)}: ${fmt(win.rec.score!)} -> ${fmt(win.fresh)}) replaces the search's best (${paramDiff(c.best.params, win.rec.params)}${was ? `: ${fmt(c.best.score!)} -> ${fmt(was.fresh)}` : ''}).`
              : `${win.rec.learner} (${fmt(win.rec.score!)} -> ${fmt(win.fresh)}) replaces the search's best ${c.best.learner}${was ? ` (${fmt(c.best.score!)} -> ${fmt(was.fresh)})` : ''}.`),
      );
      c.best = win.rec;
      best = entryOf(win.rec, leaderboard);
      score = win.fresh;
    }
  }

  // chooseByLogLoss (small data scored by accuracy; off by default): the final choice is made on the
  // out-of-fold log loss, here and in the ensemble below.
  const byLogLoss = c.chooseByLogLoss && c.target.task !== 'regression' && c.plan.kind === 'cv' && !fresh;
  const logLossOf = (r: TrialRecord): number => (r.auxLogLoss != null && Number.isFinite(r.auxLogLoss) ? r.auxLogLoss : Infinity);
  if (byLogLoss) {
    let w: TrialRecord | null = null;
    for (const r of c.records) if (r.status === 'ok' && c.oofs.has(r.trialId) && logLossOf(r) < (w ? logLossOf(w) : Infinity)) w = r;
    if (w && w.trialId !== c.best.trialId) {
      const f4 = (v: number): string => v.toFixed(4);
      c.notes.push(
        `Chosen by out-of-fold log loss (small data scored by accuracy, where many configurations are a row or two apart): ${w.learner} (log loss ${f4(logLossOf(w))}, accuracy ${f4(w.score!)}) ` +
          `over the most accurate ${c.best.learner === w.learner ? `${c.best.learner} configuration (${paramDiff(c.best.params, w.params)}; ` : `${c.best.learner} (`}log loss ${f4(logLossOf(c.best))}, accuracy ${f4(c.best.score!)}).`,
      );
      c.best = w;
      best = entryOf(w, leaderboard);
      score = w.score!;
    }
  }
  const selectMetric: MetricName = byLogLoss ? 'log_loss' : c.metric;
  // Greedy ensemble selection on the kept out-of-fold predictions.
  let ensemble: EnsembleSummary | null = null;
  if (c.ensemble && (fresh ?? c.oofs).size >= 2) {
    // At most FINALISTS_PER_LEARNER configs per learner: near-identical neighbours of the best
    // config add refit time (thucnews: 6 linear_svm members did not fit) but little diversity.
    // Candidates in order of their score (fresh when re-validated): ties go to the earlier one.
    const rankScore = new Map<number, number>(revalidation ? revalidation.finalists.map((x) => [x.trialId, x.freshScore]) : []);
    const lossOfId = (id: number): number => (byLogLoss ? logLossOf(byId.get(id)!) : metricLoss(c.metric, rankScore.get(id) ?? byId.get(id)!.score!));
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
    let ens = caruana({ candidates: pool, y: yValid, nClasses, metric: selectMetric });
    // Also when its forests would make a model.json too large to save (then the largest goes first).
    const chars = (ms: { trialId: number }[]): number => ms.reduce((s, m) => s + memberChars(byId.get(m.trialId)!, c, n, nClasses), 0);
    while (ens && c.refit && ens.members.length >= 2 && (chars(ens.members) > MAX_MODEL_CHARS || !refitFits(ens.members.map((m) => byId.get(m.trialId)!), c, n))) {
      const bySize = chars(ens.members) > MAX_MODEL_CHARS;
      const costly = ens.members
        .map((m) => byId.get(m.trialId)!)
        .filter((r) => r.trialId !== c.best!.trialId)
        .sort((a, b) => (bySize ? memberChars(b, c, n, nClasses) - memberChars(a, c, n, nClasses) : memberFitSeconds(b, c, n) - memberFitSeconds(a, c, n)))[0];
      if (!costly) break;
      pool = pool.filter((x) => x.trialId !== costly.trialId);
      ens = caruana({ candidates: pool, y: yValid, nClasses, metric: selectMetric });
    }
    if (ens) {
      // Keep it only for a real gain (not noise between near-identical members).
      const gain = metricLoss(selectMetric, ens.bestSingleScore) - metricLoss(selectMetric, ens.score);
      const better = gain > 1e-4 * Math.max(1, Math.abs(ens.bestSingleScore)) && ens.members.length >= 2;
      // Chosen on log loss, reported in the run's metric: the blend's and the best single model's.
      const inMetric = byLogLoss
        ? { score: scoreOof(c.metric, yValid, blendOof(ens.members, pool), nClasses), bestSingleScore: c.best.score!, logLoss: { score: ens.score, bestSingleScore: ens.bestSingleScore } }
        : { score: ens.score, bestSingleScore: ens.bestSingleScore };
      ensemble = {
        members: ens.members.map((m) => ({ trialId: m.trialId, learner: byId.get(m.trialId)!.learner, params: byId.get(m.trialId)!.params, weight: m.weight })),
        ...inMetric,
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
  // One fit job per member (refit on all rows), or per member and fold (bagging).
  const bag = bagging(c);
  // The best single model's refit predicted not to fit (long data: a trial on a 10k-row sample
  // took 3.1 s, its refit on 144k rows could not finish and was waited for up to the hard limit):
  // not started. The best trial's own model is kept at once, or (a later session) the saved model.
  if (members.length === 1 && !refitFits([c.best], c, n, 0.5) && (fallbackFinal() || c.hasSavedModel)) {
    const f = fallbackFinal();
    const left = Math.max(0, (c.deadline!.endMs - Date.now()) / 1000);
    const what = bag ? 'The fit of the final fold models' : 'The final refit on all rows';
    c.notes.push(
      `${what} was not started: it was predicted to take ${refitSeconds([c.best], c, n).toFixed(1)} s with ${left.toFixed(1)} s of the budget left; ` +
        (f
          ? `the model is the best trial's own model, trained on ${fallbackRows(c.plan, c.best.sampleSize)}; a resumed session replaces it by a complete fit that scores as well.`
          : 'no model was fitted in this session.'),
    );
    return { leaderboard, best, ensemble, final: f, revalidation, score };
  }
  const jobs: { member: number; fold?: number }[] = members.flatMap((_, i) => (bag ? Array.from({ length: c.plan.k }, (_, fold) => ({ member: i, fold })) : [{ member: i }]));
  const predicted = Math.max(...members.map((m) => memberFitSeconds(m.rec, c, n)));
  c.emit({ type: 'refit_start', learners: members.map((m) => m.rec.learner), predictedSeconds: predicted });
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((res) => {
    if (Number.isFinite(hardLimit)) timer = setTimeout(() => res('timeout'), Math.max(0, hardLimit - Date.now()));
    if (c.hardSignal?.aborted) res('timeout');
    else c.hardSignal?.addEventListener('abort', () => res('timeout'), { once: true });
  });
  const got: RefitReply[] = jobs.map(() => ({ ok: false, error: 'timeout' }));
  const running = jobs.map((j, i) => {
    const rec = members[j.member].rec;
    const req =
      j.fold === undefined
        ? { learner: rec.learner, params: refitParams(builtParams(rec.params, rec.info), rec.info), seed: c.seed }
        : { learner: rec.learner, params: builtParams(rec.params, rec.info), seed: rec.seed, fold: j.fold, earlyStoppingRounds: c.earlyStoppingRounds };
    return c.pool
      .refit(i, req)
      .catch((e: unknown): RefitReply => ({ ok: false, error: e instanceof TerminatedError ? 'timeout' : String(e) }))
      .then((r) => {
        got[i] = r;
      });
  });
  const replies = await Promise.race([Promise.all(running), timeout]);
  clearTimeout(timer);
  if (replies === 'timeout') await c.pool.terminateBusy();
  const seconds = (Date.now() - t0) / 1000;
  /** The final members of member i (its k fold models when bagging), or null if a fit failed. */
  const fitted = (i: number, weight: number): FinalMember[] | null => {
    const mine = jobs.map((j, at) => ({ j, r: got[at] })).filter((x) => x.j.member === i);
    if (!mine.every((x) => x.r.ok && x.r.model)) return null;
    const rec = members[i].rec;
    return mine.map((x) => ({
      trialId: rec.trialId,
      learner: rec.learner,
      params: rec.params,
      weight: weight / mine.length,
      model: x.r.model!,
      refit: x.j.fold === undefined,
      ...(x.j.fold === undefined ? {} : { fold: x.j.fold }),
    }));
  };
  const all = members.map((m, i) => fitted(i, m.weight));
  const how = bag ? `Final model: the ${c.plan.k} fold models of each member averaged (bagging), not one refit on all rows.` : null;
  // model.json is written and read as one string: an ensemble of big forests could pass V8's limit
  // (audit: diamonds, 433-533 fully grown trees, "Invalid string length" and no model saved).
  const allChars = all.every((x) => x !== null) ? modelChars(all.flatMap((x) => x!)) : 0;
  const tooLarge = members.length > 1 && allChars > MAX_MODEL_CHARS;
  if (all.every((x) => x !== null) && !tooLarge) {
    c.emit({ type: 'refit_end', seconds, ok: true, fallback: false });
    if (how) c.notes.push(how);
    const final: FinalModel = { kind: members.length > 1 ? 'ensemble' : 'single', members: capModelSize(all.flatMap((x) => x!), c.notes) };
    return { leaderboard, best, ensemble, final, revalidation, score: ensemble?.kept ? ensemble.score : score };
  }
  if (ensemble) ensemble.kept = false;
  // The best single model's fit may have succeeded inside a failed ensemble fit.
  const bestIdx = members.findIndex((m) => m.rec.trialId === c.best!.trialId);
  const single = bestIdx >= 0 ? fitted(bestIdx, 1) : null;
  if (single) {
    const why = tooLarge
      ? `would be too large to save (about ${Math.round(allChars / 1e6)} MB of model.json; at most ${MAX_MODEL_CHARS / 1e6} MB)`
      : c.hardSignal?.aborted
        ? 'was stopped (a second Ctrl-C, SIGTERM or cancel)'
        : 'did not finish in time';
    c.notes.push(`The ensemble ${bag ? 'fit' : 'refit'} ${why}; kept the best single model.`);
    if (how) c.notes.push(how);
    c.emit({ type: 'refit_end', seconds, ok: true, fallback: false });
    return { leaderboard, best, ensemble, final: { kind: 'single', members: capModelSize(single, c.notes) }, revalidation, score };
  }
  const f = fallbackFinal();
  const why = c.hardSignal?.aborted ? 'was stopped (a second Ctrl-C, SIGTERM or cancel)' : replies === 'timeout' ? 'did not finish within the budget' : `failed (${got.find((r) => !r.ok)?.error ?? 'unknown'})`;
  const what = bag ? 'The fit of the final fold models' : 'The final refit on all rows';
  c.notes.push(
    f
      ? `${what} ${why}; the model is the best trial's own model, trained on ${fallbackRows(c.plan, c.best.sampleSize)}; a resumed session replaces it by a complete fit that scores as well.`
      : `${what} ${why} and no fitted model was kept.`,
  );
  c.emit({ type: 'refit_end', seconds, ok: false, fallback: !!f });
  return { leaderboard, best, ensemble, final: f, revalidation, score: ensemble?.kept ? ensemble.score : score };
}
