/**
 * model.json is written and parsed as one string (V8: at most 2^29 - 24 characters): the final model
 * is kept under MAX_MODEL_CHARS (audit: a diamonds ensemble of 433-533 fully grown trees failed to save
 * with "Invalid string length").
 */
import { describe, expect, it } from 'vitest';
import { getLearner } from '../learners/index.js';
import { makeData } from '../learners/tree/test-data.js';
import { capModelSize, MAX_MODEL_CHARS, modelChars, type FinalMember } from './finish.js';

describe('final model size', () => {
  it('modelChars is about the JSON length of the members', async () => {
    const d = makeData('regression', { rows: 400 });
    const m = await getLearner('random_forest').fit(d.X, d.y, { n_estimators: 10 }, { seed: 0 });
    const saved = m.toJSON();
    const exact = JSON.stringify(saved).length;
    const est = modelChars([{ model: saved }]);
    expect(est / exact).toBeGreaterThan(0.95);
    expect(est / exact).toBeLessThan(1.1);
    expect(MAX_MODEL_CHARS).toBeLessThan(2 ** 29 - 24);
  });

  it('a forest too large keeps its first trees, still predicts, and the notes say how many', async () => {
    const d = makeData('regression', { rows: 400 });
    const forest = getLearner('random_forest');
    const m = await forest.fit(d.X, d.y, { n_estimators: 10 }, { seed: 0 });
    const member: FinalMember = { trialId: 1, learner: 'random_forest', params: {}, weight: 1, model: m.toJSON(), refit: true };
    const notes: string[] = [];
    const limit = Math.floor(modelChars([member]) * 0.45);
    const [cut] = capModelSize([member], notes, limit);
    const trees = (cut.model as unknown as { trees: unknown[] }).trees.length;
    expect(trees).toBe(4);
    expect(modelChars([cut])).toBeLessThanOrEqual(limit);
    expect(notes).toEqual([expect.stringMatching(/^The final model kept 4 of its 10 trees: all of them would make a model\.json of about \d+ MB \(at most \d+ MB\)\.$/)]);
    const back = forest.load(cut.model);
    expect(back.predict(d.X).every(Number.isFinite)).toBe(true);
    expect(back.info!().trees).toBe(4);
    // Under the limit: unchanged, no note.
    const same = capModelSize([member], notes);
    expect(same[0]).toBe(member);
    expect(notes).toHaveLength(1);
  });
});
