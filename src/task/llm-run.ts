/**
 * The LLM path of a task: the model plans and calls the tools (src/agent/loop.ts), starting from
 * the rule planner's draft plan and the already-profiled dataset. Afterwards any of the essential
 * steps the model skipped (search, evaluate, report; export when possible) are run with the
 * offline arguments, so every task ends with a model, test metrics and a report.
 *
 * The model's calls are bounded as the offline path is: the plan's budget (its time budget, or
 * the user's trial count) caps search_model and tune together (src/agent/budget-guard.ts), and
 * file paths are sandboxed to the data file's folder (and the test / split file's), the working
 * folder and the workspace, so the model cannot send /etc/passwd's profile to the provider or
 * write predictions anywhere. The finishing steps and the profiling of the user's own files keep
 * full access: those paths are the user's.
 */
import path from 'node:path';
import { AskmlError, isAskmlError } from '../errors.js';
import type { ArgsBuilder } from '../agent/offline-agent.js';
import { createBudgetGuard } from '../agent/budget-guard.js';
import { callTool } from '../agent/call-tool.js';
import { runAgent, type AgentStep } from '../agent/loop.js';
import type { Plan } from '../agent/plan.js';
import { loadLlmConfig } from '../llm/config.js';
import type { PlannerModel } from '../llm/model.js';
import { openAIModelFromConfig } from '../llm/openai-model.js';
import { MIN_BUDGET_SECONDS } from '../search/deadline.js';
// The sandbox the MCP server uses: the same realpath checks against `..` and symlinks for the model's paths.
import { createSandbox, realpathNearest } from '../util/sandbox.js';
import type { AnyTool, ToolContext } from '../../tools/define-tool.js';

export interface LlmRunOptions {
  model?: PlannerModel;
  tools: AnyTool[];
  map: ReadonlyMap<string, AnyTool>;
  ctx: ToolContext;
  plan: Plan;
  instruction: string;
  datasetId: string;
  dataPath: string;
  /** The user's test file and split file, if any (their folders are readable by the model too). */
  testPath?: string | null;
  splitFile?: string | null;
  /** The trial count the user asked for (--trials): it bounds the model's searches instead of the time budget. */
  maxTrials?: number | null;
  buildArgs: ArgsBuilder;
  /** Tool outputs by name; filled in. */
  outputs: Record<string, unknown>;
  onStep: (s: AgentStep) => void;
  signal: AbortSignal;
  /**
   * The first Ctrl-C (the task's soft cancel): it stops the model's planning at once (a pending
   * model call too); the run then finishes like an offline one, from the model's search if it made
   * one, else it ends cancelled with nothing searched.
   */
  softSignal?: AbortSignal;
}

const FINISH: { tool: string; optional: boolean }[] = [
  { tool: 'search_model', optional: false },
  { tool: 'evaluate', optional: false },
  { tool: 'export_model', optional: true },
  { tool: 'report', optional: false },
];

export async function runLlmPlanner(o: LlmRunOptions): Promise<{ finalText: string | null; note: string | null }> {
  let model = o.model;
  if (!model) {
    const config = loadLlmConfig();
    if (!config) {
      throw new AskmlError('LLM_ERROR', "The LLM planner was requested but no model is configured (ASKML_MODEL is not set).", {
        hint: "Set ASKML_MODEL, ASKML_BASE_URL and ASKML_API_KEY, or use the offline planner (--planner offline).",
      });
    }
    model = openAIModelFromConfig(config);
  }
  const guard = createBudgetGuard({ budgetSeconds: o.plan.budget_seconds, maxTrials: o.maxTrials ?? null });
  const files = plannerFileAccess({ workspaceDir: o.ctx.workspaceDir, files: [o.dataPath, o.testPath, o.splitFile] });
  const budget = o.maxTrials
    ? `Budget: ${o.maxTrials} trials in all (the user's trial count), for all search_model and tune calls together; larger max_trials are capped.`
    : `Time budget: ${o.plan.budget_seconds} s in all, for all search_model and tune calls together; larger budget_seconds are capped, and max_trials is replaced by the time left.`;
  const facts = [
    `Data file: ${o.dataPath}`,
    `It is already profiled: dataset_id ${o.datasetId} (do not call profile_data again unless you need another file).`,
    'Run search_model, then evaluate, export_model and report on the run_id it returns.',
    budget,
    `Files: tools may read and write only in ${files.folders.join(', ')}.`,
  ].join('\n');
  const seen: AgentStep[] = [];
  const planning = o.softSignal ? AbortSignal.any([o.signal, o.softSignal]) : o.signal;
  let res: { turns: number; steps: AgentStep[]; finalText: string | null; note?: string };
  try {
    res = await runAgent({
    model,
    tools: o.tools,
    instruction: o.instruction,
    context: { ...o.ctx, resolvePath: files.resolvePath },
    facts,
    draftPlan: o.plan,
    lang: o.plan.lang,
    signal: planning,
    guard,
    onEvent(e) {
      if (e.type !== 'tool_end') return;
      seen.push(e.step);
      // The user hears what the model was told: its budget was capped (or its call refused).
      for (const n of e.step.notes ?? []) o.ctx.log?.(`note: ${e.step.tool}: ${n}`);
      if (e.step.ok) o.outputs[e.step.tool] = e.step.output;
      // A tune that replaced the model removed the old model's evaluation, ONNX file and report:
      // the finishing steps below make them again for the new model.
      if (e.step.ok && e.step.tool === 'tune' && (e.step.output as { model_updated?: boolean }).model_updated) {
        for (const t of ['evaluate', 'export_model', 'report']) delete o.outputs[t];
      }
      o.onStep(e.step);
    },
  });
  } catch (e) {
    // Stopped by the first Ctrl-C: the planning ends here; the model's search, if any, is finished below.
    if (!(isAskmlError(e) && e.code === 'CANCELLED' && o.softSignal?.aborted && !o.signal.aborted)) throw e;
    if (o.outputs.search_model === undefined) {
      throw new AskmlError('CANCELLED', 'Cancelled while the LLM was planning: no model was searched, so there is nothing to evaluate or report.');
    }
    res = { turns: seen.length, steps: seen, finalText: null, note: 'Cancelled while the LLM was planning; the search it made is evaluated and reported.' };
  }
  let turn = res.turns;
  for (const s of FINISH) {
    if (o.outputs[s.tool] !== undefined) continue;
    if (s.tool === 'export_model' && res.steps.some((x) => x.tool === 'export_model')) continue; // tried and failed
    const args = o.buildArgs(s.tool, { plan: o.plan, outputs: o.outputs });
    if (s.tool === 'search_model') finishingBudget(args, guard, o.ctx);
    const out = await callTool(o.map, s.tool, args, o.ctx);
    turn++;
    o.onStep({ turn, callId: `finish_${s.tool}`, tool: s.tool, args: out.args, ok: out.ok, output: out.output, error: out.error, ms: out.ms });
    if (out.ok) o.outputs[s.tool] = out.output;
    else if (!s.optional) throw new AskmlError(out.error!.code as never, `${s.tool} failed: ${out.error!.message}`);
  }
  return { finalText: res.finalText, note: res.note ?? null };
}

/**
 * The search run because the model made no model gets what its calls left of the budget, but at
 * least the minimum (a task ends with a model).
 */
function finishingBudget(args: Record<string, unknown>, guard: ReturnType<typeof createBudgetGuard>, ctx: ToolContext): void {
  const trials = guard.trialsLeft();
  if (typeof args.max_trials === 'number') {
    if (trials !== null && trials < args.max_trials) args.max_trials = Math.max(1, trials);
  } else if (typeof args.budget_seconds === 'number') {
    const left = Math.max(MIN_BUDGET_SECONDS, guard.secondsLeft());
    if (left < args.budget_seconds) {
      ctx.log?.(`note: search_model: the model's own searches used the time budget, so this search has ${left} s of the planned ${args.budget_seconds} s.`);
      args.budget_seconds = left;
    }
  }
}

export interface PlannerFileAccess {
  /** The folders the model's paths may be in (realpath'ed), the workspace last. */
  folders: string[];
  resolvePath(p: string): string;
}

/**
 * Where the model's tool calls may read and write: the folders of the user's files (data, test,
 * split), the working folder and the workspace. A folder that is the filesystem root is left out
 * (it would allow the whole disk). Relative paths start at the working folder, as the CLI's do.
 */
export function plannerFileAccess(o: { workspaceDir: string; files: readonly (string | null | undefined)[]; cwd?: string }): PlannerFileAccess {
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const isRoot = (d: string): boolean => path.dirname(d) === d;
  const dirs = [cwd, ...o.files.filter((f): f is string => typeof f === 'string' && f !== '').map((f) => path.dirname(path.resolve(cwd, f)))];
  const allow = [...new Set(dirs.map((d) => realpathNearest(d)))].filter((d) => !isRoot(d));
  const sandbox = createSandbox({ allow, cwd, workspaceDir: o.workspaceDir });
  const folders = [...new Set([...sandbox.roots(), realpathNearest(path.resolve(o.workspaceDir))])];
  return {
    folders,
    resolvePath(p) {
      try {
        return sandbox.resolvePath(p);
      } catch (e) {
        // The sandbox speaks of "this MCP server" and its --allow flag; the planner's rule is this one.
        if (!isAskmlError(e) || e.code !== 'PATH_NOT_ALLOWED') throw e;
        throw new AskmlError('PATH_NOT_ALLOWED', `Path '${p}' is outside the folders the planner's tool calls may read and write: ${folders.join(', ')}.`, {
          choices: folders,
          hint: "Use a file in one of these folders (the data file's folder, the working folder, the workspace; relative paths start at the first). The user can name other files on the command line.",
          value: p,
        });
      }
    },
  };
}
