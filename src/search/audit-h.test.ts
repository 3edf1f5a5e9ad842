/**
 * Audit H: a later session that makes no model keeps the saved one, text data with a small budget
 * (tree learners, naive_bayes on standardised columns, mostly empty text), a refit that cannot fit,
 * and rows dropped for a missing target.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../data/frame.js';
import { createRng } from '../util/random.js';
import { searchModel } from './automl.js';
import { Deadline } from './deadline.js';
import { runSearch } from './search-core.js';
import { syntheticData } from './testing/synthetic.js';
import { TOY_MODULE } from './testing/toy-learners.js';

const tmp = mkdtempSync(join(tmpdir(), 'askml-audit-h-'));
let k = 0;
const dir = (): string => join(tmp, `run${k++}`);

/** A numeric signal, a noise column and a 3-class target; `text`: a text column (share filled) too. */
function frame(n: number, seed: number, o: { text?: number; missingTarget?: number } = {}): Frame {
  const rng = createRng(seed);
  const signal = new Float64Array(n);
  const noise = new Float64Array(n);
  const y = new Int32Array(n);
  const words = [
    ['good', 'great', 'love'],
    ['bad', 'awful', 'hate'],
  ];
  const text: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(2);
    signal[i] = 2 * y[i] + rng.normal();
    noise[i] = rng.normal();
    const filled = rng.next() < (o.text ?? 0);
    text.push(filled ? Array.from({ length: 5 }, () => words[rng.next() < 0.8 ? y[i] : 1 - y[i]][rng.int(3)]).join(' ') + ` item${rng.int(50)}` : null);
    if (i < (o.missingTarget ?? 0)) y[i] = -1;
  }
  return {
    nRows: n,
    columns: [
      ...(o.text !== undefined ? [{ name: 'review', type: 'text' as const, values: text }] : []),
      { name: 'signal', type: 'numeric', values: signal },
      { name: 'noise', type: 'numeric', values: noise },
      { name: 'y', type: 'categorical', codes: y, levels: ['no', 'yes'] },
    ],
  };
}

describe('a later session that makes no final model (auditH A)', () => {
  it('keeps the saved model, says why, and does not fail; without one the refit is still tried', async () => {
    const train = frame(200, 1);
    const runDir = dir();
    const common = { train, target: 'y', include: ['toy_slow'], workerModules: [TOY_MODULE], seed: 1, parallelism: 1 };
    // Trials of ~0.6 s x 5 folds: a refit of the best takes ~0.9 s, which a 0.3 s session cannot fit.
    const first = await searchModel({ ...common, maxTrials: 1, start: { toy_slow: { ms: 600, temperature: 1 } }, runDir });
    const again = await searchModel({ ...common, budgetSeconds: 0.3, runDir, resume: true, savedModel: () => first.model });
    expect(again.keptSavedModel).toBe(true);
    expect(again.model).toBe(first.model);
    expect(again.best.trialId).toBe(first.best.trialId);
    expect(again.notes).toContain('This session made no final model of its own (no model of this session\'s best trial could be fitted within the 0.3 s budget), so the saved model was kept and not replaced.');
    expect(again.notes.some((n) => /^The final refit on all rows was not started: it was predicted to take [0-9.]+ s with [0-9.]+ s of the budget left; no model was fitted in this session\.$/.test(n))).toBe(true);
    // Without a saved model to keep, the refit is still tried within the allowed overrun (2 s) and
    // here makes the session's own model.
    const own = await searchModel({ ...common, budgetSeconds: 0.3, runDir, resume: true });
    expect(own.keptSavedModel).toBe(false);
    expect(own.model.members.every((m) => m.refit)).toBe(true);
  }, 60_000);
});

describe('text data with a small budget (auditH B)', () => {
  it('skips the tree learners with a true note even when the learners are named, and never starts naive_bayes on standardised columns', async () => {
    // The task layer always names the run's learners (run-search.ts): the rule used to be skipped then.
    const r = await searchModel({ train: frame(300, 2, { text: 1 }), target: 'y', include: ['logistic_regression', 'naive_bayes', 'gbdt'], budgetSeconds: 3, seed: 0, parallelism: 1, runDir: dir() });
    expect(r.learners.map((l) => l.learner)).toEqual(['logistic_regression']);
    expect(r.notes).toContain('Text-dominated data and a 3 s budget: tree learners skipped (gbdt).');
    expect(r.notes.join(' ')).toMatch(/Not searched: naive_bayes needs non-negative features \(counts, TF-IDF\), and the numeric columns beside the text are standardised \(smallest value -[0-9.]+\)\./);
    expect(r.notes.join(' ')).not.toMatch(/Not started|only with time to spare/);
    expect(r.learners.every((l) => l.failed === 0)).toBe(true);
  }, 60_000);

  it('a mostly empty text column does not make the data text-dominated: tree learners start', async () => {
    const r = await searchModel({ train: frame(300, 3, { text: 0.1 }), target: 'y', include: ['logistic_regression', 'gbdt'], budgetSeconds: 3, seed: 0, parallelism: 1, runDir: dir() });
    expect(r.notes.join(' ')).not.toMatch(/Text-dominated/);
    expect(r.learners.find((l) => l.learner === 'gbdt')!.trials).toBeGreaterThan(0);
  }, 60_000);

  it('a search that ends early because every learner converged is completed, not budget_exhausted', async () => {
    const d = syntheticData({ rows: 200, cols: 3, task: 'binary', seed: 5 });
    const r = await runSearch({ views: { linear: d.X }, target: d.target, metric: 'accuracy', learners: ['toy_centroid'], workerModules: [TOY_MODULE], seed: 1, parallelism: 1, deadline: Deadline.fromSeconds(20), runDir: dir() });
    expect(r.wallSeconds).toBeLessThan(15);
    expect(r.status).toBe('completed');
    expect(r.notes.join(' ')).toMatch(/Every learner's search converged/);
  }, 60_000);
});

describe('a refit predicted not to fit in the time left (auditH C)', () => {
  it("is not started: the best trial's own model is kept at once, and the note names the sample it was trained on", async () => {
    // 30,000 rows: a holdout whose trials start on a 10,000-row sample of the 25,000 training rows.
    const d = syntheticData({ rows: 30_000, cols: 2, task: 'binary', seed: 6 });
    const deadline = Deadline.fromSeconds(3);
    const r = await runSearch({
      views: { tree: d.X },
      target: d.target,
      metric: 'accuracy',
      learners: ['toy_slow'],
      workerModules: [TOY_MODULE],
      seed: 1,
      parallelism: 1,
      deadline,
      start: { toy_slow: { ms: 1200, temperature: 1 } },
      validation: { kind: 'holdout' },
      runDir: dir(),
    });
    const elapsed = deadline.elapsedSeconds();
    expect(r.best!.sampleSize).toBe(10_000);
    expect(r.final!.members[0].refit).toBe(false);
    expect(r.notes.some((n) => /^The final refit on all rows was not started: it was predicted to take [0-9.]+ s with [0-9.]+ s of the budget left; the model is the best trial's own model, trained on a 10000-row sample of the validation split's 25000 training rows; /.test(n))).toBe(true);
    // Not waited for up to the hard limit (budget + 1 s).
    expect(elapsed).toBeLessThan(3.6);
  }, 60_000);
});

describe('rows dropped for a missing target (auditH E)', () => {
  it('says how many training rows the search used', async () => {
    const r = await searchModel({ train: frame(120, 4, { missingTarget: 15 }), target: 'y', include: ['toy_centroid'], workerModules: [TOY_MODULE], maxTrials: 2, seed: 0, parallelism: 1, runDir: dir() });
    expect(r.notes).toContain("Dropped 15 rows whose target 'y' is missing.");
    expect(r.notes).toContain('The search used the other 105 of the 120 training rows.');
    expect(r.validation.rows).toBe(105); // what search_model's summary says it validated on
  }, 60_000);
});
