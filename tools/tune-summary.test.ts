/**
 * What tune's summary tells the model: the run's trial total as the run record counts it (tune
 * sessions included) beside this session's share, and export_model only for a model that can be
 * exported (not knn). Through callTool on a real temp workspace with examples/churn.csv.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callTool, toolMap } from '../src/agent/call-tool.js';
import { listRuns } from '../src/task/runs.js';
import { TOOLS } from './index.js';
import type { ToolContext } from './define-tool.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const churn = path.join(root, 'examples/churn.csv');
const tools = toolMap(TOOLS);
let dir: string;
let ctx: ToolContext;
let datasetId = '';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(name: string, args: Record<string, unknown>): Promise<{ output: any; summary: string }> {
  const out = await callTool(tools, name, args, ctx);
  if (!out.ok) throw new Error(`${name} failed: ${out.error?.code} ${out.error?.message}`);
  return { output: out.output, summary: tools.get(name)!.summarize!(out.output) };
}

const lines = (f: string): number => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '').length;

async function searchRun(learners: string[], maxTrials: number): Promise<string> {
  const s = await call('search_model', {
    dataset_id: datasetId, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: maxTrials, seed: 0,
    include_learners: learners, exclude_learners: [], features_id: null, parallelism: 1,
  });
  return s.output.run_id;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-tune-summary-'));
  ctx = { workspaceDir: path.join(dir, 'ws'), resolvePath: (p) => path.resolve(dir, p) };
  datasetId = (await call('profile_data', { path: churn, target: 'churned', test_path: null, split_file: null })).output.dataset_id;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tune's trial count", () => {
  it("says the run's total, as record.json and askml://runs count it, and this session's share", async () => {
    const runId = await searchRun(['logistic_regression', 'gbdt'], 4);
    const runDir = path.join(ctx.workspaceDir, 'runs', runId);
    await call('tune', { run_id: runId, learner: 'gbdt', budget_seconds: 2 }); // trials in tune-1/
    const t = await call('tune', { run_id: runId, learner: null, budget_seconds: 2 }); // the run's own search, continued
    const record = JSON.parse(readFileSync(path.join(runDir, 'record.json'), 'utf8'));
    const own = lines(path.join(runDir, 'trials.jsonl'));
    const total = own + lines(path.join(runDir, 'tune-1', 'trials.jsonl'));
    expect(record.trials).toBe(total);
    expect(listRuns(ctx.workspaceDir, 10).find((r) => r.runId === runId)?.trials).toBe(total);
    expect(t.output.run_trials).toBe(total);
    expect(t.output.trials).toBe(own);
    const session: number = t.output.sessionTrials;
    expect(t.summary).toContain(`Run ${runId}: ${total} trials, ${session} of them in this `);
    expect(t.summary).toContain(`(the search it continued now has ${own} trials, ${session} of them in this `);
    // An exportable model without model.onnx: export_model is among the tools to call.
    expect(t.output.missing_files).toContain('model.onnx');
    expect(t.output.export_unsupported).toBeNull();
    expect(t.summary).toMatch(/call evaluate, export_model and report (again )?(for the new model|to make them)/);
  }, 90_000);
});

describe('tune of a knn run', () => {
  it('does not send the client to export_model, and says why there is no ONNX file', async () => {
    const runId = await searchRun(['knn'], 3);
    const t = await call('tune', { run_id: runId, learner: 'knn', budget_seconds: 1 });
    expect(t.output.missing_files).toEqual(['evaluation.json', 'model.onnx', 'report.md', 'report.html']);
    expect(t.output.export_unsupported).toContain('knn cannot be exported to ONNX');
    expect(t.summary).not.toContain('export_model');
    expect(t.summary).toMatch(/no evaluation\.json, report\.md, report\.html(?: yet)?: call evaluate and report to make them\. It has no ONNX export: knn cannot be exported to ONNX/);
    // What the summary leaves out indeed fails.
    const ex = await callTool(tools, 'export_model', { run_id: runId }, ctx);
    expect(ex.error?.code).toBe('EXPORT_UNSUPPORTED');
  }, 90_000);
});
