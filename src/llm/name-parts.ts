/**
 * Column mentions through the parts of column names, for names a user rarely types whole:
 * - tokens: "bill" -> bill_length_mm and bill_depth_mm, "bill length" -> bill_length_mm,
 *   "charges" -> MonthlyCharges and TotalCharges (a phrase naming several columns is a group);
 * - initials: "body mass index" -> bmi, "blood pressure" -> bp, and "BMI" -> body_mass_index.
 * Only ASCII words; id columns are left out (they are named, not described).
 */
import type { ColumnInfo } from '../data/column-info.js';
import { normName } from './lexicon.js';

export interface NamePartHit {
  column: string;
  /** Every column the phrase names, when it names more than one. */
  group?: string[];
  start: number;
  end: number;
  phrase: string;
  via: 'token' | 'acronym';
  /** One word naming a part of a longer name ("housing" in housing_median_age): weak evidence, never a target. */
  partial?: boolean;
}

/** Words that never identify a column by themselves. */
const STOP = new Set(
  ('a an the of and or for to in on at by with from into its it their his her this that these those each ' +
    'per as is are be was were not no all any some other others its my our your me us we you they he she ' +
    'how what which who why where when do does did can could would should will shall may might must').split(' '),
);

/** Lowercase parts of a column name: "bill_length_mm" -> bill, length, mm; "MonthlyCharges" -> monthly, charges. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

interface Word {
  start: number;
  end: number;
  text: string;
  lower: string;
}

/** ASCII words not glued to digits, dots or underscores ("x.box" is a name, not the word "box"). */
function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  const re = /[A-Za-z]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.charAt(m.index - 1);
    const after = text.charAt(m.index + m[0].length);
    if (/[0-9_.]/.test(before) || /[0-9_]/.test(after) || (after === '.' && /[A-Za-z]/.test(text.charAt(m.index + m[0].length + 1)))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], lower: m[0].toLowerCase() });
  }
  return out;
}

/** Whether two neighbouring words form one phrase (only spaces or a hyphen between them). */
const joined = (text: string, a: Word, b: Word) => /^[\s-]+$/.test(text.slice(a.end, b.start));

/** Singular forms of a word: "measurements" -> measurements, measurement. */
function forms(w: string): string[] {
  const out = [w];
  if (w.endsWith('ies') && w.length > 4) out.push(w.slice(0, -3) + 'y');
  if (w.endsWith('es') && w.length > 4) out.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) out.push(w.slice(0, -1));
  return out;
}

export interface NamePartOptions {
  /** Extra words too common to name a column ("class", "value", "data"...). */
  common?: ReadonlySet<string>;
}

/**
 * Phrases of 1-3 words whose every word is a part of a column name made of several parts
 * ("flipper" -> flipper_length_mm). Exact names are matched elsewhere and are skipped here.
 */
export function findTokenMentions(text: string, columns: readonly ColumnInfo[], o: NamePartOptions = {}): NamePartHit[] {
  const cols = columns
    .filter((c) => c.role !== 'id')
    .map((c) => ({ name: c.name, norm: normName(c.name), tokens: new Set(nameTokens(c.name).filter((t) => t.length >= 3 && /[a-z]/.test(t))) }))
    .filter((c) => c.tokens.size >= 2 || (c.tokens.size === 1 && nameTokens(c.name).length >= 2));
  if (cols.length === 0) return [];
  const skip = (w: string) => w.length < 3 || STOP.has(w) || (o.common?.has(w) ?? false);
  const words = wordsOf(text);
  const out: NamePartHit[] = [];
  for (let i = 0; i < words.length; i++) {
    let matching = cols;
    for (let span = 1; span <= 3 && i + span <= words.length; span++) {
      const w = words[i + span - 1];
      if (span > 1 && !joined(text, words[i + span - 2], w)) break;
      if (skip(w.lower)) break;
      const f = forms(w.lower);
      matching = matching.filter((c) => f.some((x) => c.tokens.has(x)));
      if (matching.length === 0) break;
      const phrase = text.slice(words[i].start, w.end);
      const norm = normName(phrase);
      if (matching.some((c) => c.norm === norm)) continue; // the exact name: matched elsewhere
      const names = matching.map((c) => c.name);
      const partial = span === 1 && matching.some((c) => c.tokens.size > 1);
      out.push({ column: names[0], group: names.length > 1 ? names : undefined, start: words[i].start, end: w.end, phrase, via: 'token', ...(partial ? { partial } : {}) });
    }
  }
  return out;
}

/**
 * Initials: a phrase of 2-5 words whose first letters spell a short column name ("body mass
 * index" -> bmi), and a short word spelling the initials of a multi-part name ("BMI" ->
 * body_mass_index). Two-letter forms need words of 5+ letters ("blood pressure") or an
 * upper-case abbreviation ("BP").
 */
export function findAcronymMentions(text: string, columns: readonly ColumnInfo[], o: NamePartOptions = {}): NamePartHit[] {
  const words = wordsOf(text);
  const out: NamePartHit[] = [];
  const usable = columns.filter((c) => c.role !== 'id');
  const skip = (w: string) => STOP.has(w) || (o.common?.has(w) ?? false);
  // phrase -> short name
  for (const c of usable) {
    const norm = normName(c.name);
    if (!/^[a-z]{2,5}$/.test(norm)) continue;
    const n = norm.length;
    const minLen = n === 2 ? 5 : 3;
    for (let i = 0; i + n <= words.length; i++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const w = words[i + k];
        ok = w.lower[0] === norm[k] && w.lower.length >= minLen && !STOP.has(w.lower) && (k === 0 || joined(text, words[i + k - 1], w));
      }
      if (!ok) continue;
      const phrase = text.slice(words[i].start, words[i + n - 1].end);
      out.push({ column: c.name, start: words[i].start, end: words[i + n - 1].end, phrase, via: 'acronym' });
    }
  }
  // short word -> multi-part name
  const initials = usable
    .map((c) => ({ name: c.name, norm: normName(c.name), parts: nameTokens(c.name).filter((t) => /^[a-z]+$/.test(t)) }))
    .filter((c) => c.parts.length >= 2)
    .map((c) => ({ ...c, init: c.parts.map((t) => t[0]).join('') }));
  for (const w of words) {
    if (w.lower.length < 2 || w.lower.length > 5 || skip(w.lower)) continue;
    if (w.lower.length === 2 && w.text !== w.text.toUpperCase()) continue;
    const hits = initials.filter((c) => c.init === w.lower && c.norm !== w.lower);
    if (hits.length !== 1) continue;
    out.push({ column: hits[0].name, start: w.start, end: w.end, phrase: w.text, via: 'acronym' });
  }
  return out;
}
