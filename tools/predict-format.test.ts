/**
 * predict's output format and out_path's extension must agree, in the tool (so over MCP) as in
 * `askml predict`: one shared check. A contradiction is a BAD_ARGUMENT and writes nothing; with
 * format null the extension decides. Real temp workspace, examples/churn.csv.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callTool, toolMap } from '../src/agent/call-tool.js';
import { isAskmlError } from '../src/errors.js';
import { TOOLS } from './index.js';
import { checkOutFormat } from './predict.js';
import type { ToolContext } from './define-tool.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const churn = path.join(root, 'examples/churn.csv');
const tools = toolMap(TOOLS);
let dir: string;
let ctx: ToolContext;
let runId = '';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(name: string, args: Record<string, unknown>): Promise<any> {
  const out = await callTool(tools, name, args, ctx);
  if (!out.ok) throw new Error(`${name} failed: ${out.error?.code} ${out.error?.message}`);
  return out.output;
}

function thrown(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (!isAskmlError(e)) throw e;
    return `${e.code}: ${e.message} | ${e.details.hint ?? ''}`;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-predict-format-'));
  ctx = { workspaceDir: path.join(dir, 'ws'), resolvePath: (p) => path.resolve(dir, p) };
  const prof = await call('profile_data', { path: churn, target: 'churned', test_path: null, split_file: null });
  const s = await call('search_model', {
    dataset_id: prof.dataset_id, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: 2, seed: 0,
    include_learners: ['logistic_regression'], exclude_learners: [], features_id: null, parallelism: 1,
  });
  runId = s.run_id;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('predict format and out_path', () => {
  it('refuses a format that contradicts the extension and writes nothing', async () => {
    const out = path.join(dir, 'f.jsonl');
    const r = await callTool(tools, 'predict', { model: runId, path: churn, out_path: out, format: 'csv', keep: null }, ctx);
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('BAD_ARGUMENT');
    expect(r.error?.message).toContain(`out_path '${out}' ends in .jsonl but format is csv.`);
    expect(r.content).toContain(`Name the file ${path.join(dir, 'f')}.csv, or pass format null to write jsonl.`);
    expect(existsSync(out)).toBe(false);
  });

  it('takes the format from the extension when format is null, and accepts one that agrees', async () => {
    const nd = await call('predict', { model: runId, path: churn, out_path: path.join(dir, 'p.ndjson'), format: null, keep: null });
    expect(nd.format).toBe('jsonl');
    expect(Object.keys(JSON.parse(readFileSync(nd.out_path, 'utf8').split('\n')[0]))).toEqual(nd.columns);
    const csv = await call('predict', { model: runId, path: churn, out_path: path.join(dir, 'p.csv'), format: 'csv', keep: null });
    expect(readFileSync(csv.out_path, 'utf8').split('\n')[0]).toBe(csv.columns.join(','));
    const bare = await call('predict', { model: runId, path: churn, out_path: path.join(dir, 'p.out'), format: 'jsonl', keep: null });
    expect(bare.format).toBe('jsonl');
  });

  it('is the check `askml predict` uses, in its own words', () => {
    const cli = { out: '--out', format: '--format', unset: 'drop --format' };
    expect(thrown(() => checkOutFormat('p.csv', 'jsonl', cli))).toBe("BAD_ARGUMENT: --out 'p.csv' ends in .csv but --format is jsonl. | Name the file p.jsonl, or drop --format to write csv.");
    expect(thrown(() => checkOutFormat('P.JSONL', 'csv', cli))).toMatch(/^BAD_ARGUMENT: --out 'P.JSONL' ends in \.jsonl but --format is csv\./);
    expect(checkOutFormat('p.jsonl', 'jsonl', cli)).toBe('jsonl');
    expect(checkOutFormat('/dev/stdout', 'jsonl', cli)).toBe('jsonl');
    expect(checkOutFormat('p.json', null)).toBe('jsonl');
    expect(checkOutFormat(null, null)).toBe('csv');
    // Formats askml does not write, and a folder, are refused rather than written as CSV (audit).
    expect(thrown(() => checkOutFormat('p.tsv', null, cli))).toBe("BAD_ARGUMENT: --out 'p.tsv' ends in .tsv, but askml writes predictions as CSV or JSON lines only. | Name the file p.csv or .jsonl.");
    expect(thrown(() => checkOutFormat('out/p.parquet', 'csv'))).toMatch(/^BAD_ARGUMENT: out_path 'out\/p\.parquet' ends in \.parquet, but/);
    expect(thrown(() => checkOutFormat('preds/', null))).toBe("BAD_ARGUMENT: out_path 'preds/' names a folder; give a file path such as 'preds/predictions.csv'. | ");
    expect(checkOutFormat('p.out', null)).toBe('csv');
  });
});
