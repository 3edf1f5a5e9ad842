import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTable } from '../data/load.js';
import { searchModel } from '../search/automl.js';
import { distinctTop, readable, topTerms } from './top-terms.js';

/** Three classes, each told by its own words amid shared filler; a numeric column beside the text. */
async function textData(dir: string, rows: number, target: (i: number) => string): Promise<string> {
  const own: Record<string, string[]> = { sport: ['match', 'goal', 'coach'], money: ['bank', 'loan', 'stock'], tech: ['chip', 'robot', 'app'] };
  const filler = ['today', 'news', 'report', 'update'];
  const lines = ['n,text,y'];
  for (let i = 0; i < rows; i++) {
    const c = ['sport', 'money', 'tech'][i % 3];
    // Enough distinct rows to be read as free text, not categories.
    const words = [own[c][i % 3], filler[i % 4], `item${i}`, own[c][(i + 1) % 3], filler[(i + 1) % 4], filler[(i + 2) % 4]];
    lines.push(`${i % 5},"${words.join(' ')}",${target(i)}`);
  }
  const file = path.join(dir, 'data.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('distinctTop: each phrase once', () => {
  const w = (pairs: [string, number][]) => pairs.map(([term, weight]) => ({ term, weight }));
  it("joins a phrase's character n-grams of about the same weight, and drops pieces of a stronger term", () => {
    const got = distinctTop(w([['志愿填', 0.9], ['填报指', 0.9], ['愿填报', 0.88], ['报指南', 0.88], ['学', 0.8], ['学费', 0.5], ['季后赛', 0.7], ['后赛', 0.3], ['赛首', 0.3]]), 10, 'char');
    expect(got.map((x) => x.term)).toEqual(['志愿填报指南', '学', '季后赛', '赛首']);
    expect(got[0].weight).toBe(0.9);
  });
  it('compares word n-grams by whole words, and jieba words only for repeats', () => {
    const words = distinctTop(w([['art', 1], ['party', 0.9], ['art party', 0.8], ['ten', 0.7], ['ten it', 0.7], ['category', 0.6], ['cat', 0.5]]), 10, 'word');
    expect(words.map((x) => x.term)).toEqual(['art', 'party', 'ten', 'category', 'cat']);
    expect(distinctTop(w([['数据', 1], ['数据中心', 0.9]]), 10, 'jieba').map((x) => x.term)).toEqual(['数据', '数据中心']);
  });
  it('shows words, not punctuation alone, one Latin letter or an n-gram with an edge space', () => {
    for (const t of ['》', '：', '-', '.', 'o', '7', '首轮 ', ' ps']) expect(readable(t), t).toBe(false);
    for (const t of ['赛', 'ps', '99', '组图：', '》新', 'free offer', 'qdii']) expect(readable(t), t).toBe(true);
  });

  it('stops at k and leaves out terms under a quarter of the strongest', () => {
    expect(distinctTop(w([['a', 1], ['b', 0.5], ['c', 0.3], ['d', 0.2]]), 10, 'word').map((x) => x.term)).toEqual(['a', 'b', 'c']);
    expect(distinctTop(w([['a', 1], ['b', 0.5], ['c', 0.3]]), 2, 'word').map((x) => x.term)).toEqual(['a', 'b']);
  });
});

describe('topTerms', () => {
  it("names each class's own words, not the filler every class shares, for one learner and for an ensemble", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-tt-'));
    const train = (await loadTable(await textData(dir, 150, (i) => ['sport', 'money', 'tech'][i % 3]))).frame;
    for (const include of [['logistic_regression'], ['naive_bayes', 'linear_svm', 'random_forest']]) {
      const r = await searchModel({ train, target: 'y', maxTrials: include.length, include, seed: 0, parallelism: 1, ensemble: include.length > 1, runDir: path.join(dir, include.join('-')) });
      const tt = topTerms(r.model, 3);
      expect(tt, include.join()).not.toBeNull();
      expect(tt!.learners.every((l) => l !== 'random_forest')).toBe(true);
      expect(tt!.share).toBeGreaterThan(0);
      expect(tt!.share).toBeLessThanOrEqual(1);
      const words = tt!.columns.find((c) => c.tokens === 'word')!;
      expect(words.column).toBe('text');
      const byClass = Object.fromEntries(words.groups.map((g) => [g.label, g.terms.map((t) => t.term)]));
      const want: Record<string, string[]> = { sport: ['match', 'goal', 'coach'], money: ['bank', 'loan', 'stock'], tech: ['chip', 'robot', 'app'] };
      for (const [c, terms] of Object.entries(byClass)) {
        expect(terms.length, c).toBeGreaterThan(0);
        // The strongest term is one of the class's own words; no term is filler alone.
        expect(want[c].some((w) => terms[0].split(' ').includes(w)), `${c}: ${terms[0]}`).toBe(true);
        for (const t of terms) expect(t.split(' ').every((w) => ['today', 'news', 'report', 'update'].includes(w)), `${c}: ${t}`).toBe(false);
      }
      const weights = words.groups.flatMap((g) => g.terms.map((t) => t.weight));
      expect(Math.max(...weights)).toBeCloseTo(1, 9);
      for (const g of words.groups) for (let i = 1; i < g.terms.length; i++) expect(g.terms[i].weight).toBeLessThanOrEqual(g.terms[i - 1].weight);
    }
  }, 60_000);

  it('regression: terms that raise and lower the prediction; null for a model without a linear member or text', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-tt-reg-'));
    const value = (i: number) => String([100, 10, 50][i % 3] + (i % 7));
    const train = (await loadTable(await textData(dir, 150, value))).frame;
    const ridge = await searchModel({ train, target: 'y', task: 'regression', maxTrials: 1, include: ['ridge'], seed: 0, parallelism: 1, runDir: path.join(dir, 'ridge') });
    const tt = topTerms(ridge.model, 3)!;
    const words = tt.columns.find((c) => c.tokens === 'word')!;
    expect(words.groups.map((g) => g.label)).toEqual(['higher', 'lower']);
    const [higher, lower] = words.groups.map((g) => g.terms.map((t) => t.term).join(' '));
    expect(higher).toMatch(/match|goal|coach/); // sport: 100
    expect(lower).toMatch(/bank|loan|stock/); // money: 10
    const trees = await searchModel({ train, target: 'y', task: 'regression', maxTrials: 1, include: ['random_forest'], seed: 0, parallelism: 1, runDir: path.join(dir, 'rf') });
    expect(topTerms(trees.model)).toBeNull();
    const numeric = (await loadTable(path.join(dir, 'data.csv'))).frame;
    const noText = await searchModel({ train: { ...numeric, columns: numeric.columns.filter((c) => c.name !== 'text') }, target: 'y', task: 'regression', maxTrials: 1, include: ['ridge'], seed: 0, parallelism: 1, runDir: path.join(dir, 'num') });
    expect(topTerms(noText.model)).toBeNull();
  }, 60_000);
});
