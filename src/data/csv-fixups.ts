/**
 * What the CSV loader adjusts after DuckDB has read a file, each reported as a LoadNote so the
 * profile can say so: duplicate and empty header names (DuckDB renames the second 'a' to 'a_1'
 * and names an unnamed column 'column1'), decimal commas in ';'-delimited files ('24,0' is
 * the number 24.0 in European exports) and ',' thousands separators ('1,234' is 1234, as pandas
 * reads it with thousands=',').
 */
import type { Column, LoadNote } from './frame.js';

/** Fields of one CSV line (quote-aware, "" is an escaped quote), unquoted. */
export function splitFields(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === delim && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The fields of each non-empty data line of the file's `head` (header first; its last, maybe cut, line left out). */
function headRecords(head: string, delim: string): string[][] {
  const lines = head.split('\n');
  if (lines.length > 1) lines.pop(); // the last line may be cut
  return lines
    .slice(1)
    .map((raw) => raw.replace(/\r$/, ''))
    .filter((line) => line !== '')
    .map((line) => splitFields(line, delim));
}

/**
 * A note for each text (categorical) column where a missing-value marker other than the empty
 * cell ('NA', 'None', 'null'...) was read as missing: in a column of words, 'NA' may be a real
 * value (North America, sodium). Counted on the first part of the file `head` (the loader reads
 * 256 KiB of it), so the count is a lower bound; numeric columns are not reported (there a marker
 * can only mean missing).
 */
export function markerNotes(head: string, delim: string, columns: readonly Column[], markers: readonly string[], given = false): LoadNote[] {
  const marker = new Set(markers.filter((m) => m !== ''));
  const counts = new Map<number, Map<string, number>>();
  const records = headRecords(head, delim);
  const rows = records.length;
  for (const fields of records) {
    if (fields.length !== columns.length) continue;
    fields.forEach((f, j) => {
      if (!marker.has(f)) return;
      const c = columns[j];
      if (c.type !== 'categorical' && c.type !== 'text') return;
      const m = counts.get(j) ?? new Map<string, number>();
      m.set(f, (m.get(f) ?? 0) + 1);
      counts.set(j, m);
    });
  }
  return [...counts.entries()].map(([j, m]) => {
    const what = [...m.entries()].map(([v, n]) => `${n} '${v}'`).join(', ');
    return {
      code: 'missing_marker' as const,
      column: columns[j].name,
      message: given
        ? `Column '${columns[j].name}': ${what} in the first ${rows.toLocaleString('en-US')} rows read as missing (the missing values given).`
        : `Column '${columns[j].name}': ${what} in the first ${rows.toLocaleString('en-US')} rows read as missing (pandas' missing-value markers); ` +
          `if '${[...m.keys()][0]}' is a real value here (e.g. NA for North America), read the file with --missing-values '' (MCP profile_data: missing_values []) to keep it as a value.`,
    };
  });
}

/**
 * A note for each header name the loaded table does not keep: a name that repeats an earlier one
 * (DuckDB renames the second 'a' to 'a_1'), an empty or blank name (DuckDB names it 'column1',
 * 'column2'...), and a name renamed because it clashed with such a made-up name.
 */
export function headerNotes(header: readonly string[], names: readonly string[]): LoadNote[] {
  if (header.length !== names.length) return [];
  const firstAt = new Map<string, number>();
  const out: LoadNote[] = [];
  for (let i = 0; i < header.length; i++) {
    const h = header[i];
    if (h.trim() === '') {
      out.push({
        code: 'unnamed_column',
        column: names[i],
        message:
          `Column ${i + 1} has ${h === '' ? 'an empty' : 'a blank'} name in the header; it was named '${names[i]}'. ` +
          `A saved model expects a column '${names[i]}': give the column a name in the file.`,
      });
      continue;
    }
    const first = firstAt.get(h.trim()); // DuckDB trims header names: ' a ' and 'a' clash
    if (first === undefined) firstAt.set(h.trim(), i);
    if (names[i] === h || names[i] === h.trim()) continue;
    out.push({
      code: 'duplicate_column',
      column: names[i],
      ...(first !== undefined ? { repeats: { name: h.trim(), columns: [first + 1, i + 1] as [number, number] } } : {}),
      message:
        first !== undefined
          ? `Column name '${h.trim()}' appears more than once in the header (columns ${first + 1} and ${i + 1}); column ${i + 1} was renamed '${names[i]}'. ` +
            `'${h.trim()}' means column ${first + 1}, and a saved model expects a column '${names[i]}': give the columns distinct names in the file.`
          : `Column name '${h}' (column ${i + 1}) is also the name given to an unnamed column; column ${i + 1} was renamed '${names[i]}'. ` +
            `A saved model expects a column '${names[i]}': give every column a distinct name in the file.`,
    });
  }
  return out;
}

const DECIMAL_COMMA = /^[-+]?(\d+,\d*|,\d+)$/;
/** '1.189,82' or '12.500': '.' groups thousands in a decimal-comma file (German, Spanish exports). */
const GROUPED = /^[-+]?\d{1,3}(\.\d{3})+(,\d*)?$/;
const INTEGER = /^[-+]?\d+$/;

/**
 * A categorical column whose every value is a decimal-comma number ('24,0', '-3,5') or an
 * integer, with at least one comma, as a numeric column; undefined otherwise. Only called for
 * ';'-delimited files: with ',' as the delimiter a comma inside a value is not a decimal mark,
 * and in tab files '1,234' is as likely a thousands separator (thousandsColumn).
 */
export function decimalCommaColumn(col: Column): { column: Column; note: LoadNote } | undefined {
  if (col.type !== 'categorical' || col.levels.length === 0) return undefined;
  let commas = 0;
  // '1.009.195': two '.' groups cannot be a decimal point, so '.' groups thousands in this column
  // (and '12.345' beside it is 12345; audit: read as 12.345 and the column dropped as an id).
  let twoGroups: string | null = null;
  const parsed = new Float64Array(col.levels.length);
  for (let k = 0; k < col.levels.length; k++) {
    let v = col.levels[k].trim();
    if (GROUPED.test(v)) {
      if (v.includes(',')) commas++;
      if (twoGroups === null && /\.\d{3}\.\d{3}/.test(v)) twoGroups = v;
      v = v.replace(/\./g, '');
    } else if (DECIMAL_COMMA.test(v)) commas++;
    else if (!INTEGER.test(v)) return undefined;
    parsed[k] = Number(v.replace(',', '.'));
  }
  if (commas === 0 && twoGroups === null) return undefined;
  const values = new Float64Array(col.codes.length);
  for (let i = 0; i < values.length; i++) values[i] = col.codes[i] < 0 ? NaN : parsed[col.codes[i]];
  if (twoGroups !== null && commas === 0) {
    const g = twoGroups;
    return {
      column: { name: col.name, type: 'numeric', values },
      note: { code: 'thousands_separator', column: col.name, message: `'${col.name}' holds numbers with '.' thousands groups (e.g. '${g}' = ${Number(g.replace(/\./g, ''))}); it was read as numeric, '12.345' as 12345.` },
    };
  }
  const eg = col.levels.find((l) => /,\d*[1-9]/.test(l)) ?? (col.levels.find((l) => l.includes(',')) as string);
  return {
    column: { name: col.name, type: 'numeric', values },
    note: {
      code: 'decimal_comma',
      column: col.name,
      message: `'${col.name}' holds numbers with decimal commas (e.g. '${eg}' = ${Number(eg.trim().replace(/\./g, '').replace(',', '.'))}); it was read as numeric.`,
    },
  };
}

/** '1,234', '-12,345,678.5': ',' groups thousands (English exports, Python's f"{v:,}", Excel). */
const COMMA_GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^[-+]?\d+(\.\d+)?$/;

/**
 * A categorical column whose every value is a number with ',' thousands groups ('1,234',
 * '12,345.5') or a plain number ('987', '3.5'), with at least one grouped value, as a numeric
 * column; undefined otherwise. '1,5' or '24,0' (a decimal comma) is neither, so such a column
 * stays as it is. Called for every CSV/TSV file, after decimalCommaColumn in ';'-delimited files:
 * there '1,234' alone reads as 1.234, and only a column that cannot be decimal commas
 * ('1,234,567', or '1,234' next to '3.5') is read here.
 */
export function thousandsColumn(col: Column): { column: Column; note: LoadNote } | undefined {
  if (col.type !== 'categorical' || col.levels.length === 0) return undefined;
  let grouped = -1;
  const parsed = new Float64Array(col.levels.length);
  for (let k = 0; k < col.levels.length; k++) {
    const v = col.levels[k].trim();
    if (COMMA_GROUPED.test(v)) {
      if (grouped < 0) grouped = k;
      parsed[k] = Number(v.replace(/,/g, ''));
    } else if (PLAIN.test(v)) parsed[k] = Number(v);
    else return undefined;
  }
  if (grouped < 0) return undefined;
  const values = new Float64Array(col.codes.length);
  for (let i = 0; i < values.length; i++) values[i] = col.codes[i] < 0 ? NaN : parsed[col.codes[i]];
  const eg = col.levels[grouped].trim();
  return {
    column: { name: col.name, type: 'numeric', values },
    note: {
      code: 'thousands_separator',
      column: col.name,
      message: `'${col.name}' holds numbers with ',' thousands separators (read '${eg}' as ${parsed[grouped]}); it was read as numeric.`,
    },
  };
}

/**
 * A CSV cell that opens a double quote and never closes it ('"0.5'), which DuckDB kept as text with
 * the quote in it: one note per column, naming the first such value and its data row. Categorical
 * columns only: free text may hold a quote of its own ('"Best film ever', escaped in the file).
 */
export function quoteNotes(columns: Column[]): LoadNote[] {
  const out: LoadNote[] = [];
  const odd = (v: string): boolean => v.startsWith('"') && (v.match(/"/g)?.length ?? 0) % 2 === 1;
  for (const col of columns) {
    if (col.type !== 'categorical') continue;
    const bad = col.levels.findIndex(odd);
    const row = bad >= 0 ? col.codes.indexOf(bad) : -1;
    if (row < 0) continue;
    const value = col.levels[bad];
    out.push({
      code: 'unbalanced_quote',
      column: col.name,
      message: `'${col.name}' holds '${value.length > 40 ? `${value.slice(0, 40)}...` : value}' (data row ${row + 1}): a double quote that is never closed, read as part of the value. Close or remove the quote in the file.`,
    });
  }
  return out;
}

/**
 * In a ';'-delimited file, numeric columns whose every dotted value, as written in the head of the
 * file, has exactly three digits after one dot ('1.234', '12.500'): read as decimals, as DuckDB reads
 * them, but a German or Spanish export means thousands there. One note per such column.
 */
export function dotThousandsNotes(head: string, columns: readonly Column[]): LoadNote[] {
  const numeric = columns.map((c, j) => (c.type === 'numeric' ? j : -1)).filter((j) => j >= 0);
  if (numeric.length === 0) return [];
  const dotted = new Map<number, string>();
  const ruled = new Set<number>();
  for (const fields of headRecords(head, ';')) {
    if (fields.length !== columns.length) continue;
    for (const j of numeric) {
      const v = fields[j].trim();
      if (!v.includes('.')) continue;
      if (/^[-+]?[1-9]\d{0,2}\.\d{3}$/.test(v)) {
        if (!dotted.has(j)) dotted.set(j, v);
      } else ruled.add(j); // '3.5', '0.125', '1.5e3': plainly decimals
    }
  }
  const out: LoadNote[] = [];
  for (const [j, eg] of dotted) {
    if (ruled.has(j)) continue;
    const name = columns[j].name;
    out.push({
      code: 'ambiguous_decimal',
      column: name,
      message: `'${name}' in a ';'-delimited file has three digits after every dot (e.g. '${eg}'), read as decimals (${Number(eg)}); if the dot groups thousands there (${Number(eg.replace('.', ''))}), write the numbers without it.`,
    });
  }
  return out;
}
