import { describe, expect, it } from 'vitest';
import { evalIR } from './ir-eval.js';
import type { EnsembleIR, LinearIR, TreeEnsembleIR } from './ir.js';

const stump = (feature: number, threshold: number, leftVal: number, rightVal: number, missingLeft = 0) => ({
  feature: Int32Array.of(feature, -1, -1),
  threshold: Float64Array.of(threshold, 0, 0),
  left: Int32Array.of(1, -1, -1),
  right: Int32Array.of(2, -1, -1),
  missingLeft: Uint8Array.of(missingLeft, 0, 0),
  value: Float64Array.of(0, leftVal, rightVal),
  nOutputs: 1,
});

describe('evalIR', () => {
  it('linear binary: p1 = logistic(x·w + b)', () => {
    const ir: LinearIR = { kind: 'linear', task: 'binary', nFeatures: 2, nOutputs: 1, nClasses: 2, coef: Float64Array.of(1, -1), intercept: Float64Array.of(0.5), post: 'logistic' };
    const out = evalIR(ir, Float64Array.of(1, 2, 3, 0));
    expect(Array.from(out.scores)).toEqual([-0.5, 3.5]);
    expect(out.proba![1]).toBeCloseTo(1 / (1 + Math.exp(0.5)), 15);
    expect(out.proba![0] + out.proba![1]).toBeCloseTo(1, 15);
    expect(Array.from(out.prediction)).toEqual([0, 1]);
  });

  it('linear multiclass softmax and regression', () => {
    const ir: LinearIR = { kind: 'linear', task: 'multiclass', nFeatures: 1, nOutputs: 3, nClasses: 3, coef: Float64Array.of(1, 0, -1), intercept: Float64Array.of(0, 0, 0), post: 'softmax' };
    const out = evalIR(ir, Float64Array.of(Math.log(2)));
    expect(out.proba![0]).toBeCloseTo(2 / (2 + 1 + 0.5), 12);
    expect(out.prediction[0]).toBe(0);
    const reg: LinearIR = { ...ir, task: 'regression', nOutputs: 1, nClasses: 1, coef: Float64Array.of(2), intercept: Float64Array.of(1), post: 'none' };
    expect(Array.from(evalIR(reg, Float64Array.of(3, -1)).prediction)).toEqual([7, -1]);
    expect(evalIR(reg, Float64Array.of(3)).proba).toBeUndefined();
  });

  it('trees: float32 split rule, missing direction, sum + base, per-class trees', () => {
    const ir: TreeEnsembleIR = {
      kind: 'trees', task: 'multiclass', nFeatures: 1, nOutputs: 2, nClasses: 2,
      trees: [stump(0, 0.1, 1, -1, 1), stump(0, 0.5, 0, 2)], treeOutput: Int32Array.of(0, 1),
      base: Float64Array.of(0.5, 0), aggregate: 'sum', post: 'softmax',
    };
    // 0.1 as float64 is slightly above fround(0.1): x = 0.1000000001 rounds to the same float32, so goes left.
    const out = evalIR(ir, Float64Array.of(0.1000000001, NaN, 0.6));
    expect(Array.from(out.scores)).toEqual([1.5, 0, 1.5, 2, -0.5, 2]);
    expect(Array.from(out.prediction)).toEqual([0, 1, 1]);
    const avg: TreeEnsembleIR = { ...ir, task: 'regression', nOutputs: 1, nClasses: 1, treeOutput: undefined, base: Float64Array.of(10), aggregate: 'average', post: 'none' };
    expect(Array.from(evalIR(avg, Float64Array.of(0.6)).prediction)).toEqual([10.5]);
  });

  it('ensembles average member probabilities by weight', () => {
    const a: LinearIR = { kind: 'linear', task: 'binary', nFeatures: 1, nOutputs: 1, nClasses: 2, coef: Float64Array.of(0), intercept: Float64Array.of(0), post: 'logistic' };
    const b: LinearIR = { ...a, intercept: Float64Array.of(100) };
    const ens: EnsembleIR = { kind: 'ensemble', task: 'binary', nFeatures: 1, nClasses: 2, members: [{ weight: 0.75, model: a }, { weight: 0.25, model: b }] };
    const out = evalIR(ens, Float64Array.of(0));
    expect(out.proba![1]).toBeCloseTo(0.75 * 0.5 + 0.25, 12);
    expect(() => evalIR(a, Float64Array.of())).not.toThrow();
  });
});
