import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random.js';
import { blendOof, caruana, pairedBootstrapSe } from './ensemble.js';

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

  it('log-loss-guided selection averages probabilities; the score is the blend\'s metric', () => {
    // 200 binary rows: A is wrong on rows 0-29 (confidently), B on rows 100-131 (unsure); the
    // log loss prefers mixing them, and the reported score is the blend's accuracy.
    const n = 200;
    const y = Float64Array.from({ length: n }, (_, i) => i % 2);
    const model = (wrong: (i: number) => boolean, conf: number) =>
      Float64Array.from(Array.from({ length: n }, (_, i) => (wrong(i) ? 1 - y[i] : y[i])).flatMap((l) => (l === 1 ? [1 - conf, conf] : [conf, 1 - conf])));
    const cands = [
      { trialId: 1, oof: model((i) => i < 30, 0.95) },
      { trialId: 2, oof: model((i) => i >= 100 && i < 132, 0.7) },
    ];
    const r = caruana({ candidates: cands, y, nClasses: 2, metric: 'accuracy', guide: 'log_loss' })!;
    expect(r.members.length).toBe(2);
    expect(r.bestSingleId).toBe(1);
    expect(r.bestSingleScore).toBeCloseTo(0.85, 12);
    const blend = blendOof(r.members, (id) => cands.find((c) => c.trialId === id)!.oof);
    let right = 0;
    for (let i = 0; i < n; i++) if ((blend[2 * i + 1] > blend[2 * i] ? 1 : 0) === y[i]) right++;
    expect(r.score).toBeCloseTo(right / n, 12);
  });

  it('paired bootstrap standard error: zero for identical predictions, about sqrt(p/n) for p disagreements', () => {
    const n = 400;
    const y = Float64Array.from({ length: n }, (_, i) => i % 2);
    const right = Float64Array.from(y);
    const rng = createRng(9);
    expect(pairedBootstrapSe('rmse', y, right, right, 1, rng)).toBe(0);
    const flipped = Float64Array.from(y, (v, i) => (i < 40 ? 1 - v : v)); // 10% rows differ
    const se = pairedBootstrapSe('rmse', y, flipped, right, 1, rng, 200);
    // rmse of flipped = sqrt(0.1): its bootstrap spread is ~ sqrt(0.1 * 0.9 / 400) / (2 sqrt(0.1)) = 0.024
    expect(se).toBeGreaterThan(0.015);
    expect(se).toBeLessThan(0.035);
  });
});
