/**
 * One search session inside a run folder: rebuild the run's training rows, call searchModel,
 * report progress, save the best model as an artifact and the run record. Used by the
 * search_model tool (new run) and by tune / resume (a further session of an existing run).
 *
 * A new run holds the run's session lock while it searches (so another process sees it as running,
 * not as killed) and first writes request.json, from which a killed run is continued
 * (run-recover.ts). A later session that replaces the saved model removes the files made from the
 * old one (evaluation.json, model.onnx, report.*: run-artifacts.ts) before it writes the new model.
 */
import { join } from 'node:path';
import { AskmlError } from '../errors.js';
import { columnNames, type Column } from '../data/frame.js';
import { fileIdColumns } from '../data/profile.js';
import { isPartialFit, loadArtifact, readManifest, saveArtifact } from '../export/artifact.js';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { lockRun } from './run-lock.js';
import { hasSavedModel, removeModelDerivedFiles, syncRunTasks } from './run-artifacts.js';
import { saveRunRequest } from './run-recover.js';
import { searchModel, type SearchModelResult } from '../search/automl.js';
import { tune } from '../search/tune.js';
import { interruptedTuneSessions, runTrialCount, tuneSessionDirs } from '../search/run-log.js';
import type { SearchEvent } from '../search/events.js';
import type { TaskType } from '../learners/types.js';
import { isBetter, type MetricName } from '../evaluate/metrics.js';
import { labelMatcher, labelOf } from '../evaluate/evaluate.js';
import { getDataset } from './datasets.js';
import { loadSplit, saveRunRecord, splitFrames, type RunRecord } from './runs.js';
import { modelName } from '../search/schemas.js';
import type { Frame } from '../data/frame.js';

export interface RunSearchOptions {
  workspaceDir: string;
  runId: string;
  runDir: string;
  datasetId: string;
  target: string;
  task: TaskType | undefined;
  metric: string | undefined;
  budgetSeconds: number | undefined;
  maxTrials: number | undefined;
  seed: number;
  learners: string[];
  parallelism: number | undefined;
  featuresId: string | null;
  featureOptions: Record<string, unknown> | null;
  /** Continue the run's own search (more trials in the same trials.jsonl). */
  resume: boolean;
  /** Instead: a deeper search of this learner from its best trial, in a sub-folder tune-<n>/. */
  tuneLearner?: string;
  /** The record before this session (resume): the model is replaced only when the new best is better. */
  previous?: RunRecord;
  /** `previous` was rebuilt from an interrupted run (run-recover.ts): it has no saved model, so this session's model is saved. */
  recovered?: boolean;
  /** A recovered run whose search engine never started (no run.json): search from the start in its folder. */
  restart?: boolean;
  /** false: the final model is one model (no ensemble, no averaged cross-validation fold models); default automatic. */
  ensemble?: boolean;
  signal?: AbortSignal;
  /** Stops the final refit too (signal alone stops the search, which still refits what it found). */
  hardSignal?: AbortSignal;
  progress?: (u: { progress: number; total?: number; message?: string }) => void;
  onEvent?: (e: SearchEvent) => void;
}

export interface RunSearchResult {
  result: SearchModelResult;
  record: RunRecord;
  modelDir: string;
  /** False when a resumed session did not beat the saved model (which is kept). */
  modelUpdated: boolean;
  /** Files made from the replaced model that were removed (evaluation.json, model.onnx, report.*). */
  removed: string[];
}

/**
 * Notes of a search (src/search/finish.ts, automl.ts) about the final model it built rather than
 * about the search: when a later session does not replace the saved model, they describe a
 * candidate that was not kept.
 */
const FINAL_MODEL_NOTES = [
  /^Final model: /,
  /^No final refit/,
  /^The ensemble was better out of fold but its refit did not fit/,
  /^The ensemble (?:fit|refit) did not finish in time/,
  /^The final refit on all rows /,
  /^The fit of the final fold models /,
  /^The final model's validation /,
];

export function isFinalModelNote(note: string): boolean {
  return FINAL_MODEL_NOTES.some((re) => re.test(note));
}

/** A final-model note of a session whose model was not kept, said of that session's candidate. */
export function candidateNote(note: string): string {
  const body = note
    .replace(/^Final model: /, '')
    .replace(/; kept the best single model\.$/, '; it would have used the best single model.');
  return `This session's candidate model (not kept): ${body.charAt(0).toLowerCase()}${body.slice(1)}`;
}

/**
 * "0.99931 -> 0.99934": two scores with enough decimals (4 to 12) that a change shows, where
 * 4 decimals would print "0.9993 -> 0.9993" next to "the saved model was replaced".
 */
export function scoreChange(before: number, after: number): string {
  const text = (v: number, d: number): string => (Number.isFinite(v) ? Number(v.toFixed(d)).toString() : '–');
  let d = 4;
  while (d < 12 && before !== after && text(before, d) === text(after, d)) d++;
  return `${text(before, d)} -> ${text(after, d)}`;
}

function fmtScore(v: number): string {
  return Math.abs(v) >= 1000 ? v.toFixed(1) : v.toFixed(4);
}

/** Did this session folder get a finished trial (which a resume could build on)? */
function hasTrials(dir: string): boolean {
  const f = join(dir, 'trials.jsonl');
  // Only failed trials (every one ended in an error): nothing a resume could build on.
  return existsSync(f) && statSync(f).size > 0 && readFileSync(f, 'utf8').includes('"status":"ok"');
}

/**
 * A failed session leaves nothing half-written: a new run's folder (split.json, an empty log)
 * or a tune session's sub-folder is removed unless a trial finished in it, in which case it stays
 * for a resume. A resumed run keeps its folder whatever happens.
 */
export async function runSearchSession(o: RunSearchOptions): Promise<RunSearchResult> {
  let sessionDir: string | null = null;
  const newRun = !o.resume && !o.tuneLearner;
  // tune / resume take the lock themselves (before they read the record).
  const lock = newRun ? lockRun(o.runDir, o.runId, 'search_model') : null;
  try {
    if (newRun) {
      saveRunRequest(o.runDir, {
        runId: o.runId,
        datasetId: o.datasetId,
        target: o.target,
        task: o.task ?? null,
        metric: o.metric ?? null,
        seed: o.seed,
        budgetSeconds: o.budgetSeconds ?? null,
        maxTrials: o.maxTrials ?? null,
        featuresId: o.featuresId,
        featureOptions: o.featureOptions,
        learners: o.learners,
        ...(o.ensemble === false ? { ensemble: false } : {}),
        createdAt: new Date().toISOString(),
      });
    }
    return await runSession(o, (d) => (sessionDir = d));
  } catch (e) {
    const dir: string | null = o.tuneLearner ? sessionDir : o.resume ? null : o.runDir;
    if (dir && !existsSync(join(dir, 'record.json')) && !hasTrials(dir)) rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    lock?.release();
  }
}

async function runSession(o: RunSearchOptions, onSessionDir: (dir: string) => void): Promise<RunSearchResult> {
  const dataset = getDataset(o.workspaceDir, o.datasetId);
  const split = loadSplit(o.runDir);
  const { train, test } = await splitFrames(o.workspaceDir, dataset, split, o.signal);
  // Test rows that cannot score any model fail now, not after the search (audit).
  checkTestTargets(train, test, o.target);
  const budget = o.budgetSeconds ?? null;
  // What the progress counts up to: the budget's seconds, or the trials.
  const total = budget ?? o.maxTrials ?? null;
  // A resumed run starts from its saved best: a session that does not beat it still has a score to show.
  let best: number | null = o.previous && Number.isFinite(o.previous.bestScore) ? o.previous.bestScore : null;
  let trials = 0;
  const t0 = Date.now();
  let sessionDir = o.runDir;
  let resumeTune = false;
  if (o.tuneLearner) {
    // The learner's last tune session, when it was killed, is continued in its folder with its trials
    // (also after sessions of other learners); otherwise a new tune-<n>/.
    const open = interruptedTuneSessions(o.runDir).find((s) => s.learner === o.tuneLearner);
    if (open) {
      sessionDir = open.dir;
      resumeTune = true;
    } else {
      let k = (tuneSessionDirs(o.runDir).at(-1)?.n ?? 0) + 1;
      while (existsSync(join(o.runDir, `tune-${k}`))) k++;
      sessionDir = join(o.runDir, `tune-${k}`);
      onSessionDir(sessionDir);
    }
  }
  const modelDir = join(o.runDir, 'model');
  // The run's saved model, when its folder is still there (a finished run's folder may be removed by hand).
  const hasModel = hasSavedModel(o.runDir);
  const search = o.tuneLearner
    ? (x: Parameters<typeof searchModel>[0]) => tune({ ...x, resume: resumeTune, learner: o.tuneLearner, fromRun: o.runDir })
    : searchModel;
  // The features are built inside the budget, before the first trial (seconds on large data): a new
  // search says so, rather than a silent progress line (audit); a resumed one shows its saved best.
  if (best === null) o.progress?.({ progress: 0, ...(total !== null ? { total } : {}), message: budget !== null ? 'building the features (part of the budget)' : 'building the features' });
  const result = await search({
    train,
    target: o.target,
    idColumns: fileIdColumns(dataset.profile),
    // A separate test file: checked against the columns the features read before any trial.
    testColumns: split.kind === 'test_file' ? columnNames(test) : undefined,
    task: o.task,
    metric: o.metric,
    budgetSeconds: o.budgetSeconds,
    maxTrials: o.maxTrials,
    seed: o.seed,
    include: o.learners,
    parallelism: o.parallelism,
    runDir: sessionDir,
    resume: o.resume && !o.restart,
    featureOptions: (o.featureOptions ?? undefined) as never,
    ensemble: o.ensemble,
    bag: o.ensemble === false ? false : undefined,
    signal: o.signal,
    hardSignal: o.hardSignal,
    // A session that makes no final model of its own keeps the saved one (a recovered run has none).
    savedModel: o.previous && !o.recovered && hasModel ? () => loadSavedModel(modelDir) : undefined,
    onEvent(e) {
      o.onEvent?.(e);
      if (e.type === 'trial_end' && e.status === 'ok') trials++;
      if (e.type === 'new_best' && (best === null || o.metric === undefined || isBetter(o.metric as MetricName, e.score, best))) best = e.score;
      // Progress: each trial; the final fit (seconds on large data) says so; the end reaches the
      // total, so a progress bar completes, unless the search was stopped. Time budget: seconds elapsed / budget; a trial count
      // only: trials done / trials.
      if (!['progress', 'new_best', 'trial_end', 'refit_start', 'search_end'].includes(e.type)) return;
      const elapsed = Math.round(((Date.now() - t0) / 1000) * 10) / 10;
      const count = `${trials} trial${trials === 1 ? '' : 's'}`;
      const msg = e.type === 'refit_start' ? `fitting the final model (${e.learners.join(' + ')})` : best === null ? `${count}, no score yet` : `best ${o.metric ?? 'score'} ${fmtScore(best)} after ${count}`;
      // A stopped search ends where it stopped (a bar at '40/40s' after a Ctrl-C at 12 s misled).
      const at = e.type === 'search_end' && e.status !== 'cancelled' && total !== null ? total : budget !== null ? elapsed : trials;
      o.progress?.({ progress: at, ...(total !== null ? { total } : {}), message: budget !== null ? msg : `${msg} (${elapsed} s)` });
    },
  });
  const prev = o.previous;
  // Test rows without a target cannot be scored: say how many, next to the training rows dropped.
  const untargeted = missingTargets(test, o.target);
  if (untargeted > 0) {
    result.notes.push(`${untargeted} of the ${test.nRows} test rows have no target '${o.target}': the evaluation scores the other ${test.nRows - untargeted}.`);
  }
  // The yardstick is the saved model's own validation score (an ensemble's, not its best member's), and
  // this session's final model is held to it on the same terms.
  const candidateScore = result.model.validationScore ?? result.best.score;
  // A finished run whose model folder is gone has nothing to keep: this session's model is saved.
  const improved =
    !result.keptSavedModel &&
    (!prev ||
    !!o.recovered ||
    !hasModel ||
    replacesSavedModel(result.metric as MetricName, { score: prev.bestScore, partialFit: savedPartialFit(modelDir) }, { score: candidateScore, partialFit: isPartialFit(result.model) }));
  // Files made from the old model go before the new model is written: never an old model.onnx next to a new model.
  const removed = improved ? removeModelDerivedFiles(o.runDir) : [];
  if (improved) saveArtifact({ dir: modelDir, model: result.model, columns: train.columns.map((c) => ({ name: c.name, type: c.type })), seed: o.seed, runId: o.runId, missingValues: dataset.missingValues, dates: dataset.dates });
  const now = new Date().toISOString();
  const record: RunRecord = {
    runId: o.runId,
    datasetId: o.datasetId,
    target: o.target,
    task: result.task,
    metric: result.metric,
    seed: o.seed,
    budgetSeconds: budget,
    maxTrials: o.maxTrials ?? null,
    featuresId: o.featuresId,
    featureOptions: o.featureOptions,
    learners: prev ? [...new Set([...prev.learners, ...o.learners])] : o.learners,
    ...(o.ensemble === false ? { ensemble: false } : {}),
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
    wallSeconds: (prev?.wallSeconds ?? 0) + result.wallSeconds,
    // Every finished trial of the run: its own search and all its tune sessions (tune-<n>/), killed ones included.
    trials: runTrialCount(o.runDir),
    status: result.status,
    validation: result.validation,
    // A kept model keeps the notes about how it was fitted; this session's candidate's are dropped.
    notes: improved ? result.notes : [...result.notes.filter((n) => !isFinalModelNote(n)), ...prev!.notes.filter(isFinalModelNote)],
    bestScore: improved ? candidateScore : prev!.bestScore,
    // The saved model's learner(s): on ties the final model can differ from leaderboard rank 1.
    bestLearner: improved ? modelName(result.model.groups().map((g) => g.learner)) : prev!.bestLearner,
  };
  saveRunRecord(o.runDir, record);
  if (prev) syncRunTasks(o.workspaceDir, o.runId);
  return { result, record, modelDir, modelUpdated: improved, removed };
}

/**
 * Does this session's model replace the saved one? When it validates better; and a saved first-fold
 * model (its refit was stopped by a second Ctrl-C, or failed) gives way to a complete fit that
 * validates as well: the same score, from more training rows.
 */
export function replacesSavedModel(metric: MetricName, saved: { score: number; partialFit: boolean }, candidate: { score: number; partialFit: boolean }): boolean {
  if (!Number.isFinite(saved.score) || isBetter(metric, candidate.score, saved.score)) return true;
  return saved.partialFit && !candidate.partialFit && !isBetter(metric, saved.score, candidate.score);
}

/**
 * Refuse test rows none of which can be scored: every target missing, or (class labels) none of a
 * class the training rows have, matched as evaluation matches them (true/false, yes/no, 1/0 too).
 */
export function checkTestTargets(train: Frame, test: Frame, target: string): void {
  const testCol = test.columns.find((c) => c.name === target);
  if (test.nRows === 0 || !testCol) return;
  if (missingTargets(test, target) === test.nRows) {
    throw new AskmlError('NO_ROWS', `No test row has a value in target column '${target}' (all ${test.nRows} are empty): the model could not be scored.`, {
      column: target,
      hint: 'Fill in the target of the test rows, or leave --test out to hold out rows of the data file.',
    });
  }
  // Class labels (a numeric training target may be a regression): matched as evaluation matches them.
  const trainCol = train.columns.find((c) => c.name === target);
  if (!trainCol || trainCol.type === 'numeric') return;
  const labelsIn = (col: Column, n: number): string[] => {
    const out = new Set<string>();
    for (let i = 0; i < n; i++) {
      const l = labelOf(col, i);
      if (l !== null) out.add(l);
    }
    return [...out];
  };
  const known = labelsIn(trainCol, train.nRows);
  const given = labelsIn(testCol, test.nRows);
  const classOf = labelMatcher(known);
  if (known.length > 0 && given.length > 0 && !given.some((l) => classOf(l) !== undefined)) {
    const show = (xs: string[]): string => xs.slice(0, 6).map((l) => `'${l}'`).join(', ') + (xs.length > 6 ? ', ...' : '');
    throw new AskmlError('BAD_TARGET', `No test row has a class of the training rows in target column '${target}': the test rows have ${show(given)}, the training rows ${show([...known].sort())}.`, {
      column: target,
      hint: 'Write the test target with the same class names as the training data.',
    });
  }
}

/** Rows whose target cell is missing (NaN, a missing category code, a null text). */
function missingTargets(frame: Frame, target: string): number {
  const col = frame.columns.find((c) => c.name === target);
  let k = 0;
  for (let i = 0; col && i < frame.nRows; i++) {
    if (col.type === 'categorical' ? col.codes[i] < 0 : col.type === 'text' ? col.values[i] === null : Number.isNaN(col.values[i])) k++;
  }
  return k;
}

/** The run's saved model, or null when it cannot be read (the session then fails as it would without one). */
function loadSavedModel(modelDir: string): SearchModelResult['model'] | null {
  try {
    return loadArtifact(modelDir).model;
  } catch {
    return null;
  }
}

/** Was the saved model of a run fit on part of the training rows only (manifest.partialFit)? */
function savedPartialFit(modelDir: string): boolean {
  if (!existsSync(join(modelDir, 'manifest.json'))) return false;
  try {
    return readManifest(modelDir).partialFit === true;
  } catch {
    return false;
  }
}
