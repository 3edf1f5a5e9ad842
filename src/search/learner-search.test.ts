import { describe, expect, it } from 'vitest';
import type { SearchSpace } from '../learners/types.js';
import { createRng } from '../util/random.js';
import { CLASS_WEIGHT_KEY, displayParams, LearnerSearch } from './learner-search.js';
import { configKey } from './space.js';

const space: SearchSpace = {
  params: {
    n_estimators: { type: 'int', low: 4, high: 1000, log: true },
    learning_rate: { type: 'float', low: 0.01, high: 1, log: true },
  },
  init: { n_estimators: 4, learning_rate: 0.1 },
  default: { n_estimators: 100, learning_rate: 0.1 },
  defaultCostRatio: 25,
};
const oneD: SearchSpace = { params: { C: { type: 'float', low: 0.01, high: 100, log: true } }, init: { C: 1 }, default: { C: 1 } };

describe('LearnerSearch', () => {
  it('tries the default configuration right after init (trial-count searches)', () => {
    const s = new LearnerSearch({ name: 'x', space, fullSize: 500, initialSize: 500, classWeights: false });
    const rng = createRng(1);
    const init = s.propose(rng)!;
    expect(init.kind).toBe('init');
    s.observe(init, 0.5, 1);
    const next = s.propose(rng)!;
    expect(next.kind).toBe('default');
    expect(next.params).toEqual({ n_estimators: 100, learning_rate: 0.1 });
    s.observe(next, 0.4, 20);
    // once only, then the local search continues from the better of the two
    const after = s.propose(rng)!;
    expect(after.kind).toBe('local');
    expect(s.bestParams).toEqual(next.params);
  });

  it('skips the default while it would cost more than a quarter of the time left, and takes it back on retract', () => {
    const s = new LearnerSearch({ name: 'x', space, fullSize: 500, initialSize: 500, classWeights: false });
    const rng = createRng(2);
    const init = s.propose(rng)!;
    s.observe(init, 0.5, 1); // init costs 1 s; default predicted 25 x 1.5 = 37.5 s
    expect(s.wantsDefault({ workerSecondsLeft: 100 })).toBe(false);
    expect(s.propose(rng, { workerSecondsLeft: 100 })!.kind).toBe('local');
    expect(s.wantsDefault({ workerSecondsLeft: 200 })).toBe(true);
    const d = s.propose(rng, { workerSecondsLeft: 200 })!;
    expect(d.kind).toBe('default');
    expect(s.predictCost(d)).toBeCloseTo(37.5, 5);
    s.retract(d);
    expect(s.wantsDefault({ workerSecondsLeft: 200 })).toBe(true);
  });

  it('no default trial when the start configuration is given (tune) or equals the default', () => {
    const tuned = new LearnerSearch({ name: 'x', space, fullSize: 500, initialSize: 500, classWeights: false, start: { n_estimators: 50 } });
    const same = new LearnerSearch({ name: 'x', space: { ...space, init: space.default }, fullSize: 500, initialSize: 500, classWeights: false });
    for (const s of [tuned, same]) {
      const rng = createRng(3);
      const p = s.propose(rng)!;
      s.observe(p, 0.5, 1);
      expect(s.wantsDefault()).toBe(false);
      expect(s.propose(rng)!.kind).not.toBe('default');
    }
  });

  it('grows the sample at once when a trial on the next size is cheap, otherwise waits for the local search to stall', () => {
    const rng = createRng(4);
    const cheap = new LearnerSearch({ name: 'x', space, fullSize: 40_000, initialSize: 10_000, classWeights: false });
    const p = cheap.propose(rng)!;
    cheap.observe(p, 0.5, 0.1);
    // The pending default puts the learner first in line; it grows first, as that is cheap.
    expect(cheap.wantsDefault({ workerSecondsLeft: 100 })).toBe(true);
    const g = cheap.propose(rng, { workerSecondsLeft: 100 })!;
    expect(g.kind).toBe('grow');
    expect(g.sampleSize).toBe(20_000);
    expect(cheap.canPropose()).toBe(false); // one growth at a time
    cheap.observe(g, 0.45, 0.2);
    const g2 = cheap.propose(rng, { workerSecondsLeft: 100 })!;
    expect(g2.kind).toBe('grow');
    expect(g2.sampleSize).toBe(40_000);
    cheap.observe(g2, 0.4, 0.4);
    const d = cheap.propose(rng, { workerSecondsLeft: 100 })!;
    expect(d.kind).toBe('default');
    expect(d.sampleSize).toBe(40_000);

    const dear = new LearnerSearch({ name: 'x', space, fullSize: 40_000, initialSize: 10_000, classWeights: false });
    const q = dear.propose(rng)!;
    dear.observe(q, 0.5, 10); // next size would cost ~25 s, far above 3% of 100 s
    const next = dear.propose(rng, { workerSecondsLeft: 100 })!;
    expect(next.kind).not.toBe('grow');
    expect(next.sampleSize).toBe(10_000);
  });

  it('fixed parameters win over a replayed trial\'s: growing an old best config carries them (audit: MAE resume grew a squared-error forest)', () => {
    const rng = createRng(5);
    const s = new LearnerSearch({ name: 'x', space, fullSize: 40_000, initialSize: 10_000, classWeights: false, fixed: { loss: 'l1' } });
    // A trial of an earlier session, made before the loss was fixed, replayed as the best.
    s.observe({ learner: 'x', params: { n_estimators: 100, learning_rate: 0.1 }, sampleSize: 10_000, kind: 'default' }, 0.3, 0.1);
    const g = s.propose(rng, { workerSecondsLeft: 100 })!;
    expect(g.kind).toBe('grow');
    expect(g.params).toEqual({ n_estimators: 100, learning_rate: 0.1, loss: 'l1' });
    for (let i = 0; i < 5; i++) {
      const p = s.propose(rng)!;
      if (!p) break;
      expect(p.params.loss).toBe('l1');
      s.observe(p, 0.35, 0.1);
    }
  });

  it('converges when its step collapses twice without a material gain, also under a crawl of tiny gains; reopen() searches again', () => {
    for (const crawl of [false, true]) {
      const s = new LearnerSearch({ name: 'x', space: oneD, fullSize: 100, initialSize: 100, classWeights: false });
      const rng = createRng(5);
      let loss = 0.5;
      let n = 0;
      for (; n < 10_000 && s.canPropose(); n++) {
        const p = s.propose(rng);
        if (!p) continue;
        // crawl: every trial "improves" by a hundred-millionth (log-loss tie-breaks of a label metric)
        if (crawl) loss *= 1 - 1e-8;
        s.observe(p, loss, 0.001);
      }
      expect(s.converged).toBe(true);
      expect(n).toBeLessThan(200);
      expect(s.propose(rng)).toBeNull();
      s.reopen();
      expect(s.canPropose()).toBe(true);
      expect(s.propose(rng)).not.toBeNull();
    }
  });

  it('does not converge while real gains come, nor below the full sample size', () => {
    const s = new LearnerSearch({ name: 'x', space: oneD, fullSize: 100, initialSize: 100, classWeights: false });
    const rng = createRng(6);
    let loss = 1;
    for (let n = 0; n < 300; n++) {
      const p = s.propose(rng)!;
      loss *= 0.999; // a real gain (0.1%) on every trial
      s.observe(p, loss, 0.001);
    }
    expect(s.converged).toBe(false);
    const small = new LearnerSearch({ name: 'x', space: oneD, fullSize: 40_000, initialSize: 10_000, classWeights: false });
    const first = small.propose(rng)!;
    small.observe(first, 0.5, 10);
    let grew = false;
    for (let n = 0; n < 200 && !grew; n++) {
      const p = small.propose(rng, { workerSecondsLeft: 100 });
      if (!p) continue;
      if (p.kind === 'grow') grew = true;
      small.observe(p, 0.5, 10);
    }
    expect(grew).toBe(true); // flat losses grow the sample instead of converging on 10k rows
    expect(small.converged).toBe(false);
  });

  it('a trial stopped by its time limit does not become the local best (its first trial does)', () => {
    const s = new LearnerSearch({ name: 'x', space, fullSize: 500, initialSize: 500, classWeights: false });
    const rng = createRng(7);
    const init = s.propose(rng)!;
    s.observe(init, 0.5, 1, false, true);
    expect(s.bestParams).toEqual(init.params);
    const next = s.propose(rng)!;
    s.observe(next, 0.1, 30, false, true); // better, but cut at the limit
    expect(s.bestParams).toEqual(init.params);
    expect(s.bestLoss).toBe(0.5);
    expect(s.dead).toBe(false);
  });

  it('searches class weights as sample weights, unless the learner has its own class_weight choice (not the same choice twice)', () => {
    const own: SearchSpace = { params: { C: oneD.params.C, class_weight: { type: 'choice', values: ['none', 'balanced'] } }, init: { C: 1, class_weight: 'none' }, default: { C: 1, class_weight: 'none' } };
    const keys = (sp: SearchSpace): Set<string> => {
      const s = new LearnerSearch({ name: 'x', space: sp, fullSize: 100, initialSize: 100, classWeights: true });
      const rng = createRng(5);
      const seen = new Set<string>();
      for (let i = 0; i < 30; i++) {
        const p = s.propose(rng);
        if (!p) break;
        Object.keys(p.params).forEach((k) => seen.add(k));
        s.observe(p, 0.5 - 0.001 * i, 1);
      }
      return seen;
    };
    expect(keys(oneD).has(CLASS_WEIGHT_KEY)).toBe(true);
    const withOwn = keys(own);
    expect(withOwn.has('class_weight')).toBe(true);
    expect(withOwn.has(CLASS_WEIGHT_KEY)).toBe(false);
  });
});

describe('displayParams', () => {
  it('shows the searched class-weight choice as sample_weight=balanced, and hides it when none', () => {
    expect(displayParams({ C: 1, [CLASS_WEIGHT_KEY]: 'balanced' })).toEqual({ C: 1, sample_weight: 'balanced' });
    expect(displayParams({ C: 1, [CLASS_WEIGHT_KEY]: 'none' })).toEqual({ C: 1 });
    expect(displayParams({ C: 1 })).toEqual({ C: 1 });
  });
});

describe('configKey', () => {
  it('is one key for a grid point reached on two paths (float noise), and two for different configs', () => {
    expect(configKey({ alpha: 0.35481338923357575, fit_intercept: true })).toBe(configKey({ fit_intercept: true, alpha: 0.3548133892335751 }));
    expect(configKey({ alpha: 0.3548133892 })).not.toBe(configKey({ alpha: 0.3548133893 }));
    expect(configKey({ loss: 'l1' })).not.toBe(configKey({ loss: 'l2' }));
  });
});
