import { describe, expect, it } from 'vitest';
import type { Frame } from '../data/frame.js';
import type { DenseMatrix } from '../learners/types.js';
import { NumericTransformer, skewness } from './numeric.js';
import { loadTransformer } from './registry.js';
import { parseDecimal } from './columns.js';

const num = (cols: Record<string, number[]>): Frame => {
  const names = Object.keys(cols);
  return { nRows: cols[names[0]].length, columns: names.map((name) => ({ name, type: 'numeric' as const, values: Float64Array.from(cols[name]) })) };
};
const data = (f: { matrix: unknown }) => Array.from((f.matrix as DenseMatrix).data);

describe('numeric transformer', () => {
  it('median imputes with an indicator and standardises', () => {
    const f = num({ x: [1, NaN, 3, 5] });
    const t = new NumericTransformer({ columns: ['x'], impute: 'median', scale: true }).fit(f);
    expect(t.outputs).toEqual(['x', 'x__missing']);
    // filled: 1 3 3 5 -> mean 3, sd sqrt(2)
    const d = data(t.transform(f));
    const s = Math.sqrt(2);
    expect(d.map((v) => +v.toFixed(6))).toEqual([-2 / s, 0, 0, 1, 0, 0, 2 / s, 0].map((v) => +v.toFixed(6)));
    const back = loadTransformer(JSON.parse(JSON.stringify(t.toJSON())));
    expect(data(back.transform(num({ x: [NaN, 7] })))).toEqual(data(t.transform(num({ x: [NaN, 7] }))));
  });

  it("'auto' indicators need minMissing missing training values: one missing row is imputed without one", () => {
    const f = num({ x: [1, NaN, 3, 5], z: [NaN, NaN, 1, 2] });
    const t = new NumericTransformer({ columns: ['x', 'z'], impute: 'median', indicator: 'auto', minMissing: 2, scale: false }).fit(f);
    expect(t.outputs).toEqual(['x', 'z', 'z__missing']);
    expect(data(t.transform(num({ x: [NaN], z: [NaN] })))).toEqual([3, 1.5, 1]);
  });

  it('mean and constant imputation; no indicator when nothing is missing', () => {
    const f = num({ x: [2, NaN, 4], y: [1, 2, 3] });
    const mean = new NumericTransformer({ columns: ['x', 'y'], impute: 'mean', scale: false }).fit(f);
    expect(mean.outputs).toEqual(['x', 'x__missing', 'y']);
    expect(data(mean.transform(f))).toEqual([2, 0, 1, 3, 1, 2, 4, 0, 3]);
    const c = new NumericTransformer({ columns: ['x'], impute: 'constant', constant: -1, scale: false, indicator: false }).fit(f);
    expect(data(c.transform(f))).toEqual([2, -1, 4]);
  });

  it('tree passthrough keeps NaN', () => {
    const f = num({ x: [1, NaN, 3] });
    const t = new NumericTransformer({ columns: ['x'], impute: 'none', scale: false, indicator: false }).fit(f);
    const d = data(t.transform(f));
    expect(d[0]).toBe(1);
    expect(Number.isNaN(d[1])).toBe(true);
    const back = loadTransformer(JSON.parse(JSON.stringify(t.toJSON())));
    expect(Number.isNaN(data(back.transform(f))[1])).toBe(true);
  });

  it('log1p on heavily skewed non-negative columns only (auto)', () => {
    const skewed = Array.from({ length: 200 }, (_, i) => Math.exp(i / 20));
    const sym = Array.from({ length: 200 }, (_, i) => i - 100);
    expect(skewness(Float64Array.from(skewed))).toBeGreaterThan(2);
    const f = num({ a: skewed, b: sym });
    const t = new NumericTransformer({ columns: ['a', 'b'], log1p: 'auto', scale: false }).fit(f);
    expect(t.outputs).toEqual(['log1p(a)', 'b']);
    expect(t.reason).toContain('(log1p: a)');
    const one = new NumericTransformer({ columns: ['b'], log1p: 'auto', reason: 'b: numeric -> median impute, log1p if skewed, standardised' }).fit(f);
    expect(one.reason).toBe('b: numeric -> median impute, standardised');
    const d = data(t.transform(num({ a: [Math.E - 1, -5], b: [0, 0] })));
    expect(d[0]).toBeCloseTo(1, 12);
    expect(d[2]).toBe(0); // negative at transform time -> clamped at 0
  });

  it('all-missing column imputes to a finite constant; strings are parsed', () => {
    const f = num({ x: [NaN, NaN] });
    const t = new NumericTransformer({ columns: ['x'], impute: 'median', scale: true }).fit(f);
    expect(data(t.transform(f)).every(Number.isFinite)).toBe(true);
    const txt: Frame = { nRows: 2, columns: [{ name: 'x', type: 'text', values: ['4', 'abc'] }] };
    const d = data(t.transform(txt));
    expect(d[0]).toBe(4);
    expect(d[3]).toBe(1);
  });

  it('missing column -> COLUMN_NOT_FOUND listing the expected inputs', () => {
    const t = new NumericTransformer({ columns: ['x'] }).fit(num({ x: [1, 2] }));
    try {
      t.transform(num({ z: [1] }));
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('COLUMN_NOT_FOUND');
      expect((e as Error).message).toContain("'x'");
    }
  });
});

describe('parseDecimal (numbers written as text in a column read as numeric)', () => {
  it('reads decimals as pandas does, and not hex, binary or octal literals (audit: 0x10 was 16)', () => {
    expect([' 1.5 ', '-2e3', '.5', '7.', '+3'].map(parseDecimal)).toEqual([1.5, -2000, 0.5, 7, 3]);
    expect(parseDecimal('inf')).toBe(Infinity);
    expect(parseDecimal('-Infinity')).toBe(-Infinity);
    for (const s of ['0x10', '0b11', '0o7', '1,234', '', 'abc', '1e', '--1']) expect(parseDecimal(s), s).toBeNaN();
  });
});
