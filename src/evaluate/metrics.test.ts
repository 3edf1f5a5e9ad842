import { describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { checkMetric, checkMetricForTarget, constantBaseline, confusionMatrix, defaultMetric, metricsFor, perClass, scoreMetric } from './metrics.js';

// Reference values computed with scikit-learn 1.2.1 (/usr/bin/python3) on the same arrays.
const yb = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0];
const pb = [0.1, 0.8, 0.6, 0.4, 0.35, 0.2, 0.7, 0.9, 0.6, 0.05];
const predb = pb.map((p) => (p > 0.5 ? 1 : 0));
const Pb = pb.flatMap((p) => [1 - p, p]);

const ym = [0, 1, 2, 2, 1, 0, 2, 1, 0, 2];
const Pm = [
  [0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3], [0.2, 0.6, 0.2],
  [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.4, 0.3, 0.3], [0.6, 0.2, 0.2], [0.1, 0.1, 0.8],
].flat();
const pm = [0, 1, 2, 1, 1, 0, 2, 0, 0, 2];

const yr = [3.0, -0.5, 2.0, 7.0, 4.2];
const pr = [2.5, 0.0, 2.1, 7.8, 3.9];

describe('metrics parity with scikit-learn', () => {
  it('binary', () => {
    expect(scoreMetric('accuracy', yb, predb, Pb, 2)).toBeCloseTo(0.8, 12);
    expect(scoreMetric('balanced_accuracy', yb, predb, Pb, 2)).toBeCloseTo(0.8, 12);
    expect(scoreMetric('macro_f1', yb, predb, Pb, 2)).toBeCloseTo(0.8, 12);
    expect(scoreMetric('roc_auc', yb, predb, Pb, 2)).toBeCloseTo(0.84, 12);
    expect(scoreMetric('log_loss', yb, predb, Pb, 2)).toBeCloseTo(0.44945732284542084, 10);
  });
  it('multiclass', () => {
    expect(scoreMetric('accuracy', ym, pm, Pm, 3)).toBeCloseTo(0.8, 12);
    expect(scoreMetric('balanced_accuracy', ym, pm, Pm, 3)).toBeCloseTo(0.8055555555555555, 12);
    expect(scoreMetric('macro_f1', ym, pm, Pm, 3)).toBeCloseTo(0.7936507936507936, 12);
    expect(scoreMetric('roc_auc', ym, pm, Pm, 3)).toBeCloseTo(0.9543650793650794, 12);
    expect(scoreMetric('log_loss', ym, pm, Pm, 3)).toBeCloseTo(0.6417360960088667, 10);
    // a true class given probability 0 (knn, pure tree leaves): scikit-learn 1.2 clips at float64 eps (audit)
    expect(scoreMetric('log_loss', [0, 1, 2], [0, 0, 2], [1, 0, 0, 1, 0, 0, 0.2, 0.3, 0.5], 3)).toBeCloseTo(12.245600189892366, 10);
    // predictions derived from probabilities when pred is null
    expect(scoreMetric('accuracy', ym, null, Pm, 3)).toBeCloseTo(0.8, 12);
    const rep = perClass(ym, pm, 3);
    expect(rep.map((r) => r.precision)).toEqual([0.75, 2 / 3, 1].map((v) => expect.closeTo(v, 10)));
    expect(rep.map((r) => r.recall)).toEqual([1, 2 / 3, 0.75].map((v) => expect.closeTo(v, 10)));
    expect(rep.map((r) => r.f1)).toEqual([0.85714286, 0.66666667, 0.85714286].map((v) => expect.closeTo(v, 7)));
    expect(rep.map((r) => r.support)).toEqual([3, 3, 4]);
    expect(confusionMatrix(ym, pm, 3)).toEqual([[3, 0, 0], [1, 2, 0], [0, 1, 3]]);
  });
  it('regression', () => {
    expect(scoreMetric('rmse', yr, pr, null, 1)).toBeCloseTo(0.49799598391954925, 12);
    expect(scoreMetric('mae', yr, pr, null, 1)).toBeCloseTo(0.44000000000000006, 12);
    expect(scoreMetric('r2', yr, pr, null, 1)).toBeCloseTo(0.9594665271966527, 12);
    expect(scoreMetric('mape', yr, pr, null, 1)).toBeCloseTo(0.2804761904761905, 12);
  });
});

describe('metric registry', () => {
  it('defaults and task lists', () => {
    expect(defaultMetric('regression')).toBe('rmse');
    expect(defaultMetric('binary')).toBe('accuracy');
    expect(defaultMetric('multiclass')).toBe('macro_f1');
    expect(metricsFor('regression')).toEqual(['rmse', 'mae', 'r2', 'mape']);
  });
  it('constantBaseline scores the prior / the mean (median for mae)', () => {
    expect(constantBaseline('accuracy', [0, 0, 0, 1], 2)).toEqual({ score: 0.75, what: 'always predicting the most frequent class' });
    expect(constantBaseline('log_loss', [0, 0, 0, 1], 2).score).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 10);
    expect(constantBaseline('roc_auc', [0, 1, 0, 1], 2).score).toBeCloseTo(0.5, 10);
    expect(constantBaseline('rmse', [1, 2, 3, 6], 1).score).toBeCloseTo(Math.sqrt((4 + 1 + 0 + 9) / 4), 10);
    expect(constantBaseline('mae', [1, 2, 3, 10], 1)).toEqual({ score: (1.5 + 0.5 + 0.5 + 7.5) / 4, what: 'always predicting the median' });
  });
  it('refuses mape on a target with zeros, naming the column and the count', () => {
    expect(() => checkMetricForTarget('mape', [0, 1.5, 0, 3], 'y')).toThrow(expect.objectContaining({ code: 'BAD_METRIC', message: expect.stringContaining("'y' is 0 in 2 of 4 rows") }));
    expect(() => checkMetricForTarget('mape', [1, 1.5, 3], 'y')).not.toThrow();
    expect(() => checkMetricForTarget('rmse', [0, 0], 'y')).not.toThrow();
  });
  it('rejects unknown and task-mismatched metrics with valid choices', () => {
    try {
      checkMetric('rmse', 'binary');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AskmlError);
      expect((e as AskmlError).code).toBe('BAD_METRIC');
      expect((e as AskmlError).details.choices).toContain('macro_f1');
    }
    expect(() => checkMetric('f2', 'regression')).toThrow(/unknown/);
    expect(checkMetric('Macro-F1', 'multiclass').name).toBe('macro_f1');
  });
});

describe('checkMetricForTarget', () => {
  it('notes targets near 0 under mape (audit: one near-zero target made validation MAPE 20.6), refuses exact zeros', () => {
    expect(checkMetricForTarget('mape', [10, 12, 9, 11, 0.05], 'y')).toEqual([
      "Metric mape: 1 of 5 targets of 'y' are near 0 (at most 1% of the median size, 10); their percentage errors dominate the score that picks the model. mae or rmse may suit this target better.",
    ]);
    expect(checkMetricForTarget('mape', [10, 12, 9, 11], 'y')).toEqual([]);
    expect(checkMetricForTarget('rmse', [0, 0.01, 10], 'y')).toEqual([]);
    expect(() => checkMetricForTarget('mape', [10, 0, 9], 'y')).toThrow("Metric 'mape' divides by the target");
  });
});
