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
import { countFields, findBareCarriageReturn, findLongLine, findRaggedLine, guessDelimiter } from './csv-diagnose.js';
import { decimalCommaColumn, headerNotes, markerNotes, splitFields, thousandsColumn } from './csv-fixups.js';
import { normalizeJsonColumns } from './json-columns.js';
import { duckDetail, readFailure, wrapperError } from './json-diagnose.js';
import { textDateFormat, textDateShape } from './text-dates.js';
import { sqlIdent, sqlString, withDuck, type DuckSession, type RawColumn, type StringPlan } from './duckdb.js';
import { isFreeText, stringStats } from './roles.js';
import { frameFromColumnArrays, frameFromRecords, stringColumn } from './columns.js';

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

/** The strptime formats a CSV's or JSON file's dates were read with ('%m/%d/%Y'). */
export interface DateFormats {
  /** DuckDB's DATE columns (one format per file). */
  date?: string;
  /** DuckDB's TIMESTAMP columns (one format per file; none for ISO). */
  timestamp?: string;
  /** Text columns askml read as dates itself ('4/13/2021 19:40'), each with its format. */
  columns?: Record<string, string>;
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
        throw new AskmlError('NO_ROWS', `'${source}' has a header but no data rows.`, { path: facts.path });
      }
      throwIfAborted(opts.signal, 'load');
      const shape = csv ? await checkCsvShape(db, facts, format) : undefined;
      const notes: LoadNote[] = [];
      if (format === 'json' || format === 'jsonl') {
        await checkNotWrapped(db, facts, rows);
        notes.push(...(await normalizeJsonColumns(db, 't', missingMarkers(opts.missingValues))));
      }
      // Dates: the formats DuckDB read them with, and text columns of dates it left as text.
      const dates = csv || format === 'json' || format === 'jsonl' ? await readDates(db, facts, format, opts, notes) : undefined;
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
): Promise<{ delimiter: string | undefined; header: string[] | null; head: string } | undefined> {
  if (/\.gz$/i.test(facts.readPath)) return undefined; // compressed: DuckDB decompresses, we cannot peek
  const cols = Number((await db.rows(`SELECT count(*) FROM (DESCRIBE t)`))[0][0]);
  const head = (await readHead(facts.readPath, 256 * 1024)).replace(/^\ufeff/, '');
  const firstLine = (head.split('\n').find((l) => l.trim() !== '') ?? '').replace(/\r$/, '');
  const delimiter = format === 'tsv' ? '\t' : (guessDelimiter(firstLine) ?? undefined);
  const headerFields = delimiter ? countFields(firstLine, delimiter) : 1;
  if (headerFields !== cols) await throwIfRagged(facts);
  return { delimiter, header: delimiter && headerFields === cols ? splitFields(firstLine, delimiter) : null, head };
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

/** Table t's columns and their DuckDB types. */
async function columnTypes(db: DuckSession): Promise<[string, string][]> {
  return (await db.rows('SELECT column_name, column_type FROM (DESCRIBE t)')) as [string, string][];
}

/**
 * The DATE format a file is read with when formats are given: the given one, else one the training
 * file's text date-times lend ('%m/%d/%Y %H:%M' -> '%m/%d/%Y'), so a file to predict holding only
 * dates reads them in the training order.
 */
function givenDate(dates: DateFormats | undefined): string | undefined {
  return dates?.date ?? Object.values(dates?.columns ?? {}).map((f) => f.replace(/[ T]%[HI].*$/, ''))[0];
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

/**
 * The date formats of table t's columns, after turning text columns of dates into TIMESTAMP:
 *
 * - DATE / TIMESTAMP columns DuckDB typed: the formats given (a model's training file's, passed to
 *   read_csv), else the ones its sniffer chose for this file (`sniff_csv`; '03/04/2021' is day
 *   first unless a cell such as '04/13/2021' rules it out).
 * - Text columns: a column's own training format (`given.columns`), or the given date / timestamp
 *   format when it reads at least half of the cells (a file to predict with one bad cell, which made
 *   DuckDB give up on the whole column); else date-times DuckDB does not sniff ('4/13/2021 19:40',
 *   text-dates.ts), or dates its sniffer read in its sample and gave up on for a bad value further
 *   down (their sniffed format, or ISO). Such a column is converted in place, each column with its
 *   own format; cells the format cannot read become missing, with a note.
 *
 * A text column of date-times whose values leave the day-month order open ('5/6/2021 10:00') takes
 * the order the file's other date columns with the same separator show, when they agree. A
 * day-month order this file chose itself although no value has a day above 12, and no other
 * column shows it, was a guess: a 'date_format' note says so (naming a column that shows the
 * other order). Returns undefined when there are no date columns.
 */
async function readDates(db: DuckSession, facts: FileFacts, format: FileFormat, opts: LoadOptions, notes: LoadNote[]): Promise<DateFormats | undefined> {
  const given = { ...opts.dates, date: givenDate(opts.dates) };
  const keepText = new Set(opts.textColumns ?? []);
  const types = await columnTypes(db);
  let sniffedOnce: { date?: string; timestamp?: string } | null = null;
  const csv = format === 'csv' || format === 'tsv';
  const sniff = async (): Promise<{ date?: string; timestamp?: string }> => {
    if (sniffedOnce) return sniffedOnce;
    sniffedOnce = {};
    // JSON: read with ISO dates only (readIntoTable); other dates are text columns, recognised below.
    if (!csv) return sniffedOnce;
    try {
      const [row] = (await db.rows(`SELECT DateFormat, TimestampFormat FROM sniff_csv(${sqlString(facts.readPath)}, ${csvOptions(format, opts)})`)) as [string | null, string | null][];
      sniffedOnce = { ...(row?.[0] ? { date: row[0] } : {}), ...(row?.[1] ? { timestamp: row[1] } : {}) };
    } catch {
      // The sniffer reads a sample: a file it cannot sniff was still read (retry with the whole file).
    }
    return sniffedOnce;
  };
  const own: Record<string, string> = {};
  const guessed = new Set<string>();
  /** Text columns of date-times whose values leave the day-month order open (text-dates.ts). */
  const open = new Set<string>();
  for (const [name, type] of types) {
    if (type !== 'VARCHAR' || keepText.has(name)) continue;
    // The first cells decide whether the column is worth a look: every date format here starts with a digit.
    const head = await textCells(db, name, TEXT_DATE_HEAD);
    if (2 * head.filter((v) => /^\d/.test(v)).length < Math.max(1, head.length)) continue;
    const known = [given.columns?.[name], given.date, given.timestamp].filter((f): f is string => !!f);
    let fmt: string | null = null;
    for (const f of known) if (await readsMost(db, name, f)) { fmt = f; break; }
    if (!fmt) {
      if (textDateFormat(head, { dateOnly: !csv })) {
        const shape = textDateShape(await textCells(db, name, TEXT_DATE_SAMPLE), { dateOnly: !csv });
        fmt = shape?.format ?? null;
        if (shape?.ambiguous) open.add(name);
      }
      // Dates DuckDB's sniffer saw in its sample, given up on for a bad value further down.
      else if (!given.date && head.every((v) => DATE_ONLY.test(v))) {
        for (const f of [(await sniff()).date, '%Y-%m-%d']) if (f && (await readsMost(db, name, f))) { fmt = f; break; }
      }
      if (fmt) guessed.add(name);
    }
    if (fmt) own[name] = fmt;
  }
  const hasDate = types.some(([, t]) => t === 'DATE');
  const hasTimestamp = types.some(([, t]) => t.startsWith('TIMESTAMP'));
  // JSON's typed dates are ISO: no format to keep.
  const sniffed = (hasDate && !given.date) || (hasTimestamp && !given.timestamp) ? await sniff() : {};
  const date = csv && hasDate ? (given.date ?? sniffed.date) : undefined;
  const timestamp = csv && hasTimestamp ? (given.timestamp ?? sniffed.timestamp) : undefined;
  // Formats this file chose itself, per column, for the guessed-order check: DuckDB's typed columns
  // and the text columns converted here.
  const chosen: [string, string][] = [];
  for (const [name, type] of types) {
    if (type === 'DATE' && date && !given.date) chosen.push([name, date]);
    else if (type.startsWith('TIMESTAMP') && timestamp && !given.timestamp) chosen.push([name, timestamp]);
  }
  // The day-month orders the file's values show: DuckDB's typed columns with a day above 12, and
  // text columns whose values ruled one order out. An open text column takes the order the file's
  // other dates with its separator show, when they agree ('4/13/2021 19:40' beside '5/6/2021').
  const shown: { column: string; sep: string; dayFirst: boolean }[] = [];
  const decided = new Set<string>();
  for (const [name, fmt] of chosen) {
    if (dayMonth(fmt) && (await showsOrder(db, name))) decided.add(name);
  }
  for (const [name, fmt] of [...chosen.filter(([n]) => decided.has(n)), ...Object.entries(own).filter(([n]) => guessed.has(n) && !open.has(n))]) {
    const dm = dayMonth(fmt);
    if (dm) shown.push({ column: name, ...dm });
  }
  const followed = new Map<string, string>();
  for (const name of open) {
    const dm = dayMonth(own[name])!;
    const by = shown.filter((x) => x.sep === dm.sep);
    if (by.length === 0 || by.some((x) => x.dayFirst !== by[0].dayFirst)) continue;
    if (by[0].dayFirst !== dm.dayFirst) own[name] = swapDayMonth(own[name]);
    followed.set(name, by[0].column);
  }
  for (const [name, fmt] of Object.entries(own)) {
    const c = sqlIdent(name);
    const parsed = `try_strptime(trim(${c}), ${sqlString(fmt)})`;
    const [[bad, example]] = (await db.rows(`SELECT count(*) FILTER (WHERE trim(${c}) <> '' AND ${parsed} IS NULL)::DOUBLE, min(${c}) FILTER (WHERE trim(${c}) <> '' AND ${parsed} IS NULL) FROM t`)) as [number, string | null][];
    await db.rows(`ALTER TABLE t ALTER ${c} SET DATA TYPE TIMESTAMP USING ${parsed}`);
    if (Number(bad) > 0) {
      const k = Number(bad);
      notes.push({ code: 'date_format', column: name, message: `Column '${name}': ${k} value${k > 1 ? 's are' : ' is'} not a date of the form ${fmt} (e.g. '${example}'); read as missing.` });
    }
    if (guessed.has(name) && !followed.has(name)) {
      chosen.push([name, fmt]);
      // A value past the sample may show the order.
      if (dayMonth(fmt) && (await showsOrder(db, name))) decided.add(name);
    }
  }
  for (const [name, fmt] of chosen) {
    const dm = dayMonth(fmt);
    if (!dm || decided.has(name)) continue;
    const c = sqlIdent(name);
    const [[n, example]] = (await db.rows(`SELECT count(${c})::DOUBLE, strftime(min(${c}), ${sqlString(fmt)}) FROM t`)) as [number, string | null][];
    if (Number(n) === 0) continue;
    // Another column of the file shows this order: not a guess. One showing the other order is named.
    const by = shown.filter((x) => x.sep === dm.sep && x.column !== name);
    if (by.length > 0 && by.every((x) => x.dayFirst === dm.dayFirst)) continue;
    const other = by.find((x) => x.dayFirst !== dm.dayFirst);
    const order = (dayFirst: boolean): string => (dayFirst ? 'day' : 'month');
    notes.push({
      code: 'date_format',
      column: name,
      message: `Column '${name}' holds dates such as '${example}' and no value shows whether the day or the month comes first: they are read ${order(dm.dayFirst)} first (${fmt})${other ? `, though column '${other.column}' reads ${order(other.dayFirst)} first` : ''}. Write them as 2021-04-03 (ISO) to make the order plain.`,
    });
  }
  const out: DateFormats = { ...(date ? { date } : {}), ...(timestamp ? { timestamp } : {}), ...(Object.keys(own).length > 0 ? { columns: own } : {}) };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The separator and order of a day-month format ('%d/%m/%Y ...' or '%m/%d/%Y ...'), else null. */
function dayMonth(fmt: string): { sep: string; dayFirst: boolean } | null {
  const m = /^%([dm])(\W)%[dm]\W/.exec(fmt);
  return m ? { sep: m[2], dayFirst: m[1] === 'd' } : null;
}

function swapDayMonth(fmt: string): string {
  return fmt.replace(/^%([dm])(\W)%([dm])/, '%$3$2%$1');
}

/** Some value of date column `name` has a day above 12: its day-month order was not a guess. */
async function showsOrder(db: DuckSession, name: string): Promise<boolean> {
  const [[k]] = (await db.rows(`SELECT count(*) FILTER (WHERE day(${sqlIdent(name)}) > 12)::DOUBLE FROM t`)) as [number][];
  return Number(k) > 0;
}

/** At least half of column `name`'s non-empty cells read as dates of format `fmt`. */
async function readsMost(db: DuckSession, name: string, fmt: string): Promise<boolean> {
  const c = sqlIdent(name);
  const [[ok, n]] = (await db.rows(`SELECT count(try_strptime(trim(${c}), ${sqlString(fmt)}))::DOUBLE, count(*) FILTER (WHERE trim(${c}) <> '')::DOUBLE FROM t`)) as [number, number][];
  return Number(n) > 0 && 2 * Number(ok) >= Number(n);
}

/** A date alone (2021-04-13, 13/04/2021, 13.04.2021). */
const DATE_ONLY = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/;

/** Cells looked at per text column before reading more of it, and sampled to recognise date-times (text-dates.ts). */
const TEXT_DATE_HEAD = 20;
const TEXT_DATE_SAMPLE = 1000;

/** The first `n` non-empty cells of text column `name`, trimmed. */
async function textCells(db: DuckSession, name: string, n: number): Promise<string[]> {
  const c = sqlIdent(name);
  return ((await db.rows(`SELECT trim(${c}) FROM t WHERE trim(${c}) <> '' LIMIT ${n}`)) as [string][]).map((r) => r[0]);
}

async function readIntoTable(db: DuckSession, facts: FileFacts, format: FileFormat, opts: LoadOptions): Promise<number> {
  const p = sqlString(facts.readPath);
  if (format === 'parquet' || format === 'json' || format === 'jsonl') {
    const from =
      // JSON: DuckDB types ISO dates itself; other dates ('13-04-2021', which it would read in an
      // order of its own choosing and not say which) stay text for readDates, whose formats are kept.
      format === 'parquet'
        ? `read_parquet(${p})`
        : `read_json(${p}, format='${format === 'jsonl' ? 'newline_delimited' : 'auto'}', sample_size=-1, dateformat='%Y-%m-%d')`;
    try {
      return await db.materialize('t', from);
    } catch (e) {
      throw await readFailure(facts.path, facts.readPath, format, e);
    }
  }
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE;
  const base = `${p}, max_line_size=${maxLine}, ${csvOptions(format, opts)}`;
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

async function throwIfRagged(facts: FileFacts): Promise<void> {
  if (/\.gz$/i.test(facts.readPath)) return;
  const text = await readFile(facts.readPath, 'utf8');
  const delim = facts.format === 'tsv' ? '\t' : guessDelimiter(text);
  if (!delim) return;
  const bad = findRaggedLine(text, delim);
  if (!bad) return;
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
