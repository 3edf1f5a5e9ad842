import { describe, expect, it } from 'vitest';
import { categorical } from '../data/columns.js';
import type { Frame } from '../data/frame.js';
import type { DenseMatrix } from '../learners/types.js';
import { FrequencyEncoder, OneHotEncoder, OrdinalEncoder } from './categorical.js';
import { loadTransformer } from './registry.js';

const cat = (values: (string | null)[], name = 'c'): Frame => ({ nRows: values.length, columns: [categorical(name, values)] });
const rows = (b: { matrix: unknown }) => {
  const m = b.matrix as DenseMatrix;
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
};
const train = cat(['a', 'b', 'a', 'c', 'a', 'b', null, 'rare']);

describe('one-hot', () => {
  it('keeps frequent categories, sends rare and unseen to __other__, missing -> zeros', () => {
    const t = new OneHotEncoder({ column: 'c', minFrequency: 2 }).fit(train);
    expect(t.outputs).toEqual(['c=a', 'c=b', 'c=__other__']);
    const test = cat(['b', 'rare', 'zzz', null, 'a']);
    expect(rows(t.transform(test))).toEqual([[0, 1, 0], [0, 0, 1], [0, 0, 1], [0, 0, 0], [1, 0, 0]]);
    const back = loadTransformer(JSON.parse(JSON.stringify(t.toJSON())));
    expect(rows(back.transform(test))).toEqual(rows(t.transform(test)));
  });

  it('caps the number of categories', () => {
    const t = new OneHotEncoder({ column: 'c', maxCategories: 1 }).fit(train);
    expect(t.outputs).toEqual(['c=a', 'c=__other__']);
  });

  it('reads numeric and text columns as category keys', () => {
    const f: Frame = { nRows: 3, columns: [{ name: 'c', type: 'numeric', values: Float64Array.from([1, 2, 1]) }] };
    const t = new OneHotEncoder({ column: 'c' }).fit(f);
    expect(t.outputs).toEqual(['c=1', 'c=2', 'c=__other__']);
    const txt: Frame = { nRows: 2, columns: [{ name: 'c', type: 'text', values: ['2', 3 as unknown as string] }] };
    expect(rows(t.transform(txt))).toEqual([[0, 1, 0], [0, 0, 1]]);
  });
});

describe('ordinal', () => {
  it('codes by frequency, unseen -> reserved code, missing -> NaN', () => {
    const t = new OrdinalEncoder({ column: 'c', minFrequency: 2 }).fit(train);
    expect(t.categories).toEqual(['a', 'b']);
    const out = rows(t.transform(cat(['a', 'b', 'c', 'new', null]))).flat();
    expect(out.slice(0, 4)).toEqual([0, 1, 2, 2]);
    expect(Number.isNaN(out[4])).toBe(true);
    const saved = JSON.parse(JSON.stringify(t.toJSON()));
    expect(saved.kind).toBe('ordinal');
    expect(saved.unknownCode).toBe(2);
    expect(rows(loadTransformer(saved).transform(cat(['new', 'b']))).flat()).toEqual([2, 1]);
  });
});

describe('frequency', () => {
  it('encodes the training share; unseen -> 0; missing -> NaN', () => {
    const t = new FrequencyEncoder({ column: 'c' }).fit(train);
    const out = rows(t.transform(cat(['a', 'b', 'new', null]))).flat();
    expect(out.slice(0, 3)).toEqual([3 / 8, 2 / 8, 0]);
    expect(Number.isNaN(out[3])).toBe(true);
    const back = loadTransformer(JSON.parse(JSON.stringify(t.toJSON())));
    expect(rows(back.transform(cat(['a']))).flat()).toEqual([3 / 8]);
  });
});
