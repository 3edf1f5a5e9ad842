/**
 * Seeded splits: train/test (stratified for classification), stratified k-fold, and the fixed
 * holdout files `NAME.split.json` ({"index_base": 0, "rows": N, "test": [...]}). Index arrays are
 * ascending Int32Arrays; every random choice comes from the seed.
 */
import { readFile } from 'node:fs/promises';
import { AskmlError } from '../errors.js';
import { createRng, shuffleInPlace, type Rng } from '../util/random.js';
import { jsonErrorText } from '../util/fs.js';

export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

export interface SplitOptions {
  seed: number;
  /** The target's name, for messages about a stratified split. */
  targetName?: string;
  /** Share of rows in the test part (default 0.2). */
  testFraction?: number;
  /** Class index per row (as from encodeTarget): stratify by it. Omit for a plain shuffle. */
  stratify?: ArrayLike<number>;
}

/** Row indices grouped by class (one group when not stratified), in original order. */
function strata(n: number, stratify: ArrayLike<number> | undefined): Int32Array[] {
  if (!stratify) return [Int32Array.from({ length: n }, (_, i) => i)];
  if (stratify.length !== n) {
    throw new AskmlError('BAD_ARGUMENT', `stratify has ${stratify.length} labels for ${n} rows.`);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = stratify[i];
    let g = groups.get(c);
    if (!g) groups.set(c, (g = []));
    g.push(i);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((c) => Int32Array.from(groups.get(c) as number[]));
}

function sorted(a: number[]): Int32Array {
  return Int32Array.from(a).sort();
}

export function trainTestSplit(n: number, opts: SplitOptions): SplitIndices {
  const frac = opts.testFraction ?? 0.2;
  if (!(frac > 0 && frac < 1)) throw new AskmlError('BAD_ARGUMENT', `testFraction must be between 0 and 1, got ${frac}.`);
  if (n < 2) throw new AskmlError('TOO_SMALL', `Cannot split ${n} row(s) into train and test parts.`);
  const rng = createRng(opts.seed);
  const train: number[] = [];
  const test: number[] = [];
  /** Rows of classes with 2+ rows that went to train beyond the one each class keeps there. */
  const spare: number[] = [];
  let singletons = 0;
  const groups = strata(n, opts.stratify);
  for (const group of groups) shuffleInPlace(group, rng);
  const nTests = groups.map((g) => (g.length >= 2 ? Math.min(g.length - 1, Math.max(1, Math.round(g.length * frac))) : 0));
  capTinyClassTests(groups, nTests, Math.round(n * frac), rng);
  for (const [j, group] of groups.entries()) {
    const nTest = nTests[j];
    if (group.length < 2) singletons++;
    for (let i = 0; i < group.length; i++) {
      (i < nTest ? test : train).push(group[i]);
      if (i >= nTest && i < group.length - 1) spare.push(group[i]);
    }
  }
  if (test.length === 0 || train.length === 0) throw emptyPart(n, frac, opts, test.length === 0 ? 'test' : 'training');
  const asked = Math.min(n - 1, Math.max(1, Math.round(n * frac)));
  if (opts.stratify && singletons > 0 && test.length < asked) {
    // Each class with a single row goes wholly to train (it cannot be both learned and tested),
    // so such classes shrink the test part. When it falls under half of the rows asked, most
    // rows are in classes seen once: refuse. A plain random split instead would put those rows
    // in the test part, where no model can get them right (their class is absent from
    // training), and the score would measure the label set rather than the model. Otherwise,
    // top the test part up to the asked size from the other classes' spare rows (each keeps at
    // least one training row), so the holdout is the fraction it is described as.
    if (test.length < asked / 2) throw mostlySingletons(n, frac, opts, singletons, test.length, asked);
    shuffleInPlace(spare, rng);
    const moved = new Set(spare.slice(0, asked - test.length));
    for (const i of moved) test.push(i);
    return { train: sorted(train.filter((i) => !moved.has(i))), test: sorted(test) };
  }
  return { train: sorted(train), test: sorted(test) };
}

/**
 * Each class of 2+ rows puts at least one row in the test part. With many classes of 2 rows that
 * overshoots the asked size (30 classes of 2 rows, 20% asked: 30 test rows, 50%, and one training
 * row per class, which no search can validate; audit). Past a quarter over the asked size, classes
 * of 2 rows, in random order, keep both rows for training (their classes go untested) until the
 * test part is back to the asked size, as scikit-learn's stratified split allots by proportion.
 */
function capTinyClassTests(groups: ArrayLike<number>[], nTests: number[], asked: number, rng: Rng): void {
  let total = nTests.reduce((a, b) => a + b, 0);
  if (total <= Math.max(asked + 1, 1.25 * asked)) return;
  const pairs = shuffleInPlace(
    groups.flatMap((g, j) => (g.length === 2 && nTests[j] === 1 ? [j] : [])),
    rng,
  );
  for (const j of pairs) {
    if (total <= asked) break;
    nTests[j] = 0;
    total--;
  }
}

/** The refusal when classes with a single row leave the stratified test part under half its size. */
function mostlySingletons(n: number, frac: number, opts: SplitOptions, singletons: number, got: number, asked: number): AskmlError {
  const name = opts.targetName;
  const target = name !== undefined ? `Target '${name}'` : 'The target';
  const classes = strata(n, opts.stratify).length;
  return new AskmlError(
    'TOO_SMALL',
    `${target} has ${singletons} of its ${classes} classes with a single row (${singletons} of the ${n} rows); ` +
      `such rows cannot be both learned and tested, so a stratified ${Math.round(frac * 100)}% test split would hold out only ${got} row(s) instead of ${asked}, and its scores would mean little.`,
    {
      column: name,
      hint:
        `Group the rare classes (e.g. into 'other') so that each class has several rows, ` +
        `or choose another target: one whose values repeat, or a numeric column for regression.`,
    },
  );
}

/**
 * Why a split left a part empty. Stratified, that happens only when every class has one row
 * (each singleton class goes wholly to one side), which usually means the target is an id.
 */
function emptyPart(n: number, frac: number, opts: SplitOptions, part: 'test' | 'training'): AskmlError {
  const groups = strata(n, opts.stratify);
  const name = opts.targetName;
  if (opts.stratify && groups.every((g) => g.length === 1)) {
    return new AskmlError(
      'TOO_SMALL',
      `${name !== undefined ? `Target '${name}'` : 'The target'} has ${groups.length} classes with 1 row each; a stratified test split needs at least 2 rows in a class.`,
      {
        column: name,
        hint:
          n < 10
            ? `Use more data: there are only ${n} rows.`
            : `Is ${name !== undefined ? `'${name}'` : 'the target'} an id column? Choose a column whose values repeat (or a numeric column for regression).`,
      },
    );
  }
  return new AskmlError('TOO_SMALL', `A ${frac} test split of ${n} rows leaves the ${part} part empty.`, { hint: 'Use more data.' });
}

/**
 * k folds; fold f's test rows are `folds[f].test`. Stratified when `stratify` is given: each
 * class is dealt round-robin over the folds, continuing where the previous class stopped.
 */
export function kFold(n: number, k: number, opts: { seed: number; stratify?: ArrayLike<number> }): SplitIndices[] {
  if (!Number.isInteger(k) || k < 2) throw new AskmlError('BAD_ARGUMENT', `k must be an integer >= 2, got ${k}.`);
  if (n < k) throw new AskmlError('TOO_SMALL', `Cannot make ${k} folds from ${n} rows.`);
  const rng: Rng = createRng(opts.seed);
  const fold = new Int32Array(n);
  let next = 0;
  for (const group of strata(n, opts.stratify)) {
    shuffleInPlace(group, rng);
    for (let i = 0; i < group.length; i++) {
      fold[group[i]] = next;
      next = (next + 1) % k;
    }
  }
  const out: SplitIndices[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return out;
}

/** Train = all rows not in `test`. Validates range and duplicates. */
export function splitFromTest(test: readonly number[], nRows: number, source = 'split'): SplitIndices {
  const isTest = new Uint8Array(nRows);
  for (const i of test) {
    if (!Number.isInteger(i) || i < 0 || i >= nRows) {
      throw new AskmlError('BAD_ARGUMENT', `${source}: test index ${i} is out of range for ${nRows} rows (valid 0..${nRows - 1}).`, { value: i });
    }
    if (isTest[i]) throw new AskmlError('BAD_ARGUMENT', `${source}: test index ${i} appears twice.`, { value: i });
    isTest[i] = 1;
  }
  const train: number[] = [];
  const tst: number[] = [];
  for (let i = 0; i < nRows; i++) (isTest[i] ? tst : train).push(i);
  if (train.length === 0 || tst.length === 0) throw new AskmlError('BAD_ARGUMENT', `${source}: the split leaves the train or test part empty.`);
  return { train: Int32Array.from(train), test: Int32Array.from(tst) };
}

/** A `NAME.split.json` holdout file: {"index_base": 0|1, "rows": N, "test": [indices]}. */
export async function readSplitFile(path: string, nRows: number): Promise<SplitIndices> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AskmlError('FILE_NOT_FOUND', `Split file '${path}' does not exist or cannot be read.`, { path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AskmlError('PARSE_ERROR', `Split file '${path}' is not valid JSON: ${jsonErrorText(e)}.`, { path });
  }
  const obj = json as { test?: unknown; rows?: unknown; index_base?: unknown };
  if (!obj || typeof obj !== 'object' || !Array.isArray(obj.test)) {
    throw new AskmlError('PARSE_ERROR', `Split file '${path}' has no "test" array of row indices.`, {
      path,
      hint: 'Expected {"index_base": 0, "rows": N, "test": [3, 17, ...]}.',
    });
  }
  if (typeof obj.rows === 'number' && obj.rows !== nRows) {
    throw new AskmlError('SCHEMA_MISMATCH', `Split file '${path}' is for ${obj.rows} rows but the data has ${nRows}.`, { path });
  }
  const base = obj.index_base === 1 ? 1 : 0;
  const raw = obj.test as unknown[];
  const bad = raw.find((v) => typeof v !== 'number' || !Number.isInteger(v));
  if (bad !== undefined) {
    throw new AskmlError('PARSE_ERROR', `Split file '${path}': test index ${typeof bad === 'string' ? `'${bad}'` : JSON.stringify(bad)} is not a whole number.`, {
      path,
      value: bad,
      hint: 'The "test" array holds row numbers, e.g. {"index_base": 0, "rows": N, "test": [3, 17, ...]}.',
    });
  }
  const test = (raw as number[]).map((v) => v - base);
  return splitFromTest(test, nRows, `Split file '${path}'`);
}

/**
 * How a seeded holdout is described (split.json, reports): 'seeded stratified 20% holdout
 * (seed 0)', with the share of rows really held out, which a stratified split with very small
 * classes can move away from the fraction asked (each class of 2 rows puts 1 in the test part).
 */
export function holdoutSource(o: { stratified: boolean; seed: number; testRows: number; rows: number }): string {
  const pct = Math.max(1, Math.round((100 * o.testRows) / o.rows));
  return `seeded ${o.stratified ? 'stratified ' : ''}${pct}% holdout (seed ${o.seed})`;
}
