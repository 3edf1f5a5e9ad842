import { describe, expect, it } from 'vitest';
import { categorical } from '../data/columns.js';
import type { Frame } from '../data/frame.js';
import type { DenseMatrix, Target } from '../learners/types.js';
import { createRng } from '../util/random.js';
import { loadTransformer } from './registry.js';
import { TargetEncoder } from './target-encoding.js';

function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

/** 3000 rows, 1000 categories of ~3 rows each. */
function data(seed: number, signal: boolean): { frame: Frame; target: Target } {
  const rng = createRng(seed);
  const n = 3000;
  const keys: string[] = [];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.int(1000);
    keys.push(`u${k}`);
    y[i] = signal ? (rng.next() < (k % 2 ? 0.9 : 0.1) ? 1 : 0) : rng.next() < 0.5 ? 1 : 0;
  }
  return { frame: { nRows: n, columns: [categorical('user', keys)] }, target: { task: 'binary', y, nClasses: 2 } };
}

describe('target encoding', () => {
  it('out-of-fold training encoding does not leak a shuffled (random) target', () => {
    const { frame, target } = data(1, false);
    const enc = new TargetEncoder({ column: 'user', smoothing: 1, folds: 5 });
    const { fitted, block } = enc.fitTransform(frame, { seed: 3, target });
    const oof = (block.matrix as DenseMatrix).data;
    const inSample = (fitted.transform(frame).matrix as DenseMatrix).data;
    // Encoding training rows with their own target leaks strongly ...
    expect(corr(inSample, target.y)).toBeGreaterThan(0.4);
    // ... the out-of-fold encoding does not (random target: nothing to find).
    expect(Math.abs(corr(oof, target.y))).toBeLessThan(0.08);
    // and a threshold rule on it scores at chance
    let hit = 0;
    for (let i = 0; i < oof.length; i++) hit += (oof[i] > 0.5 ? 1 : 0) === target.y[i] ? 1 : 0;
    expect(hit / oof.length).toBeLessThan(0.55);
  });

  it('keeps real signal, encodes unseen and missing, and round-trips', () => {
    const { frame, target } = data(2, true);
    const { fitted, block } = new TargetEncoder({ column: 'user', smoothing: 1 }).fitTransform(frame, { seed: 0, target });
    expect(corr((block.matrix as DenseMatrix).data, target.y)).toBeGreaterThan(0.5);
    const test: Frame = { nRows: 3, columns: [categorical('user', ['u1', 'never-seen', null])] };
    const out = (fitted.transform(test).matrix as DenseMatrix).data;
    const prior = fitted.stats.prior[0];
    expect(out[0]).toBeGreaterThan(prior + 0.15); // u1 is a 90% positive category
    expect(out[1]).toBeCloseTo(prior, 12);
    expect(out[2]).toBeCloseTo(prior, 12); // no missing in training -> prior
    const back = loadTransformer(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(Array.from((back.transform(test).matrix as DenseMatrix).data)).toEqual(Array.from(out));
  });

  it('multiclass gives one column per class; same seed -> same folds', () => {
    const keys = ['a', 'b', 'a', 'c', 'b', 'a', 'c', 'c'];
    const frame: Frame = { nRows: 8, columns: [categorical('k', keys)] };
    const target: Target = { task: 'multiclass', y: Float64Array.from([0, 1, 0, 2, 1, 0, 2, 2]), nClasses: 3 };
    const r1 = new TargetEncoder({ column: 'k', smoothing: 0, folds: 2 }).fitTransform(frame, { seed: 5, target });
    const r2 = new TargetEncoder({ column: 'k', smoothing: 0, folds: 2 }).fitTransform(frame, { seed: 5, target });
    expect(r1.fitted.outputs).toEqual(['k__te0', 'k__te1', 'k__te2']);
    expect(Array.from((r2.block.matrix as DenseMatrix).data)).toEqual(Array.from((r1.block.matrix as DenseMatrix).data));
    const full = (r1.fitted.transform({ nRows: 1, columns: [categorical('k', ['a'])] }).matrix as DenseMatrix).data;
    expect(Array.from(full)).toEqual([1, 0, 0]);
  });

  it('needs a target', () => {
    const frame: Frame = { nRows: 2, columns: [categorical('k', ['a', 'b'])] };
    expect(() => new TargetEncoder({ column: 'k' }).fit(frame, { seed: 0 })).toThrow(/needs the training target/);
  });
});
