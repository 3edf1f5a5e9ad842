import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Column, Frame } from '../data/frame.js';
import { AskmlError } from '../errors.js';
import { FrequencyEncoder, OneHotEncoder, OrdinalEncoder } from '../features/categorical.js';
import { DatetimeTransformer } from '../features/datetime.js';
import { NumericTransformer } from '../features/numeric.js';
import { Pipeline } from '../features/pipeline.js';
import { csrToDense, hstack } from '../features/stack.js';
import { getLearner } from '../learners/index.js';
import { TargetEncoder } from '../features/target-encoding.js';
import { TfidfVectorizer } from '../features/text/tfidf.js';
import type { FittedTransformer } from '../features/types.js';
import type { Matrix, Target } from '../learners/types.js';
import { createRng } from '../util/random.js';
import { exportPipeline, feedForExported, pipelineFeed } from './export-pipeline.js';
import { toFloat32Dense } from './export-model.js';
import type { LinearIR, ModelIR, TreeEnsembleIR } from './ir.js';
import { runOnnx, scoreOnnx } from './onnx-runtime.js';
import { readOnnxModel } from './onnx-writer.js';
import { buildPipelineGraph } from './pipeline-graph.js';
import { evalIR as evalShared } from './ir-eval.js';

/** The shared reference evaluator, shaped as verifyExport's in-process predictions. */
function evalIR(ir: ModelIR, X: Float32Array | Float64Array, _rows: number): { labels: Float64Array; proba?: Float64Array } {
  const o = evalShared(ir, Float64Array.from(X));
  return { labels: o.prediction, proba: o.proba };
}

const dir = mkdtempSync(path.join(tmpdir(), 'askml-onnx-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CITIES = ['北京', 'paris', 'lima', 'oslo', 'rare1', 'rare2', ''];
const WORDS = ['good movie', 'bad  movie', 'Great fun', '很好看', '不好看的电影', 'meh', 'ÉCOLE\t\tKelvin', ' lead\nspace '];

/** A frame with every column type, NaN/Inf/missing values and unseen categories in rows >= n. */
function makeFrame(n: number, seed: number, unseenFrom = Infinity): Frame {
  const rng = createRng(seed);
  const num = new Float64Array(n);
  const skew = new Float64Array(n);
  const intCat = new Float64Array(n);
  const when = new Float64Array(n);
  const codes = new Int32Array(n);
  const text: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    num[i] = u < 0.1 ? NaN : u < 0.12 ? Infinity : rng.normal() * 1000 + 0.1;
    skew[i] = rng.next() < 0.05 ? NaN : Math.exp(rng.normal() * 2);
    intCat[i] = rng.next() < 0.1 ? NaN : Math.floor(rng.next() * 5);
    when[i] = rng.next() < 0.1 ? NaN : Date.UTC(1960, 0, 1) + Math.floor(rng.next() * 80 * 365.25 * 86400) * 1000;
    const c = Math.min(CITIES.length - 1, Math.floor(Math.pow(rng.next(), 2) * CITIES.length));
    codes[i] = CITIES[c] === '' ? -1 : i >= unseenFrom && rng.next() < 0.3 ? CITIES.length - 1 : c;
    const emoji = i >= unseenFrom && rng.next() < 0.3 ? ' 😀 Ünseen' : '';
    text.push(rng.next() < 0.1 ? null : `${WORDS[rng.int(WORDS.length)]} ${WORDS[rng.int(WORDS.length)]}${emoji}`);
  }
  const levels = [...CITIES.slice(0, -1), 'never-seen'];
  const columns: Column[] = [
    { name: 'num', type: 'numeric', values: num },
    { name: 'label', type: 'numeric', values: skew },
    { name: 'grade', type: 'numeric', values: intCat },
    { name: 'when', type: 'datetime', values: when },
    { name: 'city', type: 'categorical', codes, levels },
    { name: 'review', type: 'text', values: text },
  ];
  return { nRows: n, columns };
}

/** The graph's exposed features against askml's matrix on the same rows: the largest difference. */
async function graphFeaturesDiff(built: ReturnType<typeof buildPipelineGraph>, test: Frame, X: Matrix): Promise<{ maxDiff: number; want: Float64Array }> {
  const out = await runOnnx(built.bytes, pipelineFeed(test, built.plan));
  const got = out.features_0.data as Float64Array;
  const want = X.kind === 'dense' ? X.data : csrToDense(X).data;
  let maxDiff = 0;
  for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
  return { maxDiff, want: Float64Array.from(want) };
}

async function fitSteps(frame: Frame, target: Target): Promise<FittedTransformer[]> {
  const ctx = { seed: 1, target };
  return [
    new NumericTransformer({ columns: ['num', 'label'], impute: 'median', scale: true, log1p: false }).fit(frame),
    new NumericTransformer({ columns: ['num'], impute: 'none', scale: false, log1p: false, indicator: false }).fit(frame),
    new DatetimeTransformer({ column: 'when', scale: true, parts: ['year', 'month', 'dayofweek', 'hour', 'weekend', 'elapsed_days'] }).fit(frame),
    new DatetimeTransformer({ column: 'when', parts: ['year', 'month', 'dayofweek', 'weekend'] }).fit(frame),
    new OneHotEncoder({ column: 'city', maxCategories: 3 }).fit(frame),
    new OrdinalEncoder({ column: 'city', minFrequency: 5 }).fit(frame),
    new FrequencyEncoder({ column: 'city' }).fit(frame),
    new OneHotEncoder({ column: 'grade' }).fit(frame),
    new FrequencyEncoder({ column: 'grade' }).fit(frame),
    new TargetEncoder({ column: 'city' }).fit(frame, ctx),
    new TargetEncoder({ column: 'grade' }).fit(frame, ctx),
    await new TfidfVectorizer({ column: 'review', analyzer: 'char', ngram: [1, 2] }).fit(frame, ctx),
    new NumericTransformer({ columns: ['label'], impute: 'mean', scale: true, log1p: true }).fit(frame),
  ];
}

function target(n: number, k: number): Target {
  const y = Float64Array.from({ length: n }, (_, i) => (i * 7) % k);
  return { task: k === 1 ? 'regression' : 'multiclass', y, nClasses: k };
}

describe('pipeline -> ONNX', () => {
  it.each([true, false])('every feature step matches the in-process transform (text in graph: %s)', async (textInGraph) => {
    const train = makeFrame(300, 1);
    const steps = await fitSteps(train, target(300, 3));
    const test = makeFrame(200, 2, 100);
    const X = hstack(steps.map((s) => s.transform(test).matrix), test.nRows);
    const d = X.cols;
    const ir: LinearIR = { kind: 'linear', task: 'regression', nFeatures: d, nOutputs: 1, nClasses: 1, coef: new Float64Array(d), intercept: new Float64Array(1), post: 'none' };
    const built = buildPipelineGraph({
      branches: [{ steps: steps.map((s) => ({ saved: s.toJSON(), original: s })), ir, weight: 1 }],
      columns: test.columns.map((c) => ({ name: c.name, type: c.type })),
      exposeFeatures: true,
      textInGraph,
    });
    if (textInGraph) {
      expect(built.inputs.map((i) => i.name)).toEqual(['num', 'label_input', 'grade', 'when', 'city', 'review']);
      expect(built.inputs.map((i) => i.type.split('[')[0])).toEqual(['double', 'double', 'double', 'double', 'string', 'string']);
      expect(built.opsets.map((o) => `${o.domain}:${o.version}`)).toEqual([':20', 'ai.onnx.ml:4', 'com.microsoft:1']);
    } else {
      expect(built.inputs.map((i) => i.name)).toEqual(['num', 'label_input', 'grade', 'when', 'city', 'review__tfidf']);
      expect(built.inputs.map((i) => i.type.split('[')[0])).toEqual(['double', 'double', 'double', 'double', 'string', 'float']);
      expect(built.opsets.map((o) => `${o.domain}:${o.version}`)).toEqual([':17', 'ai.onnx.ml:4']);
    }
    const out = await runOnnx(built.bytes, pipelineFeed(test, built.plan));
    const got = out.features_0.data as Float64Array;
    const want = X.kind === 'dense' ? X.data : csrToDense(X).data;
    expect(got.length).toBe(want.length);
    const bad: string[] = [];
    for (let i = 0; i < want.length; i++) {
      const same = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : Math.abs(got[i] - want[i]) <= 1e-6 * Math.max(1, Math.abs(want[i]));
      if (!same && bad.length < 5) bad.push(`row ${Math.floor(i / d)} col ${i % d}: ${got[i]} vs ${want[i]}`);
    }
    expect(bad).toEqual([]);
    // the tree view (no scaling) must be bit-exact
    const offsets: number[] = [];
    steps.reduce((o, s) => (offsets.push(o), o + s.outputs.length), 0);
    const exactCols = [1, 3, 5, 6, 8].flatMap((k) => steps[k].outputs.map((_, j) => offsets[k] + j));
    expect(exactCols.length).toBe(1 + 4 + 1 + 1 + 1);
    for (let r = 0; r < test.nRows; r++) {
      for (const c of exactCols) expect(Object.is(got[r * d + c], want[r * d + c]) || (Number.isNaN(got[r * d + c]) && Number.isNaN(want[r * d + c]))).toBe(true);
    }
  });

  it('TF-IDF variants: char 2-3 grams without lowercase/sublinear/norm in the graph, word n-grams as input', async () => {
    const train = makeFrame(200, 11);
    const test = makeFrame(100, 12, 40);
    const steps = [
      await new TfidfVectorizer({ column: 'review', analyzer: 'char', ngram: [2, 3], lowercase: false, sublinearTf: false, norm: null, maxFeatures: 60 }).fit(train, { seed: 1 }),
      await new TfidfVectorizer({ column: 'review', analyzer: 'word', ngram: [1, 2] }).fit(train, { seed: 1 }),
    ];
    const X = hstack(steps.map((st) => st.transform(test).matrix), test.nRows);
    const ir: LinearIR = { kind: 'linear', task: 'regression', nFeatures: X.cols, nOutputs: 1, nClasses: 1, coef: new Float64Array(X.cols), intercept: new Float64Array(1), post: 'none' };
    const built = buildPipelineGraph({
      branches: [{ steps: steps.map((st) => ({ saved: st.toJSON(), original: st })), ir, weight: 1 }],
      columns: test.columns.map((c) => ({ name: c.name, type: c.type })),
      exposeFeatures: true,
    });
    expect(built.inputs.map((i) => i.name)).toEqual(['review', 'review__tfidf']);
    const { maxDiff, want } = await graphFeaturesDiff(built, test, X);
    expect(maxDiff).toBeLessThan(1e-5);
    expect(want.some((v) => v > 1)).toBe(true); // raw counts really are counts
  });

  it('char TF-IDF folds runs of Unicode spaces in the graph as askml does (full-width indents, NBSP)', async () => {
    const frame = (texts: string[]): Frame => ({ nRows: texts.length, columns: [{ name: 't', type: 'text', values: texts }] });
    const train = frame(['股票 上涨', '\u3000\u3000股票上涨', 'a\u00a0 b', 'x  y', '天气\u2003晴']);
    const test = frame(['\u3000\u3000股票上涨', '股票\u00a0\u3000上涨', '\u00a0\u3000股票\u2003上涨', 'a \u00a0b', 'x\t\ty']);
    const step = await new TfidfVectorizer({ column: 't', analyzer: 'char', ngram: [1, 2] }).fit(train, { seed: 1 });
    const X = step.transform(test).matrix;
    const ir: LinearIR = { kind: 'linear', task: 'regression', nFeatures: X.cols, nOutputs: 1, nClasses: 1, coef: new Float64Array(X.cols), intercept: new Float64Array(1), post: 'none' };
    const built = buildPipelineGraph({ branches: [{ steps: [{ saved: step.toJSON(), original: step }], ir, weight: 1 }], columns: [{ name: 't', type: 'text' }], exposeFeatures: true });
    expect((await graphFeaturesDiff(built, test, X)).maxDiff).toBeLessThan(1e-6);
  });

  it('falls back to a TF-IDF input when the in-graph tokeniser disagrees (İ lower-cases to two units)', async () => {
    const frame = (texts: string[]): Frame => ({ nRows: texts.length, columns: [{ name: 't', type: 'text', values: texts }] });
    const train = frame(['this is it', 'min i', 'xyz', 'iii', 'abc i']);
    const test = frame(['İİİ is', 'this', 'İn it', 'plain']);
    const step = await new TfidfVectorizer({ column: 't', analyzer: 'char', ngram: [1, 2] }).fit(train, { seed: 1 });
    const X = step.transform(test).matrix;
    const ir: LinearIR = { kind: 'linear', task: 'regression', nFeatures: X.cols, nOutputs: 1, nClasses: 1, coef: Float64Array.from({ length: X.cols }, (_, i) => (i % 3) - 1), intercept: new Float64Array(1), post: 'none' };
    const expected = evalIR(ir, toFloat32Dense(X), test.nRows);
    const res = await exportPipeline({ path: path.join(dir, 'text.onnx'), sample: test, steps: [step], model: ir, expected });
    expect(res.textInGraph).toBe(false);
    expect(res.inputs.map((i) => i.name)).toEqual(['t__tfidf']);
    const plain = await exportPipeline({ path: path.join(dir, 'text2.onnx'), sample: frame(['this', 'is it']), steps: [step], model: ir, expected: evalIR(ir, toFloat32Dense(step.transform(frame(['this', 'is it'])).matrix), 2) });
    expect(plain.textInGraph).toBe(true);
  });

  it('exports and verifies a tree-view and a linear-view member averaged', async () => {
    const train = makeFrame(300, 3);
    const steps = await fitSteps(train, target(300, 2));
    const test = makeFrame(150, 4, 50);
    const X = hstack(steps.map((s) => s.transform(test).matrix), test.nRows);
    const d = X.cols;
    const rng = createRng(5);
    const lin: LinearIR = {
      kind: 'linear', task: 'binary', nFeatures: d, nOutputs: 1, nClasses: 2, post: 'logistic',
      coef: Float64Array.from({ length: d }, () => rng.normal() * 0.3), intercept: Float64Array.of(0.1),
    };
    // linear member: numeric + one-hot + tfidf (no NaN features)
    const linSteps = [steps[0], steps[2], steps[4], steps[11]];
    const Xl = hstack(linSteps.map((s) => s.transform(test).matrix), test.nRows);
    lin.nFeatures = Xl.cols;
    lin.coef = lin.coef.slice(0, Xl.cols);
    // tree member: raw numeric (NaN kept) and ordinal codes with thresholds on real values
    const treeSteps = [steps[1], steps[5], steps[3]];
    const Xt = hstack(treeSteps.map((s) => s.transform(test).matrix), test.nRows);
    const trees: TreeEnsembleIR = {
      kind: 'trees', task: 'binary', nFeatures: Xt.cols, nOutputs: 1, nClasses: 2, aggregate: 'sum', post: 'logistic',
      base: Float64Array.of(-0.2), trees: [{
        feature: Int32Array.of(0, 1, -1, -1, 2, -1, -1), threshold: Float64Array.of(Math.fround(0.1), 1, 0, 0, 1990, 0, 0),
        left: Int32Array.of(1, 2, -1, -1, 5, -1, -1), right: Int32Array.of(4, 3, -1, -1, 6, -1, -1),
        missingLeft: Uint8Array.of(1, 0, 0, 0, 1, 0, 0), value: Float64Array.of(0, 0, 0.5, -0.5, 0, 1.5, -1), nOutputs: 1,
      }],
    };
    const toF = (m: typeof Xl) => Float64Array.from(toFloat32Dense(m));
    const pl = evalIR(lin, toF(Xl), test.nRows);
    const pt = evalIR(trees, toF(Xt), test.nRows);
    const proba = pl.proba!.map((p, i) => 0.25 * p + 0.75 * pt.proba![i]);
    const labels = Float64Array.from({ length: test.nRows }, (_, r) => (proba[2 * r + 1] > proba[2 * r] ? 1 : 0));
    const file = path.join(dir, 'pipe.onnx');
    const res = await exportPipeline({
      path: file, sample: test, expected: { labels, proba },
      members: [{ steps: linSteps, model: lin, weight: 1 }, { steps: treeSteps.map((s) => s.toJSON()), model: trees, weight: 3 }],
    });
    expect(res.verification.ok).toBe(true);
    expect(res.verification.maxAbsDiff).toBeLessThan(1e-5);
    expect(res.inputs.map((i) => i.name)).toEqual(['num', 'label_input', 'when', 'city', 'review']);
    expect(res.textInGraph).toBe(true);
    expect(existsSync(file)).toBe(true);
  });

  it('exports a real fitted pipeline with real learners, no expected predictions needed', async () => {
    const train = makeFrame(400, 7);
    const y = target(400, 2);
    y.task = 'binary';
    y.y = Float64Array.from(train.columns[0].type === 'numeric' ? (train.columns[0] as { values: Float64Array }).values : [], (v, i) => (Number.isNaN(v) ? i % 2 : v > 0 ? 1 : 0));
    const test = makeFrame(150, 8, 50);
    const treeView = await new Pipeline([
      new NumericTransformer({ columns: ['num', 'label'], impute: 'none', scale: false, log1p: false, indicator: false }),
      new OrdinalEncoder({ column: 'city' }),
      new DatetimeTransformer({ column: 'when' }),
      new TargetEncoder({ column: 'grade' }),
    ], { view: 'tree' }).fit(train, { seed: 1, target: y });
    const linView = await new Pipeline([
      new NumericTransformer({ columns: ['num', 'label'] }),
      new OneHotEncoder({ column: 'city' }),
      new TfidfVectorizer({ column: 'review' }),
    ], { view: 'linear' }).fit(train, { seed: 1, target: y });
    const gbdt = await getLearner('gbdt').fit(treeView.train!.matrix, y, { n_estimators: 20, num_leaves: 8, min_child_samples: 5 }, { seed: 1 });
    const logreg = getLearner('logistic_regression');
    const lin = await logreg.fit(linView.train!.matrix, y, logreg.space({ rows: 400, cols: linView.nFeatures, task: 'binary', nClasses: 2, sparse: true }).default, { seed: 1 });
    const file = path.join(dir, 'real.onnx');
    const res = await exportPipeline({ path: file, sample: test, members: [{ steps: treeView, model: gbdt, weight: 2 }, { steps: linView, model: lin, weight: 1 }] });
    expect(res.verification.ok).toBe(true);
    expect(res.verification.labelsEqual).toBe(true);
    expect(res.inputs.map((i) => i.name)).toEqual(['num', 'label_input', 'grade', 'when', 'city', 'review']);
    // the written file scores a new frame from its own metadata, as the in-process members do
    const fresh = makeFrame(60, 9, 0);
    const got = await scoreOnnx(file, feedForExported(file, fresh));
    const p1 = gbdt.predictProba!(treeView.transform(fresh).matrix);
    const p2 = lin.predictProba!(linView.transform(fresh).matrix);
    for (let i = 0; i < p1.length; i++) expect(Math.abs(got.probabilities![i] - (2 / 3) * p1[i] - (1 / 3) * p2[i])).toBeLessThan(1e-5);
    const single = await exportPipeline({ path: file, sample: test, steps: treeView, model: gbdt });
    expect(single.verification.maxAbsDiff).toBeLessThan(1e-5);
    const count = (op: string) => readOnnxModel(readFileSync(file)).opTypes.filter((t) => t === op).length;
    const encoders = count('LabelEncoder');
    // two members on the same pipeline share its feature nodes
    const gbdt2 = await getLearner('gbdt').fit(treeView.train!.matrix, y, { n_estimators: 10, num_leaves: 4, min_child_samples: 5 }, { seed: 2 });
    const two = await exportPipeline({ path: file, sample: test, members: [{ steps: treeView, model: gbdt, weight: 0.7 }, { steps: treeView, model: gbdt2, weight: 0.3 }] });
    expect(two.verification.ok).toBe(true);
    expect(count('TreeEnsembleRegressor')).toBe(2);
    expect(count('LabelEncoder')).toBe(encoders);
    // A member with no ONNX form (knn) is named as one member of several, with what to do (audit).
    const knn = getLearner('knn');
    const near = await knn.fit(treeView.train!.matrix, y, knn.space({ rows: 400, cols: treeView.nFeatures, task: 'binary', nClasses: 2, sparse: false }).default, { seed: 1 });
    const e = await exportPipeline({ path: path.join(dir, 'knn.onnx'), sample: test, members: [{ steps: treeView, model: gbdt, weight: 1 }, { steps: treeView, model: near, weight: 1 }] }).catch((x) => x);
    expect(e).toMatchObject({ code: 'EXPORT_UNSUPPORTED' });
    expect((e as AskmlError).message).toMatch(/^The saved model averages 2 fitted models \(an ensemble, or bagged fold models\), and one of them cannot be exported: knn cannot/);
    expect((e as AskmlError).details.hint).toContain('--exclude knn');
  });

  it('refuses unknown steps and mismatched widths without writing a file', async () => {
    const frame = makeFrame(50, 6);
    const ir: LinearIR = { kind: 'linear', task: 'regression', nFeatures: 3, nOutputs: 1, nClasses: 1, coef: new Float64Array(3), intercept: new Float64Array(1), post: 'none' };
    const file = path.join(dir, 'nope.onnx');
    const e1 = await exportPipeline({ path: file, sample: frame, steps: [{ kind: 'jieba_magic', inputs: ['review'] }], model: ir, expected: { labels: new Float64Array(50) } }).catch((e) => e);
    expect((e1 as AskmlError).code).toBe('EXPORT_UNSUPPORTED');
    const step = new NumericTransformer({ columns: ['num'] }).fit(frame);
    const e2 = await exportPipeline({ path: file, sample: frame, steps: [step], model: ir, expected: { labels: new Float64Array(50) } }).catch((e) => e);
    expect((e2 as AskmlError).code).toBe('EXPORT_UNSUPPORTED');
    expect((e2 as AskmlError).message).toMatch(/produce 2 features but the model reads 3/);
    expect(existsSync(file)).toBe(false);
  });
});
