/**
 * Numeric columns: optional log1p for heavily skewed non-negative columns, imputation (median,
 * mean or a constant) with a missing-indicator column, and standard scaling. One saved kind,
 * 'numeric', applies per input column, in this order:
 *   t = log1p ? log1p(max(x, 0)) : x;   t = isNaN(x) ? fill : t;   y = (t - center) / scale
 *   indicator (when on) = isNaN(x) ? 1 : 0
 * The tree view uses it as a passthrough (fill NaN, center 0, scale 1, no indicator).
 */
import type { Frame } from '../data/frame.js';
import { denseBlock, numericValues, numsFromJSON, numsToJSON, requireColumn } from './columns.js';
import type { FeatureBlock, FitContext, FittedTransformer, SavedTransformer, Transformer } from './types.js';

export interface NumericOptions {
  columns: string[];
  /** 'none' keeps NaN (tree view). */
  impute?: 'median' | 'mean' | 'constant' | 'none';
  constant?: number;
  /** 'auto': add an indicator only for columns with at least `minMissing` missing values in training. */
  indicator?: boolean | 'auto';
  /**
   * 'auto' indicators need this many missing training values (default 1). An indicator that is 1 on
   * a single row only memorises that row: on penguins the one row with every measurement missing
   * (an Adelie) made a logistic regression call the test row of that shape Adelie with p 0.995.
   */
  minMissing?: number;
  scale?: boolean;
  /** 'auto': log1p when the column is non-negative and skewness > 2 (with > 10 distinct values). */
  log1p?: boolean | 'auto';
  reason?: string;
}

export interface NumericParams {
  inputs: string[];
  fill: Float64Array;
  indicator: boolean[];
  log1p: boolean[];
  center: Float64Array;
  scale: Float64Array;
  reason: string;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 ? sorted[(n - 1) >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Sample skewness of the finite values. */
export function skewness(v: Float64Array): number {
  let n = 0;
  let mean = 0;
  for (const x of v) if (Number.isFinite(x)) { n++; mean += x; }
  if (n < 3) return 0;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  for (const x of v) if (Number.isFinite(x)) { const d = x - mean; m2 += d * d; m3 += d * d * d; }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
}

function shouldLog(v: Float64Array): boolean {
  let min = Infinity;
  const seen = new Set<number>();
  for (const x of v) if (Number.isFinite(x)) { if (x < min) min = x; if (seen.size <= 10) seen.add(x); }
  return min >= 0 && seen.size > 10 && skewness(v) > 2;
}

export class NumericTransformer implements Transformer {
  readonly kind = 'numeric';
  constructor(readonly options: NumericOptions) {}

  fit(frame: Frame): FittedNumeric {
    const o = this.options;
    const k = o.columns.length;
    const p: NumericParams = {
      inputs: [...o.columns],
      fill: new Float64Array(k),
      indicator: [],
      log1p: [],
      center: new Float64Array(k),
      scale: new Float64Array(k).fill(1),
      reason: o.reason ?? `numeric: ${o.impute ?? 'median'} impute${o.scale === false ? '' : ', standard scale'}`,
    };
    o.columns.forEach((name, j) => {
      const raw = numericValues(requireColumn(frame, name, o.columns), frame.nRows);
      const doLog = o.log1p === 'auto' ? shouldLog(raw) : o.log1p === true;
      const t = new Float64Array(raw.length);
      let missing = 0;
      for (let i = 0; i < raw.length; i++) {
        const x = raw[i];
        if (!Number.isFinite(x)) { missing++; t[i] = NaN; } else t[i] = doLog ? Math.log1p(Math.max(x, 0)) : x;
      }
      const finite = t.filter((x) => !Number.isNaN(x));
      let fill = NaN;
      const mode = o.impute ?? 'median';
      if (mode === 'median') fill = median(finite.sort());
      else if (mode === 'mean') fill = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : 0;
      else if (mode === 'constant') fill = doLog ? Math.log1p(Math.max(o.constant ?? 0, 0)) : o.constant ?? 0;
      p.fill[j] = fill;
      p.log1p.push(doLog);
      p.indicator.push(o.indicator === 'auto' || o.indicator === undefined ? missing >= Math.max(1, o.minMissing ?? 1) && mode !== 'none' : o.indicator);
      if (o.scale ?? true) {
        let s = 0;
        let s2 = 0;
        for (const x of finite) s += x;
        const n = finite.length + (mode !== 'none' ? missing : 0);
        const mean = n ? (s + (mode !== 'none' ? missing * fill : 0)) / n : 0;
        for (const x of finite) s2 += (x - mean) * (x - mean);
        if (mode !== 'none') s2 += missing * (fill - mean) * (fill - mean);
        const sd = n ? Math.sqrt(s2 / n) : 0;
        p.center[j] = mean;
        p.scale[j] = sd > 1e-12 ? sd : 1;
      }
    });
    if (p.reason.includes(' + missing indicator') && !p.indicator.some(Boolean)) p.reason = p.reason.replace(' + missing indicator', '');
    if (o.log1p === 'auto') {
      // Say what was decided, not what might have been.
      const logged = o.columns.filter((_, j) => p.log1p[j]);
      p.reason = p.reason.includes(', log1p if skewed')
        ? p.reason.replace(', log1p if skewed', logged.length ? ', log1p (skewed)' : '')
        : p.reason + (logged.length ? ` (log1p: ${logged.join(', ')})` : '');
    }
    return new FittedNumeric(p);
  }
}

export class FittedNumeric implements FittedTransformer {
  readonly kind = 'numeric';
  readonly inputs: string[];
  readonly outputs: string[];
  readonly reason: string;
  constructor(readonly params: NumericParams) {
    this.inputs = params.inputs;
    this.reason = params.reason;
    this.outputs = [];
    params.inputs.forEach((c, j) => {
      this.outputs.push(params.log1p[j] ? `log1p(${c})` : c);
      if (params.indicator[j]) this.outputs.push(`${c}__missing`);
    });
  }

  transform(frame: Frame): FeatureBlock {
    const p = this.params;
    const n = frame.nRows;
    const cols = this.outputs.length;
    const data = new Float64Array(n * cols);
    let o = 0;
    p.inputs.forEach((name, j) => {
      const raw = numericValues(requireColumn(frame, name, p.inputs), n);
      const { fill, log } = { fill: p.fill[j], log: p.log1p[j] };
      const c = p.center[j];
      const s = p.scale[j];
      const ind = p.indicator[j];
      for (let i = 0; i < n; i++) {
        const x = raw[i];
        const miss = !Number.isFinite(x);
        const t = miss ? fill : log ? Math.log1p(Math.max(x, 0)) : x;
        data[i * cols + o] = (t - c) / s;
        if (ind) data[i * cols + o + 1] = miss ? 1 : 0;
      }
      o += ind ? 2 : 1;
    });
    return { names: [...this.outputs], matrix: denseBlock(n, cols, data) };
  }

  toJSON(): SavedTransformer {
    const p = this.params;
    return {
      kind: 'numeric',
      version: 1,
      inputs: p.inputs,
      fill: numsToJSON(p.fill),
      indicator: p.indicator,
      log1p: p.log1p,
      center: Array.from(p.center),
      scale: Array.from(p.scale),
      reason: p.reason,
    };
  }
}

export function loadNumeric(s: SavedTransformer): FittedNumeric {
  return new FittedNumeric({
    inputs: s.inputs as string[],
    fill: numsFromJSON(s.fill),
    indicator: s.indicator as boolean[],
    log1p: s.log1p as boolean[],
    center: Float64Array.from(s.center as number[]),
    scale: Float64Array.from(s.scale as number[]),
    reason: s.reason as string,
  });
}

export type { FitContext };
