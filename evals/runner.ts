/**
 * Run a suite: load and filter the cases, run each in its own workspace (one at a time: the
 * budgets are wall-clock and the machine is shared), aggregate a summary, and save everything as
 * JSON so two versions of askml can be compared case by case.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../src/util/fs.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { filterCases, loadSuite, requireDataFiles, type LoadedCase } from './case.js';
import { round } from './checks.js';
import { runCaseIsolated } from './isolate.js';
import { runCase, type CaseResult, type RunCaseOptions } from './run-case.js';

export interface RunSuiteOptions extends RunCaseOptions {
  suitePath: string;
  /** Keep cases carrying all these tags ('!tag': without it). */
  tags?: string[];
  /** Called after each case (for live output). */
  onCase?: (r: CaseResult, index: number, total: number) => void;
  /**
   * Run each case of a real run in its own process (default true), so a crash or a leak in one
   * case cannot end the suite. Plan-only runs and runs with a `model` object stay in-process.
   */
  isolate?: boolean;
  /** Called before each case. */
  onStart?: (c: LoadedCase, index: number, total: number) => void;
  /**
   * Ctrl-C: the running case's process is stopped (its result says so), no further case starts,
   * and the result holds the cases that ran (`stopped: true`).
   */
  signal?: AbortSignal;
}

export interface SuiteSummary {
  cases: number;
  /** Cases whose every check passed (xpass included). */
  passed: number;
  /** Cases that failed, known weaknesses (xfail) included. */
  failed: number;
  /** --plan-only cases with nothing to check (status skip): not in `passed` or `failed`, nor in any rate. */
  skipped: number;
  /** Failures not marked as known weaknesses: these fail the suite. */
  unexpected_failures: number;
  xfail: number;
  xpass: number;
  /** passed / checked cases (cases - skipped; a known weakness counts as a failure here). */
  success_rate: number;
  /** Cases whose every plan check passed, / checked cases. */
  plan_accuracy: number;
  /** Plan checks passed / plan checks made (per field). */
  plan_field_accuracy: number;
  /** Per plan field: [passed, made]. */
  plan_fields: Record<string, [number, number]>;
  /** Cases whose every result check passed, / cases (null in plan-only mode). */
  result_rate: number | null;
  /** Mean of the cases' normalised scores (see checks.ts), over cases with a threshold. */
  mean_normalised_score: number | null;
  total_seconds: number;
}

export interface SuiteResult {
  suite: string;
  mode: 'plan-only' | 'run';
  planner: 'offline' | 'llm';
  tags: string[];
  askml_version: string;
  git_commit: string | null;
  started_at: string;
  finished_at: string;
  summary: SuiteSummary;
  cases: CaseResult[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

function version(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export function summarize(all: readonly CaseResult[], totalSeconds: number, planOnly: boolean): SuiteSummary {
  const cases = all.filter((c) => c.status !== 'skip');
  const n = cases.length;
  const passed = cases.filter((c) => c.passed).length;
  const fields: Record<string, [number, number]> = {};
  for (const c of cases) {
    for (const ch of c.plan_checks) {
      const f = (fields[ch.name] ??= [0, 0]);
      f[1]++;
      if (ch.ok) f[0]++;
    }
  }
  const made = Object.values(fields).reduce((s, f) => s + f[1], 0);
  const ok = Object.values(fields).reduce((s, f) => s + f[0], 0);
  const norms = cases.map((c) => c.score?.normalised).filter((x): x is number => typeof x === 'number');
  const rate = (k: number) => (n === 0 ? 0 : round(k / n));
  return {
    cases: all.length,
    passed,
    failed: n - passed,
    skipped: all.length - n,
    unexpected_failures: cases.filter((c) => c.status === 'fail').length,
    xfail: cases.filter((c) => c.status === 'xfail').length,
    xpass: cases.filter((c) => c.status === 'xpass').length,
    success_rate: rate(passed),
    plan_accuracy: rate(cases.filter((c) => c.plan_ok).length),
    plan_field_accuracy: made === 0 ? 1 : round(ok / made),
    plan_fields: fields,
    result_rate: planOnly ? null : rate(cases.filter((c) => c.result_ok === true).length),
    mean_normalised_score: norms.length === 0 ? null : round(norms.reduce((s, x) => s + x, 0) / norms.length),
    total_seconds: round(totalSeconds),
  };
}

export async function runSuite(o: RunSuiteOptions): Promise<SuiteResult> {
  const started = new Date();
  const t0 = performance.now();
  const cases = filterCases(loadSuite(o.suitePath), o.tags ?? []);
  requireDataFiles(cases, o.suitePath);
  const results: CaseResult[] = [];
  for (const [i, c] of cases.entries()) {
    if (o.signal?.aborted) break;
    o.onStart?.(c, i, cases.length);
    const isolated = (o.isolate ?? true) && !o.planOnly && !o.model;
    const caseOptions: RunCaseOptions = { planner: o.planner, planOnly: o.planOnly, model: o.model, workspaceRoot: o.workspaceRoot, keepWorkspace: o.keepWorkspace, parallelism: o.parallelism };
    const r = isolated ? await runCaseIsolated(c, caseOptions, o.signal) : await runCase(c, caseOptions);
    results.push(r);
    o.onCase?.(r, i, cases.length);
  }
  return {
    suite: path.relative(process.cwd(), path.resolve(o.suitePath)) || o.suitePath,
    mode: o.planOnly ? 'plan-only' : 'run',
    planner: o.planner,
    tags: o.tags ?? [],
    askml_version: version(),
    git_commit: gitCommit(),
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    summary: summarize(results, (performance.now() - t0) / 1000, Boolean(o.planOnly)),
    cases: results,
  };
}

/** Default results file: <suite dir>/results/<suite>-<mode>-<timestamp>.json (gitignored). */
export function defaultResultsPath(suitePath: string, mode: SuiteResult['mode'], at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const name = path.basename(suitePath).replace(/\.jsonl$/i, '');
  return path.join(path.dirname(path.resolve(suitePath)), 'results', `${name}-${mode === 'plan-only' ? 'plan-' : ''}${stamp}.json`);
}

export function saveSuiteResult(result: SuiteResult, file: string): string {
  const abs = path.resolve(file);
  mkdirSync(path.dirname(abs), { recursive: true });
  // Atomic: a full disk or a kill leaves the earlier results file whole, not half of the new one.
  writeFileAtomic(abs, `${JSON.stringify(result, null, 2)}\n`);
  return abs;
}
