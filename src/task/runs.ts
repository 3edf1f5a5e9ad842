/**
 * Runs: `.askml/runs/<id>/` holds what one search made. The search engine writes run.json,
 * trials.jsonl and leaderboard.json there; the tools add
 *   record.json      settings and results of the search_model call (this file's RunRecord)
 *   split.json       the held-out test rows, decided ONCE when the run is created
 *   model/           the best model as a versioned artifact (src/export/artifact.ts)
 *   evaluation.json  test metrics (evaluate), model.onnx (export_model), report.md/html (report)
 *   plan.json        the plan and instruction, when a task made the run
 *   request.json     what search_model was asked for, written when the run starts (run-recover.ts)
 *   session.lock     while a search session runs (run-lock.ts)
 * A folder without record.json is a search that is still running (its session.lock is held) or
 * one that was interrupted (killed): tune / `askml resume` continue the latter (run-recover.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AskmlError, unknownName } from '../errors.js';
import { columnNames, findColumn, takeRows, type Frame } from '../data/frame.js';
import { holdoutSource, readSplitFile, trainTestSplit } from '../data/split.js';
import { readJson, writeFileAtomic, writeJsonAtomic } from '../util/fs.js';
import type { TaskType } from '../learners/types.js';
import { interruptedTuneSessions, rankedTrials, readTrials, runTrialCount, type RunInfo } from '../search/run-log.js';
import { checkMetric } from '../evaluate/metrics.js';
import { runLockHolder } from './run-lock.js';
import { hasSavedModel, missingModelFiles } from './run-artifacts.js';
import { datasetFrame, datasetTestFrame, type DatasetRecord } from './datasets.js';
import { existingRunDir, listIds } from './store.js';

export interface RunSplit {
  kind: 'test_file' | 'split_file' | 'holdout';
  /** Where the test rows come from, in words. */
  source: string;
  trainRows: number;
  testRows: number;
  seed: number;
  /** Test row indices into the dataset (null for a separate test file); training rows are the rest. */
  test: number[] | null;
}

export interface RunRecord {
  runId: string;
  datasetId: string;
  target: string;
  task: TaskType;
  metric: string;
  seed: number;
  budgetSeconds: number | null;
  maxTrials: number | null;
  featuresId: string | null;
  featureOptions: Record<string, unknown> | null;
  learners: string[];
  /** false: the saved model is one model (no ensemble, no averaged fold models); resume and tune keep it so. */
  ensemble?: boolean;
  createdAt: string;
  updatedAt: string;
  wallSeconds: number;
  trials: number;
  status: string;
  validation: { kind: 'cv' | 'holdout'; k: number };
  notes: string[];
  /** The saved model's validation score (an ensemble's own, else its trial's): what a later session must beat. */
  bestScore: number;
  bestLearner: string;
}

export function saveRunRecord(runDir: string, rec: RunRecord): void {
  writeJsonAtomic(join(runDir, 'record.json'), rec);
}

export function runIds(workspaceDir: string): string[] {
  return listIds(workspaceDir, 'runs');
}

export type RunState = 'finished' | 'running' | 'unfinished' | 'unreadable';

/** What the folder of a run without record.json holds so far. */
export interface UnfinishedRun {
  /** Finished trials in the run log so far. */
  trials: number;
  /** The live process searching it (null: none, it was interrupted). */
  holder: { pid: number; host: string; what: string; since: string } | null;
  /** Enough is recorded (split.json, and run.json or request.json) for tune / `askml resume` to go on, or to start its search again when no trial finished. */
  resumable: boolean;
  /** From request.json (metric: from run.json when request.json left it to the task). */
  target: string | null;
  metric: string | null;
  /** The best finished trial so far (no model is saved yet). */
  best: { learner: string; score: number } | null;
}

export interface RunListing {
  runId: string;
  dir: string;
  record: RunRecord | null;
  state: RunState;
  /** Runs without a record: finished trials in the run log so far. */
  trials: number | null;
  /** A running run: the process searching it. */
  holder: UnfinishedRun['holder'];
  /** A run without a record ('running' / 'unfinished'): what its folder holds so far. */
  unfinished: UnfinishedRun | null;
  /** A finished run: the files made from its saved model that are missing (run-artifacts.ts). */
  missingFiles: string[];
  /** Does the folder hold a saved model (a finished run's model folder may have been removed)? */
  hasModel: boolean;
  /** A finished run's tune sessions (tune-<n>/) killed after some trials, each the last of its learner: the next tune of that learner continues it. */
  interruptedTunes: InterruptedTune[];
  /**
   * A finished run: finished trials of a later `askml resume` that was killed before it recorded
   * them (they are kept; the next resume goes on from them), 0 when none. Its `holder` is set
   * instead while a resume or tune is searching it.
   */
  interruptedResumeTrials: number;
}

export interface InterruptedTune {
  session: string;
  learner: string;
  trials: number;
}

/** The run's tune sessions killed after some trials, each the last session of its learner (none while a live process holds the run). */
export function interruptedTunes(runDir: string): InterruptedTune[] {
  if (runLockHolder(runDir)) return [];
  return interruptedTuneSessions(runDir).map((s) => ({ session: `tune-${s.n}`, learner: s.learner!, trials: s.trials }));
}

/** What to do with a run's interrupted tune session (`askml runs`). */
export function interruptedTuneHint(runId: string, t: InterruptedTune): string {
  return (
    `Its tune session ${t.session} (${t.learner}) was interrupted with ${t.trials} finished trial${t.trials === 1 ? '' : 's'}, which are kept: ` +
    `'askml resume ${runId} --budget S --learner ${t.learner}' continues it.`
  );
}

/** The live process searching a run folder (its session lock), or null. */
function liveHolder(runDir: string): UnfinishedRun['holder'] {
  const h = runLockHolder(runDir);
  return h ? { pid: h.pid, host: h.host, what: h.what, since: h.since } : null;
}

/** "resume by process 12 on vm since 2026-..." */
function holderText(h: NonNullable<UnfinishedRun['holder']>): string {
  return `${h.what} by ${h.pid < 0 ? 'another process' : `process ${h.pid} on ${h.host}`} since ${h.since}`;
}

/** A run folder without record.json: its finished trials, target, metric and best trial so far, and the live process searching it (null: none, it was interrupted). */
export function unfinishedState(runDir: string): UnfinishedRun {
  const holder = liveHolder(runDir);
  const trials = readTrials(join(runDir, 'trials.jsonl'));
  let request: { target?: string; metric?: string | null } | null = null;
  let info: RunInfo | null = null;
  try {
    request = readJson<{ target?: string; metric?: string | null }>(join(runDir, 'request.json')) ?? null;
  } catch {
    // torn by a kill while it was written
  }
  try {
    info = readJson<RunInfo>(join(runDir, 'run.json')) ?? null;
  } catch {
    // torn
  }
  let best: UnfinishedRun['best'] = null;
  if (info) {
    try {
      const top = rankedTrials(trials, checkMetric(info.metric, info.task).name)[0];
      if (top && top.score !== null && Number.isFinite(top.score)) best = { learner: top.learner, score: top.score };
    } catch {
      // an unknown metric in a damaged run.json: no best
    }
  }
  return {
    trials: trials.length,
    holder,
    resumable: existsSync(join(runDir, 'split.json')) && (info !== null || request !== null),
    target: typeof request?.target === 'string' ? request.target : null,
    metric: request?.metric ?? info?.metric ?? null,
    best,
  };
}

/**
 * The newest `limit` runs with their records: null when the search has not finished, either
 * 'running' (a live process holds its session lock) or 'unfinished' (interrupted: tune / `askml
 * resume` continue it), or when its record is damaged ('unreadable'). For `askml runs` and askml://runs.
 */
export function listRuns(workspaceDir: string, limit: number): RunListing[] {
  return runIds(workspaceDir)
    .slice(0, limit)
    .map((runId): RunListing => {
      const dir = join(workspaceDir, 'runs', runId);
      const file = join(dir, 'record.json');
      let record: RunRecord | null = null;
      try {
        record = readJson<RunRecord>(file) ?? null;
      } catch {
        return { runId, dir, record: null, state: 'unreadable', trials: null, holder: null, unfinished: null, missingFiles: [], hasModel: hasSavedModel(dir), interruptedTunes: [], interruptedResumeTrials: 0 };
      }
      if (record) {
        // A resume or tune searching it now, or one killed after some trials: the log holds more
        // trials than the record counts.
        const holder = liveHolder(dir);
        const tunes = interruptedTunes(dir);
        // (The logs are read only when one changed after the record: listings cover 200 runs.)
        const logged = holder || newerThan(join(dir, 'trials.jsonl'), file) || tunes.length > 0 ? runTrialCount(dir) : record.trials;
        const extra = holder ? 0 : Math.max(0, logged - record.trials - tunes.reduce((a, t) => a + t.trials, 0));
        return { runId, dir, record, state: 'finished', trials: logged, holder, unfinished: null, missingFiles: missingModelFiles(dir), hasModel: hasSavedModel(dir), interruptedTunes: tunes, interruptedResumeTrials: extra };
      }
      const u = unfinishedState(dir);
      return { runId, dir, record: null, state: u.holder ? 'running' : 'unfinished', trials: u.trials, holder: u.holder, unfinished: u, missingFiles: [], hasModel: hasSavedModel(dir), interruptedTunes: [], interruptedResumeTrials: 0 };
    });
}

/**
 * What to do with a run that has no record.json. `cli`: for `askml runs`, naming CLI commands only;
 * otherwise for errors that the CLI and MCP clients both see (the MCP tool in parentheses).
 */
export function unfinishedHint(runId: string, u: Pick<UnfinishedRun, 'trials' | 'holder'> & { resumable?: boolean }, o: { cli?: boolean } = {}): string {
  if (u.holder) {
    return `Its search is still running (${holderText(u.holder)}); wait for it to finish.`;
  }
  const resume = `'askml resume ${runId} --budget S'${o.cli ? '' : ' (MCP: tune with learner null)'}`;
  if (u.trials === 0) {
    if (u.resumable === false) {
      return `It stopped before its search started and recorded too little to start it again. ${o.cli ? "Start a new search with 'askml search DATA --target COL'." : 'Start a new search with search_model.'}`;
    }
    return `It stopped before any trial finished, so there is nothing to keep: ${resume} runs its search from the start with the run's settings.`;
  }
  return `It was interrupted with ${u.trials} finished trial${u.trials === 1 ? '' : 's'}, which are kept: continue it with ${resume}.`;
}

function newerThan(a: string, b: string): boolean {
  try {
    return statSync(a).mtimeMs > statSync(b).mtimeMs;
  } catch {
    return false;
  }
}

/** A finished run that a live process is searching again (`askml runs`). */
export function resumingHint(holder: NonNullable<UnfinishedRun['holder']>): string {
  return `Its search is being continued (${holderText(holder)}); its saved model stays until that session finishes.`;
}

/** A finished run whose later resume was killed after some trials (`askml runs`). */
export function interruptedResumeHint(runId: string, trials: number): string {
  return (
    `A resume of it was interrupted with ${trials} more finished trial${trials === 1 ? '' : 's'}, which are kept: ` +
    `'askml resume ${runId} --budget S' goes on from them. The saved model is still the one from before that resume.`
  );
}

/** What to do with a finished run whose saved model lacks its evaluation or report (`askml runs`). */
export function missingFilesHint(runId: string, missing: readonly string[]): string {
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  return (
    `Its model is saved, but ${list} ${missing.length === 1 ? 'is' : 'are'} missing ('askml search' does not make them; a run that was to make them stopped first): ` +
    `'askml resume ${runId} --budget 1' makes them for the saved model (after a 1 s search, which replaces the model only if it beats it).`
  );
}

export function loadRunRecord(workspaceDir: string, runId: string): { dir: string; record: RunRecord } {
  const dir = existingRunDir(workspaceDir, runId);
  const record = readJson<RunRecord>(join(dir, 'record.json'));
  if (!record) {
    const u = unfinishedState(dir);
    throw new AskmlError('NOT_FOUND', `Run '${runId}' has no finished search (record.json missing), so it has no saved model yet.`, {
      hint: unfinishedHint(runId, u),
    });
  }
  return { dir, record };
}

/** Per-row class keys for stratification (-1 = missing target). */
function stratifyKeys(frame: Frame, target: string): Int32Array | undefined {
  const col = findColumn(frame, target)!;
  const out = new Int32Array(frame.nRows);
  if (col.type === 'categorical') {
    for (let i = 0; i < frame.nRows; i++) out[i] = col.codes[i];
    return out;
  }
  if (col.type === 'text') {
    const idx = new Map<string, number>();
    for (let i = 0; i < frame.nRows; i++) {
      const v = col.values[i];
      if (v === null) out[i] = -1;
      else {
        if (!idx.has(v)) idx.set(v, idx.size);
        out[i] = idx.get(v)!;
      }
    }
    return out;
  }
  const idx = new Map<number, number>();
  for (let i = 0; i < frame.nRows; i++) {
    const v = col.values[i];
    if (Number.isNaN(v)) out[i] = -1;
    else {
      if (!idx.has(v)) idx.set(v, idx.size);
      out[i] = idx.get(v)!;
      if (idx.size > 50) return undefined; // looks continuous: plain shuffle
    }
  }
  return out;
}

export function checkTarget(frame: Frame, target: string): void {
  if (!findColumn(frame, target)) throw unknownName('COLUMN_NOT_FOUND', 'Target column', target, columnNames(frame));
}

/**
 * Decide the held-out test rows of a new run: the dataset's test file, else its split file, else a
 * seeded 20% holdout (stratified by the target for classification-like targets).
 */
export async function decideSplit(o: { workspaceDir: string; dataset: DatasetRecord; target: string; seed: number; classification: boolean }): Promise<RunSplit> {
  const frame = await datasetFrame(o.workspaceDir, o.dataset);
  checkTarget(frame, o.target);
  if (o.dataset.test) {
    return { kind: 'test_file', source: `test file ${o.dataset.test.path}`, trainRows: frame.nRows, testRows: o.dataset.test.rows, seed: o.seed, test: null };
  }
  if (o.dataset.splitFile) {
    const s = await readSplitFile(o.dataset.splitFile, frame.nRows);
    return { kind: 'split_file', source: `split file ${o.dataset.splitFile}`, trainRows: s.train.length, testRows: s.test.length, seed: o.seed, test: Array.from(s.test) };
  }
  const stratify = o.classification ? stratifyKeys(frame, o.target) : undefined;
  const s = trainTestSplit(frame.nRows, { seed: o.seed, testFraction: 0.2, stratify, targetName: o.target });
  return {
    kind: 'holdout',
    // The share the split really holds (a stratified split of many 2-row classes holds more than 20%).
    source: holdoutSource({ stratified: !!stratify, seed: o.seed, testRows: s.test.length, rows: frame.nRows }),
    trainRows: s.train.length,
    testRows: s.test.length,
    seed: o.seed,
    test: Array.from(s.test),
  };
}

export function saveSplit(runDir: string, split: RunSplit): void {
  writeFileAtomic(join(runDir, 'split.json'), JSON.stringify(split) + '\n'); // compact: indices can be many
}

export function loadSplit(runDir: string): RunSplit {
  const s = readJson<RunSplit>(join(runDir, 'split.json'));
  if (!s) throw new AskmlError('NOT_FOUND', `The run folder '${runDir}' has no split.json; the run was not made by search_model.`);
  return s;
}

/** The training and test Frames of a split. */
export async function splitFrames(workspaceDir: string, dataset: DatasetRecord, split: RunSplit, signal?: AbortSignal): Promise<{ train: Frame; test: Frame }> {
  const frame = await datasetFrame(workspaceDir, dataset, signal);
  if (split.kind === 'test_file') {
    const test = await datasetTestFrame(workspaceDir, dataset, signal);
    if (!test) throw new AskmlError('NOT_FOUND', `Dataset '${dataset.id}' has no test file any more.`);
    return { train: frame, test };
  }
  const isTest = new Uint8Array(frame.nRows);
  for (const i of split.test!) isTest[i] = 1;
  const train = new Int32Array(frame.nRows - split.test!.length);
  let k = 0;
  for (let i = 0; i < frame.nRows; i++) if (!isTest[i]) train[k++] = i;
  return { train: takeRows(frame, train), test: takeRows(frame, split.test!) };
}
