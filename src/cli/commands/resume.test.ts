/**
 * `askml resume` of a run whose `askml search` process was killed with SIGKILL, through bin/askml
 * in a temp workspace: while the search runs it is listed as running and resume refuses it; after
 * the kill it is listed as unfinished with the resume hint, and resume continues it keeping every
 * finished trial, then writes the record, model, leaderboard, evaluation, ONNX file and report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../learners/index.js';
import { onnxMatchesModel } from '../../../test/fixtures/onnx-check.js';
import { isFinalModelNote } from '../../task/run-search.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin/askml');
const churn = path.join(root, 'examples/churn.csv');
let ws = '';
let child: ChildProcess | null = null;

function askml(...args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root, env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const lines = (f: string): string[] => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '');

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'askml-resume-'));
});
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(ws, { recursive: true, force: true });
});

describe('askml resume after the search process was killed', () => {
  it('lists a live search as running, a killed one as unfinished, and continues it keeping every finished trial', async () => {
    child = spawn(bin, ['search', churn, '--target', 'churned', '--budget', '120', '--json'], {
      cwd: root,
      env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '' },
      stdio: 'ignore',
    });
    const runsDir = path.join(ws, 'runs');
    let runId = '';
    const t0 = Date.now();
    while (Date.now() - t0 < 45_000) {
      const ids = existsSync(runsDir) ? spawnSync('ls', [runsDir], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean) : [];
      if (ids.length === 1 && existsSync(path.join(runsDir, ids[0], 'trials.jsonl')) && lines(path.join(runsDir, ids[0], 'trials.jsonl')).length >= 5) {
        runId = ids[0];
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(runId, 'the search wrote 5 trials').not.toBe('');
    const dir = path.join(runsDir, runId);

    // Still searching in the other process: running, not resumable.
    const live = JSON.parse(askml('runs', '--json').out);
    expect(live.runs[0]).toMatchObject({ runId, status: 'running', target: 'churned', metric: 'accuracy' });
    const busy = askml('resume', runId, '--budget', '2');
    expect(busy.code).toBe(2);
    expect(busy.err).toContain(`Run '${runId}' is busy`);

    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = null;
    expect(existsSync(path.join(dir, 'record.json'))).toBe(false);
    const before = lines(path.join(dir, 'trials.jsonl'));
    expect(before.length).toBeGreaterThanOrEqual(5);

    const listed = JSON.parse(askml('runs', '--json').out).runs[0];
    expect(listed).toMatchObject({ runId, status: 'unfinished', trials: before.length });
    expect(listed.hint).toContain(`askml resume ${runId} --budget S`);
    expect(listed).toMatchObject({ target: 'churned', metric: 'accuracy' });
    expect(listed.bestTrial.score).toBeGreaterThan(0.5);
    const human = askml('runs').out;
    expect(human).toContain(`${runId} (unfinished): It was interrupted with ${before.length} finished trials, which are kept: continue it with 'askml resume ${runId} --budget S'.`);
    expect(human).not.toContain('MCP');
    // The table shows the target, metric and best trial so far of a run without a model.
    expect(human).toMatch(new RegExp(`^${runId}\\s+unfinished\\s+churned\\s+accuracy\\s+${listed.bestTrial.learner}\\s+0\\.\\d+\\s+${before.length}\\s*$`, 'm'));
    // No model yet: predict says so and how to finish the run, not "not an askml model folder".
    const p = askml('predict', '--model', runId, '--data', churn, '--out', path.join(ws, 'p.csv'));
    expect(p.code).toBe(2);
    expect(p.err).toContain(`Run '${runId}' has no saved model yet: its search did not finish. It was interrupted with ${before.length} finished trials, which are kept: continue it with 'askml resume ${runId} --budget S'.`);

    const r = askml('resume', runId, '--budget', '3', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.recovered).toBe(true);
    expect(out.model_updated).toBe(true);
    expect(out.notes[0]).toContain(`its ${before.length} finished trials (${before.filter((l) => JSON.parse(l).status === 'ok').length} scored) were kept and its search continued.`);

    // Every finished trial is kept, unchanged and first; new ones follow with new ids.
    const after = lines(path.join(dir, 'trials.jsonl'));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBeGreaterThan(before.length);
    const ids = after.map((l) => JSON.parse(l).trialId as number);
    expect(new Set(ids).size).toBe(ids.length);
    expect(out.trials).toBe(after.length);

    // A complete run: record, model, leaderboard, and evaluation, ONNX and report of that model.
    const record = JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8'));
    expect(record).toMatchObject({ runId, target: 'churned', metric: 'accuracy', trials: after.length });
    expect(record.learners).toContain('gbdt');
    expect(JSON.parse(readFileSync(path.join(dir, 'leaderboard.json'), 'utf8')).leaderboard.length).toBeGreaterThan(0);
    expect(out.refreshed.evaluation.test_rows).toBe(160);
    const evaluation = JSON.parse(readFileSync(path.join(dir, 'evaluation.json'), 'utf8'));
    expect(evaluation.testMetrics.accuracy).toBe(out.refreshed.evaluation.test_metrics.accuracy);
    expect(out.refreshed.onnx.path).toBe(path.join(dir, 'model.onnx'));
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toContain('churned');
    const check = await onnxMatchesModel(dir, churn);
    expect(check).toMatchObject({ rows: 800, labelMismatches: 0 });
    expect(check.maxDiff).toBeLessThan(1e-5);

    // askml runs now shows it finished, and predict uses the model.
    expect(JSON.parse(askml('runs', '--json').out).runs[0]).toMatchObject({ runId, trials: after.length, bestLearner: record.bestLearner });
    const pred = askml('predict', '--model', runId, '--data', churn, '--out', path.join(ws, 'p.csv'));
    expect(pred.code, pred.err).toBe(0);
    expect(lines(path.join(ws, 'p.csv')).length).toBe(801);
  }, 120_000);

  it('says why a run killed before it recorded its settings cannot be resumed', () => {
    const id = 'run_20200101000000_abcdef';
    mkdirSync(path.join(ws, 'runs', id), { recursive: true });
    writeFileSync(path.join(ws, 'runs', id, 'split.json'), '{"kind":"holdout","source":"x","trainRows":1,"testRows":1,"seed":0,"test":[0]}\n');
    const listed = JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === id);
    expect(listed).toMatchObject({ status: 'unfinished', trials: 0 });
    expect(listed.hint).toBe("It stopped before its search started and recorded too little to start it again. Start a new search with 'askml search DATA --target COL'.");
    const r = askml('resume', id, '--budget', '2');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Run '${id}' cannot be resumed: its search stopped before it started`);
    expect(r.err).toContain("Start a new search with 'askml search DATA --target COL'.");
    rmSync(path.join(ws, 'runs', id), { recursive: true });
  });
});

/** Spawn askml and SIGKILL it as soon as `file` appears in its (only new) run folder; returns the run id. */
async function killWhen(args: string[], file: string): Promise<string> {
  const runsDir = path.join(ws, 'runs');
  const known = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
  child = spawn(bin, args, { cwd: root, env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '' }, stdio: 'ignore' });
  let runId = '';
  const t0 = Date.now();
  while (!runId && Date.now() - t0 < 45_000) {
    const fresh = existsSync(runsDir) ? readdirSync(runsDir).filter((id) => !known.has(id)) : [];
    if (fresh.length === 1 && existsSync(path.join(runsDir, fresh[0], file))) runId = fresh[0];
    else await new Promise((r) => setTimeout(r, 2));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
  child = null;
  expect(runId, `the process wrote ${file}`).not.toBe('');
  return runId;
}

const DERIVED = ['evaluation.json', 'model.onnx', 'report.md', 'report.html'];

describe('askml search killed before its first trial finished', () => {
  let runId = '';
  let dir = '';

  it('is listed with its target and metric and a resume command, and resume runs its search from the start', async () => {
    runId = await killWhen(['search', churn, '--target', 'churned', '--budget', '30', '--json'], 'request.json');
    dir = path.join(ws, 'runs', runId);
    // Killed before the search engine wrote run.json (almost always at this point; made certain here).
    for (const f of ['run.json', 'trials.jsonl', 'leaderboard.json', 'oof']) rmSync(path.join(dir, f), { recursive: true, force: true });
    expect(existsSync(path.join(dir, 'split.json'))).toBe(true);

    const listed = JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId);
    expect(listed).toMatchObject({ status: 'unfinished', trials: 0, target: 'churned', metric: 'accuracy', bestTrial: null });
    expect(listed.hint).toBe(`It stopped before any trial finished, so there is nothing to keep: 'askml resume ${runId} --budget S' runs its search from the start with the run's settings.`);
    const human = askml('runs').out;
    expect(human).toMatch(new RegExp(`^${runId}\\s+unfinished\\s+churned\\s+accuracy\\s+0\\s*$`, 'm'));
    expect(human).not.toContain('search_model');

    const r = askml('resume', runId, '--budget', '2', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ recovered: true, model_updated: true, missing_files: [] });
    expect(out.notes[0]).toBe(`Run ${runId} was interrupted before its search started (no trial finished, no model was saved): its search was run from the start with the settings in request.json.`);
    expect(out.trials).toBeGreaterThan(0);
    expect(out.refreshed.evaluation.test_rows).toBe(160);
    expect(out.refreshed.onnx.path).toBe(path.join(dir, 'model.onnx'));
    expect(out.refreshed.report.markdown_path).toBe(path.join(dir, 'report.md'));
    for (const f of ['record.json', 'model/manifest.json', ...DERIVED]) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8'))).toMatchObject({ runId, target: 'churned', metric: 'accuracy', trials: out.trials });
    expect(JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId).hint).toBeUndefined();
  }, 90_000);

  it('a run whose search started but had no finished trial: the note says there was no trial to keep', () => {
    // As a kill right after the search engine started leaves it: run.json and an empty trial log.
    for (const f of ['record.json', 'model', 'leaderboard.json', 'oof', ...DERIVED]) rmSync(path.join(dir, f), { recursive: true, force: true });
    writeFileSync(path.join(dir, 'trials.jsonl'), '');
    const listed = JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId);
    expect(listed).toMatchObject({ status: 'unfinished', trials: 0, target: 'churned', metric: 'accuracy' });
    expect(listed.hint).toContain('runs its search from the start');
    const r = askml('resume', runId, '--budget', '1', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ recovered: true, model_updated: true });
    expect(out.notes[0]).toBe(`Run ${runId} was interrupted before any trial finished (no model was saved), so there was no trial to keep: its search was run from the start with the run's settings.`);
    expect(out.notes.join(' ')).not.toMatch(/\b0 finished trials/);
    for (const f of DERIVED) expect(existsSync(path.join(dir, f)), f).toBe(true);
  }, 60_000);
});

describe('askml run killed after it saved the model, before its evaluation, ONNX file and report', () => {
  it('is flagged by askml runs, and a resume that keeps the model makes the missing files for it', async () => {
    const runId = await killWhen(['run', 'predict churned', '--data', churn, '--budget', '2', '--json'], 'record.json');
    const dir = path.join(ws, 'runs', runId);
    expect(existsSync(path.join(dir, 'model', 'manifest.json'))).toBe(true);
    const missing = DERIVED.filter((f) => !existsSync(path.join(dir, f)));
    expect(missing).toContain('report.md'); // the last step: the kill came first

    const listed = JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId);
    expect(listed.missingFiles).toEqual(missing);
    expect(listed.hint).toContain(`'askml resume ${runId} --budget 1' makes them for the saved model`);
    const human = askml('runs').out;
    expect(human).toMatch(new RegExp(`^${runId}\\s+[a-z_]+ \\((not evaluated|no report)\\)\\s+churned\\s+accuracy`, 'm'));
    expect(human).toContain(`${runId} (${missing.includes('evaluation.json') ? 'not evaluated' : 'no report'}): Its model is saved, but ${missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ` : ''}${missing.at(-1)}`);

    // Nothing can beat it: the model is kept, and still gets its files.
    const model = readFileSync(path.join(dir, 'model', 'model.json'));
    const rec = JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8'));
    writeFileSync(path.join(dir, 'record.json'), JSON.stringify({ ...rec, bestScore: 2 }));
    const r = askml('resume', runId, '--budget', '1', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.model_updated).toBe(false);
    expect(out.missing_files).toEqual([]);
    expect(out.refreshed.report.markdown_path).toBe(path.join(dir, 'report.md'));
    if (missing.includes('evaluation.json')) expect(out.refreshed.evaluation.test_rows).toBe(160);
    if (missing.includes('model.onnx')) expect(out.refreshed.onnx.path).toBe(path.join(dir, 'model.onnx'));
    for (const f of DERIVED) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(readFileSync(path.join(dir, 'model', 'model.json')).equals(model)).toBe(true);
    const check = await onnxMatchesModel(dir, churn);
    expect(check).toMatchObject({ rows: 800, labelMismatches: 0 });
    expect(check.maxDiff).toBeLessThan(1e-5);

    const after = JSON.parse(askml('runs', '--json').out);
    const run = after.runs.find((x: { runId: string }) => x.runId === runId);
    expect(run.hint).toBeUndefined();
    expect(run.missingFiles).toBeUndefined();
    const evaluation = JSON.parse(readFileSync(path.join(dir, 'evaluation.json'), 'utf8'));
    const task = after.tasks.find((t: { runId: string }) => t.runId === runId);
    expect(task.summary.test_score).toBe(evaluation.evaluation.primary.value);
  }, 90_000);
});

describe('askml resume of an askml search run that keeps its bagged model', () => {
  it('notes describe the saved model, the candidate is said not kept, and the missing files are made', () => {
    const s = askml('search', path.join(root, 'examples/house-prices.csv'), '--target', 'price', '--trials', '4', '--json');
    expect(s.code, s.err).toBe(0);
    const runId = JSON.parse(s.out).run_id as string;
    const dir = path.join(ws, 'runs', runId);
    const listed = JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId);
    expect(listed.missingFiles).toEqual(DERIVED);
    expect(listed.hint).toContain(`'askml resume ${runId} --budget 1' makes them`);
    const rec = JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8'));
    const savedNotes = (rec.notes as string[]).filter(isFinalModelNote);
    expect(savedNotes.join(' ')).toContain('Final model: the 5 fold models of each member averaged (bagging)');
    writeFileSync(path.join(dir, 'record.json'), JSON.stringify({ ...rec, bestScore: 0 })); // rmse 0: nothing beats it

    const r = askml('resume', runId, '--budget', '1', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.model_updated).toBe(false);
    expect((out.notes as string[]).filter(isFinalModelNote)).toEqual([]);
    expect((out.notes as string[]).some((n) => n.startsWith("This session's candidate model (not kept): "))).toBe(true);
    // record.json keeps the notes about how the saved model was fitted.
    expect((JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8')).notes as string[]).filter(isFinalModelNote)).toEqual(savedNotes);
    expect(out.refreshed.evaluation.test_rows).toBe(120);
    expect(out.refreshed.onnx.path).toBe(path.join(dir, 'model.onnx'));
    for (const f of DERIVED) expect(existsSync(path.join(dir, f)), f).toBe(true);

    // Human output of a kept model that lacks nothing: no "had no" line, the candidate note.
    const h = askml('resume', runId, '--budget', '1');
    expect(h.code, h.err).toBe(0);
    expect(h.out).toContain(`Kept the saved model ${rec.bestLearner}`);
    expect(h.out).not.toContain('had no');
    expect(h.out).not.toContain('Notes: Final model:');
  }, 90_000);
});

describe('askml resume of a finished run', () => {
  let run: { run_id: string; task_id: string; metric: string };
  let dir = '';
  const setBest = (score: number) => {
    const rec = JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8'));
    writeFileSync(path.join(dir, 'record.json'), JSON.stringify({ ...rec, bestScore: score }));
  };

  it('replacing the model: evaluates, exports and reports the new one, and the task shows its test score', async () => {
    const r = askml('run', 'predict churned', '--data', churn, '--trials', '4', '--json');
    expect(r.code, r.err).toBe(0);
    run = JSON.parse(r.out);
    dir = path.join(ws, 'runs', run.run_id);
    const oldEvaluation = readFileSync(path.join(dir, 'evaluation.json'), 'utf8');
    setBest(-1); // every trial beats it: the model is replaced
    const res = askml('resume', run.run_id, '--budget', '2', '--json');
    expect(res.code, res.err).toBe(0);
    const out = JSON.parse(res.out);
    expect(out.model_updated).toBe(true);
    expect(out.removed_files).toEqual(['evaluation.json', 'model.onnx', 'report.md', 'report.html']);
    const evaluation = readFileSync(path.join(dir, 'evaluation.json'), 'utf8');
    expect(evaluation).not.toBe(oldEvaluation);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'model', 'manifest.json'), 'utf8'));
    expect(manifest.scores[`test_${out.metric}`]).toBe(out.refreshed.evaluation.test_score);
    expect(out.refreshed.onnx.path).toBe(path.join(dir, 'model.onnx'));
    const check = await onnxMatchesModel(dir, churn);
    expect(check).toMatchObject({ rows: 800, labelMismatches: 0 });
    expect(check.maxDiff).toBeLessThan(1e-5);
    expect(out.refreshed.report.markdown_path).toBe(path.join(dir, 'report.md'));
    const task = JSON.parse(askml('runs', '--json').out).tasks.find((t: { id: string }) => t.id === run.task_id);
    expect(task.summary.test_score).toBe(out.refreshed.evaluation.test_score);
    expect(task.summary.best_learner).toBe(JSON.parse(readFileSync(path.join(dir, 'record.json'), 'utf8')).bestLearner);
  }, 60_000);

  it('keeping the model: says it was kept, naming it, and leaves its files alone', () => {
    const learners = JSON.parse(readFileSync(path.join(dir, 'model', 'manifest.json'), 'utf8')).learners.map((l: { learner: string }) => l.learner) as string[];
    const onnx = readFileSync(path.join(dir, 'model.onnx'));
    setBest(1e12); // nothing beats it
    const res = askml('resume', run.run_id, '--budget', '2', '--learner', 'logistic_regression');
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain('Kept the saved model ');
    for (const l of new Set(learners)) expect(res.out).toMatch(new RegExp(`Kept the saved model [^:]*${l}`));
    expect(res.out).toContain("this session's model, logistic_regression (validation");
    expect(res.out).toContain('did not beat it, so the model was not replaced.');
    expect(res.out).not.toContain('Saved model:');
    expect(readFileSync(path.join(dir, 'model.onnx')).equals(onnx)).toBe(true);
  }, 60_000);
});

describe('askml resume --learner killed during its search', () => {
  it('is listed as an interrupted tune session, and the next session of that learner continues it keeping its trials', async () => {
    const s = askml('search', churn, '--target', 'churned', '--trials', '4', '--learners', 'logistic_regression,gbdt', '--json');
    expect(s.code, s.err).toBe(0);
    const runId = JSON.parse(s.out).run_id as string;
    const dir = path.join(ws, 'runs', runId);
    const log = path.join(dir, 'tune-1', 'trials.jsonl');
    // SIGKILL once the session has finished three trials.
    child = spawn(bin, ['resume', runId, '--budget', '60', '--learner', 'gbdt'], { cwd: root, env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '' }, stdio: 'ignore' });
    const t0 = Date.now();
    while (!(existsSync(log) && lines(log).length >= 3) && Date.now() - t0 < 45_000) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = null;
    const before = lines(log);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(existsSync(path.join(dir, 'tune-1', 'leaderboard.json'))).toBe(false);

    const listed = JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId);
    expect(listed.interruptedTunes).toMatchObject([{ session: 'tune-1', learner: 'gbdt', trials: before.length }]);
    const human = askml('runs').out;
    expect(human).toMatch(new RegExp(`^${runId}\\s+\\S+ \\([^)]*tune-1 interrupted\\)`, 'm'));
    expect(human).toContain(`'askml resume ${runId} --budget S --learner gbdt' continues it.`);

    const r = askml('resume', runId, '--budget', '2', '--learner', 'gbdt', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.notes).toContain(`Continued the interrupted tune session in tune-1: its ${before.length} finished trials were kept.`);
    expect(existsSync(path.join(dir, 'tune-2'))).toBe(false);
    expect(lines(log).slice(0, before.length)).toEqual(before);
    expect(out.trials).toBe(lines(log).length);
    expect(JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId).interruptedTunes).toBeUndefined();
  }, 120_000);
});

describe('askml resume (all learners) of a finished run, killed during its search', () => {
  it('is listed as being resumed while it runs, then as resume interrupted with the kept trials; the next resume goes on from them', async () => {
    const s = askml('search', churn, '--target', 'churned', '--trials', '3', '--learners', 'logistic_regression,gbdt', '--json');
    expect(s.code, s.err).toBe(0);
    const runId = JSON.parse(s.out).run_id as string;
    const log = path.join(ws, 'runs', runId, 'trials.jsonl');
    const recorded = lines(log).length;
    child = spawn(bin, ['resume', runId, '--budget', '60'], { cwd: root, env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '' }, stdio: 'ignore' });
    const t0 = Date.now();
    while (!(lines(log).length >= recorded + 3) && Date.now() - t0 < 45_000) await new Promise((r) => setTimeout(r, 5));
    const live = askml('runs').out;
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = null;
    expect(live).toMatch(new RegExp(`^${runId}\\s+\\S+ \\(being resumed\\)`, 'm'));
    expect(live).toContain(`${runId} (being resumed): Its search is being continued`);
    expect(live).not.toContain(`'askml resume ${runId} --budget 1'`);

    const total = lines(log).length;
    const listed = JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId);
    expect(listed.trials).toBe(total);
    expect(listed.interruptedResume.trials).toBe(total - recorded);
    const human = askml('runs').out;
    expect(human).toMatch(new RegExp(`^${runId}\\s+\\S+ \\([^)]*resume interrupted\\)\\s.*\\s${total}$`, 'm'));
    expect(human).toContain(`A resume of it was interrupted with ${total - recorded} more finished trials, which are kept: 'askml resume ${runId} --budget S' goes on from them.`);

    const r = askml('resume', runId, '--budget', '2', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).trials).toBeGreaterThanOrEqual(total);
    const after = JSON.parse(askml('runs', '--json').out).runs.find((x: { runId: string }) => x.runId === runId);
    expect(after.interruptedResume).toBeUndefined();
    expect(after.trials).toBe(lines(log).length);
  }, 120_000);
});

describe('askml runs with a run whose model folder was removed', () => {
  it('tags it "no model" and names the resume that saves one (audit: listed as healthy)', () => {
    const s = askml('search', churn, '--target', 'churned', '--trials', '2', '--json');
    expect(s.code, s.err).toBe(0);
    const runId = JSON.parse(s.out).run_id as string;
    rmSync(path.join(ws, 'runs', runId, 'model'), { recursive: true, force: true });
    const human = askml('runs').out;
    expect(human).toMatch(new RegExp(`^${runId}\\s+completed \\(no model\\)`, 'm'));
    expect(human).toContain(`'askml resume ${runId} --budget S' searches again and saves one.`);
    // a mistyped workspace is named (audit: "No run with id ... in this workspace")
    const wrong = askml('resume', runId, '--budget', '1', '--workspace', path.join(ws, 'no-such-dir'));
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain(`--workspace '${path.join(ws, 'no-such-dir')}' does not exist.`);
  }, 60_000);
});
