/**
 * Background tool calls for MCP clients without progress support: `start_task` runs a long tool
 * (search_model, tune) detached from the request and returns a task id at once; `get_task` (a
 * regular tool over the workspace's task records) polls it and `cancel_task` stops it.
 *
 * Each job is an ordinary task record in `.askml/tasks/` (status, steps, run_id, summary), so
 * get_task and list_tasks read it like any task; the tool's full output is kept beside it in
 * `<task_id>.output.json` (resource askml://tasks/{task_id}/output). Generic: nothing here knows
 * what a tool does.
 *
 * The run a job works on is in its record from the start when the arguments name it (tune's
 * run_id), else from the moment the tool logs a new run id (search_model logs its run before it
 * searches): get_task shows it while the job runs, and a record whose process was killed still
 * names the unfinished run, which tune can continue.
 *
 * A job belongs to the MCP session that started it (its owner). When that session ends (stdin
 * closed, HTTP session deleted or idle-closed) its jobs are cancelled and recorded as `cancelled`
 * with the reason, so a server whose client left stops working and can exit (audit F2): nobody is
 * left to poll or cancel those jobs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AskmlError, isAskmlError } from '../errors.js';
import { newId } from '../task/ids.js';
import { loadRunRecord } from '../task/runs.js';
import { ID_PREFIX, kindDir } from '../task/store.js';
import { markLive, recordEvent, saveTask, type TaskEvent, type TaskRecord, type TaskStatus, type TimedTaskEvent } from '../task/tasks.js';
import { writeJsonAtomic } from '../util/fs.js';
import { modelName } from '../search/schemas.js';
import type { AnyTool, ToolContext } from '../../tools/define-tool.js';

interface Job {
  controller: AbortController;
  done: Promise<void>;
  /** The session that started it (see cancelJobsOf). */
  owner: string | null;
  /** Why it was cancelled, when not by cancel_task (e.g. the client disconnected). */
  reason: string | null;
}

/** Jobs of this process, across all MCP sessions. */
const jobs = new Map<string, Job>();

const PROGRESS_EVERY_MS = 1000;

export function outputFile(workspaceDir: string, taskId: string): string {
  return join(kindDir(workspaceDir, 'tasks'), `${taskId}.output.json`);
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** A run id as newId(ID_PREFIX.runs) makes them, inside a log message. */
const RUN_ID_IN_TEXT = new RegExp(`\\b${ID_PREFIX.runs}_[0-9]{14}_[0-9a-f]{6}\\b`);

/** The target column of a run, from its record (null when it has none yet or it cannot be read). */
function runTarget(workspaceDir: string, runId: string | null): string | null {
  if (runId === null) return null;
  try {
    return loadRunRecord(workspaceDir, runId).record.target;
  } catch {
    return null;
  }
}

/**
 * Summary fields found in a tool output (by their usual names), else in its input, else in the
 * record of its run (tune's output names no target), else null. A search or tune names the model it
 * saved (or kept), as a task of askml run does, not its best trial (audit).
 */
function summaryOf(out: Record<string, unknown>, input: Record<string, unknown>, run: () => string | null): TaskRecord['summary'] {
  const best = (out.best ?? null) as { learner?: unknown; score?: unknown } | null;
  const final = (out.finalModel ?? null) as { learners?: unknown; validationScore?: unknown } | null;
  const finalLearners = Array.isArray(final?.learners) && final.learners.length > 0 ? (final.learners as string[]) : null;
  return {
    task_type: str(out.task),
    target: str(out.target) ?? str(input.target) ?? run(),
    metric: str(out.metric),
    best_learner: finalLearners ? modelName(finalLearners) : str(best?.learner),
    // The saved model's score, or none: never its best trial's beside the saved model's name.
    validation_score: finalLearners ? (typeof final?.validationScore === 'number' ? final.validationScore : null) : typeof best?.score === 'number' ? best.score : null,
    test_score: typeof out.test_score === 'number' ? out.test_score : null,
    test_metrics: null,
  };
}

/** The files a tool output names (the model folder, ONNX file, report), over what the record had. */
function artifactsOf(out: Record<string, unknown>, had: TaskRecord['artifacts']): TaskRecord['artifacts'] {
  return {
    ...had,
    model: str(out.model_path) ?? had.model,
    onnx: str(out.onnx_path) ?? had.onnx,
    report: str(out.html_path) ?? had.report,
    report_markdown: str(out.markdown_path) ?? had.report_markdown,
  };
}

/**
 * Start `tool` on already-validated `input` in the background; returns the task id. `ctx` gives
 * the workspace and path sandbox; its signal and progress are replaced by the job's own.
 */
export function startJob(o: { tool: AnyTool; input: Record<string, unknown>; ctx: ToolContext; owner?: string }): string {
  const ws = o.ctx.workspaceDir;
  const id = newId(ID_PREFIX.tasks);
  const now = new Date().toISOString();
  const rec: TaskRecord = {
    id,
    status: 'running',
    instruction: `${o.tool.name} ${JSON.stringify(o.input)}`,
    data: str(o.input.path) ?? str(o.input.dataset_id) ?? str(o.input.run_id) ?? '',
    test: null,
    splitFile: null,
    planner: 'offline',
    createdAt: now,
    startedAt: now,
    finishedAt: null,
    pid: process.pid,
    plan: null,
    datasetId: str(o.input.dataset_id),
    runId: str(o.input.run_id),
    steps: [],
    summary: null,
    artifacts: { report: null, report_markdown: null, model: null, onnx: null },
    wallSeconds: null,
    error: null,
  };
  const event = (e: TaskEvent) => recordEvent(ws, id, { ...e, time: new Date().toISOString() } as TimedTaskEvent);
  markLive(id, true);
  saveTask(ws, rec);
  event({ type: 'status', status: 'running' });
  event({ type: 'step_start', tool: o.tool.name, args: o.input });

  const controller = new AbortController();
  let lastProgress = 0;
  const ctx: ToolContext = {
    ...o.ctx,
    signal: controller.signal,
    progress: (u) => {
      const t = Date.now();
      if (t - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = t;
      event({ type: 'progress', tool: o.tool.name, progress: u.progress, total: u.total ?? null, message: u.message ?? null });
    },
    // A job never inherits the hard stop of the request that started it.
    hardSignal: undefined,
    log: (m) => {
      event({ type: 'log', message: m });
      // The first run id the tool names is its run (it has made the run folder by then).
      const runId = rec.runId === null ? RUN_ID_IN_TEXT.exec(m)?.[0] : undefined;
      if (runId && rec.status === 'running') {
        rec.runId = runId;
        saveTask(ws, rec);
      }
    },
  };
  const t0 = Date.now();
  const job: Job = { controller, done: Promise.resolve(), owner: o.owner ?? null, reason: null };
  const finish = (status: TaskStatus, error: TaskRecord['error'], summary: string | null) => {
    const ms = Date.now() - t0;
    if (status === 'cancelled' && job.reason) error = { code: 'CANCELLED', message: job.reason };
    // Stopped by cancel_task: say so (a step with ok false and no error read as a silent failure).
    if (status === 'cancelled' && !error) {
      error = { code: 'CANCELLED', message: `Cancelled by cancel_task${rec.artifacts.model ? `; the model found so far was saved (${rec.artifacts.model})` : ''}.` };
    }
    // A search that failed before a trial finished removes its run folder: then there is no run to name.
    if (rec.runId !== null && !existsSync(join(kindDir(ws, 'runs'), rec.runId))) rec.runId = null;
    rec.status = status;
    rec.error = error;
    rec.finishedAt = new Date().toISOString();
    rec.wallSeconds = ms / 1000;
    rec.steps = [{ tool: o.tool.name, ok: status === 'succeeded', ms, error }];
    saveTask(ws, rec);
    markLive(id, false);
    event({ type: 'step_end', tool: o.tool.name, ok: status === 'succeeded', ms, summary, error });
    event({ type: 'done', status, error });
  };
  job.done = (async () => {
    await new Promise((r) => setImmediate(r)); // answer the start request first
    try {
      const out = (await o.tool.run(o.input, ctx)) as Record<string, unknown>;
      writeJsonAtomic(outputFile(ws, id), out);
      rec.runId = str(out.run_id) ?? rec.runId;
      rec.datasetId = str(out.dataset_id) ?? rec.datasetId;
      rec.summary = summaryOf(out, o.input, () => runTarget(ws, rec.runId));
      rec.artifacts = artifactsOf(out, rec.artifacts);
      let summary: string | null = null;
      try {
        summary = o.tool.summarize ? o.tool.summarize(out) : null;
      } catch {
        summary = null;
      }
      finish(controller.signal.aborted ? 'cancelled' : 'succeeded', null, summary);
    } catch (e) {
      const err = isAskmlError(e) ? { code: e.code, message: e.describe() } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
      finish(err.code === 'CANCELLED' || job.reason !== null ? 'cancelled' : 'failed', err, null);
    } finally {
      jobs.delete(id);
    }
  })();
  jobs.set(id, job);
  return id;
}

/** Ask a running job to stop; false when this process runs no such job. */
export function cancelJob(taskId: string): boolean {
  const job = jobs.get(taskId);
  if (!job) return false;
  job.controller.abort();
  return true;
}

/**
 * Cancel every running job started by `owner` (an MCP session that ended), recording `reason` in
 * their task records, and wait up to `waitMs` for them to stop. Returns the cancelled task ids.
 */
export async function cancelJobsOf(owner: string, reason: string, waitMs = 30_000): Promise<string[]> {
  const mine = [...jobs.entries()].filter(([, j]) => j.owner === owner);
  for (const [, j] of mine) {
    j.reason = reason;
    j.controller.abort();
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(mine.map(([, j]) => j.done)),
    new Promise<void>((r) => {
      timer = setTimeout(r, waitMs);
      timer.unref?.();
    }),
  ]);
  clearTimeout(timer);
  return mine.map(([id]) => id);
}

/** Ids of the jobs this process is running. */
export function runningJobs(): string[] {
  return [...jobs.keys()];
}

export function requireJob(taskId: string): void {
  if (!jobs.has(taskId)) {
    throw new AskmlError('NOT_FOUND', `No running background task '${taskId}' in this server.`, {
      choices: runningJobs(),
      hint: 'It may have finished already: read it with get_task.',
    });
  }
}
