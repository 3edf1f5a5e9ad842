/**
 * Every tool through callTool (zod validation, AskmlError -> readable error) on real files in a
 * temp workspace: examples/churn.csv, searched with a trial count so the run is quick and stable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { callTool, toolMap } from '../src/agent/call-tool.js';
import { isStrictCompatible, toolSpec } from '../src/llm/tool-schema.js';
import { clearFrameCache } from '../src/task/datasets.js';
import { TOOLS } from './index.js';
import { TRIAL_SEARCH_LIMITS } from './search-model.js';
import type { ToolContext } from './define-tool.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const churn = path.join(root, 'examples/churn.csv');
const tools = toolMap(TOOLS);
let dir: string;
let ctx: ToolContext;
const progress: { progress: number; total?: number; message?: string }[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(name: string, args: Record<string, unknown>): Promise<any> {
  const out = await callTool(tools, name, args, ctx);
  if (!out.ok) throw new Error(`${name} failed: ${out.error?.code} ${out.error?.message}`);
  // Every answer as the MCP server checks it before sending (src/mcp/tools.ts).
  const checked = tools.get(name)!.output.safeParse(out.output);
  if (!checked.success) throw new Error(`${name} output does not match its schema: ${z.prettifyError(checked.error)}`);
  return out.output;
}
const fail = (name: string, args: Record<string, unknown>) => callTool(tools, name, args, ctx);

let datasetId = '';
let runId = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let search: any;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-tools-'));
  ctx = { workspaceDir: path.join(dir, 'ws'), resolvePath: (p) => path.resolve(dir, p), progress: (u) => progress.push(u) };
  const prof = await call('profile_data', { path: churn, target: 'churned', test_path: null, split_file: null });
  datasetId = prof.dataset_id;
  search = await call('search_model', {
    dataset_id: datasetId, target: 'churned', task: null, metric: 'roc_auc', budget_seconds: null, max_trials: 6, seed: 0,
    include_learners: ['linear', 'gbdt'], exclude_learners: [], features_id: null, parallelism: 1,
  });
  runId = search.run_id;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tool definitions', () => {
  it('are unique, titled, described, and strict-mode schemas', () => {
    expect(TOOLS.map((t) => t.name)).toEqual([
      'profile_data', 'engineer_features', 'search_model', 'tune', 'evaluate', 'predict', 'export_model', 'report', 'get_task', 'list_tasks',
    ]);
    for (const t of TOOLS) {
      expect(t.title.length).toBeGreaterThan(3);
      expect(t.description.length).toBeGreaterThan(80);
      const spec = toolSpec(t);
      expect(spec.strict, `${t.name} input is strict-compatible`).toBe(true);
      expect(isStrictCompatible(z.toJSONSchema(t.output, { unrepresentable: 'any' })), `${t.name} output`).toBe(true);
    }
    expect(TOOLS.filter((t) => t.long).map((t) => t.name)).toEqual(['search_model', 'tune']);
    // profile_data writes a dataset record: not read-only (F18).
    expect(TOOLS.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name)).toEqual(['get_task', 'list_tasks']);
  });
  it("search records carry the run's id and users' parameter names", () => {
    const board = JSON.parse(readFileSync(path.join(ctx.workspaceDir, 'runs', runId, 'leaderboard.json'), 'utf8')) as { runId: string };
    expect(board.runId).toBe(runId);
    const by = new Map(TOOLS.map((t) => [t.name, t]));
    // kNN and decision_tree are searched only when named
    expect(by.get('search_model')!.description).toContain('knn and decision_tree only when named in include_learners');
  });
  it('describe the defaults they apply (F18)', () => {
    const by = new Map(TOOLS.map((t) => [t.name, t]));
    expect(by.get('search_model')!.description).toContain('macro_f1 (multiclass)');
    expect(JSON.stringify(z.toJSONSchema(by.get('search_model')!.input))).not.toContain('accuracy (classification)');
    expect(by.get('report')!.description).toContain('else English');
    expect(by.get('tune')!.input.shape.learner.description).toContain("'forest' or 'linear' when the run tried only one of its learners");
  });
  it('fill null for the fields a model leaves out, and show them as nullable to MCP (F8)', () => {
    const by = new Map(TOOLS.map((t) => [t.name, t]));
    const s = by.get('search_model')!.input.parse({
      dataset_id: 'ds_x', target: 'y', task: null, metric: null, budget_seconds: null, max_trials: null, seed: null,
      include_learners: null, exclude_learners: null, features_id: null, parallelism: null,
    });
    expect([s.seed, s.exclude_learners]).toEqual([0, []]);
    const f = by.get('engineer_features')!.input.parse({
      dataset_id: 'ds_x', target: 'y', exclude_columns: null, categorical_columns: null, text_columns: null, text_analyzer: null, ngram_max: null,
    });
    expect([f.exclude_columns, f.categorical_columns, f.text_columns, f.text_analyzer]).toEqual([[], [], [], 'auto']);
    expect(by.get('tune')!.input.parse({ run_id: 'run_x', learner: null, budget_seconds: null }).budget_seconds).toBe(30);
    expect(by.get('tune')!.description + by.get('tune')!.input.shape.budget_seconds.description).toContain('null: 30 s');
    // a budget under a second is refused by both tools' schemas
    expect(by.get('tune')!.input.safeParse({ run_id: 'run_x', learner: null, budget_seconds: 0.001 }).success).toBe(false);
    expect(by.get('search_model')!.input.safeParse({ dataset_id: 'ds_x', target: 'y', budget_seconds: 1e-9 }).success).toBe(false);
    // MCP sees them as nullable (input side); the OpenAI strict schema keeps the plain required type.
    const mcp = z.toJSONSchema(by.get('engineer_features')!.input, { io: 'input' }) as { properties: Record<string, { anyOf?: unknown[] }> };
    expect(mcp.properties.text_analyzer.anyOf).toContainEqual({ type: 'null' });
    expect(toolSpec(by.get('engineer_features')!).strict).toBe(true);
  });
});

describe('profile_data', () => {
  it('registers the dataset with path, sha256 and shape', async () => {
    const rec = JSON.parse(readFileSync(path.join(ctx.workspaceDir, 'datasets', `${datasetId}.json`), 'utf8'));
    expect(rec.path).toBe(churn);
    expect(rec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([rec.format, rec.rows, rec.cols]).toEqual(['csv', 800, 9]);
    expect(rec.profile.target.name).toBe('churned');
    const again = await call('profile_data', { path: churn, target: 'churned', test_path: null, split_file: null });
    expect(again.dataset_id).toBe(datasetId);
    const other = await call('profile_data', { path: churn, target: 'age', test_path: null, split_file: null });
    expect(other.dataset_id).not.toBe(datasetId);
  });
  it('rejects bad input with clear messages', async () => {
    const typo = await fail('profile_data', { path: churn, target: 'churnd', test_path: null, split_file: null });
    expect(typo.error?.code).toBe('COLUMN_NOT_FOUND');
    expect(typo.content).toContain("Did you mean 'churned'?");
    const missing = await fail('profile_data', { path: 'nope.csv', target: null, test_path: null, split_file: null });
    expect(missing.error?.code).toBe('FILE_NOT_FOUND');
    const extra = await fail('profile_data', { path: churn, target: null, test_path: null, split_file: null, rows: 5 });
    expect(extra.error?.code).toBe('BAD_ARGUMENT');
    expect(extra.content).toMatch(/rows/);
    const noTarget = await fail('profile_data', { path: churn });
    expect(noTarget.content).toMatch(/target/);
  });
});

describe('engineer_features', () => {
  it('fits both views on the training rows and stores a features record', async () => {
    const out = await call('engineer_features', {
      dataset_id: datasetId, target: 'churned', exclude_columns: ['customer_id'], categorical_columns: [], text_columns: [], text_analyzer: 'auto', ngram_max: null,
    });
    expect(out.train_rows).toBe(640);
    expect(out.views.map((v: { view: string }) => v.view)).toEqual(['linear', 'tree']);
    expect(out.n_features.linear).toBeGreaterThan(6);
    const linear = out.views[0];
    expect(linear.dropped).toContainEqual({ column: 'customer_id', reason: 'excluded by request' });
    expect(linear.columns.find((c: { column: string }) => c.column === 'region').reason).toMatch(/one-hot/);
    expect(existsSync(path.join(ctx.workspaceDir, 'features', `${out.features_id}.json`))).toBe(true);
  });
  it('names unknown ids and columns', async () => {
    const badId = await fail('engineer_features', { dataset_id: 'ds_20200101000000_abcdef', target: 'churned', exclude_columns: [], categorical_columns: [], text_columns: [], text_analyzer: 'auto', ngram_max: null });
    expect(badId.error?.code).toBe('NOT_FOUND');
    expect(badId.content).toContain(datasetId);
    const badCol = await fail('engineer_features', { dataset_id: datasetId, target: 'churned', exclude_columns: ['regoin'], categorical_columns: [], text_columns: [], text_analyzer: 'auto', ngram_max: null });
    expect(badCol.error?.code).toBe('COLUMN_NOT_FOUND');
    expect(badCol.content).toContain("Did you mean 'region'?");
    const badEnum = await fail('engineer_features', { dataset_id: datasetId, target: 'churned', exclude_columns: [], categorical_columns: [], text_columns: [], text_analyzer: 'bpe', ngram_max: null });
    expect(badEnum.error?.code).toBe('BAD_ARGUMENT');
    expect(badEnum.content).toMatch(/text_analyzer/);
  });
  it('refuses contradictory column lists and a plan with no feature left (F20, F12)', async () => {
    const base = { dataset_id: datasetId, target: 'churned', exclude_columns: [], categorical_columns: [], text_columns: [], text_analyzer: 'auto', ngram_max: null };
    const both = await fail('engineer_features', { ...base, exclude_columns: ['region'], categorical_columns: ['region'], text_columns: ['region'] });
    expect(both.error?.code).toBe('BAD_ARGUMENT');
    expect(both.content).toContain("'region' is in both exclude_columns and categorical_columns");
    const catText = await fail('engineer_features', { ...base, categorical_columns: ['plan'], text_columns: ['plan'] });
    expect(catText.content).toContain("'plan' is in both categorical_columns and text_columns");
    const targetListed = await fail('engineer_features', { ...base, categorical_columns: ['churned'] });
    expect(targetListed.content).toContain("'churned' is the target; it cannot be in categorical_columns");
    const all = ['customer_id', 'age', 'region', 'plan', 'contract', 'tenure_months', 'monthly_fee', 'support_tickets'];
    const none = await fail('engineer_features', { ...base, exclude_columns: all });
    expect(none.error?.code).toBe('BAD_ARGUMENT');
    expect(none.content).toContain("No feature column is left to learn 'churned' from (columns left: none)");
    expect(none.content).toContain("exclude_columns removes 'customer_id'");
    const allButId = await fail('engineer_features', { ...base, exclude_columns: all.slice(1) });
    expect(allButId.content).toMatch(/dropped: customer_id \(id/);
  });
});

describe('search_model', () => {
  it('holds out 20% once, searches the training rows and saves the model', () => {
    expect(search.split).toEqual({ kind: 'holdout', source: 'seeded stratified 20% holdout (seed 0)', train_rows: 640, test_rows: 160 });
    expect(search.trials).toBe(6);
    expect(search.metric).toBe('roc_auc');
    expect(search.leaderboard.length).toBeGreaterThan(0);
    expect(search.leaderboard.length).toBeLessThanOrEqual(10);
    expect(search.best.score).toBeGreaterThan(0.6);
    expect(['logistic_regression', 'linear_svm', 'gbdt']).toContain(search.best.learner);
    const split = JSON.parse(readFileSync(path.join(ctx.workspaceDir, 'runs', runId, 'split.json'), 'utf8'));
    expect(split.test.length).toBe(160);
    expect(new Set(split.test).size).toBe(160);
    expect(split.test.every((i: number) => i >= 0 && i < 800)).toBe(true);
    expect(existsSync(path.join(search.model_path, 'manifest.json'))).toBe(true);
  });
  it('reports bad learners, metrics and missing arguments', async () => {
    const base = { dataset_id: datasetId, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: 2, seed: 0, include_learners: null, exclude_learners: [], features_id: null, parallelism: 1 };
    const learner = await fail('search_model', { ...base, include_learners: ['xgboost'] });
    expect(learner.error?.code).toBe('UNKNOWN_LEARNER');
    expect(learner.content).toContain('gbdt');
    // Every unknown name, a did-you-mean each, and the choices once, for this task only.
    const two = await fail('search_model', { ...base, include_learners: ['xgboost', 'gbdtt', 'Random Forest'] });
    expect(two.content).toContain("Learners 'xgboost', 'gbdtt' are unknown (include_learners). Did you mean 'gbdt' for 'gbdtt'?");
    const ex = await fail('search_model', { ...base, exclude_learners: ['xgb'] });
    expect(ex.content).toContain("Learner 'xgb' is unknown (exclude_learners).");
    const choices = /Valid choices: ([^.]*)\./.exec(two.content)![1].split(', ');
    expect(new Set(choices).size).toBe(choices.length);
    expect(choices).toContain('random_forest');
    expect(choices).not.toContain('ridge');
    const wrongTask = await fail('search_model', { ...base, include_learners: ['ridge'] });
    expect(wrongTask.content).toContain("Learner 'ridge' does not handle binary tasks; skipped.");
    const metric = await fail('search_model', { ...base, metric: 'rmse' });
    expect(metric.error?.code).toBe('BAD_METRIC');
    expect(metric.content).toContain('roc_auc');
    const { seed: _s, ...noSeed } = base;
    const missing = await fail('search_model', noSeed);
    expect(missing.error?.code).toBe('BAD_ARGUMENT');
    expect(missing.content).toMatch(/seed/);
    const target = await fail('search_model', { ...base, target: 'churn' });
    expect(target.error?.code).toBe('COLUMN_NOT_FOUND');
    expect(target.content).toContain("Did you mean 'churned'?");
  });
  it('caps parallelism at the machine\'s cores and says so', async () => {
    const out = await call('search_model', {
      dataset_id: datasetId, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: 2, seed: 0,
      include_learners: ['linear'], exclude_learners: [], features_id: null, parallelism: 64,
    });
    expect(out.notes).toContain(`parallelism 64 was capped at this machine's ${availableParallelism()} cores: more workers than cores make every trial slower.`);
  }, 60_000);
  it('a failed search leaves no half-written run folder behind', async () => {
    const runsDir = path.join(ctx.workspaceDir, 'runs');
    const before = readdirSync(runsDir).sort();
    const base = { dataset_id: datasetId, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: 2, seed: 0, include_learners: null, exclude_learners: [], features_id: null, parallelism: 1 };
    expect((await fail('search_model', { ...base, metric: 'rmse' })).error?.code).toBe('BAD_METRIC');
    expect((await fail('search_model', { ...base, include_learners: ['naive_bayes'] })).error?.code).toBe('BAD_ARGUMENT');
    expect(readdirSync(runsDir).sort()).toEqual(before);
  });
  it('caps max_trials, and a trial-count search without budget still stops at the wall-clock limit (F2)', async () => {
    const base = { dataset_id: datasetId, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: 2, seed: 0, include_learners: ['linear'], exclude_learners: [], features_id: null, parallelism: 1 };
    const huge = await fail('search_model', { ...base, max_trials: 1_000_000_000 });
    expect(huge.error?.code).toBe('BAD_ARGUMENT');
    expect(huge.content).toMatch(/max_trials/);
    expect(huge.content).toMatch(/100000/);
    const saved = TRIAL_SEARCH_LIMITS.wallSeconds;
    TRIAL_SEARCH_LIMITS.wallSeconds = 2;
    try {
      const t0 = Date.now();
      const out = await call('search_model', { ...base, max_trials: 100_000 });
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(out.trials).toBeGreaterThan(0);
      expect(out.trials).toBeLessThan(100_000);
      expect(out.notes.join(' ')).toContain('Stopped at the 2 s limit for searches without budget_seconds');
    } finally {
      TRIAL_SEARCH_LIMITS.wallSeconds = saved;
    }
  }, 60_000);
});

describe('evaluate, predict, export_model, report, tune', () => {
  it('evaluate scores the held-out rows', async () => {
    const ev = await call('evaluate', { run_id: runId });
    expect(ev.test_rows).toBe(160);
    expect(ev.test_metrics.roc_auc).toBeGreaterThan(0.6);
    expect(ev.test_metrics.accuracy).toBeGreaterThan(0.6);
    expect(ev.test_metrics.rmse).toBeNull();
    // yes/no is read as a boolean column today (labels false/true); either spelling is fine here.
    expect([['no', 'yes'], ['false', 'true']]).toContainEqual(ev.evaluation.confusion.labels);
    expect(ev.evaluation.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(160);
    expect(ev.evaluation.importance.columns.length).toBeGreaterThan(3);
    expect(existsSync(ev.evaluation_path)).toBe(true);
    const bad = await fail('evaluate', { run_id: 'run_20200101000000_abcdef' });
    expect(bad.error?.code).toBe('NOT_FOUND');
    expect(bad.content).toContain(runId);
    // A valid id of a run without a finished search: what to do with it, not other runs' ids as if it were wrong.
    const unfinished = 'run_20200101000000_abcdef';
    cpSync(path.join(ctx.workspaceDir, 'runs', runId), path.join(ctx.workspaceDir, 'runs', unfinished), { recursive: true });
    rmSync(path.join(ctx.workspaceDir, 'runs', unfinished, 'record.json'));
    try {
      const u = await fail('evaluate', { run_id: unfinished });
      expect(u.error?.code).toBe('NOT_FOUND');
      expect(u.content).toContain('has no finished search');
      expect(u.content).toContain('finished trials, which are kept');
      expect(u.content).not.toContain('Valid choices');
    } finally {
      rmSync(path.join(ctx.workspaceDir, 'runs', unfinished), { recursive: true, force: true });
    }
  });
  it('predict writes CSV and JSONL by run id, and names missing columns', async () => {
    // keep null: the id column (customer_id) comes first.
    const csv = await call('predict', { model: runId, path: churn, out_path: path.join(dir, 'p.csv'), format: null, keep: null });
    expect(csv.rows).toBe(800);
    const labels = JSON.parse(readFileSync(path.join(search.model_path, 'manifest.json'), 'utf8')).labels as string[];
    expect(labels.length).toBe(2);
    expect(csv.kept).toEqual(['customer_id']);
    expect(csv.columns).toEqual(['customer_id', 'label', ...labels.map((l) => `prob_${l}`)]);
    const lines = readFileSync(csv.out_path, 'utf8').trim().split('\n');
    expect(lines.length).toBe(801);
    expect(lines[0]).toBe(csv.columns.join(','));
    const [id, label, pNo, pYes] = lines[1].split(',');
    expect(id).toBe(readFileSync(churn, 'utf8').split('\n')[1].split(',')[0]);
    expect(labels).toContain(label);
    expect(Number(pNo) + Number(pYes)).toBeCloseTo(1, 6);
    expect(csv.preview.length).toBe(5);
    const jsonl = await call('predict', { model: search.model_path, path: churn, out_path: path.join(dir, 'p.jsonl'), format: null, keep: null });
    const first = JSON.parse(readFileSync(jsonl.out_path, 'utf8').split('\n')[0]);
    expect(Object.keys(first)).toEqual(csv.columns);
    expect(first.label).toBe(label);
    writeFileSync(path.join(dir, 'partial.csv'), 'customer_id,age\nC1,30\n');
    const partial = await fail('predict', { model: runId, path: 'partial.csv', out_path: null, format: null, keep: null });
    expect(partial.error?.code).toBe('SCHEMA_MISMATCH');
    expect(partial.content).toMatch(/'tenure_months'/);
  });
  it('predict never writes over its input, the run records or a file that is not its own predictions', async () => {
    const victim = path.join(dir, 'victim.csv');
    writeFileSync(victim, readFileSync(churn));
    const same = await fail('predict', { model: runId, path: victim, out_path: victim, format: null, keep: null });
    expect(same.error?.code).toBe('BAD_ARGUMENT');
    expect(same.content).toContain('is the input data file');
    const record = path.join(ctx.workspaceDir, 'runs', runId, 'record.json');
    const before = readFileSync(record, 'utf8');
    const rec = await fail('predict', { model: runId, path: victim, out_path: record, format: null, keep: null });
    expect(rec.error?.code).toBe('BAD_ARGUMENT');
    expect(rec.content).toContain("inside askml's records");
    const folder = await fail('predict', { model: runId, path: victim, out_path: dir, format: null, keep: null });
    expect(folder.error?.code).toBe('NOT_A_FILE');
    expect(readFileSync(record, 'utf8')).toBe(before);
    expect(readFileSync(victim)).toEqual(readFileSync(churn));
  });
  it('export_model writes a verified model.onnx', async () => {
    const ex = await call('export_model', { run_id: runId });
    expect(ex.onnx_path).toBe(path.join(ctx.workspaceDir, 'runs', runId, 'model.onnx'));
    expect(existsSync(ex.onnx_path)).toBe(true);
    expect(ex.verified.labels_equal).toBe(true);
    expect(ex.verified.max_abs_diff).toBeLessThan(1e-5);
    expect(ex.outputs.map((o: { name: string }) => o.name)).toEqual(['label', 'probabilities']);
  });
  it('export_model explains EXPORT_UNSUPPORTED (knn)', async () => {
    const s = await call('search_model', {
      dataset_id: datasetId, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: 1, seed: 0,
      include_learners: ['knn'], exclude_learners: [], features_id: null, parallelism: 1,
    });
    const ex = await fail('export_model', { run_id: s.run_id });
    expect(ex.error?.code).toBe('EXPORT_UNSUPPORTED');
    expect(ex.content).toMatch(/knn/);
    expect(existsSync(path.join(ctx.workspaceDir, 'runs', s.run_id, 'model.onnx'))).toBe(false);
  }, 30_000);
  it('report writes Markdown and HTML with the evaluation', async () => {
    const rep = await call('report', { run_id: runId, lang: 'en' });
    const md = readFileSync(rep.markdown_path, 'utf8');
    expect(md).toContain('churned');
    expect(md).toContain('roc_auc');
    expect(rep.evaluated).toBe(true);
    expect(readFileSync(rep.html_path, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    // a run made by the tools (no plan): the call that made it, metric and trial count included (audit)
    expect(md).toContain('search_model churn.csv --target churned --metric roc_auc --trials 6');
  });
  it('report of a tools run with excluded columns says so, in the instruction and the column table (audit)', async () => {
    const f = await call('engineer_features', { dataset_id: datasetId, target: 'churned', exclude_columns: ['region'], categorical_columns: [], text_columns: [], text_analyzer: 'auto', ngram_max: null });
    const s = await call('search_model', {
      dataset_id: datasetId, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: 2, seed: 0,
      include_learners: ['linear'], exclude_learners: [], features_id: f.features_id, parallelism: 1,
    });
    const md = readFileSync((await call('report', { run_id: s.run_id, lang: 'en' })).markdown_path, 'utf8');
    expect(md).toContain('--metric accuracy --trials 2 (features without region)');
    expect(md).toMatch(/\| region \|[^\n]*excluded/);
  }, 30_000);
  it('tune searches one learner deeper and keeps the better model', async () => {
    progress.length = 0;
    const before = JSON.parse(readFileSync(path.join(ctx.workspaceDir, 'runs', runId, 'record.json'), 'utf8'));
    const t = await call('tune', { run_id: runId, learner: 'logistic_regression', budget_seconds: 3 });
    expect(t.run_id).toBe(runId);
    expect(t.leaderboard.every((r: { learner: string }) => r.learner === 'logistic_regression')).toBe(true);
    const after = JSON.parse(readFileSync(path.join(ctx.workspaceDir, 'runs', runId, 'record.json'), 'utf8'));
    expect(after.bestScore).toBeGreaterThanOrEqual(before.bestScore);
    expect(after.trials).toBeGreaterThan(before.trials);
    expect(t.notes.join(' ')).toMatch(/saved model was replaced|Kept the saved model .*this session's model, .* did not beat it/);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.total).toBe(3);
    // the last update reaches the total, so a client's bar completes (audit: it stopped at 5 of 6)
    expect(progress.at(-1)!.progress).toBe(3);
    expect(progress.at(-1)!.message).toMatch(/^best \S+ [\d.]+ after \d+ trials?$/);
    // The report's title is still the call that made the run, with the last session's limit after it (audit).
    const retitled = readFileSync((await call('report', { run_id: runId, lang: 'en' })).markdown_path, 'utf8').split('\n')[0];
    expect(retitled).toContain('search_model churn.csv --target churned --metric roc_auc --trials 6');
    // The run's saved best is the starting point: never "no score yet", never below it (audit).
    for (const p of progress.filter((x) => !x.message?.startsWith('fitting'))) {
      const m = /^best \S+ ([\d.]+) after/.exec(p.message ?? '');
      expect(m, p.message).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(Number(before.bestScore.toFixed(4)) - 1e-4);
    }
    const bad = await fail('tune', { run_id: runId, learner: 'ridge', budget_seconds: 3 });
    expect(bad.error?.code).toBe('UNKNOWN_LEARNER');
    // the choices are the run's own learners (linear + gbdt here), not naive_bayes or knn (audit)
    const runLearners: string[] = JSON.parse(readFileSync(path.join(ctx.workspaceDir, 'runs', runId, 'record.json'), 'utf8')).learners;
    expect(bad.content).toContain(`Valid choices: ${runLearners.join(', ')}.`);
    expect(bad.content).not.toContain('knn');
    const typo = await fail('tune', { run_id: runId, learner: 'logistic_regresion', budget_seconds: 3 });
    expect(typo.content).toContain("Did you mean 'logistic_regression'?");
    expect(typo.content).toContain(`Valid choices: ${runLearners.join(', ')}.`);
  }, 30_000);
  it('runs one tune at a time per run: a concurrent second tune is refused naming the run (F6)', async () => {
    const args = { run_id: runId, learner: null, budget_seconds: 2 };
    const [a, b] = await Promise.all([callTool(tools, 'tune', args, ctx), callTool(tools, 'tune', { ...args, learner: 'logistic_regression' }, ctx)]);
    const outcomes = [a, b].map((o) => (o.ok ? 'ok' : o.error!.code));
    expect(outcomes.sort()).toEqual(['BAD_ARGUMENT', 'ok']);
    const refused = a.ok ? b : a;
    expect(refused.content).toContain(`Run '${runId}' is busy: tune (`);
    expect(refused.content).toContain('wait for that call to finish');
    expect(existsSync(path.join(ctx.workspaceDir, 'runs', runId, 'session.lock'))).toBe(false);
    const ids = readFileSync(path.join(ctx.workspaceDir, 'runs', runId, 'trials.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).trialId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 30_000);
  it('works again after a restart (frames reloaded from the recorded path)', async () => {
    clearFrameCache();
    const ev = await call('evaluate', { run_id: runId });
    expect(ev.test_rows).toBe(160);
  });
});

describe('small regression data: a bagged final model', () => {
  it('searches, exports the averaged fold models to a verified ONNX file and reports the bagging', async () => {
    const houses = path.join(root, 'examples/house-prices.csv');
    const prof = await call('profile_data', { path: houses, target: 'price', test_path: null, split_file: null });
    const s = await call('search_model', {
      dataset_id: prof.dataset_id, target: 'price', task: null, metric: 'rmse', budget_seconds: null, max_trials: 8, seed: 1,
      include_learners: ['ridge', 'gbdt'], exclude_learners: [], features_id: null, parallelism: 1,
    });
    expect(s.finalModel.bagged).toBe(true);
    expect(s.finalModel.refitOnAllRows).toBe(false);
    expect(s.notes.join(' ')).toMatch(/fold models of each member averaged \(bagging\)/);
    const model = JSON.parse(readFileSync(path.join(ctx.workspaceDir, 'runs', s.run_id, 'model', 'model.json'), 'utf8'));
    expect(model.members.map((m: { fold: number }) => m.fold).slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    const ex = await call('export_model', { run_id: s.run_id });
    expect(ex.verified.rows).toBeGreaterThan(0);
    expect(ex.verified.max_abs_diff).toBeLessThan(1); // float32 precision on prices of ~500,000
    const ev = await call('evaluate', { run_id: s.run_id });
    expect(ev.test_metrics.r2).toBeGreaterThan(0.5);
    const rep = await call('report', { run_id: s.run_id, lang: 'en' });
    expect(readFileSync(rep.markdown_path, 'utf8')).toContain("Each learner's 5 cross-validation fold models are averaged (bagging)");
  }, 60_000);
});

describe('held-out rows from a test file or a split file', () => {
  const base = { target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: 2, seed: 3, include_learners: ['logistic_regression'], exclude_learners: [], features_id: null, parallelism: 1 };
  it('uses the split file test rows', async () => {
    writeFileSync(path.join(dir, 'churn.split.json'), JSON.stringify({ index_base: 0, rows: 800, test: Array.from({ length: 100 }, (_, i) => i * 8) }));
    const prof = await call('profile_data', { path: churn, target: 'churned', test_path: null, split_file: 'churn.split.json' });
    const s = await call('search_model', { ...base, dataset_id: prof.dataset_id });
    expect(s.split).toMatchObject({ kind: 'split_file', train_rows: 700, test_rows: 100 });
    const ev = await call('evaluate', { run_id: s.run_id });
    expect(ev.test_rows).toBe(100);
    const bad = await fail('profile_data', { path: churn, target: null, test_path: null, split_file: 'missing.split.json' });
    expect(bad.error?.code).toBe('FILE_NOT_FOUND');
  }, 30_000);
  it('uses a separate test file whole, and trains on all rows of the data file', async () => {
    const lines = readFileSync(churn, 'utf8').trim().split('\n');
    writeFileSync(path.join(dir, 'train.csv'), [lines[0], ...lines.slice(1, 601)].join('\n'));
    writeFileSync(path.join(dir, 'test.csv'), [lines[0], ...lines.slice(601)].join('\n'));
    const prof = await call('profile_data', { path: 'train.csv', target: 'churned', test_path: 'test.csv', split_file: null });
    expect(prof.test_rows).toBe(200);
    const s = await call('search_model', { ...base, dataset_id: prof.dataset_id });
    expect(s.split).toMatchObject({ kind: 'test_file', train_rows: 600, test_rows: 200 });
    expect((await call('evaluate', { run_id: s.run_id })).test_rows).toBe(200);
    const both = await fail('profile_data', { path: 'train.csv', target: null, test_path: 'test.csv', split_file: 'churn.split.json' });
    expect(both.error?.code).toBe('BAD_ARGUMENT');
    // the data file as its own test file: scores on training rows, refused as by the CLI (audit)
    const same = await fail('profile_data', { path: 'train.csv', target: 'churned', test_path: 'train.csv', split_file: null });
    expect(same.error?.code).toBe('BAD_ARGUMENT');
    expect(same.content).toMatch(/test_path '[^']*train\.csv' holds the same rows as the data file/);
    // a test file without the id column (not a feature) is accepted; without a feature column it is not
    const cut = (drop: string, file: string) => {
      const rows = readFileSync(path.join(dir, 'test.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
      const at = rows[0].indexOf(drop);
      writeFileSync(path.join(dir, file), rows.map((r) => r.filter((_, i) => i !== at).join(',')).join('\n'));
    };
    cut('customer_id', 'test-noid.csv');
    expect((await call('profile_data', { path: 'train.csv', target: 'churned', test_path: 'test-noid.csv', split_file: null })).test_rows).toBe(200);
    // without a feature column: a warning at profile time, and the search refuses it before any
    // trial unless the features leave the column out (audit: "ignore fare" with a test file without fare)
    cut('tenure_months', 'test-nofeature.csv');
    const lacks = await call('profile_data', { path: 'train.csv', target: 'churned', test_path: 'test-nofeature.csv', split_file: null });
    expect(lacks.warnings.join(' ')).toMatch(/test file lacks column\(s\) 'tenure_months'/);
    const refused = await fail('search_model', { ...base, dataset_id: lacks.dataset_id });
    expect(refused.error?.code).toBe('SCHEMA_MISMATCH');
    expect(refused.content).toMatch(/lacks column\(s\) 'tenure_months' that the model's features read/);
    const f = await call('engineer_features', { dataset_id: lacks.dataset_id, target: 'churned', exclude_columns: ['tenure_months'], categorical_columns: [], text_columns: [], text_analyzer: 'auto', ngram_max: null });
    const ok = await call('search_model', { ...base, dataset_id: lacks.dataset_id, features_id: f.features_id });
    expect((await call('evaluate', { run_id: ok.run_id })).test_rows).toBe(200);
    // its report does not warn about a column the model does not read (audit)
    const rep = await call('report', { run_id: ok.run_id, lang: 'en' });
    const md = readFileSync(rep.markdown_path, 'utf8');
    expect(md).not.toContain('The test file lacks column');
    expect(md).toContain('tenure_months');
    // a guessed target missing from the test file is a warning, not an error: the plan may name another
    cut('churned', 'test-notarget.csv');
    const guessed = await call('profile_data', { path: 'train.csv', target: null, test_path: 'test-notarget.csv', split_file: null });
    expect(guessed.warnings.join(' ')).toMatch(/test file has no column 'churned' \(the guessed target\)/);
    expect((await fail('profile_data', { path: 'train.csv', target: 'churned', test_path: 'test-notarget.csv', split_file: null })).error?.code).toBe('SCHEMA_MISMATCH');
  }, 30_000);
  it('evaluate says when the test file holds text in a numeric column or unseen categories (audit: scored silently)', async () => {
    const lines = readFileSync(churn, 'utf8').trim().split('\n');
    writeFileSync(path.join(dir, 'train.csv'), [lines[0], ...lines.slice(1, 601)].join('\n'));
    const rows = [lines[0], ...lines.slice(601)].map((l) => l.split(','));
    const age = rows[0].indexOf('age');
    const region = rows[0].indexOf('region');
    rows.slice(1).forEach((r, i) => {
      if (i % 2 === 0) r[age] = 'unknown';
      if (i < 5) r[region] = 'atlantis';
    });
    writeFileSync(path.join(dir, 'test-typed.csv'), rows.map((r) => r.join(',')).join('\n'));
    const prof = await call('profile_data', { path: 'train.csv', target: 'churned', test_path: 'test-typed.csv', split_file: null });
    const s = await call('search_model', { ...base, dataset_id: prof.dataset_id });
    const notes = (await call('evaluate', { run_id: s.run_id })).evaluation.notes.join(' ');
    expect(notes).toMatch(/Column 'age' was numeric in training, but 100 of 200 values are not a number \('unknown'/);
    expect(notes).toMatch(/Column 'region': 5 of 200 rows hold a category the model has no code for \('atlantis'\)/);
  }, 30_000);
});

describe('identifier columns found on the whole file', () => {
  it('a row number the training rows alone do not show as one stays out of the features (search and engineer_features)', async () => {
    // nid: 1..200 in file order, named like nothing; the shuffled 80% training rows are not consecutive.
    const lines = ['nid,x,y'];
    for (let i = 0; i < 200; i++) lines.push(`${i + 1},${(i * 7) % 13},${(i * 7) % 13 > 6 ? 'a' : 'b'}`);
    const file = path.join(dir, 'rownum.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const prof = await call('profile_data', { path: file, target: 'y', test_path: null, split_file: null });
    expect(prof.profile.columns.find((c: { name: string }) => c.name === 'nid').role).toBe('id');
    const run = await call('search_model', {
      dataset_id: prof.dataset_id, target: 'y', task: null, metric: null, budget_seconds: null, max_trials: 2, seed: 0,
      include_learners: ['logistic_regression', 'gbdt'], exclude_learners: [], features_id: null, parallelism: 1,
    });
    const manifest = JSON.parse(readFileSync(path.join(run.model_path, 'manifest.json'), 'utf8'));
    expect(JSON.stringify(manifest)).not.toContain('"nid"');
    const model = JSON.parse(readFileSync(path.join(run.model_path, 'model.json'), 'utf8'));
    expect(model.inputColumns).toEqual(['x']);
    const feats = await call('engineer_features', { dataset_id: prof.dataset_id, target: 'y', exclude_columns: null, categorical_columns: null, text_columns: null, text_analyzer: null, ngram_max: null });
    for (const v of feats.views) expect(JSON.stringify(v.columns)).not.toContain('nid:');
    expect(JSON.stringify(feats.views[0].dropped)).toContain('nid');
  });
});

describe('dataset records after a restart', () => {
  it('notice a data file that changed since it was profiled', async () => {
    const copy = path.join(dir, 'copy.csv');
    writeFileSync(copy, readFileSync(churn));
    const prof = await call('profile_data', { path: copy, target: 'churned', test_path: null, split_file: null });
    clearFrameCache();
    writeFileSync(copy, readFileSync(churn, 'utf8').replace('C100000,48', 'C100000,49'));
    const args = { dataset_id: prof.dataset_id, target: 'churned', exclude_columns: [], categorical_columns: [], text_columns: [], text_analyzer: 'auto', ngram_max: null };
    const changed = await fail('engineer_features', args);
    expect(changed.error?.code).toBe('SCHEMA_MISMATCH');
    expect(changed.content).toContain('changed since it was profiled');
    rmSync(copy);
    const gone = await fail('engineer_features', args);
    expect(gone.error?.code).toBe('FILE_NOT_FOUND');
  });
});

describe('get_task / list_tasks', () => {
  it('lists nothing in a fresh workspace and names a bad id', async () => {
    expect((await call('list_tasks', { limit: null })).tasks).toEqual([]);
    const bad = await fail('get_task', { task_id: 'nope' });
    expect(bad.error?.code).toBe('NOT_FOUND');
    expect(bad.content).toContain('not a valid task id');
  });

  it("show a task made by askml run, whose artifacts name model.onnx's inputs (audit: the schema refused them)", async () => {
    const { submitTask } = await import('../src/task/submit.js');
    const task = submitTask({ dataset: churn, instructions: 'predict churned', maxTrials: 2, seed: 0, workspaceDir: ctx.workspaceDir, parallelism: 1 });
    await task.done;
    const got = await call('get_task', { task_id: task.id });
    // What the MCP server checks before answering (src/mcp/tools.ts)
    expect(() => tools.get('get_task')!.output.parse(got)).not.toThrow();
    expect(got.status).toBe('succeeded');
    expect(got.artifacts.onnx_inputs.length).toBeGreaterThan(0);
    expect(got.artifacts.onnx_inputs[0]).toMatch(/^\S+ (float|double|string|int64)/);
    const listed = await call('list_tasks', { limit: null });
    expect(() => tools.get('list_tasks')!.output.parse(listed)).not.toThrow();
    expect(listed.tasks.map((t: { task_id: string }) => t.task_id)).toContain(task.id);
  }, 60_000);
});
