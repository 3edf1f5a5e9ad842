/**
 * searchModel: the frame-level AutoML entry. Encodes the target, builds the feature views the
 * candidate learners need (each pipeline fitted once on the training frame; target encoding is
 * out-of-fold inside fitPipeline), runs the search core under the budget (feature fitting counts
 * toward it) and wraps the refit model(s) in a TrainedModel.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AskmlError } from '../errors.js';
import { takeRows, type Frame } from '../data/frame.js';
import type { ColumnInfo } from '../data/column-info.js';
import { encodeTarget } from '../data/target.js';
import { analyzeFrame } from '../data/profile.js';
import { fitPipeline, noFeatureLeft, planFeatures, TREE_TEXT_FEATURES_TEXT_HEAVY, type FeaturePlan, type PlanOptions } from '../features/plan.js';
import { releaseTextTokens, shareTextTokens } from '../features/text/tfidf.js';
import type { FittedPipeline } from '../features/pipeline.js';
import type { FeatureView } from '../features/types.js';
import { allLearners, defaultLearnerNames, getLearner, loadModel } from '../learners/index.js';
import type { Matrix, Params, TaskType } from '../learners/types.js';
import { checkMetric, checkMetricForTarget, constantBaseline, defaultMetric, isBetter, type MetricName } from '../evaluate/metrics.js';
import { Deadline } from './deadline.js';
import type { SearchEvent, SearchStatus } from './events.js';
import type { EnsembleSummary, LeaderboardEntry } from './finish.js';
import { readTrials, TIME_LIMIT_ERROR, type LearnerSummary, type TrialRecord } from './run-log.js';
import { createPool, runSearch, treeLearnersCanStart, type CoreSearchOptions } from './search-core.js';
import { TrainedModel } from './trained-model.js';

export interface SearchModelOptions {
  train: Frame;
  target: string;
  /**
   * The columns of a separate test file the model will be scored on: a column the fitted features
   * read but the test file lacks is a SCHEMA_MISMATCH before any trial, not after the search.
   */
  testColumns?: readonly string[];
  task?: TaskType;
  /** Metric name (see evaluate/metrics.ts); default accuracy / rmse. */
  metric?: string;
  /** Wall-clock budget for the whole call (features, search, refit). */
  budgetSeconds?: number;
  /** Trial count; without budgetSeconds the run is reproducible for a seed. */
  maxTrials?: number;
  seed?: number;
  /** Only these learners. */
  include?: string[];
  /** Never these learners. */
  exclude?: string[];
  parallelism?: number;
  /** Run folder (trials.jsonl, run.json, leaderboard.json). */
  runDir: string;
  /** Continue the run in runDir with this call's budget; finished trials are kept. */
  resume?: boolean;
  /** Column facts from the profile; computed when omitted. */
  columns?: ColumnInfo[];
  /** Identifier columns of the whole file (profile): kept out of the features though the training rows alone may not show it. */
  idColumns?: ReadonlyMap<string, string>;
  featureOptions?: Partial<Omit<PlanOptions, 'view' | 'target' | 'nRows'>>;
  onEvent?: (e: SearchEvent) => void;
  /** Stops the search; the best found is still refit within the budget (status 'cancelled'). */
  signal?: AbortSignal;
  /** Stops the final refit too: the best trial's first-fold model is returned. */
  hardSignal?: AbortSignal;
  validation?: CoreSearchOptions['validation'];
  ensemble?: boolean;
  /** Start configurations per learner (used by tune). */
  start?: Record<string, Params>;
  /** Trial seeds of the start configurations (used by tune). */
  startSeeds?: Record<string, number>;
  globalRate?: number;
  /** Boosting early-stopping patience on the validation fold (default 20; 0 disables). */
  earlyStoppingRounds?: number;
  /** Extra modules worker threads import (test learners). */
  workerModules?: string[];
  /** Re-score the finalists on fresh folds before choosing (cv regression; default true). */
  revalidate?: boolean;
  /** Average the k cv fold models instead of one refit on all rows (default: small regression data). */
  bag?: boolean;
  /** Choose the final model on out-of-fold log loss, for small classification data scored by accuracy (default off; search-core.ts). */
  chooseByLogLoss?: boolean;
  /**
   * A later session (resume, tune) of a run with a saved model: loads that model. When this session
   * makes no final model of its own (its refit did not fit in the budget, the features took it), the
   * result carries the saved model (keptSavedModel) instead of a BUDGET error.
   */
  savedModel?: () => TrainedModel | null;
}

export interface SearchModelResult {
  runId: string;
  status: SearchStatus;
  task: TaskType;
  metric: MetricName;
  leaderboard: LeaderboardEntry[];
  /** Each learner's trial count and best configuration, best learner first. */
  learners: LearnerSummary[];
  best: LeaderboardEntry;
  ensemble: EnsembleSummary | null;
  model: TrainedModel;
  /** How the search validated, on how many training rows (those with a target). */
  validation: { kind: 'cv' | 'holdout'; k: number; rows: number };
  notes: string[];
  wallSeconds: number;
  /** Finished trials (including earlier sessions of a resumed run). */
  trials: number;
  /** Trials finished by this call (equal to trials for a new run). */
  sessionTrials: number;
  featureSeconds: number;
  /** true: this session made no final model; `model` is the run's saved model (savedModel), not to be saved again. */
  keptSavedModel: boolean;
}

/** Names of the candidate learners after include / exclude (unknown names -> UNKNOWN_LEARNER). */
export function candidateLearners(task: TaskType, include?: string[], exclude?: string[]): string[] {
  for (const n of [...(include ?? []), ...(exclude ?? [])]) getLearner(n);
  const base = include && include.length > 0 ? include : defaultLearnerNames(task);
  const out = base.filter((n) => !(exclude ?? []).includes(n));
  if (out.length === 0) {
    throw new AskmlError('BAD_ARGUMENT', 'include/exclude leave no learner to search.', {
      choices: allLearners().filter((l) => l.tasks.includes(task)).map((l) => l.name),
    });
  }
  return out;
}

/** The data fingerprint written into run.json: resume checks it, run-recover matches killed runs by it. */
export function fingerprint(frame: Frame, target: string, y: Float64Array): string {
  const h = createHash('sha1');
  h.update(`${frame.nRows}|${target}|${frame.columns.map((c) => `${c.name}:${c.type}`).join(',')}|`);
  h.update(new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  return h.digest('hex').slice(0, 16);
}

/**
 * Text-dominated data up to 20k rows with 30 s or more: 5-fold CV instead of the size rule's
 * holdout. The linear learners are cheap enough, and C / the ensemble weights chosen on a
 * 2,000-row holdout are noisy (thucnews: validation macro-F1 0.851 vs test 0.876).
 */
/**
 * textDominated (features/plan.ts) counting only the text columns filled in at least half the rows:
 * a mostly empty text column (text_sparse: 90% empty, the signal in a numeric column) does not make
 * the data text-dominated, which would hold the tree learners back.
 */
function textDominatedData(plan: FeaturePlan, columns: ColumnInfo[]): boolean {
  const share = new Map(columns.map((c) => [c.name, c.missingShare]));
  const text = plan.rules.filter((r) => r.treatment === 'text');
  const filled = text.filter((r) => (share.get(r.column) ?? 0) < 0.5).length;
  const other = plan.rules.length - text.length;
  return filled > 0 && (other <= 2 || filled >= other);
}

function textValidation(heavyText: boolean, rows: number, budgetSeconds?: number): CoreSearchOptions['validation'] {
  if (!heavyText || rows > 20_000 || (budgetSeconds !== undefined && budgetSeconds < 30)) return undefined;
  return { kind: 'cv', folds: 5 };
}

export async function searchModel(o: SearchModelOptions): Promise<SearchModelResult> {
  const deadline = o.budgetSeconds !== undefined ? Deadline.fromSeconds(o.budgetSeconds) : undefined;
  if (!deadline && o.maxTrials === undefined) {
    throw new AskmlError('BUDGET', 'Give a time budget (budgetSeconds) or a trial count (maxTrials).');
  }
  const seed = o.seed ?? 0;
  const notes: string[] = [];
  const enc = encodeTarget(o.train, o.target, o.task);
  const frame = enc.dropped > 0 ? takeRows(o.train, enc.rows) : o.train;
  // The run summary counts the training rows of the split; say what the search used (localize-notes matches the first sentence).
  if (enc.dropped > 0) notes.push(`Dropped ${enc.dropped} rows whose target '${o.target}' is missing.`, `The search used the other ${frame.nRows} of the ${o.train.nRows} training rows.`);
  const task = enc.task;
  const metric = checkMetric(o.metric ?? defaultMetric(task), task).name;
  if (task === 'regression') notes.push(...checkMetricForTarget(metric, enc.target.y, o.target));
  let names = candidateLearners(task, o.include, o.exclude);
  let views = [...new Set(names.map((n) => getLearner(n).view))] as FeatureView[];

  const t0 = Date.now();
  // Workers load the learners while the main thread fits the feature pipelines.
  const pool = createPool(o.parallelism, o.workerModules);
  const pipelines: Partial<Record<FeatureView, FittedPipeline>> = {};
  const matrices: Partial<Record<FeatureView, Matrix>> = {};
  // Feature fitting stops (BUDGET) once no trial could finish within the allowed overrun.
  const featureStop = new AbortController();
  const onAbort = (): void => featureStop.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort);
  if (o.signal?.aborted) featureStop.abort(o.signal.reason);
  // A later session with a saved model does not fail on slow features: it keeps that model (below).
  const timer = deadline && !o.savedModel ? setTimeout(() => featureStop.abort(), Math.max(0, deadline.endMs + 0.5 * deadline.graceMs() - Date.now())) : null;
  let heavyText = false;
  let treesSkipped = false;
  shareTextTokens(frame);
  try {
    const columns = o.columns ?? analyzeFrame(frame, { target: o.target, task, idColumns: o.idColumns }).columns;
    const planOf = (view: FeatureView, extra?: Partial<PlanOptions>): FeaturePlan =>
      planFeatures(columns, { ...o.featureOptions, ...extra, target: o.target, view, nRows: frame.nRows });
    const linearPlan = planOf('linear');
    // Every column dropped (row ids, constants, leaks, exclusions): refuse, naming why, rather than fit a mean predictor.
    if (linearPlan.rules.length === 0) throw noFeatureLeft(linearPlan.dropped, o.featureOptions?.exclude ?? [], o.target);
    heavyText = textDominatedData(linearPlan, columns);
    // Text-dominated data with a budget too small for tree learners ever to start (search-core
    // treeAllowed): skip them and their feature view, whether or not they were named (the task
    // layer always names the run's learners), unless only tree learners were asked for.
    if (heavyText && deadline && !treeLearnersCanStart(deadline.budgetSeconds)) {
      const linear = names.filter((n) => getLearner(n).view === 'linear');
      if (linear.length > 0 && linear.length < names.length) {
        notes.push(`Text-dominated data and a ${deadline.budgetSeconds} s budget: tree learners skipped (${names.filter((n) => !linear.includes(n)).join(', ')}).`);
        names = linear;
        views = ['linear'];
        treesSkipped = true;
      }
    }
    // A resumed run may ensemble (or keep) earlier trials of learners this session does not search
    // (a resume with one learner): their feature views are fitted too.
    if (o.resume) {
      for (const t of readTrials(join(o.runDir, 'trials.jsonl'))) {
        const view = allLearners().find((l) => l.name === t.learner)?.view;
        if (view && !views.includes(view)) views.push(view);
      }
    }
    // Linear view first: on text data it is the one the search starts with.
    for (const view of [...views].sort((a, b) => (a === 'linear' ? -1 : b === 'linear' ? 1 : 0))) {
      const extra = view === 'tree' && heavyText && o.featureOptions?.treeTextFeatures === undefined ? { treeTextFeatures: TREE_TEXT_FEATURES_TEXT_HEAVY } : {};
      const fitted = await fitPipeline(planOf(view, extra), frame, { seed, target: enc.target, signal: featureStop.signal });
      matrices[view] = fitted.train!.matrix;
      fitted.dropTrain();
      pipelines[view] = fitted;
    }
  } catch (e) {
    await pool.close();
    if (featureStop.signal.aborted && !o.signal?.aborted && deadline) {
      throw new AskmlError('BUDGET', `Feature fitting did not finish within the budget (${deadline.budgetSeconds} s; stopped after ${deadline.elapsedSeconds().toFixed(1)} s).`, {
        hint: 'Give a larger budget, or fewer / shorter text columns (featureOptions.exclude).',
      });
    }
    throw e;
  } finally {
    releaseTextTokens(frame);
    if (timer) clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (o.testColumns) {
    const have = new Set(o.testColumns);
    const missing = [...new Set(Object.values(pipelines).flatMap((p) => p?.inputs ?? []))].filter((c) => !have.has(c));
    if (missing.length > 0) {
      await pool.close();
      throw new AskmlError('SCHEMA_MISMATCH', `The test file lacks column(s) ${missing.map((c) => `'${c}'`).join(', ')} that the model's features read.`, {
        choices: [...have],
        hint: `Add them to the test file, or leave them out of the features (engineer_features' exclude_columns: [${missing.map((c) => JSON.stringify(c)).join(', ')}]).`,
      });
    }
  }
  const featureSeconds = (Date.now() - t0) / 1000;
  // The features alone used the budget: say so now rather than after a trial that cannot finish
  // (a resumed run goes on: its earlier trials still make a model).
  if (deadline && !o.resume && !o.savedModel && deadline.remainingSeconds() <= 0) {
    await pool.close();
    throw featureBudgetError(featureSeconds, deadline.budgetSeconds);
  }

  // runSearch closes the pool when it returns or fails inside its loop; a check that fails before
  // (target, learners, run folder) must not leave the worker threads keeping the process alive.
  const core = await runSearch({
    views: matrices,
    target: enc.target,
    metric,
    learners: names,
    deadline,
    maxTrials: o.maxTrials,
    seed,
    parallelism: o.parallelism,
    pool,
    runDir: o.runDir,
    resume: o.resume,
    fingerprint: fingerprint(frame, o.target, enc.target.y),
    onEvent: o.onEvent,
    signal: o.signal,
    hardSignal: o.hardSignal,
    workerModules: o.workerModules,
    validation: o.validation ?? textValidation(heavyText, frame.nRows, o.budgetSeconds),
    ensemble: o.ensemble,
    start: o.start,
    startSeeds: o.startSeeds,
    globalRate: o.globalRate,
    earlyStoppingRounds: o.earlyStoppingRounds,
    textDominated: heavyText,
    revalidate: o.revalidate,
    bag: o.bag,
    chooseByLogLoss: o.chooseByLogLoss,
    hasSavedModel: !!o.savedModel,
  }).catch(async (e: unknown) => {
    await pool.close();
    throw e;
  });
  // Said only when both kinds are searched (audit: said with linear learners excluded, or naive_bayes alone).
  const searchedViews = new Set(names.map((n) => getLearner(n).view));
  if (heavyText && !treesSkipped && searchedViews.has('linear') && searchedViews.has('tree')) notes.push('Text-dominated data: linear learners first; tree learners on a small text view, only with time to spare.');
  // The features count toward the budget (audit: 16 of 20 s went to them, one trial ran, nothing said so).
  if (deadline && featureSeconds >= 0.25 * deadline.budgetSeconds) {
    notes.push(`Building the features took ${featureSeconds.toFixed(1)} s of the ${deadline.budgetSeconds} s budget; the trials had the rest.`);
  }
  notes.push(...core.notes);
  const result = (model: TrainedModel, best: NonNullable<typeof core.best>, ensemble: typeof core.ensemble, keptSavedModel: boolean): SearchModelResult => ({
    runId: core.runId,
    status: core.status,
    task,
    metric,
    leaderboard: core.leaderboard,
    learners: core.learners,
    best,
    ensemble,
    model,
    validation: { ...core.validation, rows: frame.nRows },
    notes,
    wallSeconds: deadline ? deadline.elapsedSeconds() : (Date.now() - t0) / 1000,
    trials: core.trials,
    sessionTrials: core.newTrials,
    featureSeconds,
    keptSavedModel,
  });
  // A later session of a run with a saved model that made no final model of its own keeps that model.
  const saved = core.best && !core.final && o.savedModel ? o.savedModel() : null;
  if (saved && core.best) {
    const why =
      deadline && featureSeconds >= 0.5 * deadline.budgetSeconds
        ? `building the features took ${featureSeconds.toFixed(1)} s of the ${deadline.budgetSeconds} s budget`
        : `no model of this session's best trial could be fitted within the ${deadline ? `${deadline.budgetSeconds} s budget` : 'search'}`;
    notes.push(`This session made no final model of its own (${why}), so the saved model was kept and not replaced.`);
    return result(saved, core.best, core.ensemble ? { ...core.ensemble, kept: false } : null, true);
  }
  if (!core.best || !core.final) {
    if (core.status === 'cancelled') throw new AskmlError('CANCELLED', 'The search was cancelled before any trial finished.');
    // Trials that ended with an error (not at their time limit): the budget is not what failed.
    const errors = core.records.filter((r) => r.status === 'failed' && !r.error?.startsWith(TIME_LIMIT_ERROR));
    if (errors.length > 0 && errors.length === core.records.length) throw trialsFailedError(errors);
    if (deadline && featureSeconds >= 0.5 * deadline.budgetSeconds) throw featureBudgetError(featureSeconds, deadline.budgetSeconds);
    // Cheaper learners help only when the search was not already limited to the cheapest one.
    const cheapest = names.length === 1 && names[0] === 'logistic_regression';
    throw new AskmlError('BUDGET', `No trial finished within the budget (${o.budgetSeconds ?? '?'} s, of which features took ${featureSeconds.toFixed(1)} s).`, {
      hint: cheapest ? 'Give a larger budget.' : 'Give a larger budget, or fewer / cheaper learners (include: ["logistic_regression"]).',
    });
  }
  // The learner table lists candidates that never started; say why once.
  const idle = core.learners.filter((l) => l.trials === 0).map((l) => l.learner);
  if (idle.length > 0) {
    const why =
      core.status === 'cancelled'
        ? 'the search was stopped first'
        : o.maxTrials !== undefined && core.trials >= o.maxTrials
          ? `the trial count (${o.maxTrials}) was used up first`
          : 'the budget ran out first (learners start in order of their expected gain per second)';
    notes.push(`Not started: ${idle.join(', ')}; ${why}.`);
  }
  const finalScore = core.finalScore ?? core.best.score;
  const base = constantBaseline(metric, enc.target.y, task === 'regression' ? 1 : enc.target.nClasses);
  if (!isBetter(metric, finalScore, base.score)) {
    const f = (v: number): string => (Math.abs(v) >= 10 ? v.toFixed(2) : v.toFixed(4));
    notes.push(
      `The final model's validation ${metric} (${f(finalScore)}) is no better than ${base.what} (${f(base.score)}): it learned nothing usable from the features. ` +
        'The columns may carry no signal for this target, or the budget was too small for any learner to get going.',
    );
  }
  const usedViews = new Set(core.final.members.map((m) => getLearner(m.learner).view));
  const featurePipelines: Partial<Record<FeatureView, FittedPipeline>> = {};
  for (const v of usedViews) featurePipelines[v] = pipelines[v];
  const model = new TrainedModel({
    task,
    target: o.target,
    metric,
    labels: enc.labels,
    featurePipelines,
    members: core.final.members.map((m) => ({
      learner: m.learner,
      view: getLearner(m.learner).view,
      weight: m.weight,
      params: m.params,
      model: loadModel(m.model),
      refit: m.refit,
      ...(m.fold === undefined ? {} : { fold: m.fold }),
    })),
    runId: core.runId,
    validationScore: finalScore,
    decisionWeights: core.decisionWeights,
  });
  return result(model, core.best, core.ensemble, false);
}

/** Every trial of the search failed with an error: the errors, most frequent first, and the learners. */
export function trialsFailedError(failed: TrialRecord[]): AskmlError {
  const counts = new Map<string, number>();
  for (const r of failed) {
    const e = r.error ?? 'unknown error';
    counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const learners = [...new Set(failed.map((r) => r.learner))];
  return new AskmlError(
    'TRIALS_FAILED',
    `Every trial failed (${failed.length} trial${failed.length === 1 ? '' : 's'} of ${learners.join(', ')}): ${top.map(([e, n]) => (n > 1 ? `${e} (${n}x)` : e)).join('; ')}.`,
    { hint: 'Check the target and feature values the errors name, or leave out the learners that fail (exclude).' },
  );
}

/** Building the features took (most of) the budget: name that, and a budget that leaves room for trials. */
function featureBudgetError(featureSeconds: number, budgetSeconds: number): AskmlError {
  const enough = Math.max(budgetSeconds + 1, Math.ceil(3 * featureSeconds + 2));
  return new AskmlError('BUDGET', `Building the features took ${featureSeconds.toFixed(1)} s of the ${budgetSeconds} s budget, so no trial could finish.`, {
    hint: `Give a budget of at least ${enough} s (budget_seconds), or fewer / shorter text columns.`,
  });
}
