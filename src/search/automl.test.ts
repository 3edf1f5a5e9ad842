import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AskmlError } from '../errors.js';
import type { Frame } from '../data/frame.js';
import { evaluate } from '../evaluate/evaluate.js';
import { evaluationOutput } from '../evaluate/schemas.js';
import { createRng } from '../util/random.js';
import { searchModel } from './automl.js';
import { searchResultOutput, tuneResultOutput } from './schemas.js';
import { TOY_MODULE } from './testing/toy-learners.js';
import { TrainedModel } from './trained-model.js';
import { tune } from './tune.js';
import { WorkerPool } from './worker-pool.js';

const tmp = mkdtempSync(join(tmpdir(), 'askml-automl-'));
let k = 0;
const dir = (): string => join(tmp, `run${k++}`);

/** signal: strongly predictive numeric; color: weakly predictive categorical; noise: none. */
function makeFrame(n: number, seed: number, task: 'multiclass' | 'regression'): Frame {
  const rng = createRng(seed);
  const signal = new Float64Array(n);
  const noise = new Float64Array(n);
  const codes = new Int32Array(n);
  const labels = new Int32Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(3);
    labels[i] = c;
    signal[i] = c * 2 + 0.5 * rng.normal();
    noise[i] = rng.normal();
    codes[i] = rng.next() < 0.6 ? c : rng.int(3);
    value[i] = 3 * signal[i] + codes[i] + 0.3 * rng.normal();
  }
  const target =
    task === 'regression'
      ? { name: 'y', type: 'numeric' as const, values: value }
      : { name: 'y', type: 'categorical' as const, codes: labels, levels: ['ant', 'bee', 'cat'] };
  return {
    nRows: n,
    columns: [
      { name: 'signal', type: 'numeric', values: signal },
      { name: 'color', type: 'categorical', codes, levels: ['red', 'green', 'blue'] },
      { name: 'noise', type: 'numeric', values: noise },
      target,
    ],
  };
}

const common = { include: ['toy_centroid'], workerModules: [TOY_MODULE], seed: 1, parallelism: 2 };

describe('searchModel', () => {
  it('says the features used the budget when they did, and names a budget that leaves room for trials', async () => {
    const train = makeFrame(300, 1, 'multiclass');
    const err = await searchModel({ ...common, train, target: 'y', budgetSeconds: 0.001, runDir: dir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('BUDGET');
    expect((err as AskmlError).message).toMatch(/^Building the features took [0-9.]+ s of the 0.001 s budget, so no trial could finish\.$/);
    expect(String((err as AskmlError).details.hint)).toMatch(/^Give a budget of at least \d+ s \(budget_seconds\)/);
  });
  it('names the error when every trial failed (audit: "No trial finished within the budget (? s ...)")', async () => {
    const train = makeFrame(120, 1, 'multiclass');
    const err = await searchModel({ ...common, include: ['toy_broken'], train, target: 'y', maxTrials: 3, runDir: dir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('TRIALS_FAILED');
    // a learner whose trial fails is not tried again: one trial
    expect((err as AskmlError).message).toBe('Every trial failed (1 trial of toy_broken): toy_broken cannot fit.');
  });
  it('refuses data whose every column is dropped (here a row id), naming why, instead of fitting a mean predictor', async () => {
    const n = 40;
    const train: Frame = {
      nRows: n,
      columns: [
        { name: 'row_id', type: 'numeric', values: Float64Array.from({ length: n }, (_, i) => 1000 + i * 7) },
        { name: 'y', type: 'numeric', values: Float64Array.from({ length: n }, (_, i) => ((i * 37) % 11) + 0.5) },
      ],
    };
    const err = await searchModel({ ...common, train, target: 'y', maxTrials: 3, runDir: dir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('BAD_ARGUMENT');
    expect((err as AskmlError).message).toMatch(/^No feature column is left to learn 'y' from \(columns left: none\): dropped: row_id \(id/);
  });
  it('trains, predicts, saves and loads a classification model, and evaluates it', async () => {
    const train = makeFrame(300, 1, 'multiclass');
    const test = makeFrame(200, 2, 'multiclass');
    const r = await searchModel({ ...common, train, target: 'y', metric: 'log_loss', maxTrials: 6, runDir: dir() });
    expect(r.task).toBe('multiclass');
    expect(r.trials).toBe(6);
    expect(r.best.learner).toBe('toy_centroid');
    expect(r.model.labels).toEqual(['ant', 'bee', 'cat']);
    const p = r.model.predict(test);
    expect(p.labels!.length).toBe(200);
    const back = TrainedModel.load(JSON.parse(JSON.stringify(r.model.toJSON())));
    expect(back.predict(test).proba).toEqual(p.proba);
    const ev = evaluate({ model: r.model, test, seed: 0 });
    const acc = ev.metrics.find((m) => m.name === 'accuracy')!.value!;
    expect(acc).toBeGreaterThan(0.8);
    expect(ev.primary.name).toBe('log_loss');
    expect(ev.confusion!.matrix.flat().reduce((a, b) => a + b, 0)).toBe(200);
    expect(ev.perClass!.map((c) => c.label)).toEqual(['ant', 'bee', 'cat']);
    const imp = Object.fromEntries(ev.importance!.columns.map((c) => [c.column, c.mean]));
    expect(imp.signal).toBeGreaterThan(imp.noise + 0.05);
    expect(evaluationOutput(ev).rows).toBe(200);
    expect(searchResultOutput(r).best.learner).toBe('toy_centroid');
  });

  it('regression: residual summary, and tune continues from the best configuration of a run', async () => {
    const train = makeFrame(200, 3, 'regression');
    const first = dir();
    const r = await searchModel({ ...common, train, target: 'y', maxTrials: 5, runDir: first });
    expect(r.metric).toBe('rmse');
    const ev = evaluate({ model: r.model, test: makeFrame(100, 4, 'regression'), importance: false });
    expect(ev.residuals!.quantiles.map((q) => q.q)).toEqual([0.05, 0.25, 0.5, 0.75, 0.95]);
    expect(ev.residuals!.quantiles[0].value).toBeLessThanOrEqual(ev.residuals!.quantiles[4].value);
    expect(ev.perClass).toBeNull();
    const t = await tune({ ...common, train, target: 'y', fromRun: first, maxTrials: 4, runDir: dir() });
    expect(t.learner).toBe('toy_centroid');
    expect(t.startParams).toEqual(r.best.params);
    expect(t.startScore).toBeCloseTo(r.best.score, 10);
    expect(t.improvement).toBeGreaterThanOrEqual(0);
    expect(tuneResultOutput(t).learner).toBe('toy_centroid');
  });

  it('text-dominated data with only tree learners asked for: they run, whatever the budget (audit: 0 trials in 15 s)', async () => {
    const { loadTable } = await import('../data/load.js');
    const { frame } = await loadTable(join(process.cwd(), 'examples/news-titles.csv'));
    const r = await searchModel({ train: frame, target: 'category', budgetSeconds: 3, include: ['gbdt'], seed: 0, parallelism: 1, runDir: dir() });
    expect(r.trials).toBeGreaterThan(0);
    expect(r.best.learner).toBe('gbdt');
    // "linear learners first, trees with time to spare" is said only when both kinds are searched (audit).
    const TEXT_NOTE = 'Text-dominated data: linear learners first; tree learners on a small text view, only with time to spare.';
    expect(r.notes).not.toContain(TEXT_NOTE);
    const nb = await searchModel({ train: frame, target: 'category', maxTrials: 2, include: ['naive_bayes'], seed: 0, parallelism: 1, runDir: dir() });
    expect(nb.notes).not.toContain(TEXT_NOTE);
    const both = await searchModel({ train: frame, target: 'category', maxTrials: 2, include: ['naive_bayes', 'gbdt'], seed: 0, parallelism: 1, runDir: dir() });
    expect(both.notes).toContain(TEXT_NOTE);
  }, 30_000);

  it('MAE: gbdt, ridge, linear_regression and the forests fit absolute error (loss l1) in every trial; other metrics keep squared error', async () => {
    const train = makeFrame(150, 8, 'regression');
    const learners = ['gbdt', 'ridge', 'linear_regression', 'random_forest', 'extra_trees', 'decision_tree', 'knn'];
    const run = (metric: 'mae' | 'rmse') => searchModel({ train, target: 'y', metric, maxTrials: 14, include: learners, seed: 0, parallelism: 1, runDir: dir() });
    const mae = await run('mae');
    expect(new Set(mae.leaderboard.map((t) => t.learner))).toEqual(new Set(learners));
    // knn and decision_tree keep squared error: their medians were the noisier estimate (audit).
    for (const t of mae.leaderboard) expect(t.params.loss, t.learner).toBe(t.learner === 'knn' || t.learner === 'decision_tree' ? undefined : 'l1');
    for (const t of (await run('rmse')).leaderboard) expect(t.params.loss).toBeUndefined();
    // On sparse (TF-IDF) features the linear learners keep squared error: each reweighting step is a slow CG solve.
    const { fixedParams } = await import('./learner-choice.js');
    const csr = { kind: 'csr', rows: 1, cols: 1, indptr: Int32Array.of(0, 0), indices: new Int32Array(0), data: new Float64Array(0) } as const;
    expect(fixedParams('ridge', csr as never, 'mae').fixed).toEqual({});
    expect(fixedParams('gbdt', csr as never, 'mae').fixed).toEqual({ loss: 'l1' });
  });

  it('MAPE on a positive target: every learner fits log(target), a lower test MAPE than fitting the target; a negative value keeps the target', async () => {
    // A multiplicative target (price-like): y = exp(signal / 2 + noise), over two orders of magnitude.
    const positive = (n: number, seed: number): Frame => {
      const f = makeFrame(n, seed, 'regression');
      const rng = createRng(seed + 100);
      const sig = (f.columns[0] as { values: Float64Array }).values;
      const y = Float64Array.from(sig, (v) => Math.exp(v / 2 + 0.3 * rng.normal()));
      return { ...f, columns: [...f.columns.slice(0, 3), { name: 'y', type: 'numeric', values: y }] };
    };
    const train = positive(300, 11);
    const test = positive(300, 12);
    const opts = { train, target: 'y', maxTrials: 12, include: ['gbdt', 'ridge'], seed: 0, parallelism: 1 };
    const mape = await searchModel({ ...opts, metric: 'mape', runDir: dir() });
    for (const t of mape.leaderboard) expect(t.params.__target).toBe('log');
    expect(mape.notes.join(' ')).toMatch(/fitted on the log of the target/);
    const ev = evaluate({ model: mape.model, test, importance: false });
    const rmseRun = await searchModel({ ...opts, metric: 'rmse', runDir: dir() });
    for (const t of rmseRun.leaderboard) expect(t.params.__target).toBeUndefined();
    const evRmse = evaluate({ model: rmseRun.model, test, importance: false });
    const of = (e: typeof ev) => e.metrics.find((m) => m.name === 'mape')!.value!;
    expect(of(ev)).toBeLessThan(0.95 * of(evRmse)); // 0.244 against 0.278
    // saved and loaded, the model predicts the same positive values
    // model.json version 2: an askml that predates targetTransform refuses it rather than predict the log
    expect(mape.model.toJSON().version).toBe(2);
    expect(rmseRun.model.toJSON().version).toBe(1);
    const back = TrainedModel.load(JSON.parse(JSON.stringify(mape.model.toJSON())));
    const p = mape.model.predict(test).values!;
    expect(Array.from(back.predict(test).values!)).toEqual(Array.from(p));
    expect(Math.min(...p)).toBeGreaterThan(0);
    // a negative target value (MAPE refuses zeros): no log, and the note says why
    const zero = positive(120, 13);
    (zero.columns[3] as { values: Float64Array }).values[5] = -2;
    const z = await searchModel({ ...opts, train: zero, maxTrials: 3, metric: 'mape', runDir: dir() });
    for (const t of z.leaderboard) expect(t.params.__target).toBeUndefined();
    expect(z.notes.join(' ')).toMatch(/not its log, because some target values are negative/);
  });

  it('rejects bad input with typed, actionable errors', async () => {
    const train = makeFrame(100, 5, 'multiclass');
    const codeOf = async (f: () => Promise<unknown>): Promise<AskmlError> => {
      try {
        await f();
      } catch (e) {
        if (e instanceof AskmlError) return e;
        throw e;
      }
      throw new Error('expected an error');
    };
    const base = { ...common, train, target: 'y', maxTrials: 1 };
    expect((await codeOf(() => searchModel({ ...base, runDir: dir(), budgetSeconds: 0 }))).code).toBe('BUDGET');
    const m = await codeOf(() => searchModel({ ...base, runDir: dir(), metric: 'rmse' }));
    expect(m.code).toBe('BAD_METRIC');
    expect(m.details.choices).toContain('accuracy');
    const u = await codeOf(() => searchModel({ ...base, runDir: dir(), include: ['gbtd'] }));
    expect(u.code).toBe('UNKNOWN_LEARNER');
    expect(u.details.hint).toContain('gbdt');
    expect((await codeOf(() => searchModel({ ...base, runDir: dir(), target: 'nope' }))).code).toBe('COLUMN_NOT_FOUND');
    const oneClass: Frame = { ...train, columns: train.columns.map((c) => (c.name === 'y' ? { ...c, codes: new Int32Array(100) } : c)) as Frame['columns'] };
    expect((await codeOf(() => searchModel({ ...base, runDir: dir(), train: oneClass }))).code).toBe('BAD_TARGET');
    const empty: Frame = { ...train, columns: train.columns.map((c) => (c.name === 'y' ? { ...c, codes: new Int32Array(100).fill(-1) } : c)) as Frame['columns'] };
    expect((await codeOf(() => searchModel({ ...base, runDir: dir(), train: empty }))).code).toBe('BAD_TARGET');
    const reg = makeFrame(100, 6, 'regression');
    const y = reg.columns.find((c) => c.name === 'y')!;
    if (y.type === 'numeric') y.values[7] = Infinity;
    const inf = await codeOf(() => searchModel({ ...base, runDir: dir(), train: reg }));
    expect(inf.code).toBe('BAD_TARGET');
    expect(inf.message).toContain('non-finite');
    // A check that fails inside runSearch, after the worker pool started, must close the pool
    // (an early throw there used to leave its threads keeping the CLI process alive).
    const close = vi.spyOn(WorkerPool.prototype, 'close');
    const nb = await codeOf(() => searchModel({ ...base, runDir: dir(), include: ['naive_bayes'] }));
    expect(nb.code).toBe('BAD_ARGUMENT');
    expect(nb.message).toContain('naive_bayes needs text features');
    expect(close).toHaveBeenCalled();
    close.mockRestore();
  });
});

describe('named learners that cannot run on the data', () => {
  it('are named in a note with the reason, not dropped silently', async () => {
    const r = await searchModel({ train: makeFrame(120, 3, 'multiclass'), target: 'y', maxTrials: 2, include: ['logistic_regression', 'naive_bayes'], seed: 0, parallelism: 1, runDir: dir() });
    expect(r.learners.map((l) => l.learner)).toEqual(['logistic_regression']);
    expect(r.notes.join(' ')).toContain('Not searched: naive_bayes needs text features (a text column); this data has none.');
  }, 30_000);
});

describe('a resume that searches fewer learners than the run', () => {
  it("fits the feature views of the earlier trials' learners, which the final model may keep", async () => {
    // XOR of two signs: gbdt learns it, logistic regression cannot, so gbdt stays the best trial.
    const rng = createRng(5);
    const n = 400;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng.normal();
      b[i] = rng.normal();
      y[i] = (a[i] > 0) !== (b[i] > 0) ? 1 : 0;
    }
    const train: Frame = { nRows: n, columns: [{ name: 'a', type: 'numeric', values: a }, { name: 'b', type: 'numeric', values: b }, { name: 'y', type: 'categorical', codes: y, levels: ['no', 'yes'] }] } as Frame;
    const runDir = dir();
    const first = await searchModel({ train, target: 'y', maxTrials: 4, include: ['gbdt', 'logistic_regression'], seed: 0, parallelism: 1, runDir });
    expect(first.best.learner).toBe('gbdt');
    const again = await searchModel({ train, target: 'y', maxTrials: 2, include: ['logistic_regression'], seed: 0, parallelism: 1, runDir, resume: true });
    expect(again.model.groups().map((g) => g.learner)).toContain('gbdt');
  }, 60_000);
});
