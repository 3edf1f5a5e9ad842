import { describe, expect, it } from 'vitest';
import { AskmlError } from '../src/errors.js';
import { learnerChoices, resolveLearners, singleLearnerChoices } from './common.js';

describe('learner choices (audit9 F11)', () => {
  it("tune's choices are single learners for the task, not families it then refuses", () => {
    const single = singleLearnerChoices('binary');
    expect(single).toContain('logistic_regression');
    expect(single).toContain('random_forest');
    for (const family of ['linear', 'forest']) expect(single).not.toContain(family);
    expect(single).not.toContain('ridge');
    // search_model still offers the families.
    expect(learnerChoices('binary')).toEqual(expect.arrayContaining([...single, 'linear', 'forest']));
  });

  it('an unknown name lists single learners when the caller takes one learner', () => {
    const thrown = (o: { single?: boolean }): AskmlError => {
      try {
        resolveLearners(['xgboost'], 'binary', [], o);
      } catch (e) {
        return e as AskmlError;
      }
      throw new Error('no error');
    };
    expect(thrown({ single: true }).details.choices).toEqual(singleLearnerChoices('binary'));
    expect(thrown({}).details.choices).toEqual(learnerChoices('binary'));
  });
});

describe('the planner learner tables (src/agent/plan.ts) and the registry', () => {
  it('name every registered learner with its family, and the task kinds it is limited to', async () => {
    const { LEARNER_FAMILY, LEARNER_FAMILIES, LEARNER_ONLY_FOR } = await import('../src/agent/plan.js');
    const { allLearners } = await import('../src/learners/index.js');
    for (const l of allLearners()) {
      expect(LEARNER_FAMILIES as readonly string[], l.name).toContain(LEARNER_FAMILY[l.name]);
      const kind = !l.tasks.includes('regression') ? 'classification' : l.tasks.includes('binary') ? undefined : 'regression';
      expect(LEARNER_ONLY_FOR[l.name], l.name).toBe(kind);
    }
  });
});
