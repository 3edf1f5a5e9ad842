import { describe, expect, it } from 'vitest';
import type { Frame } from '../data/frame.js';
import type { TrainedModel } from '../search/trained-model.js';
import { permutationImportance } from './importance.js';

describe('permutationImportance', () => {
  it('a column that only moves predictions by float rounding scores exactly 0, not 3.7e-17 (audit)', () => {
    const n = 200;
    const a = Float64Array.from({ length: n }, (_, i) => (i * 37) % 101);
    const b = Float64Array.from({ length: n }, (_, i) => (i * 53) % 97);
    const frame: Frame = { nRows: n, columns: [{ name: 'a', type: 'numeric', values: a }, { name: 'b', type: 'numeric', values: b }] };
    // Predictions: a, plus b at 1e-15 of a unit (what a float sum in another order can leave).
    const model = {
      inputColumns: ['a', 'b'],
      nClasses: 1,
      task: 'regression',
      predict: (f: Frame) => {
        const [x, z] = f.columns.map((c) => (c as { values: Float64Array }).values);
        return { values: Float64Array.from(x, (v, i) => v + 1e-15 * z[i]), proba: null, labels: null };
      },
    } as unknown as TrainedModel;
    const y = Float64Array.from(a, (v, i) => v + ((i % 5) - 2));
    const r = permutationImportance(model, frame, y, { metric: 'rmse', repeats: 3 });
    const by = Object.fromEntries(r.columns.map((c) => [c.column, c]));
    expect(by.a.mean).toBeGreaterThan(10);
    expect(by.b.mean).toBe(0);
    expect(by.b.std).toBe(0);
  });
});
