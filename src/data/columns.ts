/**
 * Building Frame columns: strings become dictionary-coded categoricals or free text (decided by
 * roles.isFreeText), and in-memory sources (records, column arrays) are typed column by column.
 */
import type { Column, Frame } from './frame.js';
import { AskmlError } from '../errors.js';
import { isFreeText, sampleStrings, stringStats } from './roles.js';

/** A string column as categorical codes or as text, whichever its values look like. */
export function stringColumn(name: string, values: (string | null)[]): Column {
  const stats = stringStats(sampleStrings(values));
  if (isFreeText(stats)) return { name, type: 'text', values };
  return categorical(name, values);
}

/** Dictionary-encode strings; levels sorted by code point (as DuckDB's ORDER BY gives them). */
export function categorical(name: string, values: ArrayLike<string | null>): Column {
  const n = values.length;
  const codes = new Int32Array(n);
  const dict = new Map<string, number>();
  const levels: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let c = dict.get(v);
    if (c === undefined) {
      c = levels.length;
      dict.set(v, c);
      levels.push(v);
    }
    codes[i] = c;
  }
  const order = levels.map((_, k) => k).sort((a, b) => (levels[a] < levels[b] ? -1 : levels[a] > levels[b] ? 1 : 0));
  const remap = new Int32Array(levels.length);
  order.forEach((k, rank) => (remap[k] = rank));
  for (let i = 0; i < n; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
  return { name, type: 'categorical', codes, levels: order.map((k) => levels[k]) };
}

/** A column from arbitrary JS values: numbers, booleans, Dates, strings (mixed -> strings). */
export function columnFromValues(name: string, values: readonly unknown[]): Column {
  let nums = 0;
  let bools = 0;
  let dates = 0;
  let strs = 0;
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'number' || typeof v === 'bigint') nums++;
    else if (typeof v === 'boolean') bools++;
    else if (v instanceof Date) dates++;
    else strs++;
  }
  const n = values.length;
  if (strs === 0 && dates === 0 && (nums > 0 || bools > 0)) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = v === null || v === undefined || v === '' ? NaN : Number(v);
    }
    return { name, type: nums === 0 ? 'boolean' : 'numeric', values: out };
  }
  if (strs === 0 && nums === 0 && bools === 0 && dates > 0) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      out[i] = v instanceof Date ? v.getTime() : NaN;
    }
    return { name, type: 'datetime', values: out };
  }
  const strings = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    strings[i] =
      v === null || v === undefined || v === ''
        ? null
        : v instanceof Date
          ? v.toISOString()
          : typeof v === 'object'
            ? JSON.stringify(v)
            : String(v);
  }
  return stringColumn(name, strings);
}

/** A Frame from an array of record objects (columns in first-seen key order). */
export function frameFromRecords(records: readonly Record<string, unknown>[]): Frame {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      throw new AskmlError('BAD_ARGUMENT', 'Records must be plain objects such as {"age": 31, "city": "Oslo"}.');
    }
    for (const k of Object.keys(r)) if (!seen.has(k)) {
      seen.add(k);
      names.push(k);
    }
  }
  const columns = names.map((name) => columnFromValues(name, records.map((r) => r[name])));
  return { nRows: records.length, columns };
}

/** A Frame from an object of equally long column arrays. */
export function frameFromColumnArrays(data: Record<string, ArrayLike<unknown>>): Frame {
  const names = Object.keys(data);
  const lengths = new Set(names.map((k) => data[k].length));
  if (lengths.size > 1) {
    const desc = names.map((k) => `${k}: ${data[k].length}`).join(', ');
    throw new AskmlError('BAD_ARGUMENT', `Column arrays have different lengths (${desc}).`, {
      hint: 'Every column must hold one value per row.',
    });
  }
  const columns = names.map((name) => columnFromValues(name, Array.from(data[name])));
  return { nRows: names.length > 0 ? data[names[0]].length : 0, columns };
}
