/**
 * Accuracy: thucnews titles, train.csv -> test.csv, the automatic plan's Chinese char 1-3 gram +
 * jieba word TF-IDF + the registry's linear_svm (default params). sklearn's TF-IDF char 1-3 + LinearSVC reaches
 * 0.8772 macro-F1 on the same split (../shared/data/README.md).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvColumns, sharedData } from '../../bench/tfidf-data.js';
import type { ColumnInfo } from '../data/column-info.js';
import type { Frame } from '../data/frame.js';
import { getLearner } from '../learners/index.js';
import { loadPipeline } from './pipeline.js';
import { fitPipeline, planFeatures } from './plan.js';

function macroF1(y: Float64Array, p: Float64Array, k: number): number {
  let s = 0;
  for (let c = 0; c < k; c++) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < y.length; i++) {
      if (p[i] === c && y[i] === c) tp++;
      else if (p[i] === c) fp++;
      else if (y[i] === c) fn++;
    }
    s += tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  return s / k;
}

describe('thucnews char + word TF-IDF + linear_svm', () => {
  it('reaches macro-F1 >= 0.86 on test.csv', async () => {
    const train = readCsvColumns(path.join(sharedData, 'thucnews/train.csv'));
    const test = readCsvColumns(path.join(sharedData, 'thucnews/test.csv'));
    const classes = [...new Set(train.category)].sort();
    expect(classes.length).toBe(10);
    const frame = (t: Record<string, string[]>): Frame => ({ nRows: t.title.length, columns: [{ name: 'title', type: 'text', values: t.title }] });
    const columns: ColumnInfo[] = [
      { name: 'title', type: 'text', semantic: 'text', role: 'feature', missingShare: 0, distinct: 10000, lang: 'zh', examples: [] },
      { name: 'category', type: 'categorical', semantic: 'categorical', role: 'target', missingShare: 0, distinct: 10, examples: [] },
    ];
    const plan = planFeatures(columns, { target: 'category', view: 'linear', nRows: train.title.length });
    expect(plan.rules[0].reason).toBe('title: zh text -> char 1-3 gram TF-IDF (sublinear, min_df 2); + jieba word unigram TF-IDF');
    const y = Float64Array.from(train.category, (c) => classes.indexOf(c));
    const target = { task: 'multiclass' as const, y, nClasses: 10 };
    const fitted = await fitPipeline(plan, frame(train), { seed: 0, target });
    const svm = getLearner('linear_svm');
    const model = await svm.fit(fitted.train!.matrix, target, svm.space({ rows: y.length, cols: fitted.nFeatures, task: 'multiclass', nClasses: 10, sparse: true }).default, { seed: 0 });
    const reloaded = loadPipeline(JSON.parse(JSON.stringify(fitted.toJSON())));
    const pred = model.predict(reloaded.transform(frame(test)).matrix);
    const yt = Float64Array.from(test.category, (c) => classes.indexOf(c));
    const f1 = macroF1(yt, pred, 10);
    console.log(`thucnews macro-F1 ${f1.toFixed(4)} with ${fitted.nFeatures} features`);
    expect(f1).toBeGreaterThanOrEqual(0.86);
  });
});
