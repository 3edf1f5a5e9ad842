import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { categorical } from '../data/columns.js';
import type { ColumnInfo } from '../data/column-info.js';
import type { Column, Frame } from '../data/frame.js';
import type { CsrMatrix, DenseMatrix, Target } from '../learners/types.js';
import { describeFeatures } from './describe.js';
import { loadPipeline } from './pipeline.js';
import { fitPipeline, planFeatures, textDominated } from './plan.js';
import { FeaturePlanSummarySchema, summarizePlan } from './plan-schema.js';
import { csrProblem, csrToDense, hstack } from './stack.js';

const checkCsr = (m: CsrMatrix) => expect(csrProblem(m)).toBeNull();

const N = 40;
const titles = ['北京房价上涨', '股市大跌', '球队夺冠', '新游戏发布', '高考改革'];
const bodies = ['Cheap pills buy now', 'Meeting at noon', 'Win money fast', 'Lunch tomorrow?', ''];

function makeFrame(n: number, offset = 0, cities = ['Oslo', 'Paris', 'Rome']): Frame {
  const idx = Array.from({ length: n }, (_, i) => i + offset);
  return {
    nRows: n,
    columns: [
      { name: 'id', type: 'numeric', values: Float64Array.from(idx) },
      { name: 'const', type: 'numeric', values: new Float64Array(n).fill(7) },
      { name: 'age', type: 'numeric', values: Float64Array.from(idx, (i) => (i % 7 === 0 ? NaN : 20 + (i % 30))) },
      { name: 'pclass', type: 'numeric', values: Float64Array.from(idx, (i) => 1 + (i % 3)) },
      categorical('city', idx.map((i) => (i % 11 === 0 ? null : cities[i % cities.length]))),
      { name: 'signup', type: 'datetime', values: Float64Array.from(idx, (i) => Date.UTC(2023, i % 12, 1 + (i % 28), i % 24)) },
      { name: 'title', type: 'text', values: idx.map((i) => titles[i % titles.length]) },
      { name: 'body', type: 'text', values: idx.map((i) => (i % 13 === 0 ? null : bodies[i % bodies.length])) },
      categorical('label', idx.map((i) => (i % 2 ? 'spam' : 'ham'))),
    ],
  };
}

const info = (name: string, type: ColumnInfo['type'], semantic: ColumnInfo['semantic'], extra: Partial<ColumnInfo> = {}): ColumnInfo => ({
  name, type, semantic, role: 'feature', missingShare: 0, distinct: 3, examples: [], ...extra,
});

const columns: ColumnInfo[] = [
  info('id', 'numeric', 'numeric', { role: 'id', reason: 'unique per row', distinct: N }),
  info('const', 'numeric', 'numeric', { role: 'constant', reason: 'single value 7', distinct: 1 }),
  info('age', 'numeric', 'numeric', { missingShare: 0.15, distinct: 30 }),
  info('pclass', 'numeric', 'numeric'),
  info('city', 'categorical', 'categorical', { missingShare: 0.1 }),
  info('signup', 'datetime', 'datetime', { distinct: N }),
  info('title', 'text', 'text', { lang: 'zh', distinct: 5 }),
  info('body', 'text', 'text', { lang: 'en', distinct: 5 }),
  info('label', 'categorical', 'categorical', { role: 'target', distinct: 2 }),
];

const target = (f: Frame): Target => {
  const c = f.columns.find((x) => x.name === 'label')!;
  return { task: 'binary', y: Float64Array.from((c as { codes: Int32Array }).codes), nClasses: 2 };
};

describe('planFeatures', () => {
  it('gives per-column rules with reasons, drops flagged columns and honours explicit choices', () => {
    const plan = planFeatures(columns, { target: 'label', view: 'linear', nRows: N, exclude: ['signup'], categorical: ['pclass'], text: { analyzer: 'word' } });
    expect(plan.dropped).toEqual([
      { column: 'id', reason: 'id: unique per row' },
      { column: 'const', reason: 'constant: single value 7' },
      { column: 'signup', reason: 'excluded by request' },
    ]);
    const by = Object.fromEntries(plan.rules.map((r) => [r.column, r]));
    expect(by.age.steps[0].kind).toBe('numeric');
    expect(by.age.reason).toContain('missing indicator');
    // An indicator is learned from as many rows as a one-hot category (2, from 5,000 rows 5).
    expect(by.age.steps[0]).toMatchObject({ options: { indicator: 'auto', minMissing: 2 } });
    expect(planFeatures(columns, { target: 'label', view: 'linear', nRows: 10000 }).rules.find((r) => r.column === 'age')!.steps[0]).toMatchObject({ options: { minMissing: 5 } });
    expect(by.pclass.treatment).toBe('categorical');
    expect(by.pclass.steps[0].kind).toBe('one_hot');
    expect(by.title.steps[0]).toMatchObject({ kind: 'tfidf', options: { analyzer: 'jieba' } });
    expect(by.body.steps[0]).toMatchObject({ kind: 'tfidf', options: { analyzer: 'word', ngram: [1, 2] } });
    const forced = planFeatures(columns, { target: 'label', view: 'linear', nRows: N, text: { columns: ['city'], analyzer: 'char', ngram: [2, 2] } });
    const city = forced.rules.find((r) => r.column === 'city')!;
    expect(city.treatment).toBe('text');
    expect(city.steps[0]).toMatchObject({ kind: 'tfidf', options: { analyzer: 'char', ngram: [2, 2] } });
    expect(forced.rules.find((r) => r.column === 'title')!.steps[0]).toMatchObject({ options: { analyzer: 'char', ngram: [2, 2] } });
    const auto = planFeatures(columns, { target: 'label', view: 'linear', nRows: 10000 });
    const autoTitle = auto.rules.find((r) => r.column === 'title')!;
    expect(autoTitle.reason).toBe('title: zh text -> char 1-3 gram TF-IDF (sublinear, min_df 2); + jieba word unigram TF-IDF');
    expect(autoTitle.steps.map((s) => (s.kind === 'tfidf' ? [s.options.analyzer, s.options.ngram] : null))).toEqual([['char', [1, 3]], ['jieba', [1, 1]]]);
    // Tree view: char n-grams only, with the requested term budget; text-dominated detection.
    const tree = planFeatures(columns, { target: 'label', view: 'tree', nRows: 10000, treeTextFeatures: 256 });
    const treeTitle = tree.rules.find((r) => r.column === 'title')!;
    expect(treeTitle.steps).toHaveLength(1);
    expect(treeTitle.steps[0]).toMatchObject({ kind: 'tfidf', options: { analyzer: 'char', maxFeatures: 128 } });
    expect(textDominated(auto)).toBe(false);
    expect(textDominated({ ...auto, rules: auto.rules.filter((r) => r.treatment === 'text' || r.column === 'age') })).toBe(true);
    expect(() => planFeatures(columns, { target: 'lable', view: 'tree', nRows: N })).toThrow(/'lable' not found/);
    expect(() => planFeatures(columns, { target: 'label', view: 'tree', nRows: N, exclude: ['nope'] })).toThrow(/'nope' not found/);
  });
});

describe('fitPipeline', () => {
  it('linear view: CSR with text, handles unseen categories, save/load gives identical output', async () => {
    const train = makeFrame(N);
    const plan = planFeatures(columns, { target: 'label', view: 'linear', nRows: N });
    const fitted = await fitPipeline(plan, train, { seed: 1, target: target(train) });
    expect(fitted.sparse).toBe(true);
    const tr = fitted.train!.matrix as CsrMatrix;
    checkCsr(tr);
    expect(tr.cols).toBe(fitted.names.length);
    expect(fitted.names).toContain('city=__other__');
    expect(fitted.names).toContain('age__missing');
    expect(fitted.names.some((n) => n.startsWith('title:tfidf:'))).toBe(true);
    expect(fitted.names.some((n) => n.startsWith('body:tfidf:'))).toBe(true);
    expect(fitted.inputs).toEqual(['age', 'pclass', 'city', 'signup', 'title', 'body']);

    const test = makeFrame(10, 1000, ['Berlin', 'Oslo']);
    const a = fitted.transform(test).matrix as CsrMatrix;
    checkCsr(a);
    const dense = csrToDense(a);
    const other = fitted.names.indexOf('city=__other__');
    const berlinRows = [0, 2, 4, 6, 8].filter((i) => (1000 + i) % 11 !== 0);
    for (const i of berlinRows) expect(dense.data[i * dense.cols + other]).toBe(1);
    const loaded = loadPipeline(JSON.parse(JSON.stringify(fitted.toJSON())));
    const b = loaded.transform(test).matrix as CsrMatrix;
    expect(loaded.names).toEqual(fitted.names);
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Array.from(a.data).every(Number.isFinite)).toBe(true);
    const saved = fitted.toJSON();
    expect(() => loadPipeline({ ...saved, version: 2 as 1 })).toThrow(/version 2/);
    expect(() => loadPipeline({ ...saved, steps: [{ kind: 'pca' }] })).toThrow(/Unknown saved feature step kind 'pca'/);
  });

  it('tree view without text is dense, keeps NaN and uses ordinal codes', async () => {
    const train = makeFrame(N);
    const plan = planFeatures(columns, { target: 'label', view: 'tree', nRows: N, exclude: ['title', 'body'] });
    const fitted = await fitPipeline(plan, train, { seed: 1, target: target(train) });
    expect(fitted.sparse).toBe(false);
    const m = fitted.transform(train).matrix as DenseMatrix;
    expect(m.kind).toBe('dense');
    expect(fitted.names.slice(0, 3)).toEqual(['age', 'pclass', 'city']);
    expect(Number.isNaN(m.data[0])).toBe(true); // age of row 0 is missing
    expect(Number.isNaN(m.data[2])).toBe(true); // city of row 0 is missing
    expect([0, 1, 2]).toContain(m.data[m.cols + 2]);
    const tree = await fitPipeline(planFeatures(columns, { target: 'label', view: 'tree', nRows: N }), train, { seed: 1, target: target(train) });
    expect(tree.sparse).toBe(true);
    expect(tree.nFeatures).toBeLessThanOrEqual(2000);
    const treePlan = planFeatures(columns, { target: 'label', view: 'tree', nRows: 10000 });
    const tf = treePlan.rules.filter((r) => r.treatment === 'text').map((r) => r.steps[0].options as { maxFeatures: number });
    expect(tf.map((o) => o.maxFeatures)).toEqual([984, 984]); // (2000 - 8 x 4 other columns) / 2
  });

  it('a missing input column is a SCHEMA_MISMATCH listing the expected columns', async () => {
    const train = makeFrame(N);
    const fitted = await fitPipeline(planFeatures(columns, { target: 'label', view: 'linear', nRows: N }), train, { seed: 1, target: target(train) });
    const test = makeFrame(3);
    const bad: Frame = { nRows: 3, columns: test.columns.filter((c) => c.name !== 'city' && c.name !== 'body') };
    try {
      fitted.transform(bad);
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; message: string; details: { choices: string[] } };
      expect(err.code).toBe('SCHEMA_MISMATCH');
      expect(err.message).toContain("'city', 'body'");
      expect(err.details.choices).toEqual(fitted.inputs);
    }
  });

  it('bad input: all-missing column, empty strings, non-string text, category only in test', async () => {
    const train = makeFrame(N);
    const cols = train.columns.map((c): Column => (c.name === 'age' ? { name: 'age', type: 'numeric', values: new Float64Array(N).fill(NaN) } : c));
    const t2: Frame = { nRows: N, columns: cols };
    const fitted = await fitPipeline(planFeatures(columns, { target: 'label', view: 'linear', nRows: N }), t2, { seed: 1, target: target(t2) });
    const test = makeFrame(4, 7, ['Nowhere']);
    const weird: Frame = {
      nRows: 4,
      columns: test.columns.map((c): Column => (c.name === 'body' ? { name: 'body', type: 'text', values: [12345, '', true, null] as unknown as (string | null)[] } : c)),
    };
    const m = fitted.transform(weird).matrix as CsrMatrix;
    checkCsr(m);
    expect(Array.from(m.data).every(Number.isFinite)).toBe(true);
  });

  it('honours an abort signal', async () => {
    const ac = new AbortController();
    ac.abort();
    const train = makeFrame(N);
    await expect(fitPipeline(planFeatures(columns, { target: 'label', view: 'linear', nRows: N }), train, { seed: 1, target: target(train), signal: ac.signal }))
      .rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('describeFeatures and the plan summary schema', async () => {
    const train = makeFrame(N);
    const plan = planFeatures(columns, { target: 'label', view: 'linear', nRows: N });
    const fitted = await fitPipeline(plan, train, { seed: 1, target: target(train) });
    const d = describeFeatures(fitted);
    expect(d.nFeatures).toBe(fitted.names.length);
    const title = d.steps.find((s) => s.inputs[0] === 'title')!;
    expect(title.step).toBe('tfidf');
    expect(title.count).toBeGreaterThan(10);
    expect(title.examples.length).toBe(10);
    const summary = FeaturePlanSummarySchema.parse(summarizePlan(plan, d));
    expect(summary.columns.map((c) => c.column)).toEqual(['age', 'pclass', 'city', 'signup', 'title', 'body']);
    expect(summary.dropped.map((c) => c.column)).toEqual(['id', 'const']);
    const js = z.toJSONSchema(FeaturePlanSummarySchema) as { additionalProperties: boolean; required: string[] };
    expect(js.additionalProperties).toBe(false);
    expect(js.required).toEqual(['view', 'target', 'columns', 'dropped', 'features']);
    expect(FeaturePlanSummarySchema.parse(summarizePlan(plan)).features).toBeNull();
  });
});

describe('hstack', () => {
  it('dense + csr -> csr with ascending indices; NaN kept, zeros dropped', () => {
    const d: DenseMatrix = { kind: 'dense', rows: 2, cols: 2, data: Float64Array.from([0, NaN, 3, 0]) };
    const s: CsrMatrix = { kind: 'csr', rows: 2, cols: 3, indptr: Int32Array.from([0, 1, 3]), indices: Int32Array.from([2, 0, 1]), data: Float64Array.from([5, 6, 7]) };
    const m = hstack([d, s], 2) as CsrMatrix;
    checkCsr(m);
    expect(Array.from(m.indices)).toEqual([1, 4, 0, 2, 3]);
    expect(Array.from(m.data)).toEqual([NaN, 5, 3, 6, 7]);
    const dd = hstack([d, d], 2) as DenseMatrix;
    expect(Array.from(dd.data)).toEqual([0, NaN, 0, NaN, 3, 0, 3, 0]);
  });
});
