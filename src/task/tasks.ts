/**
 * Task records: `.askml/tasks/<id>.json` (status, plan, result summary, artifacts) and
 * `<id>.events.jsonl` (the event log). Read back after a restart by getTask / listTasks; a task
 * whose process died while it was queued or running reads back as failed (error INTERRUPTED),
 * never as running forever.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../agent/plan.js';
import { appendEvent, listIds, loadRecord, saveRecord } from './store.js';

export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TaskArtifacts {
  /** report.html */
  report: string | null;
  report_markdown: string | null;
  /** The model folder (manifest.json + model.json). */
  model: string | null;
  onnx: string | null;
  /** model.onnx's inputs, 'name type' (e.g. 'title string[N,1]'): what a caller must feed it. */
  onnx_inputs?: string[];
}

export interface TaskStepSummary {
  tool: string;
  ok: boolean;
  ms: number;
  error: { code: string; message: string } | null;
}

export interface TaskRecord {
  id: string;
  status: TaskStatus;
  instruction: string;
  data: string;
  test: string | null;
  splitFile: string | null;
  planner: 'offline' | 'llm';
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Process that runs the task (to detect interrupted tasks). */
  pid: number;
  /** Refreshed every HEARTBEAT_MS while the task runs (guards against a reused pid). */
  heartbeatAt?: string;
  plan: Plan | null;
  datasetId: string | null;
  runId: string | null;
  steps: TaskStepSummary[];
  /** Short result facts: best learner and scores. */
  summary: {
    task_type: string | null;
    target: string | null;
    metric: string | null;
    best_learner: string | null;
    validation_score: number | null;
    test_score: number | null;
    test_metrics: Record<string, number | null> | null;
  } | null;
  artifacts: TaskArtifacts;
  wallSeconds: number | null;
  error: { code: string; message: string } | null;
  /** True when read back as failed because its process died. */
  interrupted?: boolean;
}

export type TaskEvent =
  | { type: 'status'; status: TaskStatus }
  | { type: 'plan'; plan: Plan }
  | { type: 'step_start'; tool: string; args: unknown }
  | { type: 'step_end'; tool: string; ok: boolean; ms: number; summary: string | null; error: { code: string; message: string } | null }
  | { type: 'progress'; tool: string; progress: number; total: number | null; message: string | null }
  | { type: 'log'; message: string }
  | { type: 'done'; status: TaskStatus; error: { code: string; message: string } | null };

export type TimedTaskEvent = TaskEvent & { time: string };

export const HEARTBEAT_MS = 30_000;
/** A running task whose heartbeat is older than this is treated as interrupted. */
const STALE_MS = 10 * HEARTBEAT_MS;

/** Tasks this process is running right now (a record saying 'running' from this pid but not here was interrupted). */
const live = new Set<string>();

export function markLive(id: string, on: boolean): void {
  if (on) live.add(id);
  else live.delete(id);
}

export function saveTask(workspaceDir: string, rec: TaskRecord): void {
  saveRecord(workspaceDir, 'tasks', rec.id, rec);
}

export function recordEvent(workspaceDir: string, id: string, e: TimedTaskEvent): void {
  appendEvent(workspaceDir, id, e);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // handled through `live`
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function checkInterrupted(rec: TaskRecord): TaskRecord {
  if (rec.status !== 'queued' && rec.status !== 'running') return rec;
  // Only writers that heartbeat (submitTask) can go stale; others are judged by their pid alone.
  const fresh = rec.heartbeatAt === undefined || Date.now() - Date.parse(rec.heartbeatAt) < STALE_MS;
  const running = rec.pid === process.pid ? live.has(rec.id) : alive(rec.pid) && fresh;
  if (running) return rec;
  return {
    ...rec,
    status: 'failed',
    interrupted: true,
    error: { code: 'INTERRUPTED', message: `The process running this task (pid ${rec.pid}) stopped before it finished; results written so far are kept.` },
  };
}

export function getTask(workspaceDir: string, id: string): TaskRecord {
  return checkInterrupted(loadRecord<TaskRecord>(workspaceDir, 'tasks', id));
}

/** Task records, newest first. */
export function listTasks(workspaceDir: string, limit = 20): TaskRecord[] {
  return listIds(workspaceDir, 'tasks')
    .slice(0, limit)
    .map((id) => getTask(workspaceDir, id));
}

export function readTaskEvents(workspaceDir: string, id: string): TimedTaskEvent[] {
  const file = join(workspaceDir, 'tasks', `${id}.events.jsonl`);
  if (!existsSync(file)) return [];
  const out: TimedTaskEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as TimedTaskEvent);
    } catch {
      // torn last line of a killed process
    }
  }
  return out;
}
