/**
 * The checks of one case, as pure functions of what was observed: the plan checks (task type,
 * target, metric, columns, budget read from the instruction, learners, tools called in order) are
 * kept apart from the result checks (task finished, score against the threshold, artifacts
 * produced, wall-clock budget kept), so a wrong plan and a weak model are told apart.
 */
import type { EvalCase, ArtifactKind } from './case.js';
import { LOWER_IS_BETTER } from './case.js';
import { formatNum } from '../src/cli/render/table.js';

export interface Check {
  name: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
  /** One line for the scorecard when the check fails. */
  detail?: string;
}

/** The plan as it was carried out (the tool arguments, for the LLM path), in comparable form. */
export interface ObservedPlan {
  task_type: string | null;
  target: string | null;
  metric: string | null;
  text_columns: string[] | null;
  excluded_columns: string[] | null;
  /** The budget the planner read from the instruction (null when not observable). */
  budget_seconds: number | null;
  include_learners: string[] | null;
}

/**
 * Slack on the wall-clock check, on top of budget + max(2 s, 5%): the steps outside the search
 * (profile, features, evaluate, ONNX export and its verification, report) plus loading the data.
 * Measured on a busy 2-core machine: 0.1-6 s on the examples, titanic, penguins, credit,
 * diabetes, spam; 6-14 s on thucnews, letter and diamonds, where exporting a forest to ONNX alone
 * takes 5-11 s (those cases can exceed the limit: a real cost outside the budget). evals/README.md.
 */
export const FIXED_OVERHEAD_SECONDS = 10;

export function wallLimit(budgetSeconds: number): number {
  return budgetSeconds + Math.max(2, 0.05 * budgetSeconds) + FIXED_OVERHEAD_SECONDS;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === new Set(a).size && a.length === b.length && a.every((x) => b.includes(x));
const fmt = (v: unknown) => (v === null || v === undefined ? 'none' : Array.isArray(v) ? `[${v.join(', ')}]` : typeof v === 'string' ? `'${v}'` : String(v));

function eq(name: string, expected: unknown, actual: unknown, ok: boolean): Check {
  return { name, ok, expected, actual, detail: ok ? undefined : `${name}: expected ${fmt(expected)}, got ${fmt(actual)}` };
}

/** `expected` appears in `called` in the same order (other calls may sit between). */
export function isOrderedSubsequence(expected: readonly string[], called: readonly string[]): boolean {
  let j = 0;
  for (const c of called) if (j < expected.length && c === expected[j]) j++;
  return j === expected.length;
}

/** Plan checks. `toolsCalled` is null in plan-only mode (the tools check is then skipped). */
export function planChecks(c: EvalCase, plan: ObservedPlan, toolsCalled: readonly string[] | null): Check[] {
  const e = c.expect;
  const out: Check[] = [];
  if (e.task_type !== undefined) out.push(eq('task_type', e.task_type, plan.task_type, plan.task_type === e.task_type));
  if (e.target !== undefined) out.push(eq('target', e.target, plan.target, plan.target === e.target));
  if (e.metric !== undefined) out.push(eq('metric', e.metric, plan.metric, plan.metric === e.metric));
  if (e.text_columns !== undefined) out.push(eq('text_columns', e.text_columns, plan.text_columns, plan.text_columns !== null && sameSet(e.text_columns, plan.text_columns)));
  if (e.excluded_columns !== undefined) {
    out.push(eq('excluded_columns', e.excluded_columns, plan.excluded_columns, plan.excluded_columns !== null && sameSet(e.excluded_columns, plan.excluded_columns)));
  }
  if (e.budget_seconds !== undefined && plan.budget_seconds !== null) {
    out.push(eq('budget_seconds', e.budget_seconds, plan.budget_seconds, Math.abs(plan.budget_seconds - e.budget_seconds) < 1e-6));
  }
  if (e.include_learners !== undefined) {
    out.push(eq('include_learners', e.include_learners, plan.include_learners, plan.include_learners !== null && sameSet(e.include_learners, plan.include_learners)));
  }
  if (e.tools !== undefined && toolsCalled !== null) {
    const ok = isOrderedSubsequence(e.tools, toolsCalled);
    out.push({ name: 'tools', ok, expected: e.tools, actual: [...toolsCalled], detail: ok ? undefined : `tools: expected ${fmt(e.tools)} in order, called ${fmt(toolsCalled)}` });
  }
  return out;
}

export interface ObservedResult {
  /** null when the task finished; else the error that stopped it. */
  error: { code: string; message: string } | null;
  test_metrics: Record<string, number | null> | null;
  /** Metric the plan used (the score falls back to it when the case names none). */
  plan_metric: string | null;
  artifacts: Partial<Record<ArtifactKind, string | null>>;
  /** Artifact paths that exist on disk. */
  existing: ReadonlySet<string>;
  wall_seconds: number;
}

export interface Score {
  metric: string | null;
  value: number | null;
  threshold: number | null;
  /** Which expectation the threshold came from; null without one. */
  threshold_kind: 'min_score' | 'max_score' | null;
  lower_is_better: boolean;
  /** value / min_score (or max_score / value), clipped to [0, NORMALISED_CAP]; null without a threshold. */
  normalised: number | null;
}

/** A case far above its threshold counts at most this much in the mean normalised score. */
export const NORMALISED_CAP = 1.5;

/**
 * The threshold's direction does not fit the metric: min_score on a lower-is-better metric or
 * max_score on a higher-is-better one. Only possible when the case leaves the metric to the plan
 * (parseSuite rejects it when expect.metric is given); the score check then fails, it is not skipped.
 */
export function thresholdMisfit(s: Score): boolean {
  return s.metric !== null && Boolean(s.threshold_kind) && (s.threshold_kind === 'max_score') !== s.lower_is_better;
}

export function scoreOf(c: EvalCase, r: ObservedResult): Score {
  const metric = c.expect.metric ?? r.plan_metric;
  const lower = metric !== null && LOWER_IS_BETTER.includes(metric);
  const kind = c.expect.min_score !== undefined ? 'min_score' : c.expect.max_score !== undefined ? 'max_score' : null;
  const threshold = kind === null ? null : (c.expect[kind] ?? null);
  const raw = metric && r.test_metrics ? r.test_metrics[metric] : null;
  const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
  const score: Score = { metric, value, threshold, threshold_kind: kind, lower_is_better: lower, normalised: null };
  if (threshold !== null) {
    let n: number;
    if (value === null || thresholdMisfit(score)) n = 0;
    else if (lower) n = value <= 0 ? NORMALISED_CAP : threshold / value;
    else n = threshold <= 0 ? (value >= threshold ? 1 : 0) : value / threshold;
    score.normalised = Math.min(NORMALISED_CAP, Math.max(0, n));
  }
  return score;
}

/** Whether the score reached its threshold; null when there is no threshold. */
export function scoreHeld(s: Score): boolean | null {
  if (s.threshold === null) return null;
  if (s.value === null || thresholdMisfit(s)) return false;
  return s.lower_is_better ? s.value <= s.threshold : s.value >= s.threshold;
}

/**
 * The score against its threshold as the scorecard and the failure reason both show it, with the
 * same rounding: "mae 23635.6 <= 53000" when it held, "mae 23635.6 > 1" when it did not.
 */
export function scoreText(s: Score): string {
  if (s.metric === null) return '-';
  const v = s.value === null ? 'n/a' : formatNum(s.value);
  if (s.threshold === null) return `${s.metric} ${v}`;
  const t = formatNum(s.threshold);
  if (thresholdMisfit(s)) return `${s.metric} ${v} vs ${s.threshold_kind} ${t}`;
  if (s.value === null) return `${s.metric} n/a (${s.lower_is_better ? 'max' : 'min'} ${t})`;
  const held = scoreHeld(s);
  return `${s.metric} ${v} ${s.lower_is_better ? (held ? '<=' : '>') : held ? '>=' : '<'} ${t}`;
}

function scoreDetail(s: Score): string {
  if (thresholdMisfit(s)) {
    const [dir, use] = s.lower_is_better ? ['lower', 'max_score'] : ['higher', 'min_score'];
    return `score: ${s.threshold_kind} given, but ${s.metric} is ${dir}-is-better: use ${use}`;
  }
  return s.value === null ? `score: no test ${s.metric ?? 'metric'}` : `score: ${scoreText(s)}`;
}

export function resultChecks(c: EvalCase, r: ObservedResult, score: Score): Check[] {
  const out: Check[] = [];
  out.push({ name: 'finished', ok: r.error === null, expected: 'succeeded', actual: r.error ? r.error.code : 'succeeded', detail: r.error ? `task failed: ${r.error.code}: ${r.error.message.slice(0, 200)}` : undefined });
  const held = scoreHeld(score);
  if (held !== null) {
    const rel = score.threshold_kind === 'max_score' ? '<=' : '>=';
    out.push({ name: 'score', ok: held, expected: `${score.metric} ${rel} ${score.threshold}`, actual: score.value, detail: held ? undefined : scoreDetail(score) });
  }
  for (const kind of c.expect.artifacts ?? []) {
    const p = r.artifacts[kind] ?? null;
    const ok = p !== null && r.existing.has(p);
    out.push({ name: `artifact:${kind}`, ok, expected: 'a file', actual: p, detail: ok ? undefined : `artifact ${kind}: ${p === null ? 'not produced' : `missing on disk (${p})`}` });
  }
  const limit = wallLimit(c.budget_seconds);
  const inTime = r.wall_seconds <= limit;
  out.push({ name: 'budget', ok: inTime, expected: `<= ${round(limit)} s`, actual: round(r.wall_seconds), detail: inTime ? undefined : `budget: took ${round(r.wall_seconds)} s, limit ${round(limit)} s (budget ${c.budget_seconds} s)` });
  return out;
}

export function round(x: number, digits = 4): number {
  return Number(x.toPrecision(digits));
}
