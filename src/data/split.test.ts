import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdoutSource, kFold, readSplitFile, trainTestSplit } from './split.js';
import { tempDir, writeData } from '../../test/fixtures/data-files.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));

describe('splits', () => {
  it('train/test is seeded, disjoint, complete and stratified', () => {
    const a = trainTestSplit(100, { seed: 7, stratify: labels });
    const b = trainTestSplit(100, { seed: 7, stratify: labels });
    const c = trainTestSplit(100, { seed: 8, stratify: labels });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    expect(a.test.length).toBe(20);
    expect(new Set([...a.train, ...a.test]).size).toBe(100);
    expect(Array.from(a.test).filter((i) => labels[i] === 1).length).toBe(4);
  });

  it('stratified k-fold covers every row once with balanced classes', () => {
    const folds = kFold(100, 5, { seed: 1, stratify: labels });
    const seen = new Int32Array(100);
    for (const f of folds) {
      expect(f.test.length).toBe(20);
      expect(f.train.length).toBe(80);
      expect(Array.from(f.test).filter((i) => labels[i] === 1).length).toBe(4);
      for (const i of f.test) seen[i]++;
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('reads a split file and validates it', async () => {
    const ok = await writeData(dir, 's.split.json', JSON.stringify({ index_base: 0, rows: 6, test: [4, 1] }));
    const s = await readSplitFile(ok, 6);
    expect(Array.from(s.test)).toEqual([1, 4]);
    expect(Array.from(s.train)).toEqual([0, 2, 3, 5]);
    await expect(readSplitFile(ok, 7)).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    const bad = await writeData(dir, 'b.split.json', JSON.stringify({ test: [1, 9] }));
    await expect(readSplitFile(bad, 6)).rejects.toThrow(/test index 9 is out of range for 6 rows/);
    const dup = await writeData(dir, 'd.split.json', JSON.stringify({ test: [1, 1] }));
    await expect(readSplitFile(dup, 6)).rejects.toThrow(/appears twice/);
    await expect(readSplitFile(`${dir}/none.json`, 6)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    // Not JSON: one line naming the problem, without a copy of the file's text (audit: its lines in the message).
    const text = await writeData(dir, 't.split.json', 'test rows:\n1, 2, 3\n');
    const e = (await readSplitFile(text, 6).catch((x: Error) => x)) as Error;
    expect(e.message).toBe(`Split file '${text}' is not valid JSON: Unexpected token 'e'.`);
  });

  it('a non-numeric index is named, not reported as NaN (F22)', async () => {
    const strs = await writeData(dir, 'strs.split.json', JSON.stringify({ test: ['a', 'b'] }));
    await expect(readSplitFile(strs, 6)).rejects.toThrow(/test index 'a' is not a whole number\.$/);
    const frac = await writeData(dir, 'frac.split.json', JSON.stringify({ test: [1, 2.5] }));
    await expect(readSplitFile(frac, 6)).rejects.toThrow(/test index 2\.5 is not a whole number/);
  });

  it('one row per class names the real cause, not an empty 20% split (F8)', () => {
    const ids = Int32Array.from({ length: 500 }, (_, i) => i);
    expect(() => trainTestSplit(500, { seed: 0, stratify: ids, targetName: 'y' })).toThrow(
      "Target 'y' has 500 classes with 1 row each; a stratified test split needs at least 2 rows in a class.",
    );
    try {
      trainTestSplit(500, { seed: 0, stratify: ids, targetName: 'y' });
    } catch (e) {
      expect((e as { details: { hint: string } }).details.hint).toContain("Is 'y' an id column?");
    }
    // Tiny data: two rows, two classes.
    expect(() => trainTestSplit(2, { seed: 0, stratify: Int32Array.from([0, 1]) })).toThrow(
      expect.objectContaining({ code: 'TOO_SMALL', message: expect.stringContaining('has 2 classes with 1 row each'), details: expect.objectContaining({ hint: 'Use more data: there are only 2 rows.' }) }),
    );
    // A few singleton classes among repeated ones still split.
    const mixed = Int32Array.from({ length: 50 }, (_, i) => (i < 45 ? i % 3 : 10 + i));
    expect(trainTestSplit(50, { seed: 0, stratify: mixed }).test.length).toBeGreaterThan(0);
  });

  it('classes of 2 rows do not blow the test part up: past a quarter over the asked size some keep both rows (audit)', () => {
    // 30 classes of 2 rows, 20% asked: one test row per class made a 50% test part and one training row per class.
    const pairs = Int32Array.from({ length: 60 }, (_, i) => i >> 1);
    const s = trainTestSplit(60, { seed: 0, stratify: pairs });
    expect(s.test.length).toBe(12);
    expect(s.train.length + s.test.length).toBe(60);
    const trainCounts = new Map<number, number>();
    for (const i of s.train) trainCounts.set(pairs[i], (trainCounts.get(pairs[i]) ?? 0) + 1);
    expect([...trainCounts.values()].filter((c) => c === 2).length).toBe(18);
    expect(trainCounts.size).toBe(30);
    // A few 2-row classes among larger ones keep their one test row each (within a quarter of the asked size).
    const some = Int32Array.from({ length: 100 }, (_, i) => (i < 90 ? i % 3 : 3 + ((i - 90) >> 1)));
    const t = trainTestSplit(100, { seed: 0, stratify: some });
    for (let c = 3; c < 8; c++) expect([...t.test].some((i) => some[i] === c)).toBe(true);
  });

  it('refuses when classes with a single row leave the test part under half its size', () => {
    // 500 rows, 497 classes: 3 rows in class 0, 3 in class 1, 494 singletons (the audit's highcard.csv).
    const hc = Int32Array.from({ length: 500 }, (_, i) => (i < 3 ? 0 : i < 6 ? 1 : i));
    expect(() => trainTestSplit(500, { seed: 0, stratify: hc, targetName: 'hc' })).toThrow(
      expect.objectContaining({
        code: 'TOO_SMALL',
        message:
          "Target 'hc' has 494 of its 496 classes with a single row (494 of the 500 rows); such rows cannot be both learned and tested, " +
          'so a stratified 20% test split would hold out only 2 row(s) instead of 100, and its scores would mean little.',
        details: expect.objectContaining({ column: 'hc', hint: expect.stringContaining("Group the rare classes (e.g. into 'other')") }),
      }),
    );
    // 60 rows, 49 classes: 12 rows in one class, 48 singletons (the audit's mixedtarget.csv).
    const mixed = Int32Array.from({ length: 60 }, (_, i) => (i < 12 ? 0 : i));
    expect(() => trainTestSplit(60, { seed: 0, stratify: mixed, targetName: 'y' })).toThrow(/48 of its 49 classes with a single row/);
  });

  it('tops the test part up to the asked fraction when a minority of rows are in single-row classes', () => {
    // 100 rows: classes 0 and 1 with 35 rows each, 30 singletons. Per class, 7 + 7 = 14 test rows.
    const labels30 = Int32Array.from({ length: 100 }, (_, i) => (i < 35 ? 0 : i < 70 ? 1 : i));
    const a = trainTestSplit(100, { seed: 3, stratify: labels30 });
    const b = trainTestSplit(100, { seed: 3, stratify: labels30 });
    expect(a.test.length).toBe(20);
    expect(a.train.length).toBe(80);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(new Set([...a.train, ...a.test]).size).toBe(100);
    // Singletons stay in training, and both classes keep training rows.
    expect(Array.from(a.test).every((i) => i < 70)).toBe(true);
    expect(Array.from(a.train).filter((i) => i < 35).length).toBeGreaterThan(0);
    expect(Array.from(a.train).filter((i) => i >= 35 && i < 70).length).toBeGreaterThan(0);
    expect(holdoutSource({ stratified: true, seed: 3, testRows: a.test.length, rows: 100 })).toBe('seeded stratified 20% holdout (seed 3)');
  });

  it('describes a holdout by the share of rows it really holds', () => {
    // 5 classes of 3 rows: each keeps one test row, 33% of the rows.
    const triples = Int32Array.from({ length: 15 }, (_, i) => Math.floor(i / 3));
    const s = trainTestSplit(15, { seed: 0, stratify: triples });
    expect(s.test.length).toBe(5);
    expect(holdoutSource({ stratified: true, seed: 0, testRows: s.test.length, rows: 15 })).toBe('seeded stratified 33% holdout (seed 0)');
    expect(holdoutSource({ stratified: false, seed: 1, testRows: 20, rows: 100 })).toBe('seeded 20% holdout (seed 1)');
  });
});
