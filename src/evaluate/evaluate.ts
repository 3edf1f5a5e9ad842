/**
 * evaluate: score a TrainedModel on held-out rows. Every metric for the task, per-class
 * precision / recall / F1 and the confusion matrix (classification), residual quantiles
 * (regression) and permutation importance by input column.
 */
import { truthValue } from '../util/truth.js';
import { AskmlError } from '../errors.js';
import { findColumn, columnNames, takeRows, type Column, type Frame } from '../data/frame.js';
import { quantilesInPlace } from '../data/numeric-stats.js';
import type { TrainedModel } from '../search/trained-model.js';
import { permutationImportance, type ColumnImportance } from './importance.js';
import { topTerms, type TopTerms } from './top-terms.js';
import { confusionMatrix, METRICS, metricsFor, perClass, scoreMetric, type MetricName } from './metrics.js';

export interface EvaluateOptions {
  model: TrainedModel;
  test: Frame;
  seed?: number;
  /** Permutation importance: rows, repeats and seconds bounds (set false to skip). */
  importance?: false | { maxRows?: number; repeats?: number; maxSeconds?: number };
}

export interface MetricValue {
  name: MetricName;
  value: number | null;
  direction: 'higher' | 'lower';
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Test-row residuals, actual - predicted (report.md uses the same sign). */
export interface Residuals {
  mean: number;
  std: number;
  meanAbs: number;
  /** Quantiles of (actual - predicted). */
  quantiles: { q: number; value: number }[];
}

export interface Evaluation {
  task: TrainedModel['task'];
  target: string;
  rows: number;
  /** The metric the search optimised, and its value here. */
  primary: MetricValue;
  metrics: MetricValue[];
  perClass: ClassMetrics[] | null;
  confusion: { labels: string[]; matrix: number[][] } | null;
  residuals: Residuals | null;
  importance: { columns: ColumnImportance[]; rows: number; repeats: number; complete: boolean } | null;
  /** Terms of each text column that weigh most per class, from the linear members; null without one. */
  topTerms: TopTerms | null;
  /** Rows left out: missing target, or a class the model never saw. */
  droppedRows: number;
  notes: string[];
}

/** A cell of a target column as a class label (booleans as 'true' / 'false'); null when missing. */
export function labelOf(col: Column, i: number): string | null {
  if (col.type === 'categorical') return col.codes[i] < 0 ? null : col.levels[col.codes[i]];
  if (col.type === 'text') return col.values[i];
  const v = col.values[i];
  if (Number.isNaN(v)) return null;
  return col.type === 'boolean' ? String(v === 1) : String(v);
}

/**
 * The class index of a test label among the model's `labels`: the same name, or (true/false, yes/no
 * and 1/0 in any case, a test file written by another tool) the same truth value; undefined if none.
 */
export function labelMatcher(labels: readonly string[]): (label: string) => number | undefined {
  const index = new Map(labels.map((l, i) => [l, i]));
  const byTruth = new Map<boolean, number>();
  labels.forEach((l, i) => {
    const t = truthValue(l);
    if (t !== null && !byTruth.has(t)) byTruth.set(t, i);
  });
  return (l) => {
    const at = index.get(l);
    if (at !== undefined) return at;
    const t = truthValue(l);
    return t === null ? undefined : byTruth.get(t);
  };
}

/**
 * The test target in the model's encoding, and the rows that have it. Rows of a class the model
 * never saw are counted in `unseen` and listed apart: `unseenRows`, each with its label.
 */
export function encodeTestTarget(
  model: TrainedModel,
  test: Frame,
): { y: Float64Array; rows: Int32Array; unseen: number; missing: number; unseenRows: Int32Array; unseenLabels: string[] } {
  const col = findColumn(test, model.target);
  if (!col) {
    throw new AskmlError('COLUMN_NOT_FOUND', `The test data has no target column '${model.target}'.`, { choices: columnNames(test) });
  }
  const rows: number[] = [];
  const y: number[] = [];
  const unseenRows: number[] = [];
  const unseenLabels: string[] = [];
  let unseen = 0;
  let missing = 0;
  if (model.task === 'regression') {
    if (col.type === 'categorical' || col.type === 'text') {
      throw new AskmlError('BAD_TARGET', `Test target column '${model.target}' holds text; the model is a regression model.`);
    }
    for (let i = 0; i < test.nRows; i++) {
      const v = col.values[i];
      if (Number.isNaN(v)) missing++;
      else {
        rows.push(i);
        y.push(v);
      }
    }
  } else {
    const classOf = labelMatcher(model.labels ?? []);
    for (let i = 0; i < test.nRows; i++) {
      const l = labelOf(col, i);
      const at = l === null ? undefined : classOf(l);
      if (l === null) missing++;
      else if (at === undefined) {
        unseen++;
        unseenRows.push(i);
        unseenLabels.push(l);
      } else {
        rows.push(i);
        y.push(at);
      }
    }
  }
  return { y: Float64Array.from(y), rows: Int32Array.from(rows), unseen, missing, unseenRows: Int32Array.from(unseenRows), unseenLabels };
}

/** Fewer scored test rows than this: the evaluation notes that its scores are rough. */
export const SMALL_TEST_ROWS = 30;

export function evaluate(o: EvaluateOptions): Evaluation {
  const { model } = o;
  const enc = encodeTestTarget(model, o.test);
  const notes: string[] = [];
  if (enc.missing) notes.push(`${enc.missing} test rows have no target value and were left out.`);
  const unseenClasses = [...new Set(enc.unseenLabels)];
  if (enc.unseen) {
    notes.push(
      `${enc.unseen} test rows have a class the model never saw in training (${unseenClasses.map((l) => `'${l}'`).join(', ')}): ` +
        'they count as errors in accuracy, balanced accuracy, macro-F1, the per-class table and the confusion matrix; log loss, ROC AUC and feature importance leave them out.',
    );
  }
  if (enc.rows.length === 0) {
    const why = enc.unseen > 0 ? ` ${enc.unseen} rows have a class the model never saw in training; the model's classes are ${(model.labels ?? []).map((l) => `'${l}'`).join(', ')}.` : '';
    throw new AskmlError('NO_ROWS', `No test row has a usable target value.${why}`, enc.unseen > 0 ? { hint: 'Write the test target with the same class names as the training data.' } : {});
  }
  // A test set of a few rows (a hand-made split file): each row is a large share of every score (audit: 3 rows, no word).
  const scored = enc.rows.length + enc.unseen;
  if (scored < SMALL_TEST_ROWS) {
    const oneRow = model.task === 'regression' ? '' : `: one row moves accuracy by ${(100 / scored).toFixed(scored > 10 ? 1 : 0)} points`;
    notes.push(`The test set has only ${scored} row${scored === 1 ? '' : 's'}${oneRow}, so these test scores are rough; a test set of ${SMALL_TEST_ROWS} rows or more gives steadier ones.`);
  }
  const frame = enc.rows.length === o.test.nRows ? o.test : takeRows(o.test, enc.rows);
  const pred = model.predict(frame);
  const k = model.task === 'regression' ? 1 : model.nClasses;
  // MAPE is undefined where the target is 0 (scikit-learn floors |y| at float eps: 1e15-scale
  // numbers): not reported then, and said so, as the search refuses it as a metric for such a target.
  const zeroTargets = model.task === 'regression' ? enc.y.reduce((a, v) => a + (v === 0 ? 1 : 0), 0) : 0;
  if (zeroTargets > 0) notes.push(`MAPE is not reported: ${zeroTargets} test rows have the target 0, where the percentage error is undefined.`);
  // With unseen classes: every row with a target, the unseen ones as classes k, k+1, ... (never predicted).
  const all = enc.unseen > 0 ? withUnseen(enc, model.predict(takeRows(o.test, enc.unseenRows)).values, pred.values, unseenClasses, k) : null;
  const metrics: MetricValue[] = metricsFor(model.task).map((name) => {
    const def = METRICS[name];
    let value: number | null = null;
    if (name === 'mape' && zeroTargets > 0) return { name, value, direction: def.direction };
    // Label metrics score a row of a class the model never saw as an error (scikit-learn's way);
    // probability metrics cannot score it.
    if (all && !def.needsProba) {
      const v = scoreMetric(name, all.y, all.pred, null, all.k);
      return { name, value: Number.isFinite(v) ? v : null, direction: def.direction };
    }
    if (!def.needsProba || pred.proba) {
      const v = scoreMetric(name, enc.y, pred.values, pred.proba, k);
      value = Number.isFinite(v) ? v : null;
    }
    return { name, value, direction: def.direction };
  });
  const primary = metrics.find((m) => m.name === model.metric) ?? metrics[0];
  let classes: ClassMetrics[] | null = null;
  let confusion: Evaluation['confusion'] = null;
  let residuals: Residuals | null = null;
  if (model.task !== 'regression') {
    const labels = [...(model.labels ?? Array.from({ length: k }, (_, i) => String(i))), ...unseenClasses];
    const [yy, pp, kk] = all ? [all.y, all.pred, all.k] : [enc.y, pred.values, k];
    classes = perClass(yy, pp, kk).map((r, c) => ({ label: labels[c], precision: r.precision, recall: r.recall, f1: r.f1, support: r.support }));
    confusion = { labels, matrix: confusionMatrix(yy, pp, kk) };
  } else {
    residuals = residualSummary(enc.y, pred.values);
  }
  let importance: Evaluation['importance'] = null;
  if (o.importance !== false) {
    const opt = o.importance ?? {};
    const r = permutationImportance(model, frame, enc.y, {
      metric: primary.name,
      seed: o.seed ?? 0,
      maxRows: opt.maxRows ?? 1000,
      repeats: opt.repeats ?? 3,
      maxSeconds: opt.maxSeconds ?? 20,
    });
    importance = { columns: r.columns, rows: r.rows, repeats: r.repeats, complete: r.complete };
    if (!r.complete) notes.push('Permutation importance stopped at its time limit; some columns are not measured.');
  }
  return {
    task: model.task,
    target: model.target,
    rows: frame.nRows + enc.unseen,
    primary,
    metrics,
    perClass: classes,
    confusion,
    residuals,
    importance,
    topTerms: topTerms(model),
    droppedRows: enc.missing,
    notes,
  };
}

/** Seen and unseen rows together, in the test file's order: targets (unseen classes k, k+1, ...) and predictions. */
function withUnseen(
  enc: ReturnType<typeof encodeTestTarget>,
  unseenPred: Float64Array,
  seenPred: Float64Array,
  unseenClasses: string[],
  k: number,
): { y: Float64Array; pred: Float64Array; k: number } {
  const n = enc.rows.length + enc.unseenRows.length;
  const y = new Float64Array(n);
  const pred = new Float64Array(n);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (b >= enc.unseenRows.length || (a < enc.rows.length && enc.rows[a] < enc.unseenRows[b])) {
      y[i] = enc.y[a];
      pred[i] = seenPred[a++];
    } else {
      y[i] = k + unseenClasses.indexOf(enc.unseenLabels[b]);
      pred[i] = unseenPred[b++];
    }
  }
  return { y, pred, k: k + unseenClasses.length };
}

export function residualSummary(y: ArrayLike<number>, p: ArrayLike<number>): Residuals {
  const n = y.length;
  const r = new Float64Array(n);
  let mean = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    r[i] = y[i] - p[i];
    mean += r[i];
    abs += Math.abs(r[i]);
  }
  mean /= Math.max(1, n);
  let v = 0;
  for (let i = 0; i < n; i++) v += (r[i] - mean) ** 2;
  const qs = [0.05, 0.25, 0.5, 0.75, 0.95];
  const values = quantilesInPlace(r.slice(), qs);
  return {
    mean,
    std: Math.sqrt(v / Math.max(1, n)),
    meanAbs: abs / Math.max(1, n),
    quantiles: qs.map((q, i) => ({ q, value: values[i] })),
  };
}
