/**
 * tune: a deeper search of one learner, starting from its best configuration in a finished run
 * (or from given params): local search only, most of the budget on that learner, no ensemble.
 */
import { readJson } from '../util/fs.js';
import { join } from 'node:path';
import { AskmlError } from '../errors.js';
import { getLearner } from '../learners/index.js';
import type { Params } from '../learners/types.js';
import { checkMetric, metricLoss } from '../evaluate/metrics.js';
import { searchModel, type SearchModelOptions, type SearchModelResult } from './automl.js';
import { rankedTrials, readTrials, type RunInfo } from './run-log.js';

export interface TuneOptions extends Omit<SearchModelOptions, 'include' | 'exclude' | 'start' | 'resume'> {
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

/** The best configuration of `learner` (or of the best learner) in a finished run folder. */
export function bestFromRun(runDir: string, learner?: string): { learner: string; params: Params; score: number; metric: string } {
  const info = readJson<RunInfo>(join(runDir, 'run.json'));
  if (!info) throw new AskmlError('NOT_FOUND', `No run found in '${runDir}' (run.json missing).`);
  const metric = checkMetric(info.metric, info.task).name;
  const trials = readTrials(join(runDir, 'trials.jsonl'));
  const ok = rankedTrials(trials, metric).filter((t) => !learner || t.learner === learner);
  if (ok.length === 0) {
    const learners = [...new Set(trials.map((t) => t.learner))];
    throw new AskmlError('NOT_FOUND', learner ? `Run '${info.runId}' has no finished trial of learner '${learner}'.` : `Run '${info.runId}' has no finished trial.`, {
      choices: learners,
    });
  }
  return { learner: ok[0].learner, params: ok[0].params, score: ok[0].score!, metric };
}

export async function tune(o: TuneOptions): Promise<TuneResult> {
  let learner = o.learner;
  let params = o.params;
  let metric = o.metric;
  if (o.fromRun) {
    const b = bestFromRun(o.fromRun, learner);
    learner = b.learner;
    params = params ?? b.params;
    metric = metric ?? b.metric;
  }
  if (!learner) {
    throw new AskmlError('BAD_ARGUMENT', 'tune needs a learner, or a finished run (fromRun) to take the best learner from.');
  }
  const l = getLearner(learner);
  params = params ?? {};
  const r = await searchModel({ ...o, metric, include: [l.name], start: { [l.name]: params }, ensemble: false, globalRate: o.globalRate ?? 0.05 });
  const start = readTrials(join(o.runDir, 'trials.jsonl')).find((t) => t.kind === 'given' || t.kind === 'init');
  const startScore = start?.score ?? null;
  const improvement = startScore === null ? null : metricLoss(r.metric, startScore) - metricLoss(r.metric, r.best.score);
  return { ...r, learner: l.name, startParams: params, startScore, improvement };
}
