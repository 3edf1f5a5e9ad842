import { describe, expect, it } from 'vitest';
import { encodeTarget } from './target.js';
import { columnFromValues } from './columns.js';
import type { Frame } from './frame.js';

function frameOf(data: Record<string, unknown[]>): Frame {
  const names = Object.keys(data);
  return { nRows: data[names[0]].length, columns: names.map((n) => columnFromValues(n, data[n])) };
}

describe('encodeTarget', () => {
  it('sorts string labels and drops rows with a missing target', () => {
    const f = frameOf({ x: [1, 2, 3, 4, 5], y: ['pear', 'apple', null, 'fig', 'apple'] });
    const e = encodeTarget(f, 'y');
    expect(e.labels).toEqual(['apple', 'fig', 'pear']);
    expect(e.task).toBe('multiclass');
    expect(Array.from(e.target.y)).toEqual([2, 0, 1, 0]);
    expect(Array.from(e.rows)).toEqual([0, 1, 3, 4]);
    expect(e.dropped).toBe(1);
    expect(e.target.nClasses).toBe(3);
  });

  it('numeric classes sort numerically; two classes are binary', () => {
    const f = frameOf({ y: [10, 2, 10, 2, 2] });
    const e = encodeTarget(f, 'y', 'multiclass');
    expect(e.labels).toEqual(['2', '10']);
    expect(e.task).toBe('binary');
    expect(Array.from(e.target.y)).toEqual([1, 0, 1, 0, 0]);
  });

  it('regression keeps the values', () => {
    const f = frameOf({ y: [1.5, NaN, 3.25, 8] });
    const e = encodeTarget(f, 'y', 'regression');
    expect(e.labels).toBeNull();
    expect(Array.from(e.target.y)).toEqual([1.5, 3.25, 8]);
    expect(e.target.nClasses).toBe(1);
    expect(e.dropped).toBe(1);
  });

  it('rejects one-class, all-missing, unknown and mismatched targets', () => {
    const f = frameOf({ one: ['a', 'a', null], none: [null, null, null], txt: ['a', 'b', 'c'], n: [1, 2, 3] });
    expect(() => encodeTarget(f, 'one')).toThrow(expect.objectContaining({ code: 'BAD_TARGET' }));
    expect(() => encodeTarget(f, 'none')).toThrow(expect.objectContaining({ code: 'BAD_TARGET' }));
    expect(() => encodeTarget(f, 'txt', 'regression')).toThrow(expect.objectContaining({ code: 'BAD_TARGET' }));
    expect(() => encodeTarget(f, 'txt', 'binary')).toThrow(/needs 2 classes/);
    expect(() => encodeTarget(f, 'nn')).toThrow(expect.objectContaining({ code: 'COLUMN_NOT_FOUND' }));
  });
});
