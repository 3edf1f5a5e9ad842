import { describe, expect, it } from 'vitest';
import type { Frame } from '../data/frame.js';
import { checkTestTargets, scoreChange } from './run-search.js';

describe('scoreChange (auditH F)', () => {
  it('prints enough decimals for a replaced model to show its gain', () => {
    // Was "0.9993 -> 0.9993; the saved model was replaced".
    expect(scoreChange(0.99931, 0.99934)).toBe('0.99931 -> 0.99934');
    expect(scoreChange(0.9993, 0.9995)).toBe('0.9993 -> 0.9995');
    expect(scoreChange(53.61234, 53.61229)).toBe('53.61234 -> 53.61229');
    expect(scoreChange(0.5, 0.5)).toBe('0.5 -> 0.5');
  });
});

describe('checkTestTargets (audit: the search ran, then evaluation failed)', () => {
  const frame = (labels: (string | null)[]): Frame => {
    const levels = [...new Set(labels.filter((l): l is string => l !== null))];
    return { nRows: labels.length, columns: [{ name: 'y', type: 'categorical', levels, codes: Int32Array.from(labels, (l) => (l === null ? -1 : levels.indexOf(l))) }] };
  };
  const train = frame(['yes', 'no', 'yes', 'no']);
  it('refuses test rows with no target value, or with no class the training rows have, before any trial', () => {
    expect(() => checkTestTargets(train, frame([null, null]), 'y')).toThrow(expect.objectContaining({ code: 'NO_ROWS', message: "No test row has a value in target column 'y' (all 2 are empty): the model could not be scored." }));
    expect(() => checkTestTargets(train, frame(['maybe', null]), 'y')).toThrow(expect.objectContaining({ code: 'BAD_TARGET', message: "No test row has a class of the training rows in target column 'y': the test rows have 'maybe', the training rows 'no', 'yes'." }));
  });
  it('matches labels as evaluation does: true/false against yes/no, any case (review: refused)', () => {
    const bool: Frame = { nRows: 2, columns: [{ name: 'y', type: 'boolean', values: Float64Array.from([1, 0]) }] };
    expect(() => checkTestTargets(train, bool, 'y')).not.toThrow();
    expect(() => checkTestTargets(train, frame(['Yes', 'NO']), 'y')).not.toThrow();
    expect(() => checkTestTargets(bool, frame(['maybe']), 'y')).toThrow("the test rows have 'maybe', the training rows 'false', 'true'.");
  });
  it('accepts test rows of which some can be scored', () => {
    expect(() => checkTestTargets(train, frame(['maybe', 'yes', null]), 'y')).not.toThrow();
    expect(() => checkTestTargets(train, { nRows: 0, columns: [] }, 'y')).not.toThrow();
  });
});
