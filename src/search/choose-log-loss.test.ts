/**
 * chooseByLogLoss (an option, off by default): on small classification data scored by accuracy the
 * final model (the best single trial, the ensemble's candidates and weights) is chosen on
 * out-of-fold log loss, and reported in accuracy.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../learners/index.js';
import { runSearch } from './search-core.js';
import type { TrialRecord } from './run-log.js';
import { syntheticData } from './testing/synthetic.js';

const tmp = mkdtempSync(join(tmpdir(), 'askml-choose-'));
let runs = 0;
const data = syntheticData({ rows: 300, cols: 5, task: 'multiclass', nClasses: 3, seed: 4 });
const base = {
  views: { tree: data.X, linear: data.X },
  target: data.target,
  learners: ['logistic_regression', 'gbdt', 'knn'],
  maxTrials: 24,
  parallelism: 2,
  seed: 1,
  chooseByLogLoss: true,
};

function trials(runDir: string): TrialRecord[] {
  return readFileSync(join(runDir, 'trials.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TrialRecord);
}

describe('the final choice on small data scored by accuracy', () => {
  it('is the trial with the lowest out-of-fold log loss, its score still accuracy', async () => {
    const runDir = join(tmp, `run${runs++}`);
    const r = await runSearch({ ...base, metric: 'accuracy', ensemble: false, runDir });
    const ok = trials(runDir).filter((t) => t.status === 'ok' && t.auxLogLoss !== null);
    const lowest = ok.reduce((a, b) => (b.auxLogLoss! < a.auxLogLoss! ? b : a));
    expect(r.best!.trialId).toBe(lowest.trialId);
    expect(r.finalScore).toBe(lowest.score);
    // When that is not the most accurate trial, a note says why it was chosen.
    const top = r.leaderboard[0];
    // (On this data they differ: the test would pass by chance otherwise.)
    expect(top.trialId).not.toBe(lowest.trialId);
    expect(r.notes.some((n) => n.startsWith('Chosen by out-of-fold log loss'))).toBe(true);
    // Off (the default), or another metric: the most accurate trial, as the leaderboard ranks them.
    const off = await runSearch({ ...base, metric: 'accuracy', ensemble: false, chooseByLogLoss: undefined, runDir: join(tmp, `run${runs++}`) });
    expect(off.best!.trialId).toBe(off.leaderboard[0].trialId);
    const f1 = await runSearch({ ...base, metric: 'macro_f1', ensemble: false, runDir: join(tmp, `run${runs++}`) });
    expect(f1.best!.trialId).toBe(f1.leaderboard[0].trialId);
  }, 60_000);

  it('builds the ensemble on log loss and reports its accuracy', async () => {
    const r = await runSearch({ ...base, metric: 'accuracy', runDir: join(tmp, `run${runs++}`) });
    expect(r.ensemble).not.toBeNull();
    // Accuracy values (a fraction of rows), not log losses.
    const n = data.target.y.length * 0.8;
    for (const v of [r.ensemble!.score, r.ensemble!.bestSingleScore]) {
      expect(v).toBeGreaterThan(0.3);
      expect(v).toBeLessThanOrEqual(1);
      expect(Math.abs(v * n - Math.round(v * n)) < 1e-6 || Math.abs(v * data.target.y.length - Math.round(v * data.target.y.length)) < 1e-6).toBe(true);
    }
    expect(r.ensemble!.bestSingleScore).toBe(r.best!.score);
  }, 60_000);
});
