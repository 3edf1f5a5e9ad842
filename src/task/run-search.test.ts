import { describe, expect, it } from 'vitest';
import { scoreChange } from './run-search.js';

describe('scoreChange (auditH F)', () => {
  it('prints enough decimals for a replaced model to show its gain', () => {
    // Was "0.9993 -> 0.9993; the saved model was replaced".
    expect(scoreChange(0.99931, 0.99934)).toBe('0.99931 -> 0.99934');
    expect(scoreChange(0.9993, 0.9995)).toBe('0.9993 -> 0.9995');
    expect(scoreChange(53.61234, 53.61229)).toBe('53.61234 -> 53.61229');
    expect(scoreChange(0.5, 0.5)).toBe('0.5 -> 0.5');
  });
});
