/**
 * submitTask: the library entry point. Profiles the data, plans (offline rules by default, an LLM
 * when asked and configured), runs the tool sequence, and persists status + events under
 * `.askml/tasks/` so a finished task can be listed and read back after a restart.
 *
 * Cancellation has two levels: the first cancel() stops the model search, which keeps what it
 * found, and the run still evaluates, exports and reports it (status 'cancelled' with results);
 * a second cancel() stops everything at once.
 */
import path from 'node:path';
import { AskmlError, fileAccessError, isAskmlError } from '../errors.js';
import { columnInfos } from '../data/profile.js';
import type { Profile } from '../data/profile-schema.js';
import type { Plan, PlanTaskType } from '../agent/plan.js';
import { metricFits, defaultMetric } from '../agent/plan.js';
import { callTool, outcomeError, toolMap } from '../agent/call-tool.js';
import { OFFLINE_SEQUENCE, runOfflineAgent } from '../agent/offline-agent.js';
import type { AgentStep } from '../agent/loop.js';
import { offlinePlan } from '../llm/offline-planner.js';
import { findTrials } from '../llm/instruction-parse.js';
import type { PlannerModel } from '../llm/model.js';
import type { AnyTool, ToolContext } from '../../tools/define-tool.js';
import { TOOLS } from '../../tools/index.js';
import { createOfflineArgs } from '../../tools/offline-args.js';
import { saveRunPlan } from '../../tools/report.js';
import { newId } from './ids.js';
import { ID_PREFIX, defaultWorkspaceDir, runDir } from './store.js';
import { HEARTBEAT_MS, markLive, recordEvent, saveTask, type TaskEvent, type TaskRecord, type TaskStatus, type TimedTaskEvent } from './tasks.js';
import { runLlmPlanner } from './llm-run.js';
import { taskResultOf, type TaskResult } from './task-result.js';

export type { TaskResult } from './task-result.js';

export interface SubmitTaskOptions {
  dataset: string;
  instructions: string;
  /**
   * The language of the plan's assumptions and the report, when the caller knows better than the
   * instruction's text (the chat: an English instruction refined in Chinese is a Chinese conversation).
   */
  lang?: 'zh' | 'en';
  labelColumn?: string;
  taskType?: PlanTaskType;
  budgetSeconds?: number;
  /**
   * Where budgetSeconds came from, named in the plan's assumptions ("time budget 5s from --budget",
   * "--budget 5s overrides the instruction's '1 minute'"); default '--budget'.
   */
  budgetSource?: string;
  /** A trial count instead of a time budget (reproducible). */
  maxTrials?: number;
  test?: string;
  splitFile?: string;
  /** CSV/TSV cells read as missing instead of the default list (profile_data's missing_values). */
  missingValues?: string[];
  seed?: number;
  planner?: 'offline' | 'llm';
  /** A PlannerModel for planner 'llm' (default: from ASKML_* environment variables). */
  model?: PlannerModel;
  workspaceDir?: string;
  signal?: AbortSignal;
  /** Worker threads for the search (default automatic). */
  parallelism?: number;
}

export interface Task {
  readonly id: string;
  readonly status: TaskStatus;
  on(event: 'event', cb: (e: TimedTaskEvent) => void): () => void;
  /** Every event from the start, then live ones until the task ends. */
  events(): AsyncIterable<TimedTaskEvent>;
  /** First call: stop the search and finish with what it found. Second call: stop at once. */
  cancel(): void;
  readonly done: Promise<TaskResult>;
}

const PROGRESS_EVERY_MS = 1000;

/** Longest instruction askml reads (a task description, not a document; it goes into records and the report). */
export const MAX_INSTRUCTION_CHARS = 4000;

export function submitTask(o: SubmitTaskOptions): Task {
  if (o.instructions.length > MAX_INSTRUCTION_CHARS) {
    throw new AskmlError('BAD_ARGUMENT', `The instruction is ${o.instructions.length.toLocaleString('en-US')} characters long; askml reads at most ${MAX_INSTRUCTION_CHARS.toLocaleString('en-US')}.`, {
      hint: 'Describe the task in a few sentences (what to predict, the metric, the time budget); pass data as a file, not in the instruction.',
    });
  }
  const workspaceDir = path.resolve(o.workspaceDir ?? defaultWorkspaceDir());
  const id = newId(ID_PREFIX.tasks);
  const rec: TaskRecord = {
    id,
    status: 'queued',
    instruction: o.instructions,
    data: path.resolve(o.dataset),
    test: o.test ? path.resolve(o.test) : null,
    splitFile: o.splitFile ? path.resolve(o.splitFile) : null,
    planner: o.planner ?? 'offline',
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
    pid: process.pid,
    plan: null,
    datasetId: null,
    runId: null,
    steps: [],
    summary: null,
    artifacts: { report: null, report_markdown: null, model: null, onnx: null },
    wallSeconds: null,
    error: null,
  };
  markLive(id, true);
  saveTask(workspaceDir, rec);

  const history: TimedTaskEvent[] = [];
  const listeners = new Set<(e: TimedTaskEvent) => void>();
  let finished = false;
  let lastProgress = 0;
  const emit = (e: TaskEvent, persist = true) => {
    const te = { ...e, time: new Date().toISOString() } as TimedTaskEvent;
    history.push(te);
    if (persist) recordEvent(workspaceDir, id, te);
    for (const l of listeners) {
      try {
        l(te);
      } catch {
        // a faulty listener must not break the task
      }
    }
  };
  const setStatus = (s: TaskStatus) => {
    rec.status = s;
    saveTask(workspaceDir, rec);
    emit({ type: 'status', status: s });
  };

  const soft = new AbortController();
  const hard = new AbortController();
  let cancelRequested = false;
  /** The offline sequence's search finished: a first cancel then changes nothing, the rest is short. */
  let searchDone = false;
  const cancel = () => {
    if (finished) return;
    if (!soft.signal.aborted) {
      if (searchDone && rec.planner !== 'llm') {
        emit({ type: 'log', message: 'Cancel requested: the search has finished and its model is saved; finishing the evaluation, ONNX export and report (cancel again to stop at once).' });
      } else {
        cancelRequested = true;
        emit({ type: 'log', message: 'Cancel requested: stopping the search; the best model so far is still evaluated and reported.' });
      }
      soft.abort();
    } else if (!hard.signal.aborted) {
      emit({ type: 'log', message: 'Cancelled.' });
      hard.abort();
    }
  };
  if (o.signal) {
    if (o.signal.aborted) cancel();
    else o.signal.addEventListener('abort', cancel, { once: true });
  }

  let heartbeat: NodeJS.Timeout | undefined;
  const run = async (): Promise<TaskResult> => {
    await new Promise((r) => setImmediate(r)); // let the caller attach listeners
    const t0 = Date.now();
    rec.startedAt = new Date().toISOString();
    rec.heartbeatAt = rec.startedAt;
    setStatus('running');
    heartbeat = setInterval(() => {
      rec.heartbeatAt = new Date().toISOString();
      saveTask(workspaceDir, rec);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    let currentTool = '';
    // Long tools (search, tune) see the soft signal; the others only the hard one.
    const tools: AnyTool[] = TOOLS.map((t) => ({
      ...t,
      run: (input: unknown, ctx: ToolContext) => {
        currentTool = t.name;
        emit({ type: 'step_start', tool: t.name, args: input });
        return t.run(input, t.long ? { ...ctx, signal: AbortSignal.any([soft.signal, hard.signal]), hardSignal: hard.signal } : ctx);
      },
    }));
    const map = toolMap(tools);
    const ctx: ToolContext = {
      workspaceDir,
      resolvePath: (p) => path.resolve(p),
      signal: hard.signal,
      progress: (u) => {
        const now = Date.now();
        const persist = now - lastProgress >= PROGRESS_EVERY_MS;
        if (persist) lastProgress = now;
        emit({ type: 'progress', tool: currentTool, progress: u.progress, total: u.total ?? null, message: u.message ?? null }, persist);
      },
      log: (m) => emit({ type: 'log', message: m }),
    };
    const onStep = (step: AgentStep) => {
      rec.steps.push({ tool: step.tool, ok: step.ok, ms: step.ms, error: step.error ?? null });
      const tool = map.get(step.tool);
      const summary = step.ok && tool?.summarize ? safe(() => tool.summarize!(step.output)) : null;
      emit({ type: 'step_end', tool: step.tool, ok: step.ok, ms: step.ms, summary, error: step.error ?? null });
      if (step.tool === 'search_model') searchDone = true;
      if (step.ok && step.tool === 'search_model') {
        const runId = (step.output as { run_id: string }).run_id;
        rec.runId = runId;
        if (rec.plan) saveRunPlan(runDir(workspaceDir, runId), { instruction: o.instructions, plan: rec.plan, steps: OFFLINE_SEQUENCE.map((s) => s.tool) });
      }
      saveTask(workspaceDir, rec);
    };

    // 1. Profile.
    const profileArgs = (target: string | null) => ({ path: o.dataset, target, test_path: o.test ?? null, split_file: o.splitFile ?? null, missing_values: o.missingValues ?? null });
    const prof = await callTool(map, 'profile_data', profileArgs(o.labelColumn ?? null), ctx);
    onStep({ turn: 0, callId: 'profile', tool: prof.tool, args: prof.args, ok: prof.ok, output: prof.output, error: prof.error, ms: prof.ms });
    if (!prof.ok) throw outcomeError(prof);
    type Profiled = { dataset_id: string; profile: Profile; target_guess: string | null; task_guess: PlanTaskType | null };
    let profiled = prof.output as Profiled;
    rec.datasetId = profiled.dataset_id;

    // 2. Plan.
    let plan = makePlan(o, profiled);
    if (!o.labelColumn && plan.target !== profiled.profile.target?.name) {
      // The instruction names another target than the profile guessed: profile again for it, so
      // leaks, ids and the column roles the plan lists are judged against the column predicted
      // (a perfect copy of 'survived' is no leak of a guessed 'ticket_no', and was used as a feature).
      const again = await callTool(map, 'profile_data', profileArgs(plan.target), ctx);
      onStep({ turn: 0, callId: 'profile-target', tool: again.tool, args: again.args, ok: again.ok, output: again.output, error: again.error, ms: again.ms });
      if (!again.ok) throw outcomeError(again);
      profiled = again.output as Profiled;
      rec.datasetId = profiled.dataset_id;
      plan = makePlan(o, profiled);
    }
    // The guessed target, kept, but absent from the test file (profile_data only warns for a guess).
    if (profiled.profile.warnings.some((w) => w.code === 'test_no_target' && w.column === plan.target)) {
      throw new AskmlError('SCHEMA_MISMATCH', `The test file has no target column '${plan.target}'; it is needed to score the model.`, {
        hint: 'Add the target column to the test file, or name another target (--target COL).',
      });
    }
    rec.plan = plan;
    saveTask(workspaceDir, rec);
    emit({ type: 'plan', plan });

    // 3. Run the tools.
    const buildArgs = createOfflineArgs({ dataPath: o.dataset, seed: o.seed ?? 0, maxTrials: trialsOf(o), datasetId: profiled.dataset_id, parallelism: o.parallelism ?? null });
    const outputs: Record<string, unknown> = { profile_data: profiled };
    if (rec.planner === 'llm') {
      const llm = await runLlmPlanner({
        model: o.model, tools, map, ctx, plan, instruction: o.instructions, datasetId: profiled.dataset_id, dataPath: rec.data,
        testPath: rec.test, splitFile: rec.splitFile, maxTrials: trialsOf(o), buildArgs, outputs, onStep, signal: hard.signal, softSignal: soft.signal,
      });
      // Said and kept in the task's events (audit: a step limit or the model's own answer was dropped).
      if (llm.note) emit({ type: 'log', message: llm.note });
      if (llm.finalText?.trim()) emit({ type: 'log', message: `The model's answer: ${llm.finalText.trim()}` });
    } else {
      const res = await runOfflineAgent(plan, map, {
        context: ctx,
        buildArgs,
        sequence: OFFLINE_SEQUENCE.filter((s) => s.tool !== 'profile_data'),
        signal: hard.signal,
        onStep,
      });
      Object.assign(outputs, res.outputs);
      if (!res.ok) throw outcomeError(res, `${res.error!.tool} failed: `);
    }
    const result = taskResultOf({ taskId: id, plan, outputs, steps: rec.steps, wallSeconds: (Date.now() - t0) / 1000, cancelled: cancelRequested });
    rec.summary = result.summary;
    rec.artifacts = result.artifacts;
    rec.wallSeconds = result.wall_seconds;
    return result;
  };

  const done = run().then(
    (result) => {
      finish(cancelRequested ? 'cancelled' : 'succeeded', null);
      return result;
    },
    (e: unknown) => {
      e = fileAccessError(e) ?? e;
      const err = isAskmlError(e) ? { code: e.code, message: e.describe() } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
      finish(err.code === 'CANCELLED' ? 'cancelled' : 'failed', err);
      throw e;
    },
  );
  done.catch(() => {}); // the caller may never await it; the record holds the error

  function finish(status: TaskStatus, error: TaskRecord['error']): void {
    finished = true;
    clearInterval(heartbeat);
    rec.error = error;
    rec.finishedAt = new Date().toISOString();
    if (rec.wallSeconds === null && rec.startedAt) rec.wallSeconds = (Date.parse(rec.finishedAt) - Date.parse(rec.startedAt)) / 1000;
    rec.status = status;
    saveTask(workspaceDir, rec);
    markLive(id, false);
    emit({ type: 'status', status });
    emit({ type: 'done', status, error });
    o.signal?.removeEventListener('abort', cancel);
  }

  return {
    id,
    get status() {
      return rec.status;
    },
    on(_event, cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    events() {
      return eventStream(history, listeners, () => finished);
    },
    cancel,
    done,
  };
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/**
 * The trial count of a task: the caller's (askml run --trials), else one the instruction names
 * ("with 50 trials", "试验 50 次") unless the caller gave a time budget (--budget wins over the
 * instruction, as for budgets); null for a time budget.
 */
export function trialsOf(o: Pick<SubmitTaskOptions, 'instructions' | 'maxTrials' | 'budgetSeconds'>): number | null {
  if (o.maxTrials !== undefined) return o.maxTrials;
  return o.budgetSeconds === undefined ? (findTrials(o.instructions)?.trials ?? null) : null;
}

/**
 * The offline plan, with the caller's explicit choices (label column, task type, budget) on top:
 * exactly the plan submitTask starts from (the REPL's /plan preview can call it too).
 */
export function makePlan(o: Pick<SubmitTaskOptions, 'instructions' | 'lang' | 'labelColumn' | 'taskType' | 'budgetSeconds' | 'budgetSource' | 'maxTrials'>, p: { profile: Profile; target_guess: string | null; task_guess: PlanTaskType | null }): Plan {
  const t = p.profile.target;
  const minority = t && t.classes.length > 0 ? Math.min(...t.classes.map((c) => c.share)) : null;
  const trials = trialsOf(o);
  const plan = offlinePlan({
    instruction: o.instructions,
    columns: columnInfos(p.profile),
    targetGuess: o.labelColumn ?? p.target_guess,
    taskGuess: o.taskType ?? p.task_guess,
    minorityShare: minority,
    // A given budget wins over the instruction's, and the plan says so (not "no time budget given").
    budget: o.budgetSeconds !== undefined ? { seconds: o.budgetSeconds, source: o.budgetSource ?? '--budget' } : null,
    trials,
    // --target: the plan (task, metric, "only" lists, assumptions) is made for it, not patched after.
    givenTarget: o.labelColumn ?? null,
    lang: o.lang,
  });
  if (o.taskType) plan.task_type = o.taskType;
  if (!metricFits(plan.metric, plan.task_type)) plan.metric = defaultMetric(plan.task_type, plan.preferences.imbalanced);
  if (o.budgetSeconds !== undefined) plan.budget_seconds = o.budgetSeconds;
  return plan;
}

async function* eventStream(history: TimedTaskEvent[], listeners: Set<(e: TimedTaskEvent) => void>, isDone: () => boolean): AsyncIterable<TimedTaskEvent> {
  let i = 0;
  let wake: (() => void) | null = null;
  const l = () => wake?.();
  listeners.add(l);
  try {
    for (;;) {
      while (i < history.length) yield history[i++];
      if (isDone()) return;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  } finally {
    listeners.delete(l);
  }
}
