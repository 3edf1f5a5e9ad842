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

  it("refuses task 'multiclass' on a numeric target with a measurement's many values (audit: test accuracy 0)", () => {
    const y = Array.from({ length: 200 }, (_, i) => 25 + ((i * 37) % 150) + 0.5 * (i % 3));
    const f = frameOf({ y });
    expect(() => encodeTarget(f, 'y', 'multiclass')).toThrow(expect.objectContaining({ code: 'BAD_TARGET', message: expect.stringContaining("look continuous") }));
    expect(encodeTarget(f, 'y').task).toBe('regression');
    // a rating with few values may still be asked as classes
    const r = frameOf({ y: Array.from({ length: 200 }, (_, i) => 1 + (i % 10) + (i % 7) * 0.5) });
    expect(encodeTarget(r, 'y', 'multiclass').task).toBe('multiclass');
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

  it('the 2-row training split of a 3-row regression file stays regression, as the file profiles (audit9 F9)', () => {
    const file = frameOf({ x: [1, 2, 3], y: [1.5, 2.5, 3.1] });
    const train = frameOf({ x: [1, 2], y: [1.5, 2.5] });
    expect(encodeTarget(file, 'y').task).toBe('regression');
    expect(encodeTarget(train, 'y').task).toBe('regression');
    // Two integer codes are still binary.
    expect(encodeTarget(frameOf({ y: [0, 1, 1] }), 'y').task).toBe('binary');
  });

  it('rejects one-class, all-missing, unknown and mismatched targets', () => {
    const f = frameOf({ one: ['a', 'a', null], none: [null, null, null], txt: ['a', 'b', 'c'], n: [1, 2, 3] });
    expect(() => encodeTarget(f, 'one')).toThrow(expect.objectContaining({ code: 'BAD_TARGET' }));
    expect(() => encodeTarget(f, 'none')).toThrow(expect.objectContaining({ code: 'BAD_TARGET' }));
    expect(() => encodeTarget(f, 'txt', 'regression')).toThrow(expect.objectContaining({ code: 'BAD_TARGET' }));
    expect(() => encodeTarget(f, 'txt', 'binary')).toThrow(/needs 2 classes/);
    expect(() => encodeTarget(f, 'nn')).toThrow(expect.objectContaining({ code: 'COLUMN_NOT_FOUND' }));
  });

  it('refuses a regression target too large to score (squared errors overflow), naming the value and row', () => {
    const f = frameOf({ y: Array.from({ length: 50 }, (_, i) => (i === 7 ? 1e308 : i * 2.5)) });
    expect(() => encodeTarget(f, 'y', 'regression')).toThrow(expect.objectContaining({ code: 'BAD_TARGET', message: expect.stringContaining("holds 1e+308 (data row 8)") }));
    expect(encodeTarget(frameOf({ y: Array.from({ length: 50 }, (_, i) => i * 1e90) }), 'y', 'regression').task).toBe('regression');
  });

  it("task 'binary' on a continuous numeric target suggests regression and lists task names (MCP F10)", () => {
    const f = frameOf({ y: Array.from({ length: 200 }, (_, i) => 25 + i * 1.5), c: Array.from({ length: 200 }, (_, i) => ['a', 'b', 'c'][i % 3]) });
    try {
      encodeTarget(f, 'y', 'binary');
      throw new Error('expected BAD_TARGET');
    } catch (e) {
      const err = e as { code: string; message: string; details: { choices: string[]; hint: string } };
      expect(err.code).toBe('BAD_TARGET');
      expect(err.message).toBe("Task 'binary' needs 2 classes; target column 'y' has 200 distinct numbers, so it looks continuous.");
      // multiclass is refused on these 200 distinct numbers too, so it is not offered (audit)
      expect(err.details.choices).toEqual(['regression']);
      expect(err.details.hint).toMatch(/^Use task 'regression'/);
    }
    // few distinct numbers for the rows: multiclass would be accepted, and is offered
    const few = frameOf({ y: Array.from({ length: 1000 }, (_, i) => 0.5 + (i % 60) * 1.25) });
    expect(() => encodeTarget(few, 'y', 'binary')).toThrow(expect.objectContaining({ details: expect.objectContaining({ choices: ['regression', 'multiclass'] }) }));
    expect(encodeTarget(few, 'y', 'multiclass').task).toBe('multiclass');
    expect(() => encodeTarget(f, 'c', 'binary')).toThrow(
      expect.objectContaining({ message: "Task 'binary' needs 2 classes; target column 'c' has 3 ('a', 'b', 'c').", details: expect.objectContaining({ choices: ['multiclass'] }) }),
    );
  });

  it('a regression target holding inf names the value and the data row (CLI F1)', () => {
    const y = Array.from({ length: 20 }, (_, i) => i * 1.25);
    y[3] = Infinity;
    const f = frameOf({ y: [NaN, ...y] });
    expect(() => encodeTarget(f, 'y', 'regression')).toThrow(
      expect.objectContaining({
        code: 'BAD_TARGET',
        message: "Target column 'y' has 1 non-finite value ('inf' in data row 5); regression needs finite numbers.",
        details: expect.objectContaining({ row: 5, value: 'inf' }),
      }),
    );
  });
  it('numbers with a few stray words are a quantity with a clear error, not hundreds of classes (CLI F2)', () => {
    const y: unknown[] = Array.from({ length: 100 }, (_, i) => String(50 + i * 2.5));
    y[9] = 'unknown';
    y[40] = 'unknown';
    const f = frameOf({ y });
    expect(f.columns[0].type).not.toBe('numeric');
    expect(() => encodeTarget(f, 'y')).toThrow(
      expect.objectContaining({ code: 'BAD_TARGET', message: expect.stringContaining("holds numbers except in 2 of 100 rows ('unknown'; first in data row 10)") }),
    );
    // Asked for classification, every value is a class, as before.
    expect(encodeTarget(f, 'y', 'multiclass').labels).toHaveLength(99);
  });
});
