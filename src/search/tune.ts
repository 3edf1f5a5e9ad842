/**
 * tune: a deeper search of one learner, starting from its best configuration in a finished run
 * (or from given params): local search only, most of the budget on that learner, no ensemble.
 * The run's earlier tune sessions (tune-<n>/ sub-folders, finished or killed) count as part of
 * the run: the start is the best trial of the learner in any of them, and the session is
 * validated as the run was (same folds), so its scores compare with the run's.
 */
import { readJson } from '../util/fs.js';
import { basename, join } from 'node:path';
import { AskmlError } from '../errors.js';
import { getLearner } from '../learners/index.js';
import type { Params } from '../learners/types.js';
import { checkMetric, metricLoss, type MetricName } from '../evaluate/metrics.js';
import { searchModel, type SearchModelOptions, type SearchModelResult } from './automl.js';
import { rankedTrials, readTrials, tuneSessionDirs, type RunInfo, type TrialRecord } from './run-log.js';

/** `resume`: continue the tune session in `runDir` (a killed one) with its finished trials. */
export interface TuneOptions extends Omit<SearchModelOptions, 'include' | 'exclude' | 'start'> {
  /** Learner to tune; default the best learner of `fromRun`. */
  learner?: string;
  /** A finished run folder to take the starting configuration from. */
  fromRun?: string;
  /** Or an explicit starting configuration (with `learner`). */
  params?: Params;
}

export interface TuneResult extends SearchModelResult {
  learner: string;
  startParams: Params;
  /** Validation score of the starting configuration in this run. */
  startScore: number | null;
  /** best - start, signed so that positive means better. */
  improvement: number | null;
}

/**
 * The best configuration of `learner` (or of the best learner) in a finished run folder, its
 * tune sessions included: a session that was killed keeps its trials in tune-<n>/trials.jsonl,
 * and the next tune starts from its best.
 */
export function bestFromRun(runDir: string, learner?: string): { learner: string; params: Params; score: number; seed: number; metric: string; from: string } {
  const { info, metric, sessions } = comparableSessions(runDir);
  // Each session's best, then the first session (the run before its tune sessions) whose best is strictly better.
  let top: { t: TrialRecord; from: string } | null = null;
  for (const { trials, label } of sessions) {
    const b = rankedTrials(trials, metric).find((t) => !learner || t.learner === learner);
    if (b && (!top || metricLoss(metric, b.score!) < metricLoss(metric, top.t.score!))) top = { t: b, from: label };
  }
  if (!top) throw noTrialError(info.runId, learner, triedLearners(sessions, metric));
  return { learner: top.t.learner, params: top.t.params, score: top.t.score!, seed: top.t.seed, metric, from: top.from };
}

/** A run with no finished trial (of `learner`), naming the learners that have one. */
export function noTrialError(runId: string, learner: string | undefined, tried: string[]): AskmlError {
  return new AskmlError('NOT_FOUND', learner ? `Run '${runId}' has no finished trial of learner '${learner}'.` : `Run '${runId}' has no finished trial.`, { choices: tried });
}

/** The learners with a scored trial in the run or its comparable tune sessions: the ones tune can start from. */
export function learnersWithTrials(runDir: string): string[] {
  const { metric, sessions } = comparableSessions(runDir);
  return triedLearners(sessions, metric);
}

function triedLearners(sessions: { trials: TrialRecord[] }[], metric: MetricName): string[] {
  return [...new Set(sessions.flatMap((s) => rankedTrials(s.trials, metric).map((t) => t.learner)))];
}

/** The run's trials and those of its tune sessions that validated the same way (same folds and seed). */
function comparableSessions(runDir: string): { info: RunInfo; metric: MetricName; sessions: { trials: TrialRecord[]; label: string }[] } {
  const info = readJson<RunInfo>(join(runDir, 'run.json'));
  if (!info) throw new AskmlError('NOT_FOUND', `No run found in '${runDir}' (run.json missing).`);
  const metric = checkMetric(info.metric, info.task).name;
  const sessions: { trials: TrialRecord[]; label: string }[] = [];
  for (const [dir, label] of [[runDir, 'run'] as const, ...tuneSessionDirs(runDir).map((s) => [s.dir, `tune-${s.n}`] as const)]) {
    // A session validated differently (made before tune kept the run's folds) does not compare.
    let own: RunInfo | undefined;
    try {
      own = readJson<RunInfo>(join(dir, 'run.json'));
    } catch {
      continue; // a damaged session's run.json: its trials are not known to compare
    }
    if (dir !== runDir && (!own || own.validation.kind !== info.validation.kind || own.validation.k !== info.validation.k || own.seed !== info.seed)) continue;
    sessions.push({ trials: readTrials(join(dir, 'trials.jsonl')), label });
  }
  return { info, metric, sessions };
}

/** How a run validated its trials (from its run.json), for a tune session to use the same folds. */
function runValidation(runDir: string): SearchModelOptions['validation'] {
  const info = readJson<RunInfo>(join(runDir, 'run.json'));
  if (!info) return undefined;
  return { kind: info.validation.kind, ...(info.validation.kind === 'cv' ? { folds: info.validation.k } : {}) };
}

export async function tune(o: TuneOptions): Promise<TuneResult> {
  let learner = o.learner;
  let params = o.params;
  let metric = o.metric;
  let validation = o.validation;
  const notes: string[] = [];
  // The start runs with the seed its trial had, on the run's folds: it scores as it did in the run.
  let startSeed: number | undefined;
  if (o.fromRun) {
    validation = validation ?? runValidation(o.fromRun);
    const b = bestFromRun(o.fromRun, learner);
    learner = b.learner;
    if (!params && b.from !== 'run') notes.push(`Started from the best ${b.learner} configuration of the earlier tune session ${b.from}.`);
    if (!params) startSeed = b.seed;
    params = params ?? b.params;
    metric = metric ?? b.metric;
  }
  if (o.resume) {
    const kept = readTrials(join(o.runDir, 'trials.jsonl')).length;
    notes.push(`Continued the interrupted tune session in ${basename(o.runDir)}: its ${kept} finished trial${kept === 1 ? '' : 's'} were kept.`);
  }
  if (!learner) {
    throw new AskmlError('BAD_ARGUMENT', 'tune needs a learner, or a finished run (fromRun) to take the best learner from.');
  }
  const l = getLearner(learner);
  params = params ?? {};
  const r = await searchModel({ ...o, metric, validation, include: [l.name], start: { [l.name]: params }, ...(startSeed !== undefined ? { startSeeds: { [l.name]: startSeed } } : {}), ensemble: false, globalRate: o.globalRate ?? 0.05 });
  const start = readTrials(join(o.runDir, 'trials.jsonl')).find((t) => t.kind === 'given' || t.kind === 'init');
  const startScore = start?.score ?? null;
  const improvement = startScore === null ? null : metricLoss(r.metric, startScore) - metricLoss(r.metric, r.best.score);
  return { ...r, notes: [...notes, ...r.notes], learner: l.name, startParams: params, startScore, improvement };
}
