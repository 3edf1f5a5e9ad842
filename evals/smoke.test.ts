/**
 * The smoke suite (evals/smoke.jsonl, on the shipped examples) run through the real runner with
 * the offline planner, plus the `askml eval` command: exit codes, results JSON, known failures.
 * Small budgets: the whole file stays well under a minute.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuite, saveSuiteResult, defaultResultsPath, type SuiteResult } from './runner.js';
import { renderScorecard } from './scorecard.js';
import { main } from '../src/cli/main.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const smoke = path.join(here, 'smoke.jsonl');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'askml-smoke-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('evals/smoke.jsonl with the offline planner', () => {
  let result: SuiteResult;
  beforeAll(async () => {
    result = await runSuite({ suitePath: smoke, planner: 'offline', workspaceRoot: tmp, isolate: false });
  }, 120_000);

  it('passes every case: plan, score, artifacts, budget', () => {
    const failed = result.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.reasons.join('; ')}`);
    expect(failed).toEqual([]);
    expect(result.summary).toMatchObject({ cases: 6, passed: 6, failed: 0, success_rate: 1, plan_accuracy: 1, plan_field_accuracy: 1, result_rate: 1 });
    expect(result.summary.mean_normalised_score).toBeGreaterThan(1);
  });

  it('records what was checked and what was reached', () => {
    const news = result.cases.find((c) => c.id === 'news-zh-classify')!;
    expect(news.plan).toMatchObject({ task_type: 'multiclass', target: 'category', metric: 'macro_f1', text_columns: ['title'] });
    expect(news.score!.value).toBeGreaterThanOrEqual(0.92);
    expect(news.calls.map((c) => c.tool)).toEqual(['profile_data', 'engineer_features', 'search_model', 'evaluate', 'export_model', 'report']);
    const house = result.cases.find((c) => c.id === 'house-zh-mae-budget')!;
    // The instruction's "两分钟内完成" is read as 120 s; the runner capped the run at the case's 5 s.
    expect(house.plan_checks.find((c) => c.name === 'budget_seconds')).toMatchObject({ ok: true, actual: 120 });
    expect(house.plan!.excluded_columns).toEqual(['district']);
    expect(house.score).toMatchObject({ metric: 'mae', lower_is_better: true });
    for (const c of result.cases) expect(c.wall_seconds).toBeLessThan(5 + 2 + 10);
    // Workspaces are temporary.
    expect(result.cases.every((c) => c.workspace === null)).toBe(true);
  });

  it('saves JSON that reads back, and renders a scorecard', () => {
    const file = saveSuiteResult(result, path.join(tmp, 'out', 'smoke.json'));
    const back = JSON.parse(readFileSync(file, 'utf8')) as SuiteResult;
    expect(back.summary).toEqual(result.summary);
    expect(back.cases.map((c) => c.id)).toEqual(['news-zh-classify', 'news-en-accuracy', 'churn-zh-exclude', 'churn-en-f1', 'house-en-rmse', 'house-zh-mae-budget']);
    const card = renderScorecard(result);
    expect(card).toMatch(/success rate\s+100\.0%/);
    expect(card).toMatch(/plan accuracy\s+100\.0% of cases/);
    expect(card).toContain('churn-en-f1');
    expect(defaultResultsPath(smoke, 'run', new Date('2026-01-02T03:04:05.678Z'))).toBe(path.join(here, 'results', 'smoke-20260102T030405Z.json'));
  });
});

describe('askml eval (command)', () => {
  const write = (name: string, lines: object[]) => {
    const p = path.join(tmp, name);
    writeFileSync(p, lines.map((l) => JSON.stringify(l)).join('\n'));
    return p;
  };
  const churn = path.resolve(here, '../examples/churn.csv');
  const base = { data: { file: churn }, budget_seconds: 5, tags: ['t'] };

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      const code = await main(args);
      return { code, out, err };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it('--plan-only --filter: exit 0, scorecard on stdout, JSON saved to --out', async () => {
    const out = path.join(tmp, 'plan.json');
    const r = await cli(['eval', smoke, '--plan-only', '--filter', 'zh', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/cases\s+3: 3 passed, 0 failed/);
    const saved = JSON.parse(readFileSync(out, 'utf8')) as SuiteResult;
    expect(saved.mode).toBe('plan-only');
    expect(saved.tags).toEqual(['zh']);
    expect(saved.cases.map((c) => c.id)).toEqual(['news-zh-classify', 'churn-zh-exclude', 'house-zh-mae-budget']);
    expect(saved.cases.every((c) => c.result_ok === null && c.calls.length === 0)).toBe(true);
  });

  it('a wrong expectation fails the suite (exit 1) with the reason; marked xfail it does not', async () => {
    const wrong = { ...base, id: 'wrong-target', instruction: 'predict churned', expect: { target: 'region' } };
    const r = await cli(['eval', write('wrong.jsonl', [wrong]), '--plan-only', '--out', path.join(tmp, 'w.json')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("target: expected 'region', got 'churned'");
    const known = await cli(['eval', write('known.jsonl', [{ ...wrong, xfail: 'demo' }]), '--plan-only', '--json', '--out', path.join(tmp, 'k.json')]);
    expect(known.code).toBe(0);
    const json = JSON.parse(known.out) as SuiteResult;
    expect(json.cases[0]).toMatchObject({ status: 'xfail', passed: false, xfail: 'demo' });
    expect(json.summary).toMatchObject({ failed: 1, unexpected_failures: 0, xfail: 1, success_rate: 0 });
  });

  it('runs real cases in a child process by default and reads their results back', async () => {
    const house = path.resolve(here, '../examples/house-prices.csv');
    const one = { id: 'iso', instruction: 'predict the price', data: { file: house }, budget_seconds: 2, tags: [], expect: { target: 'price', metric: 'rmse', max_score: 60000, tools: ['search_model', 'evaluate'], artifacts: ['report'] } };
    const r = await runSuite({ suitePath: write('iso.jsonl', [one]), planner: 'offline', workspaceRoot: tmp });
    expect(r.cases[0].reasons).toEqual([]);
    expect(r.cases[0]).toMatchObject({ status: 'pass', plan: { target: 'price', task_type: 'regression' }, score: { metric: 'rmse' } });
    expect(r.cases[0].calls.map((c) => c.tool)).toContain('export_model');
  }, 60_000);

  it('a stop signal (Ctrl-C) stops the running case process and starts no other; the cases that ran are returned (audit)', async () => {
    const house = path.resolve(here, '../examples/house-prices.csv');
    const one = (id: string) => ({ id, instruction: 'predict the price', data: { file: house }, budget_seconds: 30, tags: [], expect: { target: 'price' } });
    const stop = new AbortController();
    const t0 = Date.now();
    const r = await runSuite({ suitePath: write('stop.jsonl', [one('s1'), one('s2')]), planner: 'offline', workspaceRoot: tmp, signal: stop.signal, onStart: () => setTimeout(() => stop.abort(), 1500) });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.cases.map((c) => c.id)).toEqual(['s1']);
    expect(r.cases[0].reasons).toEqual(['stopped by Ctrl-C before it finished']);
    expect(readdirSync(tmp).filter((f) => f.startsWith('askml-eval-job-'))).toEqual([]);
  }, 30_000);

  it('reports a missing data file as bad input before any case runs, and bad flags as usage errors', async () => {
    const gone = { ...base, id: 'gone', instruction: 'x', data: { file: 'nope.csv' }, expect: {} };
    const fine = { ...base, id: 'fine', instruction: 'predict churned', expect: { target: 'churned' } };
    const r = await cli(['eval', write('gone.jsonl', [fine, gone]), '--plan-only', '--out', path.join(tmp, 'g.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: gone.jsonl: 1 data file not found: line 2 (gone): 'nope.csv' (${path.join(tmp, 'nope.csv')}). Data paths are relative to the suite file's folder (${tmp}).\n`);
    expect(r.out).toBe('');
    expect(existsSync(path.join(tmp, 'g.json'))).toBe(false);
    expect((await cli(['eval', smoke, '--planner', 'gpt'])).code).toBe(2);
    const llmPlanOnly = await cli(['eval', smoke, '--planner', 'llm', '--plan-only']);
    expect(llmPlanOnly.code).toBe(2);
    expect(llmPlanOnly.err).toContain('--plan-only checks the offline planner only');
    expect((await cli(['eval', path.join(tmp, 'missing.jsonl')])).err).toContain("Eval suite '");
  });

  it('suite errors name the suite fields, not the CLI flags (budget_seconds, not --budget)', async () => {
    const { budget_seconds: _, ...noBudget } = { ...base, id: 'nb', instruction: 'predict churned', expect: {} };
    const r = await cli(['eval', write('nb.jsonl', [noBudget]), '--plan-only', '--out', path.join(tmp, 'nb.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: nb.jsonl line 1: budget_seconds is required (a number of seconds). See evals/README.md for the case format.\n');
    const neg = await cli(['eval', write('neg.jsonl', [{ ...base, id: 'neg', instruction: 'x', expect: { budget_seconds: -3 } }]), '--plan-only', '--json']);
    expect(neg.code).toBe(2);
    expect(neg.err).toContain('line 1: expect.budget_seconds: Too small');
    expect(JSON.parse(neg.out).error).toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('expect.budget_seconds') });
    // under a second: a suite error now, not an INTERNAL dump when the case runs (audit)
    const small = await cli(['eval', write('small.jsonl', [{ ...base, id: 'small', instruction: 'predict churned', budget_seconds: 0.3, expect: {} }]), '--plan-only']);
    expect(small.code).toBe(2);
    expect(small.err).toBe('error: small.jsonl line 1: budget_seconds: must be at least 1 (a search budget in seconds). See evals/README.md for the case format.\n');
  });

  it('--out replaces an earlier results file only: never the suite or a data file (audit: it overwrote examples/churn.csv)', async () => {
    const suite = write('out.jsonl', [{ ...base, id: 'o', instruction: 'predict churned', expect: { target: 'churned' } }]);
    const data = path.join(tmp, 'data-copy.csv');
    writeFileSync(data, 'a,b\n1,2\n');
    const r = await cli(['eval', suite, '--plan-only', '--out', data]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('already exists and is not an askml eval results file; it is left untouched.');
    expect(readFileSync(data, 'utf8')).toBe('a,b\n1,2\n');
    expect((await cli(['eval', suite, '--plan-only', '--out', suite])).err).toContain('is the suite file itself');
    const res = path.join(tmp, 'res.json');
    expect((await cli(['eval', suite, '--plan-only', '--out', res])).code).toBe(0);
    expect((await cli(['eval', suite, '--plan-only', '--out', res])).code).toBe(0); // an earlier results file is replaced
  });

  it('a filter that selects no case is bad input (exit 2) naming the filter and the tags', async () => {
    const one = { ...base, id: 'one', instruction: 'predict churned', expect: { target: 'churned' }, tags: ['zh', 'ci'] };
    const r = await cli(['eval', write('f.jsonl', [one]), '--plan-only', '--filter', 'ci,!zh', '--out', path.join(tmp, 'f.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("The filter 'ci,!zh' selects none of the suite's 1 cases");
    expect(r.err).toContain('Valid choices: ci, zh.');
    expect(existsSync(path.join(tmp, 'f.json'))).toBe(false);
  });

  it('--plan-only marks cases with nothing to check SKIP and keeps them out of the rates', async () => {
    const checked = { ...base, id: 'checked', instruction: 'predict churned', expect: { target: 'churned' } };
    const empty = { ...base, id: 'empty', instruction: 'predict churned', expect: {} };
    const resultOnly = { ...base, id: 'result-only', instruction: 'predict churned', expect: { min_score: 0.5, artifacts: ['report'] } };
    const r = await cli(['eval', write('skip.jsonl', [checked, empty, resultOnly]), '--plan-only', '--out', path.join(tmp, 's.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^empty\s+SKIP\s+-\s+[\d.]+\s+nothing to check: expect is empty$/m);
    expect(r.out).toMatch(/^result-only\s+SKIP\s+-\s+[\d.]+\s+nothing to check without training: min_score, artifacts are checked in real runs only$/m);
    expect(r.out).toContain('cases            3: 1 passed, 0 failed (0 unexpected, 0 known weaknesses marked xfail), 2 skipped: nothing to check without training');
    expect(r.out).toContain('success rate     100.0% of 1 checked cases');
    const saved = JSON.parse(readFileSync(path.join(tmp, 's.json'), 'utf8')) as SuiteResult;
    expect(saved.cases.map((c) => c.status)).toEqual(['pass', 'skip', 'skip']);
    expect(saved.summary).toMatchObject({ cases: 3, passed: 1, failed: 0, skipped: 2, success_rate: 1, plan_accuracy: 1 });
  });

  it('--workspace (or $ASKML_WORKSPACE) holds the case workspaces, kept there with --keep', async () => {
    const one = { ...base, id: 'kept', instruction: 'predict churned', expect: { target: 'churned' } };
    const suite = write('ws.jsonl', [one]);
    const ws = path.join(tmp, 'ws-flag', 'sub');
    const r = await cli(['eval', suite, '--plan-only', '--keep', '--workspace', ws, '--out', path.join(tmp, 'ws.json')]);
    expect(r.code).toBe(0);
    const kept = readdirSync(ws).filter((f) => f.startsWith('askml-eval-kept-'));
    expect(kept).toHaveLength(1);
    expect(r.err).toContain(`PASS kept (`);
    expect(r.err).toContain(`(workspace ${path.join(ws, kept[0])})`);
    const env = path.join(tmp, 'ws-env');
    const before = process.env.ASKML_WORKSPACE;
    process.env.ASKML_WORKSPACE = env;
    try {
      expect((await cli(['eval', suite, '--plan-only', '--keep', '--out', path.join(tmp, 'ws.json')])).code).toBe(0);
    } finally {
      if (before === undefined) delete process.env.ASKML_WORKSPACE;
      else process.env.ASKML_WORKSPACE = before;
    }
    expect(readdirSync(env).filter((f) => f.startsWith('askml-eval-kept-'))).toHaveLength(1);
  });
});
