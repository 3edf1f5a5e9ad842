import { describe, expect, it } from 'vitest';
import { foldStd, learnerSummary, type TrialRecord } from './run-log.js';

function rec(trialId: number, learner: string, score: number | null, extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    trialId,
    learner,
    params: { x: trialId },
    kind: 'local',
    sampleSize: 100,
    status: score === null ? 'failed' : 'ok',
    foldScores: score === null ? [] : [score - 1, score + 1],
    score,
    fitSeconds: 0.5,
    memoryMB: 1,
    auxLogLoss: null,
    info: {},
    error: score === null ? 'boom' : null,
    finishedAt: trialId,
    seed: 0,
    ...extra,
  };
}

describe('learnerSummary', () => {
  const records = [
    rec(0, 'gbdt', 60),
    rec(1, 'ridge', 55),
    rec(2, 'gbdt', 52),
    rec(3, 'gbdt', null),
    rec(4, 'knn', null),
    rec(5, 'ridge', 52),
    rec(6, 'gbdt', null, { error: 'trial stopped at its time limit (0.1 s)' }),
  ];

  it('gives each learner its best trial, trial and failure counts and fit time, best first', () => {
    const s = learnerSummary(records, 'rmse');
    expect(s.map((x) => x.learner)).toEqual(['gbdt', 'ridge', 'knn']);
    // gbdt and ridge tie at 52: the earlier trial ranks first.
    expect(s[0]).toMatchObject({ trials: 4, failed: 1, timedOut: 1, fitSeconds: 2, best: { trialId: 2, score: 52, params: { x: 2 } } });
    expect(s[0].best!.scoreStd).toBeCloseTo(Math.SQRT2, 12);
    expect(s[1]).toMatchObject({ trials: 2, failed: 0, timedOut: 0, best: { trialId: 5, score: 52 } });
    expect(s[2]).toMatchObject({ learner: 'knn', trials: 1, failed: 1, best: null });
  });

  it('lists candidates that never ran after the rest, with 0 trials', () => {
    const s = learnerSummary(records, 'rmse', ['naive_bayes', 'gbdt', 'extra_trees']);
    expect(s.map((x) => [x.learner, x.trials])).toEqual([
      ['gbdt', 4],
      ['ridge', 2],
      ['knn', 1],
      ['extra_trees', 0],
      ['naive_bayes', 0],
    ]);
    expect(s[3]).toMatchObject({ failed: 0, timedOut: 0, fitSeconds: 0, best: null });
  });

  it('follows the metric direction', () => {
    expect(learnerSummary(records, 'accuracy').map((x) => [x.learner, x.best?.score ?? null])).toEqual([
      ['gbdt', 60],
      ['ridge', 55],
      ['knn', null],
    ]);
  });

  it('is empty without trials; fold std needs two folds', () => {
    expect(learnerSummary([], 'accuracy')).toEqual([]);
    expect(foldStd([0.8])).toBeNull();
    expect(foldStd([1, 3])).toBeCloseTo(Math.SQRT2, 12);
  });
});
