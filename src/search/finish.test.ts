import { describe, expect, it } from 'vitest';
import { paramDiff } from './finish.js';

describe('paramDiff', () => {
  it('names the params where two configs of one learner differ', () => {
    expect(paramDiff({ alpha: 25.118864315, fit_intercept: true }, { alpha: 29.853826189, fit_intercept: true })).toBe('alpha=25.12');
    expect(paramDiff({ alpha: 1.00000001 }, { alpha: 1.00000002 })).toBe('alpha=1.00000001');
    expect(paramDiff({ C: 1 }, { C: 1 })).toBe('same parameters');
  });
});
