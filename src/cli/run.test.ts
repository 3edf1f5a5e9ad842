/** The task commands through bin/askml, in a temp workspace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/askml');
let ws = '';

function askml(...args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root, env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'askml-cli-'));
});
const children: { kill(sig?: NodeJS.Signals): boolean }[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(ws, { recursive: true, force: true });
});

describe('askml run / predict / runs / search / resume', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let run: any;

  it('run --json prints one JSON object with plan, metrics, leaderboard and artifacts', () => {
    const r = askml('run', '对新闻标题进行多类别分类', '--data', 'examples/news-titles.csv', '--budget', '6', '--json');
    expect(r.code, r.err).toBe(0);
    run = JSON.parse(r.out);
    expect(run.plan).toMatchObject({ task_type: 'multiclass', target: 'category', text_columns: ['title'], excluded_columns: [], budget_seconds: 6, max_trials: null });
    expect(typeof run.plan.metric).toBe('string');
    expect(run.plan.assumptions.length).toBeGreaterThan(0);
    // A Chinese plan's assumptions read as the text output shows them: no English type words (audit).
    expect(run.plan.assumptions.join(' ')).not.toMatch(/\b(multiclass|categorical|text|classification)\b/);
    expect(run.plan.assumptions.join(' ')).toContain('多分类');
    expect(run.test_metrics.accuracy).toBeGreaterThan(0.8);
    expect(run.test_metrics.macro_f1).toBeGreaterThan(0.8);
    expect(run.leaderboard.length).toBeGreaterThan(0);
    // One row per learner tried, best first, with its trial count.
    const learners = run.learners as { learner: string; trials: number; bestScore: number | null }[];
    expect(new Set(learners.map((l) => l.learner)).size).toBe(learners.length);
    expect(learners[0].bestScore).toBe(Math.max(...learners.map((l) => l.bestScore ?? -Infinity)));
    expect(learners.reduce((a, l) => a + l.trials, 0)).toBeGreaterThanOrEqual(run.leaderboard.length);
    expect(existsSync(run.artifacts.report)).toBe(true);
    expect(existsSync(path.join(run.artifacts.model, 'manifest.json'))).toBe(true);
    expect(existsSync(run.artifacts.onnx)).toBe(true);
    // what to feed model.onnx (audit: only the task's event log said)
    expect(run.artifacts.onnx_inputs.length).toBeGreaterThan(0);
    expect(run.artifacts.onnx_inputs[0]).toMatch(/^title (string|float)\[N,\d+\]$/);
    expect(run.wall_seconds).toBeLessThan(20);
    // a Chinese instruction: the step lines are Chinese, tool names kept
    expect(r.err).toContain('> 搜索模型（search_model）');
  }, 30_000);

  it('run (text) names the saved model, an ensemble included, with its own validation score (audit)', () => {
    const r = askml('run', 'predict churned', '--data', 'examples/churn.csv', '--trials', '12');
    expect(r.code, r.err).toBe(0);
    const m = /^Saved model: (.+) \(validation accuracy ([0-9.]+)\)$/m.exec(r.out);
    expect(m, r.out).not.toBeNull();
    const runId = /run (run_\w+)\)/.exec(r.out)![1];
    const record = JSON.parse(readFileSync(path.join(ws, 'runs', runId, 'record.json'), 'utf8'));
    expect(Number(m![2])).toBeCloseTo(record.bestScore, 4);
    expect(r.out.indexOf('Saved model:')).toBeLessThan(r.out.indexOf('Test metrics'));
    // a trial count stands where the budget would in the plan (no budget applies)
    expect(r.out).toMatch(/^ {2}trials +12 \(no time budget\)$/m);
    expect(r.out).not.toMatch(/^ {2}budget /m);
    // and in --json: max_trials, with no budget_seconds (audit: 120, the unused default)
    const j = askml('run', 'predict churned with 3 trials', '--data', 'examples/churn.csv', '--json');
    expect(j.code, j.err).toBe(0);
    expect(JSON.parse(j.out).plan).toMatchObject({ budget_seconds: null, max_trials: 3 });
  }, 60_000);

  it('predict writes predictions with the run model', () => {
    const out = path.join(ws, 'pred.csv');
    const r = askml('predict', '--model', run.artifacts.model, '--data', 'examples/news-titles.csv', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('Wrote 400 predictions'); // status on stderr: stdout may be the predictions
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBe(401);
    expect(lines[0].split(',').length).toBe(11); // label + 10 classes
  }, 20_000);

  it('runs lists the task and the run', () => {
    const r = askml('runs', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.tasks.map((t: { id: string }) => t.id)).toContain(run.task_id);
    expect(j.tasks[0].status).toBe('succeeded');
    expect(j.runs.map((x: { runId: string }) => x.runId)).toContain(run.run_id);
    const human = askml('runs');
    expect(human.out).toContain(run.task_id);
  }, 20_000);

  it('search then resume a run', () => {
    const s = askml('search', 'examples/churn.csv', '--target', 'churned', '--trials', '4', '--learners', 'linear', '--json');
    expect(s.code, s.err).toBe(0);
    const out = JSON.parse(s.out);
    expect(out.trials).toBe(4);
    expect(out.learners.map((l: { learner: string }) => l.learner).sort()).toEqual(['linear_svm', 'logistic_regression']);
    expect(out.learners.reduce((a: number, l: { trials: number }) => a + l.trials, 0)).toBe(4);
    const r = askml('resume', out.run_id, '--budget', '2');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Run ${out.run_id}`);
    expect(r.out).toMatch(/Learners \(best validation accuracy of each\)\n[^]*logistic_regression/);
    // The run folder, as predict --model takes it, names the run too (audit: 'not a valid run id').
    const byFolder = askml('resume', path.join(ws, 'runs', out.run_id) + '/', '--budget', '1');
    expect(byFolder.code, byFolder.err).toBe(0);
    expect(byFolder.out).toContain(`Run ${out.run_id}`);
  }, 40_000);

  /** Run bin/askml, send SIGINT (or `signal`) once stderr matches `when`; its exit code, stdout and stderr. */
  async function interruptWhen(args: string[], when: RegExp, signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; out: string; err: string; sent: boolean }> {
    const child = spawn(bin, args, { cwd: root, env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '' } });
    children.push(child);
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => {
      err += b;
      if (!sent && when.test(err)) {
        sent = true;
        child.kill(signal);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, out, err, sent };
  }

  it('Ctrl-C (SIGINT) stops the search and still prints the results (exit 130)', async () => {
    const { code, out, sent } = await interruptWhen(['run', 'predict churned', '--data', 'examples/churn.csv', '--budget', '60', '--json'], /best [a-z_]+ [0-9.]+/);
    expect(sent).toBe(true);
    expect(code).toBe(130);
    const j = JSON.parse(out);
    expect(j.status).toBe('cancelled');
    expect(typeof j.test_metrics.accuracy).toBe('number');
    expect(j.leaderboard.length).toBeGreaterThan(0);
    expect(existsSync(j.artifacts.report)).toBe(true);
    expect(j.wall_seconds).toBeLessThan(30);
  }, 40_000);

  it('Ctrl-C on search stops the search, refits the best model on all training rows and saves it (exit 130)', async () => {
    const { code, out, err, sent } = await interruptWhen(['search', 'examples/churn.csv', '--target', 'churned', '--budget', '60', '--json'], /best [a-z_]+ [0-9.]+ after [1-9]\d* trials/);
    expect(sent).toBe(true);
    expect(code, err).toBe(130);
    expect(err).toContain('Stopping the search: the best model so far is refit and saved');
    const j = JSON.parse(out);
    expect(j.status).toBe('cancelled');
    expect(j.wallSeconds).toBeLessThan(30);
    // Refit on all training rows, not the best trial's first-fold model.
    expect(j.finalModel.refitOnAllRows).toBe(true);
    expect(j.notes.join(' ')).not.toContain('No final refit');
  }, 40_000);

  it('SIGTERM on search stops at once, keeps the best trial\'s model, records the run and frees it (exit 143)', async () => {
    const { code, out, err, sent } = await interruptWhen(['search', 'examples/churn.csv', '--target', 'churned', '--budget', '60', '--json'], /best [a-z_]+ [0-9.]+ after [1-9]\d* trials/, 'SIGTERM');
    expect(sent).toBe(true);
    expect(code, err).toBe(143);
    expect(err).toContain('Terminated (SIGTERM): stopping at once');
    // The progress stops where the search stopped, not at the budget (audit: '60/60s').
    expect(err).not.toContain('60/60s');
    const j = JSON.parse(out);
    expect(j.status).toBe('cancelled');
    expect(j.wallSeconds).toBeLessThan(30);
    const run = path.join(ws, 'runs', j.run_id);
    expect(existsSync(path.join(run, 'model', 'manifest.json'))).toBe(true);
    expect(existsSync(path.join(run, 'session.lock'))).toBe(false);
    const resumed = askml('resume', j.run_id, '--budget', '1');
    expect(resumed.code, resumed.err).toBe(0);
  }, 60_000);

  it('bad input exits 2 with a clear message', () => {
    const noData = askml('run', 'classify');
    expect(noData.code).toBe(2);
    expect(noData.err).toContain('--data FILE');
    const badTarget = askml('search', 'examples/churn.csv', '--target', 'churnd', '--trials', '2');
    expect(badTarget.code).toBe(2);
    expect(badTarget.err).toContain("Did you mean 'churned'?");
    const badRun = askml('resume', 'run_20200101000000_abcdef', '--budget', '2');
    expect(badRun.code).toBe(2);
    expect(badRun.err).toContain('No run with id');
  }, 20_000);

  it('a trial count in the instruction runs that many trials, reproducibly, as --trials does', () => {
    const a = askml('run', 'predict churned with 6 trials', '--data', 'examples/churn.csv', '--json');
    const b = askml('run', 'predict churned with 6 trials', '--data', 'examples/churn.csv', '--json');
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    const [ja, jb] = [JSON.parse(a.out), JSON.parse(b.out)];
    expect(ja.plan.assumptions).toContain('the search runs 6 trials (reproducible) instead of a time budget.');
    // the columns the features leave out on their own are named, not only in the report (audit)
    expect(ja.notes).toContain('Not used as features: customer_id (id: unique per row (640 distinct of 640)).');
    expect(JSON.parse(readFileSync(path.join(ws, 'runs', ja.run_id, 'record.json'), 'utf8')).trials).toBe(6);
    const board = (j: { leaderboard: { learner: string; score: number; params: unknown }[] }) => j.leaderboard.map((r) => [r.learner, r.score, r.params]);
    expect(board(jb)).toEqual(board(ja)); // fit times differ, nothing else
    expect(jb.test_metrics).toEqual(ja.test_metrics);
  }, 60_000);

  it('search --task regression reads an integer target with few values as numbers (audit: no way to ask)', () => {
    const cls = askml('search', 'examples/churn.csv', '--target', 'support_tickets', '--metric', 'rmse', '--trials', '3');
    expect(cls.code).toBe(2);
    expect(cls.err).toContain('--task regression');
    const r = askml('search', 'examples/churn.csv', '--target', 'support_tickets', '--task', 'regression', '--metric', 'rmse', '--trials', '3', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ task: 'regression', metric: 'rmse' });
  }, 30_000);

  it('runs says why a task failed (audit: a failed task was listed without its reason)', () => {
    const r = askml('run', 'predict churned', '--data', 'examples/churn.csv', '--target', 'churnd', '--trials', '2');
    expect(r.code).toBe(2);
    const taskId = /task_\w+/.exec(askml('runs').out.split('Tasks')[1])![0];
    expect(askml('runs').out).toContain(`${taskId} (failed): Target column 'churnd' not found.`);
  }, 20_000);
});
