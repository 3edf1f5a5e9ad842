/**
 * Run one eval case in its own temporary workspace and check it. A full run goes through
 * submitTask (the same path as `askml run`); the plan is read from the tool calls actually made
 * (engineer_features and search_model arguments), so an LLM that ignores the draft plan is judged
 * on what it did. `planOnly` profiles the data and plans with the offline rules, without training.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAskmlError } from '../src/errors.js';
import type { Plan } from '../src/agent/plan.js';
import type { PlannerModel } from '../src/llm/model.js';
import { submitTask, type TaskResult } from '../src/task/submit.js';
import { clearFrameCache } from '../src/task/datasets.js';
import type { LoadedCase } from './case.js';
import { planChecks, resultChecks, scoreOf, wallLimit, round, type Check, type ObservedPlan, type Score } from './checks.js';
import { datasetFacts, offlinePlanOf, profileFacts } from './plan-probe.js';

export type PlannerKind = 'offline' | 'llm';

export interface RunCaseOptions {
  planner: PlannerKind;
  planOnly?: boolean;
  /** A PlannerModel for planner 'llm' (default: from the ASKML_* environment variables). */
  model?: PlannerModel;
  /** Parent folder for the per-case workspaces (default the OS temp folder). */
  workspaceRoot?: string;
  /** Keep the workspace (reports, models) instead of deleting it. */
  keepWorkspace?: boolean;
  parallelism?: number;
}

/** `skip`: a --plan-only case with nothing to check (expect is empty or holds only result-side fields). */
export type CaseStatus = 'pass' | 'fail' | 'xfail' | 'xpass' | 'skip';

export function caseStatus(passed: boolean, xfail: string | undefined | null): CaseStatus {
  if (xfail) return passed ? 'xpass' : 'xfail';
  return passed ? 'pass' : 'fail';
}

/** The case's known weakness, when it applies to this kind of run. */
export function xfailFor(c: LoadedCase, o: { planOnly?: boolean }): string | null {
  if (!c.xfail) return null;
  return o.planOnly && c.xfail_scope === 'result' ? null : c.xfail;
}

export interface ToolCall {
  tool: string;
  ok: boolean;
  ms: number;
}

export interface CaseResult {
  id: string;
  tags: string[];
  instruction: string;
  mode: 'plan-only' | 'run';
  planner: PlannerKind;
  /** Every check passed (false for a skipped case: nothing was checked). */
  passed: boolean;
  /** pass / fail, xfail / xpass for a case marked as a known weakness, skip when nothing was checked. */
  status: CaseStatus;
  xfail: string | null;
  plan_ok: boolean;
  /** null in plan-only mode. */
  result_ok: boolean | null;
  /** Why the case failed: the failing checks, plan first (for a skipped case: why nothing was checked). */
  reasons: string[];
  plan: ObservedPlan | null;
  plan_checks: Check[];
  result_checks: Check[];
  score: Score | null;
  calls: ToolCall[];
  best_learner: string | null;
  test_metrics: Record<string, number | null> | null;
  wall_seconds: number;
  /** The case's workspace when kept, else null. */
  workspace: string | null;
  assumptions: string[];
  /** The task's notes (e.g. why ONNX export was skipped). */
  notes: string[];
}

function observedFromPlan(p: Plan, budget: number | null): ObservedPlan {
  return {
    task_type: p.task_type,
    target: p.target,
    metric: p.metric,
    text_columns: [...p.text_columns],
    excluded_columns: [...p.excluded_columns],
    budget_seconds: budget,
    include_learners: p.include_learners ? [...p.include_learners] : null,
  };
}

type Args = Record<string, unknown>;
const strs = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The plan as executed: tool arguments override the announced plan where the tools took them. */
export function observedFromCalls(plan: Plan | null, args: { engineer_features?: Args; search_model?: Args }, budget: number | null): ObservedPlan | null {
  if (!plan && !args.search_model) return null;
  const base = plan ? observedFromPlan(plan, budget) : { task_type: null, target: null, metric: null, text_columns: null, excluded_columns: null, budget_seconds: budget, include_learners: null };
  const fe = args.engineer_features;
  const sm = args.search_model;
  if (sm) {
    base.target = str(sm.target) ?? base.target;
    base.task_type = str(sm.task) ?? base.task_type;
    base.metric = str(sm.metric) ?? base.metric;
    base.include_learners = 'include_learners' in sm ? strs(sm.include_learners) : base.include_learners;
  }
  if (fe) {
    base.excluded_columns = strs(fe.exclude_columns) ?? [];
    base.text_columns = strs(fe.text_columns) ?? base.text_columns;
  } else if (sm) {
    // No engineer_features call: the search used automatic features and excluded nothing.
    base.excluded_columns = [];
  }
  return base;
}

function finish(c: LoadedCase, o: RunCaseOptions, parts: Omit<CaseResult, 'id' | 'tags' | 'instruction' | 'planner' | 'passed' | 'status' | 'xfail' | 'plan_ok' | 'result_ok' | 'reasons' | 'mode'>): CaseResult {
  const plan_ok = parts.plan_checks.every((x) => x.ok);
  const result_ok = o.planOnly ? null : parts.result_checks.every((x) => x.ok);
  const reasons = [...parts.plan_checks, ...parts.result_checks].filter((x) => !x.ok).map((x) => x.detail ?? x.name);
  const passed = plan_ok && result_ok !== false;
  const head = { id: c.id, tags: c.tags, instruction: c.instruction, mode: o.planOnly ? ('plan-only' as const) : ('run' as const), planner: o.planner };
  if (o.planOnly && parts.plan_checks.length === 0) {
    // Nothing was checked: not a pass, and kept out of the pass rates (see summarize).
    return { ...head, passed: false, status: 'skip', xfail: null, plan_ok, result_ok, reasons: [nothingChecked(c)], ...parts };
  }
  return { ...head, passed, status: caseStatus(passed, xfailFor(c, o)), xfail: xfailFor(c, o), plan_ok, result_ok, reasons, ...parts };
}

/** Why a --plan-only case checked nothing. */
function nothingChecked(c: LoadedCase): string {
  const given = Object.keys(c.expect);
  return given.length === 0 ? 'nothing to check: expect is empty' : `nothing to check without training: ${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} checked in real runs only`;
}

const errorOf = (e: unknown) => (isAskmlError(e) ? { code: e.code, message: e.describe() } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });

async function runPlanOnly(c: LoadedCase, o: RunCaseOptions, ws: string): Promise<CaseResult> {
  const t0 = performance.now();
  let plan: Plan | null = null;
  let failure: Check | null = null;
  try {
    const facts = await profileFacts({ workspaceDir: ws, dataset: c.files.dataset, splitFile: c.files.splitFile });
    plan = offlinePlanOf(c.instruction, facts, c.budget_seconds);
  } catch (e) {
    const err = errorOf(e);
    failure = { name: 'planned', ok: false, expected: 'a plan', actual: err.code, detail: `planning failed: ${err.code}: ${err.message.slice(0, 200)}` };
  }
  const observed = plan ? observedFromPlan(plan, plan.budget_seconds) : null;
  const checks = observed ? planChecks(c, observed, null) : [failure!];
  return finish(c, o, {
    plan: observed,
    plan_checks: checks,
    result_checks: [],
    score: null,
    calls: [],
    best_learner: null,
    test_metrics: null,
    wall_seconds: round((performance.now() - t0) / 1000),
    workspace: o.keepWorkspace ? ws : null,
    assumptions: plan?.assumptions ?? [],
    notes: [],
  });
}

async function runFull(c: LoadedCase, o: RunCaseOptions, ws: string): Promise<CaseResult> {
  const t0 = performance.now();
  const task = submitTask({
    dataset: c.files.dataset,
    instructions: c.instruction,
    test: c.files.test ?? undefined,
    splitFile: c.files.splitFile ?? undefined,
    budgetSeconds: c.budget_seconds,
    seed: c.seed,
    planner: o.planner,
    model: o.model,
    workspaceDir: ws,
    parallelism: o.parallelism,
  });
  let plan: Plan | null = null;
  const calls: ToolCall[] = [];
  const args: { engineer_features?: Args; search_model?: Args } = {};
  let pendingArgs: Args | undefined;
  task.on('event', (e) => {
    if (e.type === 'plan') plan = e.plan;
    else if (e.type === 'step_start') pendingArgs = e.args as Args;
    else if (e.type === 'step_end') {
      calls.push({ tool: e.tool, ok: e.ok, ms: e.ms });
      if (e.ok && (e.tool === 'engineer_features' || e.tool === 'search_model')) args[e.tool] = pendingArgs;
      pendingArgs = undefined;
    }
  });
  // A task that overruns its limit by far is stopped (soft, then hard) so one case cannot stall a suite.
  const limitMs = (2 * wallLimit(c.budget_seconds) + 30) * 1000;
  const soft = setTimeout(() => task.cancel(), limitMs);
  const hard = setTimeout(() => task.cancel(), limitMs + 30_000);
  let result: TaskResult | null = null;
  let error: { code: string; message: string } | null = null;
  try {
    result = await task.done;
    if (result.cancelled) error = { code: 'CANCELLED', message: `stopped after ${Math.round(limitMs / 1000)} s` };
  } catch (e) {
    error = errorOf(e);
  } finally {
    clearTimeout(soft);
    clearTimeout(hard);
  }
  const wall = (performance.now() - t0) / 1000;

  // The budget the instruction states, as the offline rules read it (the runner caps the run's budget).
  let budgetRead: number | null = null;
  const datasetId = result?.dataset_id ?? null;
  if (o.planner === 'offline' && datasetId) {
    try {
      budgetRead = offlinePlanOf(c.instruction, datasetFacts(ws, datasetId), c.budget_seconds).budget_seconds;
    } catch {
      budgetRead = null;
    }
  }
  const observed = observedFromCalls(plan, args, budgetRead);
  const okTools = calls.filter((x) => x.ok).map((x) => x.tool);
  const pChecks = observed ? planChecks(c, observed, okTools) : [{ name: 'planned', ok: false, expected: 'a plan', actual: null, detail: `no plan: ${error?.message.slice(0, 200) ?? 'unknown'}` }];
  const artifacts = result?.artifacts ?? {};
  const existing = new Set(Object.values(artifacts).filter((p): p is string => typeof p === 'string' && existsSync(p)));
  const observedResult = { error, test_metrics: result?.test_metrics ?? null, plan_metric: observed?.metric ?? null, artifacts, existing, wall_seconds: wall };
  const score = scoreOf(c, observedResult);
  return finish(c, o, {
    plan: observed,
    plan_checks: pChecks,
    result_checks: resultChecks(c, observedResult, score),
    score,
    calls,
    best_learner: result?.best?.learner ?? null,
    test_metrics: result?.test_metrics ?? null,
    wall_seconds: round(wall),
    workspace: o.keepWorkspace ? ws : null,
    assumptions: (plan as Plan | null)?.assumptions ?? [],
    notes: result?.notes ?? [],
  });
}

export async function runCase(c: LoadedCase, o: RunCaseOptions): Promise<CaseResult> {
  const root = o.workspaceRoot ?? tmpdir();
  mkdirSync(root, { recursive: true });
  const ws = mkdtempSync(path.join(root, `askml-eval-${c.id}-`));
  try {
    return o.planOnly ? await runPlanOnly(c, o, ws) : await runFull(c, o, ws);
  } finally {
    clearFrameCache();
    if (!o.keepWorkspace) rmSync(ws, { recursive: true, force: true });
  }
}
