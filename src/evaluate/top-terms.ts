/**
 * The terms of each text column that weigh most for each class (or, in regression, that raise or
 * lower the prediction), read from the weights of the final model's linear members (logistic
 * regression, linear SVM, ridge, naive Bayes) over their TF-IDF features. Permutation importance
 * says how much a whole text column matters; this says which of its words or n-grams do.
 *
 * Per member: the class scores' weights, centred over the classes (softmax and one-vs-rest
 * scores rank the same after removing what every class shares; naive Bayes' log-probabilities
 * then tell the class apart from the others rather than list the commonest terms), scaled so the
 * member's largest text weight is 1, times the member's ensemble weight. Members that are not
 * linear (trees, knn) add nothing; a model without a linear member over text has no top terms.
 */
import { LinearModel } from '../learners/linear/linear-model.js';
import { LogTargetModel } from '../learners/log-target.js';
import type { FittedModel } from '../learners/types.js';
import type { TrainedModel } from '../search/trained-model.js';

export interface TopTerms {
  /** The linear learners whose weights were read, in model order, each once. */
  learners: string[];
  /** Share of the final model's weight those members hold (1: every member is linear). */
  share: number;
  columns: {
    column: string;
    /** The TF-IDF block's tokens: 'char' n-grams, 'word' n-grams or 'jieba' words. */
    tokens: string;
    /** One per class (classification) or 'higher' / 'lower' (regression). */
    groups: { label: string; terms: { term: string; weight: number }[] }[];
  }[];
}

interface TextBlock {
  column: string;
  tokens: string;
  offset: number;
  terms: string[];
}

/** Do two word n-grams overlap: every word of one is a word of the other ('free' / 'free offer')? */
function wordOverlap(a: string, b: string): boolean {
  const wa = a.split(' ');
  const wb = new Set(b.split(' '));
  return wa.every((w) => wb.has(w)) || [...wb].every((w) => wa.includes(w));
}

/** The longest L >= 2 with a's last L characters = b's first L, or 0. */
function chainLength(a: string, b: string): number {
  for (let l = Math.min(a.length, b.length) - 1; l >= 2; l--) if (a.endsWith(b.slice(0, l))) return l;
  return 0;
}

/** Weight ratio from which two chained character n-grams are one phrase (the n-grams of one title weigh alike). */
const CHAIN_RATIO = 0.8;

/** Are two character terms one phrase's pieces: one holds the other, or they share two characters in a row? */
function charOverlap(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  for (let i = 0; i + 2 <= short.length; i++) if (long.includes(short.slice(i, i + 2))) return true;
  return false;
}

/** A term under this share of its group's strongest is not shown (it would read as signal in a list without weights). */
export const MIN_TERM_SHARE = 0.25;

/**
 * The best `k` of `ranked` (terms with weights, best first), each phrase once. Character n-grams
 * of one phrase with about the same weight (见义勇 / 义勇为 / 勇为获) are joined into it (见义勇为获);
 * one inside or sharing two characters with a stronger term is left out. Word n-grams are left
 * out when their words are all in a stronger term ('free' / 'free offer'). jieba words are whole
 * words: only repeats are left out. Terms under MIN_TERM_SHARE of the strongest are not shown.
 */
export function distinctTop(ranked: { term: string; weight: number }[], k: number, tokens: string): { term: string; weight: number }[] {
  const floor = MIN_TERM_SHARE * (ranked[0]?.weight ?? 0);
  let out: { term: string; weight: number }[] = [];
  for (const c of ranked) {
    if (c.weight < floor) break;
    if (tokens !== 'char') {
      if (!out.some((e) => (tokens === 'word' ? wordOverlap(e.term, c.term) : e.term === c.term))) out.push({ ...c });
      if (out.length === k) break;
      continue;
    }
    out.push({ ...c });
    // Join or drop until no two shown terms are pieces of one phrase (a join can make a new pair).
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < out.length && !changed; i++) {
        for (let j = i + 1; j < out.length && !changed; j++) {
          const [a, b] = [out[i], out[j]]; // a is the stronger (or earlier) one
          const alike = b.weight >= CHAIN_RATIO * a.weight;
          const after = alike ? chainLength(a.term, b.term) : 0;
          const before = alike && after === 0 ? chainLength(b.term, a.term) : 0;
          if (after > 0) a.term += b.term.slice(after);
          else if (before > 0) a.term = b.term + a.term.slice(before);
          else if (!charOverlap(a.term, b.term)) continue;
          out = out.filter((_, x) => x !== j);
          changed = true;
        }
      }
    }
  }
  return out.slice(0, k);
}

/**
 * Is a term worth showing a person: not punctuation alone (《 》 : -), not one Latin letter or
 * digit (a fragment of a word: thucnews' 'o', 'l' of 'lol'), and without an edge space (a char
 * n-gram '首轮 ' repeats the term without it). The model uses them all; the list shows words.
 */
export function readable(t: string): boolean {
  if (t.trim() !== t || !/[\p{L}\p{N}]/u.test(t)) return false;
  return !/^[A-Za-z0-9]$/.test(t);
}

/** Whole words read before character n-grams: jieba, word, char. */
function tokenRank(tokens: string): number {
  return ({ jieba: 0, word: 1, char: 2 } as Record<string, number>)[tokens] ?? 3;
}

function linearOf(m: FittedModel): LinearModel | null {
  if (m instanceof LinearModel) return m;
  if (m instanceof LogTargetModel && m.inner instanceof LinearModel) return m.inner;
  return null;
}

/** Top `k` terms per class and text column, or null when the model has no linear member over text features. */
export function topTerms(model: TrainedModel, k = 10): TopTerms | null {
  const pipe = model.featurePipelines.linear;
  if (!pipe) return null;
  const blocks: TextBlock[] = [];
  let offset = 0;
  for (const step of pipe.steps) {
    const n = step.outputs.length;
    if (step.kind === 'tfidf') {
      const { vocabulary, spec } = step as unknown as { vocabulary?: string[]; spec?: { analyzer?: string } };
      if (Array.isArray(vocabulary) && vocabulary.length === n) blocks.push({ column: step.inputs[0], tokens: spec?.analyzer ?? 'char', offset, terms: vocabulary });
    }
    offset += n;
  }
  if (blocks.length === 0) return null;
  const nFeatures = offset;
  // Shown per column, whole words before character n-grams (easier to read, say the same).
  const firstAt = new Map<string, number>();
  blocks.forEach((b, i) => firstAt.set(b.column, firstAt.get(b.column) ?? i));
  const shownOrder = [...blocks].sort((a, b) => firstAt.get(a.column)! - firstAt.get(b.column)! || tokenRank(a.tokens) - tokenRank(b.tokens));
  const regression = model.task === 'regression';
  const labels = regression ? ['higher', 'lower'] : (model.labels ?? []);
  const G = labels.length;
  if (G < 2) return null;
  const total = new Float64Array(G * nFeatures);
  const learners: string[] = [];
  let weightSum = 0;
  let linearWeight = 0;
  for (const m of model.members) {
    weightSum += m.weight;
    const lin = m.view === 'linear' ? linearOf(m.model) : null;
    if (!lin || lin.nFeatures !== nFeatures) continue;
    const { coef, nOutputs } = lin.weights();
    // Per-group weights of this member, G x nFeatures.
    const w = new Float64Array(G * nFeatures);
    if (nOutputs === 1) {
      // Regression or binary: one score; its positive side is 'higher' / the second class.
      const [pos, neg] = regression ? [0, 1] : [1, 0];
      for (let j = 0; j < nFeatures; j++) {
        w[pos * nFeatures + j] = coef[j];
        w[neg * nFeatures + j] = -coef[j];
      }
    } else if (nOutputs === G) {
      for (let j = 0; j < nFeatures; j++) {
        let mean = 0;
        for (let c = 0; c < G; c++) mean += coef[c * nFeatures + j];
        mean /= G;
        for (let c = 0; c < G; c++) w[c * nFeatures + j] = coef[c * nFeatures + j] - mean;
      }
    } else continue;
    let max = 0;
    for (const b of blocks) for (let c = 0; c < G; c++) for (let j = 0; j < b.terms.length; j++) max = Math.max(max, Math.abs(w[c * nFeatures + b.offset + j]));
    if (!(max > 0)) continue;
    const scale = m.weight / max;
    for (let i = 0; i < w.length; i++) total[i] += w[i] * scale;
    linearWeight += m.weight;
    if (!learners.includes(lin.learner)) learners.push(lin.learner);
  }
  if (linearWeight === 0) return null;
  // Back to a 0..1 scale over the shown weights.
  let top = 0;
  for (const b of blocks) for (let c = 0; c < G; c++) for (let j = 0; j < b.terms.length; j++) top = Math.max(top, total[c * nFeatures + b.offset + j]);
  if (!(top > 0)) return null;
  const columns = shownOrder.map((b) => ({
    column: b.column,
    tokens: b.tokens,
    groups: labels.map((label, c) => {
      const idx: number[] = [];
      for (let j = 0; j < b.terms.length; j++) if (total[c * nFeatures + b.offset + j] > 0 && readable(b.terms[j])) idx.push(j);
      // Ties: the longer term (more specific), then code-point order, so the list is deterministic.
      idx.sort((x, y) => total[c * nFeatures + b.offset + y] - total[c * nFeatures + b.offset + x] || b.terms[y].length - b.terms[x].length || (b.terms[x] < b.terms[y] ? -1 : 1));
      // Joining a phrase's n-grams consumes several candidates per shown term.
      const ranked = idx.slice(0, 20 * k).map((j) => ({ term: b.terms[j], weight: total[c * nFeatures + b.offset + j] / top }));
      return { label, terms: distinctTop(ranked, k, b.tokens) };
    }),
  }));
  return { learners, share: linearWeight / weightSum, columns };
}

/**
 * The text block a short summary shows (the evaluate summary, `askml run`): the most important text
 * column's (permutation importance), whole words before character n-grams; null when no block has terms.
 */
export function mainTermBlock(
  tt: Pick<TopTerms, 'columns'> | null | undefined,
  importance?: { column: string; mean: number }[] | null,
): TopTerms['columns'][number] | null {
  const imp = new Map((importance ?? []).map((c) => [c.column, c.mean]));
  return (tt?.columns ?? [])
    .filter((x) => x.groups.some((g) => g.terms.length > 0))
    .sort((a, b) => (imp.get(b.column) ?? 0) - (imp.get(a.column) ?? 0) || tokenRank(a.tokens) - tokenRank(b.tokens))[0] ?? null;
}
