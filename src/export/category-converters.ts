/**
 * Categorical feature steps -> ONNX: one_hot, ordinal, frequency, target_encoder. All are a
 * lookup from a category key to one or more numbers, with a value for missing and one for
 * unseen keys:
 *   string inputs  ai.onnx.ml LabelEncoder v4 (string -> double), one per output; '' is missing
 *   double inputs  (a numeric column used as categories) Equal against the numeric keys, MatMul
 *                  with the values, IsNaN for missing
 */
import { AskmlError } from '../errors.js';
import type { SavedTransformer } from '../features/types.js';
import { attr, type GraphBuilder } from './graph.js';

export const DOUBLE = 11;
export const FLOAT = 1;

export interface ColumnValue {
  value: string;
  type: 'double' | 'string';
}

interface Lookup {
  keys: readonly string[];
  /** Row-major [keys.length, nOut]. */
  values: ArrayLike<number>;
  nOut: number;
  missing: ArrayLike<number>;
  unseen: ArrayLike<number>;
}

/** The lookup as a double [N, nOut] tensor. */
export function addLookup(g: GraphBuilder, col: ColumnValue, t: Lookup, hint: string): string {
  return col.type === 'string' ? stringLookup(g, col.value, t, hint) : numberLookup(g, col.value, t);
}

function stringLookup(g: GraphBuilder, x: string, t: Lookup, hint: string): string {
  const hasEmpty = t.keys.includes('');
  const keys = hasEmpty ? [...t.keys] : [...t.keys, ''];
  const outs: string[] = [];
  for (let o = 0; o < t.nOut; o++) {
    const vals = t.keys.map((_, i) => t.values[i * t.nOut + o]);
    if (!hasEmpty) vals.push(t.missing[o]);
    outs.push(
      g.node('LabelEncoder', [x], {
        keys_strings: attr.strings(keys),
        values_tensor: attr.tensor({ type: 'double', dims: [vals.length], data: vals }),
        default_tensor: attr.tensor({ type: 'double', dims: [1], data: [t.unseen[o]] }),
      }, { domain: 'ai.onnx.ml', name: hint })[0],
    );
  }
  return outs.length === 1 ? outs[0] : g.op('Concat', outs, { axis: attr.int(1) });
}

function numberLookup(g: GraphBuilder, x: string, t: Lookup): string {
  const keyNums: number[] = [];
  const rows: number[] = [];
  t.keys.forEach((k, i) => {
    const v = k.trim() === '' ? NaN : Number(k);
    if (!Number.isNaN(v) && !keyNums.includes(v)) {
      keyNums.push(v);
      rows.push(i);
    }
  });
  const dbl = (hint: string, data: ArrayLike<number>, dims: number[]) => g.constant(hint, { type: 'double', dims, data });
  const missing = dbl('missing', t.missing, [t.nOut]);
  const unseen = dbl('unseen', t.unseen, [t.nOut]);
  let found: string;
  if (keyNums.length === 0) {
    found = g.op('Add', [g.op('Mul', [g.op('Where', [g.op('IsNaN', [x]), dbl('zero', [0], [1]), x]), dbl('zero', [0], [1])]), unseen]);
  } else {
    const eq = g.op('Cast', [g.op('Equal', [x, dbl('keys', keyNums, [1, keyNums.length])])], { to: attr.int(DOUBLE) });
    const W = new Float64Array(keyNums.length * t.nOut);
    rows.forEach((i, r) => { for (let o = 0; o < t.nOut; o++) W[r * t.nOut + o] = t.values[i * t.nOut + o]; });
    const hit = g.op('MatMul', [eq, dbl('values', W, [keyNums.length, t.nOut])]);
    const axes = g.int64s('axes', [1]);
    const matched = g.op('ReduceSum', [eq, axes], { keepdims: attr.int(1) });
    const none = g.op('Sub', [dbl('one', [1], [1]), matched]);
    found = g.op('Add', [hit, g.op('Mul', [none, unseen])]);
  }
  return g.op('Where', [g.op('IsNaN', [x]), missing, found]);
}

function keysOf(s: SavedTransformer): string[] {
  const k = s.categories;
  if (!Array.isArray(k)) throw new AskmlError('EXPORT_UNSUPPORTED', `Feature step '${s.kind}' has no categories list.`);
  return k as string[];
}

/** one_hot: K category columns + '__other__' (rare and unseen); missing -> all zeros. */
export function convertOneHot(g: GraphBuilder, s: SavedTransformer, col: ColumnValue): string {
  const keys = keysOf(s);
  const K = keys.length;
  const idx = addLookup(g, col, {
    keys, values: keys.map((_, i) => i), nOut: 1, missing: [-1], unseen: [K],
  }, 'one_hot');
  const positions = g.constant('positions', { type: 'double', dims: [1, K + 1], data: Array.from({ length: K + 1 }, (_, i) => i) });
  return g.op('Cast', [g.op('Equal', [idx, positions])], { to: attr.int(DOUBLE) });
}

/** ordinal: code = index in the fitted category list (frequency or effect order); rare/unseen -> unknownCode; missing -> NaN. */
export function convertOrdinal(g: GraphBuilder, s: SavedTransformer, col: ColumnValue): string {
  const keys = keysOf(s);
  const unknown = typeof s.unknownCode === 'number' ? s.unknownCode : keys.length;
  return addLookup(g, col, { keys, values: keys.map((_, i) => i), nOut: 1, missing: [NaN], unseen: [unknown] }, 'ordinal');
}

/** frequency: training share; unseen -> 0; missing -> NaN. */
export function convertFrequency(g: GraphBuilder, s: SavedTransformer, col: ColumnValue): string {
  const keys = keysOf(s);
  const values = s.values as number[];
  const unknown = typeof s.unknown === 'number' ? s.unknown : 0;
  return addLookup(g, col, { keys, values, nOut: 1, missing: [NaN], unseen: [unknown] }, 'frequency');
}

/** target_encoder: smoothed target statistics per key; missing -> the '__missing__' key; unseen -> prior. */
export function convertTargetEncoder(g: GraphBuilder, s: SavedTransformer, col: ColumnValue): string {
  const keys = keysOf(s);
  const prior = s.prior as number[];
  const nOut = prior.length;
  const values = s.values as number[];
  const missingKey = (s.missingKey as string | undefined) ?? '__missing__';
  const mi = keys.indexOf(missingKey);
  const missing = mi >= 0 ? values.slice(mi * nOut, mi * nOut + nOut) : prior;
  return addLookup(g, col, { keys, values, nOut, missing, unseen: prior }, 'target_encoder');
}
