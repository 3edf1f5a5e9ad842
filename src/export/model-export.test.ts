import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { createRng, type Rng } from '../util/random.js';
import type { EnsembleIR, LinearIR, ModelIR, TreeEnsembleIR, TreeIR } from './ir.js';
import { buildModelOnnx, exportModel } from './export-model.js';
import { readOnnxModel } from './onnx-writer.js';
import { scoreOnnx } from './onnx-runtime.js';
import { evalIR as evalShared } from './ir-eval.js';

/** The shared reference evaluator, shaped as verifyExport's in-process predictions. */
function evalIR(ir: ModelIR, X: Float32Array | Float64Array, _rows: number): { labels: Float64Array; proba?: Float64Array } {
  const o = evalShared(ir, Float64Array.from(X));
  return { labels: o.prediction, proba: o.proba };
}

const dir = mkdtempSync(path.join(tmpdir(), 'askml-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Data with NaNs, float32-representable values, some exactly on thresholds. */
function data(rows: number, d: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const X = new Float32Array(rows * d);
  for (let i = 0; i < X.length; i++) {
    const u = rng.next();
    X[i] = u < 0.1 ? NaN : u < 0.2 ? Math.round(rng.next() * 4) / 2 : rng.next() * 4 - 1;
  }
  return X;
}

/** A random tree of given depth with nOut outputs per leaf. */
function randomTree(rng: Rng, d: number, depth: number, nOut: number): TreeIR {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const miss: number[] = [];
  const value: number[] = [];
  const grow = (level: number): number => {
    const id = feature.length;
    feature.push(0); threshold.push(0); left.push(-1); right.push(-1); miss.push(0);
    for (let k = 0; k < nOut; k++) value.push(0);
    if (level === depth || (level > 0 && rng.next() < 0.2)) {
      for (let k = 0; k < nOut; k++) value[id * nOut + k] = rng.next() * 2 - 1;
      return id;
    }
    feature[id] = Math.floor(rng.next() * d);
    threshold[id] = rng.next() < 0.3 ? Math.round(rng.next() * 4) / 2 : rng.next() * 4 - 1;
    miss[id] = rng.next() < 0.5 ? 1 : 0;
    left[id] = grow(level + 1);
    right[id] = grow(level + 1);
    return id;
  };
  grow(0);
  return {
    feature: Int32Array.from(feature), threshold: Float64Array.from(threshold),
    left: Int32Array.from(left), right: Int32Array.from(right), missingLeft: Uint8Array.from(miss),
    value: Float64Array.from(value), nOutputs: nOut,
  };
}

function trees(opts: Partial<TreeEnsembleIR> & Pick<TreeEnsembleIR, 'task' | 'nOutputs' | 'nClasses'>, seed = 1): TreeEnsembleIR {
  const rng = createRng(seed);
  const d = 5;
  const nTrees = 12;
  const perTree = opts.treeOutput ? 1 : opts.nOutputs;
  return {
    kind: 'trees', nFeatures: d, aggregate: 'sum', post: 'none',
    trees: Array.from({ length: nTrees }, () => randomTree(rng, d, 4, perTree)),
    base: Float64Array.from({ length: opts.nOutputs }, (_, i) => 0.1 * (i + 1)),
    ...opts,
  };
}

function linear(task: LinearIR['task'], nOutputs: number, nClasses: number, post: LinearIR['post']): LinearIR {
  const rng = createRng(7);
  const d = 5;
  return {
    kind: 'linear', task, nFeatures: d, nOutputs, nClasses, post,
    coef: Float64Array.from({ length: d * nOutputs }, () => rng.next() * 2 - 1),
    intercept: Float64Array.from({ length: nOutputs }, () => rng.next() - 0.5),
  };
}

/** Linear models cannot read NaN: impute with 0 for them. */
function noNaN(X: Float32Array): Float32Array {
  return X.map((v) => (Number.isNaN(v) ? 0 : v));
}

async function compare(ir: ModelIR, X: Float32Array, rows: number): Promise<number> {
  const want = evalIR(ir, X, rows);
  const { bytes } = buildModelOnnx(ir);
  const got = await scoreOnnx(bytes, { features: { data: X, dims: [rows, ir.nFeatures] } });
  let maxDiff = 0;
  if (want.proba) {
    expect(got.probabilities).toBeDefined();
    for (let i = 0; i < want.proba.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got.probabilities![i] - want.proba[i]));
    expect(Array.from(got.label)).toEqual(Array.from(want.labels));
  } else {
    for (let i = 0; i < rows; i++) maxDiff = Math.max(maxDiff, Math.abs(got.label[i] - want.labels[i]));
  }
  expect(maxDiff).toBeLessThan(1e-5);
  return maxDiff;
}

describe('model IR -> ONNX', () => {
  const rows = 400;
  const X = data(rows, 5, 3);

  it('boosted binary trees with logistic, NaNs and on-threshold values', async () => {
    await compare(trees({ task: 'binary', nOutputs: 1, nClasses: 2, post: 'logistic' }), X, rows);
  });

  it('boosted multiclass trees (one tree per class) with softmax', async () => {
    const treeOutput = Int32Array.from({ length: 12 }, (_, t) => t % 3);
    await compare(trees({ task: 'multiclass', nOutputs: 3, nClasses: 3, post: 'softmax', treeOutput }), X, rows);
  });

  it('averaged forest leaves (probabilities) and regression', async () => {
    const forest = trees({ task: 'multiclass', nOutputs: 3, nClasses: 3, aggregate: 'average', post: 'normalize' }, 5);
    for (const t of forest.trees) t.value = t.value.map((v) => Math.abs(v) + 0.01);
    forest.base = new Float64Array(3);
    await compare(forest, X, rows);
    await compare(trees({ task: 'regression', nOutputs: 1, nClasses: 1, aggregate: 'average' }, 9), X, rows);
  });

  it('a single-leaf tree', async () => {
    const ir = trees({ task: 'regression', nOutputs: 1, nClasses: 1 });
    ir.trees = [{ feature: Int32Array.of(-1), threshold: Float64Array.of(0), left: Int32Array.of(-1), right: Int32Array.of(-1), missingLeft: Uint8Array.of(0), value: Float64Array.of(2.5), nOutputs: 1 }];
    ir.base = Float64Array.of(1);
    const got = await scoreOnnx(buildModelOnnx(ir).bytes, { features: { data: X.slice(0, 10), dims: [2, 5] } });
    expect(Array.from(got.label)).toEqual([3.5, 3.5]);
  });

  it('linear binary, multiclass and regression', async () => {
    const Xl = noNaN(X);
    await compare(linear('binary', 1, 2, 'logistic'), Xl, rows);
    await compare(linear('multiclass', 4, 4, 'softmax'), Xl, rows);
    await compare(linear('regression', 1, 1, 'none'), Xl, rows);
  });

  it('a weighted ensemble of trees and a linear model', async () => {
    const ens: EnsembleIR = {
      kind: 'ensemble', task: 'binary', nFeatures: 5, nClasses: 2,
      members: [
        { weight: 2, model: trees({ task: 'binary', nOutputs: 1, nClasses: 2, post: 'logistic' }) },
        { weight: 1, model: linear('binary', 1, 2, 'logistic') },
        { weight: 0, model: linear('binary', 1, 2, 'logistic') },
      ],
    };
    await compare(ens, noNaN(X), rows);
  });

  it('writes opsets ai.onnx 17 / ai.onnx.ml 4 and plain tensor outputs (no ZipMap)', () => {
    const m = readOnnxModel(buildModelOnnx(trees({ task: 'binary', nOutputs: 1, nClasses: 2, post: 'logistic' })).bytes);
    expect(m.opsets).toEqual([{ domain: '', version: 17 }, { domain: 'ai.onnx.ml', version: 4 }]);
    expect(m.outputs).toEqual(['label', 'probabilities']);
    expect(m.opTypes).not.toContain('ZipMap');
    expect(m.opTypes).toContain('TreeEnsembleRegressor');
  });

  it('exportModel verifies, writes atomically, and refuses a wrong model', async () => {
    const ir = linear('binary', 1, 2, 'logistic');
    const Xl = noNaN(X.slice(0, 50 * 5));
    const sample = { kind: 'dense' as const, rows: 50, cols: 5, data: Xl };
    const expected = evalIR(ir, Xl, 50);
    const file = path.join(dir, 'sub', 'lin.onnx');
    const res = await exportModel({ model: ir, path: file, sample, expected });
    expect(res.bytes).toBeGreaterThan(100);
    expect(res.verification.ok).toBe(true);
    expect(res.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
    expect(existsSync(file)).toBe(true);

    const bad = { labels: expected.labels, proba: expected.proba!.map((p) => p * 0.9) };
    const badFile = path.join(dir, 'bad.onnx');
    const err = await exportModel({ model: ir, path: badFile, sample, expected: bad }).catch((e) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('EXPORT_MISMATCH');
    expect(existsSync(badFile)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses IR it cannot represent', () => {
    const ir = linear('multiclass', 2, 3, 'softmax');
    expect(() => buildModelOnnx(ir)).toThrow(/not a shape/);
  });
});
