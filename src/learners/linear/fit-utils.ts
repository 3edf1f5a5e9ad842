/**
 * Small helpers shared by the non-tree learners: cooperative yielding with abort checks,
 * sample/class weights, and target validation. `argmaxRows` also serves knn and the tree models.
 */
import { AskmlError, throwIfAborted } from '../../errors.js';
import type { Matrix, Target } from '../types.js';

/**
 * Returns `tick()`: call it in long loops. It checks the abort signal every call and yields to
 * the event loop (setImmediate) when `everyMs` have passed since the last yield, so timers and
 * abort signals are served promptly while fitting costs almost nothing extra.
 */
export function makeTicker(signal: AbortSignal | undefined, what = 'fit', everyMs = 25): () => Promise<void> {
  let last = Date.now();
  return async () => {
    throwIfAborted(signal, what);
    const now = Date.now();
    if (now - last >= everyMs) {
      await new Promise<void>((r) => setImmediate(r));
      last = Date.now();
      throwIfAborted(signal, what);
    }
  };
}

/** Checks y against X and the task; returns class indices as Int32Array for classification. */
export function checkTarget(X: Matrix, y: Target, who: string): Int32Array {
  if (y.y.length !== X.rows) {
    throw new AskmlError('BAD_ARGUMENT', `${who}: X has ${X.rows} rows but y has ${y.y.length}.`);
  }
  if (X.rows === 0) throw new AskmlError('NO_ROWS', `${who}: no training rows.`);
  const cls = new Int32Array(X.rows);
  if (y.task === 'regression') {
    for (let i = 0; i < X.rows; i++) {
      if (!Number.isFinite(y.y[i])) throw new AskmlError('BAD_TARGET', `${who}: target value ${y.y[i]} at row ${i} is not a finite number.`);
    }
    return cls;
  }
  for (let i = 0; i < X.rows; i++) {
    const c = y.y[i];
    if (!Number.isInteger(c) || c < 0 || c >= y.nClasses) {
      throw new AskmlError('BAD_TARGET', `${who}: class index ${c} at row ${i} is outside 0..${y.nClasses - 1}.`);
    }
    cls[i] = c;
  }
  return cls;
}

/**
 * Per-row weights: sampleWeight (default 1) times, when `balanced`, n / (nClasses * count_c)
 * computed with the sample weights (scikit-learn's class_weight='balanced').
 */
export function rowWeights(
  cls: Int32Array,
  nClasses: number,
  opts: { sampleWeight?: Float64Array; balanced?: boolean },
): Float64Array {
  const n = cls.length;
  checkSampleWeight(opts.sampleWeight, n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = opts.sampleWeight ? opts.sampleWeight[i] : 1;
  if (opts.balanced && nClasses > 1) {
    const count = new Float64Array(nClasses);
    let total = 0;
    for (let i = 0; i < n; i++) {
      count[cls[i]] += w[i];
      total += w[i];
    }
    let present = 0;
    for (let c = 0; c < nClasses; c++) if (count[c] > 0) present++;
    for (let i = 0; i < n; i++) w[i] *= total / (present * count[cls[i]]);
  }
  return w;
}

/** Throws BAD_ARGUMENT unless sampleWeight (when given) has one finite, non-negative value per row. */
export function checkSampleWeight(sw: Float64Array | undefined, rows: number): void {
  if (!sw) return;
  if (sw.length !== rows) throw new AskmlError('BAD_ARGUMENT', `sampleWeight has ${sw.length} values for ${rows} rows.`);
  for (let i = 0; i < rows; i++) {
    if (!(sw[i] >= 0) || !Number.isFinite(sw[i])) {
      throw new AskmlError('BAD_ARGUMENT', `sampleWeight[${i}] is ${sw[i]}; weights must be finite and non-negative.`);
    }
  }
}

/** Numeric parameter with a default and a range check. */
export function numParam(params: Record<string, unknown>, name: string, dflt: number, low = -Infinity, high = Infinity): number {
  const v = params[name] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < low || v > high) {
    throw new AskmlError('BAD_ARGUMENT', `Parameter '${name}' must be a number in [${low}, ${high}], got ${String(v)}.`);
  }
  return v;
}

/** String parameter that must be one of `choices`. */
export function choiceParam<T extends string>(params: Record<string, unknown>, name: string, choices: readonly T[], dflt: T): T {
  const v = params[name] ?? dflt;
  if (typeof v !== 'string' || !choices.includes(v as T)) {
    throw new AskmlError('BAD_ARGUMENT', `Parameter '${name}' must be one of ${choices.join(', ')}, got ${String(v)}.`, {
      choices,
    });
  }
  return v as T;
}

/** In-place softmax of each row of a rows x k matrix. */
export function softmaxRows(s: Float64Array, k: number): Float64Array {
  for (let o = 0; o < s.length; o += k) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (s[o + c] > m) m = s[o + c];
    let z = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(s[o + c] - m);
      s[o + c] = e;
      z += e;
    }
    for (let c = 0; c < k; c++) s[o + c] /= z;
  }
  return s;
}

/** Numerically safe logistic function. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Index of the largest value in each row of a rows x k matrix (first one on ties), as floats. */
export function argmaxRows(p: Float64Array, k: number): Float64Array {
  const n = p.length / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}
