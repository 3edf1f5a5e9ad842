import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invalidArgsText } from './args.js';

describe('invalidArgsText', () => {
  it('says what to send for a string given as a list, a numeric string and a fraction (audit: the type error alone)', () => {
    const schema = z.object({ include_learners: z.array(z.string()).nullable(), max_trials: z.number().int(), budget_seconds: z.number() }).strict();
    const args = { include_learners: 'gbdt, ridge', max_trials: 2.5, budget_seconds: '30' };
    const r = schema.safeParse(args);
    expect(r.success).toBe(false);
    const text = invalidArgsText(r.error!, args);
    expect(text).toContain('→ include_learners: send a JSON array, e.g. ["gbdt","ridge"]');
    expect(text).toContain('→ max_trials: send a whole number (e.g. 3), not 2.5');
    expect(text).toContain('→ budget_seconds: send the number 30, not the string "30"');
  });
});
