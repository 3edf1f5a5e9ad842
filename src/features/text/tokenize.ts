/**
 * Tokenisers for TF-IDF.
 *
 * char  sklearn's analyzer='char': lowercase, runs of 2+ whitespace -> one space, then every
 *       substring of n code units for n in [nMin, nMax]. For nMax <= 3 an n-gram is packed into
 *       one integer (17 bits per UTF-16 unit + 1), so counting needs no string per token.
 * word  English: Unicode letters/digits runs ([\p{L}\p{N}]+, at least 2 units like sklearn's
 *       default pattern), lowercase, optional English stop words, then word n-grams joined
 *       by a space. Chinese: jieba words (text/jieba.ts) instead of the regex.
 */
export const MAX_PACKED_N = 3;
const BASE = 131072; // 2^17

const MULTI_SPACE = /\s\s+/g;

export function preprocessChar(s: string, lowercase = true): string {
  const t = lowercase ? s.toLowerCase() : s;
  return t.replace(MULTI_SPACE, ' ');
}

/**
 * Write the packed keys of all char n-grams of `s` (n in [nMin, nMax], nMax <= 3) into `buf`,
 * in sklearn's order (for each n, left to right). Returns how many were written.
 * `buf` must hold s.length * (nMax - nMin + 1) values.
 */
export function packCharNgrams(s: string, nMin: number, nMax: number, buf: Float64Array): number {
  const len = s.length;
  let w = 0;
  for (let n = nMin; n <= nMax; n++) {
    for (let i = 0; i + n <= len; i++) {
      let key = 0;
      let mul = 1;
      for (let j = 0; j < n; j++) {
        key += (s.charCodeAt(i + j) + 1) * mul;
        mul *= BASE;
      }
      buf[w++] = key;
    }
  }
  return w;
}

/** The packed key of a whole string of 1..3 code units. */
export function packString(s: string): number {
  let key = 0;
  let mul = 1;
  for (let j = 0; j < s.length; j++) {
    key += (s.charCodeAt(j) + 1) * mul;
    mul *= BASE;
  }
  return key;
}

export function unpackKey(key: number): string {
  let s = '';
  let k = key;
  while (k > 0) {
    const c = k % BASE;
    s += String.fromCharCode(c - 1);
    k = (k - c) / BASE;
  }
  return s;
}

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
    'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why will ' +
    'with would you your yours yourself yourselves'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;

export interface WordOptions {
  lowercase?: boolean;
  stopWords?: ReadonlySet<string> | null;
  minLength?: number;
}

export function englishWords(s: string, o: WordOptions = {}): string[] {
  const t = o.lowercase === false ? s : s.toLowerCase();
  const m = t.match(WORD);
  if (!m) return [];
  const min = o.minLength ?? 2;
  const stop = o.stopWords;
  const out: string[] = [];
  for (const w of m) if (w.length >= min && !(stop && stop.has(w))) out.push(w);
  return out;
}

/** Word n-grams, joined by a space, in sklearn's order (for each n, left to right). */
export function wordNgrams(tokens: string[], nMin: number, nMax: number): string[] {
  if (nMin === 1 && nMax === 1) return tokens;
  const out: string[] = [];
  for (let n = nMin; n <= nMax; n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' '));
  }
  return out;
}
