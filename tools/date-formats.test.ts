/**
 * Dates are read in every file as in the training file. DuckDB sniffs each CSV's date format on
 * its own and reads '03/04/2021' day first unless a cell rules that out, so a test file or a file
 * to predict holding only such dates was read 4 March <-> 3 April against a month-first training
 * file. The training file's format is kept in the dataset record and the model manifest, and the
 * test file and predict's file are read with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callTool, toolMap } from '../src/agent/call-tool.js';
import { TOOLS } from './index.js';
import type { ToolContext } from './define-tool.js';

const tools = toolMap(TOOLS);
let dir: string;
let ctx: ToolContext;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(name: string, args: Record<string, unknown>): Promise<any> {
  const out = await callTool(tools, name, args, ctx);
  if (!out.ok) throw new Error(`${name} failed: ${out.error?.code} ${out.error?.message}`);
  return out.output;
}

const mmdd = (m: number, d: number): string => `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/2021`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-dates-'));
  ctx = { workspaceDir: path.join(dir, 'ws'), resolvePath: (p) => path.resolve(dir, p) };
  // y is ten times the month plus 8x: month-first dates, days 1-28 (so the sniffer sees month first).
  const x = (i: number): number => ((i * 37) % 100) / 100;
  const train = Array.from({ length: 240 }, (_, i) => {
    const m = (i % 12) + 1;
    const d = ((i * 7) % 28) + 1;
    return `${mmdd(m, d)},${x(i)},${m * 10 + 8 * x(i)}`;
  });
  writeFileSync(path.join(dir, 'train.csv'), `when,x,y\n${train.join('\n')}\n`);
  // Only days 1-12, never equal to the month: each reads as another month day first.
  const test = Array.from({ length: 24 }, (_, i) => {
    const m = (i % 12) + 1;
    const d = (m % 12) + 1;
    return `${mmdd(m, d)},0.5,${m * 10 + 4}`;
  });
  writeFileSync(path.join(dir, 'test.csv'), `when,x,y\n${test.join('\n')}\n`);
  writeFileSync(path.join(dir, 'new.csv'), `when,x\n${mmdd(3, 4)},0.5\n${mmdd(11, 2)},0.5\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('date formats follow the training file', () => {
  it('in the test file, the manifest and predict', async () => {
    const prof = await call('profile_data', { path: 'train.csv', target: 'y', test_path: 'test.csv', split_file: null });
    const record = JSON.parse(readFileSync(path.join(dir, 'ws', 'datasets', `${prof.dataset_id}.json`), 'utf8'));
    expect(record.dates).toEqual({ date: '%m/%d/%Y' });
    expect(record.test.dates).toEqual({ date: '%m/%d/%Y' });
    const s = await call('search_model', {
      dataset_id: prof.dataset_id, target: 'y', task: 'regression', metric: 'rmse', budget_seconds: null, max_trials: 4, seed: 0,
      include_learners: ['ridge'], exclude_learners: [], features_id: null, parallelism: 1,
    });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'ws', 'runs', s.run_id, 'model', 'manifest.json'), 'utf8'));
    expect(manifest.dates).toEqual({ date: '%m/%d/%Y' });
    // Read day first, every test month would be wrong by months: RMSE in the tens.
    const ev = await call('evaluate', { run_id: s.run_id });
    expect(ev.test_score).toBeLessThan(3);
    const out = path.join(dir, 'pred.csv');
    await call('predict', { model: s.run_id, path: 'new.csv', out_path: out, format: null, keep: null });
    const preds = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',').at(-1)));
    // March and November (34 and 114), not April and February (44 and 24).
    expect(Math.abs(preds[0] - 34), String(preds)).toBeLessThan(3);
    expect(Math.abs(preds[1] - 114), String(preds)).toBeLessThan(3);
    // One cell no date: the others still read month first (audit: the whole column fell back to
    // day-first per-cell parsing), the bad one is missing, and predict says so.
    writeFileSync(path.join(dir, 'bad.csv'), `when,x\n${mmdd(3, 4)},0.5\nunknown,0.5\n${mmdd(11, 2)},0.5\n`);
    const outBad = path.join(dir, 'pred-bad.csv');
    const p = await call('predict', { model: s.run_id, path: 'bad.csv', out_path: outBad, format: null, keep: null });
    expect(p.warnings).toContain("Column 'when': 1 value is not a date of the form %m/%d/%Y (e.g. 'unknown'); read as missing.");
    const bad = readFileSync(outBad, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',').at(-1)));
    expect(Math.abs(bad[0] - 34), String(bad)).toBeLessThan(3);
    expect(Math.abs(bad[2] - 114), String(bad)).toBeLessThan(3);
  }, 60_000);

  it('a column the model learned as categories stays categories in a file to predict that holds only dates', async () => {
    // 'code' is a date in 85% of the training rows (below the nine-in-ten rule: a category column);
    // y is 'hi' for the codes of the second half of the year. The file to predict holds only dates.
    const rows = Array.from({ length: 400 }, (_, i) => {
      const m = (i % 12) + 1;
      const code = i % 20 < 3 ? `X${i % 7}` : `${String(m).padStart(2, '0')}/15/2021`;
      return JSON.stringify({ code, x: (i * 37) % 100, y: code.startsWith('X') ? 'lo' : m >= 7 ? 'hi' : 'lo' });
    });
    writeFileSync(path.join(dir, 'codes.jsonl'), `${rows.join('\n')}\n`);
    const prof = await call('profile_data', { path: 'codes.jsonl', target: 'y', test_path: null, split_file: null });
    expect(prof.profile.columns.find((c: { name: string }) => c.name === 'code').type).toBe('categorical');
    const s = await call('search_model', {
      dataset_id: prof.dataset_id, target: 'y', task: 'binary', metric: 'accuracy', budget_seconds: null, max_trials: 3, seed: 0,
      include_learners: ['gbdt'], exclude_learners: [], features_id: null, parallelism: 1,
    });
    writeFileSync(path.join(dir, 'codes-new.jsonl'), ['02/15/2021', '08/15/2021', '11/15/2021'].map((code) => JSON.stringify({ code, x: 5 })).join('\n') + '\n');
    const out = path.join(dir, 'codes-pred.csv');
    const p = await call('predict', { model: s.run_id, path: 'codes-new.jsonl', out_path: out, format: null, keep: null });
    // Read as dates, every value was a category the model had never seen (epoch milliseconds), and every row got one answer.
    expect(p.warnings.join(' ')).not.toMatch(/no code for/);
    const labels = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(labels).toEqual(['lo', 'hi', 'hi']);
    // The same as a CSV, whose reader types such a column as dates itself (re-audit).
    writeFileSync(path.join(dir, 'codes-new.csv'), 'code,x\n02/15/2021,5\n08/15/2021,5\n11/15/2021,5\n');
    const outCsv = path.join(dir, 'codes-pred2.csv');
    const pc = await call('predict', { model: s.run_id, path: 'codes-new.csv', out_path: outCsv, format: null, keep: null });
    expect(pc.warnings.join(' ')).not.toMatch(/no code for/);
    expect(readFileSync(outCsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['lo', 'hi', 'hi']);
  }, 60_000);
});
