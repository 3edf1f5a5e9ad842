import { describe, expect, it } from 'vitest';
import { AskmlError } from '../../errors.js';
import type { TreeEnsembleIR } from '../../export/ir.js';
import { allLearners, getLearner } from '../index.js';
import { accuracy, irOutputs, makeData, maxAbsDiff, rmse } from '../tree/test-data.js';

function split(d: ReturnType<typeof makeData>, nTrain: number) {
  const { X, y } = d;
  const c = X.cols;
  const part = (a: number, b: number) => ({
    X: { kind: 'dense' as const, rows: b - a, cols: c, data: X.data.slice(a * c, b * c) },
    y: { ...y, y: y.y.slice(a, b) },
  });
  return { train: part(0, nTrain), test: part(nTrain, X.rows) };
}

for (const name of ['random_forest', 'extra_trees']) {
  describe(name, () => {
    const learner = getLearner(name);
    const params = { n_estimators: 25 };

    it('is registered with a cheap init', () => {
      expect(allLearners().map((l) => l.name)).toContain(name);
      const s = learner.space({ rows: 1000, cols: 16, task: 'multiclass', nClasses: 3, sparse: false });
      expect(s.init.n_estimators).toBeLessThan(Number(s.default.n_estimators));
      expect(s.default.max_features).toBeCloseTo(0.25, 6);
    });

    it('stopBy: stops adding trees once the time has passed (one tree at least) and says so', async () => {
      const { train, test } = split(makeData('regression', { rows: 600 }), 400);
      const cut = await learner.fit(train.X, train.y, params, { seed: 1, stopBy: Date.now() - 1 });
      expect(cut.info!()).toMatchObject({ trees: 1, stopped_by_time: 1 });
      expect(cut.predict(test.X).every(Number.isFinite)).toBe(true);
      const full = await learner.fit(train.X, train.y, params, { seed: 1, stopBy: Date.now() + 60_000 });
      expect(full.info!().trees).toBe(25);
      expect(full.info!().stopped_by_time).toBeUndefined();
    });

    it('classifies; probabilities average to rows summing to 1; IR and save/load match', async () => {
      const { train, test } = split(makeData('multiclass', { rows: 2000, missing: 0.2 }), 1400);
      const m = await learner.fit(train.X, train.y, params, { seed: 2 });
      expect(accuracy(m.predict(test.X), test.y.y)).toBeGreaterThan(0.7);
      const p = m.predictProba!(test.X);
      for (let r = 0; r < test.X.rows; r++) expect(p[3 * r] + p[3 * r + 1] + p[3 * r + 2]).toBeCloseTo(1, 9);
      const ir = m.toExportIR() as TreeEnsembleIR;
      expect(ir.aggregate).toBe('average');
      expect(ir.post).toBe('none');
      expect(maxAbsDiff(irOutputs(ir, test.X.data), p)).toBeLessThan(1e-6);
      const loaded = learner.load(JSON.parse(JSON.stringify(m.toJSON())));
      expect(Array.from(loaded.predictProba!(test.X))).toEqual(Array.from(p));
      const imp = m.featureImportance!();
      expect(imp[0]).toBeGreaterThan(imp[5]);
    });

    it('binary and regression work', async () => {
      const b = split(makeData('binary', { rows: 1500 }), 1000);
      const mb = await learner.fit(b.train.X, b.train.y, params, { seed: 1 });
      expect(accuracy(mb.predict(b.test.X), b.test.y.y)).toBeGreaterThan(0.8);
      const r = split(makeData('regression', { rows: 1500 }), 1000);
      const mr = await learner.fit(r.train.X, r.train.y, params, { seed: 1 });
      let mean = 0;
      for (const v of r.train.y.y) mean += v / r.train.y.y.length;
      const base = rmse(new Float64Array(r.test.X.rows).fill(mean), r.test.y.y);
      expect(rmse(mr.predict(r.test.X), r.test.y.y)).toBeLessThan(0.7 * base);
      const ir = mr.toExportIR() as TreeEnsembleIR;
      expect(maxAbsDiff(irOutputs(ir, r.test.X.data), mr.predict(r.test.X))).toBeLessThan(1e-6);
    });

    it('is deterministic and does not mutate params', async () => {
      const { train, test } = split(makeData('binary', { rows: 800 }), 500);
      const p = Object.freeze({ n_estimators: 10, max_features: 0.5 });
      const a = await learner.fit(train.X, train.y, p, { seed: 4 });
      const b = await learner.fit(train.X, train.y, p, { seed: 4 });
      expect(Array.from(a.predictProba!(test.X))).toEqual(Array.from(b.predictProba!(test.X)));
      expect(p).toEqual({ n_estimators: 10, max_features: 0.5 });
    });

    it('stops promptly on abort', async () => {
      const { train } = split(makeData('regression', { rows: 3000 }), 3000);
      const ac = new AbortController();
      const t0 = Date.now();
      setTimeout(() => ac.abort(), 30);
      const err = await learner.fit(train.X, train.y, { n_estimators: 100000 }, { seed: 1, signal: ac.signal }).catch((e) => e);
      expect((err as AskmlError).code).toBe('CANCELLED');
      expect(Date.now() - t0).toBeLessThan(2000);
    });
  });
}

describe('loss l1 (MAE): splits on the targets\' ranks, leaves are medians', () => {
  // One feature splitting the rows into two groups; each group has one huge target.
  const X = { kind: 'dense' as const, rows: 8, cols: 1, data: Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]) };
  const y = { task: 'regression' as const, nClasses: 0, y: Float64Array.from([1, 2, 3, 1000, 10, 11, 12, -500]) };

  it('decision_tree: each leaf predicts the (lower) median of its rows, the mean with l2', async () => {
    const tree = getLearner('decision_tree');
    const l1 = await tree.fit(X, y, { max_depth: 1, loss: 'l1' }, { seed: 0 });
    const q = { kind: 'dense' as const, rows: 2, cols: 1, data: Float64Array.from([0, 1]) };
    expect(Array.from(l1.predict(q))).toEqual([2, 10]);
    const l2 = await tree.fit(X, y, { max_depth: 1 }, { seed: 0 });
    expect(Array.from(l2.predict(q))).toEqual([251.5, -116.75]);
    // Saved and exported as plain leaf values.
    const back = tree.load(JSON.parse(JSON.stringify(l1.toJSON())));
    expect(Array.from(back.predict(q))).toEqual([2, 10]);
    const ir = l1.toExportIR() as TreeEnsembleIR;
    expect(maxAbsDiff(irOutputs(ir, q.data), l1.predict(q))).toBeLessThan(1e-9);
  });

  it('random_forest and extra_trees: splits on ranks, leaves the weighted medians; far from an outlier-chasing mean', async () => {
    const d = makeData('regression', { rows: 1200 });
    // 8% of the training targets get a huge value: squared-error leaves chase them.
    const yy = Float64Array.from(d.y.y, (v, i) => (i % 12 === 0 && i < 800 ? v + 1e4 : v));
    const { train, test } = split({ ...d, y: { ...d.y, y: yy } }, 800);
    for (const name of ['random_forest', 'extra_trees']) {
      const mae = (p: Float64Array) => p.reduce((s, v, i) => s + Math.abs(v - test.y.y[i]), 0) / p.length;
      const l1 = await getLearner(name).fit(train.X, train.y, { n_estimators: 20, min_samples_leaf: 8, loss: 'l1' }, { seed: 1 });
      const l2 = await getLearner(name).fit(train.X, train.y, { n_estimators: 20, min_samples_leaf: 8 }, { seed: 1 });
      expect(mae(l1.predict(test.X)), name).toBeLessThan(0.3 * mae(l2.predict(test.X)));
    }
  });

  it('refuses l1 for classification and an unknown loss, naming the choices', async () => {
    const c = makeData('binary', { rows: 50 });
    await expect(getLearner('random_forest').fit(c.X, c.y, { loss: 'l1' }, { seed: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', details: { choices: ['l2'] } });
    await expect(getLearner('extra_trees').fit(X, y, { loss: 'huber' }, { seed: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', details: { choices: ['l2', 'l1'] } });
  });
});
