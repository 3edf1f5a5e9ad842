/**
 * Semantic types and roles: free text vs short categorical labels, text language, id-like,
 * constant and empty columns, likely target leakage, the target guess and the task guess.
 * Rules are simple and explainable: each non-feature role carries a reason.
 */
import type { Column, Frame } from './frame.js';
import type { TaskType } from '../learners/types.js';
import type { TextLang } from './column-info.js';
import { distinctCounts } from './numeric-stats.js';

export interface StringStats {
  /** Non-missing values looked at (a strided sample for big columns). */
  sampled: number;
  /** Distinct values among the sample. */
  sampleDistinct: number;
  avgLen: number;
  avgTokens: number;
  /** Share of non-space characters that are CJK ideographs. */
  cjkShare: number;
  /** Share of non-space characters that are ASCII letters. */
  latinShare: number;
  /** Share of values that parse as numbers (mixed-type detection). */
  numericShare: number;
}

const SAMPLE = 20_000;
const NUMBER_RE = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A strided sample of at most `limit` non-missing strings from an array with nulls. */
export function sampleStrings(values: ArrayLike<string | null>, limit = SAMPLE): string[] {
  const n = values.length;
  const step = Math.max(1, Math.floor(n / limit));
  const out: string[] = [];
  for (let i = 0; i < n && out.length < limit; i += step) {
    const v = values[i];
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

/** Strings of a categorical or text column, sampled. */
export function columnSample(col: Column, limit = SAMPLE): string[] {
  if (col.type === 'text') return sampleStrings(col.values, limit);
  if (col.type !== 'categorical') return [];
  const n = col.codes.length;
  const step = Math.max(1, Math.floor(n / limit));
  const out: string[] = [];
  for (let i = 0; i < n && out.length < limit; i += step) if (col.codes[i] >= 0) out.push(col.levels[col.codes[i]]);
  return out;
}

export function stringStats(sample: readonly string[]): StringStats {
  let len = 0;
  let tokens = 0;
  let chars = 0;
  let cjk = 0;
  let latin = 0;
  let numeric = 0;
  const distinct = new Set<string>();
  for (const s of sample) {
    distinct.add(s);
    len += s.length;
    let inTok = false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const space = c === 32 || c === 9 || c === 10 || c === 13;
      if (!space) {
        chars++;
        if (c >= 0x4e00 && c <= 0x9fff) cjk++;
        else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
        if (!inTok) tokens++;
      }
      inTok = !space;
    }
    if (NUMBER_RE.test(s)) numeric++;
  }
  const m = Math.max(1, sample.length);
  return {
    sampled: sample.length,
    sampleDistinct: distinct.size,
    avgLen: len / m,
    avgTokens: tokens / m,
    cjkShare: cjk / Math.max(1, chars),
    latinShare: latin / Math.max(1, chars),
    numericShare: numeric / m,
  };
}

/**
 * Free text (tokenise it) rather than a short label (one-hot it): values are mostly distinct and
 * long, i.e. sentences or headlines. Chinese text has no spaces, so it is judged by length.
 */
export function isFreeText(s: StringStats): boolean {
  if (s.sampled < 2) return false;
  const distinctRatio = s.sampleDistinct / s.sampled;
  if (distinctRatio < 0.3) return false;
  if (s.cjkShare > 0.3) return s.avgLen >= 6;
  return s.avgTokens >= 3 || s.avgLen >= 30;
}

export function textLang(s: StringStats): TextLang {
  if (s.cjkShare >= 0.2) return 'zh';
  if (s.latinShare >= 0.5) return 'en';
  return 'other';
}

const TARGET_NAMES = [
  'label', 'labels', 'target', 'class', 'classes', 'category', 'y', 'outcome', 'response',
  '标签', '类别', '分类', '目标', '结果',
];

/** Distinct non-missing values of a column (exact). */
export function distinctCount(col: Column): number {
  if (col.type === 'categorical') {
    const seen = new Uint8Array(col.levels.length);
    let k = 0;
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i];
      if (c >= 0 && seen[c] === 0) {
        seen[c] = 1;
        k++;
      }
    }
    return k;
  }
  if (col.type === 'text') {
    const set = new Set<string>();
    for (const v of col.values) if (v !== null) set.add(v);
    return set.size;
  }
  const a = Float64Array.from(col.values.filter((v) => !Number.isNaN(v)));
  return distinctCounts(a, a.length, 0).distinct;
}

/**
 * The target when the user named none: a column with a conventional label name (English or
 * Chinese), else the last column that is not free text, id-like, constant or empty.
 */
export function guessTarget(frame: Frame, skip: ReadonlySet<string> = new Set()): string | null {
  const names = frame.columns.map((c) => c.name);
  for (const want of TARGET_NAMES) {
    // 'y' beside an 'x' column is a coordinate (diamonds' x, y, z), not a label.
    if (want === 'y' && names.some((n) => n.trim().toLowerCase() === 'x')) continue;
    const hit = names.find((n) => n.trim().toLowerCase() === want && !skip.has(n));
    if (hit) return hit;
  }
  for (let i = frame.columns.length - 1; i >= 0; i--) {
    const c = frame.columns[i];
    if (!skip.has(c.name) && c.type !== 'text') return c.name;
  }
  return names.length > 0 ? names[names.length - 1] : null;
}

function isIntegral(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v) && v !== Math.floor(v)) return false;
  }
  return true;
}

/**
 * The task for a target column: strings and booleans are classification; numbers are
 * classification when they are few distinct integers, regression otherwise.
 */
/**
 * A text column of numbers but for a few cells ('n/a'-like words the loader does not know, such
 * as 'unknown'): its non-numeric labels and the rows holding them; null when it is not so.
 * "Mostly" is at least 95% of the non-missing cells, and more than 20 distinct numbers (few
 * distinct numbers are class codes).
 */
export function mostlyNumeric(col: Column): { labels: string[]; rows: number[]; nonMissing: number } | null {
  if (col.type !== 'categorical' && col.type !== 'text') return null;
  const isNum = (v: string): boolean => v.trim() !== '' && Number.isFinite(Number(v));
  const labels = new Set<string>();
  const rows: number[] = [];
  const numbers = new Set<number>();
  let nonMissing = 0;
  const n = col.type === 'categorical' ? col.codes.length : col.values.length;
  for (let i = 0; i < n; i++) {
    const v = col.type === 'categorical' ? (col.codes[i] < 0 ? null : col.levels[col.codes[i]]) : col.values[i];
    if (v === null) continue;
    nonMissing++;
    if (isNum(v)) numbers.add(Number(v));
    else {
      labels.add(v);
      rows.push(i);
    }
  }
  if (rows.length === 0 || rows.length > 0.05 * nonMissing || numbers.size <= 20) return null;
  return { labels: [...labels], rows, nonMissing };
}

export function inferTask(col: Column): TaskType {
  const k = distinctCount(col);
  // Numbers with a few stray words: a quantity, not 200 classes (the target check then names the words).
  if ((col.type === 'categorical' || col.type === 'text') && mostlyNumeric(col)) return 'regression';
  if (col.type === 'categorical' || col.type === 'text' || col.type === 'boolean') return k <= 2 ? 'binary' : 'multiclass';
  // Class codes are integers: two fractional values are a quantity (the 2-row training split of a
  // 3-row regression file must not turn binary and clash with the task the whole file gives).
  const integral = isIntegral(col.values);
  if (k <= 2 && integral) return 'binary';
  const nonMissing = col.values.length;
  if (integral && k <= Math.max(10, Math.min(30, Math.sqrt(nonMissing)))) return 'multiclass';
  return 'regression';
}

const ID_NAME = /(^|[_\s.-])(id|uuid|guid|key|index|idx)$|^(id|index|row|编号|序号|ID)$|^id[_\s]/i;

/** Is this column an identifier (unique per row, carries no signal)? Returns a reason or null. */
export function idReason(col: Column, nonMissing: number, distinct: number): string | null {
  if (nonMissing < 20 || distinct < 0.98 * nonMissing) return null;
  if (col.type === 'categorical') return `unique per row (${distinct} distinct of ${nonMissing})`;
  if (col.type === 'numeric' && isIntegral(col.values)) {
    if (ID_NAME.test(col.name)) return `integer, unique per row and named like an id`;
    if (isStepSequence(col.values)) return 'consecutive integers (a row number)';
  }
  return null;
}

function isStepSequence(v: Float64Array): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] - v[i - 1] !== 1) return false;
  return v.length > 1;
}
