/**
 * Continue a run whose search process died (kill -9, a crash, a closed terminal). Only a finished
 * search_model session writes record.json, but a killed run folder still holds enough to go on:
 *
 *   request.json   what search_model was asked for (dataset, target, metric, seed, budget, feature
 *                  options), written when the run starts (runSearchSession)
 *   run.json       the engine's settings: task, metric, validation, learners, data fingerprint
 *   trials.jsonl   every finished trial, flushed as it finished; oof/ for the ensemble
 *   split.json     the held-out test rows
 *
 * recoverRunRecord rebuilds the RunRecord a finished session would have written (minus the model),
 * so tune / `askml resume` continue the search with every finished trial kept. Runs started before
 * request.json existed are matched to their search_model call through the task event log (a run
 * made by `askml run`), else to a registered dataset and target by the data fingerprint in run.json.
 * A task-made run also gets back its plan.json (instruction, plan) from the task record. A run
 * killed before any trial finished has nothing to keep: its search is run from the start with the
 * run's settings (from request.json alone when the engine had not even written run.json).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AskmlError } from '../errors.js';
import { takeRows, type Frame } from '../data/frame.js';
import { encodeTarget } from '../data/target.js';
import type { TaskType } from '../learners/types.js';
import { fingerprint } from '../search/automl.js';
import { rankedTrials, readTrials, type RunInfo } from '../search/run-log.js';
import { checkMetric, defaultMetric } from '../evaluate/metrics.js';
import { readJson, writeJsonAtomic } from '../util/fs.js';
import { datasetIds, getDataset, type DatasetRecord } from './datasets.js';
import { loadSplit, splitFrames, type RunRecord, type RunSplit } from './runs.js';
import { listIds, loadRecord } from './store.js';
import { type TaskRecord } from './tasks.js';
import { taskOfRun } from './run-artifacts.js';

/** request.json: the settings of the search_model call that made the run. */
export type RunRequest = Pick<RunRecord, 'runId' | 'datasetId' | 'target' | 'seed' | 'budgetSeconds' | 'maxTrials' | 'featuresId' | 'featureOptions' | 'learners' | 'ensemble' | 'createdAt'> & {
  /** The task asked for (null: inferred from the target). */
  task: TaskType | null;
  /** The metric asked for (null: the task's default). */
  metric: string | null;
};

export const REQUEST_FILE = 'request.json';

export function saveRunRequest(runDir: string, r: RunRequest): void {
  writeJsonAtomic(join(runDir, REQUEST_FILE), r);
}

const idTime = (id: string): string => id.split('_')[1] ?? '';

/** A run started by a task: that task's search_model call, from its event log. */
function requestFromTask(workspaceDir: string, runId: string, info: RunInfo): { request: RunRequest; how: string } | null {
  const found = taskOfRun(workspaceDir, runId);
  if (!found) return null;
  const { taskId, events, at } = found;
  const start = events.slice(0, at).reverse().find((e) => e.type === 'step_start' && e.tool === 'search_model');
  if (!start || start.type !== 'step_start') return null;
  const a = start.args as { dataset_id: string; target: string; task: TaskType | null; seed: number; budget_seconds: number | null; max_trials: number | null; features_id: string | null };
  let featureOptions: Record<string, unknown> | null = null;
  if (a.features_id) featureOptions = loadRecord<{ options: Record<string, unknown> }>(workspaceDir, 'features', a.features_id).options;
  return {
    request: {
      runId,
      datasetId: a.dataset_id,
      target: a.target,
      task: a.task,
      metric: info.metric,
      seed: a.seed ?? info.seed,
      budgetSeconds: a.budget_seconds,
      maxTrials: a.max_trials,
      featuresId: a.features_id,
      featureOptions,
      learners: info.learners,
      createdAt: info.createdAt,
    },
    how: `from the search_model call of task ${taskId}`,
  };
}

/**
 * plan.json of a run a task started (the task writes it only once search_model has returned): the
 * instruction and plan from the task record, so the report of the resumed run shows them, in the
 * instruction's language.
 */
function restorePlan(workspaceDir: string, runId: string, dir: string): void {
  if (existsSync(join(dir, 'plan.json'))) return;
  const found = taskOfRun(workspaceDir, runId);
  if (!found) return;
  const task = loadRecord<TaskRecord>(workspaceDir, 'tasks', found.taskId);
  if (!task.plan) return;
  const steps = [...new Set(found.events.flatMap((e) => (e.type === 'step_start' ? [e.tool] : [])))];
  writeJsonAtomic(join(dir, 'plan.json'), { instruction: task.instruction, plan: task.plan, steps });
}

/** Does the dataset's shape fit the run's split (same test file / split file / row count)? */
function splitFits(d: DatasetRecord, split: RunSplit): boolean {
  if (split.kind === 'test_file') return !!d.test && split.source === `test file ${d.test.path}`;
  if (split.kind === 'split_file') return !!d.splitFile && split.source === `split file ${d.splitFile}`;
  return !d.test && d.rows === split.trainRows + split.testRows;
}

/** A run started by search_model directly: the registered dataset and target column whose training rows give run.json's fingerprint. */
async function requestFromFingerprint(workspaceDir: string, runId: string, dir: string, info: RunInfo, signal?: AbortSignal): Promise<{ request: RunRequest; how: string } | null> {
  if (!info.fingerprint) return null;
  const split = loadSplit(dir);
  for (const id of datasetIds(workspaceDir)) {
    if (idTime(id) > idTime(runId)) continue; // registered after the run started
    let d: DatasetRecord;
    let train: Frame;
    try {
      d = getDataset(workspaceDir, id);
      if (!splitFits(d, split)) continue;
      train = (await splitFrames(workspaceDir, d, split, signal)).train;
    } catch {
      continue; // unreadable record, or its file is gone or changed
    }
    const names = train.columns.map((c) => c.name);
    const candidates = [...(d.target && names.includes(d.target) ? [d.target] : []), ...names.filter((n) => n !== d.target)];
    for (const target of candidates) {
      try {
        const enc = encodeTarget(train, target, info.task);
        if (enc.task !== info.task || enc.target.y.length !== info.nRows) continue;
        const frame = enc.dropped > 0 ? takeRows(train, enc.rows) : train;
        if (fingerprint(frame, target, enc.target.y) !== info.fingerprint) continue;
      } catch {
        continue; // not a possible target for this task
      }
      return {
        request: {
          runId,
          datasetId: d.id,
          target,
          task: info.task,
          metric: info.metric,
          seed: info.seed,
          budgetSeconds: null,
          maxTrials: null,
          featuresId: null,
          featureOptions: null,
          learners: info.learners,
          createdAt: info.createdAt,
        },
        how: `dataset ${d.id} and target '${target}' (matched by the data fingerprint; the run did not record its feature options, so automatic ones are used)`,
      };
    }
  }
  return null;
}

function cannotResume(runId: string, why: string): AskmlError {
  return new AskmlError('NOT_FOUND', `Run '${runId}' cannot be resumed: ${why}`, {
    hint: 'Start a new search with search_model.',
  });
}

/**
 * The record of a run whose search never finished, rebuilt from its folder (call it holding the
 * run's session lock). Throws NOT_FOUND, saying why, when there is nothing to continue.
 *
 * A run killed before its search engine started (request.json and split.json, no run.json) has no
 * trial to keep but all its settings: `restart` is then true, and its search is run from the start
 * in the same folder (same run id, test rows and settings).
 */
export async function recoverRunRecord(o: { workspaceDir: string; runId: string; dir: string; signal?: AbortSignal }): Promise<{ record: RunRecord; note: string; restart: boolean }> {
  const hasSplit = existsSync(join(o.dir, 'split.json'));
  const info = readJson<RunInfo>(join(o.dir, 'run.json'));
  const saved = readJson<RunRequest>(join(o.dir, REQUEST_FILE));
  if (!info && hasSplit && saved) return restartRecord(o, saved);
  if (!info || !hasSplit) {
    throw cannotResume(o.runId, 'its search stopped before it started (no run.json or split.json in the run folder), so no trial finished.');
  }
  const trials = readTrials(join(o.dir, 'trials.jsonl'));
  const found =
    (saved ? { request: saved, how: '' } : null) ??
    requestFromTask(o.workspaceDir, o.runId, info) ??
    (await requestFromFingerprint(o.workspaceDir, o.runId, o.dir, info, o.signal));
  if (!found) {
    throw cannotResume(o.runId, 'it was started by an older askml that did not record its settings, and no registered dataset matches its data.');
  }
  const r = found.request;
  restorePlan(o.workspaceDir, o.runId, o.dir);
  const metric = checkMetric(info.metric, info.task).name;
  const best = rankedTrials(trials, metric)[0] ?? null;
  const ok = trials.filter((t) => t.status === 'ok').length;
  const record: RunRecord = {
    runId: o.runId,
    datasetId: r.datasetId,
    target: r.target,
    task: info.task,
    metric: info.metric,
    seed: info.seed,
    budgetSeconds: r.budgetSeconds,
    maxTrials: r.maxTrials,
    featuresId: r.featuresId,
    featureOptions: r.featureOptions,
    learners: r.learners.length > 0 ? r.learners : info.learners,
    ...(r.ensemble === false ? { ensemble: false } : {}),
    createdAt: r.createdAt ?? info.createdAt,
    updatedAt: new Date().toISOString(),
    wallSeconds: trials.reduce((m, t) => Math.max(m, Number.isFinite(t.finishedAt) ? t.finishedAt : 0), 0),
    trials: trials.length,
    status: 'interrupted',
    validation: info.validation,
    notes: [],
    bestScore: best?.score ?? NaN,
    bestLearner: best?.learner ?? '',
  };
  const settings = found.how ? ` Settings: ${found.how}.` : '';
  const note =
    trials.length === 0
      ? `Run ${o.runId} was interrupted before any trial finished (no model was saved), so there was no trial to keep: its search was run from the start with the run's settings.${settings}`
      : `Run ${o.runId} was interrupted before its search finished (no model was saved): its ${trials.length} finished trial${trials.length === 1 ? '' : 's'} ` +
        `(${ok} scored) ${trials.length === 1 ? 'was' : 'were'} kept and its search continued.${settings}`;
  return { record, note, restart: false };
}

/** The record of a run killed before its search engine started: request.json's settings, no trial. */
async function restartRecord(o: { workspaceDir: string; runId: string; dir: string; signal?: AbortSignal }, r: RunRequest): Promise<{ record: RunRecord; note: string; restart: boolean }> {
  restorePlan(o.workspaceDir, o.runId, o.dir);
  let task = r.task;
  if (task === null) {
    // Left to the search: the task the target column gives, as search_model infers it.
    const { train } = await splitFrames(o.workspaceDir, getDataset(o.workspaceDir, r.datasetId), loadSplit(o.dir), o.signal);
    task = encodeTarget(train, r.target).task;
  }
  const now = new Date().toISOString();
  const record: RunRecord = {
    runId: o.runId,
    datasetId: r.datasetId,
    target: r.target,
    task,
    metric: r.metric ?? defaultMetric(task),
    seed: r.seed,
    budgetSeconds: r.budgetSeconds,
    maxTrials: r.maxTrials,
    featuresId: r.featuresId,
    featureOptions: r.featureOptions,
    learners: r.learners,
    ...(r.ensemble === false ? { ensemble: false } : {}),
    createdAt: r.createdAt ?? now,
    updatedAt: now,
    wallSeconds: 0,
    trials: 0,
    status: 'interrupted',
    validation: { kind: 'cv', k: 5 }, // chosen anew by the search
    notes: [],
    bestScore: NaN,
    bestLearner: '',
  };
  const note = `Run ${o.runId} was interrupted before its search started (no trial finished, no model was saved): its search was run from the start with the settings in request.json.`;
  return { record, note, restart: true };
}
