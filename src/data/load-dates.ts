/**
 * Dates of a loaded table (load.ts): the formats DuckDB read a CSV's date columns with, and text
 * columns of dates it left as text ('4/13/2021 19:40'; a JSON file's '03/04/2021') converted in
 * place, each with its own format. The formats are kept (dataset record, model manifest) so the
 * test file and files to predict read '03/04/2021' as the same day as the training file did.
 */
import type { LoadNote } from './frame.js';
import type { FileFormat } from './file-check.js';
import { textDateFormat, textDateShape } from './text-dates.js';
import { columnTypes, sqlIdent, sqlString, type DuckSession } from './duckdb.js';

/** The strptime formats a CSV's or JSON file's dates were read with ('%m/%d/%Y'). */
export interface DateFormats {
  /** DuckDB's DATE columns (one format per file). */
  date?: string;
  /** DuckDB's TIMESTAMP columns (one format per file; none for ISO). */
  timestamp?: string;
  /** Text columns askml read as dates itself ('4/13/2021 19:40'), each with its format. */
  columns?: Record<string, string>;
}

/**
 * The DATE format a file is read with when formats are given: the given one, else one the training
 * file's text date-times lend ('%m/%d/%Y %H:%M' -> '%m/%d/%Y'), so a file to predict holding only
 * dates reads them in the training order.
 */
export function givenDate(dates: DateFormats | undefined): string | undefined {
  return dates?.date ?? Object.values(dates?.columns ?? {}).map((f) => f.replace(/[ T]%[HI].*$/, ''))[0];
}

export interface ReadDatesOptions {
  /** The file DuckDB read (sniff_csv reads it again). */
  readPath: string;
  format: FileFormat;
  /** read_csv's options the file was read with (load.ts csvOptions), for sniff_csv. */
  csvOptions: string;
  /** Formats to read with (a model's training file's), LoadOptions.dates. */
  dates?: DateFormats;
  /** Columns to leave as text, LoadOptions.textColumns. */
  textColumns?: readonly string[];
  /** Where notes on bad cells and guessed orders go. */
  notes: LoadNote[];
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
 *   own format; cells the format cannot read become missing, with a note. `textColumns` (text
 *   when the model or dataset record was made) are left as they are.
 *
 * A text column of date-times whose values leave the day-month order open ('5/6/2021 10:00') takes
 * the order the file's other date columns with the same separator show, when they agree. A
 * day-month order this file chose itself although no value has a day above 12, and no other
 * column shows it, was a guess: a 'date_format' note says so (naming a column that shows the
 * other order). Returns undefined when there are no date columns.
 */
export async function readDates(db: DuckSession, o: ReadDatesOptions): Promise<DateFormats | undefined> {
  const { format, notes } = o;
  const given = { ...o.dates, date: givenDate(o.dates) };
  const keepText = new Set(o.textColumns ?? []);
  const types = await columnTypes(db);
  let sniffedOnce: { date?: string; timestamp?: string } | null = null;
  const csv = format === 'csv' || format === 'tsv';
  const sniff = async (): Promise<{ date?: string; timestamp?: string }> => {
    if (sniffedOnce) return sniffedOnce;
    sniffedOnce = {};
    // JSON: read with ISO dates only (readIntoTable); other dates are text columns, recognised below.
    if (!csv) return sniffedOnce;
    try {
      const [row] = (await db.rows(`SELECT DateFormat, TimestampFormat FROM sniff_csv(${sqlString(o.readPath)}, ${o.csvOptions})`)) as [string | null, string | null][];
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
