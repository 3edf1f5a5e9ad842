/**
 * How trials are validated: stratified k-fold cross-validation for small data, a stratified
 * holdout for large data. Only training rows are ever seen here; the test split never is.
 */
import { AskmlError } from '../errors.js';
import type { TaskType } from '../learners/types.js';
import { createRng, permutation, shuffleInPlace } from '../util/random.js';

export interface ValidationPlan {
  kind: 'cv' | 'holdout';
  /** Number of folds (1 for holdout). */
  k: number;
  /** cv: fold index per row. holdout: 0 for validation rows, -1 for training rows. */
  fold: Int32Array;
  /** Rows scored out of fold, in order (cv: all rows; holdout: validation rows). */
  validRows: Int32Array;
  /** Holdout training rows in a seeded random order; a trial on m rows uses the first m. */
  trainOrder: Int32Array;
  /** First sample size for trials (smaller than trainOrder.length for large data). */
  initialSize: number;
  notes: string[];
}

export interface ValidationOptions {
  y: Float64Array;
  task: TaskType;
  nClasses: number;
  /** Feature count (or stored values per row for sparse data), for the size rule. */
  cols: number;
  seed: number;
  kind?: 'auto' | 'cv' | 'holdout';
  folds?: number;
  holdoutFraction?: number;
  /**
   * Budget x parallel workers, in seconds, when the run has a deadline and dense features: lets
   * mid-size data (10k-100k rows) use cross-validation when the budget can pay for it.
   */
  workerSeconds?: number;
}

/** Row x feature x tree per second of one core of our gbdt (bench: 1.2e8 on letter, diamonds), rounded down. */
const GBDT_ROW_FEATURE_TREES_PER_S = 1e8;
/** Mid-size data gets k-fold CV only if the budget covers this many default-gbdt CV trials. */
export const CV_MIN_TRIALS = 50;

/**
 * Predicted seconds of one k-fold trial of the default gbdt (100 rounds, one tree per class for
 * multiclass): the yardstick of what cross-validating mid-size data costs.
 */
export function cvTrialSeconds(rows: number, cols: number, nClasses: number, k: number): number {
  const treesPerRound = nClasses > 2 ? nClasses : 1;
  return ((k - 1) * rows * Math.max(1, cols) * 100 * treesPerRound) / GBDT_ROW_FEATURE_TREES_PER_S;
}

/** Small data: cross-validated whatever the budget; small regression data is bagged (finish.ts). */
export function isSmallData(rows: number, cols: number): boolean {
  return rows < 10_000 && rows * cols < 1_000_000;
}

/**
 * cv when rows < 10,000 and rows x cols < 1M (stored values for sparse data). Mid-size dense data
 * (under 100k rows and 10M cells, FLAML's cut) also gets cv when `workerSeconds` covers
 * CV_MIN_TRIALS default-gbdt cv trials (diamonds, 43k rows at 60 s: test RMSE 532.6 with cv vs
 * 540.4 with holdout; at 10 s 560.5 vs 538.7, too few trials: bench/RESULTS.md). Holdout otherwise.
 */
export function planValidation(o: ValidationOptions): ValidationPlan {
  const n = o.y.length;
  const notes: string[] = [];
  if (n < 4) throw new AskmlError('TOO_SMALL', `Only ${n} training rows; at least 4 are needed to validate a model.`);
  const counts = classCounts(o.y, o.task, o.nClasses);
  // Folds are capped by the smallest class of 2+ rows. A class with a single training row (its other
  // rows went to the test split) is scored in the fold that holds it, by a model that never saw the
  // class, rather than pushing the whole search onto a holdout without it (tiny_3class_rare: a
  // 12-row holdout lacking the class scored every learner macro-F1 1).
  const singles = counts ? counts.filter((c) => c === 1).length : 0;
  const multi = counts ? counts.filter((c) => c >= 2) : [];
  const minClass = counts ? (multi.length > 0 ? Math.min(...multi) : 1) : n;
  if (counts && multi.length === 0) {
    // Every class has one training row: a holdout would be empty and every fold would score a class
    // its model never saw (audit: 30 classes of 2 rows, each split 1 + 1, scored 0 on 0 rows).
    throw new AskmlError('TOO_SMALL', `Every class of the target has a single training row (${singles} classes in ${n} rows): no model can be validated on a class it has learned.`, {
      hint: "Group the rare classes (e.g. into 'other') so that each class has several rows, add rows, or choose another target.",
    });
  }
  let kind = o.kind ?? 'auto';
  const want = o.folds ?? 5;
  if (kind === 'auto') {
    if (isSmallData(n, o.cols)) kind = 'cv';
    else if (o.workerSeconds !== undefined && n < 100_000 && n * o.cols < 10_000_000) {
      const trials = o.workerSeconds / cvTrialSeconds(n, o.cols, o.nClasses, want);
      kind = trials >= CV_MIN_TRIALS ? 'cv' : 'holdout';
      if (kind === 'cv') notes.push(`${n} rows: the budget pays for ${want}-fold cross-validation (about ${Math.floor(trials)} default trials), so no holdout.`);
    } else kind = 'holdout';
  }
  if (kind === 'cv') {
    const k = Math.min(want, counts ? minClass : Math.floor(n / 2));
    if (k < 2) {
      notes.push(`Too few rows for ${want}-fold cross-validation (the smallest class has ${rowsText(minClass)}); used a holdout split instead.`);
      kind = 'holdout';
    } else {
      if (singles > 0) {
        notes.push(
          `${singles === 1 ? '1 class has' : `${singles} classes have`} a single training row: it is scored in the cross-validation fold that holds it, ` +
            `by a model that never saw ${singles === 1 ? 'that class' : 'those classes'}.`,
        );
      }
      if (k < want) {
        // Regression has no classes: k is capped by the rows (two per fold).
        const why = counts ? `the smallest class has only ${rowsText(minClass)}` : `there are only ${n} training rows`;
        notes.push(`Used ${k}-fold instead of ${want}-fold cross-validation: ${why}.`);
      }
      return cvPlan(o, k, notes);
    }
  }
  return holdoutPlan(o, notes);
}

function rowsText(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

function classCounts(y: Float64Array, task: TaskType, k: number): number[] | null {
  if (task === 'regression') return null;
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]]++;
  return c;
}

/** Row groups to stratify on: classes, or target quantile bins for regression. */
function strata(o: ValidationOptions): Int32Array {
  const n = o.y.length;
  const s = new Int32Array(n);
  if (o.task !== 'regression') {
    for (let i = 0; i < n; i++) s[i] = o.y[i];
    return s;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => o.y[a] - o.y[b]);
  const bins = Math.max(1, Math.min(10, Math.floor(n / 10)));
  for (let r = 0; r < n; r++) s[order[r]] = Math.floor((r * bins) / n);
  return s;
}

/** Rows grouped by stratum (strata in ascending order), each group in the order of `perm`. */
function shuffledStrata(s: Int32Array, perm: Int32Array): number[][] {
  const byStratum = new Map<number, number[]>();
  for (const i of perm) {
    const g = byStratum.get(s[i]);
    if (g) g.push(i);
    else byStratum.set(s[i], [i]);
  }
  return [...byStratum.keys()].sort((a, b) => a - b).map((key) => byStratum.get(key)!);
}

function cvPlan(o: ValidationOptions, k: number, notes: string[]): ValidationPlan {
  const n = o.y.length;
  const rng = createRng(o.seed ^ 0x5eed);
  const s = strata(o);
  // Deal rows of each stratum round-robin over folds, continuing where the last stratum stopped.
  const fold = new Int32Array(n);
  let next = 0;
  for (const g of shuffledStrata(s, permutation(n, rng))) {
    for (const i of g) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  return { kind: 'cv', k, fold, validRows: all, trainOrder: all, initialSize: n, notes };
}

function holdoutPlan(o: ValidationOptions, notes: string[]): ValidationPlan {
  const n = o.y.length;
  const frac = o.holdoutFraction ?? (n <= 10_000 ? 0.2 : Math.max(0.1, Math.min(0.2, 5000 / n)));
  const rng = createRng(o.seed ^ 0x4011);
  const s = strata(o);
  const fold = new Int32Array(n).fill(-1);
  const valid: number[] = [];
  for (const g of shuffledStrata(s, permutation(n, rng))) {
    const take = g.length >= 2 ? Math.max(1, Math.round(g.length * frac)) : 0;
    for (let t = 0; t < take; t++) {
      fold[g[t]] = 0;
      valid.push(g[t]);
    }
  }
  valid.sort((a, b) => a - b);
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (fold[i] < 0) train.push(i);
  const trainOrder = shuffleInPlace(Int32Array.from(train), rng);
  const initialSize = trainOrder.length > 20_000 ? 10_000 : trainOrder.length;
  // A class with a single row cannot be both trained on and validated: say which the holdout lacks.
  const counts = classCounts(o.y, o.task, o.nClasses);
  if (counts) {
    const inValid = new Array<number>(counts.length).fill(0);
    for (const i of valid) inValid[o.y[i]]++;
    const lacking = counts.map((c, cls) => (c > 0 && inValid[cls] === 0 ? cls : -1)).filter((cls) => cls >= 0);
    if (lacking.length > 0) {
      notes.push(
        `The validation holdout (${rowsText(valid.length)}) holds no row of ${lacking.length} of the ${counts.filter((c) => c > 0).length} classes ` +
          `(class ${lacking.map((c) => `#${c + 1}`).join(', ')}, ${lacking.length === 1 ? 'which has' : 'each with'} a single training row): its score says nothing about ${lacking.length === 1 ? 'that class' : 'them'}.`,
      );
    }
  }
  if (initialSize < trainOrder.length) notes.push(`Large data: trials start on ${initialSize} rows and grow towards ${trainOrder.length}.`);
  return { kind: 'holdout', k: 1, fold, validRows: Int32Array.from(valid), trainOrder, initialSize, notes };
}

/** Training and validation rows of fold f (cv), or of the holdout with the first m training rows. */
export function foldRows(plan: ValidationPlan, f: number, sampleSize: number): { train: Int32Array; valid: Int32Array } {
  if (plan.kind === 'holdout') {
    const m = Math.min(sampleSize, plan.trainOrder.length);
    const train = plan.trainOrder.slice(0, m).sort();
    return { train, valid: plan.validRows };
  }
  let nv = 0;
  for (let i = 0; i < plan.fold.length; i++) if (plan.fold[i] === f) nv++;
  const train = new Int32Array(plan.fold.length - nv);
  const valid = new Int32Array(nv);
  let a = 0;
  let b = 0;
  for (let i = 0; i < plan.fold.length; i++) {
    if (plan.fold[i] === f) valid[b++] = i;
    else train[a++] = i;
  }
  return { train, valid };
}
