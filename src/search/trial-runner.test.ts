import { describe, expect, it } from 'vitest';
import '../learners/index.js';
import { loadModel, registerLearner } from '../learners/registry.js';
import { takeRows } from '../learners/sparse.js';
import type { DenseMatrix, FittedModel, Learner, Matrix } from '../learners/types.js';
import { builtParams, refitModel, runTrial, viewMatrix, type TrialData } from './trial-runner.js';
import { foldRows, planValidation } from './validation.js';

/** Records the row ids (column 0) it is fitted on and stops on. */
const fits: { train: number[]; es: number[] | null; learner: string }[] = [];
const ids = (X: Matrix): number[] => Array.from({ length: X.rows }, (_, i) => (X as DenseMatrix).data[i * X.cols]);
function spy(name: string, earlyStopping: boolean): Learner {
  return {
    name,
    description: 'test spy',
    tasks: ['regression'],
    view: 'tree',
    input: 'dense',
    earlyStopping,
    space: () => ({ params: {}, init: {}, default: {} }),
    async fit(X, _y, _p, opts): Promise<FittedModel> {
      fits.push({ train: ids(X), es: opts.evalSet ? ids(opts.evalSet.X) : null, learner: name });
      return { learner: name, predict: (Z: Matrix) => new Float64Array(Z.rows), toJSON: () => ({ learner: name, version: 1, params: {} }) } as unknown as FittedModel;
    },
    load: () => {
      throw new Error('not used');
    },
  };
}
registerLearner(spy('es_spy', true));
registerLearner(spy('plain_spy', false));

function data(rows: number, kind: 'cv' | 'holdout'): TrialData {
  const X: DenseMatrix = { kind: 'dense', rows, cols: 2, data: new Float64Array(rows * 2) };
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    X.data[i * 2] = i;
    X.data[i * 2 + 1] = Math.sin(i);
    y[i] = Math.sin(i) + i / rows;
  }
  const plan = planValidation({ y, task: 'regression', nClasses: 0, cols: 2, seed: 5, kind });
  return { views: { tree: X }, y, task: 'regression', nClasses: 0, plan, metric: 'rmse' };
}
const req = (learner: string) => ({ id: 1, learner, params: {}, sampleSize: 1e9, seed: 1, earlyStoppingRounds: 20, wantModelBelow: -Infinity });

describe('runTrial early stopping', () => {
  it('with cv, boosting stops on a tenth of the fold\'s training rows, never on the rows it is scored on', async () => {
    const d = data(1000, 'cv');
    fits.length = 0;
    await runTrial(d, req('es_spy'));
    expect(fits).toHaveLength(5);
    for (let f = 0; f < 5; f++) {
      const scored = new Set<number>();
      for (let i = 0; i < 1000; i++) if (d.plan.fold[i] === f) scored.add(i);
      const { train, es } = fits[f];
      expect(es).not.toBeNull();
      expect(es!.some((i) => scored.has(i))).toBe(false);
      expect(train.some((i) => scored.has(i))).toBe(false);
      expect(train.some((i) => es!.includes(i))).toBe(false);
      expect(train.length + es!.length).toBe(1000 - scored.size);
      expect(es!.length).toBe(Math.floor((1000 - scored.size) / 10));
    }
  });

  it('other learners get the whole training fold; tiny folds run without early stopping', async () => {
    fits.length = 0;
    await runTrial(data(1000, 'cv'), req('plain_spy'));
    expect(fits.every((x) => x.train.length === 800)).toBe(true);
    fits.length = 0;
    await runTrial(data(150, 'cv'), req('es_spy')); // 120 training rows: 12 < 20 to stop on
    expect(fits.every((x) => x.es === null && x.train.length === 120)).toBe(true);
  });

  it('a holdout stops on its validation rows', async () => {
    const d = data(1000, 'holdout');
    fits.length = 0;
    await runTrial(d, req('es_spy'));
    expect(fits).toHaveLength(1);
    expect(fits[0].es!.slice().sort((a, b) => a - b)).toEqual(Array.from(d.plan.validRows));
  });
});

describe('runTrial early stopping on large folds', () => {
  it('holds back about 1,000 rows, not a tenth', async () => {
    const d = data(25_000, 'cv');
    fits.length = 0;
    await runTrial(d, req('es_spy'));
    for (const { train, es } of fits) {
      expect(train.length + es!.length).toBe(20_000);
      expect(es!.length).toBe(Math.floor(20_000 / 20));
    }
  });
});

describe('bagging refits', () => {
  it('a fold refit is the very model the trial scored: its predictions are the out-of-fold ones', async () => {
    const d = data(600, 'cv');
    const params = { n_estimators: 300, learning_rate: 0.3, num_leaves: 8, subsample: 0.8 };
    const trial = await runTrial(d, { ...req('gbdt'), params, seed: 77, wantModelBelow: Infinity });
    expect(trial.ok).toBe(true);
    const pos = new Map(Array.from(d.plan.validRows, (r, i) => [r, i]));
    let stopped = 0;
    for (let f = 0; f < d.plan.k; f++) {
      const { model } = await refitModel(d, { learner: 'gbdt', params, seed: 77, fold: f, earlyStoppingRounds: 20 });
      const fitted = loadModel(model);
      if (Number(fitted.info?.().trees) < 300) stopped++;
      const { valid } = foldRows(d.plan, f, 600);
      const pred = fitted.predict(takeRows(d.views.tree!, valid));
      for (let i = 0; i < valid.length; i++) expect(pred[i]).toBeCloseTo(trial.oof![pos.get(valid[i])!], 10);
    }
    expect(stopped).toBeGreaterThan(0); // early stopping was replicated, not skipped
  });

  it('refuses a fold the plan does not have', async () => {
    await expect(refitModel(data(200, 'holdout'), { learner: 'gbdt', params: {}, seed: 1, fold: 0 })).rejects.toThrow(/no cv fold/);
    await expect(refitModel(data(200, 'cv'), { learner: 'gbdt', params: {}, seed: 1, fold: 5 })).rejects.toThrow(/no cv fold/);
  });
});

describe('trials at their time limit', () => {
  it('a trial out of time is scored on the rounds it built, and says in how many folds', async () => {
    const d = data(600, 'cv');
    const params = { n_estimators: 500, learning_rate: 0.05, num_leaves: 8 };
    const cut = await runTrial(d, { ...req('gbdt'), params, timeLimitMs: 0 });
    expect(cut.ok).toBe(true);
    expect(cut.info).toMatchObject({ stopped_by_time: 5, iterations: 1 });
    const whole = await runTrial(d, { ...req('gbdt'), params, timeLimitMs: 60_000 });
    expect(whole.info.stopped_by_time).toBeUndefined();
    expect(whole.loss).toBeLessThan(cut.loss);
  });

  it('refits and re-validation use the rounds or trees such a trial built', () => {
    const p = { n_estimators: 3000, learning_rate: 0.01 };
    expect(builtParams(p, { iterations: 412.4, trees: 400, stopped_by_time: 2 })).toEqual({ n_estimators: 413, learning_rate: 0.01 });
    expect(builtParams({ n_estimators: 100 }, { trees: 12, stopped_by_time: 1 })).toEqual({ n_estimators: 12 }); // forests
    expect(builtParams(p, { iterations: 412, trees: 400 })).toBe(p); // not stopped by time
    expect(builtParams({ alpha: 1 }, { stopped_by_time: 1 })).toEqual({ alpha: 1 });
  });
});

describe('viewMatrix', () => {
  it("gives a learner its own view only, never another view's columns (audit: a linear_svm member refit on the tree view)", () => {
    const tree: DenseMatrix = { kind: 'dense', rows: 2, cols: 1, data: new Float64Array([1, 2]) };
    const data = { views: { tree } } as unknown as TrialData;
    expect(viewMatrix(data, 'gbdt')).toBe(tree);
    expect(() => viewMatrix(data, 'linear_svm')).toThrow('no linear feature matrix for linear_svm');
  });
});
