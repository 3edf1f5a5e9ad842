/**
 * Synthetic ReportInputs for the report's tests and for looking at the page by hand
 * (`node --import tsx src/report/test-fixtures.ts /tmp/out` writes both samples). Seeded, so
 * every run produces the same report.
 */
import { createRng } from '../util/random.js';
import type { ReportInput, TrialRecord } from './types.js';

function trials(n: number, seed: number, base: number, greaterIsBetter: boolean): TrialRecord[] {
  const rng = createRng(seed);
  const learners = ['gbdt', 'random_forest', 'logistic', 'knn'];
  const out: TrialRecord[] = [];
  let t = 0.2;
  for (let i = 0; i < n; i++) {
    t += 0.1 + rng.next() * 1.5;
    const failed = i % 11 === 7;
    const progress = Math.log1p(i) / Math.log1p(n);
    const noise = (rng.next() - 0.5) * 0.08;
    const score = greaterIsBetter ? base + 0.12 * progress + noise : base * (1.4 - 0.4 * progress) + noise * base;
    out.push({
      id: i + 1,
      learner: learners[i % learners.length],
      elapsedSeconds: Number(t.toFixed(3)),
      score: failed ? null : Number(score.toFixed(5)),
      status: failed ? (i % 2 ? 'failed' : 'pruned') : 'ok',
    });
  }
  return out;
}

function repro(file: string): ReportInput['repro'] {
  return {
    seed: 42,
    budgetSeconds: 60,
    maxTrials: null,
    wallSeconds: 61.7,
    trials: 40,
    askmlVersion: '0.1.0',
    nodeVersion: 'v20.20.2',
    platform: 'linux-x64',
    dataFile: file,
    dataSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  };
}

/** English multiclass classification; `classes` labels (default 4), some long and some hostile. */
export function classificationInput(opts: { classes?: number; lang?: 'en' | 'zh' } = {}): ReportInput {
  const k = opts.classes ?? 4;
  const base = ['sports', 'finance', 'technology & science', 'entertainment'];
  const labels = Array.from({ length: k }, (_, i) => (i < base.length ? base[i] : `class_${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ''}`));
  const rng = createRng(7);
  const confusion = labels.map((_, i) => labels.map((__, j) => (i === j ? 80 + rng.int(60) : rng.int(9) < 6 ? 0 : rng.int(12))));
  const perClass = labels.map((label, i) => {
    const tp = confusion[i][i];
    const support = confusion[i].reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, row) => s + row[i], 0);
    const precision = predicted ? tp / predicted : null;
    const recall = support ? tp / support : null;
    const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
    return { label, precision, recall, f1, support };
  });
  return {
    lang: opts.lang ?? 'en',
    instruction: 'Classify news headlines by <category> & report "accuracy"',
    createdAt: '2026-11-23T14:00:00Z',
    task: { kind: k === 2 ? 'binary' : 'multiclass', target: 'category', metric: 'macro_f1', greaterIsBetter: true },
    profile: {
      file: 'news_headlines.csv',
      rows: 12000,
      columns: 5,
      columnSummaries: [
        { name: 'id', semantic: 'numeric', role: 'id', missingShare: 0, distinct: 12000, reason: 'unique per row' },
        { name: 'title', semantic: 'text', role: 'feature', missingShare: 0.002, distinct: 11870, reason: null },
        { name: 'source', semantic: 'categorical', role: 'feature', missingShare: 0.05, distinct: 37, reason: null },
        { name: 'published', semantic: 'datetime', role: 'feature', missingShare: 0, distinct: 900, reason: null },
        { name: 'category', semantic: 'categorical', role: 'target', missingShare: 0, distinct: k, reason: 'named in the instruction' },
      ],
      classCounts: labels.map((label, i) => ({ label, count: confusion[i].reduce((s, v) => s + v, 0) * 5 })),
      targetStats: null,
      warnings: ['Column "id" is unique per row and was dropped.', 'Class imbalance: smallest class is 4% of rows.'],
    },
    plan: {
      summary: 'Multiclass text classification on "title" with source and date as side features.',
      steps: ['profile_data', 'engineer_features', 'search_model (60 s)', 'evaluate', 'report'],
      assumptions: ['Target is "category" (named in the instruction).', 'Metric is macro F1 because classes are imbalanced.'],
    },
    leaderboard: [
      { learner: 'gbdt', params: { learning_rate: 0.1, max_depth: 6, n_estimators: 300 }, cvScore: 0.8712, cvStd: 0.0081, fitSeconds: 12.4 },
      { learner: 'logistic', params: { C: 3.2, penalty: 'l2' }, cvScore: 0.8598, cvStd: 0.0102, fitSeconds: 2.1 },
      { learner: 'random_forest', params: { n_estimators: 200, max_features: 'sqrt' }, cvScore: 0.8311, cvStd: null, fitSeconds: 8.9 },
      { learner: 'knn', params: {}, cvScore: null, cvStd: null, fitSeconds: null },
    ],
    trials: trials(40, 3, 0.74, true),
    evaluation: {
      split: 'holdout 20% (2,400 rows)',
      metrics: [
        { name: 'macro_f1', value: 0.8654 },
        { name: 'accuracy', value: 0.8891 },
        { name: 'log_loss', value: 0.3412 },
      ],
      classification: { labels, confusion, perClass },
      regression: null,
    },
    importance: {
      method: 'permutation (macro_f1 drop, 5 repeats)',
      features: Array.from({ length: 25 }, (_, i) => ({
        name: i === 0 ? 'title' : i === 1 ? 'source' : `title:tfidf_${i}`,
        importance: i === 24 ? -0.004 : 0.2 / (i + 1),
        std: i % 3 === 0 ? 0.01 / (i + 1) : null,
      })),
    },
    pipeline: {
      steps: [
        { name: 'tfidf_char_ngrams', columns: ['title'], reason: 'free text column' },
        { name: 'one_hot', columns: ['source'], reason: 'categorical with 37 levels' },
        { name: 'datetime_parts', columns: ['published'], reason: 'datetime column' },
      ],
      learner: 'ensemble',
      params: { method: 'weighted_average' },
      ensemble: [
        { learner: 'gbdt', weight: 0.62 },
        { learner: 'logistic', weight: 0.38 },
      ],
    },
    repro: repro('news_headlines.csv'),
  };
}

/** Chinese regression report with `n` held-out rows (default 3000, so the scatter is sampled). */
export function regressionInput(opts: { n?: number; lang?: 'en' | 'zh' } = {}): ReportInput {
  const n = opts.n ?? 3000;
  const rng = createRng(11);
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = 50 + rng.normal() * 20;
    actual.push(Number(a.toFixed(3)));
    predicted.push(Number((a + rng.normal() * 6).toFixed(3)));
  }
  return {
    lang: opts.lang ?? 'zh',
    instruction: '预测房屋的成交价格（万元），并说明最重要的因素',
    createdAt: '2026-11-23T14:00:00Z',
    task: { kind: 'regression', target: '成交价格', metric: 'rmse', greaterIsBetter: false },
    profile: {
      file: '房价数据.csv',
      rows: 15000,
      columns: 4,
      columnSummaries: [
        { name: '面积', semantic: 'numeric', role: 'feature', missingShare: 0.01, distinct: 3000, reason: null },
        { name: '所在区域（行政区及街道的完整名称）', semantic: 'categorical', role: 'feature', missingShare: 0, distinct: 120, reason: null },
        { name: '建成年份', semantic: 'numeric', role: 'feature', missingShare: 0.12, distinct: 60, reason: null },
        { name: '成交价格', semantic: 'numeric', role: 'target', missingShare: 0, distinct: 9000, reason: '指令中提到' },
      ],
      classCounts: null,
      targetStats: { min: -8.2, max: 121.5, mean: 50.1, std: 19.9 },
      warnings: [],
    },
    plan: {
      summary: '以成交价格为目标的回归任务。',
      steps: ['profile_data', 'engineer_features', 'search_model', 'evaluate', 'report'],
      assumptions: ['目标列为“成交价格”。'],
    },
    leaderboard: [
      { learner: 'gbdt', params: { learning_rate: 0.05, max_depth: 8 }, cvScore: 6.12, cvStd: 0.21, fitSeconds: 20.3 },
      { learner: 'random_forest', params: { n_estimators: 300 }, cvScore: 6.58, cvStd: 0.25, fitSeconds: 15.0 },
      { learner: 'linear', params: { alpha: 0.1 }, cvScore: 9.91, cvStd: 0.4, fitSeconds: 0.4 },
    ],
    revalidation: {
      repeats: 2,
      folds: 5,
      rows: [
        { learner: 'gbdt', searchScore: 6.12, freshScore: 6.71, chosen: false },
        { learner: 'random_forest', searchScore: 6.58, freshScore: 6.6, chosen: true },
      ],
    },
    trials: trials(30, 5, 6.1, false),
    evaluation: {
      split: '留出 20%（3,000 行）',
      metrics: [
        { name: 'rmse', value: 6.03 },
        { name: 'mae', value: 4.8 },
        { name: 'r2', value: 0.909 },
      ],
      classification: null,
      regression: { actual, predicted },
    },
    importance: {
      method: 'permutation (rmse increase)',
      features: [
        { name: '面积', importance: 12.3, std: 0.8 },
        { name: '所在区域（行政区及街道的完整名称）', importance: 7.1, std: 0.5 },
        { name: '建成年份', importance: 1.2, std: 0.3 },
      ],
    },
    pipeline: {
      steps: [
        { name: 'median_impute', columns: ['建成年份', '面积'], reason: '有缺失值的数值列' },
        { name: 'target_encode', columns: ['所在区域（行政区及街道的完整名称）'], reason: '高基数类别列' },
      ],
      learner: 'gbdt',
      params: { learning_rate: 0.05, max_depth: 8, n_estimators: 600 },
      ensemble: null,
    },
    repro: repro('房价数据.csv'),
  };
}

// Hand use: write both samples as report files into a folder.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeReport } = await import('./write.js');
  const dir = process.argv[2] ?? '/tmp/askml-report-sample';
  const a = await writeReport(classificationInput(), dir, { baseName: 'classification-en' });
  const b = await writeReport(regressionInput(), dir, { baseName: 'regression-zh' });
  console.log([a.htmlPath, b.htmlPath].join('\n'));
}
