/**
 * Per-column statistics for the profile, one pass (plus one sort for numeric columns) over typed
 * arrays: missing count, distinct count, top values, numeric summary, text length and language.
 */
import type { Column } from './frame.js';
import type { NumericSummary, TextSummary, ValueCount } from './profile-schema.js';
import { columnSample, stringStats, textLang, type StringStats } from './roles.js';
import { summarizeNumbers } from './numeric-stats.js';

const NUMBER_RE = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export interface ColumnStats {
  missing: number;
  distinct: number;
  top: ValueCount[];
  examples: string[];
  numeric: NumericSummary | null;
  text: TextSummary | null;
  strings: StringStats | null;
  /** String columns: share of non-missing rows whose value parses as a number, and a few that do not. */
  numericShare: number;
  nonNumeric: string[];
  /** Numeric column holding only 0 and 1. */
  zeroOne: boolean;
  integral: boolean;
}

const TOP = 10;
const EXAMPLE_CHARS = 80;

export function columnStats(col: Column): ColumnStats {
  if (col.type === 'categorical') return categoricalStats(col.codes, col.levels, col);
  if (col.type === 'text') return textStats(col.values, col);
  return numericStats(col.values, col.type === 'datetime');
}

function clip(s: string): string {
  return s.length > EXAMPLE_CHARS ? `${s.slice(0, EXAMPLE_CHARS - 1)}…` : s;
}

function categoricalStats(codes: Int32Array, levels: string[], col: Column): ColumnStats {
  const counts = new Float64Array(levels.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) missing++;
    else counts[c]++;
  }
  let distinct = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) distinct++;
  const order = Array.from(counts.keys())
    .filter((k) => counts[k] > 0)
    .sort((a, b) => counts[b] - counts[a] || (levels[a] < levels[b] ? -1 : 1));
  const nonMissing = codes.length - missing;
  const top = order.slice(0, TOP).map((k) => ({ value: clip(levels[k]), count: counts[k], share: counts[k] / nonMissing }));
  const examples = order.slice(0, 3).map((k) => clip(levels[k]));
  let numericRows = 0;
  const nonNumeric: string[] = [];
  for (const k of order) {
    if (NUMBER_RE.test(levels[k])) numericRows += counts[k];
    else if (nonNumeric.length < 3) nonNumeric.push(clip(levels[k]));
  }
  return {
    missing,
    distinct,
    top,
    examples,
    numeric: null,
    text: null,
    numericShare: nonMissing > 0 ? numericRows / nonMissing : 0,
    nonNumeric,
    strings: stringStats(columnSample(col)),
    zeroOne: false,
    integral: false,
  };
}

function textStats(values: (string | null)[], col: Column): ColumnStats {
  let missing = 0;
  let sumLen = 0;
  let minLen = Infinity;
  let maxLen = 0;
  const set = new Set<string>();
  for (const v of values) {
    if (v === null) {
      missing++;
      continue;
    }
    set.add(v);
    sumLen += v.length;
    if (v.length < minLen) minLen = v.length;
    if (v.length > maxLen) maxLen = v.length;
  }
  const nonMissing = values.length - missing;
  const strings = stringStats(columnSample(col));
  const distinctEx = new Set<string>();
  for (const v of values) {
    if (v !== null) distinctEx.add(clip(v));
    if (distinctEx.size >= 3) break;
  }
  const examples = [...distinctEx];
  return {
    missing,
    distinct: set.size,
    top: [],
    examples,
    numeric: null,
    text: {
      lang: textLang(strings),
      avgChars: nonMissing > 0 ? sumLen / nonMissing : 0,
      minChars: nonMissing > 0 ? minLen : 0,
      maxChars: maxLen,
      avgTokens: strings.avgTokens,
    },
    strings,
    numericShare: strings.numericShare,
    nonNumeric: [],
    zeroOne: false,
    integral: false,
  };
}

const PROBS = [0.05, 0.25, 0.5, 0.75, 0.95];

function numericStats(values: Float64Array, datetime: boolean): ColumnStats {
  const s = summarizeNumbers(values, PROBS, 20);
  const show = (v: number) => (datetime ? new Date(v).toISOString() : String(v));
  const top: ValueCount[] = s.counts.slice(0, TOP).map((c) => ({ value: show(c.value), count: c.count, share: c.count / s.n }));
  const seen = new Set<number>();
  for (let i = 0; i < values.length && seen.size < 3; i++) if (!Number.isNaN(values[i])) seen.add(values[i]);
  const examples = [...seen].map(show);
  const [q05, q25, median, q75, q95] = s.quantiles;
  return {
    missing: s.missing,
    distinct: s.distinct,
    top,
    examples,
    numeric: s.n === 0 ? null : { min: s.min, max: s.max, mean: s.mean, std: s.std, q05, q25, median, q75, q95 },
    text: null,
    strings: null,
    numericShare: 1,
    nonNumeric: [],
    zeroOne: s.n > 0 && s.min >= 0 && s.max <= 1 && s.integral,
    integral: s.integral,
  };
}
