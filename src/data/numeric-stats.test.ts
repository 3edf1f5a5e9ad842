import { describe, expect, it } from 'vitest';
import { summarizeNumbers, quantilesInPlace } from './numeric-stats.js';
import { duplicateRows } from './leakage.js';
import { createRng } from '../util/random.js';

function sortedQuantile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

describe('numeric stats', () => {
  it('quantiles by multi-select equal quantiles by sorting', () => {
    const rng = createRng(3);
    for (const n of [1, 2, 17, 1000, 5001]) {
      const v = Array.from({ length: n }, () => Math.floor(rng.normal() * 50) / 4);
      const probs = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];
      const got = quantilesInPlace(Float64Array.from(v), probs);
      expect(got).toEqual(probs.map((p) => sortedQuantile(v, p)));
    }
  });

  it('integer columns (counting path) give the same quantiles and distinct counts', () => {
    const rng = createRng(5);
    const v = Array.from({ length: 3001 }, () => rng.int(200) - 50);
    const probs = [0.05, 0.25, 0.5, 0.75, 0.95];
    const s = summarizeNumbers(Float64Array.from(v), probs);
    expect(s.quantiles).toEqual(probs.map((p) => sortedQuantile(v, p)));
    expect(s.distinct).toBe(new Set(v).size);
  });

  it('summary: missing, distinct, counts, moments', () => {
    const s = summarizeNumbers(Float64Array.from([3, NaN, 1, 3, -0, 0, 3, NaN]), [0.5]);
    expect(s).toMatchObject({ n: 6, missing: 2, min: 0, max: 3, distinct: 3, integral: true });
    expect(s.counts).toEqual([
      { value: 3, count: 3 },
      { value: 0, count: 2 },
      { value: 1, count: 1 },
    ]);
    expect(s.mean).toBeCloseTo(10 / 6);
    expect(s.quantiles[0]).toBe(2);
    const many = summarizeNumbers(Float64Array.from({ length: 100 }, (_, i) => i + 0.5), [0.5], 20);
    expect(many.distinct).toBe(100);
    expect(many.counts).toEqual([]);
    expect(many.integral).toBe(false);
  });

  it('duplicate rows over mixed columns', () => {
    const frame = {
      nRows: 5,
      columns: [
        { name: 'a', type: 'numeric' as const, values: Float64Array.from([1, 1, NaN, NaN, 2]) },
        { name: 'b', type: 'categorical' as const, codes: Int32Array.from([0, 0, -1, -1, 0]), levels: ['x'] },
        { name: 'c', type: 'text' as const, values: ['hi there', 'hi there', null, null, 'hi there'] },
      ],
    };
    expect(duplicateRows(frame)).toBe(2);
  });
});

describe('hyperLogLog', () => {
  it('estimates large distinct counts within 3%', async () => {
    const { hyperLogLog } = await import('./numeric-stats.js');
    const rng = createRng(9);
    const a = Float64Array.from({ length: 300_000 }, () => rng.next());
    const est = hyperLogLog(a, a.length);
    expect(Math.abs(est - 300_000) / 300_000).toBeLessThan(0.03);
    const few = Float64Array.from({ length: 300_000 }, (_, i) => (i % 1000) + 0.5);
    expect(summarizeNumbers(few, [0.5]).distinct).toBe(1000); // small estimate -> exact count
  });
});
