/**
 * The search core: feature matrices in, leaderboard and final model(s) out.
 *
 * - Every suitable learner starts at its cheap `init` config; the next learner is drawn with
 *   probability proportional to 1 / (estimated cost for improvement); within a learner, CFO-style
 *   local steps with occasional TPE proposals (learner-search.ts).
 * - The budget is a deadline: no trial starts when predicted to overrun, busy workers are
 *   terminated at the deadline, and time for the final refit is reserved.
 * - With a trial count and no time budget, proposals are made in fixed rounds and results are
 *   processed in proposal order with a deterministic cost model: same seed, same leaderboard.
 * - Every finished trial is appended to the run log, so a killed run can be resumed.
 */
import { randomUUID } from 'node:crypto';
import { AskmlError, isAskmlError } from '../errors.js';
import type { FeatureView } from '../features/types.js';
import path from 'node:path';
import type { Matrix, Params, Target } from '../learners/types.js';
import { checkTarget, createPool, fixedParams, imbalanced, resolveLearners, shapeOf, unfitNotes } from './learner-choice.js';
import { checkMetric, metricLoss, type MetricName } from '../evaluate/metrics.js';
import { createRng, hash32, type Rng } from '../util/random.js';
import { Deadline } from './deadline.js';
import { emitter, type SearchEvent, type SearchStatus } from './events.js';
import { LearnerSearch, TARGET_TRANSFORM_KEY, type Proposal } from './learner-search.js';
import { logTargetFits } from '../learners/log-target.js';
import { cellsPerRow, takeValues, toShared } from './matrix-ops.js';
import { learnerSummary, RunLog, type LearnerSummary, type RunInfo, type TrialRecord } from './run-log.js';
import { stoppedByTime, type TrialOutcome } from './trial-runner.js';
import { isSmallData, planValidation, type ValidationPlan } from './validation.js';
import { TerminatedError, TrialTimeoutError, WorkerPool } from './worker-pool.js';
import { DECISION_METRICS, tuneDecision, type DecisionChoice } from './decision.js';
import { finishSearch, type FinalModel, type LeaderboardEntry, type EnsembleSummary, type RevalidationSummary } from './finish.js';
import { finalists, repeatPlans, REVAL_SHARE, revalSeconds } from './revalidate.js';
import { availableParallelism } from 'node:os';

export interface CoreSearchOptions {
  views: Partial<Record<FeatureView, Matrix>>;
  target: Target;
  metric: MetricName;
  /** Learner names; default every registered learner suitable for the data. */
  learners?: string[];
  deadline?: Deadline;
  maxTrials?: number;
  seed: number;
  parallelism?: number;
  runDir: string;
  resume?: boolean;
  /** Identifies the data; checked on resume. */
  fingerprint?: string;
  onEvent?: (e: SearchEvent) => void;
  /** Stops the search; what it found is still refit and returned (status 'cancelled'). */
  signal?: AbortSignal;
  /** Stops everything, the final refit included (the best trial's first-fold model is returned). */
  hardSignal?: AbortSignal;
  /** Extra modules each worker imports (e.g. test learners); learners/index.ts is always loaded. */
  workerModules?: string[];
  /** A pool spawned earlier (searchModel starts workers before fitting features). */
  pool?: WorkerPool;
  validation?: { kind?: 'auto' | 'cv' | 'holdout'; folds?: number };
  /** Start configurations per learner (tune), instead of the learner's init. */
  start?: Record<string, Params>;
  /** The trial seed of each start configuration (tune: the seed its trial ran with, so it scores as it did). */
  startSeeds?: Record<string, number>;
  /** Probability of a global proposal per step (default 0.1). */
  globalRate?: number;
  ensemble?: boolean;
  refit?: boolean;
  /**
   * The final model averages the k cv fold models of each member (bagging) instead of one refit
   * on all rows. Default: small (isSmallData) regression data. Random 80/20 splits at 20 s
   * (bench/resplit.ts --option bag): diabetes RMSE -0.27 (standard error 0.13); classification
   * neutral (titanic -0.0025 (0.0028) over 12 splits, credit_data -0.0004, penguins 0), so it
   * keeps the one refit and its k-times smaller model there.
   */
  bag?: boolean;
  /**
   * Choose the final model (the best single model, the ensemble's members and weights) on the
   * out-of-fold log loss instead of the metric, for small (isSmallData) classification data scored
   * by accuracy, where hundreds of configurations tie within a row or two of accuracy and the first
   * to reach the top is partly best by luck; log loss separates them by how sure they are. Off by
   * default (an experiment, bench/RESULTS.md 2026-12-07): reproducible trial-count pairs on random
   * 80/20 splits gave titanic +0.0023 (standard error 0.0020), penguins +0.0010 (0.0010),
   * credit_data +0.0004 (0.0010); and an ensemble is then kept for almost any log-loss gain, so
   * near-identical configurations get blended (2-3 logistic_regression members on churn.csv).
   */
  chooseByLogLoss?: boolean;
  earlyStoppingRounds?: number;
  /** 'auto': search balanced class weights when the classes are imbalanced. */
  classWeights?: 'auto' | 'search' | 'none';
  /**
   * The signal is (nearly) all in text columns: tree learners start only once every linear
   * learner has a result and at least max(TREE_TIME_SHARE x budget, TREE_MIN_SECONDS) is left.
   */
  textDominated?: boolean;
  /** Re-score the finalists on fresh folds and choose on those (cv regression; default true). */
  revalidate?: boolean;
  /** A later session of a run with a saved model, kept when this one makes none (finish.ts). */
  hasSavedModel?: boolean;
}

/**
 * Text-dominated data: search time that must remain for a tree learner's first trial. On
 * thucnews their cheapest configs took 3-4 s per trial (2 busy workers, load ~8) and scored
 * macro-F1 ~0.6 against 0.85 for the linear learners, so they only run with a large budget.
 */
const TREE_TIME_SHARE = 0.5;
const TREE_MIN_SECONDS = 60;

/** Text-dominated data: can a tree learner's first trial ever start within this budget? */
export function treeLearnersCanStart(budgetSeconds: number): boolean {
  return budgetSeconds > TREE_MIN_SECONDS;
}

function revalidates(o: CoreSearchOptions): boolean {
  return o.revalidate !== false && o.refit !== false && o.target.task === 'regression';
}

export interface CoreSearchResult {
  runId: string;
  status: SearchStatus;
  leaderboard: LeaderboardEntry[];
  /** Each learner's trial count and best configuration, best learner first. */
  learners: LearnerSummary[];
  best: LeaderboardEntry | null;
  ensemble: EnsembleSummary | null;
  final: FinalModel | null;
  /** Finalists re-scored on fresh folds (cv regression), or null. */
  revalidation: RevalidationSummary | null;
  /** Validation score of the final model (ensemble or single; fresh folds when re-validated), with its decision rule. */
  finalScore: number | null;
  /** Balanced accuracy, macro-F1: per-class multipliers of the probabilities before the argmax (decision.ts), or null. */
  decisionWeights: number[] | null;
  validation: { kind: 'cv' | 'holdout'; k: number };
  notes: string[];
  wallSeconds: number;
  /** Finished trials, including earlier sessions of a resumed run. */
  trials: number;
  newTrials: number;
  records: TrialRecord[];
}

const ROUND_SIZE = 4;
const OOF_KEEP = 16;
/** A trial's soft stop comes at least this long before its time limit (scoring, reply). */
const SOFT_STOP_MARGIN_MS = 250;

export async function runSearch(o: CoreSearchOptions): Promise<CoreSearchResult> {
  const t0 = Date.now();
  const metricDef = checkMetric(o.metric, o.target.task);
  const metric = metricDef.name;
  if (o.maxTrials !== undefined && (!Number.isInteger(o.maxTrials) || o.maxTrials <= 0)) {
    throw new AskmlError('BUDGET', `maxTrials must be a positive integer; got ${o.maxTrials}.`);
  }
  if (!o.deadline && o.maxTrials === undefined) {
    throw new AskmlError('BUDGET', 'Give a time budget (seconds) or a trial count.', { hint: 'e.g. budgetSeconds: 60' });
  }
  checkTarget(o.target);
  const learners = resolveLearners(o.views, o.target, o.learners);
  const n = o.target.y.length;
  const anyView = (o.views.tree ?? o.views.linear)!;
  const reproducible = !o.deadline;
  const deadline = o.deadline;
  const emit = emitter(o.onEvent);
  // Workers: `parallelism` for trials plus one spare kept free for the final refit.
  const parallelism = Math.max(1, Math.floor(o.parallelism ?? availableParallelism()));

  // Run folder: new or resumed.
  let log: RunLog;
  let info: RunInfo;
  let previous: TrialRecord[] = [];
  let plan: ValidationPlan;
  if (o.resume) {
    const opened = RunLog.open(o.runDir);
    log = opened.log;
    info = opened.info;
    previous = opened.trials;
    if (o.fingerprint && info.fingerprint && o.fingerprint !== info.fingerprint) {
      throw new AskmlError('SCHEMA_MISMATCH', `The data differs from the data of run '${info.runId}'; resume needs the same training data.`);
    }
    if (info.metric !== metric || info.task !== o.target.task) {
      throw new AskmlError('BAD_ARGUMENT', `Run '${info.runId}' optimised ${info.metric} for ${info.task}; resume with the same metric.`);
    }
    // The first session's validation, whatever this session's budget would choose.
    const v = { kind: info.validation.kind, folds: info.validation.kind === 'cv' ? info.validation.k : undefined };
    plan = planValidation({ y: o.target.y, task: o.target.task, nClasses: o.target.nClasses, cols: cellsPerRow(anyView), seed: info.seed, ...o.validation, ...v });
    info.sessions++;
    log.writeJson('run.json', info);
  } else {
    const dense = Object.values(o.views).every((v) => !v || v.kind === 'dense');
    const workerSeconds = deadline && dense ? deadline.remainingSeconds() * parallelism : undefined;
    plan = planValidation({ y: o.target.y, task: o.target.task, nClasses: o.target.nClasses, cols: cellsPerRow(anyView), seed: o.seed, workerSeconds, ...o.validation });
    info = {
      runId: runIdOf(o.runDir),
      version: 1,
      createdAt: new Date().toISOString(),
      task: o.target.task,
      metric,
      seed: o.seed,
      learners: learners.map((l) => l.name),
      nRows: n,
      nClasses: o.target.nClasses,
      validation: { kind: plan.kind, k: plan.k },
      fingerprint: o.fingerprint ?? '',
      sessions: 1,
    };
    log = RunLog.create(o.runDir, info);
  }
  const notes = [...plan.notes, ...unfitNotes(o.views, o.target, o.learners, learners)];
  const fullSize = plan.kind === 'cv' ? n : plan.trainOrder.length;
  const classWeights =
    o.target.task !== 'regression' &&
    (o.classWeights === 'search' || ((o.classWeights ?? 'auto') === 'auto' && imbalanced(o.target)));
  // Sample weights, or (logistic_regression, linear_svm) the learner's own class_weight: the same choice.
  if (classWeights) notes.push("Imbalanced classes: 'balanced' class weights were searched as a choice.");
  // MAPE on a positive target: every learner fits log(target), whose squared error is about the
  // relative error MAPE measures (src/learners/log-target.ts).
  const logTarget = metric === 'mape' && o.target.task === 'regression' && logTargetFits(o.target.y);
  if (logTarget) notes.push('MAPE: every learner was fitted on the log of the target (its squared error is about the relative error MAPE measures); predictions are exp of the fitted values.');
  else if (metric === 'mape' && o.target.task === 'regression') notes.push('MAPE: the learners were fitted on the target itself, not its log, because some target values are negative.');
  const states = new Map<string, LearnerSearch>();
  for (const l of learners) {
    const shape = shapeOf(o.views[l.view]!, o.target);
    states.set(
      l.name,
      new LearnerSearch({
        name: l.name,
        space: l.space(shape),
        fullSize,
        initialSize: plan.initialSize,
        classWeights,
        start: o.start?.[l.name],
        globalRate: o.globalRate,
        fixed: { ...fixedParams(l.name, o.views[l.view]!, metric).fixed, ...(logTarget ? { [TARGET_TRANSFORM_KEY]: 'log' } : {}) },
        initExtra: fixedParams(l.name, o.views[l.view]!, metric).init,
      }),
    );
  }
  const costOf = (r: { sampleSize: number; fitSeconds: number }): number =>
    reproducible ? (r.sampleSize / fullSize) * plan.k : Math.max(r.fitSeconds, 1e-3);

  // Replay finished trials of earlier sessions.
  const records: TrialRecord[] = [];
  const byIdAll = new Map<number, TrialRecord>();
  /** Best finished trial per learner. */
  const bestOf = new Map<string, TrialRecord>();
  const noteBest = (r: TrialRecord): void => {
    const cur = bestOf.get(r.learner);
    if (r.status === 'ok' && (!cur || lossOf(r) < lossOf(cur))) bestOf.set(r.learner, r);
  };
  const oofs = new Map<number, Float64Array>();
  let best: TrialRecord | null = null;
  const lossOf = (r: TrialRecord): number => (r.status === 'ok' && r.score !== null ? metricLoss(metric, r.score) : Infinity);
  // Label metrics are flat over many configs (e.g. a 4-tree booster predicting the majority
  // class): the local search breaks ties with the log loss, at a weight far below one label flip.
  const labelMetric = !metricDef.needsProba && o.target.task !== 'regression';
  const searchLoss = (r: TrialRecord): number =>
    lossOf(r) + (labelMetric && r.auxLogLoss != null && Number.isFinite(r.auxLogLoss) ? 1e-4 * Math.min(r.auxLogLoss, 10) : 0);
  for (const r of previous) {
    records.push(r);
    byIdAll.set(r.trialId, r);
    noteBest(r);
    const s = states.get(r.learner);
    if (s) s.observe({ learner: r.learner, params: r.params, sampleSize: r.sampleSize, kind: r.kind }, searchLoss(r), costOf(r), r.status !== 'ok', stoppedByTime(r.info));
    if (lossOf(r) < (best ? lossOf(best) : Infinity)) best = r;
    const oof = log.loadOof(r.trialId, plan.validRows.length * (o.target.task === 'regression' ? 1 : o.target.nClasses));
    if (oof) oofs.set(r.trialId, oof);
  }
  // A resumed run was given more budget to search: convergence is judged anew.
  for (const s of states.values()) s.reopen();
  let nextId = previous.reduce((m, r) => Math.max(m, r.trialId + 1), 0);
  const rng: Rng = createRng(hash32(o.seed ^ Math.imul(info.sessions, 0x9e3779b1)));
  let fallbackModel: { trialId: number; model: NonNullable<TrialOutcome['model']> } | null = null;

  emit({
    type: 'search_start',
    runId: info.runId,
    learners: learners.map((l) => l.name),
    validation: { kind: plan.kind, k: plan.k },
    budgetSeconds: deadline ? deadline.budgetSeconds : null,
    maxTrials: o.maxTrials ?? null,
    resumedTrials: previous.length,
  });

  const yShared = new SharedArrayBuffer(n * 8);
  new Float64Array(yShared).set(o.target.y);
  const views: Partial<Record<FeatureView, ReturnType<typeof toShared>>> = {};
  // Every view built: a resumed run may refit earlier trials of learners this session does not
  // search, on their own features (audit: a linear_svm member was refit on the tree view).
  for (const v of ['tree', 'linear'] as const) if (o.views[v]) views[v] = toShared(o.views[v]!);
  const pool = o.pool ?? createPool(parallelism, o.workerModules);
  if (pool.size < parallelism + 1) throw new AskmlError('INTERNAL', 'worker pool smaller than parallelism + 1');
  // Fresh fold assignments for re-validating the finalists at the end (cv regression; see
  // revalidate.ts for why not classification yet).
  const revalPlans = !revalidates(o) ? [] : repeatPlans(plan, o.target, cellsPerRow(anyView), info.seed);
  pool.setData({ type: 'init', views, y: yShared, task: o.target.task, nClasses: o.target.nClasses, plan, repeats: revalPlans, metric });

  let status: SearchStatus = 'completed';
  let aborted = o.signal?.aborted ?? false;
  let wake: (() => void) | null = null;
  const onAbort = (): void => {
    aborted = true;
    void pool.terminateBusy();
    wake?.();
  };
  o.signal?.addEventListener('abort', onAbort);
  const bestLoss = (): number => (best ? lossOf(best) : Infinity);
  // Time for re-validating the finalists: at most REVAL_SHARE of the budget (recomputed at most
  // every 250 ms: finalists() sorts every record).
  let revalCache = { atMs: -Infinity, ms: 0 };
  const revalReserveMs = (): number => {
    if (!deadline || revalPlans.length === 0) return 0;
    const now = Date.now();
    if (now - revalCache.atMs > 250) {
      const predicted = revalSeconds(finalists(records, metric), revalPlans.length, pool.concurrency());
      revalCache = { atMs: now, ms: 1000 * Math.min(REVAL_SHARE * deadline.budgetSeconds, predicted) };
    }
    return revalCache.ms;
  };
  const reserveMs = (): number => refitReserveMs() + revalReserveMs();
  const refitReserveMs = (): number => {
    if (!deadline || o.refit === false) return 0;
    if (!best) return Math.min(0.2 * (deadline.endMs - deadline.startMs), 1000);
    // Room for refitting the best trial on all rows, and the likely ensemble members (the best
    // trial of each learner within 2% of the best loss) in parallel on the free workers.
    const refitOf = (r: TrialRecord): number => {
      const trainRows = plan.kind === 'cv' ? (n * (plan.k - 1)) / plan.k : r.sampleSize;
      return (r.fitSeconds / plan.k) * (n / Math.max(1, trainRows)) * 1.3 + 0.3;
    };
    const bl = lossOf(best);
    // Classification: learners within 2 points of the best also often join the ensemble.
    const nearSlack = o.target.task === 'regression' ? 1e-12 : 0.02;
    const near = [...states.values()]
      .map((s) => bestOf.get(s.name))
      .filter((r): r is TrialRecord => !!r && lossOf(r) <= bl + 0.02 * Math.abs(bl) + nearSlack);
    const ens = near.reduce((a, r) => a + refitOf(r), 0) / pool.concurrency();
    const predicted = Math.max(refitOf(best), ens, ...near.map((r) => 0.5 * refitOf(r)));
    return 1000 * Math.min(predicted, 0.25 * deadline.budgetSeconds);
  };
  const searchEndMs = (): number => (deadline ? deadline.endMs - reserveMs() : Infinity);
  // Until a first trial has finished, running trials may use half the allowed overrun, so a
  // tiny budget on a loaded machine still returns a model (its fold model, without refit).
  const waitEndMs = (): number => (!deadline ? Infinity : best ? searchEndMs() : deadline.endMs + 0.5 * deadline.graceMs());

  let started = 0;
  const handle = (p: Proposal, id: number, seed: number, out: TrialOutcome | null, err: unknown): void => {
    const s = states.get(p.learner)!;
    if (err instanceof TerminatedError || (err && aborted)) {
      s.retract(p);
      return;
    }
    const o2: TrialOutcome = out ?? {
      id,
      ok: false,
      foldScores: [],
      score: NaN,
      loss: Infinity,
      fitSeconds: err instanceof TrialTimeoutError ? err.seconds : 0,
      oof: null,
      info: {},
      model: null,
      memoryMB: 0,
      aux: null,
      error: isAskmlError(err) ? err.describe() : err instanceof Error ? err.message : String(err),
    };
    const rec: TrialRecord = {
      trialId: id,
      learner: p.learner,
      params: p.params,
      kind: p.kind,
      sampleSize: p.sampleSize,
      status: o2.ok ? 'ok' : 'failed',
      foldScores: o2.foldScores,
      score: o2.ok ? o2.score : null,
      fitSeconds: Math.round(o2.fitSeconds * 1000) / 1000,
      memoryMB: o2.memoryMB,
      auxLogLoss: o2.aux,
      info: o2.info,
      error: o2.ok ? null : (o2.error ?? 'score is not finite'),
      finishedAt: (Date.now() - t0) / 1000,
      seed,
    };
    log.append(rec);
    records.push(rec);
    byIdAll.set(rec.trialId, rec);
    noteBest(rec);
    s.observe(p, searchLoss(rec), costOf(rec), !o2.ok, stoppedByTime(rec.info));
    emit({ type: 'trial_end', trialId: id, learner: p.learner, status: rec.status, score: rec.score, fitSeconds: rec.fitSeconds, error: rec.error });
    if (o2.ok && o2.oof) keepOof(id, o2.oof, lossOf(rec));
    if (lossOf(rec) < bestLoss()) {
      best = rec;
      emit({ type: 'new_best', trialId: id, learner: p.learner, score: rec.score!, params: p.params });
    }
    if (o2.model && best === rec) fallbackModel = { trialId: id, model: o2.model };
    emit({
      type: 'progress',
      elapsedSeconds: (Date.now() - t0) / 1000,
      remainingSeconds: deadline ? deadline.remainingSeconds() : null,
      trialsDone: records.length,
      bestScore: best?.score ?? null,
    });
  };
  const keepOof = (id: number, oof: Float64Array, loss: number): void => {
    oofs.set(id, oof);
    log.saveOof(id, oof);
    if (oofs.size > OOF_KEEP) {
      const byId = byIdAll;
      let worst = -1;
      let worstLoss = -Infinity;
      // The best trial of each learner keeps its predictions, so the ensemble can mix learners
      // (thucnews: 16 linear_svm configs otherwise pushed out every naive_bayes one).
      const protectedIds = new Set([...bestOf.values()].map((r) => r.trialId));
      for (const k of oofs.keys()) {
        if (protectedIds.has(k)) continue;
        const l = lossOf(byId.get(k)!);
        if (l > worstLoss) {
          worstLoss = l;
          worst = k;
        }
      }
      if (worst >= 0) {
        oofs.delete(worst);
        log.pruneOof(new Set(oofs.keys()));
      }
    }
  };

  /** Every learner has converged or failed (and one has converged): nothing is left to try. */
  const converged = (): boolean => [...states.values()].every((s) => s.dead || s.converged) && [...states.values()].some((s) => s.converged);
  const viewOf = new Map(learners.map((l) => [l.name, l.view]));
  const linearStates = [...states.values()].filter((s) => viewOf.get(s.name) === 'linear');
  /** A proposal was held back because it would not fit in the time left: the budget bounds the search. */
  let heldByTime = false;
  /** Text-dominated data: may this (untried) tree learner start now? */
  const treeAllowed = (s: LearnerSearch): boolean => {
    if (!o.textDominated || viewOf.get(s.name) !== 'tree' || !s.untried) return true;
    // Only tree learners were asked for (--learners gbdt): they are the search, whatever the time left.
    if (linearStates.length === 0) return true;
    if (linearStates.some((l) => !l.dead && l.trials === 0)) return false;
    if (!deadline) return true;
    const ok = searchEndMs() - Date.now() >= 1000 * Math.max(TREE_TIME_SHARE * deadline.budgetSeconds, TREE_MIN_SECONDS);
    if (!ok) heldByTime = true;
    return ok;
  };
  const propose = (): Proposal | null => {
    const excluded = new Set<string>();
    for (;;) {
      const cands = [...states.values()].filter((s) => !excluded.has(s.name) && s.canPropose() && treeAllowed(s));
      if (cands.length === 0) return null;
      const ctx = { workerSecondsLeft: deadline ? (Math.max(0, searchEndMs() - Date.now()) / 1000) * parallelism : null };
      // Untried learners first, then each learner's default configuration when affordable (on
      // text data not for tree learners: their defaults cost seconds and rarely win there).
      let s = cands.find((c) => c.untried) ?? cands.find((c) => c.wantsDefault(ctx) && !(o.textDominated && viewOf.get(c.name) === 'tree'));
      if (!s) {
        const g = bestLoss();
        // A learner with trials in flight counts as costlier, so parallel slots spread out
        // unless one learner is clearly the most promising.
        const inv = cands.map((c) => 1 / (c.eci(Number.isFinite(g) ? g : c.bestLoss) * (1 + c.inFlight)));
        const total = inv.reduce((a, b) => a + b, 0);
        let r = rng.next() * total;
        s = cands[cands.length - 1];
        for (let i = 0; i < cands.length; i++) {
          r -= inv[i];
          if (r <= 0) {
            s = cands[i];
            break;
          }
        }
      }
      const p = s.propose(rng, ctx);
      if (!p) {
        excluded.add(s.name);
        continue;
      }
      if (deadline) {
        const cost = s.predictCost(p);
        if (cost !== null && Date.now() + cost * 1000 > searchEndMs()) {
          heldByTime = true;
          s.retract(p);
          excluded.add(s.name);
          continue;
        }
      }
      return p;
    }
  };

  const launch = (p: Proposal): { id: number; done: Promise<void> } => {
    const id = nextId++;
    const given = p.kind === 'given' ? o.startSeeds?.[p.learner] : undefined;
    const seed = given ?? hash32(o.seed * 1000003 + id) % 2147483647;
    started++;
    emit({ type: 'trial_start', trialId: id, learner: p.learner, params: p.params, sampleSize: p.sampleSize, kind: p.kind });
    // With budgets of 30 s and more a single trial may use at most a fifth of the budget
    // (AutoGluon-style per-model limit), so one slow learner cannot eat the search; smaller
    // budgets only stop trials at the search end. Never past the search end.
    const budgetMs = deadline ? deadline.endMs - deadline.startMs : 0;
    const perTrialMs = budgetMs >= 30_000 ? 0.2 * budgetMs : Infinity;
    const limitMs = deadline ? Math.min(perTrialMs, waitEndMs() - Date.now()) : undefined;
    // Shortly before the limit, boosting and forests stop growing and the trial is scored on what
    // it built (as FLAML's time callback does for LightGBM); the limit still kills anything else.
    // Without it, a slow configuration started late was lost whole (diamonds, 10 s: 3-4 of the
    // 20 worker-seconds went to trials killed at the search end).
    const softMs = limitMs !== undefined && Number.isFinite(limitMs) ? limitMs - Math.max(0.15 * limitMs, SOFT_STOP_MARGIN_MS) : undefined;
    const req = {
      id,
      learner: p.learner,
      params: p.params,
      sampleSize: p.sampleSize,
      seed,
      earlyStoppingRounds: o.earlyStoppingRounds ?? 20,
      wantModelBelow: bestLoss(),
      ...(softMs !== undefined && softMs > 0 ? { timeLimitMs: softMs } : {}),
    };
    const done = pool.runTrial(req, limitMs).then(
      (out) => ({ out, err: null as unknown }),
      (err: unknown) => ({ out: null, err }),
    );
    return {
      id,
      done: done.then((r) => {
        results.set(id, { p, seed, ...r });
      }),
    };
  };
  const results = new Map<number, { p: Proposal; seed: number; out: TrialOutcome | null; err: unknown }>();

  const waitFor = (ps: Promise<void>[]): Promise<void> => {
    const timers: NodeJS.Timeout[] = [];
    const race: Promise<void>[] = [...ps, new Promise<void>((res) => (wake = res))];
    if (deadline) race.push(new Promise<void>((res) => timers.push(setTimeout(res, Math.max(0, waitEndMs() - Date.now()) + 5))));
    return Promise.race(race).finally(() => timers.forEach(clearTimeout));
  };

  try {
 const startRace: Promise<unknown>[] = [pool.ready(), new Promise<void>((res) => (wake = res))];
    if (deadline) startRace.push(new Promise<void>((res) => setTimeout(res, Math.max(0, waitEndMs() - Date.now())).unref()));
    await Promise.race(startRace);
    const running = new Map<number, Promise<void>>();
    // New trials start until the search end; while no trial has finished, within the grace.
    const timeUp = (): boolean => !!deadline && Date.now() >= (best ? searchEndMs() : waitEndMs());
    const trialsLeft = (): boolean => o.maxTrials === undefined || started < o.maxTrials;
    if (reproducible) {
      while (!aborted && trialsLeft()) {
        const round: Proposal[] = [];
        for (let i = 0; i < ROUND_SIZE && started + round.length < o.maxTrials!; i++) {
          const p = propose();
          if (!p) break;
          round.push(p);
        }
        if (round.length === 0) break;
        const ids: number[] = [];
        for (const p of round) {
          while (running.size >= parallelism && !aborted) await waitFor([...running.values()]);
          if (aborted) break;
          const { id, done } = launch(p);
          ids.push(id);
          running.set(id, done.then(() => void running.delete(id)));
        }
        while (running.size > 0 && !aborted) await waitFor([...running.values()]);
        for (const id of ids) {
          const r = results.get(id);
          if (r) handle(r.p, id, r.seed, r.out, r.err);
          results.delete(id);
        }
        for (const p of round.slice(ids.length)) states.get(p.learner)!.retract(p);
      }
    } else {
      while (!aborted && !(deadline && Date.now() >= waitEndMs())) {
        while (running.size < parallelism && trialsLeft() && !timeUp()) {
          const p = propose();
          if (!p) break;
          const { id, done } = launch(p);
          running.set(
            id,
            done.then(() => {
              running.delete(id);
              const r = results.get(id)!;
              results.delete(id);
              handle(r.p, id, r.seed, r.out, r.err);
            }),
          );
        }
        if (running.size === 0) break;
        await waitFor([...running.values()]);
      }
      if (running.size > 0) {
        if (!aborted) status = 'budget_exhausted';
        await pool.terminateBusy();
        await Promise.allSettled([...running.values()]);
      }
      // The budget ran out, or work was held back because it would not fit in the time left; a
      // search that ended early for want of anything to try is not 'budget_exhausted'.
      if (deadline && !aborted && (heldByTime || Date.now() >= searchEndMs())) status = 'budget_exhausted';
      else if (deadline && !aborted && status !== 'budget_exhausted' && !converged() && trialsLeft()) {
        notes.push(`The search ended after ${((Date.now() - t0) / 1000).toFixed(1)} s of its ${deadline.budgetSeconds} s budget: no learner had a configuration left to try (${[...states.values()].filter((s) => s.dead).map((s) => `${s.name} failed`).join(', ') || 'each search space was used up'}).`);
      }
    }
    // Every learner converged before the budget ran out: the search is complete, not exhausted.
    if (!aborted && converged() && (!deadline || Date.now() < waitEndMs())) {
      const at = (Date.now() - t0) / 1000;
      notes.push(`Every learner's search converged (its step size collapsed twice without a gain), so the search ended after ${at.toFixed(1)} s${deadline ? ` of its ${deadline.budgetSeconds} s budget` : ''}.`);
      status = 'completed';
    }
    if (aborted) status = 'cancelled';
    if (!trialsLeft() && status !== 'cancelled') status = 'completed';

    const fin = await finishSearch({
      pool,
      records,
      oofs,
      best,
      plan,
      target: o.target,
      metric,
      deadline,
      // A cancelled search (signal) still refits what it found, within the deadline; only hardSignal skips it.
      refit: o.refit !== false && !o.hardSignal?.aborted,
      hardSignal: o.hardSignal,
      hasSavedModel: o.hasSavedModel,
      bag: o.bag ?? (o.target.task === 'regression' && isSmallData(n, cellsPerRow(anyView))),
      earlyStoppingRounds: o.earlyStoppingRounds ?? 20,
      ensemble: o.ensemble !== false,
      chooseByLogLoss: o.chooseByLogLoss === true && metric === 'accuracy' && o.target.task !== 'regression' && isSmallData(n, cellsPerRow(anyView)),
      fallback: fallbackModel,
      emit,
      notes,
      log,
      seed: o.seed,
      parallelism,
      reval: revalPlans.length > 0 && !aborted ? { plans: revalPlans, endMs: deadline ? deadline.endMs - refitReserveMs() : undefined, earlyStoppingRounds: o.earlyStoppingRounds ?? 20 } : null,
    });
    // Stopped hard during the refit (a second Ctrl-C, SIGTERM): the saved model is a fallback, and
    // the run says it was stopped rather than that its budget ran out (audit).
    if (o.hardSignal?.aborted) status = 'cancelled';
    const decision = fin.final ? finalDecision(fin.final, oofs, plan.validRows, o.target, metric) : null;
    if (decision) {
      const f = (v: number): string => v.toFixed(4);
      notes.push(
        `Labels for ${metric}: each class's probability is divided by ${decision.exponent === 1 ? 'its share' : 'the square root of its share'} of the training rows before taking the largest, ` +
          `as the classes count equally in ${metric} (validation ${f(decision.baseScore)} -> ${f(decision.score)}); the probabilities are unchanged.`,
      );
    }
    const wallSeconds = (Date.now() - t0) / 1000;
    const byLearner = learnerSummary(records, metric, learners.map((l) => l.name));
    log.writeJson('leaderboard.json', { runId: info.runId, metric, status, leaderboard: fin.leaderboard, learners: byLearner, best: fin.best, ensemble: fin.ensemble, revalidation: fin.revalidation, notes });
    emit({ type: 'search_end', status, trials: records.length, bestScore: fin.best?.score ?? null, wallSeconds });
    return {
      runId: info.runId,
      status,
      leaderboard: fin.leaderboard,
      learners: byLearner,
      best: fin.best,
      ensemble: fin.ensemble,
      final: fin.final,
      revalidation: fin.revalidation,
      finalScore: decision ? decision.score : fin.score,
      decisionWeights: decision?.weights ?? null,
      validation: { kind: plan.kind, k: plan.k },
      notes,
      wallSeconds,
      trials: records.length,
      newTrials: records.length - previous.length,
      records,
    };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}

/**
 * The decision rule of the final model (decision.ts), chosen on its out-of-fold probabilities:
 * its members' kept predictions averaged with their weights. Null when the metric has no rule,
 * a member's predictions were not kept, or no rule beats the plain argmax.
 */
function finalDecision(final: FinalModel, oofs: Map<number, Float64Array>, validRows: Int32Array, target: Target, metric: MetricName): DecisionChoice | null {
  if (target.task === 'regression' || !DECISION_METRICS.has(metric)) return null;
  const k = target.nClasses;
  const weightOf = new Map<number, number>();
  for (const m of final.members) weightOf.set(m.trialId, (weightOf.get(m.trialId) ?? 0) + m.weight);
  const y = takeValues(target.y, validRows);
  const blend = new Float64Array(y.length * k);
  for (const [id, w] of weightOf) {
    const oof = oofs.get(id);
    if (!oof || oof.length !== blend.length) return null;
    for (let i = 0; i < blend.length; i++) blend[i] += w * oof[i];
  }
  const counts = new Array<number>(k).fill(0);
  for (const v of target.y) if (v >= 0 && v < k) counts[v]++;
  const total = counts.reduce((a, b) => a + b, 0);
  return tuneDecision({ metric, y, oof: blend, k, shares: counts.map((c) => c / total) });
}

export { checkTarget, createPool, resolveLearners, shapeOf };

/**
 * The run's id in run.json and leaderboard.json: the task layer's folder name (run_...) when the
 * search writes into one (a tune session writes into run_.../tune-<k>), else a short random id.
 */
function runIdOf(runDir: string): string {
  const base = path.basename(runDir);
  if (/^run_/.test(base)) return base;
  const parent = path.basename(path.dirname(runDir));
  if (/^tune-\d+$/.test(base) && /^run_/.test(parent)) return parent;
  return randomUUID().slice(0, 8);
}
