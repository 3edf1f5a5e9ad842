/**
 * Compositional paraphrases: clauses for the target, an exclusion, a metric and a budget, in
 * seeded random order with random joiners, zh and en. Checks that the rules compose rather than
 * match whole sentences.
 */
import { describe, expect, it } from 'vitest';
import { offlinePlan } from './offline-planner.js';
import { createRng, type Rng } from '../util/random.js';
import type { Metric } from '../agent/plan.js';
import { titanic, news, spam, diamonds, churn, type ColumnSet } from '../../test/column-sets.js';

interface Spec {
  set: ColumnSet;
  target: string;
  targetZh: string[];
  targetEn: string[];
  /** column -> ways to name it */
  drop: Record<string, { zh: string[]; en: string[] }>;
  metrics: Metric[];
}

const specs: Spec[] = [
  {
    set: titanic,
    target: 'Survived',
    targetZh: ['预测乘客是否生还', '判断哪些人能活下来', '以 Survived 为目标', '预测存活情况'],
    targetEn: ['predict whether a passenger survived', 'predict survival', 'the target is Survived', 'figure out who survived'],
    drop: {
      Cabin: { zh: ['cabin', '客舱号', 'Cabin'], en: ['cabin', 'Cabin', 'cabn'] },
      Ticket: { zh: ['票号', 'ticket', '船票号'], en: ['ticket', 'tiket', 'Ticket'] },
      Name: { zh: ['姓名', 'name'], en: ['name', 'Name'] },
      Fare: { zh: ['票价', 'fare'], en: ['fare', 'the ticket fare'] },
    },
    metrics: ['accuracy', 'roc_auc', 'macro_f1', 'balanced_accuracy', 'log_loss'],
  },
  {
    set: news,
    target: 'category',
    targetZh: ['根据标题预测新闻类别', '对新闻标题进行多类别分类', '预测新闻的栏目'],
    targetEn: ['predict the category of each headline', 'classify titles into categories', 'category is the target'],
    drop: {
      source: { zh: ['来源', 'source'], en: ['source', 'the source', 'sourse'] },
      publish_date: { zh: ['发布日期', 'publish_date'], en: ['publish_date', 'publish date'] },
    },
    metrics: ['accuracy', 'macro_f1', 'balanced_accuracy'],
  },
  {
    set: spam,
    target: 'label',
    targetZh: ['识别垃圾短信', '判断是不是垃圾邮件', '预测 label'],
    targetEn: ['detect spam', 'predict the label', 'is it spam or ham'],
    drop: { length: { zh: ['长度', 'length'], en: ['length', 'lenght'] } },
    metrics: ['accuracy', 'macro_f1', 'roc_auc'],
  },
  {
    set: diamonds,
    target: 'price',
    targetZh: ['预测钻石价格', '估计钻石值多少钱', '以 price 为目标'],
    targetEn: ['predict the price', 'estimate how much a diamond costs', 'price is the target'],
    drop: {
      depth: { zh: ['深度', 'depth'], en: ['depth', 'dept'] },
      table: { zh: ['台面', 'table'], en: ['table'] },
      clarity: { zh: ['净度', 'clarity'], en: ['clarity', 'clartiy'] },
    },
    metrics: ['rmse', 'mae', 'r2', 'mape'],
  },
  {
    set: churn,
    target: 'Churn',
    targetZh: ['预测客户是否流失', '哪些客户会流失', '客户流失预测'],
    targetEn: ['predict churn', 'which customers will churn', 'Churn is the target'],
    drop: {
      customerID: { zh: ['客户编号', 'customerID'], en: ['customerID', 'customer id', 'customerid'] },
      gender: { zh: ['性别', 'gender'], en: ['gender', 'gendr'] },
      TotalCharges: { zh: ['总费用', 'TotalCharges'], en: ['TotalCharges', 'total charges'] },
    },
    metrics: ['accuracy', 'roc_auc', 'macro_f1'],
  },
];

const METRIC_WORDS: Record<Metric, { zh: string[]; en: string[] }> = {
  accuracy: { zh: ['用准确率评估', '指标是准确率'], en: ['metric: accuracy', 'optimise accuracy'] },
  balanced_accuracy: { zh: ['用平衡准确率'], en: ['use balanced accuracy'] },
  macro_f1: { zh: ['用宏平均F1', '评估指标为 macro-F1'], en: ['use macro F1', 'score with F1'] },
  roc_auc: { zh: ['用AUC评估'], en: ['evaluate with ROC AUC', 'metric AUC'] },
  log_loss: { zh: ['用对数损失'], en: ['minimise log loss'] },
  rmse: { zh: ['用均方根误差', '指标 RMSE'], en: ['use RMSE', 'root mean squared error'] },
  mae: { zh: ['用平均绝对误差'], en: ['metric: MAE', 'mean absolute error'] },
  r2: { zh: ['用决定系数评估'], en: ['optimise R2', 'use r-squared'] },
  mape: { zh: ['用MAPE'], en: ['mean absolute percentage error'] },
};

const BUDGETS: { zh: string; en: string; s: number }[] = [
  { zh: '两分钟内', en: 'within 2 minutes', s: 120 },
  { zh: '半分钟', en: 'in 30s', s: 30 },
  { zh: '一分钟以内', en: 'one minute budget', s: 60 },
  { zh: '90秒', en: 'within 90 seconds', s: 90 },
  { zh: '三分钟', en: 'time limit 180', s: 180 },
];

const pick = <T,>(a: readonly T[], rng: Rng): T => a[rng.int(a.length)];

function dropClause(name: string, lang: 'zh' | 'en', rng: Rng): string {
  const zh = [`不要用${name}`, `不要用 ${name} 这一列`, `去掉${name}`, `${name}这一列不要用`, `忽略 ${name}`, `排除${name}`];
  const en = [`ignore ${name}`, `exclude ${name}`, `drop the ${name} column`, `without using ${name}`, `${name} should be ignored`, `leave out ${name}`];
  return pick(lang === 'zh' ? zh : en, rng);
}

function makeCases(n: number, seed: number) {
  const rng = createRng(seed);
  const out: { q: string; spec: Spec; drop: string; metric: Metric; budget: number }[] = [];
  for (let i = 0; i < n; i++) {
    const spec = specs[i % specs.length];
    const lang: 'zh' | 'en' = rng.int(2) === 0 ? 'zh' : 'en';
    const drop = pick(Object.keys(spec.drop), rng);
    const metric = pick(spec.metrics, rng);
    const budget = pick(BUDGETS, rng);
    const clauses = [
      pick(lang === 'zh' ? spec.targetZh : spec.targetEn, rng),
      dropClause(pick(spec.drop[drop][lang], rng), lang, rng),
      pick(METRIC_WORDS[metric][lang], rng),
      lang === 'zh' ? budget.zh : budget.en,
    ];
    // Target first or second; the rest shuffled.
    const rest = clauses.slice(1);
    for (let k = rest.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [rest[k], rest[j]] = [rest[j], rest[k]];
    }
    rest.splice(rng.int(2), 0, clauses[0]);
    const joiners = lang === 'zh' ? ['，', '；', '。'] : [', ', '; ', '. '];
    const q = rest.reduce((acc, c, k) => (k === 0 ? c : acc + pick(joiners, rng) + c), '');
    out.push({ q, spec, drop, metric, budget: budget.s });
  }
  return out;
}

describe('offlinePlan composed paraphrases', () => {
  const cases = makeCases(300, 20261123);
  for (const c of cases) {
    it(c.q, () => {
      const plan = offlinePlan({
        instruction: c.q,
        columns: c.spec.set.columns,
        targetGuess: c.spec.set.targetGuess,
        taskGuess: c.spec.set.taskGuess,
        minorityShare: c.spec.set.minorityShare,
      });
      const why = JSON.stringify(plan);
      expect(plan.target, why).toBe(c.spec.target);
      expect(plan.excluded_columns, why).toEqual([c.drop]);
      expect(plan.metric, why).toBe(c.metric);
      expect(plan.budget_seconds, why).toBe(c.budget);
    });
  }
});
