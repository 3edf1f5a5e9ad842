/**
 * The term table behind TF-IDF, in three modes chosen by the analyzer:
 *   char, n <= 3      packed code units (tokenize.ts packCharNgrams) -> PackedTable
 *   word/jieba, n <= 2 words -> word ids (one Map lookup per word); a term is the packed pair
 *                      (w1 + 1) * 2^26 + (w2 + 1), or w + 1 for a single word -> PackedTable
 *   otherwise         string terms -> Map<string, number>
 * The two packed modes build no string per n-gram; term strings are made only for kept terms.
 */
import { PackedTable } from './packed-table.js';
import { jiebaWords } from './jieba.js';
import {
  ENGLISH_STOP_WORDS, MAX_PACKED_N, englishWords, packCharNgrams, packString, preprocessChar, unpackKey, wordNgrams,
} from './tokenize.js';

export interface AnalyzerSpec {
  analyzer: 'char' | 'word' | 'jieba';
  ngram: [number, number];
  lowercase: boolean;
  stopWords: 'english' | null;
}

const WORD_BASE = 67108864; // 2^26

/** Growable Int32Array. */
export class IntList {
  a = new Int32Array(1 << 16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const g = new Int32Array(this.a.length * 2);
      g.set(this.a);
      this.a = g;
    }
    this.a[this.n++] = v;
  }
}

function words(s: AnalyzerSpec, text: string): string[] {
  const stop = s.stopWords === 'english' ? ENGLISH_STOP_WORDS : null;
  if (s.analyzer === 'jieba') {
    const w = jiebaWords(s.lowercase ? text.toLowerCase() : text);
    return stop ? w.filter((x) => !stop.has(x)) : w;
  }
  return englishWords(text, { lowercase: s.lowercase, stopWords: stop });
}

export class Vocab {
  readonly mode: 'char' | 'word' | 'string';
  private table: PackedTable | null = null;
  private map: Map<string, number> | null = null;
  private terms: string[] = [];
  private wordMap = new Map<string, number>();
  private wordList: string[] = [];
  private buf = new Float64Array(1024);
  private wbuf = new Int32Array(1024);

  constructor(readonly spec: AnalyzerSpec) {
    const [, b] = spec.ngram;
    this.mode = spec.analyzer === 'char' ? (b <= MAX_PACKED_N ? 'char' : 'string') : b <= 2 ? 'word' : 'string';
    if (this.mode === 'string') this.map = new Map();
    else this.table = new PackedTable(1 << 16);
  }

  /** A vocabulary holding exactly `terms` (ids = positions), for transform after load. */
  static fromTerms(spec: AnalyzerSpec, terms: readonly string[]): Vocab {
    const v = new Vocab(spec);
    terms.forEach((t, id) => {
      if (v.mode === 'char') v.table!.set(packString(t), id);
      else if (v.mode === 'string') v.map!.set(t, id);
      else {
        const parts = t.split(' ');
        const ids = parts.map((w) => {
          let wid = v.wordMap.get(w);
          if (wid === undefined) { wid = v.wordList.length; v.wordMap.set(w, wid); v.wordList.push(w); }
          return wid;
        });
        v.table!.set(parts.length === 1 ? ids[0] + 1 : (ids[0] + 1) * WORD_BASE + ids[1] + 1, id);
      }
    });
    return v;
  }

  get size(): number {
    return this.mode === 'string' ? this.terms.length || this.map!.size : this.table!.size;
  }

  termOf(id: number): string {
    if (this.mode === 'string') return this.terms[id];
    const key = this.table!.idKeys[id];
    if (this.mode === 'char') return unpackKey(key);
    if (key < WORD_BASE) return this.wordList[key - 1];
    const hi = Math.floor(key / WORD_BASE);
    return `${this.wordList[hi - 1]} ${this.wordList[key - hi * WORD_BASE - 1]}`;
  }

  /** Push the term ids of `text` to `out`; with `add`, unseen terms are added, else skipped. */
  ids(text: string, add: boolean, out: IntList): void {
    const s = this.spec;
    const [a, b] = s.ngram;
    if (this.mode === 'char') {
      const t = preprocessChar(text, s.lowercase);
      const need = t.length * (b - a + 1);
      if (need > this.buf.length) this.buf = new Float64Array(need * 2);
      const cnt = packCharNgrams(t, a, b, this.buf);
      const tab = this.table!;
      for (let k = 0; k < cnt; k++) {
        const id = add ? tab.add(this.buf[k]) : tab.get(this.buf[k]);
        if (id >= 0) out.push(id);
      }
      return;
    }
    if (this.mode === 'string') {
      const toks = s.analyzer === 'char' ? charStrings(preprocessChar(text, s.lowercase), a, b) : wordNgrams(words(s, text), a, b);
      const map = this.map!;
      for (const tok of toks) {
        let id = map.get(tok);
        if (id === undefined && add) { id = map.size; map.set(tok, id); this.terms.push(tok); }
        if (id !== undefined) out.push(id);
      }
      return;
    }
    const ws = words(s, text);
    const m = ws.length;
    if (m > this.wbuf.length) this.wbuf = new Int32Array(m * 2);
    const wb = this.wbuf;
    for (let i = 0; i < m; i++) {
      let wid = this.wordMap.get(ws[i]);
      if (wid === undefined) {
        if (add) { wid = this.wordList.length; this.wordMap.set(ws[i], wid); this.wordList.push(ws[i]); } else wid = -1;
      }
      wb[i] = wid;
    }
    const tab = this.table!;
    for (let n = a; n <= b; n++) {
      for (let i = 0; i + n <= m; i++) {
        let key: number;
        if (n === 1) { if (wb[i] < 0) continue; key = wb[i] + 1; }
        else { if (wb[i] < 0 || wb[i + 1] < 0) continue; key = (wb[i] + 1) * WORD_BASE + wb[i + 1] + 1; }
        const id = add ? tab.add(key) : tab.get(key);
        if (id >= 0) out.push(id);
      }
    }
  }
}

function charStrings(t: string, a: number, b: number): string[] {
  const out: string[] = [];
  for (let n = a; n <= b; n++) for (let i = 0; i + n <= t.length; i++) out.push(t.substring(i, i + n));
  return out;
}
