/**
 * Metrics for classification and regression, with scikit-learn semantics (parity-tested in
 * metrics.test.ts). Predictions are class indices (as floats) for classification and values for
 * regression; probabilities are row-major rows x nClasses.
 *
 * One registry, `METRICS`: the search, evaluate and the tools all read names, directions and
 * valid tasks from here.
 */
import { AskmlError, closest } from '../errors.js';
import type { TaskType } from '../learners/types.js';

export type MetricName =
  | 'accuracy'
  | 'balanced_accuracy'
  | 'macro_f1'
  | 'roc_auc'
  | 'log_loss'
  | 'rmse'
  | 'mae'
  | 'r2'
  | 'mape';

export interface MetricDef {
  name: MetricName;
  description: string;
  tasks: readonly TaskType[];
  direction: 'higher' | 'lower';
  needsProba: boolean;
}

const CLS: readonly TaskType[] = ['binary', 'multiclass'];
const REG: readonly TaskType[] = ['regression'];

export const METRICS: Readonly<Record<MetricName, MetricDef>> = {
  accuracy: { name: 'accuracy', description: 'share of correct labels', tasks: CLS, direction: 'higher', needsProba: false },
  balanced_accuracy: {
    name: 'balanced_accuracy',
    description: 'mean recall over classes (robust to imbalance)',
    tasks: CLS,
    direction: 'higher',
    needsProba: false,
  },
  macro_f1: { name: 'macro_f1', description: 'unweighted mean of per-class F1', tasks: CLS, direction: 'higher', needsProba: false },
  roc_auc: {
    name: 'roc_auc',
    description: 'area under the ROC curve (multiclass: macro one-vs-rest)',
    tasks: CLS,
    direction: 'higher',
    needsProba: true,
  },
  log_loss: { name: 'log_loss', description: 'cross-entropy of predicted probabilities', tasks: CLS, direction: 'lower', needsProba: true },
  rmse: { name: 'rmse', description: 'root mean squared error', tasks: REG, direction: 'lower', needsProba: false },
  mae: { name: 'mae', description: 'mean absolute error', tasks: REG, direction: 'lower', needsProba: false },
  r2: { name: 'r2', description: 'coefficient of determination', tasks: REG, direction: 'higher', needsProba: false },
  mape: { name: 'mape', description: 'mean absolute percentage error (fraction)', tasks: REG, direction: 'lower', needsProba: false },
};

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** Metric names valid for a task. */
export function metricsFor(task: TaskType): MetricName[] {
  return METRIC_NAMES.filter((m) => METRICS[m].tasks.includes(task));
}

/** The metric used when the user names none (as the planner: macro-F1 for multiclass). */
export function defaultMetric(task: TaskType): MetricName {
  if (task === 'regression') return 'rmse';
  return task === 'multiclass' ? 'macro_f1' : 'accuracy';
}

/** Validate a metric name for a task; throws BAD_METRIC listing the valid names. */
export function checkMetric(name: string, task: TaskType): MetricDef {
  const valid = metricsFor(task);
  const key = name.toLowerCase().replace(/[- ]/g, '_');
  const def = (METRICS as Record<string, MetricDef | undefined>)[key];
  if (!def) {
    throw new AskmlError('BAD_METRIC', `Metric '${name}' is unknown.`, { choices: valid, value: name });
  }
  if (!def.tasks.includes(task)) {
    // A regression metric on a class target: the target may be numbers read as classes (few integer values).
    const hint = task !== 'regression' && def.tasks.includes('regression')
      ? "If the target is a number (an integer with few values is read as classes), ask for regression (askml search --task regression; search_model task 'regression')."
      : undefined;
    throw new AskmlError('BAD_METRIC', `Metric '${name}' does not fit a ${task} task.`, { choices: valid, value: name, ...(hint ? { hint } : {}) });
  }
  return def;
}

/**
 * A metric that cannot be computed on these target values: MAPE divides by |y|, so a target with
 * zeros makes it explode (scikit-learn floors |y| at 2.2e-16: one zero row scores ~1e15).
 */
export function checkMetricForTarget(name: MetricName, y: ArrayLike<number>, column: string): string[] {
  if (name !== 'mape') return [];
  let zeros = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 0) zeros++;
  if (zeros > 0) {
    throw new AskmlError('BAD_METRIC', `Metric 'mape' divides by the target, and '${column}' is 0 in ${zeros} of ${y.length} rows, where the percentage error is undefined.`, {
      choices: metricsFor('regression').filter((m) => m !== 'mape'),
      hint: 'Use mae or rmse (or r2), or drop the rows whose target is 0.',
      value: name,
    });
  }
  // Targets near 0 (a hundredth of the median size or less) dominate the mean percentage error.
  const sizes = Array.from(y, (v) => Math.abs(v)).sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const near = sizes.filter((v) => v <= 0.01 * median).length;
  return near > 0
    ? [`Metric mape: ${near} of ${y.length} targets of '${column}' are near 0 (at most 1% of the median size, ${Number(median.toPrecision(3))}); their percentage errors dominate the score that picks the model. mae or rmse may suit this target better.`]
    : [];
}

/**
 * The score of a model that ignores the features: the class shares as probabilities (and the most
 * frequent class as the label), or the mean (median for mae / mape) of a regression target.
 * A final model no better than this learned nothing usable.
 */
export function constantBaseline(name: MetricName, y: ArrayLike<number>, nClasses: number): { score: number; what: string } {
  const n = y.length;
  if (nClasses <= 1) {
    const ys = Float64Array.from(y);
    const median = name === 'mae' || name === 'mape';
    let c = 0;
    if (median) {
      ys.sort();
      c = n % 2 ? ys[(n - 1) / 2] : (ys[n / 2 - 1] + ys[n / 2]) / 2;
    } else c = ys.reduce((a, b) => a + b, 0) / Math.max(1, n);
    return { score: scoreMetric(name, y, new Float64Array(n).fill(c), null, 1), what: `always predicting the ${median ? 'median' : 'mean'}` };
  }
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) counts[y[i]]++;
  let top = 0;
  for (let c = 1; c < nClasses; c++) if (counts[c] > counts[top]) top = c;
  const proba = new Float64Array(n * nClasses);
  for (let i = 0; i < n; i++) for (let c = 0; c < nClasses; c++) proba[i * nClasses + c] = counts[c] / Math.max(1, n);
  return { score: scoreMetric(name, y, new Float64Array(n).fill(top), proba, nClasses), what: 'always predicting the most frequent class' };
}

/** Score to minimise: the score itself for lower-is-better metrics, its negation otherwise. */
export function metricLoss(name: MetricName, score: number): number {
  return METRICS[name].direction === 'lower' ? score : -score;
}

/** Is score `a` better than score `b` under this metric? */
export function isBetter(name: MetricName, a: number, b: number): boolean {
  return metricLoss(name, a) < metricLoss(name, b);
}

/**
 * Score predictions. `pred` are class indices / values; `proba` (rows x nClasses) is required for
 * metrics with needsProba. For classification pass nClasses >= 2.
 */
export function scoreMetric(
  name: MetricName | string,
  yTrue: ArrayLike<number>,
  pred: ArrayLike<number> | null,
  proba: ArrayLike<number> | null,
  nClasses: number,
): number {
  const task: TaskType = nClasses <= 1 ? 'regression' : nClasses === 2 ? 'binary' : 'multiclass';
  const def = checkMetric(name, task);
  if (def.needsProba && !proba) {
    throw new AskmlError('BAD_METRIC', `Metric '${def.name}' needs predicted probabilities; this model gives none.`, {
      choices: metricsFor(task).filter((m) => !METRICS[m].needsProba),
    });
  }
  if (!def.needsProba && !pred) {
    if (!proba) throw new AskmlError('INTERNAL', 'scoreMetric needs predictions or probabilities');
    pred = argmaxRows(proba, nClasses);
  }
  switch (def.name) {
    case 'accuracy':
      return accuracy(yTrue, pred!);
    case 'balanced_accuracy':
      return balancedAccuracy(yTrue, pred!, nClasses);
    case 'macro_f1':
      return macroF1(yTrue, pred!, nClasses);
    case 'roc_auc':
      return rocAuc(yTrue, proba!, nClasses);
    case 'log_loss':
      return logLoss(yTrue, proba!, nClasses);
    case 'rmse':
      return rmse(yTrue, pred!);
    case 'mae':
      return mae(yTrue, pred!);
    case 'r2':
      return r2(yTrue, pred!);
    case 'mape':
      return mape(yTrue, pred!);
  }
}

export function argmaxRows(proba: ArrayLike<number>, k: number): Float64Array {
  const n = Math.floor(proba.length / k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c] > proba[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === p[i]) ok++;
  return y.length ? ok / y.length : 0;
}

/** Row = true class, column = predicted class; counts. */
export function confusionMatrix(y: ArrayLike<number>, p: ArrayLike<number>, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < y.length; i++) {
    const t = y[i];
    const q = p[i];
    if (t >= 0 && t < k && q >= 0 && q < k) m[t][q]++;
  }
  return m;
}

export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** Predicted count (for deciding whether the class appears at all). */
  predicted: number;
}

/** Per-class precision/recall/F1 (zero_division = 0, as scikit-learn's default warning case). */
export function perClass(y: ArrayLike<number>, p: ArrayLike<number>, k: number): ClassReport[] {
  const tp = new Float64Array(k);
  const sup = new Float64Array(k);
  const prd = new Float64Array(k);
  for (let i = 0; i < y.length; i++) {
    sup[y[i]]++;
    prd[p[i]]++;
    if (y[i] === p[i]) tp[y[i]]++;
  }
  const out: ClassReport[] = [];
  for (let c = 0; c < k; c++) {
    const precision = prd[c] > 0 ? tp[c] / prd[c] : 0;
    const recall = sup[c] > 0 ? tp[c] / sup[c] : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    out.push({ precision, recall, f1, support: sup[c], predicted: prd[c] });
  }
  return out;
}

/** Macro F1 over the labels present in y or p (scikit-learn's default label set). */
export function macroF1(y: ArrayLike<number>, p: ArrayLike<number>, k: number): number {
  const rep = perClass(y, p, k);
  let s = 0;
  let n = 0;
  for (const r of rep) {
    if (r.support === 0 && r.predicted === 0) continue;
    s += r.f1;
    n++;
  }
  return n ? s / n : 0;
}

/** Mean recall over classes present in y. */
export function balancedAccuracy(y: ArrayLike<number>, p: ArrayLike<number>, k: number): number {
  const rep = perClass(y, p, k);
  let s = 0;
  let n = 0;
  for (const r of rep) {
    if (r.support === 0) continue;
    s += r.recall;
    n++;
  }
  return n ? s / n : 0;
}

/** AUC of scores for a binary 0/1 truth, with ties counted half (Mann-Whitney U). */
export function binaryAuc(truth: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = truth.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (truth[i] === 1) nPos++;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && score[idx[j + 1]] === score[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (truth[idx[t]] === 1) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Binary: AUC of P(class 1). Multiclass: macro one-vs-rest over classes present in y. */
export function rocAuc(y: ArrayLike<number>, proba: ArrayLike<number>, k: number): number {
  const n = y.length;
  if (k === 2) {
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = proba[i * 2 + 1];
    return binaryAuc(y, s);
  }
  let sum = 0;
  let cnt = 0;
  const t = new Float64Array(n);
  const s = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    let pos = 0;
    for (let i = 0; i < n; i++) {
      t[i] = y[i] === c ? 1 : 0;
      pos += t[i];
      s[i] = proba[i * k + c];
    }
    if (pos === 0 || pos === n) continue;
    sum += binaryAuc(t, s);
    cnt++;
  }
  return cnt ? sum / cnt : NaN;
}

/**
 * Mean negative log-likelihood; rows are clipped to [eps, 1 - eps] and renormalised, with eps the
 * float64 machine epsilon, as scikit-learn >= 1.2 (eps='auto'): a true class given probability 0
 * costs -log(2.2e-16) = 36.0, not -log(1e-15) = 34.5.
 */
export function logLoss(y: ArrayLike<number>, proba: ArrayLike<number>, k: number): number {
  const eps = Number.EPSILON;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    let z = 0;
    for (let c = 0; c < k; c++) z += Math.min(1 - eps, Math.max(eps, proba[i * k + c]));
    const p = Math.min(1 - eps, Math.max(eps, proba[i * k + y[i]])) / z;
    s -= Math.log(p);
  }
  return y.length ? s / y.length : 0;
}

export function rmse(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - p[i]) ** 2;
  return Math.sqrt(s / Math.max(1, y.length));
}

export function mae(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - p[i]);
  return s / Math.max(1, y.length);
}

export function r2(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= Math.max(1, y.length);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += (y[i] - p[i]) ** 2;
    ssTot += (y[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** Fraction, as scikit-learn's mean_absolute_percentage_error (|y| floored at float eps). */
export function mape(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - p[i]) / Math.max(Math.abs(y[i]), Number.EPSILON);
  return s / Math.max(1, y.length);
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The metric a mistyped or abbreviated name most likely means. */
export function suggestMetric(raw: string): MetricName | undefined {
  const lower = raw.trim().toLowerCase();
  const s = squash(raw);
  if (!s) return undefined;
  return METRIC_NAMES.find((m) => squash(m) === s) // logloss, rocauc
    ?? METRIC_NAMES.find((m) => m.split('_').includes(lower)) // f1, auc
    ?? (s.length >= 3 ? METRIC_NAMES.find((m) => squash(m).startsWith(s)) : undefined) // acc, bal
    ?? (closest(lower, METRIC_NAMES) as MetricName | undefined);
}
