/**
 * One conformance suite for every registered learner (scikit-learn's check_estimator in spirit).
 * For each learner, each task it supports and each input kind it takes (dense for dense/both,
 * CSR for sparse/both), on small generated data:
 *   same seed -> identical predictions; params not mutated; save -> JSON -> load -> identical
 *   predictions; predictProba rows sum to 1 and argmax = predict; abort before and during fit;
 *   a minimum test score; toExportIR matches predictions via evalIR, or throws EXPORT_UNSUPPORTED.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { evalIR } from '../export/ir-eval.js';
import { allLearners } from './index.js';
import { blobs, documents, linearRegressionData, splitRows, type Split } from './conformance-data.js';
import { densify } from './sparse.js';
import type { DataShape, FittedModel, Learner, Matrix, Params, Target, TaskType } from './types.js';

type Kind = 'dense' | 'csr';
const TASKS: TaskType[] = ['binary', 'multiclass', 'regression'];

function smallData(task: TaskType, kind: Kind): Split {
  const nClasses = task === 'binary' ? 2 : task === 'multiclass' ? 3 : 1;
  if (kind === 'csr') return splitRows(documents({ rows: 600, vocab: 120, nClasses, seed: 11 }), 400);
  if (task === 'regression') return splitRows(linearRegressionData({ rows: 600, cols: 5, seed: 12 }), 400);
  return splitRows(blobs({ rows: 600, cols: 6, nClasses, seed: 13 }), 400);
}

const bigCache = new Map<string, { X: Matrix; y: Target }>();

/** Large enough that no learner should finish in 50 ms (cached: generating it takes time). */
function bigData(task: TaskType, kind: Kind): { X: Matrix; y: Target } {
  const key = `${task}/${kind}`;
  if (!bigCache.has(key)) bigCache.set(key, makeBig(task, kind));
  return bigCache.get(key)!;
}

function makeBig(task: TaskType, kind: Kind): { X: Matrix; y: Target } {
  const nClasses = task === 'binary' ? 2 : task === 'multiclass' ? 5 : 1;
  if (kind === 'csr') return documents({ rows: 60_000, vocab: 20_000, nClasses, seed: 21, tokens: 40 });
  if (task === 'regression') return linearRegressionData({ rows: 100_000, cols: 40, seed: 22 });
  return blobs({ rows: 100_000, cols: 40, nClasses, seed: 23 });
}

function shapeOf(X: Matrix, y: Target): DataShape {
  return { rows: X.rows, cols: X.cols, task: y.task, nClasses: y.nClasses, sparse: X.kind === 'csr' };
}

function score(model: FittedModel, X: Matrix, y: Target): number {
  const p = model.predict(X);
  if (y.task !== 'regression') return p.filter((v, i) => v === y.y[i]).length / p.length;
  let mean = 0;
  for (const v of y.y) mean += v / y.y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < p.length; i++) {
    ssRes += (p[i] - y.y[i]) ** 2;
    ssTot += (y.y[i] - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}

async function expectCancelled(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AskmlError);
  expect((err as AskmlError).code).toBe('CANCELLED');
}

const cases: { learner: Learner; task: TaskType; kind: Kind }[] = [];
for (const learner of allLearners()) {
  for (const task of TASKS) {
    if (!learner.tasks.includes(task)) continue;
    const kinds: Kind[] = learner.input === 'dense' ? ['dense'] : learner.input === 'sparse' ? ['csr'] : ['dense', 'csr'];
    for (const kind of kinds) cases.push({ learner, task, kind });
  }
}

it('registers the non-tree learners', () => {
  const names = allLearners().map((l) => l.name);
  for (const n of ['logistic_regression', 'linear_svm', 'ridge', 'linear_regression', 'naive_bayes', 'knn']) expect(names).toContain(n);
});

describe.each(cases)('$learner.name / $task / $kind', ({ learner, task, kind }) => {
  const data = smallData(task, kind);
  const { X, y } = data.train;
  const shape = shapeOf(X, y);
  const space = learner.space(shape);
  const params: Params = { ...space.default };
  const suitable = learner.suitable ? learner.suitable(shape) : true;
  let model: FittedModel;

  beforeAll(async () => {
    if (suitable) model = await learner.fit(X, y, Object.freeze({ ...params }), { seed: 7 });
  });

  it.runIf(suitable)('has a sane search space', () => {
    for (const p of [space.init, space.default]) {
      for (const [k, v] of Object.entries(p)) {
        const spec = space.params[k];
        expect(spec, `param ${k}`).toBeDefined();
        if (spec.type === 'choice') expect(spec.values).toContain(v);
        else {
          expect(v).toBeGreaterThanOrEqual(spec.low);
          expect(v).toBeLessThanOrEqual(spec.high);
        }
      }
    }
    expect(learner.view === 'linear' || learner.view === 'tree').toBe(true);
  });

  it.runIf(suitable)('is deterministic for a seed and does not mutate params', async () => {
    const before = JSON.stringify(params);
    const again = await learner.fit(X, y, params, { seed: 7 });
    expect(JSON.stringify(params)).toBe(before);
    expect(again.predict(data.test.X)).toEqual(model.predict(data.test.X));
    if (task !== 'regression') expect(again.predictProba!(data.test.X)).toEqual(model.predictProba!(data.test.X));
    expect(model.nFeatures).toBe(X.cols);
    expect(model.task).toBe(task);
  });

  it.runIf(suitable)('round-trips through JSON', () => {
    const saved = JSON.parse(JSON.stringify(model.toJSON()));
    expect(saved.learner).toBe(learner.name);
    const loaded = learner.load(saved);
    expect(loaded.predict(data.test.X)).toEqual(model.predict(data.test.X));
    if (task !== 'regression') expect(loaded.predictProba!(data.test.X)).toEqual(model.predictProba!(data.test.X));
  });

  it.runIf(suitable && task !== 'regression')('has probabilities that sum to 1 and agree with predict', () => {
    const p = model.predictProba!(data.test.X);
    const pred = model.predict(data.test.X);
    const k = y.nClasses;
    expect(p.length).toBe(data.test.X.rows * k);
    for (let i = 0; i < data.test.X.rows; i++) {
      let s = 0;
      let best = 0;
      for (let c = 0; c < k; c++) {
        expect(p[i * k + c]).toBeGreaterThanOrEqual(0);
        s += p[i * k + c];
        if (p[i * k + c] > p[i * k + best]) best = c;
      }
      expect(Math.abs(s - 1)).toBeLessThan(1e-9);
      expect(pred[i]).toBe(best);
    }
  });

  it.runIf(suitable)('reports one finite, non-negative importance per feature (when it has them)', () => {
    if (!model.featureImportance) return;
    const imp = model.featureImportance();
    expect(imp.length).toBe(X.cols);
    for (const v of imp) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(imp.some((v) => v > 0)).toBe(true);
  });

  it.runIf(suitable)('reaches a minimum score on held-out data', () => {
    const s = score(model, data.test.X, data.test.y);
    expect(s).toBeGreaterThanOrEqual(task === 'regression' ? 0.6 : 0.85);
  });

  it.runIf(suitable)('exports IR that evaluates to the same predictions, or says it cannot', () => {
    let ir;
    try {
      ir = model.toExportIR();
    } catch (e) {
      expect(e).toBeInstanceOf(AskmlError);
      expect((e as AskmlError).code).toBe('EXPORT_UNSUPPORTED');
      return;
    }
    expect(ir.nFeatures).toBe(X.cols);
    const Xd = densify(data.test.X).data as Float64Array;
    const out = evalIR(ir, Xd);
    if (task === 'regression') {
      const pred = model.predict(data.test.X);
      for (let i = 0; i < pred.length; i++) expect(Math.abs(out.prediction[i] - pred[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(pred[i])));
    } else {
      const p = model.predictProba!(data.test.X);
      for (let t = 0; t < p.length; t++) expect(Math.abs(out.proba![t] - p[t])).toBeLessThan(1e-6);
      expect(out.prediction).toEqual(model.predict(data.test.X));
    }
  });

  it('rejects an already-aborted signal with CANCELLED', async () => {
    await expectCancelled(learner.fit(X, y, params, { seed: 1, signal: AbortSignal.abort() }));
  });

  it('stops a big fit promptly when aborted after 50 ms', async () => {
    const big = bigData(task, kind);
    const bigParams = { ...learner.space(shapeOf(big.X, big.y)).default };
    const ac = new AbortController();
    const start = performance.now();
    setTimeout(() => ac.abort(), 50);
    const settled = await learner.fit(big.X, big.y, bigParams, { seed: 1, signal: ac.signal }).then(
      () => 'done',
      (e: unknown) => e,
    );
    const late = performance.now() - start - 50;
    if (process.env.CONFORMANCE_LOG) console.log(`abort latency ${learner.name}/${task}/${kind}: ${late.toFixed(0)} ms (${settled === "done" ? "finished" : "cancelled"})`);
    if (settled !== 'done') {
      expect(settled).toBeInstanceOf(AskmlError);
      expect((settled as AskmlError).code).toBe('CANCELLED');
    }
    expect(late).toBeLessThan(1000);
  });
});
