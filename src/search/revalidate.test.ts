import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../learners/index.js';
import { metricLoss } from '../evaluate/metrics.js';
import type { TrialRecord } from './run-log.js';
import { finalists, repeatPlans, repeatValues, revalSeconds } from './revalidate.js';
import { runSearch } from './search-core.js';
import { syntheticData } from './testing/synthetic.js';
import { planValidation } from './validation.js';

const tmp = mkdtempSync(join(tmpdir(), 'askml-reval-'));
let runs = 0;
const data = syntheticData({ rows: 300, cols: 5, task: 'multiclass', nClasses: 3, seed: 4 });

function rec(trialId: number, learner: string, score: number, fitSeconds = 0.1): TrialRecord {
  return {
    trialId,
    learner,
    params: {},
    kind: 'local',
    sampleSize: 100,
    status: 'ok',
    foldScores: [score],
    score,
    fitSeconds,
    memoryMB: 0,
    auxLogLoss: null,
    info: {},
    error: null,
    finishedAt: 0,
    seed: 0,
  };
}

describe('finalist re-validation', () => {
  it('draws fresh stratified folds of the same size, deterministic per seed; none for a holdout', () => {
    const base = planValidation({ y: data.target.y, task: 'multiclass', nClasses: 3, cols: 5, seed: 1 });
    expect(base.kind).toBe('cv');
    const a = repeatPlans(base, data.target, 5, 1);
    const b = repeatPlans(base, data.target, 5, 1);
    expect(a).toHaveLength(2);
    expect(a.map((p) => [...p.fold])).toEqual(b.map((p) => [...p.fold]));
    for (const p of a) {
      expect(p.k).toBe(base.k);
      expect([...p.validRows]).toEqual([...base.validRows]);
      // another assignment of the rows, still stratified (each class spread evenly over the folds)
      expect([...p.fold]).not.toEqual([...base.fold]);
      for (let c = 0; c < 3; c++) {
        const perFold = new Array<number>(p.k).fill(0);
        for (let i = 0; i < p.fold.length; i++) if (data.target.y[i] === c) perFold[p.fold[i]]++;
        expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
      }
    }
    expect([...a[0].fold]).not.toEqual([...a[1].fold]);
    const holdout = planValidation({ y: data.target.y, task: 'multiclass', nClasses: 3, cols: 5, seed: 1, kind: 'holdout' });
    expect(repeatPlans(holdout, data.target, 5, 1)).toEqual([]);
  });

  it('lists each learner\'s best first, at most three per learner, best learner first', () => {
    const records = [rec(0, 'a', 0.9), rec(1, 'a', 0.95), rec(2, 'b', 0.8), rec(3, 'a', 0.7), rec(4, 'a', 0.93), rec(5, 'b', 0.85), { ...rec(6, 'c', 0.99), status: 'failed' as const }];
    expect(finalists(records, 'accuracy').map((r) => r.trialId)).toEqual([1, 5, 4, 2, 0]);
    expect(finalists(records, 'accuracy', 3).map((r) => r.trialId)).toEqual([1, 5, 4]);
    // loss metrics rank the other way
    expect(finalists([rec(0, 'a', 3), rec(1, 'a', 2), rec(2, 'b', 5)], 'rmse').map((r) => r.trialId)).toEqual([1, 2, 0]);
  });

  it('predicts its time from the trials\' own fit times', () => {
    const cands = [rec(0, 'a', 1, 2), rec(1, 'b', 1, 1)];
    expect(revalSeconds(cands, 2, 2)).toBeCloseTo(((2 * 1.2 + 0.02 + 1.2 + 0.02) * 2) / 2);
    expect(revalSeconds(cands, 1, 8)).toBeCloseTo(2.4); // never below the longest trial
    expect(revalSeconds([], 2, 2)).toBe(0);
    expect([...repeatValues(Float64Array.of(1, 2), 2)]).toEqual([1, 2, 1, 2]);
  });

  it('chooses the final model on the fresh folds and reports both scores (regression)', async () => {
    const reg = syntheticData({ rows: 300, cols: 5, task: 'regression', seed: 5, noise: 2 });
    const opts = {
      views: { tree: reg.X, linear: reg.X },
      target: reg.target,
      metric: 'rmse' as const,
      learners: ['ridge', 'knn', 'extra_trees'],
      maxTrials: 12,
      parallelism: 2,
      seed: 2,
      ensemble: false,
    };
    const r = await runSearch({ ...opts, runDir: join(tmp, `run${runs++}`) });
    expect(r.revalidation).not.toBeNull();
    const rv = r.revalidation!;
    expect(rv.repeats).toBe(2);
    expect(rv.folds).toBe(5);
    expect(new Set(rv.finalists.map((f) => f.learner)).size).toBeGreaterThanOrEqual(2);
    // the winner is the finalist with the best fresh score; the model's score is that fresh score
    const win = [...rv.finalists].sort((a, b) => metricLoss('rmse', a.freshScore) - metricLoss('rmse', b.freshScore))[0];
    expect(r.best!.trialId).toBe(win.trialId);
    expect(r.final!.members[0].trialId).toBe(win.trialId);
    expect(r.finalScore).toBeCloseTo(win.freshScore, 12);
    expect(r.notes.some((n) => n.startsWith('Finalists re-scored on 2 fresh 5-fold splits'))).toBe(true);
    // reproducible: same seed, same choice and scores
    const again = await runSearch({ ...opts, runDir: join(tmp, `run${runs++}`) });
    expect(again.revalidation).toEqual(rv);

    const off = await runSearch({ ...opts, revalidate: false, runDir: join(tmp, `run${runs++}`) });
    expect(off.revalidation).toBeNull();
    expect(off.best!.trialId).toBe(off.leaderboard[0].trialId);
    expect(off.finalScore).toBe(off.leaderboard[0].score);
  });

  it('leaves classification to the search folds', async () => {
    const r = await runSearch({
      views: { tree: data.X, linear: data.X },
      target: data.target,
      metric: 'accuracy',
      learners: ['logistic_regression', 'naive_bayes'],
      maxTrials: 6,
      parallelism: 2,
      seed: 2,
      runDir: join(tmp, `run${runs++}`),
    });
    expect(r.revalidation).toBeNull();
    expect(r.best!.trialId).toBe(r.leaderboard[0].trialId);
  });
});
