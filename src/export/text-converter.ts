/**
 * Char n-gram TF-IDF inside the graph (analyzer 'char' only):
 *   Tokenizer (com.microsoft)  one token per character, runs of 2+ whitespace as one token
 *   RegexFullMatch + Where     whitespace runs -> ' ' (askml/sklearn fold \s\s+ to one space)
 *   LabelEncoder               character -> id of its lower-case form (only characters that
 *                              occur in the vocabulary get an id; others -1, matching nothing)
 *   TfIdfVectorizer (TF)       n-gram counts over the ids, columns in vocabulary order
 *   then 1 + ln(tf) (sublinear), * idf, l2-normalised.
 * Needs ai.onnx opset 20 (RegexFullMatch) and the com.microsoft domain, so a model with
 * in-graph text uses those opsets. Word / jieba analyzers are not converted: their TF-IDF
 * vector is a model input (see README.md).
 */
import { AskmlError } from '../errors.js';
import type { SavedTransformer } from '../features/types.js';
import { DOUBLE } from './category-converters.js';
import { attr, type GraphBuilder } from './graph.js';

/**
 * JavaScript's \s (what askml folds in preprocessChar, as Python's \s does for scikit-learn) in RE2
 * syntax: RE2's \s is ASCII only, so a full-width indent (U+3000 U+3000) or an NBSP would stay two
 * tokens in the graph and one space in askml.
 */
const JS_SPACE = String.raw`[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`;

const PAD = '<askml-pad>';
const SURROGATE = /[\uD800-\uDFFF]/;

/** Can this TF-IDF step run inside the graph? */
export function tfidfInGraph(s: SavedTransformer): boolean {
  if (s.kind !== 'tfidf' || s.analyzer !== 'char') return false;
  const ngram = s.ngram as [number, number];
  const vocab = s.vocabulary as string[];
  return ngram[0] >= 1 && ngram[1] <= 5 && vocab.length > 0 && !vocab.some((t) => SURROGATE.test(t));
}

/** Characters whose lower case is `c` (c itself, its upper case, a few others), single code units. */
function variants(c: string, lowercase: boolean): string[] {
  const out = [c];
  if (!lowercase) return out;
  for (const u of [c.toUpperCase(), c.toLocaleUpperCase('tr'), c.normalize('NFC').toUpperCase()]) {
    if (u.length === 1 && u !== c && u.toLowerCase() === c && !out.includes(u)) out.push(u);
  }
  if (c === 'k' && !out.includes('\u212A')) out.push('\u212A'); // Kelvin sign lower-cases to k
  return out;
}

/** double [N, V] TF-IDF of the string input `x` [N, 1] (counts in float, the rest in double). */
export function convertTfidfInGraph(g: GraphBuilder, s: SavedTransformer, x: string): string {
  if (!tfidfInGraph(s)) throw new AskmlError('EXPORT_UNSUPPORTED', `TF-IDF step on '${String((s.inputs as string[])[0])}' cannot run inside the graph.`);
  const vocab = s.vocabulary as string[];
  const idf = s.idf as number[];
  const [nMin, nMax] = s.ngram as [number, number];
  const lowercase = s.lowercase !== false;

  // character ids
  const alphabet = new Map<string, number>();
  for (const t of vocab) for (const ch of t) if (!alphabet.has(ch)) alphabet.set(ch, alphabet.size);
  const keys: string[] = [];
  const ids: number[] = [];
  for (const [ch, id] of alphabet) {
    for (const v of variants(ch, lowercase)) {
      if (!keys.includes(v) && !alphabet.has(v === ch ? '' : v)) {
        keys.push(v);
        ids.push(id);
      }
    }
  }

  // pool: n-grams grouped by length 1..nMax; columns = vocabulary positions
  const pool: number[] = [];
  const counts: number[] = [];
  const indexes: number[] = [];
  for (let n = 1; n <= nMax; n++) {
    counts.push(pool.length);
    vocab.forEach((t, col) => {
      if (t.length !== n) return;
      for (const ch of t) pool.push(alphabet.get(ch) as number);
      indexes.push(col);
    });
  }

  const flat = g.op('Reshape', [x, g.int64s('flat', [-1])]);
  const tokens = g.node('Tokenizer', [flat], {
    mark: attr.int(0),
    pad_value: attr.string(PAD),
    mincharnum: attr.int(1),
    tokenexp: attr.string(`(?s)${JS_SPACE}${JS_SPACE}+|.`),
  }, { domain: 'com.microsoft' })[0];
  const isRun = g.op('RegexFullMatch', [tokens], { pattern: attr.string(`(?s)${JS_SPACE}${JS_SPACE}+`) });
  const folded = g.op('Where', [isRun, g.constant('space', { type: 'string', dims: [1], data: [' '] }), tokens]);
  const charIds = g.mlOp('LabelEncoder', [folded], {
    keys_strings: attr.strings(keys),
    values_int64s: attr.ints(ids),
    default_int64: attr.int(-1),
  });
  const V = vocab.length;
  let tf = g.op('TfIdfVectorizer', [charIds], {
    mode: attr.string('TF'),
    min_gram_length: attr.int(nMin),
    max_gram_length: attr.int(nMax),
    max_skip_count: attr.int(0),
    ngram_counts: attr.ints(counts),
    ngram_indexes: attr.ints(indexes),
    pool_int64s: attr.ints(pool),
  });
  // TfIdfVectorizer sizes its output by the largest index; make sure it is V wide
  if (Math.max(...indexes) !== V - 1) throw new AskmlError('INTERNAL', 'TF-IDF pool does not cover the vocabulary.');
  const dbl = (hint: string, data: ArrayLike<number>) => g.constant(hint, { type: 'double', dims: [data.length], data });
  const zero = dbl('zero', [0]);
  tf = g.op('Cast', [tf], { to: attr.int(DOUBLE) });
  if (s.sublinearTf !== false) {
    const logged = g.op('Add', [g.op('Log', [tf]), dbl('one', [1])]);
    tf = g.op('Where', [g.op('Greater', [tf, zero]), logged, zero]);
  }
  let v = g.op('Mul', [tf, dbl('idf', idf)]);
  if (s.norm === 'l2' || s.norm === undefined) {
    const norm = g.op('Sqrt', [g.op('ReduceSumSquare', [v, g.int64s('axes', [1])], { keepdims: attr.int(1) })]);
    const safe = g.op('Where', [g.op('Greater', [norm, zero]), norm, dbl('one', [1])]);
    v = g.op('Div', [v, safe]);
  }
  return v;
}
