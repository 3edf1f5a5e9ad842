/**
 * Where leakage detection draws the line: a column that is (nearly) a copy or a function of the
 * target is a leak; a strong but noisy predictor is a feature (audit H: y = -(50 + 10 a + N(0,1)),
 * r = 0.9947, was dropped at the old 0.99 bar and the model learned nothing).
 */
import { describe, expect, it } from 'vitest';
import { leakCheck } from './leakage.js';
import { analyzeFrame } from './profile.js';
import type { Column, Frame } from './frame.js';
import { createRng } from '../util/random.js';

const N = 1500;
const num = (name: string, values: ArrayLike<number>): Column => ({ name, type: 'numeric', values: Float64Array.from(values) });
const frameOf = (...columns: Column[]): Frame => ({ nRows: N, columns });

/** a ~ N(0,1), y = -(50 + 10 a + noise * N(0,1)). */
function linear(noise: number, seed = 1): { a: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const a = Float64Array.from({ length: N }, () => rng.normal());
  const y = a.map((v) => -(50 + 10 * v + noise * rng.normal()));
  return { a, y };
}

function regLeak(feature: Column, y: Float64Array) {
  const target = num('y', y);
  return leakCheck(feature, target, 'regression', frameOf(feature, target));
}

describe('regression leaks', () => {
  it('keeps a strong noisy predictor (the audit case, r about 0.995)', () => {
    const { a, y } = linear(1);
    expect(regLeak(num('a', a), y)).toBeNull();
  });

  it('keeps a predictor with 0.5% of the variance unexplained (r 0.9975)', () => {
    const { a, y } = linear(10 * Math.sqrt(0.005 / 0.995));
    expect(regLeak(num('a', a), y)).toBeNull();
    // and its monotone transform is no leak either: rho is below the bar too
    expect(regLeak(num('a3', a.map((v) => v ** 3)), y)).toBeNull();
  });

  it('catches an exact copy, a scaled copy and a copy rounded to 2 decimals', () => {
    const { y } = linear(1);
    expect(regLeak(num('copy', y), y)).toMatchObject({ score: expect.closeTo(1, 9), message: "'copy' has correlation 1.0000 with 'y'" });
    expect(regLeak(num('scaled', y.map((v) => -3 * v + 7)), y)?.score).toBeCloseTo(1, 9);
    expect(regLeak(num('rounded', y.map((v) => Math.round(v * 100) / 100)), y)).not.toBeNull();
  });

  it('catches a copy with missing cells, and a target with missing cells', () => {
    const { y } = linear(1);
    const holes = y.map((v, i) => (i % 7 === 0 ? NaN : v));
    expect(regLeak(num('holes', holes), y)).not.toBeNull();
    expect(regLeak(num('copy', y), holes)).not.toBeNull();
  });

  it('catches a monotone function of the target (log of a skewed target) by rank correlation', () => {
    const rng = createRng(3);
    const y = Float64Array.from({ length: N }, () => Math.exp(2 * rng.normal()));
    // Pearson r of log(y) with y is far below the bar here; the rank correlation is exactly 1.
    const leak = regLeak(num('log_y', y.map(Math.log)), y);
    expect(leak?.message).toBe("'log_y' has rank correlation 1.0000 with 'y' (a monotone function of it)");
    // A decreasing function counts too.
    expect(regLeak(num('minus_sqrt', y.map((v) => -Math.sqrt(v))), y)?.score).toBeCloseTo(1, 9);
  });

  it('on large data (screened on a subsample first) still catches a monotone function and keeps a strong predictor', () => {
    const n = 20_000;
    const rng = createRng(4);
    const a = Float64Array.from({ length: n }, () => rng.normal());
    const y = a.map((v) => Math.exp(v + 0.07 * rng.normal()));
    const target = num('y', y);
    const check = (f: Column) => leakCheck(f, target, 'regression', { nRows: n, columns: [f, target] });
    expect(check(num('log_y', y.map((v, i) => (i % 9 === 0 ? NaN : Math.log(v)))))?.message).toBe(
      "'log_y' has rank correlation 1.0000 with 'y' (a monotone function of it)",
    );
    expect(check(num('a', a))).toBeNull(); // rho about 0.997
  });

  it('catches a categorical copy of the target but not a noisy group effect', () => {
    const rng = createRng(5);
    const g = Int32Array.from({ length: N }, () => rng.int(10));
    const yExact = Float64Array.from(g, (k) => k * 3);
    const cat: Column = { name: 'grade', type: 'categorical', codes: g, levels: Array.from({ length: 10 }, (_, k) => `g${k}`) };
    expect(regLeak(cat, yExact)?.message).toBe("'grade' explains 100.0% of the variance of 'y'");
    // the group explains 99.5% of the variance: a strong feature, not a leak
    const sd = Math.sqrt((8.25 * 9 * 0.005) / 0.995);
    const yNoisy = Float64Array.from(g, (k) => k * 3 + sd * rng.normal());
    expect(regLeak(cat, yNoisy)).toBeNull();
  });

  it('the profile keeps the audit predictor as a feature and still drops a copy', () => {
    const { a, y } = linear(1);
    const copy = num('y_copy', y);
    const a1 = analyzeFrame({ nRows: N, columns: [num('a', a), copy, num('y', y)] }, { target: 'y' });
    const role = Object.fromEntries(a1.columns.map((c) => [c.name, c.role]));
    expect(role).toEqual({ a: 'feature', y_copy: 'leak', y: 'target' });
    expect(a1.profile.warnings.filter((w) => w.code === 'leakage').map((w) => w.column)).toEqual(['y_copy']);
  });
});

describe('classification leaks', () => {
  /** A binary target and a 3-valued feature that agrees with it on all but `wrong` rows. */
  function agreeing(wrong: number): { feature: Column; target: Column } {
    const y = Int32Array.from({ length: N }, (_, i) => (i % 5 < 2 ? 1 : 0));
    const codes = Int32Array.from(y, (v, i) => (v === 1 ? (i % 2 ? 1 : 2) : 0));
    for (let k = 0; k < wrong; k++) codes[k * 13] = y[k * 13] === 1 ? 0 : 1;
    return {
      feature: { name: 'status', type: 'categorical', codes, levels: ['closed', 'open', 'pending'] },
      target: { name: 'y', type: 'categorical', codes: y, levels: ['no', 'yes'] },
    };
  }
  const check = ({ feature, target }: { feature: Column; target: Column }) => leakCheck(feature, target, 'binary', frameOf(feature, target));

  it('an exact copy and a copy with 1 row in 1,500 off are leaks', () => {
    expect(check(agreeing(0))?.message).toBe("'status' alone predicts 'y' for 100.0% of rows");
    expect(check(agreeing(1))?.score).toBeCloseTo(1499 / 1500, 9);
  });

  it('a feature right for 99% of rows is a feature, not a leak (it was dropped at the old 0.99 bar)', () => {
    expect(check(agreeing(15))).toBeNull(); // purity 0.990
    expect(check(agreeing(3))).toBeNull(); // purity 0.998
  });
});
