import { describe, expect, it } from 'vitest';
import { AskmlError } from '../../errors.js';
import type { TreeEnsembleIR } from '../../export/ir.js';
import { allLearners, getLearner } from '../index.js';
import { accuracy, irOutputs, makeData, maxAbsDiff, rmse } from '../tree/test-data.js';
import type { DenseMatrix } from '../types.js';

const gbdt = getLearner('gbdt');
const small = { n_estimators: 30, num_leaves: 15, learning_rate: 0.2 };

function split(d: ReturnType<typeof makeData>, nTrain: number) {
  const { X, y } = d;
  const c = X.cols;
  const part = (a: number, b: number) => ({
    X: { kind: 'dense' as const, rows: b - a, cols: c, data: X.data.slice(a * c, b * c) },
    y: { ...y, y: y.y.slice(a, b) },
  });
  return { train: part(0, nTrain), test: part(nTrain, X.rows) };
}

describe('gbdt learner', () => {
  it('is registered', () => {
    expect(allLearners().map((l) => l.name)).toContain('gbdt');
    const s = gbdt.space({ rows: 1000, cols: 5, task: 'binary', nClasses: 2, sparse: false });
    expect(s.init.n_estimators).toBeLessThan(Number(s.default.n_estimators));
    expect(Object.keys(s.params)).toContain('num_leaves');
  });

  it('learns binary data; probabilities sum to 1; IR evaluates identically', async () => {
    const { train, test } = split(makeData('binary', { rows: 3000, missing: 0.2 }), 2000);
    const m = await gbdt.fit(train.X, train.y, small, { seed: 3 });
    expect(accuracy(m.predict(test.X), test.y.y)).toBeGreaterThan(0.85);
    const p = m.predictProba!(test.X);
    for (let r = 0; r < test.X.rows; r++) expect(p[2 * r] + p[2 * r + 1]).toBeCloseTo(1, 12);
    const ir = m.toExportIR() as TreeEnsembleIR;
    expect(ir.kind).toBe('trees');
    expect(ir.aggregate).toBe('sum');
    expect(ir.post).toBe('logistic');
    expect(maxAbsDiff(irOutputs(ir, test.X.data), p)).toBeLessThan(1e-6);
    const imp = m.featureImportance!();
    // x0..x3 carry the signal, x4 and x5 are noise.
    expect(imp[0]).toBeGreaterThan(imp[5]);
    expect(imp[0]).toBeGreaterThan(imp[4]);
  });

  it('multiclass softmax: accuracy, IR and save/load', async () => {
    const { train, test } = split(makeData('multiclass', { rows: 3000 }), 2000);
    const m = await gbdt.fit(train.X, train.y, small, { seed: 1 });
    expect(accuracy(m.predict(test.X), test.y.y)).toBeGreaterThan(0.75);
    const p = m.predictProba!(test.X);
    const ir = m.toExportIR() as TreeEnsembleIR;
    expect(ir.nOutputs).toBe(3);
    expect(ir.treeOutput?.length).toBe(ir.trees.length);
    expect(maxAbsDiff(irOutputs(ir, test.X.data), p)).toBeLessThan(1e-6);
    const loaded = gbdt.load(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(loaded.predictProba!(test.X))).toEqual(Array.from(p));
  });

  it('regression: beats the mean by far, IR matches', async () => {
    const { train, test } = split(makeData('regression', { rows: 3000 }), 2000);
    const m = await gbdt.fit(train.X, train.y, { ...small, n_estimators: 80 }, { seed: 1 });
    let mean = 0;
    for (const v of train.y.y) mean += v / train.y.y.length;
    const base = rmse(new Float64Array(test.X.rows).fill(mean), test.y.y);
    expect(rmse(m.predict(test.X), test.y.y)).toBeLessThan(0.4 * base);
    const ir = m.toExportIR() as TreeEnsembleIR;
    expect(maxAbsDiff(irOutputs(ir, test.X.data), m.predict(test.X))).toBeLessThan(1e-6);
  });

  it('l1 loss: leaves move by the median residual, so a target in the thousands with outliers is fit', async () => {
    const { train, test } = split(makeData('regression', { rows: 3000, seed: 5 }), 2000);
    const scale = (y: Float64Array) => y.map((v) => 1000 * v);
    const trainY = scale(train.y.y);
    // 8% of the training targets are far too high (a data-entry error, a unit mix-up).
    for (let i = 0; i < trainY.length; i += 12) trainY[i] += 50_000;
    const testY = scale(test.y.y);
    const mae = (pred: Float64Array) => pred.reduce((s, v, i) => s + Math.abs(v - testY[i]), 0) / testY.length;
    const fit = (loss: string) => gbdt.fit(train.X, { ...train.y, y: trainY }, { ...small, n_estimators: 100, loss }, { seed: 1 });
    const l1 = mae((await fit('l1')).predict(test.X));
    const l2 = mae((await fit('l2')).predict(test.X));
    const median = [...trainY].sort((a, b) => a - b)[1000];
    const constant = mae(new Float64Array(testY.length).fill(median));
    // Sign gradients alone move each leaf by at most learning_rate x 1 per tree: 100 trees of
    // 0.2 could not leave the median. Renewed leaves reach the signal; l2 chases the outliers.
    expect(l1).toBeLessThan(0.35 * constant);
    expect(l1).toBeLessThan(0.5 * l2);
  });

  it('is deterministic per seed with bagging and colsample; never mutates params', async () => {
    const { train, test } = split(makeData('binary', { rows: 1500 }), 1000);
    const params = Object.freeze({ ...small, subsample: 0.7, colsample_bytree: 0.6 });
    const copy = JSON.stringify(params);
    const a = await gbdt.fit(train.X, train.y, params, { seed: 7 });
    const b = await gbdt.fit(train.X, train.y, params, { seed: 7 });
    const c = await gbdt.fit(train.X, train.y, params, { seed: 8 });
    expect(JSON.stringify(params)).toBe(copy);
    expect(Array.from(a.predictProba!(test.X))).toEqual(Array.from(b.predictProba!(test.X)));
    expect(maxAbsDiff(a.predictProba!(test.X), c.predictProba!(test.X))).toBeGreaterThan(0);
  });

  it('early stopping keeps the best iteration', async () => {
    const { train, test } = split(makeData('binary', { rows: 1500, noise: 1.5 }), 1000);
    const m = await gbdt.fit(train.X, train.y, { n_estimators: 400, num_leaves: 31, learning_rate: 0.5, min_child_samples: 2 }, {
      seed: 1,
      evalSet: test,
      earlyStoppingRounds: 5,
    });
    const info = m.info!();
    expect(Number(info.best_iteration)).toBeGreaterThan(0);
    expect(Number(info.best_iteration)).toBeLessThan(100);
    expect(Number.isFinite(Number(info.best_eval_loss))).toBe(true);
    expect(Number(info.iterations)).toBe(Number(info.best_iteration) + 5);
    expect(info.trees).toBe(info.best_iteration);
  });

  it('stopBy: stops adding rounds once the time has passed and says so; a model all the same', async () => {
    const { train, test } = split(makeData('regression', { rows: 800 }), 600);
    const params = { n_estimators: 200, num_leaves: 8 };
    const full = await gbdt.fit(train.X, train.y, params, { seed: 1, stopBy: Date.now() + 60_000 });
    expect(full.info!().iterations).toBe(200);
    expect(full.info!().stopped_by_time).toBeUndefined();
    const cut = await gbdt.fit(train.X, train.y, params, { seed: 1, stopBy: Date.now() - 1, evalSet: test, earlyStoppingRounds: 5 });
    expect(cut.info!()).toMatchObject({ iterations: 1, trees: 1, stopped_by_time: 1 });
    expect(cut.predict(test.X).every(Number.isFinite)).toBe(true);
    // The flag survives save / load (it is part of the model's info).
    expect(gbdt.load(cut.toJSON()).info!().stopped_by_time).toBe(1);
  });

  it('routes missing values by a learned direction', async () => {
    // y = 1 exactly when x0 is missing; otherwise y = x1 > 0.
    const n = 2000;
    const data = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const miss = r % 4 === 0;
      data[2 * r] = miss ? NaN : (r % 7) - 3;
      data[2 * r + 1] = (r % 11) - 5.5;
      y[r] = miss ? 1 : data[2 * r + 1] > 0 ? 1 : 0;
    }
    const X: DenseMatrix = { kind: 'dense', rows: n, cols: 2, data };
    const m = await gbdt.fit(X, { task: 'binary', y, nClasses: 2 }, small, { seed: 1 });
    const probe: DenseMatrix = { kind: 'dense', rows: 2, cols: 2, data: Float64Array.from([NaN, -5, 1, -5]) };
    expect(Array.from(m.predict(probe))).toEqual([1, 0]);
    const ir = m.toExportIR() as TreeEnsembleIR;
    expect(maxAbsDiff(irOutputs(ir, probe.data), m.predictProba!(probe))).toBeLessThan(1e-6);
  });

  it('sample weights shift the decision', async () => {
    const { train, test } = split(makeData('binary', { rows: 1500, noise: 2 }), 1000);
    const w = new Float64Array(train.X.rows);
    for (let i = 0; i < w.length; i++) w[i] = train.y.y[i] === 1 ? 5 : 1;
    const plain = await gbdt.fit(train.X, train.y, small, { seed: 1 });
    const weighted = await gbdt.fit(train.X, train.y, small, { seed: 1, sampleWeight: w });
    const ones = (p: Float64Array) => p.reduce((s, v) => s + v, 0);
    expect(ones(weighted.predict(test.X))).toBeGreaterThan(ones(plain.predict(test.X)) + 50);
  });

  it('stops promptly on abort', async () => {
    const { train } = split(makeData('binary', { rows: 4000 }), 4000);
    const ac = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 30);
    const err = await gbdt.fit(train.X, train.y, { n_estimators: 100000 }, { seed: 1, signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('CANCELLED');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('row-wise and column-wise histogram building give identical models', async () => {
    const { train, test } = split(makeData('binary', { rows: 1500, cols: 9, missing: 0.1 }), 1000);
    const fitWith = async (mode: string, bag = true) => {
      const before = process.env.ASKML_GBDT_HIST;
      process.env.ASKML_GBDT_HIST = mode;
      try {
        const p = bag ? { ...small, subsample: 0.8, colsample_bytree: 0.7 } : small;
        return await gbdt.fit(train.X, train.y, p, { seed: 5 });
      } finally {
        if (before === undefined) delete process.env.ASKML_GBDT_HIST;
        else process.env.ASKML_GBDT_HIST = before;
      }
    };
    const row = await fitWith('row');
    const col = await fitWith('col');
    expect(Array.from(col.predictProba!(test.X))).toEqual(Array.from(row.predictProba!(test.X)));
    const rowAll = await fitWith('row', false);
    const colAll = await fitWith('col', false);
    expect(Array.from(colAll.predictProba!(test.X))).toEqual(Array.from(rowAll.predictProba!(test.X)));
  });

  it('drops cached histograms beyond the memory budget without changing the model', async () => {
    const { train, test } = split(makeData('regression', { rows: 3000 }), 2000);
    const params = { n_estimators: 10, num_leaves: 64, min_child_samples: 20 };
    const full = await gbdt.fit(train.X, train.y, params, { seed: 1 });
    process.env.ASKML_GBDT_HIST_BUDGET_MB = '0';
    try {
      const tight = await gbdt.fit(train.X, train.y, params, { seed: 1 });
      expect(maxAbsDiff(tight.predict(test.X), full.predict(test.X))).toBeLessThan(1e-9);
    } finally {
      delete process.env.ASKML_GBDT_HIST_BUDGET_MB;
    }
  });

  it('row-wise (unrolled and looped kernels) and column-wise histograms grow the same model', async () => {
    // 6 features: unrolled row kernel; 70 features: looped row kernel. Weights make the hessian
    // non-constant for one fit (the full kernel), the other has constant hessians (no-hessian kernel).
    for (const cols of [6, 70]) {
      const { train, test } = split(makeData('regression', { rows: 1200, cols, missing: 0.1 }), 900);
      const w = new Float64Array(900).map((_, i) => 1 + (i % 3));
      const params = { n_estimators: 8, num_leaves: 15, min_child_samples: 10, subsample: 1 };
      for (const sampleWeight of [undefined, w]) {
        const preds: Float64Array[] = [];
        for (const mode of ['row', 'col']) {
          process.env.ASKML_GBDT_HIST = mode;
          try {
            const m = await gbdt.fit(train.X, train.y, params, { seed: 2, sampleWeight });
            preds.push(m.predict(test.X));
          } finally {
            delete process.env.ASKML_GBDT_HIST;
          }
        }
        expect(maxAbsDiff(preds[0], preds[1])).toBeLessThan(1e-9);
        expect(rmse(preds[0], test.y.y)).toBeLessThan(rmse(new Float64Array(300), test.y.y));
      }
    }
  });

  it('rejects unknown params with the valid names', async () => {
    const { train } = split(makeData('binary', { rows: 100 }), 100);
    const err = await gbdt.fit(train.X, train.y, { num_leafs: 8 }, { seed: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).details.choices).toContain('num_leaves');
  });
});
