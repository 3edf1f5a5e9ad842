/**
 * Date-times DuckDB's CSV sniffer leaves as text: '4/13/2021 19:40', '13/04/2021 10:30',
 * '2021/04/13 10:30', '4/13/2021 7:40 PM' (it knows '-' separated ones with seconds, and
 * dates without a time). A spreadsheet export writes them so, and as text they were an id column
 * (every value distinct) and left out. Here a text column whose sampled values have one such shape
 * (all but a tenth at most) gets a strptime format, and load.ts converts the column with it.
 *
 * Day and month order: day first unless a value rules it out (its second field above 12), as
 * DuckDB decides for dates. When no value decides, load.ts takes the order another date column
 * of the file shows (same separator); failing that, day first is a guess, and load.ts says so (a
 * 'date_format' note).
 */

const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:([ T])(\d{1,2}):(\d{2})(:\d{2})?(?: ?([AaPp][Mm]))?)?$/;
const YMD = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:([ T])(\d{1,2}):(\d{2})(:\d{2})?(?: ?([AaPp][Mm]))?)?$/;

/** The strptime format the `values` (non-empty cells) share (all but a tenth at most, textDateShape), or null. */
export function textDateFormat(values: readonly string[], o: TextDateOptions = {}): string | null {
  return textDateShape(values, o)?.format ?? null;
}

export interface TextDateOptions {
  /**
   * Dates without a time too ('03/04/2021', '2021/04/13'): for JSON, whose reader knows ISO only. A
   * CSV's are read by DuckDB's sniffer, so for a CSV (the default) a value needs a time.
   */
  dateOnly?: boolean;
}

export interface TextDateShape {
  format: string;
  /** Day and month first both read every value: the order in `format` (day first) is a guess. */
  ambiguous: boolean;
}

/** Share of the values that must have the column's one shape; the rest are bad cells (read as missing, with a note). */
export const TEXT_DATE_SHARE = 0.9;

interface Tally {
  n: number;
  ymd: boolean;
  sep: string;
  time: string;
  /** Values a day-first reading cannot take (second field above 12), and a month-first one (first field). */
  notDayFirst: number;
  notMonthFirst: number;
}

/**
 * textDateFormat, and whether the values left the day-month order open. At least TEXT_DATE_SHARE
 * of the values must have one shape (a typo or an 'unknown' among thousands of date-times does not
 * make the column text); the order is read from the values of that shape.
 */
export function textDateShape(values: readonly string[], o: TextDateOptions = {}): TextDateShape | null {
  const tallies = new Map<string, Tally>();
  for (const raw of values) {
    const v = raw.trim();
    const d = DMY.exec(v);
    const m = d ?? YMD.exec(v);
    if (!m) continue;
    const hasTime = m[5] !== undefined;
    // ISO dates ('2021-04-13') DuckDB reads itself; '-' between year, month and day only with a time.
    if (!hasTime && (!o.dateOnly || (!d && m[2] === '-'))) continue;
    const ampm = m[9] ? (/ [AaPp][Mm]$/.test(v) ? ' %p' : '%p') : '';
    const hour = Number(m[6] ?? 0);
    if (hasTime && (Number(m[7]) > 59 || (m[8] && Number(m[8].slice(1)) > 60) || (ampm ? hour < 1 || hour > 12 : hour > 23))) continue;
    const a = Number(m[d ? 1 : 3]);
    const b = Number(m[d ? 3 : 4]);
    if (d ? a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12) : a < 1 || a > 12 || b < 1 || b > 31) continue;
    const key = `${d ? 'dmy' : 'ymd'}${m[2]}${m[5] ?? ''}${m[8] ? 's' : ''}${ampm}`;
    let t = tallies.get(key);
    if (!t) {
      const time = hasTime ? `${m[5]}${ampm ? '%I' : '%H'}:%M${m[8] ? ':%S' : ''}${ampm}` : '';
      t = { n: 0, ymd: !d, sep: m[2], time, notDayFirst: 0, notMonthFirst: 0 };
      tallies.set(key, t);
    }
    t.n++;
    if (d && a > 12) t.notMonthFirst++;
    if (d && b > 12) t.notDayFirst++;
  }
  let best: Tally | null = null;
  for (const t of tallies.values()) if (!best || t.n > best.n) best = t;
  if (!best || best.n < TEXT_DATE_SHARE * values.length) return null;
  const { sep, time } = best;
  if (best.ymd) return { format: `%Y${sep}%m${sep}%d${time}`, ambiguous: false };
  // The order fewer values rule out ('25/04/2021', a typo among month-first dates, is a bad cell);
  // day first on a tie, as DuckDB. Its readable values must still be nine in ten.
  const dayFirst = best.notDayFirst <= best.notMonthFirst;
  if (best.n - Math.min(best.notDayFirst, best.notMonthFirst) < TEXT_DATE_SHARE * values.length) return null;
  return { format: dayFirst ? `%d${sep}%m${sep}%Y${time}` : `%m${sep}%d${sep}%Y${time}`, ambiguous: best.notDayFirst === 0 && best.notMonthFirst === 0 };
}
