import { describe, expect, it } from 'vitest';
import type { Frame } from '../data/frame.js';
import type { CsrMatrix } from '../learners/types.js';
import { loadTransformer } from './registry.js';
import { csrProblem } from './stack.js';
import { jiebaWords } from './text/jieba.js';
import { PackedTable } from './text/packed-table.js';
import { releaseTextTokens, shareTextTokens, TfidfVectorizer } from './text/tfidf.js';
import { englishWords, packCharNgrams, packString, unpackKey, wordNgrams } from './text/tokenize.js';

const textFrame = (values: unknown[], name = 't'): Frame => ({
  nRows: values.length,
  columns: [{ name, type: 'text', values: values as (string | null)[] }],
});

function dense(m: CsrMatrix): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let i = 0; i < m.rows; i++) for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) out[i][m.indices[p]] = m.data[p];
  return out;
}

function checkCsr(m: CsrMatrix): void {
  expect(csrProblem(m)).toBeNull();
}

describe('tokenisers', () => {
  it('packs char n-grams and unpacks them', () => {
    const buf = new Float64Array(20);
    const n = packCharNgrams('北京a', 1, 2, buf);
    expect(n).toBe(5);
    expect(Array.from(buf.subarray(0, n), unpackKey)).toEqual(['北', '京', 'a', '北京', '京a']);
    expect(packString('京a')).toBe(buf[4]);
    expect(unpackKey(packString('x\u0000y'))).toBe('x\u0000y');
  });

  it('English words are Unicode-aware, lowercased, 2+ chars, optional stop words', () => {
    expect(englishWords("Café déjà-vu, I'm 42 x")).toEqual(['café', 'déjà', 'vu', '42']);
    expect(englishWords('The cat and the hat', { stopWords: new Set(['the', 'and']) })).toEqual(['cat', 'hat']);
    expect(wordNgrams(['a', 'b', 'c'], 1, 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
  });

  it('jieba splits Chinese into words and drops punctuation', () => {
    const w = jiebaWords('我们在北京大学学习，天气很好！');
    expect(w).toContain('北京大学');
    expect(w).not.toContain('，');
    expect(w.join('')).toBe('我们在北京大学学习天气很好');
  });

  it('PackedTable adds, finds and grows', () => {
    const t = new PackedTable(4);
    for (let i = 0; i < 5000; i++) expect(t.add(i * 7919 + 2 ** 40)).toBe(i);
    expect(t.size).toBe(5000);
    expect(t.get(17 * 7919 + 2 ** 40)).toBe(17);
    expect(t.get(3)).toBe(-1);
    expect(t.add(2 ** 40)).toBe(0);
  });
});

describe('TF-IDF', () => {
  it('matches sklearn TfidfVectorizer(sublinear_tf=True) on English words', () => {
    const f = textFrame(['The cat sat on the mat', 'the dog sat down', 'cat cat dog', '']);
    const { fitted, block } = new TfidfVectorizer({ column: 't', analyzer: 'word', ngram: [1, 1] }).fitTransform(f, { seed: 0 });
    expect(fitted.vocabulary).toEqual(['cat', 'dog', 'down', 'mat', 'on', 'sat', 'the']);
    const m = block.matrix as CsrMatrix;
    checkCsr(m);
    const want = [
      [0.351705, 0, 0, 0.446094, 0.446094, 0.351705, 0.595489],
      [0, 0.465809, 0.590819, 0, 0, 0.465809, 0.465809],
      [0.861037, 0.508542, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ];
    dense(m).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));
    expect(block.names[0]).toBe('t:tfidf:cat');
  });

  it('matches sklearn analyzer=char ngram (1,2) on Chinese, whitespace runs collapsed', () => {
    const f = textFrame(['北京 天气好', '北京欢迎你', '天气  很好']);
    const { fitted, block } = new TfidfVectorizer({ column: 't', analyzer: 'char', ngram: [1, 2] }).fitTransform(f, { seed: 0 });
    expect(fitted.vocabulary).toEqual([' ', ' 天', ' 很', '京', '京 ', '京欢', '你', '北', '北京', '天', '天气', '好', '很', '很好', '欢', '欢迎', '气', '气 ', '气好', '迎', '迎你']);
    const d = dense(block.matrix as CsrMatrix);
    expect(d[0][1]).toBeCloseTo(0.362091, 5);
    expect(d[1][5]).toBeCloseTo(0.359554, 5);
    expect(d[2][17]).toBeCloseTo(0.380914, 5);
    expect(d[2][0]).toBeCloseTo(0.289695, 5);
  });

  it('transform equals fitTransform on training rows; unseen terms are ignored; save/load round trip', () => {
    const docs = ['北京欢迎你', '上海天气', '北京天气很好', null, 42, ''];
    const f = textFrame(docs);
    const { fitted, block } = new TfidfVectorizer({ column: 't', analyzer: 'char', ngram: [1, 3], minDf: 1 }).fitTransform(f, { seed: 0 });
    const again = fitted.transform(f).matrix as CsrMatrix;
    const m = block.matrix as CsrMatrix;
    expect(Array.from(again.indices)).toEqual(Array.from(m.indices));
    expect(Array.from(again.data)).toEqual(Array.from(m.data));
    expect(fitted.vocabulary).toContain('42'); // numbers coerced to strings
    expect(m.indptr[4] - m.indptr[3]).toBe(0); // null -> empty doc
    const loaded = loadTransformer(JSON.parse(JSON.stringify(fitted.toJSON())));
    const other = textFrame(['广州天气', '火星']);
    const a = fitted.transform(other).matrix as CsrMatrix;
    const b = loaded.transform(other).matrix as CsrMatrix;
    checkCsr(a);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(a.indptr[2] - a.indptr[1]).toBe(0); // nothing known in '火星'
    let sq = 0;
    for (let p = a.indptr[0]; p < a.indptr[1]; p++) sq += a.data[p] ** 2;
    expect(sq).toBeCloseTo(1, 10);
  });

  it('min_df, max_df and max_features select terms', () => {
    const f = textFrame(['a b c', 'a b', 'a d', 'a e']);
    const v = (o: object) => new TfidfVectorizer({ column: 't', analyzer: 'word', ngram: [1, 1], ...o }).fit(textFrame(['aa bb cc', 'aa bb', 'aa dd', 'aa ee']), { seed: 0 }).vocabulary;
    expect(v({ minDf: 2 })).toEqual(['aa', 'bb']);
    expect(v({ maxDf: 0.9 })).toEqual(['bb', 'cc', 'dd', 'ee']);
    expect(v({ maxFeatures: 2 })).toEqual(['aa', 'bb']);
    expect(f.nRows).toBe(4);
  });

  it('jieba words and long char n-grams work through the string path', () => {
    const f = textFrame(['我们在北京大学学习', '北京大学很美']);
    const j = new TfidfVectorizer({ column: 't', analyzer: 'jieba', ngram: [1, 1] }).fit(f, { seed: 0 });
    expect(j.vocabulary).toContain('北京大学');
    const c = new TfidfVectorizer({ column: 't', analyzer: 'char', ngram: [4, 4], minDf: 2 }).fit(f, { seed: 0 });
    expect(c.vocabulary).toEqual(['北京大学']);
    const back = loadTransformer(j.toJSON());
    expect(Array.from((back.transform(f).matrix as CsrMatrix).data)).toEqual(Array.from((j.transform(f).matrix as CsrMatrix).data));
  });

  it("the saved minTokenLength is the tokeniser's: jieba keeps 1-character words, word drops them", () => {
    const f = textFrame(['我们在北京大学学习', '北京大学很美']);
    const j = new TfidfVectorizer({ column: 't', analyzer: 'jieba', ngram: [1, 1] }).fit(f, { seed: 0 });
    expect(j.vocabulary.some((t) => t.length === 1)).toBe(true); // '在', '美'
    expect(j.toJSON().minTokenLength).toBe(1);
    const w = new TfidfVectorizer({ column: 't', analyzer: 'word', ngram: [1, 1] }).fit(textFrame(['a bb cc', 'bb dd e']), { seed: 0 });
    expect(w.vocabulary).toEqual(['bb', 'cc', 'dd']);
    expect(w.toJSON().minTokenLength).toBe(2);
  });

  it('shared tokenisation (tree + linear views) gives the same matrices as separate fits; aborts', () => {
    const docs = ['北京大学的学生', '上海的大学', '北京的天气很好', '学生在上海学习', null, '大学学生北京'];
    const fit = (o: object) => new TfidfVectorizer({ column: 't', analyzer: 'char', ngram: [1, 2], ...o }).fitTransform(f, { seed: 0 });
    const f = textFrame(docs);
    const alone = [fit({}), fit({ maxFeatures: 5 })];
    shareTextTokens(f);
    const shared = [fit({}), fit({ maxFeatures: 5 }), fit({ minDf: 2 })];
    releaseTextTokens(f);
    for (let i = 0; i < 2; i++) {
      expect(shared[i].fitted.vocabulary).toEqual(alone[i].fitted.vocabulary);
      expect(dense(shared[i].block.matrix as CsrMatrix)).toEqual(dense(alone[i].block.matrix as CsrMatrix));
    }
    expect(shared[1].fitted.vocabulary).toHaveLength(5);
    expect(shared[2].fitted.vocabulary).toEqual(fit({ minDf: 2 }).fitted.vocabulary);
    const words = new TfidfVectorizer({ column: 't', analyzer: 'jieba', ngram: [1, 1] }).fit(f, { seed: 0 });
    expect(words.outputs[0]).toMatch(/^t:tfidf_words:/);
    const ac = new AbortController();
    ac.abort();
    expect(() => fit({ maxFeatures: 3 }) && new TfidfVectorizer({ column: 't' }).fitTransform(f, { seed: 0, signal: ac.signal })).toThrow(/TF-IDF/);
  });

  it('missing text column -> COLUMN_NOT_FOUND naming it', () => {
    const fitted = new TfidfVectorizer({ column: 't' }).fit(textFrame(['x y']), { seed: 0 });
    expect(() => fitted.transform(textFrame(['x'], 'body'))).toThrow(/'t' is missing/);
  });
});
