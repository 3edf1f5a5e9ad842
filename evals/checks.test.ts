import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { filterCases, loadSuite, parseSuite, requireDataFiles, type LoadedCase } from './case.js';
import { isOrderedSubsequence, planChecks, resultChecks, scoreOf, scoreText, wallLimit, FIXED_OVERHEAD_SECONDS, type ObservedPlan, type ObservedResult } from './checks.js';
import { summarize, type SuiteResult } from './runner.js';
import { observedFromCalls, type CaseResult } from './run-case.js';
import { caseLine, renderScorecard } from './scorecard.js';
import type { Plan } from '../src/agent/plan.js';
import { AskmlError } from '../src/errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const line = (o: Record<string, unknown>) => JSON.stringify({ id: 'c1', instruction: 'predict y', data: { file: 'd.csv' }, expect: {}, budget_seconds: 5, ...o });

function oneCase(o: Record<string, unknown>): LoadedCase {
  return parseSuite(line(o), '/suites/s.jsonl')[0];
}

const plan: ObservedPlan = { task_type: 'binary', target: 'churned', metric: 'accuracy', text_columns: [], excluded_columns: ['customer_id'], budget_seconds: 120, include_learners: null };

describe('suite files', () => {
  it('resolves data paths against the suite file and fills defaults', () => {
    const [a, b] = parseSuite(
      [line({ id: 'a', data: { file: '../data/x.csv', split: '../data/x.split.json' } }), '', '// a comment', line({ id: 'b', data: { train: 'tr.csv', test: 'te.csv' } })].join('\n'),
      '/work/evals/s.jsonl',
    );
    expect(a.files).toEqual({ dataset: '/work/data/x.csv', test: null, splitFile: '/work/data/x.split.json' });
    expect(b.files).toEqual({ dataset: '/work/evals/tr.csv', test: '/work/evals/te.csv', splitFile: null });
    expect([a.seed, a.tags, a.line, b.line]).toEqual([0, [], 1, 4]);
  });

  it('rejects bad lines with the line number and the field', () => {
    expect(() => parseSuite('{"id": "x"', 's.jsonl')).toThrow(/s\.jsonl line 1 is not valid JSON/);
    expect(() => parseSuite(line({ budget_seconds: -1 }), 's.jsonl')).toThrow(/line 1: budget_seconds/);
    expect(() => parseSuite(line({ expect: { metric: 'f1' } }), 's.jsonl')).toThrow(/expect\.metric/);
    expect(() => parseSuite(line({ expect: { metric: 'rmse', min_score: 3 } }), 's.jsonl')).toThrow(/use max_score/);
    expect(() => parseSuite(line({ extra: 1 }), 's.jsonl')).toThrow(/extra/);
    expect(() => parseSuite([line({}), line({})].join('\n'), 's.jsonl')).toThrow(/line 2: duplicate case id 'c1'/);
  });

  it('names the suite field and says what a missing required field holds', () => {
    const msg = (text: string) => {
      try {
        parseSuite(text, 's.jsonl');
      } catch (e) {
        return (e as AskmlError).message;
      }
      return 'parsed';
    };
    expect(msg(['', line({ budget_seconds: undefined })].join('\n'))).toBe('s.jsonl line 2: budget_seconds is required (a number of seconds).');
    expect(msg(line({ expect: undefined }))).toBe('s.jsonl line 1: expect is required (an object; {} checks only that the task finishes in time).');
    expect(msg(line({ expect: { budget_seconds: -3 } }))).toBe('s.jsonl line 1: expect.budget_seconds: Too small: expected number to be >0.');
    expect(msg(line({ data: {} }))).toBe('s.jsonl line 1: data must be {"file": PATH} with an optional "split": PATH, or {"train": PATH, "test": PATH}.');
  });

  it('a filter that selects no case is an input error naming the filter and the valid tags', () => {
    const cases = parseSuite([line({ id: 'a', tags: ['zh', 'ci'] }), line({ id: 'b', tags: ['en'] })].join('\n'), 's.jsonl');
    let err: unknown;
    try {
      filterCases(cases, ['zh', 'en']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).describe()).toBe(
      "The filter 'zh,en' selects none of the suite's 2 cases: a case must carry every tag given and none of the '!' ones. Tags combine with AND: drop one, or run each tag on its own. Valid choices: ci, en, zh.",
    );
    expect(() => filterCases(cases, ['ci', '!zh'])).toThrow(/The filter 'ci,!zh' selects none/);
  });

  it('missing data and split files are an input error with the suite line and the path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-evals-'));
    writeFileSync(path.join(dir, 'd.csv'), 'x,y\n1,2\n');
    const suite = path.join(dir, 's.jsonl');
    const cases = parseSuite([line({ id: 'ok' }), line({ id: 'typo', data: { file: 'd.cvs' } }), line({ id: 'nosplit', data: { file: 'd.csv', split: 'd.split.json' } })].join('\n'), suite);
    expect(() => requireDataFiles(cases.slice(0, 1), suite)).not.toThrow();
    let err: unknown;
    try {
      requireDataFiles(cases, suite);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('FILE_NOT_FOUND');
    expect((err as AskmlError).message).toBe(
      `s.jsonl: 2 data files not found: line 2 (typo): 'd.cvs' (${path.join(dir, 'd.cvs')}); line 3 (nosplit): 'd.split.json' (${path.join(dir, 'd.split.json')}).`,
    );
  });

  it('the case in evals/README.md is one line per case, parses, and its data ships', () => {
    const readme = readFileSync(path.join(here, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const cases = parseSuite(block, path.join(here, 'readme-example.jsonl'));
      expect(cases.length).toBe(block.trim().split('\n').length);
      expect(() => requireDataFiles(cases, path.join(here, 'readme-example.jsonl'))).not.toThrow();
    }
  });

  it('filters by tags, with !tag to exclude, and names unknown tags', () => {
    const cases = parseSuite([line({ id: 'a', tags: ['zh', 'ci'] }), line({ id: 'b', tags: ['en', 'ci'] }), line({ id: 'c', tags: ['en'] })].join('\n'), 's.jsonl');
    expect(filterCases(cases, ['ci']).map((c) => c.id)).toEqual(['a', 'b']);
    expect(filterCases(cases, ['en', '!ci']).map((c) => c.id)).toEqual(['c']);
    let err: unknown;
    try {
      filterCases(cases, ['fr']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).describe()).toBe("No case in the suite has tag 'fr'. Valid choices: ci, en, zh.");
  });

  it('the shipped suites parse, have unique ids, and shared.jsonl is half zh, half en with 40+ cases', () => {
    const smoke = loadSuite(path.join(here, 'smoke.jsonl'));
    expect(smoke.length).toBeGreaterThanOrEqual(5);
    for (const c of smoke) expect(c.files.dataset).toMatch(/examples[/\\][a-z-]+\.csv$/);
    const shared = loadSuite(path.join(here, 'shared.jsonl'));
    expect(shared.length).toBeGreaterThanOrEqual(40);
    const zh = shared.filter((c) => c.tags.includes('zh')).length;
    const en = shared.filter((c) => c.tags.includes('en')).length;
    expect(zh + en).toBe(shared.length);
    expect(Math.abs(zh - en)).toBeLessThanOrEqual(2);
    for (const c of shared) expect(c.files.dataset.startsWith(path.resolve(here, '../../shared/data'))).toBe(true);
    const ci = shared.filter((c) => c.tags.includes('ci'));
    expect(ci.length).toBeGreaterThanOrEqual(5);
    expect(ci.every((c) => c.budget_seconds <= 20 && !c.xfail)).toBe(true);
  });
});

describe('plan checks', () => {
  it('passes a matching plan and ignores column order', () => {
    const c = oneCase({ expect: { task_type: 'binary', target: 'churned', metric: 'accuracy', excluded_columns: ['customer_id'], text_columns: [], budget_seconds: 120 } });
    const checks = planChecks(c, plan, null);
    expect(checks.map((x) => [x.name, x.ok])).toEqual([['task_type', true], ['target', true], ['metric', true], ['text_columns', true], ['excluded_columns', true], ['budget_seconds', true]]);
  });

  it('fails each wrong field with a readable reason', () => {
    const c = oneCase({ expect: { target: 'plan', metric: 'macro_f1', excluded_columns: ['customer_id', 'region'] } });
    const bad = planChecks(c, plan, null).filter((x) => !x.ok).map((x) => x.detail);
    expect(bad).toEqual([
      "target: expected 'plan', got 'churned'",
      "metric: expected 'macro_f1', got 'accuracy'",
      'excluded_columns: expected [customer_id, region], got [customer_id]',
    ]);
  });

  it('checks tools as an ordered subsequence, skipped in plan-only mode', () => {
    expect(isOrderedSubsequence(['a', 'c'], ['a', 'b', 'c'])).toBe(true);
    expect(isOrderedSubsequence(['c', 'a'], ['a', 'b', 'c'])).toBe(false);
    expect(isOrderedSubsequence(['a', 'a'], ['a'])).toBe(false);
    const c = oneCase({ expect: { tools: ['profile_data', 'search_model', 'evaluate'] } });
    expect(planChecks(c, plan, null)).toEqual([]);
    expect(planChecks(c, plan, ['profile_data', 'search_model', 'report'])[0]).toMatchObject({ name: 'tools', ok: false });
    expect(planChecks(c, plan, ['profile_data', 'engineer_features', 'search_model', 'evaluate'])[0].ok).toBe(true);
  });

  it('reads the executed plan from the tool arguments (an LLM may not follow the draft)', () => {
    const draft = { task_type: 'binary', target: 'churned', metric: 'accuracy', text_columns: [], excluded_columns: ['customer_id'], include_learners: null } as unknown as Plan;
    const seen = observedFromCalls(draft, { search_model: { target: 'region', task: 'multiclass', metric: 'macro_f1', include_learners: ['gbdt'] } }, null)!;
    expect(seen).toMatchObject({ target: 'region', task_type: 'multiclass', metric: 'macro_f1', include_learners: ['gbdt'], excluded_columns: [] });
    const withFeatures = observedFromCalls(draft, { engineer_features: { exclude_columns: ['age'], text_columns: [] }, search_model: { target: 'churned' } }, 30)!;
    expect(withFeatures).toMatchObject({ target: 'churned', excluded_columns: ['age'], budget_seconds: 30 });
  });
});

describe('result checks and scores', () => {
  const result = (o: Partial<ObservedResult>): ObservedResult => ({
    error: null, test_metrics: { accuracy: 0.9, rmse: 50 }, plan_metric: 'accuracy', artifacts: { report: '/r.html', onnx: null }, existing: new Set(['/r.html']), wall_seconds: 3, ...o,
  });

  it('scores higher-is-better against min_score and normalises with a cap', () => {
    const c = oneCase({ expect: { metric: 'accuracy', min_score: 0.8 } });
    const s = scoreOf(c, result({}));
    expect(s).toMatchObject({ metric: 'accuracy', value: 0.9, threshold: 0.8, lower_is_better: false });
    expect(s.normalised).toBeCloseTo(1.125, 6);
    expect(scoreOf(c, result({ test_metrics: { accuracy: 5 } })).normalised).toBe(1.5);
    expect(resultChecks(c, result({ test_metrics: { accuracy: 0.7 } }), scoreOf(c, result({ test_metrics: { accuracy: 0.7 } }))).find((x) => x.name === 'score')).toMatchObject({ ok: false, detail: 'score: accuracy 0.7 < 0.8' });
  });

  it('scores lower-is-better against max_score', () => {
    const c = oneCase({ expect: { metric: 'rmse', max_score: 60 } });
    const s = scoreOf(c, result({}));
    expect(s.normalised).toBeCloseTo(1.2, 6);
    expect(resultChecks(c, result({}), s).every((x) => x.ok)).toBe(true);
    const worse = result({ test_metrics: { rmse: 80 } });
    expect(scoreOf(c, worse).normalised).toBeCloseTo(0.75, 6);
    expect(resultChecks(c, worse, scoreOf(c, worse)).find((x) => x.name === 'score')!.ok).toBe(false);
  });

  it('a threshold that does not fit the plan\'s metric fails the case, it is not dropped', () => {
    const c = oneCase({ expect: { min_score: 0.99 } });
    const r = result({ plan_metric: 'rmse' });
    const s = scoreOf(c, r);
    expect(s).toMatchObject({ metric: 'rmse', value: 50, threshold: 0.99, threshold_kind: 'min_score', lower_is_better: true, normalised: 0 });
    expect(resultChecks(c, r, s).find((x) => x.name === 'score')).toMatchObject({ ok: false, detail: 'score: min_score given, but rmse is lower-is-better: use max_score' });
    expect(scoreText(s)).toBe('rmse 50 vs min_score 0.99');
    const high = oneCase({ expect: { max_score: 0.5 } });
    const hs = scoreOf(high, result({}));
    expect(resultChecks(high, result({}), hs).find((x) => x.name === 'score')).toMatchObject({ ok: false, detail: 'score: max_score given, but accuracy is higher-is-better: use min_score' });
    // Fitting the plan's metric, a threshold without expect.metric is checked as usual.
    const fits = oneCase({ expect: { max_score: 60 } });
    expect(resultChecks(fits, result({ plan_metric: 'rmse' }), scoreOf(fits, result({ plan_metric: 'rmse' }))).find((x) => x.name === 'score')!.ok).toBe(true);
  });

  it('the scorecard shows the score against its threshold as it came out, rounded as in the reason', () => {
    const c = oneCase({ expect: { metric: 'mae', max_score: 1 } });
    const r = result({ test_metrics: { mae: 23635.6123 } });
    const s = scoreOf(c, r);
    const detail = resultChecks(c, r, s).find((x) => x.name === 'score')!.detail;
    expect(detail).toBe('score: mae 23635.6 > 1');
    const caseResult = { id: 'h', status: 'fail', passed: false, mode: 'run', plan_ok: true, result_ok: false, reasons: [detail], plan_checks: [], score: s, best_learner: 'ridge', wall_seconds: 2, xfail: null } as unknown as CaseResult;
    expect(caseLine(caseResult, 0, 1)).toBe('[1/1] FAIL h (2.0 s) mae 23635.6 > 1: score: mae 23635.6 > 1');
    const summary = summarize([caseResult], 2, false);
    const card = renderScorecard({ suite: 's.jsonl', mode: 'run', planner: 'offline', tags: [], askml_version: '0', git_commit: null, started_at: '', finished_at: '', summary, cases: [caseResult] } as SuiteResult);
    expect(card).toContain('mae 23635.6 > 1');
    expect(card).not.toContain('<= 1');
    const held = scoreOf(c, result({ test_metrics: { mae: 0.5 } }));
    expect(scoreText(held)).toBe('mae 0.5 <= 1');
    expect(scoreText(scoreOf(oneCase({ expect: { metric: 'accuracy', min_score: 0.8 } }), result({ test_metrics: {} })))).toBe('accuracy n/a (min 0.8)');
  });

  it('fails missing artifacts, failed tasks and overrun budgets', () => {
    const c = oneCase({ budget_seconds: 10, expect: { artifacts: ['report', 'onnx'] } });
    expect(wallLimit(10)).toBe(12 + FIXED_OVERHEAD_SECONDS);
    expect(wallLimit(100)).toBe(105 + FIXED_OVERHEAD_SECONDS);
    const checks = resultChecks(c, result({ wall_seconds: 40, error: { code: 'BAD_TARGET', message: 'no' } }), scoreOf(c, result({})));
    expect(checks.filter((x) => !x.ok).map((x) => x.name)).toEqual(['finished', 'artifact:onnx', 'budget']);
  });

  it('summarises: success rate, plan accuracy per field, mean normalised score', () => {
    const mk = (id: string, status: CaseResult['status'], planOk: boolean, norm: number | null) =>
      ({
        id, passed: status === 'pass' || status === 'xpass', status, plan_ok: planOk, result_ok: true,
        plan_checks: [{ name: 'target', ok: planOk, expected: 'a', actual: 'a' }],
        score: norm === null ? null : { normalised: norm },
      }) as unknown as CaseResult;
    const s = summarize([mk('a', 'pass', true, 1.2), mk('b', 'xfail', false, 0.5), mk('c', 'fail', true, null)], 12.5, false);
    expect(s).toMatchObject({ cases: 3, passed: 1, failed: 2, unexpected_failures: 1, xfail: 1, plan_fields: { target: [2, 3] }, total_seconds: 12.5 });
    expect(s.success_rate).toBeCloseTo(1 / 3, 3);
    expect(s.plan_accuracy).toBeCloseTo(2 / 3, 3);
    expect(s.mean_normalised_score).toBeCloseTo(0.85, 6);
  });

  it('keeps skipped cases (nothing to check in --plan-only) out of the pass rates', () => {
    const mk = (id: string, status: CaseResult['status'], planOk: boolean, checks: number) =>
      ({ id, passed: status === 'pass', status, plan_ok: planOk, result_ok: null, plan_checks: Array.from({ length: checks }, () => ({ name: 'target', ok: planOk })), score: null }) as unknown as CaseResult;
    const s = summarize([mk('a', 'pass', true, 1), mk('b', 'fail', false, 1), mk('c', 'skip', true, 0), mk('d', 'skip', true, 0)], 1, true);
    expect(s).toMatchObject({ cases: 4, passed: 1, failed: 1, skipped: 2, unexpected_failures: 1, success_rate: 0.5, plan_accuracy: 0.5, plan_fields: { target: [1, 2] } });
  });
});

describe('results files', () => {
  it('a suite file written to a temp folder loads with relative paths', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-evals-'));
    writeFileSync(path.join(dir, 'x.jsonl'), `${line({ id: 'k', data: { file: 'd.csv' } })}\n`);
    const [c] = loadSuite(path.join(dir, 'x.jsonl'));
    expect(c.files.dataset).toBe(path.join(dir, 'd.csv'));
    expect(readFileSync(path.join(dir, 'x.jsonl'), 'utf8')).toContain('"k"');
  });
});
