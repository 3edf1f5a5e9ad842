/**
 * Date-times DuckDB's CSV sniffer leaves as text: '4/13/2021 19:40', '13/04/2021 10:30',
 * '2021/04/13 10:30', '4/13/2021 7:40 PM' (it knows '-' separated ones with seconds, and
 * dates without a time). A spreadsheet export writes them so, and as text they were an id column
 * (every value distinct) and left out. Here a text column whose sampled values all have one such
 * shape gets a strptime format, and the file is read again with it (read_csv timestampformat).
 *
 * Day and month order: day first unless a value rules it out (its second field above 12), as
 * DuckDB decides for dates. When no value decides, load.ts takes the order another date column
 * of the file shows (same separator); failing that, day first is a guess, and load.ts says so (a
 * 'date_format' note).
 */

const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})([ T])(\d{1,2}):(\d{2})(:\d{2})?(?: ?([AaPp][Mm]))?$/;
const YMD = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})([ T])(\d{1,2}):(\d{2})(:\d{2})?(?: ?([AaPp][Mm]))?$/;

/** The strptime format (for read_csv's timestampformat) all `values` (non-empty cells) share, or null. */
export function textDateFormat(values: readonly string[]): string | null {
  return textDateShape(values)?.format ?? null;
}

export interface TextDateShape {
  format: string;
  /** Day and month first both read every value: the order in `format` (day first) is a guess. */
  ambiguous: boolean;
}

/** textDateFormat, and whether the values left the day-month order open. */
export function textDateShape(values: readonly string[]): TextDateShape | null {
  let shape: string | null = null;
  let sep = '';
  let time = '';
  let dayFirstOk = true;
  let monthFirstOk = true;
  let ymd = false;
  for (const raw of values) {
    const v = raw.trim();
    const d = DMY.exec(v);
    const m = d ?? YMD.exec(v);
    if (!m) return null;
    const ampm = m[9] ? (/ [AaPp][Mm]$/.test(v) ? ' %p' : '%p') : '';
    const key = `${d ? 'dmy' : 'ymd'}${m[2]}${m[5]}${m[8] ? 's' : ''}${ampm}`;
    if (shape === null) {
      shape = key;
      ymd = !d;
      sep = m[2];
      time = `${m[5]}${ampm ? '%I' : '%H'}:%M${m[8] ? ':%S' : ''}${ampm}`;
    } else if (shape !== key) return null;
    const hour = Number(m[6]);
    if (Number(m[7]) > 59 || (m[8] && Number(m[8].slice(1)) > 60) || (ampm ? hour < 1 || hour > 12 : hour > 23)) return null;
    if (d) {
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (a < 1 || b < 1 || a > 31 || b > 31) return null;
      if (a > 12) monthFirstOk = false;
      if (b > 12) dayFirstOk = false;
    } else {
      const mo = Number(m[3]);
      const day = Number(m[4]);
      if (mo < 1 || mo > 12 || day < 1 || day > 31) return null;
    }
  }
  if (shape === null) return null;
  if (ymd) return { format: `%Y${sep}%m${sep}%d${time}`, ambiguous: false };
  if (!dayFirstOk && !monthFirstOk) return null;
  return { format: dayFirstOk ? `%d${sep}%m${sep}%Y${time}` : `%m${sep}%d${sep}%Y${time}`, ambiguous: dayFirstOk && monthFirstOk };
}
