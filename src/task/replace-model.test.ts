/**
 * When a resumed session's model replaces the saved one (audit: a first-fold model saved after a
 * second Ctrl-C kept its place against a complete refit of the same score).
 */
import { describe, expect, it } from 'vitest';
import { replacesSavedModel } from './run-search.js';

const fit = (score: number, partialFit = false) => ({ score, partialFit });

describe('replacesSavedModel', () => {
  it('a better validation score replaces; an equal or worse one does not', () => {
    expect(replacesSavedModel('accuracy', fit(0.8), fit(0.81))).toBe(true);
    expect(replacesSavedModel('accuracy', fit(0.8), fit(0.8))).toBe(false);
    expect(replacesSavedModel('rmse', fit(50), fit(49))).toBe(true);
    expect(replacesSavedModel('rmse', fit(50), fit(51))).toBe(false);
    expect(replacesSavedModel('accuracy', fit(NaN), fit(0.5))).toBe(true);
  });

  it('a saved first-fold model gives way to a complete fit of equal score, not to a worse one or another partial one', () => {
    expect(replacesSavedModel('accuracy', fit(0.8, true), fit(0.8))).toBe(true);
    expect(replacesSavedModel('accuracy', fit(0.8, true), fit(0.79))).toBe(false);
    expect(replacesSavedModel('accuracy', fit(0.8, true), fit(0.8, true))).toBe(false);
    expect(replacesSavedModel('rmse', fit(50, true), fit(50))).toBe(true);
  });
});
