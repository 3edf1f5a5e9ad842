/**
 * Find the columns an instruction mentions: by exact name (case-insensitive, "_" or camelCase
 * written as spaces), through the bilingual lexicon ("票价" -> fare), by the column's values
 * ("spam" -> a label column holding spam/ham) and by fuzzy spelling ("survivd" -> survived).
 */
import type { ColumnInfo } from '../data/column-info.js';
import { LEXICON, conceptMatchesName, normName, type Concept } from './lexicon.js';
import type { Span } from './instruction-parse.js';
import { findAcronymMentions, findTokenMentions } from './name-parts.js';

export interface Mention {
  column: string;
  start: number;
  end: number;
  via: 'exact' | 'lexicon' | 'value' | 'fuzzy' | 'acronym' | 'token';
  phrase: string;
  /** Every column the phrase names when it names several ("bill" -> bill_length_mm, bill_depth_mm). */
  group?: string[];
  /** The phrase names only a part of the column's name ("housing" -> housing_median_age): never the target. */
  partial?: boolean;
  concept?: Concept;
  /** Other columns the same phrase could mean (an ambiguity worth recording). */
  alternatives: string[];
}

/** Words too common to fuzzy-match a column name ("make" must not become "name"). */
export const COMMON: ReadonlySet<string> = new Set(
  ('the and for with from this that these those what which whom whose when where while will would ' +
    'should could must have has had been being make made take some same more most less best good ' +
    'data dataset file model models please want need using used uses only just also into onto than ' +
    'then them they their there here over under within about above below after before each every ' +
    'class classes columns column feature features target label labels value values predict ' +
    'prediction task time like find tell show give keep drop exclude ignore remove train test score ' +
    'rows row table list rate type types case cases base based does done mode node code note nice ' +
    'name names ones sure fast quick seconds minutes minute second hours hour budget metric metrics').split(/\s+/),
);

/**
 * Edit distance counting a swap of neighbours as one edit ("tciket" -> "ticket" is 1). Stops early
 * and returns `limit + 1` once every alignment costs more than `limit`.
 */
export function typoDistance(a: string, b: string, limit = Infinity): number {
  const n = b.length;
  let prev2 = new Int32Array(n + 1);
  let prev = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

const isCjk = (s: string) => /[\u4e00-\u9fff]/.test(s);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Ways a column name may be written in prose: as is, with "_"/"-" as spaces, camelCase split. */
function nameVariants(name: string): string[] {
  const out = new Set<string>([name.toLowerCase()]);
  out.add(name.replace(/[_\-.]+/g, ' ').toLowerCase().trim());
  out.add(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ').toLowerCase().trim());
  return [...out].filter((v) => v.length > 0);
}

function wordRe(phrase: string): RegExp {
  const body = escapeRe(phrase).replace(/\\? /g, '[\\s_-]+');
  return isCjk(phrase) ? new RegExp(body, 'gi') : new RegExp(`(?<![A-Za-z0-9_])${body}(?:s|es)?(?![A-Za-z0-9_])`, 'gi');
}

function spansOf(text: string, re: RegExp): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** Columns a concept points to, best first: by name, then by values. */
function conceptColumns(concept: Concept, columns: readonly ColumnInfo[]): string[] {
  const ranked: { name: string; rank: number }[] = [];
  for (const c of columns) {
    const r = conceptMatchesName(concept, normName(c.name));
    if (r >= 0) ranked.push({ name: c.name, rank: r });
    else if (concept.values && c.examples.some((v) => concept.values!.includes(v.trim().toLowerCase()))) {
      ranked.push({ name: c.name, rank: 1000 });
    }
  }
  // Value evidence beats a generic name: "垃圾邮件" -> the column holding spam/ham, not any "class".
  if (concept.values) {
    for (const r of ranked) {
      const col = columns.find((c) => c.name === r.name)!;
      if (col.examples.some((v) => concept.values!.includes(v.trim().toLowerCase()))) r.rank -= 2000;
    }
  }
  // Id columns come last, and only when nothing else matches ("评论" is the review, not review_id).
  for (const r of ranked) if (columns.find((c) => c.name === r.name)!.role === 'id') r.rank += 10_000;
  const names = ranked.sort((a, b) => a.rank - b.rank).map((r) => r.name);
  const nonId = names.filter((n) => columns.find((c) => c.name === n)!.role !== 'id');
  return nonId.length > 0 ? nonId : names;
}

/**
 * Short English words that are also column names now and then ('a', 'in', 'to'): in "predict y as
 * a regression" the 'a' is an article, not column a. Such a name counts as a mention only when
 * quoted or right after a word that names a column ("predict a", "without a", "b and a").
 */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'as', 'at', 'be', 'by', 'do', 'i', 'if', 'in', 'is', 'it', 'no', 'of', 'on', 'or', 'so', 'the', 'to', 'up', 'we']);
const COLUMN_CUE = /(?:^|[^a-z])(?:predict|predicting|forecast|estimate|classify|target|column|columns|col|exclude|excluding|drop|dropping|without|ignore|ignoring|remove|use|using|only|and|from|besides|except|预测|不要用|排除|去掉|用|和)\s*[:,]?\s*$/i;

function namedAsColumn(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  return /["'`“‘「]\s*$/.test(before) || COLUMN_CUE.test(before);
}

/** The column whose normalised name is nearest to `token` by typo distance (ties flagged). */
function closestByTypo(token: string, normCols: readonly { name: string; norm: string }[]): { best?: string; bestD: number; tie: boolean } {
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const c of normCols) {
    // Typos rarely hit the first letter, except by swapping the first two.
    if (c.norm[0] !== token[0] && c.norm[0] !== token[1]) continue;
    if (Math.abs(c.norm.length - token.length) > 2) continue;
    const d = typoDistance(token, c.norm, 2);
    if (d < bestD) [best, bestD, tie] = [c.name, d, false];
    else if (d === bestD) tie = true;
  }
  return { best, bestD, tie };
}

/**
 * All column mentions in `text`, non-overlapping, in text order. `masked` spans (metric, budget,
 * task words already understood) are skipped.
 */
export function findMentions(text: string, columns: readonly ColumnInfo[], masked: readonly Span[] = []): Mention[] {
  const cands: (Mention & { prio: number })[] = [];
  // 1. exact names and their prose variants (a cheap substring test first: wide data has 1000s of columns)
  const squash = (s: string) => s.toLowerCase().replace(/[\s_\-.]+/g, ' ');
  const squashed = squash(text);
  for (const c of columns) {
    for (const v of nameVariants(c.name)) {
      if (!squashed.includes(squash(v))) continue;
      for (const m of spansOf(text, wordRe(v))) {
        if (FUNCTION_WORDS.has(v.toLowerCase()) && !namedAsColumn(text, m.start)) continue;
        cands.push({ column: c.name, start: m.start, end: m.end, via: 'exact', phrase: m.text, alternatives: [], prio: 0 });
      }
    }
  }
  // 2. lexicon concepts
  for (const concept of LEXICON) {
    const cols = conceptColumns(concept, columns);
    if (cols.length === 0) continue;
    for (const phrase of [...concept.zh, ...concept.en]) {
      for (const m of spansOf(text, wordRe(phrase))) {
        cands.push({ column: cols[0], start: m.start, end: m.end, via: 'lexicon', phrase: m.text, concept, alternatives: cols.slice(1), prio: 1 });
      }
    }
  }
  // 3. values of short categorical columns ("spam", "正面")
  for (const c of columns) {
    if (!(c.semantic === 'categorical' || c.semantic === 'boolean') || c.distinct > 20) continue;
    for (const raw of c.examples) {
      const v = raw.trim();
      if (v.length < (isCjk(v) ? 2 : 3) || /^\d+(\.\d+)?$/.test(v) || COMMON.has(v.toLowerCase())) continue;
      for (const m of spansOf(text, wordRe(v.toLowerCase()))) {
        cands.push({ column: c.name, start: m.start, end: m.end, via: 'value', phrase: m.text, alternatives: [], prio: 3 });
      }
    }
  }
  // 4. fuzzy spelling of ASCII words (and two-word joins) against normalised names
  const words = spansOf(text, /[A-Za-z][A-Za-z0-9_]*/g);
  const normCols = columns.map((c) => ({ name: c.name, norm: normName(c.name) })).filter((c) => /^[a-z0-9]+$/.test(c.norm));
  const exactNorms = new Set(normCols.map((c) => c.norm));
  const fuzzyMemo = new Map<string, { best?: string; bestD: number; tie: boolean }>();
  for (let i = 0; i < words.length; i++) {
    for (const span of [1, 2]) {
      if (i + span > words.length) continue;
      const first = words[i];
      const last = words[i + span - 1];
      if (span === 2 && (!/^[\s_-]+$/.test(text.slice(first.end, last.start)) || first.end - first.start < 3 || last.end - last.start < 3)) continue;
      const token = normName(text.slice(first.start, last.end));
      if (token.length < 4 || (span === 1 && COMMON.has(token)) || exactNorms.has(token)) continue;
      let hit = fuzzyMemo.get(token);
      if (!hit) {
        hit = closestByTypo(token, normCols);
        fuzzyMemo.set(token, hit);
      }
      const { best, bestD, tie } = hit;
      const limit = token.length >= 10 ? 2 : 1; // "customers" must not become "customerID"
      if (best && bestD > 0 && bestD <= limit && !tie && (token.length > 4 || token[0] === normName(best)[0])) {
        cands.push({ column: best, start: first.start, end: last.end, via: 'fuzzy', phrase: text.slice(first.start, last.end), alternatives: [], prio: 2 });
      }
    }
  }
  // 5. initials ("body mass index" -> bmi) and parts of multi-part names ("flipper" -> flipper_length_mm)
  for (const h of findAcronymMentions(text, columns, { common: COMMON })) cands.push({ ...h, alternatives: [], prio: 2 });
  for (const h of findTokenMentions(text, columns, { common: COMMON })) {
    cands.push({ ...h, alternatives: [], prio: 4 });
  }
  // Longest first, then by kind; keep the ones that overlap nothing kept and nothing masked.
  cands.sort((a, b) => b.end - b.start - (a.end - a.start) || a.prio - b.prio || a.start - b.start);
  const kept: Mention[] = [];
  const taken: Span[] = [...masked];
  for (const c of cands) {
    if (taken.some((s) => c.start < s.end && s.start < c.end)) continue;
    taken.push(c);
    const { prio: _p, ...m } = c;
    kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
