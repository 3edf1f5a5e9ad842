import { describe, expect, it } from 'vitest';
import { modelName, paramList } from './schemas.js';
import { caruana } from './ensemble.js';

describe('greedy ensemble selection', () => {
  it('combines models with complementary errors and beats the best single one', () => {
    // 3 classes, 6 rows. Model A is right on rows 0-3, model B on rows 2-5, C is always unsure.
    const y = Float64Array.from([0, 1, 2, 0, 1, 2]);
    const onehot = (labels: number[], conf: number) =>
      Float64Array.from(labels.flatMap((l) => [0, 1, 2].map((c) => (c === l ? conf : (1 - conf) / 2))));
    const a = onehot([0, 1, 2, 0, 2, 0], 0.9);
    const b = onehot([1, 2, 2, 0, 1, 2], 0.6);
    const c = onehot([0, 0, 0, 0, 0, 0], 0.34);
    const r = caruana({ candidates: [{ trialId: 1, oof: a }, { trialId: 2, oof: b }, { trialId: 3, oof: c }], y, nClasses: 3, metric: 'log_loss' })!;
    expect(r.members.map((m) => m.trialId).sort()).toContain(1);
    expect(r.members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 12);
    expect(r.score).toBeLessThan(r.bestSingleScore);
  });

  it('regression: averages predictions', () => {
    const y = Float64Array.from([1, 2, 3, 4]);
    const r = caruana({
      candidates: [
        { trialId: 1, oof: Float64Array.from([2, 3, 4, 5]) },
        { trialId: 2, oof: Float64Array.from([0, 1, 2, 3]) },
      ],
      y,
      nClasses: 1,
      metric: 'rmse',
    })!;
    expect(r.score).toBeCloseTo(0, 12);
    expect(r.members).toEqual([
      { trialId: 1, weight: 0.5 },
      { trialId: 2, weight: 0.5 },
    ]);
  });
});

describe('paramList', () => {
  it("shows the search's internal class-weight key as users see it", () => {
    expect(paramList({ C: 1, __class_weight: 'balanced' })).toEqual([{ name: 'C', value: 1 }, { name: 'sample_weight', value: 'balanced' }]);
    expect(paramList({ C: 1, __class_weight: 'none' })).toEqual([{ name: 'C', value: 1 }]);
  });
});

describe('modelName', () => {
  it('names each learner once with its count, in first-seen order', () => {
    expect(modelName(['logistic_regression', 'linear_svm', 'linear_svm', 'linear_svm', 'logistic_regression', 'gbdt'])).toBe('logistic_regression x2 + linear_svm x3 + gbdt');
    expect(modelName(['ridge'])).toBe('ridge');
  });
});
