import { describe, expect, it } from 'vitest';
import { CV_MIN_TRIALS, cvTrialSeconds, planValidation } from './validation.js';

const y = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i % 7);
const base = { task: 'regression' as const, nClasses: 0, seed: 1 };

describe('planValidation', () => {
  it('cross-validates small data and holds out large data without a budget', () => {
    expect(planValidation({ ...base, y: y(500), cols: 10 }).kind).toBe('cv');
    expect(planValidation({ ...base, y: y(20_000), cols: 10 }).kind).toBe('holdout');
    expect(planValidation({ ...base, y: y(5_000), cols: 500 }).kind).toBe('holdout'); // 2.5M cells
  });

  it('cross-validates mid-size data only when the budget pays for enough default trials', () => {
    const n = 40_000;
    const cols = 9;
    const trial = cvTrialSeconds(n, cols, 0, 5);
    expect(trial).toBeCloseTo((4 * n * cols * 100) / 1e8, 9);
    const rich = planValidation({ ...base, y: y(n), cols, workerSeconds: trial * CV_MIN_TRIALS * 1.1 });
    expect(rich.kind).toBe('cv');
    expect(rich.k).toBe(5);
    expect(rich.notes.join(' ')).toMatch(/budget pays for 5-fold cross-validation/);
    expect(planValidation({ ...base, y: y(n), cols, workerSeconds: trial * CV_MIN_TRIALS * 0.9 }).kind).toBe('holdout');
    // Multiclass costs a tree per class per round: 26 classes need 26x the budget.
    const yc = Float64Array.from({ length: n }, (_, i) => i % 26);
    const cls = { task: 'multiclass' as const, nClasses: 26, seed: 1, y: yc, cols };
    expect(planValidation({ ...cls, workerSeconds: trial * CV_MIN_TRIALS * 1.1 }).kind).toBe('holdout');
    expect(planValidation({ ...cls, workerSeconds: trial * 26 * CV_MIN_TRIALS * 1.1 }).kind).toBe('cv');
    // Beyond 100k rows or 10M cells: holdout, whatever the budget.
    expect(planValidation({ ...base, y: y(120_000), cols: 2, workerSeconds: 1e9 }).kind).toBe('holdout');
    expect(planValidation({ ...base, y: y(50_000), cols: 300, workerSeconds: 1e9 }).kind).toBe('holdout');
    // An explicit kind wins.
    expect(planValidation({ ...base, y: y(n), cols, workerSeconds: 1e9, kind: 'holdout' }).kind).toBe('holdout');
  });

  it('few rows take fewer folds, and the note names rows for regression, the smallest class otherwise (audit9 F9)', () => {
    const reg = planValidation({ ...base, y: y(4), cols: 1 });
    expect(reg.k).toBe(2);
    expect(reg.notes).toContain('Used 2-fold instead of 5-fold cross-validation: there are only 4 training rows.');
    const cls = planValidation({ task: 'binary', nClasses: 2, seed: 1, y: Float64Array.from([0, 0, 0, 1, 1, 1]), cols: 1 });
    expect(cls.notes).toContain('Used 3-fold instead of 5-fold cross-validation: the smallest class has only 3 rows.');
  });

  it('a class of one training row: cross-validates over the rest instead of a holdout that lacks it (auditH D)', () => {
    // tiny15_3c after the test split: 5, 5 and 1 rows. It was a 2-row holdout without class 3 (every learner scored 1).
    const yc = Float64Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 2]);
    const p = planValidation({ task: 'multiclass', nClasses: 3, seed: 1, y: yc, cols: 2 });
    expect(p.kind).toBe('cv');
    expect(p.k).toBe(5);
    // Every row is scored once, the single row of class 3 included.
    expect(p.validRows.length).toBe(11);
    expect(p.notes).toContain('1 class has a single training row: it is scored in the cross-validation fold that holds it, by a model that never saw that class.');
    // Asked for a holdout: the note gives its size and the class it lacks.
    const h = planValidation({ task: 'multiclass', nClasses: 3, seed: 1, y: yc, cols: 2, kind: 'holdout' });
    expect(h.validRows.length).toBe(2);
    expect(h.notes).toContain(
      'The validation holdout (2 rows) holds no row of 1 of the 3 classes (class #3, which has a single training row): its score says nothing about that class.',
    );
  });

  it('every class with a single training row: TOO_SMALL, not a score on an empty holdout (audit)', () => {
    const yc = Float64Array.from({ length: 30 }, (_, i) => i);
    for (const kind of ['auto', 'holdout'] as const) {
      expect(() => planValidation({ task: 'multiclass', nClasses: 30, seed: 1, y: yc, cols: 2, kind })).toThrow(
        expect.objectContaining({ code: 'TOO_SMALL', message: 'Every class of the target has a single training row (30 classes in 30 rows): no model can be validated on a class it has learned.' }),
      );
    }
  });
});
