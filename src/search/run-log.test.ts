import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { foldStd, learnerSummary, RunLog, type TrialRecord } from './run-log.js';

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

describe('RunLog after a kill or a full disk', () => {
  const info = { runId: 'run_x', version: 1 as const, createdAt: '', task: 'regression' as const, metric: 'rmse', seed: 0, learners: ['gbdt'], nRows: 4, nClasses: 1, validation: { kind: 'cv' as const, k: 2 }, fingerprint: 'f', sessions: 1 };
  const fresh = (): string => mkdtempSync(join(tmpdir(), 'askml-runlog-'));

  it('cuts a torn last line before appending, so the next trial is readable', () => {
    const dir = fresh();
    const log = RunLog.create(dir, info);
    log.append(rec(0, 'gbdt', 50));
    log.append(rec(1, 'gbdt', 40));
    const path = join(dir, 'trials.jsonl');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.length - 20)); // killed mid-write of trial 1
    const opened = RunLog.open(dir);
    expect(opened.trials.map((t) => t.trialId)).toEqual([0]);
    opened.log.append(rec(2, 'gbdt', 30));
    expect(RunLog.open(dir).trials.map((t) => t.trialId)).toEqual([0, 2]);
  });

  it('ignores out-of-fold files of the wrong length; prune removes a killed write', () => {
    const dir = fresh();
    const log = RunLog.create(dir, info);
    log.saveOof(0, new Float64Array([1, 2, 3, 4]));
    log.saveOof(1, new Float64Array([1, 2, 3, 4]));
    writeFileSync(join(dir, 'oof', 'trial-1.f64'), Buffer.alloc(13)); // cut short
    writeFileSync(join(dir, 'oof', '.trial-2.f64.0a1b2c3d.tmp'), Buffer.alloc(8));
    expect(Array.from(log.loadOof(0, 4)!)).toEqual([1, 2, 3, 4]);
    expect(log.loadOof(0, 8)).toBeNull();
    expect(log.loadOof(1, 4)).toBeNull();
    log.pruneOof(new Set([0, 1]));
    expect(readdirSync(join(dir, 'oof')).sort()).toEqual(['trial-0.f64', 'trial-1.f64']);
  });

  it('a damaged run.json is a PARSE_ERROR naming the file', () => {
    const dir = fresh();
    RunLog.create(dir, info);
    writeFileSync(join(dir, 'run.json'), '{"runId": "run_x", "ver');
    let err: unknown;
    try {
      RunLog.open(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('PARSE_ERROR');
    expect((err as AskmlError).message).toContain(join(dir, 'run.json'));
  });
});
