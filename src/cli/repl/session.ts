/**
 * The state of one chat: the data file and its cached profile, the last instruction, the running
 * task and the last result. Runs go through submitTask (the same path as `askml run`); the plan
 * preview uses the same offline planner inputs as submitTask, so /plan shows what /run will do.
 */
import path from 'node:path';
import { hiddenCharPathHint, windowsPathHint } from '../../data/path-hints.js';
import { existsSync, statSync } from 'node:fs';
import { AskmlError, isAskmlError } from '../../errors.js';
import type { Profile } from '../../data/profile-schema.js';
import type { Plan, PlanTaskType } from '../../agent/plan.js';
import { findBudget, findTrials } from '../../llm/instruction-parse.js';
import { makePlan, submitTask, trialsOf, type Task } from '../../task/submit.js';
import type { TaskResult } from '../../task/task-result.js';
import { cliContext, runTool } from '../run-tool.js';
import { progressLine, progressMessage, unitLabel } from '../render/progress.js';
import { stepLines } from '../render/steps.js';
import { renderPlan, renderTaskResult } from '../render/run.js';
import { tr, type Lang } from './lang.js';
import type { EvaluationOutput } from '../../evaluate/schemas.js';
import { loadEvaluation } from './result-answer.js';

export interface ProfileOutput {
  dataset_id: string;
  path: string;
  rows: number;
  cols: number;
  target_guess: string | null;
  task_guess: PlanTaskType | null;
  profile: Profile;
  warnings: string[];
}

export interface ChatOptions {
  data?: string;
  workspaceDir?: string;
  planner?: 'offline' | 'llm';
  /** Budget for instructions that name none (default: the planner's own default). */
  budgetSeconds?: number;
  seed?: number;
  /** Cells of a CSV/TSV file read as missing (--missing-values); undefined: the default list. */
  missingValues?: string[];
  /** Where replies go (stdout) and where errors and progress go (stderr). */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  err?: NodeJS.WriteStream;
}

export interface RunningTask {
  task: Task;
  instruction: string;
  startedAt: number;
  tool: string;
  message: string;
  /** Ctrl-C presses so far. */
  cancels: number;
}

export class ChatSession {
  readonly workspaceDir: string;
  readonly planner: 'offline' | 'llm';
  readonly budgetSeconds: number | undefined;
  readonly seed: number | undefined;
  readonly missingValues: string[] | undefined;
  data: string | null;
  profiled: ProfileOutput | null = null;
  lastInstruction: string | null = null;
  /** Language of the last free-text input; slash commands reply in it. */
  lang: Lang = 'en';
  running: RunningTask | null = null;
  /** Short cancellable work in progress (profiling, export). */
  private busy: AbortController | null = null;
  last: TaskResult | null = null;
  /** The last run's evaluation.json (per-class metrics, confusion matrix, importance), for questions. */
  lastEvaluation: EvaluationOutput | null = null;
  lastTask: { id: string; instruction: string; status: string; error: string | null } | null = null;
  private readonly outStream: NodeJS.WritableStream;
  readonly errStream: NodeJS.WriteStream;

  constructor(o: ChatOptions = {}) {
    this.workspaceDir = cliContext({ workspace: o.workspaceDir }).workspaceDir;
    this.planner = o.planner ?? 'offline';
    this.budgetSeconds = o.budgetSeconds;
    this.seed = o.seed;
    this.missingValues = o.missingValues;
    this.data = o.data ? path.resolve(o.data) : null;
    this.outStream = o.out ?? process.stdout;
    this.errStream = o.err ?? process.stderr;
  }

  say(text: string): void {
    this.outStream.write(`${text}\n`);
  }

  t(en: string, zh: string): string {
    return tr(this.lang, en, zh);
  }

  /** Switch to another data file and profile it at once (so a bad path fails here). */
  async setData(file: string): Promise<ProfileOutput> {
    const abs = path.resolve(file);
    if (!existsSync(abs)) {
      const why = windowsPathHint(file) ?? hiddenCharPathHint(file);
      throw new AskmlError('FILE_NOT_FOUND', `No file '${file}'.`, { hint: why ?? this.t('Give a path relative to the current folder, e.g. /data examples/churn.csv.', '请给出相对于当前目录的路径，例如 /data examples/churn.csv。') });
    }
    if (!statSync(abs).isFile()) throw new AskmlError('NOT_A_FILE', `'${file}' is a folder, not a data file.`);
    const prev = { data: this.data, profiled: this.profiled };
    this.data = abs;
    this.profiled = null;
    try {
      return await this.profile();
    } catch (e) {
      Object.assign(this, prev);
      throw e;
    }
  }

  /** The profile of the current data file (cached). */
  async profile(): Promise<ProfileOutput> {
    if (!this.data) {
      throw new AskmlError('BAD_ARGUMENT', this.t('No data file yet.', '还没有数据文件。'), {
        hint: this.t('Load one with /data FILE, or start with askml chat --data FILE.', '用 /data 文件路径 加载，或用 askml chat --data 文件路径 启动。'),
      });
    }
    if (this.profiled) return this.profiled;
    return this.cancellable(async (signal) => {
      const ctx = cliContext({ workspace: this.workspaceDir, signal });
      // Large files take a while to load: say so on a terminal (scripts keep a clean stderr).
      const tty = Boolean(this.errStream.isTTY);
      const file = this.data!;
      if (tty) this.errStream.write(`${this.t('profiling', '正在分析')} ${path.basename(file)} ...`);
      try {
        const { output } = await runTool<ProfileOutput>('profile_data', { path: file, target: null, test_path: null, split_file: null, ...(this.missingValues ? { missing_values: this.missingValues } : {}) }, ctx);
        this.profiled = output;
        return output;
      } finally {
        if (tty) this.errStream.write('\r\x1b[2K');
      }
    });
  }

  /** Run short work (profiling, export) that Ctrl-C can stop; at most one at a time. */
  async cancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ac = new AbortController();
    this.busy = ac;
    try {
      return await work(ac.signal);
    } finally {
      if (this.busy === ac) this.busy = null;
    }
  }

  /** The budget to pass to submitTask: the session default, only when the instruction names none. */
  private budgetFor(instruction: string): number | undefined {
    const text = instruction.normalize('NFKC');
    // A time or a trial count in the instruction wins over the chat's --budget.
    return this.budgetSeconds !== undefined && !findBudget(text, []) && !findTrials(text) ? this.budgetSeconds : undefined;
  }

  /** The trial count a run of `instruction` would search (one the instruction names), if any. */
  trialsFor(instruction: string): number | undefined {
    return trialsOf({ instructions: instruction, budgetSeconds: this.budgetFor(instruction) }) ?? undefined;
  }

  /** The plan a run of `instruction` would start from (the offline rules, as submitTask makes it). */
  async plan(instruction: string): Promise<Plan> {
    return makePlan({ instructions: instruction, lang: this.lang, budgetSeconds: this.budgetFor(instruction) }, await this.profile());
  }

  /** Run a task for `instruction` on the current data, printing the plan, progress and results. */
  async run(instruction: string): Promise<TaskResult | null> {
    if (this.running) throw new AskmlError('BAD_ARGUMENT', this.t('A task is already running.', '已有任务在运行。'), { hint: this.t('Wait for it, or press Ctrl-C to cancel it.', '请等待，或按 Ctrl-C 取消。') });
    await this.profile();
    this.lastInstruction = instruction;
    // The unit follows the search that runs (as `askml run` picks ' trials' for --trials): seconds
    // for a time budget, trials for a trial count.
    let unit = 's';
    let bar = progressLine(this.errStream, { unit: unitLabel(false, this.lang) });
    const task = submitTask({
      dataset: this.data!,
      instructions: instruction,
      // The language of the line just typed: a Chinese refinement of an English instruction gets a Chinese plan and report.
      lang: this.lang,
      budgetSeconds: this.budgetFor(instruction),
      seed: this.seed,
      missingValues: this.missingValues,
      planner: this.planner,
      workspaceDir: this.workspaceDir,
    });
    const running: RunningTask = { task, instruction, startedAt: Date.now(), tool: '', message: '', cancels: 0 };
    this.running = running;
    this.lastTask = { id: task.id, instruction, status: 'running', error: null };
    const steps = stepLines((s) => bar.line(s), 'chat', this.lang);
    task.on('event', (e) => {
      steps.event(e);
      if (e.type === 'progress') {
        running.message = e.message ?? '';
        bar.update({ progress: e.progress, total: e.total ?? undefined, message: e.message === null ? undefined : progressMessage(e.message, this.lang) });
      } else if (e.type === 'plan') {
        bar.done();
        this.say(renderPlan(e.plan, { trials: this.trialsFor(instruction), lang: this.lang }));
        this.say('');
      } else if (e.type === 'step_start') {
        running.tool = e.tool;
        const next = progressUnit(e.args);
        if (next !== unit) {
          bar.done();
          unit = next;
          bar = progressLine(this.errStream, { unit: unitLabel(unit === ' trials', this.lang) });
        }
      }
    });
    try {
      const r = await task.done;
      steps.end();
      bar.done();
      this.last = r;
      this.lastEvaluation = loadEvaluation(this.workspaceDir, r.run_id);
      this.lastTask.status = r.cancelled ? 'cancelled' : 'succeeded';
      this.say(renderTaskResult(r, this.lang));
      return r;
    } catch (e) {
      steps.end(isAskmlError(e) ? e.describe() : e instanceof Error ? e.message : String(e));
      bar.done();
      this.lastTask.status = task.status;
      this.lastTask.error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      this.running = null;
    }
  }

  /** Ctrl-C during a run: the first stops the search (results are still reported), the second stops at once. */
  cancel(): 'soft' | 'hard' | null {
    const r = this.running;
    if (!r) {
      if (!this.busy) return null;
      this.busy.abort(); // profiling or exporting: nothing to keep, stop at once
      return 'hard';
    }
    r.task.cancel();
    r.cancels++;
    return r.cancels === 1 ? 'soft' : 'hard';
  }
}

/** The progress unit of a step: ' trials' for a search with a trial count and no time budget, else 's'. */
export function progressUnit(args: unknown): string {
  const a = (typeof args === 'object' && args !== null ? args : {}) as { max_trials?: unknown; budget_seconds?: unknown };
  return typeof a.max_trials === 'number' && (a.budget_seconds === null || a.budget_seconds === undefined) ? ' trials' : 's';
}

