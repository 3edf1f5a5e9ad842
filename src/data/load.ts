/**
 * loadTable: a file (CSV, TSV, JSON, JSONL, Parquet), an array of records or an object of column
 * arrays -> a columnar Frame plus facts about the load. Files are parsed by DuckDB (dialect and
 * type sniffing), checked first for existence, binary content and encoding (file-check.ts), and
 * DuckDB's refusals are turned into AskmlErrors that name the offending line (csv-diagnose.ts).
 */
import { open, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { AskmlError, throwIfAborted } from '../errors.js';
import { frameBytes, type Column, type Frame, type LoadNote } from './frame.js';
import { inspectFile, type FileEncoding, type FileFacts, type FileFormat } from './file-check.js';
import { countFields, findBareCarriageReturn, findLongLine, findRaggedLine, findUnclosedQuote, guessDelimiter } from './csv-diagnose.js';
import { decimalCommaColumn, dotThousandsNotes, headerNotes, markerNotes, quoteNotes, splitFields, thousandsColumn } from './csv-fixups.js';
import { normalizeJsonColumns } from './json-columns.js';
import { duckDetail, readFailure, wrapperError } from './json-diagnose.js';
import { givenDate, readDates, type DateFormats } from './load-dates.js';
import { columnTypes, sqlIdent, sqlString, withDuck, type DuckSession, type RawColumn, type StringPlan } from './duckdb.js';
import { isFreeText, stringStats } from './roles.js';
import { frameFromColumnArrays, frameFromRecords, stringColumn } from './columns.js';

export type { DateFormats } from './load-dates.js';

export type TableSource = string | readonly Record<string, unknown>[] | Record<string, ArrayLike<unknown>>;

export interface LoadOptions {
  /** Override format detection. */
  format?: FileFormat;
  /** Longest CSV line accepted, in bytes (default 16 MB). */
  maxLineBytes?: number;
  signal?: AbortSignal;
  /**
   * CSV/TSV cells read as missing instead of MISSING_MARKERS (the empty cell always is): `[]`
   * keeps 'NA', 'None', 'null'... as values. JSON and Parquet have real nulls and keep their strings,
   * except in a JSON field that mixes numbers and strings (json-columns.ts).
   */
  missingValues?: readonly string[];
  /**
   * CSV/TSV (JSON: text columns only): read date and timestamp cells with these strptime formats (a model's training file's,
   * LoadInfo.dates) instead of sniffing this file's own: '03/04/2021' means what it meant in training.
   */
  dates?: DateFormats;
  /**
   * Columns that were text (categorical or free text) when a model or dataset record was made from
   * this kind of file: never read as dates here, though their cells may look like dates now (a file
   * to predict whose column holds only dates, where the training file's did not). The model would
   * otherwise get dates where it learned categories.
   */
  textColumns?: readonly string[];
}

/** The cell strings a CSV/TSV load reads as missing: the empty cell plus the given ones (default MISSING_MARKERS). */
export function missingMarkers(missingValues: readonly string[] | null | undefined): readonly string[] {
  return missingValues ? ['', ...new Set(missingValues.filter((v) => v !== ''))] : MISSING_MARKERS;
}

export interface LoadInfo {
  /** Absolute path, or null for in-memory sources. */
  path: string | null;
  format: FileFormat | 'records' | 'columns';
  encoding: FileEncoding | null;
  /** CSV/TSV field delimiter as detected. */
  delimiter?: string;
  /** CSV/TSV/JSON with date or timestamp columns: the formats they were read with (sniffed, or LoadOptions.dates). */
  dates?: DateFormats;
  rows: number;
  cols: number;
  fileBytes: number;
  memoryBytes: number;
  loadMs: number;
}

export interface LoadResult {
  frame: Frame;
  info: LoadInfo;
}

const DEFAULT_MAX_LINE = 16 * 1024 * 1024;

/**
 * Cells read as missing in CSV/TSV files (besides the empty cell): exactly pandas' default
 * `na_values` (pandas 2.x, `pandas._libs.parsers.STR_NA_VALUES`), so a file exported by pandas or
 * R ('NA') or Excel ('#N/A') reads here as it reads in `pd.read_csv`. The match is exact and
 * case-sensitive ('Na' or 'none' stay text), and applies to quoted cells too, as in pandas.
 * The same list is used for every file askml loads (training, test and files to predict), so a
 * saved model sees the parsing it was trained on. JSON and Parquet have real nulls and keep
 * their strings as they are, except in a JSON field of numbers mixed with strings such as "n/a"
 * (json-columns.ts), which is read as CSV would read the same cells.
 */
export const MISSING_MARKERS: readonly string[] = [
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
];

export async function loadTable(source: TableSource, opts: LoadOptions = {}): Promise<LoadResult> {
  const t0 = performance.now();
  if (typeof source !== 'string') {
    const records = Array.isArray(source);
    const frame = records
      ? frameFromRecords(source as readonly Record<string, unknown>[])
      : frameFromColumnArrays(source as Record<string, ArrayLike<unknown>>);
    if (frame.nRows === 0) throw new AskmlError('NO_ROWS', 'The table has no rows.');
    return { frame, info: infoFor(frame, null, records ? 'records' : 'columns', null, 0, t0) };
  }
  const facts = await inspectFile(source, { format: opts.format });
  try {
    throwIfAborted(opts.signal, 'load');
    const format = opts.format ?? facts.format;
    const { frame, delimiter, dates } = await withDuck(async (db) => {
      const rows = await readIntoTable(db, facts, format, opts);
      const csv = format === 'csv' || format === 'tsv';
      if (rows === 0) {
        // JSON and Parquet have no header line: say what they lack (audit: '[]' had 'a header').
        throw new AskmlError('NO_ROWS', csv ? `'${source}' has a header but no data rows.` : `'${source}' holds no records (no data rows).`, { path: facts.path });
      }
      throwIfAborted(opts.signal, 'load');
      const shape = csv ? await checkCsvShape(db, facts, format) : undefined;
      const notes: LoadNote[] = shape?.skipped ? [skippedLinesNote(shape.skipped)] : [];
      if (format === 'json' || format === 'jsonl') {
        await checkNotWrapped(db, facts, rows);
        notes.push(...(await normalizeJsonColumns(db, 't', missingMarkers(opts.missingValues))));
      }
      // Dates: the formats DuckDB read them with, and text columns of dates it left as text.
      const dates =
        csv || format === 'json' || format === 'jsonl'
          ? await readDates(db, { readPath: facts.readPath, format, csvOptions: csvOptions(format, opts), dates: opts.dates, textColumns: opts.textColumns, notes })
          : undefined;
      const raw = await db.readColumns('t', rows, planString);
      const columns = raw.map(toColumn);
      if (shape?.header) notes.push(...headerNotes(shape.header, columns.map((c) => c.name)));
      if (csv) {
        // Numbers DuckDB left as strings: decimal commas (';' files only), then ',' thousands groups
        // (also in a one-column file, which has no delimiter). Should the head of a file not be
        // readable (no shape), its delimiter may be ';', and a column that could be decimal commas
        // ('1,234' and integers only) is left as it is. Before markerNotes, which speaks of text
        // columns only. Files to predict are read by this same code: a model sees the numbers it learned.
        for (let j = 0; j < columns.length; j++) {
          const decimal = !shape || shape.delimiter === ';' ? decimalCommaColumn(columns[j]) : undefined;
          const fixed = shape?.delimiter === ';' ? (decimal ?? thousandsColumn(columns[j])) : decimal ? undefined : thousandsColumn(columns[j]);
          if (!fixed) continue;
          columns[j] = fixed.column;
          notes.push(fixed.note);
        }
      }
      if (shape?.header && shape.delimiter) notes.push(...markerNotes(shape.head, shape.delimiter, columns, missingMarkers(opts.missingValues), opts.missingValues !== undefined));
      if (csv) notes.push(...quoteNotes(columns));
      if (shape?.header && shape.delimiter === ';') notes.push(...dotThousandsNotes(shape.head, columns));
      const frame: Frame = notes.length > 0 ? { nRows: rows, columns, notes } : { nRows: rows, columns };
      return { frame, delimiter: shape?.delimiter, dates };
    });
    const info = infoFor(frame, facts.path, format, facts.encoding, facts.bytes, t0);
    if (delimiter !== undefined) info.delimiter = delimiter;
    if (dates) info.dates = dates;
    return { frame, info };
  } finally {
    await facts.cleanup();
  }
}

function infoFor(
  frame: Frame,
  path: string | null,
  format: LoadInfo['format'],
  encoding: FileEncoding | null,
  fileBytes: number,
  t0: number,
): LoadInfo {
  return {
    path,
    format,
    encoding,
    rows: frame.nRows,
    cols: frame.columns.length,
    fileBytes,
    memoryBytes: frameBytes(frame),
    loadMs: Math.round((performance.now() - t0) * 10) / 10,
  };
}

/** Short labels are dictionary-encoded inside DuckDB; free text comes as strings. */
const planString: StringPlan = (_name, sample) => (isFreeText(stringStats(sample)) ? 'strings' : 'codes');

function toColumn(raw: RawColumn): Column {
  if (raw.kind === 'string') return stringColumn(raw.name, raw.values);
  if (raw.kind === 'codes') return booleanFromCodes(raw.name, raw.codes, raw.levels) ?? { name: raw.name, type: 'categorical', codes: raw.codes, levels: raw.levels };
  return { name: raw.name, type: raw.kind === 'number' ? 'numeric' : raw.kind, values: raw.values };
}

/** A string column holding only true/false (any case) is boolean; yes/no and 1/0 keep their labels. */
function booleanFromCodes(name: string, codes: Int32Array, levels: string[]): Column | undefined {
  if (levels.length === 0 || levels.length > 2) return undefined;
  const map = levels.map((l) => (l.toLowerCase() === 'true' ? 1 : l.toLowerCase() === 'false' ? 0 : -1));
  if (map.some((v) => v < 0)) return undefined;
  const values = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) values[i] = codes[i] < 0 ? NaN : map[codes[i]];
  return { name, type: 'boolean', values };
}

/**
 * DuckDB's sniffer may skip leading lines when a later row is wider than the header (it takes
 * the wide row for the real table). Compare the header's field count with the loaded columns
 * and name the ragged line when they disagree. Returns the delimiter.
 */
async function checkCsvShape(
  db: DuckSession,
  facts: FileFacts,
  format: FileFormat,
): Promise<{ delimiter: string | undefined; header: string[] | null; head: string; skipped: number } | undefined> {
  if (/\.gz$/i.test(facts.readPath)) return undefined; // compressed: DuckDB decompresses, we cannot peek
  const cols = Number((await db.rows(`SELECT count(*) FROM (DESCRIBE t)`))[0][0]);
  const head = (await readHead(facts.readPath, 256 * 1024)).replace(/^\ufeff/, '');
  const firstLine = (head.split('\n').find((l) => l.trim() !== '') ?? '').replace(/\r$/, '');
  const delimiter = format === 'tsv' ? '\t' : (guessDelimiter(firstLine) ?? undefined);
  const headerFields = delimiter ? countFields(firstLine, delimiter) : 1;
  if (headerFields === cols) return { delimiter, header: delimiter ? splitFields(firstLine, delimiter) : null, head, skipped: 0 };
  await throwIfRagged(facts);
  // Not ragged: DuckDB took a later line for the header and dropped the lines above it (a title or
  // preamble). Found by the column names it read, so the profile can say which lines are not data.
  // The header found, with its own delimiter, is the file's header for the checks that read it
  // (duplicate names, decimal commas, missing markers); a blank or repeated name DuckDB renamed
  // ('column2', 'a_1') matches any cell.
  const names = (await db.rows(`SELECT column_name FROM (DESCRIBE t)`)).map((r) => String(r[0]));
  const lines = head.split('\n').map((l) => l.replace(/\r$/, ''));
  const same = (f: string, j: number): boolean => f.trim() === names[j] || f.trim() === '' || /^column\d+$|_\d+$/.test(names[j]);
  for (let at = 1; at < lines.length; at++) {
    // A blank line is no header (audit: a file read as one column 'found' its header on the last, empty line).
    if (lines[at].trim() === '') continue;
    const d = [',', ';', '\t', '|'].find((x) => countFields(lines[at], x) === cols && splitFields(lines[at], x).every(same));
    if (d) return { delimiter: d, header: splitFields(lines[at], d), head: lines.slice(at).join('\n'), skipped: at };
  }
  return { delimiter, header: null, head, skipped: 0 };
}

/** The note for lines before the header that DuckDB left out (`skipped` lines). */
function skippedLinesNote(skipped: number): LoadNote {
  return {
    code: 'skipped_lines',
    column: null,
    message: `The first ${skipped === 1 ? 'line' : `${skipped} lines`} of the file ${skipped === 1 ? 'was' : 'were'} skipped: the header is on line ${skipped + 1}, and the ${skipped === 1 ? 'line' : 'lines'} above it (a title or notes) ${skipped === 1 ? 'is' : 'are'} not data.`,
  };
}

async function readHead(file: string, n: number): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** read_csv's options for the types and missing cells of `opts` (also what sniff_csv is given). */
function csvOptions(format: FileFormat, opts: LoadOptions): string {
  // No BOOLEAN candidate: DuckDB would read yes/no (and y/n) columns as booleans, and the labels
  // people wrote (yes/no) would come back as true/false in predictions. Such columns stay strings.
  const types = "auto_type_candidates=['BIGINT','DOUBLE','DATE','TIMESTAMP','VARCHAR']";
  const nulls = `nullstr=[${missingMarkers(opts.missingValues).map(sqlString).join(', ')}]`;
  const date = givenDate(opts.dates);
  const dates = `${date ? `, dateformat=${sqlString(date)}` : ''}${opts.dates?.timestamp ? `, timestampformat=${sqlString(opts.dates.timestamp)}` : ''}`;
  return `${types}, ${nulls}${dates}${format === 'tsv' ? ", delim='\\t'" : ''}`;
}

async function readIntoTable(db: DuckSession, facts: FileFacts, format: FileFormat, opts: LoadOptions): Promise<number> {
  if (format === 'parquet') return await readOther(db, facts, format, `read_parquet(${sqlString(facts.readPath)})`);
  const json = format === 'json' || format === 'jsonl';
  const rows = json ? await readOther(db, facts, format, readJson(facts, format, '')) : await readCsv(db, facts, format, opts, '');
  // Columns a model or dataset record holds as text (categories) that DuckDB typed as dates or
  // times: the file is read again with them as text, before readDates, which leaves them alone too.
  const wanted = new Set(opts.textColumns ?? []);
  const types = wanted.size > 0 || json ? await columnTypes(db) : [];
  // Records that are not all objects ([1,2], "hello", 42 on a line): DuckDB falls back to one
  // column 'json' of whole records, which would be profiled as the only column (audit).
  if (json && rows > 0 && types.length === 1 && types[0][0] === 'json' && types[0][1] === 'JSON') {
    const bad = await notObjectsError(facts, format);
    if (bad) throw bad;
  }
  const keep = new Set(types.filter(([n, t]) => wanted.has(n) && /^(DATE|TIME)/.test(t)).map(([n]) => n));
  // JSON timestamps DuckDB read from text that is not year first ('13-04-2021 10:30:00'): it picks
  // the day-month order per file and does not say which, so a file to predict could be read in the
  // other order. They are read again as text, for readDates, whose formats are kept.
  if (json) for (const n of await nonIsoTimestamps(db, facts, format, types)) keep.add(n);
  if (keep.size === 0) return rows;
  if (json) {
    // The whole column list, as read, with the kept ones as text: read_json takes all or none.
    const cols = types.map(([n, t]) => `${sqlString(n)}: ${sqlString(keep.has(n) ? 'VARCHAR' : t)}`);
    return await readOther(db, facts, format, readJson(facts, format, `, columns={${cols.join(', ')}}`));
  }
  return await readCsv(db, facts, format, opts, `, types={${[...keep].map((n) => `${sqlString(n)}: 'VARCHAR'`).join(', ')}}`);
}

/** TIMESTAMP columns of a JSON table whose values in the first 200 rows, as written, do not start with the year. */
async function nonIsoTimestamps(db: DuckSession, facts: FileFacts, format: 'json' | 'jsonl', types: [string, string][]): Promise<string[]> {
  const stamps = types.filter(([, t]) => /^TIMESTAMP/.test(t) && !/WITH TIME ZONE/.test(t)).map(([n]) => n);
  if (stamps.length === 0) return [];
  // Every column as text, no type detection: a look at the head of the file (200k-row JSONL: +20 ms).
  const cols = types.map(([n]) => `${sqlString(n)}: 'VARCHAR'`).join(', ');
  const from = `${jsonSource(facts, format)}, columns={${cols}})`;
  const rows = await db.rows(`SELECT ${stamps.map(sqlIdent).join(', ')} FROM ${from} LIMIT 200`);
  return stamps.filter((_, j) => rows.some((r) => r[j] != null && !/^\s*[+-]?\d{4}-\d{1,2}-\d{1,2}/.test(String(r[j]))));
}

function readJson(facts: FileFacts, format: 'json' | 'jsonl', extra: string): string {
  // DuckDB types ISO dates itself; other dates ('13-04-2021', which it would read in an order of its
  // own choosing and not say which) stay text for readDates, whose formats are kept.
  return `${jsonSource(facts, format)}, sample_size=-1, dateformat='%Y-%m-%d'${extra})`;
}

/** `read_json(path, format=...` without its closing parenthesis: the options follow. */
function jsonSource(facts: FileFacts, format: 'json' | 'jsonl'): string {
  return `read_json(${sqlString(facts.readPath)}, format='${format === 'jsonl' ? 'newline_delimited' : 'auto'}'`;
}

async function readOther(db: DuckSession, facts: FileFacts, format: 'json' | 'jsonl' | 'parquet', from: string): Promise<number> {
  try {
    return await db.materialize('t', from);
  } catch (e) {
    throw await readFailure(facts.path, facts.readPath, format, e);
  }
}

async function readCsv(db: DuckSession, facts: FileFacts, format: FileFormat, opts: LoadOptions, extra: string): Promise<number> {
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE;
  const base = `${sqlString(facts.readPath)}, max_line_size=${maxLine}, ${csvOptions(format, opts)}${extra}`;
  let rows: number;
  try {
    rows = await db.materialize('t', `read_csv(${base})`);
  } catch (e) {
    const msg = errorText(e);
    await throwIfBareCarriageReturn(facts);
    if (/line size|maximum line/i.test(msg)) throw await longLineError(facts, maxLine);
    if (/convert|conversion/i.test(msg)) {
      // A value past the type-sniffing sample broke the guessed type: sniff the whole file.
      rows = await retry(db, facts, [`read_csv(${base}, sample_size=-1)`, `read_csv(${base}, all_varchar=true)`]);
    } else {
      await throwIfRagged(facts);
      rows = await retry(db, facts, [`read_csv(${base}, all_varchar=true)`]);
    }
  }
  return await dropBlankLines(db, facts, rows);
}

/** Files up to this size are read again to find blank lines in a one-column CSV. */
const BLANK_LINE_SCAN_BYTES = 256 * 1024 * 1024;

/**
 * A one-column CSV/TSV reads an empty line as a row with a missing value (a line of several
 * columns has delimiters, so DuckDB skips it); pandas skips blank lines in both. Those rows are
 * dropped here, found by their line numbers. Skipped when the file has quotes (a quoted value may
 * span lines), is gzipped or very large, or its lines do not match the rows read.
 */
async function dropBlankLines(db: DuckSession, facts: FileFacts, rows: number): Promise<number> {
  const cols = Number((await db.rows('SELECT count(*)::DOUBLE FROM (DESCRIBE t)'))[0][0]);
  if (cols !== 1 || /\.gz$/i.test(facts.readPath) || facts.bytes > BLANK_LINE_SCAN_BYTES) return rows;
  const text = await readFile(facts.readPath, 'utf8');
  if (text.includes('"')) return rows;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const data = lines.slice(1);
  if (data.length !== rows) return rows;
  const blank = data.flatMap((l, i) => (l === '' || l === '\r' ? [i] : []));
  if (blank.length === 0) return rows;
  await db.rows(`DELETE FROM t WHERE rowid IN (${blank.join(',')})`);
  return rows - blank.length;
}

async function retry(db: DuckSession, facts: FileFacts, attempts: string[]): Promise<number> {
  let last: unknown;
  for (const from of attempts) {
    try {
      return await db.materialize('t', from);
    } catch (e) {
      last = e;
    }
  }
  throw parseError(facts, last);
}

/** A one-row JSON table whose column is a list of records came from a wrapper object: refuse it. */
async function checkNotWrapped(db: DuckSession, facts: FileFacts, rows: number): Promise<void> {
  if (rows !== 1) return;
  for (const [name, type] of await columnTypes(db)) {
    if (!/^STRUCT\(.*\)\[\]$/s.test(type)) continue;
    const n = Number((await db.rows(`SELECT len(${sqlIdent(name)})::DOUBLE FROM t`))[0][0]);
    throw wrapperError(facts.path, name, n);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function parseError(facts: FileFacts, e: unknown): AskmlError {
  if (e instanceof AskmlError) return e;
  return new AskmlError('PARSE_ERROR', `Could not parse '${facts.path}' as ${facts.format.toUpperCase()} (DuckDB: ${duckDetail(e)}).`, {
    path: facts.path,
    hint: 'Check that the file is a well-formed table with a header row.',
  });
}

/**
 * The first record of a JSON / JSONL file that is not an object, as an error naming its line; null
 * when every record is an object (a column named 'json' of mixed values is typed JSON too).
 */
async function notObjectsError(facts: FileFacts, format: 'json' | 'jsonl'): Promise<AskmlError | null> {
  const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? 'a string' : `a ${typeof v}`);
  const hint = 'askml reads one JSON object per record ({"column": value, ...}): fix or remove that record.';
  let found: { line?: number; what: string } | null = null;
  if (!/\.gz$/i.test(facts.readPath)) {
    const text = await readFile(facts.readPath, 'utf8');
    if (format === 'jsonl') {
      const lines = text.split('\n');
      for (let i = 0; i < lines.length && !found; i++) {
        const t = lines[i].trim();
        if (t === '' || t.startsWith('{')) continue;
        let v: unknown;
        try {
          v = JSON.parse(t);
        } catch {
          continue;
        }
        found = { line: i + 1, what: kind(v) };
      }
    } else {
      try {
        const v: unknown = JSON.parse(text);
        const list = Array.isArray(v) ? v : [v];
        const at = list.findIndex((x) => x === null || typeof x !== 'object' || Array.isArray(x));
        if (at >= 0) found = { what: `record ${at + 1} is ${kind(list[at])}` };
      } catch {
        // not one JSON value: DuckDB read it as records of its own; the general message below
      }
    }
  }
  if (!found) return null;
  const where = found.line !== undefined ? `line ${found.line} of '${facts.path}' is ${found.what}, not a JSON object` : `in '${facts.path}', ${found.what}, not a JSON object`;
  return new AskmlError('PARSE_ERROR', `Cannot read a table: ${where}.`, { path: facts.path, ...(found.line !== undefined ? { line: found.line } : {}), hint });
}

async function throwIfRagged(facts: FileFacts): Promise<void> {
  if (/\.gz$/i.test(facts.readPath)) return;
  const text = await readFile(facts.readPath, 'utf8');
  const delim = facts.format === 'tsv' ? '\t' : guessDelimiter(text);
  if (!delim) return;
  const bad = findRaggedLine(text, delim);
  if (!bad) {
    // No ragged line because, from an unclosed quote on, the rest of the file is one value.
    const open = findUnclosedQuote(text);
    if (open === null) return;
    throw new AskmlError('PARSE_ERROR', `Line ${open} of '${facts.path}' opens a double quote that is never closed: the rest of the file would be read as one value.`, {
      path: facts.path,
      line: open,
      hint: 'Close the quote (a value with the delimiter or a quote inside is written "like ""this"", here") or remove it.',
    });
  }
  throw new AskmlError(
    'PARSE_ERROR',
    `Line ${bad.line} of '${facts.path}' has ${bad.found} fields; the header has ${bad.expected}.`,
    {
      path: facts.path,
      line: bad.line,
      hint: 'Fix or remove that row (a missing delimiter or an unquoted delimiter inside a value).',
    },
  );
}

async function throwIfBareCarriageReturn(facts: FileFacts): Promise<void> {
  if (/\.gz$/i.test(facts.readPath)) return;
  const line = await findBareCarriageReturn(facts.readPath);
  if (line === null) return;
  throw new AskmlError(
    'PARSE_ERROR',
    `Line ${line} of '${facts.path}' has a carriage return (\\r) inside a value; the file's lines end with a line feed (\\n), and a CSV reader cannot tell where that row ends.`,
    {
      path: facts.path,
      line,
      hint: `Put that value in double quotes, or remove the stray carriage returns, e.g. \`tr -d '\\r' < ${path.basename(facts.path)} > fixed.csv\`.`,
    },
  );
}

async function longLineError(facts: FileFacts, maxLine: number): Promise<AskmlError> {
  const hit = await findLongLine(facts.readPath, maxLine);
  const where = hit ? `Line ${hit.line} is ${hit.bytes} bytes long` : 'A line is too long';
  return new AskmlError('PARSE_ERROR', `${where}; the limit is ${maxLine} bytes ('${facts.path}').`, {
    path: facts.path,
    line: hit?.line,
    hint: 'Such a line usually means an unclosed quote or a file that is not a table.',
  });
}
