import { describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { evalIR } from '../export/ir-eval.js';
import './index.js';
import { getLearner, loadModel } from './registry.js';
import { LogTargetModel, logTarget, logTargetFits } from './log-target.js';
import type { DenseMatrix } from './types.js';

const X: DenseMatrix = { kind: 'dense', rows: 40, cols: 1, data: Float64Array.from({ length: 40 }, (_, i) => i) };
// A multiplicative target: y = 2 * 1.1^x.
const y = Float64Array.from({ length: 40 }, (_, i) => 2 * 1.1 ** i);

describe('log target', () => {
  it('fits a linear model on log(y): exact on a multiplicative target; saved, loaded and in the IR alike', async () => {
    const lt = logTarget(y);
    expect(lt.range.lo).toBeCloseTo(Math.log(2) - Math.LN10, 12);
    const inner = await getLearner('linear_regression').fit(X, { task: 'regression', y: lt.y, nClasses: 1 }, {}, { seed: 0 });
    const m = new LogTargetModel(inner, lt.range);
    const p = m.predict(X);
    for (let i = 0; i < 40; i++) expect(p[i] / y[i]).toBeCloseTo(1, 5);
    const back = loadModel(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predict(X))).toEqual(Array.from(p));
    const ir = evalIR(m.toExportIR(), Float64Array.from(X.data)).prediction;
    for (let i = 0; i < 40; i++) expect(ir[i] / p[i]).toBeCloseTo(1, 10);
  });

  it('clips an extrapolation to ten times the training range', async () => {
    const lt = logTarget(y);
    const inner = await getLearner('linear_regression').fit(X, { task: 'regression', y: lt.y, nClasses: 1 }, {}, { seed: 0 });
    const far: DenseMatrix = { kind: 'dense', rows: 2, cols: 1, data: Float64Array.of(1e6, -1e6) };
    const p = new LogTargetModel(inner, lt.range).predict(far);
    expect(p[0]).toBeCloseTo(10 * Math.max(...y), 6);
    expect(p[1]).toBeCloseTo(0.1 * 2, 12);
    expect(evalIR(new LogTargetModel(inner, lt.range).toExportIR(), Float64Array.from(far.data)).prediction[0]).toBeCloseTo(p[0], 6);
  });

  it('needs positive finite values; a damaged saved transform is a PARSE_ERROR', async () => {
    expect(logTargetFits(y)).toBe(true);
    expect(logTargetFits(Float64Array.of(1, 0, 2))).toBe(false);
    expect(logTargetFits(Float64Array.of(1, -3))).toBe(false);
    expect(logTargetFits(new Float64Array(0))).toBe(false);
    const inner = await getLearner('linear_regression').fit(X, { task: 'regression', y, nClasses: 1 }, {}, { seed: 0 });
    const saved = { ...inner.toJSON(), targetTransform: { kind: 'sqrt' } };
    expect(() => loadModel(saved)).toThrow(AskmlError);
    expect(() => loadModel(saved)).toThrow(/targetTransform askml does not know/);
    // without the field it is the learner's own model
    expect(loadModel(inner.toJSON())).not.toBeInstanceOf(LogTargetModel);
  });
});
