/**
 * Out-of-fold target encoding with smoothing, for high-cardinality categoricals.
 *
 * Outputs: regression -> 1 column (smoothed mean of y); binary -> 1 column (P(y = 1));
 * multiclass -> one column per class (P(y = k)). Smoothed value for a category with n rows and
 * target sum s: (s + m * prior) / (n + m), m = `smoothing`.
 *
 * Fitting (fitTransform) splits the training rows into K seeded folds and encodes each fold's
 * rows with statistics from the other folds only, so no training row ever sees its own target.
 * transform() on any other data uses the full-training statistics. Missing values are their own
 * category ('__missing__'); unseen categories get the prior.
 */
import { AskmlError } from '../errors.js';
import type { Frame } from '../data/frame.js';
import { createRng, permutation } from '../util/random.js';
import { categoryKey, denseBlock, requireColumn } from './columns.js';
import type { FeatureBlock, FitContext, FittedTransformer, SavedTransformer, Transformer } from './types.js';

export const MISSING_KEY = '__missing__';

export interface TargetEncoderOptions {
  column: string;
  smoothing?: number;
  folds?: number;
  reason?: string;
}

interface Stats {
  keys: string[];
  /** Row-major nKeys x nOut encoded values. */
  values: Float64Array;
  prior: Float64Array;
}

function rowKeys(frame: Frame, column: string): (string | null)[] {
  const col = requireColumn(frame, column, [column]);
  const out = new Array<string | null>(frame.nRows);
  for (let i = 0; i < frame.nRows; i++) out[i] = categoryKey(col, i) ?? MISSING_KEY;
  return out;
}

/** Target as per-row output vectors: nOut = 1 (regression/binary) or nClasses. */
function outputsOf(y: Float64Array, task: string, nClasses: number): number {
  return task === 'multiclass' ? nClasses : 1;
}

function computeStats(keys: (string | null)[], y: Float64Array, rows: ArrayLike<number>, nOut: number, multi: boolean, m: number): Stats {
  const index = new Map<string, number>();
  const sums: number[] = [];
  const counts: number[] = [];
  const prior = new Float64Array(nOut);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const k = keys[i] as string;
    let id = index.get(k);
    if (id === undefined) {
      id = index.size;
      index.set(k, id);
      counts.push(0);
      for (let o = 0; o < nOut; o++) sums.push(0);
    }
    counts[id]++;
    if (multi) { sums[id * nOut + y[i]]++; prior[y[i]]++; } else { sums[id] += y[i]; prior[0] += y[i]; }
  }
  const n = Math.max(1, rows.length);
  for (let o = 0; o < nOut; o++) prior[o] /= n;
  const values = new Float64Array(index.size * nOut);
  for (let id = 0; id < index.size; id++) {
    for (let o = 0; o < nOut; o++) values[id * nOut + o] = (sums[id * nOut + o] + m * prior[o]) / (counts[id] + m);
  }
  return { keys: [...index.keys()], values, prior };
}

function encode(keys: (string | null)[], rows: ArrayLike<number>, st: Stats, nOut: number, out: Float64Array): void {
  const table = new Map(st.keys.map((k, i) => [k, i]));
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const id = table.get(keys[i] as string);
    for (let o = 0; o < nOut; o++) out[i * nOut + o] = id === undefined ? st.prior[o] : st.values[id * nOut + o];
  }
}

export class TargetEncoder implements Transformer {
  readonly kind = 'target_encoder';
  constructor(readonly options: TargetEncoderOptions) {}

  private prepare(frame: Frame, ctx: FitContext) {
    if (!ctx.target) {
      throw new AskmlError('BAD_TARGET', `Target encoding of '${this.options.column}' needs the training target.`, {
        hint: 'Pass ctx.target to fit, or use frequency encoding.',
      });
    }
    const { y, task, nClasses } = ctx.target;
    if (y.length !== frame.nRows) throw new AskmlError('BAD_TARGET', `Target has ${y.length} rows, frame has ${frame.nRows}.`);
    const nOut = outputsOf(y, task, nClasses);
    return { y, task, nClasses, nOut, multi: task === 'multiclass', keys: rowKeys(frame, this.options.column), m: this.options.smoothing ?? 10 };
  }

  fit(frame: Frame, ctx: FitContext): FittedTargetEncoder {
    const p = this.prepare(frame, ctx);
    const all = Int32Array.from({ length: frame.nRows }, (_, i) => i);
    const st = computeStats(p.keys, p.y, all, p.nOut, p.multi, p.m);
    return this.fitted(st, p.task, p.nClasses);
  }

  fitTransform(frame: Frame, ctx: FitContext): { fitted: FittedTargetEncoder; block: FeatureBlock } {
    const p = this.prepare(frame, ctx);
    const n = frame.nRows;
    const k = Math.max(2, Math.min(this.options.folds ?? 5, n));
    const perm = permutation(n, createRng(ctx.seed ^ 0x7e));
    const out = new Float64Array(n * p.nOut);
    for (let f = 0; f < k; f++) {
      const hold: number[] = [];
      const rest: number[] = [];
      for (let r = 0; r < n; r++) (r % k === f ? hold : rest).push(perm[r]);
      encode(p.keys, hold, computeStats(p.keys, p.y, rest, p.nOut, p.multi, p.m), p.nOut, out);
    }
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const fitted = this.fitted(computeStats(p.keys, p.y, all, p.nOut, p.multi, p.m), p.task, p.nClasses);
    return { fitted, block: { names: [...fitted.outputs], matrix: denseBlock(n, p.nOut, out) } };
  }

  private fitted(st: Stats, task: string, nClasses: number): FittedTargetEncoder {
    const c = this.options.column;
    const names = task === 'multiclass' ? Array.from({ length: nClasses }, (_, k) => `${c}__te${k}`) : [`${c}__te`];
    const m = this.options.smoothing ?? 10;
    return new FittedTargetEncoder(c, st, names, this.options.reason ?? `${c}: out-of-fold target encoding (smoothing ${m})`);
  }
}

export class FittedTargetEncoder implements FittedTransformer {
  readonly kind = 'target_encoder';
  readonly inputs: string[];
  constructor(readonly column: string, readonly stats: Stats, readonly outputs: string[], readonly reason: string) {
    this.inputs = [column];
  }
  transform(frame: Frame): FeatureBlock {
    const keys = rowKeys(frame, this.column);
    const nOut = this.outputs.length;
    const out = new Float64Array(frame.nRows * nOut);
    encode(keys, Int32Array.from({ length: frame.nRows }, (_, i) => i), this.stats, nOut, out);
    return { names: [...this.outputs], matrix: denseBlock(frame.nRows, nOut, out) };
  }
  toJSON(): SavedTransformer {
    return {
      kind: 'target_encoder', version: 1, inputs: this.inputs, outputs: this.outputs,
      categories: this.stats.keys, values: Array.from(this.stats.values), prior: Array.from(this.stats.prior),
      missingKey: MISSING_KEY, reason: this.reason,
    };
  }
}

export function loadTargetEncoder(s: SavedTransformer): FittedTargetEncoder {
  const st: Stats = { keys: s.categories as string[], values: Float64Array.from(s.values as number[]), prior: Float64Array.from(s.prior as number[]) };
  return new FittedTargetEncoder((s.inputs as string[])[0], st, s.outputs as string[], s.reason as string);
}
