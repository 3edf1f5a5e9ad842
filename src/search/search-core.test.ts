import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { Deadline } from './deadline.js';
import { readTrials } from './run-log.js';
import { runSearch } from './search-core.js';
import { syntheticData } from './testing/synthetic.js';
import { TOY_MODULE } from './testing/toy-learners.js';

const tmp = mkdtempSync(join(tmpdir(), 'askml-search-'));
let runCount = 0;
const runDir = (): string => join(tmp, `run${runCount++}`);
const data = syntheticData({ rows: 400, cols: 6, task: 'multiclass', nClasses: 3, seed: 1 });
const views = { tree: data.X, linear: data.X };
const base = { views, target: data.target, workerModules: [TOY_MODULE], seed: 3 };

function code(fn: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => 'no error',
      (e: unknown) => (e instanceof AskmlError ? e.code : `not askml: ${String(e)}`),
    );
}

describe('search core', () => {
  it('is reproducible with a trial count and a seed', async () => {
    const opts = { ...base, metric: 'log_loss' as const, learners: ['toy_centroid'], maxTrials: 10, parallelism: 2 };
    const a = await runSearch({ ...opts, runDir: runDir() });
    const b = await runSearch({ ...opts, runDir: runDir() });
    expect(a.trials).toBe(10);
    const strip = (r: typeof a) => r.leaderboard.map((e) => [e.trialId, e.learner, e.params, e.score]);
    expect(strip(a)).toEqual(strip(b));
    // the search moved away from the init config and improved on it
    const init = a.records.find((r) => r.kind === 'init')!;
    expect(a.best!.score).toBeLessThan(init.score!);
    // classification keeps one refit on all rows by default; bag: true averages the 5 cv fold models
    const refit = await runSearch({ ...opts, runDir: runDir(), ensemble: false });
    expect(refit.final!.members.map((m) => [m.trialId, m.fold, m.refit, m.weight])).toEqual([[a.best!.trialId, undefined, true, 1]]);
    const bagged = await runSearch({ ...opts, runDir: runDir(), ensemble: false, bag: true });
    expect(bagged.final!.kind).toBe('single');
    expect(bagged.final!.members.map((m) => [m.trialId, m.fold, m.refit, m.weight])).toEqual([0, 1, 2, 3, 4].map((f) => [a.best!.trialId, f, false, 0.2]));
  });

  it('ends early when every learner has converged, and says so; a resumed run searches again', async () => {
    const d = syntheticData({ rows: 120, cols: 3, task: 'binary', nClasses: 2, seed: 4 });
    const o = { ...base, views: { tree: d.X, linear: d.X }, target: d.target, metric: 'accuracy' as const, learners: ['toy_centroid'], maxTrials: 2000, parallelism: 2 };
    const dir = runDir();
    const r = await runSearch({ ...o, runDir: dir });
    expect(r.trials).toBeLessThan(2000);
    expect(r.status).toBe('completed');
    expect(r.notes.join(' ')).toMatch(/Every learner's search converged/);
    const again = await runSearch({ ...o, runDir: dir, resume: true, maxTrials: 20 });
    expect(again.newTrials).toBeGreaterThan(0);
  });

  it('bags small regression data by default: every ensemble member as its k fold models', async () => {
    const d = syntheticData({ rows: 300, cols: 5, task: 'regression', seed: 9 });
    const o = { ...base, views: { tree: d.X, linear: d.X }, target: d.target, metric: 'rmse' as const, learners: ['toy_centroid'], maxTrials: 10, parallelism: 2, revalidate: false };
    const r = await runSearch({ ...o, runDir: runDir() });
    expect(r.notes.join(' ')).toMatch(/fold models of each member averaged \(bagging\)/);
    const perTrial = new Map<number, number[]>();
    for (const m of r.final!.members) perTrial.set(m.trialId, [...(perTrial.get(m.trialId) ?? []), m.fold!]);
    for (const folds of perTrial.values()) expect(folds).toEqual([0, 1, 2, 3, 4]);
    expect(r.final!.members.every((m) => !m.refit)).toBe(true);
    expect(r.final!.members.reduce((x, m) => x + m.weight, 0)).toBeCloseTo(1, 12);
    const off = await runSearch({ ...o, runDir: runDir(), bag: false });
    expect(off.final!.members.every((m) => m.refit && m.fold === undefined)).toBe(true);
  });

  it('holds a 3 s deadline with parallel workers, also under CPU load', async () => {
    const hogs: ChildProcess[] = [];
    try {
      for (const loaded of [false, true]) {
        if (loaded) for (let i = 0; i < 2; i++) hogs.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
        const t0 = Date.now();
        const r = await runSearch({
          ...base,
          metric: 'accuracy',
          learners: ['toy_slow', 'toy_centroid'],
          deadline: Deadline.fromSeconds(3),
          parallelism: 2,
          runDir: runDir(),
        });
        const wall = (Date.now() - t0) / 1000;
        expect(wall).toBeLessThanOrEqual(5);
        expect(r.status).toBe('budget_exhausted');
        // Without the CPU hogs trials must finish; with them (and other test files running on
        // the same 2 cores) worker start-up alone can take most of the 3 s.
        if (!loaded) {
          expect(r.trials).toBeGreaterThanOrEqual(1);
          expect(r.final).not.toBeNull();
        }
      }
    } finally {
      for (const h of hogs) h.kill('SIGKILL');
    }
  });

  it('cancels on abort and returns the best so far', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 4000);
    const events: string[] = [];
    const r = await runSearch({
      ...base,
      metric: 'accuracy',
      learners: ['toy_slow'],
      deadline: Deadline.fromSeconds(60),
      parallelism: 1,
      runDir: runDir(),
      signal: ac.signal,
      onEvent: (e) => events.push(e.type),
    });
    expect((Date.now() - t0) / 1000).toBeLessThan(6.5);
    expect(r.status).toBe('cancelled');
    expect(r.best).not.toBeNull();
    expect(events[0]).toBe('search_start');
    expect(events).toContain('trial_end');
    expect(events.at(-1)).toBe('search_end');
  });

  it('a hard stop during the final refit ends the run as cancelled, not budget_exhausted or completed', async () => {
    const hard = new AbortController();
    const r = await runSearch({
      ...base,
      metric: 'accuracy',
      learners: ['toy_slow'],
      maxTrials: 2,
      parallelism: 1,
      runDir: runDir(),
      hardSignal: hard.signal,
      onEvent: (e) => {
        if (e.type === 'refit_start') hard.abort();
      },
    });
    expect(r.status).toBe('cancelled');
    expect(r.notes.join(' ')).toMatch(/was stopped \(a second Ctrl-C, SIGTERM or cancel\)/);
  });

  it('resumes after the process was killed, keeping every finished trial', async () => {
    const dir = runDir();
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./testing/search-child.ts', import.meta.url).pathname, dir], {
      stdio: 'ignore',
    });
    const log = join(dir, 'trials.jsonl');
    const t0 = Date.now();
    while (Date.now() - t0 < 30_000) {
      if (existsSync(log) && readTrials(log).length >= 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = readTrials(log);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const d = syntheticData({ rows: 300, cols: 5, task: 'binary', seed: 7 });
    const r = await runSearch({
      views: { tree: d.X, linear: d.X },
      target: d.target,
      metric: 'log_loss',
      learners: ['toy_slow'],
      maxTrials: 2,
      seed: 7,
      parallelism: 1,
      runDir: dir,
      resume: true,
      workerModules: [TOY_MODULE],
    });
    const after = readTrials(log);
    expect(r.newTrials).toBe(2);
    expect(after.length).toBe(before.length + 2);
    expect(after.slice(0, before.length)).toEqual(before);
    const ids = after.map((t) => t.trialId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).sessions).toBe(2);
  });

  it('rejects bad input with typed errors', async () => {
    const ok = { ...base, runDir: '', metric: 'accuracy' as const, learners: ['toy_centroid'], maxTrials: 1 };
    expect(await code(() => Deadline.fromSeconds(0))).toBe('BUDGET');
    expect(await code(() => Deadline.fromSeconds(-3))).toBe('BUDGET');
    expect(await code(() => runSearch({ ...ok, runDir: runDir(), maxTrials: 0 }))).toBe('BUDGET');
    expect(await code(() => runSearch({ ...ok, runDir: runDir(), metric: 'rmse' as never }))).toBe('BAD_METRIC');
    expect(await code(() => runSearch({ ...ok, runDir: runDir(), learners: ['toy_centriod'] }))).toBe('UNKNOWN_LEARNER');
    const one = { task: 'binary' as const, y: new Float64Array(400), nClasses: 2 };
    expect(await code(() => runSearch({ ...ok, runDir: runDir(), target: one }))).toBe('BAD_TARGET');
    try {
      await runSearch({ ...ok, runDir: runDir(), learners: ['toy_centriod'] });
    } catch (e) {
      expect((e as AskmlError).details.hint).toContain('toy_centroid');
      expect((e as AskmlError).details.choices).toContain('toy_slow');
    }
  });

  it('falls back from k-fold when a class is too small, and says so', async () => {
    const d = syntheticData({ rows: 60, cols: 3, task: 'binary', seed: 2 });
    const y = d.target.y.slice();
    y.fill(0);
    y[5] = 1;
    y[17] = 1;
    y[33] = 1; // 3 rows of class 1: 3-fold
    const r = await runSearch({ ...base, views: { tree: d.X, linear: d.X }, target: { ...d.target, y }, metric: 'accuracy', learners: ['toy_centroid'], maxTrials: 2, runDir: runDir() });
    expect(r.validation).toEqual({ kind: 'cv', k: 3 });
    expect(r.notes.join(' ')).toMatch(/3-fold instead of 5-fold/);
    y[17] = 0;
    y[33] = 0; // 1 row of class 1: still 5-fold (capped by the classes of 2+ rows), the row scored in its fold
    const h = await runSearch({ ...base, views: { tree: d.X, linear: d.X }, target: { ...d.target, y }, metric: 'accuracy', learners: ['toy_centroid'], maxTrials: 2, runDir: runDir() });
    expect(h.validation).toEqual({ kind: 'cv', k: 5 });
    expect(h.notes).toContain('1 class has a single training row: it is scored in the cross-validation fold that holds it, by a model that never saw that class.');
  });

  it('mid-size data: cross-validates when the budget pays for it, and a resume keeps the first validation', async () => {
    const d = syntheticData({ rows: 12_000, cols: 2, task: 'binary', seed: 4 });
    const opts = { ...base, views: { tree: d.X, linear: d.X }, target: d.target, metric: 'accuracy' as const, learners: ['toy_centroid'], parallelism: 1 };
    // 4 x 12,000 x 2 x 100 / 1e8 = 0.096 s per default cv trial: 50 of them need ~4.8 s.
    const dir = runDir();
    const rich = await runSearch({ ...opts, deadline: Deadline.fromSeconds(8), maxTrials: 2, runDir: dir });
    expect(rich.validation).toEqual({ kind: 'cv', k: 5 });
    const poor = await runSearch({ ...opts, deadline: Deadline.fromSeconds(2), maxTrials: 2, runDir: runDir() });
    expect(poor.validation.kind).toBe('holdout');
    // Resumed with the small budget: still the first session's 5-fold plan.
    const resumed = await runSearch({ ...opts, deadline: Deadline.fromSeconds(2), maxTrials: 1, runDir: dir, resume: true });
    expect(resumed.validation).toEqual({ kind: 'cv', k: 5 });
  });

  it('text-dominated data: tree learners wait for the linear ones, and skip a small budget', async () => {
    const opts = { ...base, metric: 'accuracy' as const, learners: ['toy_slow', 'toy_centroid'], parallelism: 2, textDominated: true };
    const counted = await runSearch({ ...opts, maxTrials: 6, runDir: runDir() });
    const first = (l: string) => counted.records.findIndex((r) => r.learner === l);
    expect(first('toy_centroid')).toBe(0);
    expect(first('toy_slow')).toBeGreaterThan(0);
    const timed = await runSearch({ ...opts, deadline: Deadline.fromSeconds(2), runDir: runDir() });
    expect(timed.records.some((r) => r.learner === 'toy_centroid')).toBe(true);
    expect(timed.records.some((r) => r.learner === 'toy_slow')).toBe(false);
    // Without the flag the tree learner (listed first) starts first.
    const plain = await runSearch({ ...opts, textDominated: false, maxTrials: 6, runDir: runDir() });
    expect(plain.records[0].learner).toBe('toy_slow');
  });
});
