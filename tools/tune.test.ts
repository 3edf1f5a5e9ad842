/**
 * tune as an MCP client / the planner calls it (callTool, real temp workspace, examples/churn.csv):
 * a replaced model takes its old evaluation.json, model.onnx and report with it (and the task record
 * follows the run); a kept model is named as kept; an interrupted run made before request.json
 * existed is recovered from the task event log or the data fingerprint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callTool, toolMap } from '../src/agent/call-tool.js';
import type { AskmlError } from '../src/errors.js';
import { METRICS, type MetricName } from '../src/evaluate/metrics.js';
import { onnxMatchesModel } from '../test/fixtures/onnx-check.js';
import { modelName } from '../src/search/schemas.js';
import { isFinalModelNote } from '../src/task/run-search.js';
import { submitTask } from '../src/task/submit.js';
import { getTask } from '../src/task/tasks.js';
import { TOOLS } from './index.js';
import type { ToolContext } from './define-tool.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const churn = path.join(root, 'examples/churn.csv');
const tools = toolMap(TOOLS);
let dir: string;
let ctx: ToolContext;
let taskId = '';
let runId = '';
let runDir = '';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(name: string, args: Record<string, unknown>): Promise<{ output: any; summary: string }> {
  const out = await callTool(tools, name, args, ctx);
  if (!out.ok) throw new Error(`${name} failed: ${out.error?.code} ${out.error?.message}`);
  return { output: out.output, summary: tools.get(name)!.summarize!(out.output) };
}

const json = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
const lines = (f: string): string[] => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '');

/** Make the saved model look worst (or best) possible to the next tune, so replacing it is certain (or impossible). */
function setRecordedBest(which: 'worst' | 'best'): void {
  const rec = json(path.join(runDir, 'record.json'));
  const higher = METRICS[rec.metric as MetricName].direction === 'higher';
  rec.bestScore = (which === 'worst') === higher ? -1e12 : 1e12;
  writeFileSync(path.join(runDir, 'record.json'), JSON.stringify(rec));
}

/** A new search_model run on the dataset of the first run: its dataset id and the call's output. */
async function searchRun(maxTrials: number, learners: string[]) {
  const datasetId: string = json(path.join(runDir, 'record.json')).datasetId;
  const s = await call('search_model', {
    dataset_id: datasetId, target: 'churned', task: null, metric: null, budget_seconds: null, max_trials: maxTrials, seed: 0,
    include_learners: learners, exclude_learners: [], features_id: null, parallelism: 1,
  });
  return { datasetId, s };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-tune-'));
  ctx = { workspaceDir: path.join(dir, 'ws'), resolvePath: (p) => path.resolve(dir, p) };
  const task = submitTask({ dataset: churn, instructions: 'predict churned', maxTrials: 4, seed: 0, workspaceDir: ctx.workspaceDir, parallelism: 1 });
  const result = await task.done;
  taskId = task.id;
  runId = result.run_id!;
  runDir = path.join(ctx.workspaceDir, 'runs', runId);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tune replaces the saved model', () => {
  it('removes the old evaluation, ONNX file and report, says so, and the task record follows', async () => {
    for (const f of ['evaluation.json', 'model.onnx', 'report.md', 'report.html']) expect(existsSync(path.join(runDir, f)), f).toBe(true);
    expect(getTask(ctx.workspaceDir, taskId).summary!.test_score).not.toBeNull();
    const oldManifest = json(path.join(runDir, 'model', 'manifest.json'));
    expect(Object.keys(oldManifest.scores).some((k) => k.startsWith('test_'))).toBe(true);
    setRecordedBest('worst');

    const t = await call('tune', { run_id: runId, learner: null, budget_seconds: 2 });
    expect(t.output.model_updated).toBe(true);
    expect(t.output.removed_files).toEqual(['evaluation.json', 'model.onnx', 'report.md', 'report.html']);
    for (const f of t.output.removed_files) expect(existsSync(path.join(runDir, f)), f).toBe(false);
    expect(t.output.missing_files).toEqual(['evaluation.json', 'model.onnx', 'report.md', 'report.html']);
    expect(t.summary).toContain('Removed the earlier model\'s evaluation.json, model.onnx, report.md, report.html: call evaluate, export_model and report again');
    const manifest = json(path.join(runDir, 'model', 'manifest.json'));
    expect(manifest.createdAt).not.toBe(oldManifest.createdAt);
    expect(Object.keys(manifest.scores).filter((k) => k.startsWith('test_'))).toEqual([]);
    const record = json(path.join(runDir, 'record.json'));
    let task = getTask(ctx.workspaceDir, taskId);
    expect(task.summary).toMatchObject({ best_learner: record.bestLearner, validation_score: manifest.scores.validation, test_score: null, test_metrics: null });
    expect(task.artifacts).toMatchObject({ onnx: null, report: null, report_markdown: null, model: path.join(runDir, 'model') });

    // Calling the tools again makes them for the new model, and the task record shows them.
    const ev = await call('evaluate', { run_id: runId });
    const ex = await call('export_model', { run_id: runId });
    const rep = await call('report', { run_id: runId, lang: null });
    task = getTask(ctx.workspaceDir, taskId);
    expect(task.summary!.test_score).toBe(ev.output.test_score);
    expect(task.summary!.test_metrics!.accuracy).toBe(ev.output.test_metrics.accuracy);
    expect(task.artifacts).toMatchObject({ onnx: ex.output.onnx_path, report: rep.output.html_path });
    const check = await onnxMatchesModel(runDir, churn);
    expect(check.labelMismatches).toBe(0);
    expect(check.maxDiff).toBeLessThan(1e-5);
  }, 60_000);
});

describe('tune without an improvement', () => {
  it('keeps every file of the saved model and names it as kept, not as saved', async () => {
    setRecordedBest('best');
    const files = ['model/manifest.json', 'model/model.json', 'model.onnx', 'evaluation.json'];
    const before = files.map((f) => readFileSync(path.join(runDir, f)));
    const saved = json(path.join(runDir, 'model', 'manifest.json')).learners.map((l: { learner: string }) => l.learner) as string[];

    const t = await call('tune', { run_id: runId, learner: 'gbdt', budget_seconds: 2 });
    expect(t.output.model_updated).toBe(false);
    expect(t.output.removed_files).toEqual([]);
    files.forEach((f, i) => expect(readFileSync(path.join(runDir, f)).equals(before[i]), f).toBe(true));
    // The output describes the model that is saved, not the session's gbdt.
    expect(t.output.finalModel.learners).toEqual(saved);
    expect(t.output.best.learner).toBe('gbdt');
    expect(t.output.notes[0]).toMatch(new RegExp(`^Kept the saved model ${modelName(saved).replace(/[+]/g, '\\+')} \\(validation accuracy [0-9.e+-]+\\): this session's model, gbdt \\(validation accuracy [0-9.]+\\), did not beat it`));
    expect(t.summary).toContain(`Kept the saved model ${modelName(saved)}`);
    expect(t.summary).not.toContain('Saved model:');
    expect(t.output.missing_files).toEqual([]);
    expect(t.summary).not.toContain('has no');
  }, 60_000);

  it('lists the files the kept model lacks and says which tools make them', async () => {
    // As a process killed after saving the model, or an earlier tune that replaced it, leaves the run.
    for (const f of ['evaluation.json', 'report.md', 'report.html']) rmSync(path.join(runDir, f));
    setRecordedBest('best');
    const t = await call('tune', { run_id: runId, learner: null, budget_seconds: 1 });
    expect(t.output.model_updated).toBe(false);
    expect(t.output.removed_files).toEqual([]);
    expect(t.output.missing_files).toEqual(['evaluation.json', 'report.md', 'report.html']);
    // only the tools whose files are missing (model.onnx is still there)
    expect(t.summary).toContain('The saved model has no evaluation.json, report.md, report.html: call evaluate and report to make them.');
    // Notes about how this session's best was fitted are said of a candidate that was not kept.
    expect(t.output.notes.filter(isFinalModelNote)).toEqual([]);
    await call('evaluate', { run_id: runId });
    await call('report', { run_id: runId, lang: null });
  }, 60_000);
});

describe('tune continues an interrupted run made before request.json existed', () => {
  it('finds the settings of a task-made run in the task event log', async () => {
    const features = json(path.join(runDir, 'request.json')).featureOptions;
    expect(features).not.toBeNull(); // the offline plan's engineer_features options
    const plan = json(path.join(runDir, 'plan.json'));
    // As a task killed during its search leaves the folder: no record, model or plan.json.
    for (const f of ['record.json', 'request.json', 'plan.json']) rmSync(path.join(runDir, f));
    rmSync(path.join(runDir, 'model'), { recursive: true });
    const before = lines(path.join(runDir, 'trials.jsonl'));

    const t = await call('tune', { run_id: runId, learner: null, budget_seconds: 2 });
    expect(json(path.join(runDir, 'plan.json'))).toMatchObject({ instruction: 'predict churned', plan: plan.plan });
    expect(t.output.recovered).toBe(true);
    expect(t.output.model_updated).toBe(true);
    expect(t.output.notes[0]).toContain(`its ${before.length} finished trials (${before.filter((l) => JSON.parse(l).status === 'ok').length} scored) were kept and its search continued.`);
    expect(t.output.notes[0]).toContain(`Settings: from the search_model call of task ${taskId}.`);
    expect(lines(path.join(runDir, 'trials.jsonl')).slice(0, before.length)).toEqual(before);
    const record = json(path.join(runDir, 'record.json'));
    expect(record.featureOptions).toEqual(features);
    // The run's own trials plus those of the earlier gbdt tune session (tune-1).
    expect(record.trials).toBe(lines(path.join(runDir, 'trials.jsonl')).length + lines(path.join(runDir, 'tune-1', 'trials.jsonl')).length);
    expect(existsSync(path.join(runDir, 'model', 'manifest.json'))).toBe(true);
  }, 60_000);

  it('matches a search_model run to its dataset and target by the data fingerprint', async () => {
    const { datasetId, s } = await searchRun(3, ['logistic_regression', 'gbdt']);
    const d = path.join(ctx.workspaceDir, 'runs', s.output.run_id);
    expect(json(path.join(d, 'request.json'))).toMatchObject({ datasetId, target: 'churned', maxTrials: 3 });
    expect(existsSync(path.join(d, 'session.lock'))).toBe(false);
    for (const f of ['record.json', 'request.json', 'leaderboard.json']) rmSync(path.join(d, f));
    rmSync(path.join(d, 'model'), { recursive: true });
    const before = lines(path.join(d, 'trials.jsonl'));

    const t = await call('tune', { run_id: s.output.run_id, learner: 'logistic_regression', budget_seconds: 2 });
    expect(t.output.recovered).toBe(true);
    expect(t.output.notes[0]).toContain(`Settings: dataset ${datasetId} and target 'churned' (matched by the data fingerprint;`);
    expect(t.output.notes.join(' ')).toContain('continued with logistic_regression only');
    expect(lines(path.join(d, 'trials.jsonl')).slice(0, before.length)).toEqual(before);
    expect(json(path.join(d, 'record.json'))).toMatchObject({ datasetId, target: 'churned' });
    expect(json(path.join(d, 'leaderboard.json')).leaderboard.length).toBeGreaterThan(0);
  }, 60_000);

  it('runs the search from the start of a run killed before its search engine started (request.json and split.json only)', async () => {
    const { datasetId, s } = await searchRun(3, ['logistic_regression']);
    const d = path.join(ctx.workspaceDir, 'runs', s.output.run_id);
    const split = readFileSync(path.join(d, 'split.json'), 'utf8');
    for (const f of ['record.json', 'run.json', 'trials.jsonl', 'leaderboard.json', 'model', 'oof']) rmSync(path.join(d, f), { recursive: true, force: true });

    const t = await call('tune', { run_id: s.output.run_id, learner: null, budget_seconds: 1 });
    expect(t.output).toMatchObject({ recovered: true, model_updated: true, metric: 'accuracy' });
    expect(t.output.notes[0]).toBe(`Run ${s.output.run_id} was interrupted before its search started (no trial finished, no model was saved): its search was run from the start with the settings in request.json.`);
    expect(t.output.missing_files).toEqual(['evaluation.json', 'model.onnx', 'report.md', 'report.html']);
    expect(t.summary).toContain('call evaluate, export_model and report to make them');
    expect(readFileSync(path.join(d, 'split.json'), 'utf8')).toBe(split);
    expect(json(path.join(d, 'record.json'))).toMatchObject({ runId: s.output.run_id, datasetId, target: 'churned', learners: ['logistic_regression'] });
    expect(lines(path.join(d, 'trials.jsonl')).length).toBe(t.output.trials);
    expect(existsSync(path.join(d, 'model', 'manifest.json'))).toBe(true);
  }, 60_000);
});

describe('tune sessions of one learner build on each other', () => {
  it('starts from the best trial of every earlier session, uses the run folds, and continues a killed session in its folder', async () => {
    const { datasetId, s } = await searchRun(4, ['logistic_regression', 'gbdt']);
    const d = path.join(ctx.workspaceDir, 'runs', s.output.run_id);
    const runInfo = json(path.join(d, 'run.json'));
    // What a later session must beat is the saved model's own validation score (an ensemble's, not its best member's).
    expect(json(path.join(d, 'record.json')).bestScore).toBe(json(path.join(d, 'model', 'manifest.json')).scores.validation);
    const trialsOf = (f: string) => lines(f).map((l) => JSON.parse(l));
    // The best gbdt trial over the folders; an exact tie goes to the earlier folder, then the earlier trial.
    const bestGbdt = (dirs: string[]) =>
      dirs
        .flatMap((x) => trialsOf(path.join(x, 'trials.jsonl')).map((t) => ({ ...t, dir: x })))
        .filter((t) => t.learner === 'gbdt' && t.status === 'ok')
        .sort((a, b) => b.score - a.score || (a.dir === b.dir ? a.trialId - b.trialId : 0))[0];

    await call('tune', { run_id: s.output.run_id, learner: 'gbdt', budget_seconds: 2 });
    const t1 = path.join(d, 'tune-1');
    expect(existsSync(path.join(t1, 'leaderboard.json'))).toBe(true);
    // The start is the run's best gbdt, run with its trial's seed on the run's folds: the same score, not a fresh draw.
    const runBest = bestGbdt([d]);
    const given1 = trialsOf(path.join(t1, 'trials.jsonl')).find((t) => t.kind === 'given');
    expect(given1.params).toMatchObject(runBest.params);
    expect(given1.seed).toBe(runBest.seed);
    expect(given1.score).toBe(runBest.score);
    expect(json(path.join(t1, 'run.json')).validation).toEqual(runInfo.validation);

    // A second session starts from the best gbdt of the run and of tune-1 (ties: the earlier trial).
    const start = bestGbdt([d, t1]);
    const second = await call('tune', { run_id: s.output.run_id, learner: 'gbdt', budget_seconds: 2 });
    const t2 = path.join(d, 'tune-2');
    const given = trialsOf(path.join(t2, 'trials.jsonl')).find((t) => t.kind === 'given');
    expect(given.params).toMatchObject(start.params);
    const started = `Started from the best gbdt configuration of the earlier tune session tune-1.`;
    expect(second.output.notes.includes(started)).toBe(start.dir === t1);

    // Killed after some trials: no leaderboard.json. The next gbdt tune continues tune-2 and keeps its trials.
    rmSync(path.join(t2, 'leaderboard.json'));
    const before = lines(path.join(t2, 'trials.jsonl'));
    const record = json(path.join(d, 'record.json'));
    const t = await call('tune', { run_id: s.output.run_id, learner: 'gbdt', budget_seconds: 2 });
    expect(existsSync(path.join(d, 'tune-3'))).toBe(false);
    expect(t.output.notes).toContain(`Continued the interrupted tune session in tune-2: its ${before.length} finished trial${before.length === 1 ? '' : 's'} were kept.`);
    const after = lines(path.join(t2, 'trials.jsonl'));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBeGreaterThan(before.length);
    expect(json(path.join(t2, 'run.json')).sessions).toBe(2);
    expect(t.output.trials).toBe(after.length);
    expect(t.output.sessionTrials).toBe(after.length - before.length);
    expect(t.summary).toContain(`${after.length} trials, ${after.length - before.length} of them in this `);
    // The run counts every finished trial of its own search and of each tune session.
    const total = () => [d, t1, t2, path.join(d, 'tune-3')].reduce((a, x) => a + (existsSync(path.join(x, 'trials.jsonl')) ? lines(path.join(x, 'trials.jsonl')).length : 0), 0);
    expect(json(path.join(d, 'record.json')).trials).toBe(total());
    expect(record.trials).toBeLessThan(total());

    // Another learner's tune does not continue a killed gbdt session: it gets its own folder...
    rmSync(path.join(t2, 'leaderboard.json'));
    await call('tune', { run_id: s.output.run_id, learner: 'logistic_regression', budget_seconds: 1 });
    expect(json(path.join(d, 'tune-3', 'run.json')).learners).toEqual(['logistic_regression']);
    // ...and the next gbdt session still continues tune-2; a plain resume keeps counting the tune trials.
    const before2 = lines(path.join(t2, 'trials.jsonl'));
    const again = await call('tune', { run_id: s.output.run_id, learner: 'gbdt', budget_seconds: 1 });
    expect(existsSync(path.join(d, 'tune-4'))).toBe(false);
    expect(again.output.notes).toContain(`Continued the interrupted tune session in tune-2: its ${before2.length} finished trials were kept.`);
    await call('tune', { run_id: s.output.run_id, learner: null, budget_seconds: 1 });
    expect(json(path.join(d, 'record.json')).trials).toBe(total());
  }, 90_000);
});

describe('tune of a learner the run never ran', () => {
  it('offers the learners with a finished trial, and a family takes the one of its learners that ran', async () => {
    const { s } = await searchRun(2, ['logistic_regression', 'gbdt', 'random_forest', 'extra_trees']);
    const ran = [...new Set(lines(path.join(ctx.workspaceDir, 'runs', s.output.run_id, 'trials.jsonl')).map((l) => JSON.parse(l).learner as string))];
    expect(ran.length).toBe(2);
    const record = json(path.join(ctx.workspaceDir, 'runs', s.output.run_id, 'record.json'));
    expect(record.learners.length).toBeGreaterThan(2); // candidates that never started
    const err = async (learner: string) => {
      const out = await callTool(tools, 'tune', { run_id: s.output.run_id, learner, budget_seconds: 1 }, ctx);
      expect(out.ok).toBe(false);
      return (out.error as unknown as { cause: AskmlError }).cause;
    };
    const unknown = await err('foo');
    expect(unknown.code).toBe('UNKNOWN_LEARNER');
    expect([...(unknown.details.choices as string[])].sort()).toEqual([...ran].sort());
    const never = record.learners.find((l: string) => !ran.includes(l));
    const notRun = await err(never);
    expect(notRun.code).toBe('NOT_FOUND');
    expect([...(notRun.details.choices as string[])].sort()).toEqual([...ran].sort());
    // Two trials start with the cheapest learners: no forest ran.
    expect(ran).not.toContain('random_forest');
    expect(ran).not.toContain('extra_trees');
    expect((await err('forest')).message).toContain("no finished trial of a 'forest' learner");
    // 'linear' (logistic_regression, linear_svm): only logistic_regression ran, so it is that one, and a note says so.
    const linear = await call('tune', { run_id: s.output.run_id, learner: 'linear', budget_seconds: 1 });
    expect(linear.output.notes).toContain("'linear' was taken as logistic_regression: the only one of its learners (logistic_regression, linear_svm) with a finished trial in this run.");
    // predict with the run id of a finished run whose model folder is gone names the run (audit: 'not an askml model folder').
    rmSync(path.join(ctx.workspaceDir, 'runs', s.output.run_id, 'model'), { recursive: true, force: true });
    const pred = await callTool(tools, 'predict', { model: s.output.run_id, path: churn, out_path: null, format: null, keep: null }, ctx);
    expect(pred.ok).toBe(false);
    expect(pred.error!.message).toContain(`Run '${s.output.run_id}' has no saved model:`);
    // ...as evaluate, export_model and report do (audit: "'.../model' does not exist. Pass a run id")
    for (const [tool, args] of [['evaluate', { run_id: s.output.run_id }], ['export_model', { run_id: s.output.run_id }], ['report', { run_id: s.output.run_id, lang: null }]] as const) {
      const out = await callTool(tools, tool, args as Record<string, unknown>, ctx);
      expect(out.ok, tool).toBe(false);
      expect(out.error!.message, tool).toContain(`Run '${s.output.run_id}' has no saved model:`);
    }
    // ...and the resume its hint names saves one, whatever it scores (audit: it compared with the lost model and failed),
    // saying so (audit: "the saved model was replaced").
    const resumed = await call('tune', { run_id: s.output.run_id, learner: null, budget_seconds: 1 });
    expect(resumed.output.notes.join(' ')).toContain("The run's model folder held no saved model (removed?): this session's model");
    expect(resumed.output.notes.join(' ')).not.toContain('the saved model was replaced');
    expect(existsSync(path.join(ctx.workspaceDir, 'runs', s.output.run_id, 'model', 'manifest.json'))).toBe(true);
  }, 60_000);
});
