/**
 * The files in a run folder that describe its saved model, and keeping them true when a later
 * session (tune, `askml resume`) replaces that model:
 *
 *   evaluation.json  test metrics of the model (evaluate)        model.onnx  its ONNX export (export_model)
 *   report.md/.html  the report about it (report)
 *
 * They are removed the moment the model is replaced, before the new model is written, so no
 * reader (predict, a client reading model.onnx, askml://runs/{id}/evaluation, chat /export) ever
 * finds an old model's file next to a new model. `askml resume` then makes them again; an MCP
 * client is told to call evaluate, export_model and report. The task records that point at the
 * run (`askml runs`, get_task) are brought up to date from the run folder by syncRunTasks.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from '../util/fs.js';
import { listIds, loadRecord } from './store.js';
import { getTask, readTaskEvents, saveTask, type TaskRecord, type TimedTaskEvent } from './tasks.js';
import type { RunRecord } from './runs.js';

/** Does the run folder hold a saved model (model/manifest.json)? A finished run's may have been removed. */
export function hasSavedModel(runDir: string): boolean {
  return existsSync(join(runDir, 'model', 'manifest.json'));
}

/** Files made from the saved model by evaluate, export_model and report. */
export const MODEL_DERIVED_FILES = ['evaluation.json', 'model.onnx', 'report.md', 'report.html'] as const;

/**
 * The files made from the saved model that the run folder lacks, in MODEL_DERIVED_FILES order
 * (none when the run has no saved model). They are missing after a process was killed between
 * saving the model and writing them, after a tune replaced the model, or for a run made by
 * `askml search` / search_model alone; `askml resume` makes them.
 */
export function missingModelFiles(runDir: string): string[] {
  if (!hasSavedModel(runDir)) return [];
  return MODEL_DERIVED_FILES.filter((f) => !existsSync(join(runDir, f)));
}

/**
 * Is the saved model missing its evaluation or report? model.onnx alone does not count: a model
 * that cannot be exported (knn, a model too large) never has one.
 */
export function lacksEvaluationOrReport(missing: readonly string[]): boolean {
  return missing.some((f) => f !== 'model.onnx');
}

/** Remove the files made from the run's current model; returns the names removed. */
export function removeModelDerivedFiles(runDir: string): string[] {
  const removed: string[] = [];
  for (const f of MODEL_DERIVED_FILES) {
    const p = join(runDir, f);
    if (!existsSync(p)) continue;
    rmSync(p, { force: true });
    removed.push(f);
  }
  return removed;
}

interface EvaluationFile {
  evaluation?: { primary?: { value: number | null } };
  testMetrics?: Record<string, number | null>;
}

/** Tasks scanned for records that point at a run. */
const TASKS_SCANNED = 200;
/** Task event logs read when looking for the task that started a run. */
const TASK_LOGS_SCANNED = 20;

const idTime = (id: string): string => id.split('_')[1] ?? '';

/**
 * The task that started a run (`askml run`, chat, MCP start_task), found in the task event logs
 * (search_model logs the run id when it starts): also a task killed before it recorded its run.
 */
export function taskOfRun(workspaceDir: string, runId: string): { taskId: string; events: TimedTaskEvent[]; at: number } | null {
  // A task starts before its run: look at the few tasks created last before it.
  const earlier = listIds(workspaceDir, 'tasks').filter((id) => idTime(id) <= idTime(runId));
  for (const taskId of earlier.slice(0, TASK_LOGS_SCANNED)) {
    const events = readTaskEvents(workspaceDir, taskId);
    const at = events.findIndex((e) => e.type === 'log' && e.message.startsWith(`search_model: run ${runId},`));
    if (at >= 0) return { taskId, events, at };
  }
  return null;
}

/**
 * Rewrite the summary and artifacts of every finished task whose run is `runId` from what the run
 * folder holds now (record.json, the model's validation score, evaluation.json, model.onnx,
 * report.*). A task still running is left alone: it writes its own record when it ends. A task
 * killed before it recorded its run (right after its search saved the model) is found through its
 * event log and gets the run id too. Returns the ids of the tasks rewritten.
 */
export function syncRunTasks(workspaceDir: string, runId: string): string[] {
  const dir = join(workspaceDir, 'runs', runId);
  const record = readJson<RunRecord>(join(dir, 'record.json'));
  if (!record) return [];
  const finished = (id: string): boolean => {
    const status = getTask(workspaceDir, id).status;
    return status !== 'queued' && status !== 'running';
  };
  const tasks: TaskRecord[] = [];
  for (const id of listIds(workspaceDir, 'tasks').slice(0, TASKS_SCANNED)) {
    try {
      const rec = loadRecord<TaskRecord>(workspaceDir, 'tasks', id);
      if (rec.runId === runId && finished(id)) tasks.push(rec);
    } catch {
      continue; // unreadable task record
    }
  }
  if (tasks.length === 0) {
    const found = taskOfRun(workspaceDir, runId);
    try {
      const rec = found ? loadRecord<TaskRecord>(workspaceDir, 'tasks', found.taskId) : null;
      if (rec && !rec.runId && finished(rec.id)) tasks.push({ ...rec, runId });
    } catch {
      // unreadable task record
    }
  }
  const manifest = readJson<{ scores?: Record<string, number | null> }>(join(dir, 'model', 'manifest.json'));
  const ev = readJson<EvaluationFile>(join(dir, 'evaluation.json'));
  const testMetrics = ev?.testMetrics ? Object.fromEntries(Object.entries(ev.testMetrics).filter(([, v]) => v !== null)) : null;
  const file = (f: string): string | null => (existsSync(join(dir, f)) ? join(dir, f) : null);
  for (const rec of tasks) {
    rec.summary = {
      task_type: record.task,
      target: record.target,
      metric: record.metric,
      best_learner: record.bestLearner,
      validation_score: manifest?.scores?.validation ?? record.bestScore,
      test_score: ev?.evaluation?.primary?.value ?? null,
      test_metrics: testMetrics,
    };
    rec.artifacts = {
      report: file('report.html'),
      report_markdown: file('report.md'),
      model: hasSavedModel(dir) ? join(dir, 'model') : null,
      onnx: file('model.onnx'),
    };
    saveTask(workspaceDir, rec);
  }
  return tasks.map((t) => t.id);
}
