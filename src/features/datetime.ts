/**
 * Datetime parts: year, month (1-12), day of week (0 = Sunday), hour, weekend flag (Sat/Sun),
 * elapsed days since the training minimum. All in UTC. Missing -> NaN (tree view), or, when
 * the step was fitted with `scale` (linear view), the training median of each part and then
 * (x - center) / scale.
 *
 * The Frame stores datetimes as epoch ms; a column that arrives as text (a loader could not
 * agree on one format) is parsed per cell: ISO 8601, 'YYYY/MM/DD[ HH:MM[:SS]]', 'YYYY.MM.DD',
 * 'DD/MM/YYYY[ HH:MM[:SS][ AM]]' (day first unless the column's values show month first),
 * epoch seconds/ms, then Date.parse. If most non-empty cells do not parse, the
 * step fails with a BAD_ARGUMENT error naming the column and an example value.
 */
import { AskmlError } from '../errors.js';
import type { Column, Frame } from '../data/frame.js';
import { denseBlock, numsFromJSON, numsToJSON, requireColumn, textCell } from './columns.js';
import type { FeatureBlock, FittedTransformer, SavedTransformer, Transformer } from './types.js';

export const DATE_PARTS = ['year', 'month', 'dayofweek', 'hour', 'weekend', 'elapsed_days'] as const;
export type DatePart = (typeof DATE_PARTS)[number];
const DAY = 86_400_000;

/** Epoch ms of a calendar date and time, NaN for one that does not exist (month 19, 31 April): no roll-over. */
function utcDate(y: number, mo: number, d: number, h = 0, mi = 0, sec = 0): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return NaN;
  const v = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(v);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? v : NaN;
}

/** D/M/Y or M/D/Y with '/' or '.', and an optional time: the fields parseDate orders by `monthFirst`. */
const DAY_MONTH = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?)?$/;

/**
 * Parse one date string to epoch ms (UTC), NaN when it is not a date. '03/04/2021' is day first
 * unless `monthFirst` (a column whose values showed that order, dateOrder); a value impossible in
 * that order (06/19/2021 day first) is read in the other.
 */
export function parseDate(s: string, monthFirst = false): number {
  const t = s.trim();
  if (t === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    const v = Number(t);
    if (v > 1e11) return v; // epoch ms
    if (v > 1e8) return v * 1000; // epoch s
    return NaN; // a bare year or number is ambiguous
  }
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (m) {
    const local = utcDate(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (Number.isNaN(local)) return NaN;
    if (m[8]) return Date.parse(`${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}T${(m[4] ?? '0').padStart(2, '0')}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[8]}`);
    return local;
  }
  m = DAY_MONTH.exec(t);
  if (m) {
    let h = +(m[4] ?? 0);
    if (m[7]) {
      if (h < 1 || h > 12) return NaN;
      h = (h % 12) + (/p/i.test(m[7]) ? 12 : 0);
    }
    const at = (d: number, mo: number): number => utcDate(+m![3], mo, d, h, +(m![5] ?? 0), +(m![6] ?? 0));
    const first = monthFirst ? at(+m[2], +m[1]) : at(+m[1], +m[2]);
    return Number.isNaN(first) ? (monthFirst ? at(+m[1], +m[2]) : at(+m[2], +m[1])) : first;
  }
  const v = Date.parse(t);
  return Number.isNaN(v) ? NaN : v;
}

/**
 * The day-month order of a text column's D/M/Y values, as a reader of the whole column decides it:
 * month first when some value can only be month first (04/13/2021) and none only day first.
 */
export function monthFirstColumn(col: Column, nRows: number): boolean {
  let dayOnly = false;
  let monthOnly = false;
  for (let i = 0; i < nRows && !(dayOnly && monthOnly); i++) {
    const m = DAY_MONTH.exec(textCell(col, i).trim());
    if (!m) continue;
    if (+m[1] > 12) dayOnly = true;
    if (+m[2] > 12) monthOnly = true;
  }
  return monthOnly && !dayOnly;
}

/** Epoch ms per row, parsing text cells when needed. */
export function dateValues(col: Column, nRows: number): Float64Array {
  if (col.type === 'datetime' || col.type === 'numeric') return col.values;
  const out = new Float64Array(nRows);
  let nonEmpty = 0;
  let bad = 0;
  let example = '';
  // One order for the whole column (a cell that can only be month first decides for the others).
  const monthFirst = monthFirstColumn(col, nRows);
  for (let i = 0; i < nRows; i++) {
    const s = textCell(col, i);
    const v = parseDate(s, monthFirst);
    out[i] = v;
    if (s.trim() !== '') {
      nonEmpty++;
      if (Number.isNaN(v)) { bad++; if (!example) example = s; }
    }
  }
  if (nonEmpty > 0 && bad > nonEmpty / 2) {
    throw new AskmlError('BAD_ARGUMENT', `Column '${col.name}' should hold dates but ${bad} of ${nonEmpty} values do not parse (e.g. '${example}').`, {
      hint: 'Use ISO dates (2024-03-01 or 2024-03-01T12:00:00Z), or treat the column as categorical/text.',
      value: example,
    });
  }
  return out;
}

/** Year and month (1-12) of a day number since 1970-01-01 (proleptic Gregorian, no Date object). */
function civil(days: number): { y: number; m: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m };
}

function part(ms: number, p: DatePart, origin: number): number {
  if (Number.isNaN(ms)) return NaN;
  const days = Math.floor(ms / DAY);
  switch (p) {
    case 'year': return civil(days).y;
    case 'month': return civil(days).m;
    case 'dayofweek': return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    case 'hour': return Math.floor((ms - days * DAY) / 3_600_000);
    case 'weekend': { const w = (((days + 4) % 7) + 7) % 7; return w === 0 || w === 6 ? 1 : 0; }
    case 'elapsed_days': return (ms - origin) / DAY;
  }
}

export interface DatetimeOptions {
  column: string;
  /** Default: all parts, 'hour' only when some training value has a time of day. */
  parts?: DatePart[];
  /** Linear view: impute with the median part and standardise. */
  scale?: boolean;
  reason?: string;
}

export class DatetimeTransformer implements Transformer {
  readonly kind = 'datetime_parts';
  constructor(readonly options: DatetimeOptions) {}
  fit(frame: Frame): FittedDatetime {
    const o = this.options;
    const v = dateValues(requireColumn(frame, o.column, [o.column]), frame.nRows);
    let origin = Infinity;
    let hasTime = false;
    for (const x of v) if (!Number.isNaN(x)) { if (x < origin) origin = x; if (x % DAY !== 0) hasTime = true; }
    if (!Number.isFinite(origin)) origin = 0;
    const parts = o.parts ?? DATE_PARTS.filter((p) => p !== 'hour' || hasTime);
    const k = parts.length;
    const fill = new Float64Array(k).fill(NaN);
    const center = new Float64Array(k);
    const scale = new Float64Array(k).fill(1);
    if (o.scale) {
      parts.forEach((p, j) => {
        const vals = Array.from(v, (x) => part(x, p, origin)).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
        const med = vals.length ? vals[vals.length >> 1] : 0;
        fill[j] = med;
        const n = v.length || 1;
        let s = 0;
        for (const x of v) s += Number.isNaN(x) ? med : part(x, p, origin);
        const mean = s / n;
        let s2 = 0;
        for (const x of v) { const d = (Number.isNaN(x) ? med : part(x, p, origin)) - mean; s2 += d * d; }
        const sd = Math.sqrt(s2 / n);
        center[j] = mean;
        scale[j] = sd > 1e-12 ? sd : 1;
      });
    }
    const reason = o.reason ?? `${o.column}: datetime -> ${parts.join(', ')}${o.scale ? ' (imputed, standardised)' : ''}`;
    return new FittedDatetime(o.column, parts, origin, fill, center, scale, reason);
  }
}

export class FittedDatetime implements FittedTransformer {
  readonly kind = 'datetime_parts';
  readonly inputs: string[];
  readonly outputs: string[];
  constructor(
    readonly column: string,
    readonly parts: DatePart[],
    readonly origin: number,
    readonly fill: Float64Array,
    readonly center: Float64Array,
    readonly scale: Float64Array,
    readonly reason: string,
  ) {
    this.inputs = [column];
    this.outputs = parts.map((p) => `${column}__${p}`);
  }
  transform(frame: Frame): FeatureBlock {
    const v = dateValues(requireColumn(frame, this.column, this.inputs), frame.nRows);
    const n = frame.nRows;
    const k = this.parts.length;
    const data = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        let x = part(v[i], this.parts[j], this.origin);
        if (Number.isNaN(x)) x = this.fill[j];
        data[i * k + j] = (x - this.center[j]) / this.scale[j];
      }
    }
    return { names: [...this.outputs], matrix: denseBlock(n, k, data) };
  }
  toJSON(): SavedTransformer {
    return {
      kind: 'datetime_parts', version: 1, inputs: this.inputs, parts: this.parts, originMs: this.origin,
      fill: numsToJSON(this.fill), center: Array.from(this.center), scale: Array.from(this.scale), reason: this.reason,
    };
  }
}

export function loadDatetime(s: SavedTransformer): FittedDatetime {
  return new FittedDatetime(
    (s.inputs as string[])[0], s.parts as DatePart[], s.originMs as number, numsFromJSON(s.fill),
    Float64Array.from(s.center as number[]), Float64Array.from(s.scale as number[]), s.reason as string,
  );
}
