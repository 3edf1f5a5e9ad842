/**
 * Reading Frame columns the way feature steps need them, whatever the storage type: numbers,
 * category keys or strings. Also the one place that raises the "column missing" error.
 */
import { AskmlError } from '../errors.js';
import { cellString, findColumn, type Column, type Frame } from '../data/frame.js';
import type { DenseMatrix } from '../learners/types.js';

/** The column `name`, or COLUMN_NOT_FOUND naming it and listing the columns the step expects. */
export function requireColumn(frame: Frame, name: string, expected: readonly string[]): Column {
  const col = findColumn(frame, name);
  if (!col) {
    throw new AskmlError(
      'COLUMN_NOT_FOUND',
      `Input column '${name}' is missing; the fitted feature pipeline expects: ${expected.join(', ')}.`,
      { choices: expected, value: name, hint: 'Pass data with the same columns the model was trained on.' },
    );
  }
  return col;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITE = /^([+-]?)inf(inity)?$/i;

/**
 * A decimal number as text, as pandas reads it ('1.5', '-2e3', 'inf'); NaN for anything else.
 * Not Number(): it reads '0x10' as 16 and '0b11' as 3, which no CSV reader does.
 */
export function parseDecimal(text: string): number {
  const s = text.trim();
  if (DECIMAL.test(s)) return Number(s);
  const inf = INFINITE.exec(s);
  return inf ? (inf[1] === '-' ? -Infinity : Infinity) : NaN;
}

/** Numeric view of a column (NaN for missing). Strings are parsed as decimals (parseDecimal); categories too. */
export function numericValues(col: Column, nRows: number): Float64Array {
  if (col.type === 'numeric' || col.type === 'boolean' || col.type === 'datetime') return col.values;
  const out = new Float64Array(nRows);
  if (col.type === 'categorical') {
    // Each level parsed once, not each row.
    const byLevel = col.levels.map(parseDecimal);
    for (let i = 0; i < nRows; i++) out[i] = col.codes[i] < 0 ? NaN : byLevel[col.codes[i]];
    return out;
  }
  for (let i = 0; i < nRows; i++) out[i] = parseDecimal(cellString(col, i));
  return out;
}

/** The cell as a category key (null when missing). Numbers print as in JSON ('3', '2.5'). */
export function categoryKey(col: Column, i: number): string | null {
  switch (col.type) {
    case 'categorical':
      return col.codes[i] < 0 ? null : col.levels[col.codes[i]];
    case 'text': {
      const v = col.values[i] as unknown;
      if (v === null || v === undefined) return null;
      return typeof v === 'string' ? v : String(v);
    }
    default:
      return Number.isNaN(col.values[i]) ? null : String(col.values[i]);
  }
}

/**
 * Map each row to an index in `table` (-1 missing, -2 not in table). For categorical columns the
 * level dictionary is looked up once, not per row.
 */
export function indexRows(col: Column, nRows: number, table: ReadonlyMap<string, number>): Int32Array {
  const out = new Int32Array(nRows);
  if (col.type === 'categorical') {
    const levelIdx = new Int32Array(col.levels.length);
    for (let l = 0; l < col.levels.length; l++) levelIdx[l] = table.get(col.levels[l]) ?? -2;
    for (let i = 0; i < nRows; i++) {
      const c = col.codes[i];
      out[i] = c < 0 ? -1 : levelIdx[c];
    }
    return out;
  }
  for (let i = 0; i < nRows; i++) {
    const k = categoryKey(col, i);
    out[i] = k === null ? -1 : table.get(k) ?? -2;
  }
  return out;
}

/** Counts of each category key over the rows (missing not counted), in first-seen order. */
export function countKeys(col: Column, nRows: number): Map<string, number> {
  const counts = new Map<string, number>();
  if (col.type === 'categorical') {
    const c = new Float64Array(col.levels.length);
    for (let i = 0; i < nRows; i++) if (col.codes[i] >= 0) c[col.codes[i]]++;
    for (let l = 0; l < col.levels.length; l++) if (c[l] > 0) counts.set(col.levels[l], (counts.get(col.levels[l]) ?? 0) + c[l]);
    return counts;
  }
  for (let i = 0; i < nRows; i++) {
    const k = categoryKey(col, i);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Text cell as a string: non-strings coerced, missing -> ''. */
export function textCell(col: Column, i: number): string {
  if (col.type === 'text') {
    const v = col.values[i] as unknown;
    if (v === null || v === undefined) return '';
    return typeof v === 'string' ? v : String(v);
  }
  return cellString(col, i);
}

export function denseBlock(rows: number, cols: number, data: Float64Array): DenseMatrix {
  return { kind: 'dense', rows, cols, data };
}

/** JSON cannot hold NaN/Infinity: numbers that may be NaN are saved as null. */
export function numsToJSON(a: ArrayLike<number>): (number | null)[] {
  const out: (number | null)[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Number.isFinite(a[i]) ? a[i] : null;
  return out;
}

export function numsFromJSON(a: unknown): Float64Array {
  const arr = a as (number | null)[];
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) out[i] = arr[i] === null ? NaN : (arr[i] as number);
  return out;
}
