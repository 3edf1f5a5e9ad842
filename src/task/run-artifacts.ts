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
import { getTask, saveTask, type TaskRecord } from './tasks.js';
import type { RunRecord } from './runs.js';

/** Files made from the saved model by evaluate, export_model and report. */
export const MODEL_DERIVED_FILES = ['evaluation.json', 'model.onnx', 'report.md', 'report.html'] as const;

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

/**
 * Rewrite the summary and artifacts of every finished task whose run is `runId` from what the run
 * folder holds now (record.json, the model's validation score, evaluation.json, model.onnx,
 * report.*). A task still running is left alone: it writes its own record when it ends.
 * Returns the ids of the tasks rewritten.
 */
export function syncRunTasks(workspaceDir: string, runId: string): string[] {
  const dir = join(workspaceDir, 'runs', runId);
  const record = readJson<RunRecord>(join(dir, 'record.json'));
  if (!record) return [];
  const changed: string[] = [];
  for (const id of listIds(workspaceDir, 'tasks').slice(0, TASKS_SCANNED)) {
    let rec: TaskRecord;
    try {
      rec = loadRecord<TaskRecord>(workspaceDir, 'tasks', id);
      if (rec.runId !== runId) continue;
      const status = getTask(workspaceDir, id).status;
      if (status === 'queued' || status === 'running') continue;
    } catch {
      continue; // unreadable task record
    }
    const manifest = readJson<{ scores?: Record<string, number | null> }>(join(dir, 'model', 'manifest.json'));
    const ev = readJson<EvaluationFile>(join(dir, 'evaluation.json'));
    const testMetrics = ev?.testMetrics ? Object.fromEntries(Object.entries(ev.testMetrics).filter(([, v]) => v !== null)) : null;
    const file = (f: string): string | null => (existsSync(join(dir, f)) ? join(dir, f) : null);
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
      model: existsSync(join(dir, 'model', 'manifest.json')) ? join(dir, 'model') : null,
      onnx: file('model.onnx'),
    };
    saveTask(workspaceDir, rec);
    changed.push(id);
  }
  return changed;
}
