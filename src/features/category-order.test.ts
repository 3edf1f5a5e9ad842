import { describe, expect, it } from 'vitest';
import { categorical } from '../data/columns.js';
import type { ColumnInfo } from '../data/column-info.js';
import type { Frame } from '../data/frame.js';
import type { DenseMatrix, Target } from '../learners/types.js';
import { createRng } from '../util/random.js';
import { effectOrders } from './category-order.js';
import { fitPipeline, planFeatures } from './plan.js';

// Grades in their natural order, named so that neither the alphabet nor the frequency ranks
// them that way.
const GRADES = ['poor', 'fair', 'good', 'great', 'ideal'];
const SHARE = [0.15, 0.3, 0.1, 0.25, 0.2]; // frequency order: fair, great, ideal, poor, good

/**
 * A diamonds-like table: price rises with size and with grade, and better grades come with
 * smaller sizes, so the grade's mean price falls as the grade rises (the marginal order is the
 * reverse of its effect). `noise` also varies an unrelated column.
 */
function table(n: number, seed: number): { frame: Frame; size: Float64Array; grade: number[]; price: Float64Array } {
  const rand = createRng(seed);
  const rng = (): number => rand.next();
  const grade: number[] = [];
  const size = new Float64Array(n);
  const price = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng();
    let g = 0;
    while (g < 4 && u > SHARE[g]) u -= SHARE[g++];
    grade.push(g);
    size[i] = 2.5 - 0.45 * g + rng(); // better grades are smaller
    price[i] = 10 * size[i] + 2 * g + 0.5 * (rng() - 0.5);
  }
  const frame: Frame = {
    nRows: n,
    columns: [
      { name: 'size', type: 'numeric', values: size },
      categorical('grade', grade.map((g) => GRADES[g])),
      categorical('noise', grade.map((_, i) => ['x', 'y'][i % 2])),
      { name: 'price', type: 'numeric', values: price },
    ],
  };
  return { frame, size, grade, price };
}

const reversedOrSame = (got: string[] | undefined, want: string[]): boolean =>
  !!got && (got.join() === want.join() || got.join() === [...want].reverse().join());

describe('effectOrders', () => {
  it('recovers the natural order of a confounded grade (regression), not its marginal or frequency order', () => {
    const { frame, grade, price } = table(3000, 1);
    const mean = GRADES.map((_, g) => {
      const ys = Array.from(price).filter((_, i) => grade[i] === g);
      return ys.reduce((a, b) => a + b, 0) / ys.length;
    });
    // The premise: marginal means fall with the grade.
    expect(mean[4]).toBeLessThan(mean[0]);
    const orders = effectOrders(frame, { categorical: ['grade', 'noise'], numeric: ['size'] }, { task: 'regression', y: price, nClasses: 1 });
    expect(orders.get('grade')).toEqual(GRADES);
    expect(orders.get('noise')?.slice().sort()).toEqual(['x', 'y']);
  });

  it('orders by effect for binary and multiclass targets (up to direction)', () => {
    const { frame, price, size } = table(3000, 2);
    const resid = Float64Array.from(price, (p, i) => p - 10 * size[i]);
    // A deterministic spread in [-4, 4): P(y = 1) is 0, 1/4, 1/2, 3/4, 1 from the worst grade up.
    const spread = (i: number): number => (((i * 7919) % 1000) / 1000) * 8 - 4;
    const binary: Target = { task: 'binary', y: Float64Array.from(resid, (r, i) => (r + spread(i) > 4 ? 1 : 0)), nClasses: 2 };
    expect(effectOrders(frame, { categorical: ['grade'], numeric: ['size'] }, binary).get('grade')).toEqual(GRADES);
    const multi: Target = { task: 'multiclass', y: Float64Array.from(resid, (r, i) => (r + spread(i) < 1 ? 0 : r + spread(i) < 5 ? 1 : 2)), nClasses: 3 };
    expect(reversedOrSame(effectOrders(frame, { categorical: ['grade'], numeric: ['size'] }, multi).get('grade'), GRADES)).toBe(true);
  });

  it('is deterministic and leaves columns it cannot order out', () => {
    const { frame, price } = table(500, 3);
    const y: Target = { task: 'regression', y: price, nClasses: 1 };
    const a = effectOrders(frame, { categorical: ['grade'], numeric: ['size'] }, y);
    expect(effectOrders(frame, { categorical: ['grade'], numeric: ['size'] }, y)).toEqual(a);
    // One level: nothing to order.
    const one: Frame = { nRows: 3, columns: [categorical('c', ['a', 'a', null])] };
    expect(effectOrders(one, { categorical: ['c'], numeric: [] }, { task: 'regression', y: Float64Array.from([1, 2, 3]), nClasses: 1 }).size).toBe(0);
    // Too many unknowns for the dense solve: codes stay by frequency.
    const wide: Frame = { nRows: 2000, columns: Array.from({ length: 30 }, (_, c) => categorical(`c${c}`, Array.from({ length: 2000 }, (_, i) => `v${(i * 7 + c) % 60}`))) };
    const names = wide.columns.map((c) => c.name);
    expect(effectOrders(wide, { categorical: names, numeric: [] }, { task: 'regression', y: Float64Array.from({ length: 2000 }, (_, i) => i % 5), nClasses: 1 }).size).toBe(0);
  });
});

describe('tree view ordinal codes', () => {
  const info = (name: string, type: ColumnInfo['type'], extra: Partial<ColumnInfo> = {}): ColumnInfo => ({
    name, type, semantic: type === 'numeric' ? 'numeric' : 'categorical', role: 'feature', missingShare: 0, distinct: 5, examples: [], ...extra,
  });
  const columns = [info('size', 'numeric', { distinct: 3000 }), info('grade', 'categorical'), info('noise', 'categorical', { distinct: 2 }), info('price', 'numeric', { role: 'target', distinct: 3000 })];

  it('follow the effect order when the target is known, the frequency order when not', async () => {
    const { frame, price } = table(3000, 4);
    const plan = planFeatures(columns, { target: 'price', view: 'tree', nRows: frame.nRows });
    const fitted = await fitPipeline(plan, frame, { seed: 0, target: { task: 'regression', y: price, nClasses: 1 } });
    const m = fitted.train!.matrix as DenseMatrix;
    const at = fitted.names.indexOf('grade');
    const col = frame.columns[1] as { codes: Int32Array; levels: string[] };
    const rowOf = (g: string): number => col.codes.findIndex((c) => col.levels[c] === g);
    expect(GRADES.map((g) => m.data[rowOf(g) * m.cols + at])).toEqual([0, 1, 2, 3, 4]);
    const step = fitted.steps.find((s) => s.inputs[0] === 'grade')!;
    expect(step.reason).toContain('poor < fair < good < great < ideal');
    // Saved and loaded, the codes stay.
    const back = (await import('./pipeline.js')).loadPipeline(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(Array.from((back.transform(frame).matrix as DenseMatrix).data)).toEqual(Array.from(m.data));

    const plain = await fitPipeline(plan, frame, { seed: 0 });
    const pm = plain.train!.matrix as DenseMatrix;
    const at2 = plain.names.indexOf('grade');
    expect(GRADES.map((g) => pm.data[rowOf(g) * pm.cols + at2])).toEqual([3, 0, 4, 1, 2]); // by frequency
  });
});
