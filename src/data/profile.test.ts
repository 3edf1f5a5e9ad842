import { describe, expect, it } from 'vitest';
import { analyzeFrame, profileFrame } from './profile.js';
import { ProfileSchema } from './profile-schema.js';
import { loadTable } from './load.js';
import { isFreeText, inferTask, stringStats, textLang } from './roles.js';
import type { Frame } from './frame.js';
import { AskmlError } from '../errors.js';
import { columnFromValues } from './columns.js';

function frameOf(data: Record<string, unknown[]>): Frame {
  const names = Object.keys(data);
  return { nRows: data[names[0]].length, columns: names.map((n) => columnFromValues(n, data[n])) };
}

const N = 200;
const range = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));

describe('roles', () => {
  it('tells short labels from free text and detects the language', () => {
    const zh = stringStats(['央行宣布下调存款准备金率', '国足客场战平对手', '新楼盘开盘即售罄', '教育部发布高考新规']);
    expect(isFreeText(zh)).toBe(true);
    expect(textLang(zh)).toBe('zh');
    const en = stringStats(['Re: meeting tomorrow at noon', 'Cheap pills for sale now', 'Your invoice is attached here']);
    expect(isFreeText(en)).toBe(true);
    expect(textLang(en)).toBe('en');
    const cabin = stringStats(['C85', 'C123', 'E46', 'G6', 'C23 C25 C27', 'B28', 'C85']);
    expect(isFreeText(cabin)).toBe(false);
    expect(isFreeText(stringStats(['S', 'C', 'Q', 'S', 'S']))).toBe(false);
    expect(isFreeText(stringStats(['财经', '体育', '财经', '房产']))).toBe(false);
  });

  it('infers the task from the target column', () => {
    const f = frameOf({
      yes: range(N, (i) => (i % 2 ? 'yes' : 'no')),
      three: range(N, (i) => i % 3),
      price: range(N, (i) => 100 + i * 1.5),
      fruit: range(N, (i) => ['apple', 'pear', 'fig'][i % 3]),
    });
    expect(inferTask(f.columns[0])).toBe('binary');
    expect(inferTask(f.columns[1])).toBe('multiclass');
    expect(inferTask(f.columns[2])).toBe('regression');
    expect(inferTask(f.columns[3])).toBe('multiclass');
  });
});

describe('profileFrame', () => {
  const frame = frameOf({
    customer_id: range(N, (i) => 1000 + i),
    age: range(N, (i) => (i % 10 === 0 ? null : 20 + (i % 40))),
    city: range(N, (i) => ['Oslo', 'Paris', 'Rome', 'Lima'][i % 4]),
    country: range(N, () => 'NO'),
    notes: range(N, () => null),
    review: range(N, (i) => `the service was ${['great', 'slow', 'fine', 'awful'][i % 4]} and the food ${i} ok`),
    outcome_code: range(N, (i) => (i % 3 === 0 ? 'C1' : 'C0')),
    label: range(N, (i) => (i % 3 === 0 ? 'churn' : 'stay')),
  });

  it('assigns roles, guesses the target and flags leakage', () => {
    const a = analyzeFrame(frame);
    expect(a.target).toBe('label');
    expect(a.task).toBe('binary');
    const role = Object.fromEntries(a.columns.map((c) => [c.name, c.role]));
    expect(role).toEqual({
      customer_id: 'id',
      age: 'feature',
      city: 'feature',
      country: 'constant',
      notes: 'empty',
      review: 'feature',
      outcome_code: 'leak',
      label: 'target',
    });
    const review = a.columns.find((c) => c.name === 'review');
    expect(review?.semantic).toBe('text');
    expect(review?.lang).toBe('en');
    const codes = a.profile.warnings.map((w) => `${w.code}:${w.column}`);
    expect(codes).toEqual(expect.arrayContaining(['leakage:outcome_code', 'id_column:customer_id', 'constant:country', 'empty:notes']));
  });

  it('summarises numbers, categories and the target distribution', () => {
    const p = profileFrame(frame, { target: 'label' });
    const age = p.columns.find((c) => c.name === 'age');
    expect(age?.missing).toBe(20);
    expect(age?.missingShare).toBeCloseTo(0.1);
    expect(age?.numeric?.min).toBe(21);
    expect(age?.numeric?.max).toBe(59);
    const city = p.columns.find((c) => c.name === 'city');
    expect(city?.distinct).toBe(4);
    expect(city?.top[0]).toMatchObject({ count: 50, share: 0.25 });
    expect(p.target).toMatchObject({ name: 'label', task: 'binary', guessed: false, nClasses: 2 });
    expect(p.target?.classes.map((c) => [c.value, c.count])).toEqual([['stay', 133], ['churn', 67]]);
    expect(p.target?.imbalanceRatio).toBeCloseTo(133 / 67);
    expect(() => ProfileSchema.parse(p)).not.toThrow();
  });

  it('counts duplicate rows and reports mixed types', () => {
    const f = frameOf({ a: [1, 1, 2, 1], b: ['x', 'x', 'y', 'x'], c: ['1', '1', 'three', '4'], y: [0, 0, 1, 0] });
    const p = profileFrame(f, { target: null });
    expect(p.target).toBeNull();
    expect(p.duplicateRows).toBe(1);
    expect(p.warnings.map((w) => `${w.code}:${w.column}`)).toContain('mixed_types:c');
  });

  it('unknown target: suggests the closest name and lists the columns', () => {
    try {
      profileFrame(frame, { target: 'lable' });
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(AskmlError);
      const err = e as AskmlError;
      expect(err.code).toBe('COLUMN_NOT_FOUND');
      expect(err.details.hint).toBe("Did you mean 'label'?");
      expect(err.details.choices).toContain('customer_id');
    }
  });

  it('one-class target is BAD_TARGET', () => {
    expect(() => profileFrame(frame, { target: 'country' })).toThrow(expect.objectContaining({ code: 'BAD_TARGET' }));
  });

  it('profiles a loaded file (regression, guessed last column)', async () => {
    const { frame: f } = await loadTable({
      x1: range(N, (i) => i % 17),
      grade: range(N, (i) => ['a', 'b'][i % 2]),
      price: range(N, (i) => 10 + ((i * 7919) % 1000) / 7),
    });
    const p = profileFrame(f);
    expect(p.target).toMatchObject({ name: 'price', task: 'regression', guessed: true, nClasses: null });
  });
});

describe('target outliers (audit: 5 rows of 1e7 in a target around 10)', () => {
  it('warns about a few extreme target values, not about a skewed but ordinary target', () => {
    const n = 400;
    const y = Float64Array.from({ length: n }, (_, i) => 10 + (i % 7) - 3 + (i % 3) * 0.1);
    const x = Float64Array.from({ length: n }, (_, i) => i % 7);
    y[5] = 1e7;
    y[77] = 1e7;
    const p = profileFrame({ nRows: n, columns: [{ name: 'x', type: 'numeric', values: x }, { name: 'y', type: 'numeric', values: y }] }, { target: 'y' });
    const w = p.warnings.find((x) => x.code === 'target_outliers');
    expect(w?.message).toBe("Target 'y' has 2 extreme values (up to 10000000, while the middle half lies in 8.2 .. 12); they dominate RMSE and squared-error fits (MAE and its absolute-error fits feel them less): check whether they are errors, and drop or correct them if so.");
    const skewed = Float64Array.from({ length: n }, (_, i) => Math.exp(i / 40));
    const q = profileFrame({ nRows: n, columns: [{ name: 'x', type: 'numeric', values: x }, { name: 'y', type: 'numeric', values: skewed }] }, { target: 'y' });
    expect(q.warnings.some((x) => x.code === 'target_outliers')).toBe(false);
  });
});
