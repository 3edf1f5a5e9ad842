/**
 * The columnar in-memory table every engine stage works on. Columns are typed arrays, never row
 * objects:
 *   numeric      Float64Array, NaN for missing
 *   boolean      Float64Array of 0/1, NaN for missing
 *   datetime     Float64Array of epoch milliseconds (UTC), NaN for missing
 *   categorical  Int32Array dictionary codes into `levels`, -1 for missing
 *   text         array of strings, null for missing
 */
export type ColumnType = 'numeric' | 'boolean' | 'datetime' | 'categorical' | 'text';

export interface NumericColumn {
  name: string;
  type: 'numeric' | 'boolean' | 'datetime';
  values: Float64Array;
}

export interface CategoricalColumn {
  name: string;
  type: 'categorical';
  codes: Int32Array;
  levels: string[];
}

export interface TextColumn {
  name: string;
  type: 'text';
  values: (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn | TextColumn;

/** Something the loader changed while reading a file; the profile lists it among its warnings. */
export interface LoadNote {
  code: 'duplicate_column' | 'unnamed_column' | 'decimal_comma' | 'thousands_separator' | 'missing_marker' | 'mixed_types' | 'date_format' | 'skipped_lines' | 'unbalanced_quote' | 'ambiguous_decimal';
  /** null: the file as a whole (lines skipped before the header). */
  column: string | null;
  message: string;
  /** duplicate_column: the header name the renamed column repeats, and both columns' 1-based positions. */
  repeats?: { name: string; columns: [number, number] };
}

export interface Frame {
  readonly nRows: number;
  readonly columns: Column[];
  /** Set by loadTable when it renamed or re-typed a column (see csv-fixups.ts, json-columns.ts). */
  readonly notes?: readonly LoadNote[];
}

export function columnNames(frame: Frame): string[] {
  return frame.columns.map((c) => c.name);
}

/**
 * The names of the categorical and free-text columns among `columns` (a frame's, a dataset record's,
 * a model's schema): read as text again in later files, never as dates (load.ts textColumns).
 */
export function textColumnsOf(columns: readonly { name: string; type: string }[]): string[] {
  return columns.filter((c) => c.type === 'categorical' || c.type === 'text').map((c) => c.name);
}

export function findColumn(frame: Frame, name: string): Column | undefined {
  return frame.columns.find((c) => c.name === name);
}

/** Is the cell missing? */
export function isMissing(col: Column, i: number): boolean {
  switch (col.type) {
    case 'categorical':
      return col.codes[i] < 0;
    case 'text':
      return col.values[i] === null;
    default:
      return Number.isNaN(col.values[i]);
  }
}

/** The cell as a display string ('' when missing). */
export function cellString(col: Column, i: number): string {
  switch (col.type) {
    case 'categorical':
      return col.codes[i] < 0 ? '' : col.levels[col.codes[i]];
    case 'text':
      return col.values[i] ?? '';
    case 'datetime':
      return Number.isNaN(col.values[i]) ? '' : new Date(col.values[i]).toISOString();
    default:
      return Number.isNaN(col.values[i]) ? '' : String(col.values[i]);
  }
}

/** A new column holding rows `idx` of `col` (shares level dictionaries). */
export function takeColumn(col: Column, idx: ArrayLike<number>): Column {
  const n = idx.length;
  switch (col.type) {
    case 'categorical': {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = col.codes[idx[i]];
      return { name: col.name, type: 'categorical', codes, levels: col.levels };
    }
    case 'text': {
      const values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) values[i] = col.values[idx[i]];
      return { name: col.name, type: 'text', values };
    }
    default: {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = col.values[idx[i]];
      return { name: col.name, type: col.type, values };
    }
  }
}

/** Rows `idx` of the frame. */
export function takeRows(frame: Frame, idx: ArrayLike<number>): Frame {
  return { nRows: idx.length, columns: frame.columns.map((c) => takeColumn(c, idx)) };
}

/** The frame without the named columns. */
export function dropColumns(frame: Frame, names: readonly string[]): Frame {
  const drop = new Set(names);
  return { nRows: frame.nRows, columns: frame.columns.filter((c) => !drop.has(c.name)) };
}

/** Bytes held by the frame's arrays (strings counted at 2 bytes per UTF-16 unit + 16 overhead). */
export function frameBytes(frame: Frame): number {
  let total = 0;
  for (const c of frame.columns) {
    if (c.type === 'categorical') {
      total += c.codes.byteLength;
      for (const l of c.levels) total += 16 + 2 * l.length;
    } else if (c.type === 'text') {
      total += 8 * c.values.length;
      for (const v of c.values) if (v !== null) total += 16 + 2 * v.length;
    } else total += c.values.byteLength;
  }
  return total;
}
