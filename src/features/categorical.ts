/**
 * Categorical encoders, one input column each. Category keys are the cell strings (numbers in a
 * forced-categorical numeric column print as '3', '2.5').
 *
 * one_hot   kept categories (count >= minFrequency, at most maxCategories by frequency) get a 0/1
 *           column each, plus one '__other__' column that is 1 for rare and unseen values.
 *           Missing -> all zeros.
 * ordinal   code = rank of the category by training frequency (0 = most frequent), or its place
 *           in a given order (the tree view's effect order, category-order.ts). Rare and
 *           unseen values -> the reserved code categories.length (the 'other' code);
 *           missing -> NaN (trees route it down their learned missing branch).
 * frequency share of training rows holding the value; unseen -> 0; missing -> NaN.
 */
import type { Column, Frame } from '../data/frame.js';
import { countKeys, denseBlock, indexRows, requireColumn } from './columns.js';
import type { FeatureBlock, FittedTransformer, SavedTransformer, Transformer } from './types.js';

export const OTHER = '__other__';

export interface CategoryOptions {
  column: string;
  /** Categories seen in fewer training rows go to the other bucket. Default 1. */
  minFrequency?: number;
  /** Keep at most this many categories (most frequent first). Default 50 (one_hot), 255 (ordinal). */
  maxCategories?: number;
  reason?: string;
  /**
   * ordinal only: category keys in code order (the tree view's effect order, category-order.ts).
   * Kept categories not listed follow by frequency. Absent: codes by frequency.
   */
  order?: string[];
}

/** Categories by descending count (ties by key), filtered and capped. */
export function rankCategories(col: Column, nRows: number, minFrequency: number, max: number): { keys: string[]; counts: number[] } {
  const entries = [...countKeys(col, nRows)].filter(([, c]) => c >= minFrequency);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = entries.slice(0, max);
  return { keys: kept.map((e) => e[0]), counts: kept.map((e) => e[1]) };
}

function tableOf(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((k, i) => [k, i]));
}

abstract class FittedCategory implements FittedTransformer {
  abstract readonly kind: string;
  abstract readonly outputs: readonly string[];
  readonly inputs: string[];
  protected readonly table: Map<string, number>;
  constructor(readonly column: string, readonly categories: string[], readonly reason: string) {
    this.inputs = [column];
    this.table = tableOf(categories);
  }
  protected rows(frame: Frame): Int32Array {
    return indexRows(requireColumn(frame, this.column, this.inputs), frame.nRows, this.table);
  }
  abstract transform(frame: Frame): FeatureBlock;
  abstract toJSON(): SavedTransformer;
}

export class OneHotEncoder implements Transformer {
  readonly kind = 'one_hot';
  constructor(readonly options: CategoryOptions) {}
  fit(frame: Frame): FittedOneHot {
    const o = this.options;
    const col = requireColumn(frame, o.column, [o.column]);
    const { keys } = rankCategories(col, frame.nRows, o.minFrequency ?? 1, o.maxCategories ?? 50);
    return new FittedOneHot(o.column, keys, o.reason ?? `${o.column}: one-hot (${keys.length} categories + ${OTHER})`);
  }
}

export class FittedOneHot extends FittedCategory {
  readonly kind = 'one_hot';
  readonly outputs: string[];
  constructor(column: string, categories: string[], reason: string) {
    super(column, categories, reason);
    this.outputs = [...categories.map((c) => `${column}=${c}`), `${column}=${OTHER}`];
  }
  transform(frame: Frame): FeatureBlock {
    const idx = this.rows(frame);
    const n = frame.nRows;
    const k = this.outputs.length;
    const data = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const c = idx[i];
      if (c >= 0) data[i * k + c] = 1;
      else if (c === -2) data[i * k + k - 1] = 1;
    }
    return { names: [...this.outputs], matrix: denseBlock(n, k, data) };
  }
  toJSON(): SavedTransformer {
    return { kind: 'one_hot', version: 1, inputs: this.inputs, categories: this.categories, other: true, reason: this.reason };
  }
}

export class OrdinalEncoder implements Transformer {
  readonly kind = 'ordinal';
  constructor(readonly options: CategoryOptions) {}
  fit(frame: Frame): FittedOrdinal {
    const o = this.options;
    const col = requireColumn(frame, o.column, [o.column]);
    const ranked = rankCategories(col, frame.nRows, o.minFrequency ?? 1, o.maxCategories ?? 255).keys;
    let keys = ranked;
    if (o.order) {
      const kept = new Set(ranked);
      const listed = o.order.filter((k) => kept.has(k));
      const inOrder = new Set(listed);
      keys = [...listed, ...ranked.filter((k) => !inOrder.has(k))];
    }
    return new FittedOrdinal(o.column, keys, o.reason ?? `${o.column}: ordinal codes ${o.order ? 'in the given order' : 'by frequency'} (${keys.length} categories)`);
  }
}

export class FittedOrdinal extends FittedCategory {
  readonly kind = 'ordinal';
  readonly outputs: string[];
  constructor(column: string, categories: string[], reason: string) {
    super(column, categories, reason);
    this.outputs = [column];
  }
  /** The code given to rare and unseen values. */
  get otherCode(): number {
    return this.categories.length;
  }
  transform(frame: Frame): FeatureBlock {
    const idx = this.rows(frame);
    const n = frame.nRows;
    const data = new Float64Array(n);
    const other = this.otherCode;
    for (let i = 0; i < n; i++) data[i] = idx[i] >= 0 ? idx[i] : idx[i] === -1 ? NaN : other;
    return { names: [...this.outputs], matrix: denseBlock(n, 1, data) };
  }
  toJSON(): SavedTransformer {
    return {
      kind: 'ordinal', version: 1, inputs: this.inputs, categories: this.categories,
      unknownCode: this.otherCode, missing: 'nan', reason: this.reason,
    };
  }
}

export class FrequencyEncoder implements Transformer {
  readonly kind = 'frequency';
  constructor(readonly options: CategoryOptions) {}
  fit(frame: Frame): FittedFrequency {
    const o = this.options;
    const col = requireColumn(frame, o.column, [o.column]);
    const { keys, counts } = rankCategories(col, frame.nRows, 1, Number.MAX_SAFE_INTEGER);
    const n = Math.max(1, frame.nRows);
    return new FittedFrequency(o.column, keys, counts.map((c) => c / n), o.reason ?? `${o.column}: frequency encoding`);
  }
}

export class FittedFrequency extends FittedCategory {
  readonly kind = 'frequency';
  readonly outputs: string[];
  constructor(column: string, categories: string[], readonly shares: number[], reason: string) {
    super(column, categories, reason);
    this.outputs = [`${column}__freq`];
  }
  transform(frame: Frame): FeatureBlock {
    const idx = this.rows(frame);
    const n = frame.nRows;
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = idx[i] >= 0 ? this.shares[idx[i]] : idx[i] === -1 ? NaN : 0;
    return { names: [...this.outputs], matrix: denseBlock(n, 1, data) };
  }
  toJSON(): SavedTransformer {
    return { kind: 'frequency', version: 1, inputs: this.inputs, categories: this.categories, values: this.shares, unknown: 0, missing: 'nan', reason: this.reason };
  }
}

export function loadOneHot(s: SavedTransformer): FittedOneHot {
  return new FittedOneHot((s.inputs as string[])[0], s.categories as string[], s.reason as string);
}
export function loadOrdinal(s: SavedTransformer): FittedOrdinal {
  return new FittedOrdinal((s.inputs as string[])[0], s.categories as string[], s.reason as string);
}
export function loadFrequency(s: SavedTransformer): FittedFrequency {
  return new FittedFrequency((s.inputs as string[])[0], s.categories as string[], s.values as number[], s.reason as string);
}
