/**
 * TF-IDF over one text column, as scikit-learn's TfidfVectorizer computes it:
 *   tf = count (or 1 + ln(count) when sublinear), idf = ln((1 + n) / (1 + df)) + 1 (smooth) or
 *   ln(n / df) + 1, row = tf * idf, then l2-normalised. min_df / max_df are counts when >= 1
 *   (integers) and shares of documents when < 1; max_features keeps the most frequent terms
 *   (corpus term count). Columns are the kept terms in code-unit order (sklearn sorts too).
 * Output is CSR with ascending column indices in each row. Missing text is an empty document;
 * non-string values are coerced with String().
 *
 * Speed: char n-grams up to 3 and word n-grams up to 2 are packed integers in an
 * open-addressing table (vocab.ts: no string per n-gram); fitTransform tokenises once and
 * reuses the id stream for the training matrix. Between shareTextTokens(frame) and
 * releaseTextTokens(frame), vectorisers with the same analyzer on the same frame and column (the
 * tree and linear views) reuse one tokenisation and its counts.
 */
import type { Frame } from '../../data/frame.js';
import { throwIfAborted } from '../../errors.js';
import type { CsrMatrix } from '../../learners/types.js';
import { requireColumn, textCell } from '../columns.js';
import type { FeatureBlock, FitContext, FittedTransformer, SavedTransformer, Transformer } from '../types.js';
import { IntList, Vocab } from './vocab.js';

export type TextAnalyzer = 'char' | 'word' | 'jieba';

export interface TfidfOptions {
  column: string;
  analyzer?: TextAnalyzer;
  ngram?: [number, number];
  lowercase?: boolean;
  stopWords?: 'english' | null;
  minDf?: number;
  maxDf?: number;
  maxFeatures?: number | null;
  sublinearTf?: boolean;
  norm?: 'l2' | null;
  smoothIdf?: boolean;
  reason?: string;
}

type Spec = Required<Omit<TfidfOptions, 'reason' | 'maxFeatures'>> & { maxFeatures: number | null };

function specOf(o: TfidfOptions): Spec {
  return {
    column: o.column, analyzer: o.analyzer ?? 'char', ngram: o.ngram ?? [1, 2], lowercase: o.lowercase ?? true,
    stopWords: o.stopWords ?? null, minDf: o.minDf ?? 1, maxDf: o.maxDf ?? 1, maxFeatures: o.maxFeatures ?? null,
    sublinearTf: o.sublinearTf ?? true, norm: o.norm === undefined ? 'l2' : o.norm, smoothIdf: o.smoothIdf ?? true,
  };
}

/**
 * Tokenise every document into term ids. With `add` new terms are added to the vocabulary;
 * without, unknown terms are skipped. Returns the id stream and per-document offsets.
 */
function tokenise(s: Spec, frame: Frame, vocab: Vocab, add: boolean, signal?: AbortSignal): { ids: Int32Array; ptr: Int32Array } {
  const col = requireColumn(frame, s.column, [s.column]);
  const n = frame.nRows;
  const ptr = new Int32Array(n + 1);
  const ids = new IntList();
  for (let d = 0; d < n; d++) {
    if ((d & 1023) === 0) throwIfAborted(signal, 'TF-IDF');
    vocab.ids(textCell(col, d), add, ids);
    ptr[d + 1] = ids.n;
  }
  return { ids: ids.a.subarray(0, ids.n), ptr };
}

/** Build the TF-IDF CSR matrix from an id stream, mapping ids through `remap` (-1 = drop). */
function buildCsr(
  s: Spec, ids: Int32Array, ptr: Int32Array, remap: Int32Array | null, idf: Float64Array,
): CsrMatrix {
  const n = ptr.length - 1;
  const V = idf.length;
  const counts = new Float64Array(V);
  let maxLen = 0;
  for (let d = 0; d < n; d++) maxLen = Math.max(maxLen, ptr[d + 1] - ptr[d]);
  const touched = new Int32Array(maxLen);
  const indptr = new Int32Array(n + 1);
  let indices = new Int32Array(Math.max(16, ids.length));
  let data = new Float64Array(indices.length);
  let nnz = 0;
  const sublinear = s.sublinearTf;
  const l2 = s.norm === 'l2';
  for (let d = 0; d < n; d++) {
    let nt = 0;
    const end = ptr[d + 1];
    if (remap) {
      for (let k = ptr[d]; k < end; k++) {
        const c = remap[ids[k]];
        if (c < 0) continue;
        if (counts[c] === 0) touched[nt++] = c;
        counts[c]++;
      }
    } else {
      for (let k = ptr[d]; k < end; k++) {
        const c = ids[k];
        if (counts[c] === 0) touched[nt++] = c;
        counts[c]++;
      }
    }
    if (nt <= 256) {
      for (let i = 1; i < nt; i++) {
        const v = touched[i];
        let j = i - 1;
        while (j >= 0 && touched[j] > v) { touched[j + 1] = touched[j]; j--; }
        touched[j + 1] = v;
      }
    } else touched.subarray(0, nt).sort();
    let sq = 0;
    for (let i = 0; i < nt; i++) {
      const c = touched[i];
      const tf = sublinear ? 1 + Math.log(counts[c]) : counts[c];
      const v = tf * idf[c];
      counts[c] = v;
      sq += v * v;
    }
    const scale = l2 && sq > 0 ? 1 / Math.sqrt(sq) : 1;
    for (let i = 0; i < nt; i++) {
      const c = touched[i];
      indices[nnz] = c;
      data[nnz++] = counts[c] * scale;
      counts[c] = 0;
    }
    indptr[d + 1] = nnz;
  }
  indices = indices.slice(0, nnz);
  data = data.slice(0, nnz);
  return { kind: 'csr', rows: n, cols: V, indptr, indices, data };
}

/** Tokenised training column with per-id document frequency and corpus count. */
interface Counted {
  vocab: Vocab;
  ids: Int32Array;
  ptr: Int32Array;
  df: Int32Array;
  total: Float64Array;
}

const shared = new WeakMap<Frame, Map<string, Counted>>();

/** Let vectorisers fitted on `frame` share tokenisations until releaseTextTokens(frame). */
export function shareTextTokens(frame: Frame): void {
  if (!shared.has(frame)) shared.set(frame, new Map());
}

export function releaseTextTokens(frame: Frame): void {
  shared.delete(frame);
}

function countTokens(s: Spec, frame: Frame, signal?: AbortSignal): Counted {
  const cache = shared.get(frame);
  const key = JSON.stringify([s.column, s.analyzer, s.ngram, s.lowercase, s.stopWords]);
  const hit = cache?.get(key);
  if (hit) return hit;
  const vocab = new Vocab(s);
  const { ids, ptr } = tokenise(s, frame, vocab, true, signal);
  const size = vocab.size;
  const n = frame.nRows;
  const df = new Int32Array(size);
  const total = new Float64Array(size);
  const last = new Int32Array(size).fill(-1);
  for (let d = 0; d < n; d++) {
    for (let k = ptr[d]; k < ptr[d + 1]; k++) {
      const id = ids[k];
      total[id]++;
      if (last[id] !== d) { last[id] = d; df[id]++; }
    }
  }
  const out = { vocab, ids, ptr, df, total };
  cache?.set(key, out);
  return out;
}

export class TfidfVectorizer implements Transformer {
  readonly kind = 'tfidf';
  constructor(readonly options: TfidfOptions) {}

  fit(frame: Frame, ctx: FitContext): FittedTfidf {
    return this.fitTransform(frame, ctx).fitted;
  }

  fitTransform(frame: Frame, ctx: FitContext): { fitted: FittedTfidf; block: FeatureBlock } {
    const s = specOf(this.options);
    const { vocab, ids, ptr, df, total } = countTokens(s, frame, ctx.signal);
    throwIfAborted(ctx.signal, 'TF-IDF');
    const size = vocab.size;
    const n = frame.nRows;
    const minCount = s.minDf >= 1 ? s.minDf : Math.ceil(s.minDf * n);
    const maxCount = s.maxDf >= 1 && Number.isInteger(s.maxDf) && s.maxDf !== 1 ? s.maxDf : s.maxDf * n;
    let kept: number[] = [];
    for (let id = 0; id < size; id++) if (df[id] >= minCount && df[id] <= maxCount) kept.push(id);
    const terms = new Array<string>(size);
    for (const id of kept) terms[id] = vocab.termOf(id);
    if (s.maxFeatures !== null && kept.length > s.maxFeatures) {
      kept.sort((a, b) => total[b] - total[a] || (terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : 0));
      kept = kept.slice(0, s.maxFeatures);
    }
    // Columns in code-unit order of the terms (default string sort), as sklearn sorts its vocabulary.
    const idOf = new Map<string, number>();
    for (const id of kept) idOf.set(terms[id], id);
    kept = kept.map((id) => terms[id]).sort().map((t) => idOf.get(t) as number);
    const remap = new Int32Array(size).fill(-1);
    const idf = new Float64Array(kept.length);
    const vocabulary = new Array<string>(kept.length);
    kept.forEach((id, c) => {
      remap[id] = c;
      vocabulary[c] = terms[id];
      idf[c] = s.smoothIdf ? Math.log((1 + n) / (1 + df[id])) + 1 : Math.log(n / df[id]) + 1;
    });
    const fitted = new FittedTfidf(s, vocabulary, idf, this.options.reason ?? describeTfidf(s));
    throwIfAborted(ctx.signal, 'TF-IDF');
    const matrix = buildCsr(s, ids, ptr, remap, idf);
    return { fitted, block: { names: fitted.outputs, matrix } };
  }
}

export function describeTfidf(s: Pick<Spec, 'column' | 'analyzer' | 'ngram' | 'sublinearTf' | 'minDf' | 'maxFeatures'>): string {
  const unit = s.analyzer === 'char' ? 'char' : s.analyzer === 'jieba' ? 'jieba word' : 'word';
  const g = s.ngram[0] === s.ngram[1] ? `${s.ngram[0]}` : `${s.ngram[0]}-${s.ngram[1]}`;
  const extra = [s.sublinearTf ? 'sublinear' : null, `min_df ${s.minDf}`, s.maxFeatures ? `max ${s.maxFeatures} terms` : null];
  return `${s.column}: text -> ${unit} ${g} gram TF-IDF (${extra.filter(Boolean).join(', ')})`;
}

export class FittedTfidf implements FittedTransformer {
  readonly kind = 'tfidf';
  readonly inputs: string[];
  private names: string[] | null = null;
  private vocab: Vocab | null = null;

  constructor(readonly spec: Spec, readonly vocabulary: string[], readonly idf: Float64Array, readonly reason: string) {
    this.inputs = [spec.column];
  }

  get outputs(): string[] {
    // jieba words get their own tag: a char block of the same column may hold the same strings.
    const tag = this.spec.analyzer === 'jieba' ? 'tfidf_words' : 'tfidf';
    if (!this.names) this.names = this.vocabulary.map((t) => `${this.spec.column}:${tag}:${t}`);
    return this.names;
  }

  transform(frame: Frame): FeatureBlock {
    if (!this.vocab) this.vocab = Vocab.fromTerms(this.spec, this.vocabulary);
    const { ids, ptr } = tokenise(this.spec, frame, this.vocab, false);
    return { names: this.outputs, matrix: buildCsr(this.spec, ids, ptr, null, this.idf) };
  }

  toJSON(): SavedTransformer {
    const s = this.spec;
    return {
      kind: 'tfidf', version: 1, inputs: this.inputs, analyzer: s.analyzer, ngram: s.ngram, lowercase: s.lowercase,
      collapseWhitespace: s.analyzer === 'char', stopWords: s.stopWords,
      // the word analyzer drops 1-character tokens; jieba keeps every word token (char: not tokens)
      minTokenLength: s.analyzer === 'word' ? 2 : 1,
      minDf: s.minDf, maxDf: s.maxDf, maxFeatures: s.maxFeatures, sublinearTf: s.sublinearTf, norm: s.norm,
      smoothIdf: s.smoothIdf, vocabulary: this.vocabulary, idf: Array.from(this.idf), reason: this.reason,
    };
  }
}

export function loadTfidf(saved: SavedTransformer): FittedTfidf {
  const s = specOf({
    column: (saved.inputs as string[])[0], analyzer: saved.analyzer as TextAnalyzer, ngram: saved.ngram as [number, number],
    lowercase: saved.lowercase as boolean, stopWords: saved.stopWords as 'english' | null, minDf: saved.minDf as number,
    maxDf: saved.maxDf as number, maxFeatures: saved.maxFeatures as number | null, sublinearTf: saved.sublinearTf as boolean,
    norm: saved.norm as 'l2' | null, smoothIdf: saved.smoothIdf as boolean,
  });
  return new FittedTfidf(s, saved.vocabulary as string[], Float64Array.from(saved.idf as number[]), saved.reason as string);
}
