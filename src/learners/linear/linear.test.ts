/**
 * Parity of the non-tree learners with scikit-learn 1.2 on a tiny dataset (reference values
 * computed once with /usr/bin/python3 and written here), plus solver agreement and weights.
 */
import { describe, expect, it } from 'vitest';
import '../index.js';
import { getLearner } from '../registry.js';
import { toCsr } from '../sparse.js';
import type { DenseMatrix, Matrix, Target } from '../types.js';
import type { LinearIR } from '../../export/ir.js';

const X: DenseMatrix = {
  kind: 'dense',
  rows: 8,
  cols: 4,
  data: Float64Array.from([2, 0, 1, 0, 3, 1, 0, 0, 0, 2, 0, 1, 0, 3, 1, 2, 1, 0, 4, 0, 0, 0, 3, 1, 1, 1, 0, 0, 0, 0, 1, 3]),
};
const y3: Target = { task: 'multiclass', y: Float64Array.from([0, 0, 1, 1, 2, 2, 0, 1]), nClasses: 3 };
const yb: Target = { task: 'binary', y: Float64Array.from([0, 0, 1, 1, 0, 0, 0, 1]), nClasses: 2 };
const Q: DenseMatrix = { kind: 'dense', rows: 3, cols: 4, data: Float64Array.from([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0]) };

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `index ${i}: ${a[i]} vs ${b[i]}`).toBeLessThan(tol);
}

async function linearIR(name: string, Xm: Matrix, y: Target, params: Record<string, number | string>): Promise<LinearIR> {
  const m = await getLearner(name).fit(Xm, y, params, { seed: 0 });
  return m.toExportIR() as LinearIR;
}

describe('naive_bayes matches scikit-learn', () => {
  it('complement (ComplementNB alpha 0.5)', async () => {
    const m = await getLearner('naive_bayes').fit(toCsr(X), y3, { variant: 'complement', alpha: 0.5 }, { seed: 0 });
    close(m.predictProba!(toCsr(Q)), [0.715596330275, 0.119266055046, 0.165137614679, 0.10542915071, 0.805361567921, 0.08920928137, 0.108286027743, 0.093933237253, 0.797780735004], 1e-9);
  });
  it('multinomial (MultinomialNB alpha 0.5)', async () => {
    const m = await getLearner('naive_bayes').fit(X, y3, { variant: 'multinomial', alpha: 0.5 }, { seed: 0 });
    close(m.predictProba!(Q), [0.826271186441, 0.046610169492, 0.127118644068, 0.059593177243, 0.916569551859, 0.023837270897, 0.052190721649, 0.077963917526, 0.869845360825], 1e-9);
  });
  it('rejects negative features', async () => {
    const neg: DenseMatrix = { ...X, data: X.data.map((v, i) => (i === 3 ? -1 : v)) };
    await expect(getLearner('naive_bayes').fit(neg, y3, {}, { seed: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});

describe('logistic_regression matches scikit-learn', () => {
  it('multinomial, C = 2, dense and CSR', async () => {
    for (const Xm of [X, toCsr(X)]) {
      const ir = await linearIR('logistic_regression', Xm, y3, { C: 2, tol: 1e-9 });
      close(ir.coef, [0.73327572, -0.26231357, -0.58028729, -0.64148625, -0.50011472, 0.52225624, -0.42507105, 0.83021728, -0.233161, -0.25994267, 1.00535833, -0.18873103], 2e-4);
      close(ir.intercept, [1.20482856, -0.06474934, -1.14007922], 2e-4);
    }
  });
  it('binary, C = 0.5', async () => {
    const ir = await linearIR('logistic_regression', X, yb, { C: 0.5, tol: 1e-9 });
    expect(ir.post).toBe('logistic');
    close(ir.coef, [-0.4769622, 0.42255836, -0.31197597, 0.68532266], 2e-4);
    close(ir.intercept, [-0.88088827], 2e-4);
  });
  it('a sample weight of 2 equals a duplicated row', async () => {
    const dup: DenseMatrix = { ...X, rows: 9, data: Float64Array.from([...X.data, ...X.data.subarray(4, 8)]) };
    const ydup: Target = { ...y3, y: Float64Array.from([...y3.y, y3.y[1]]) };
    const a = await linearIR('logistic_regression', dup, ydup, { C: 2, tol: 1e-9 });
    const w = new Float64Array(8).fill(1);
    w[1] = 2;
    const m = await getLearner('logistic_regression').fit(X, y3, { C: 2, tol: 1e-9 }, { seed: 0, sampleWeight: w });
    close((m.toExportIR() as LinearIR).coef, a.coef, 1e-4);
  });
});

describe('linear_svm', () => {
  it('matches LinearSVC (C = 0.8) decision direction; probabilities are a scaled softmax', async () => {
    const m = await getLearner('linear_svm').fit(X, yb, { C: 0.8, tol: 1e-8 }, { seed: 0 });
    const ir = m.toExportIR() as LinearIR;
    const a = Number(m.info!().temperature);
    close(
      Array.from(ir.coef, (v) => v / a),
      [-0.601643, 0.232122, -0.391542, 0.529658],
      1e-4,
    );
    close([ir.intercept[0] / a], [-0.254452], 1e-4);
  });
  it('balanced class weights raise minority recall', async () => {
    const rows = 200;
    const data = new Float64Array(rows * 2);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const minority = i % 10 === 0;
      y[i] = minority ? 1 : 0;
      data[2 * i] = (minority ? 0.6 : -0.6) + Math.sin(i * 12.9898) * 1.5;
      data[2 * i + 1] = Math.cos(i * 78.233);
    }
    const Xi: DenseMatrix = { kind: 'dense', rows, cols: 2, data };
    const t: Target = { task: 'binary', y, nClasses: 2 };
    const recall = async (cw: string) => {
      const p = (await getLearner('linear_svm').fit(Xi, t, { C: 1, class_weight: cw }, { seed: 0 })).predict(Xi);
      return p.filter((v, i) => v === 1 && y[i] === 1).length / 20;
    };
    expect(await recall('balanced')).toBeGreaterThan(await recall('none'));
  });
});

describe('ridge', () => {
  const yr: Target = { task: 'regression', y: Float64Array.from([2.6, 0.8, -0.7, 0.5, 3.05, 4.4, -0.8, 9.2]), nClasses: 1 };
  it('matches scikit-learn Ridge(alpha 0.7) with Cholesky (dense) and CG (CSR)', async () => {
    for (const Xm of [X, toCsr(X)]) {
      const ir = await linearIR('ridge', Xm, yr, { alpha: 0.7 });
      close(ir.coef, [0.4850406355, -1.8437962135, 0.3932415509, 2.3346394732], 1e-7);
      close(ir.intercept, [1.0357996531], 1e-7);
    }
  });
  it('linear_regression recovers an exact linear function', async () => {
    const exact: Target = { task: 'regression', y: Float64Array.from({ length: 8 }, (_, i) => 1 + X.data[i * 4] - 2 * X.data[i * 4 + 3]), nClasses: 1 };
    const ir = await linearIR('linear_regression', X, exact, {});
    close(ir.coef, [1, 0, 0, -2], 1e-6);
    close(ir.intercept, [1], 1e-6);
  });
});

describe('ridge and linear_regression with absolute error (loss l1)', () => {
  // y = 1 + 2 x0 - 3 x1 + small noise, and every 8th row pushed up by 500: squared error follows
  // the outliers, absolute error (least absolute deviations) keeps to the other rows.
  const n = 200;
  const data = new Float64Array(n * 3);
  const yv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = ((i * 37) % 101) / 10;
    const b = ((i * 53) % 97) / 10;
    const c = ((i * 29) % 89) / 10;
    data.set([a, b, c], i * 3);
    yv[i] = 1 + 2 * a - 3 * b + 0.01 * Math.sin(i) + (i % 8 === 0 ? 500 + c * 40 : 0);
  }
  const Xo: DenseMatrix = { kind: 'dense', rows: n, cols: 3, data };
  const yo: Target = { task: 'regression', y: yv, nClasses: 1 };
  it('recovers the coefficients of the clean rows on dense and CSR input; squared error does not', async () => {
    for (const name of ['linear_regression', 'ridge']) {
      for (const Xm of [Xo, toCsr(Xo)]) {
        const ir = await linearIR(name, Xm, yo, name === 'ridge' ? { alpha: 1e-3, loss: 'l1' } : { loss: 'l1' });
        close(ir.coef, [2, -3, 0], 0.02);
        close(ir.intercept, [1], 0.1);
      }
      const l2 = await linearIR(name, Xo, yo, name === 'ridge' ? { alpha: 1e-3 } : {});
      expect(Math.abs(l2.intercept[0] - 1), name).toBeGreaterThan(20);
    }
    const model = await getLearner('ridge').fit(Xo, yo, { alpha: 1, loss: 'l1' }, { seed: 0 });
    expect(model.info?.()).toMatchObject({ loss: 'l1' });
    await expect(async () => getLearner('ridge').fit(Xo, yo, { alpha: 1, loss: 'huber' }, { seed: 0 })).rejects.toThrow("Parameter 'loss' must be one of l2, l1, got huber.");
  });
});

describe('knn', () => {
  it('votes among the k nearest rows and refuses export', async () => {
    const m = await getLearner('knn').fit(X, y3, { k: 1, weights: 'uniform' }, { seed: 0 });
    expect(Array.from(m.predict(X))).toEqual(Array.from(y3.y));
    const m3 = await getLearner('knn').fit(X, y3, { k: 3, weights: 'uniform' }, { seed: 0 });
    // Q row 0 = [1,0,0,0]: nearest rows 6 [1,1,0,0] (d²=1), 0 [2,0,1,0] (2), then 1 (d²=5): all class 0.
    close(m3.predictProba!(Q).subarray(0, 3), [1, 0, 0], 1e-12);
    expect(() => m.toExportIR()).toThrow(expect.objectContaining({ code: 'EXPORT_UNSUPPORTED' }));
  });

  it('loss l1 (MAE) predicts the weighted median of the neighbours, kept when saved', async () => {
    const Xr = { kind: 'dense' as const, rows: 5, cols: 1, data: Float64Array.from([0, 1, 2, 3, 10]) };
    const yr = { task: 'regression' as const, nClasses: 0, y: Float64Array.from([1, 2, 900, 4, 5]) };
    const q = { kind: 'dense' as const, rows: 2, cols: 1, data: Float64Array.from([1, 0.9]) };
    const med = await getLearner('knn').fit(Xr, yr, { k: 3, weights: 'uniform', loss: 'l1' }, { seed: 0 });
    // Neighbours of 1: rows 1, 0, 2 (targets 2, 1, 900): median 2, mean 301.
    expect(med.predict(q)[0]).toBe(2);
    const mean = await getLearner('knn').fit(Xr, yr, { k: 3, weights: 'uniform' }, { seed: 0 });
    expect(mean.predict(q)[0]).toBe(301);
    // Distance weights 1/0.9 (target 1), 1/0.1 (2), 1/1.1 (900): row 1 alone holds over half.
    const dist = await getLearner('knn').fit(Xr, yr, { k: 3, weights: 'distance', loss: 'l1' }, { seed: 0 });
    expect(dist.predict(q)[1]).toBe(2);
    // An even split of the weight takes the lower one, as gbdt's leaves do (k = 2, uniform: targets 2 and 1).
    const two = await getLearner('knn').fit(Xr, yr, { k: 2, weights: 'uniform', loss: 'l1' }, { seed: 0 });
    expect(two.predict(q)[0]).toBe(1);
    expect(med.toJSON().version).toBe(2);
    expect(mean.toJSON().version).toBe(1);
    const back = getLearner('knn').load(JSON.parse(JSON.stringify(med.toJSON())));
    expect(Array.from(back.predict(q))).toEqual(Array.from(med.predict(q)));
    await expect(getLearner('knn').fit(X, y3, { loss: 'l1' }, { seed: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT', details: { choices: ['l2'] } });
  });
});

describe('argument checks', () => {
  it('rejects bad sample weights and bad params with BAD_ARGUMENT', async () => {
    for (const name of ['logistic_regression', 'linear_svm', 'naive_bayes', 'knn']) {
      await expect(getLearner(name).fit(X, y3, {}, { seed: 0, sampleWeight: new Float64Array(3) })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
      await expect(getLearner(name).fit(X, y3, {}, { seed: 0, sampleWeight: new Float64Array(8).fill(-1) })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    }
    await expect(getLearner('logistic_regression').fit(X, y3, { C: -1 }, { seed: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(getLearner('linear_svm').fit(X, y3, { class_weight: 'auto' }, { seed: 0 })).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      details: { choices: ['none', 'balanced'] },
    });
    await expect(getLearner('ridge').fit(X, y3, {}, { seed: 0 })).rejects.toMatchObject({ code: 'BAD_TARGET' });
  });
});
