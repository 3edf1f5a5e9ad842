/**
 * The planner rules for exclusions after the column or as an imperative, "only" restrictions
 * naming parts of column names, question-form and paraphrased targets, initials, and the
 * "average error" metric. Instructions and column sets here are not the eval suite's.
 */
import { describe, expect, it } from 'vitest';
import { offlinePlan, explainMentions } from './offline-planner.js';
import type { Plan } from '../agent/plan.js';
import { titanic, news, churn, iris, housing, housingZh, people, taxi, health, mail, letters, type ColumnSet } from '../../test/column-sets.js';

interface Case {
  set: ColumnSet;
  q: string;
  target?: string;
  task?: Plan['task_type'];
  metric?: Plan['metric'];
  excluded?: string[];
  text?: string[];
  include?: string[];
  assumption?: string;
}

const cases: Case[] = [
  // 1. exclusions after the column, imperative, "without looking at"
  { set: churn, q: 'predict churn; TotalCharges leaks, drop it', target: 'Churn', excluded: ['TotalCharges'] },
  { set: churn, q: 'model churn, the tenure column is leaking so leave it out', target: 'Churn', excluded: ['tenure'] },
  { set: churn, q: 'Predict churn. The tenure field is leaking, so leave it out.', target: 'Churn', excluded: ['tenure'] },
  { set: churn, q: 'predict churn, gender is not needed', target: 'Churn', excluded: ['gender'] },
  { set: churn, q: "predict churn but don't touch gender", target: 'Churn', excluded: ['gender'] },
  { set: churn, q: 'Predict churn and do not consider the contract', target: 'Churn', excluded: ['Contract'] },
  { set: churn, q: '预测客户流失，性别那一列没什么用', target: 'Churn', excluded: ['gender'] },
  { set: churn, q: '客户流失预测，合同这栏用不上，删了吧', target: 'Churn', excluded: ['Contract'] },
  { set: housingZh, q: '预测总价，不看建成年份', target: '总价', excluded: ['建成年份'] },
  { set: people, q: 'predict approval without considering education or marital status', target: 'approved', excluded: ['education', 'marital_status'] },
  { set: people, q: 'decide who gets approved without looking at their housing situation or job', target: 'approved', excluded: ['housing', 'job'] },
  { set: people, q: '预测是否批准，不考虑学历和职业', target: 'approved', excluded: ['education', 'job'] },
  { set: people, q: '审批预测，不要看住房情况和婚姻状况', target: 'approved', excluded: ['housing', 'marital_status'] },
  // A column named like an English word ('a'): the article in "as a regression" is not a mention of it.
  { set: letters, q: 'predict y as a regression, minimise MAPE', target: 'y', task: 'regression', metric: 'mape', excluded: [] },
  { set: letters, q: 'predict a, drop b', target: 'a', excluded: ['b'] },
  { set: letters, q: "predict y without 'a'", target: 'y', excluded: ['a'] },
  // "ignore all columns except X" keeps X (audit: it excluded X); "use everything except X" drops X.
  { set: titanic, q: 'predict Survived, ignore all columns except Sex and Pclass', target: 'Survived', excluded: ['PassengerId', 'Name', 'Age', 'SibSp', 'Parch', 'Ticket', 'Fare', 'Cabin', 'Embarked'] },
  { set: titanic, q: 'predict Survived without using anything other than Sex', target: 'Survived', excluded: ['PassengerId', 'Pclass', 'Name', 'Age', 'SibSp', 'Parch', 'Ticket', 'Fare', 'Cabin', 'Embarked'] },
  { set: titanic, q: '预测 Survived，除了 Sex 以外的列都不要用', target: 'Survived', excluded: ['PassengerId', 'Pclass', 'Name', 'Age', 'SibSp', 'Parch', 'Ticket', 'Fare', 'Cabin', 'Embarked'] },
  { set: titanic, q: '预测 Survived，除了 Sex 都不要用', target: 'Survived', excluded: ['PassengerId', 'Pclass', 'Name', 'Age', 'SibSp', 'Parch', 'Ticket', 'Fare', 'Cabin', 'Embarked'] },
  { set: titanic, q: 'predict Survived, use everything except Cabin', target: 'Survived', excluded: ['Cabin'] },
  { set: titanic, q: '预测 Survived，除了 Cabin 其他都用', target: 'Survived', excluded: ['Cabin'] },
  // An exclusion that matches no column is said, not dropped silently (audit); "without looking at their X" is no name.
  { set: titanic, q: 'predict Survived, ignore boat and Cabin', target: 'Survived', excluded: ['Cabin'], assumption: "asked to exclude 'boat', but no column matches it" },
  { set: titanic, q: '预测 Survived，不要用 船号 这一列', target: 'Survived', excluded: [], assumption: '要求排除 “船号”，但没有列与之对应' },
  { set: titanic, q: 'predict Survived without looking at their Cabin, ignore missing values', target: 'Survived', excluded: ['Cabin'] },
  // 2. "only" with parts of names, and a zh lexicon input
  { set: iris, q: 'classify the species using sepal measurements only', target: 'species', excluded: ['petal_length', 'petal_width'] },
  { set: iris, q: 'species from the petal columns only', target: 'species', excluded: ['sepal_length', 'sepal_width'] },
  { set: iris, q: 'predict the species but drop the petal measurements', target: 'species', excluded: ['petal_length', 'petal_width'] },
  { set: iris, q: 'predict species, exclude sepal width', target: 'species', excluded: ['sepal_width'] },
  // a part of a name is weak evidence: never the target by itself, but two parts name a column
  { set: housing, q: 'predict housing prices, drop the ocean proximity', target: 'median_house_value', excluded: ['ocean_proximity'] },
  { set: housing, q: 'predict the median age of the houses, ignore the rooms', target: 'housing_median_age', excluded: ['total_rooms'] },
  { set: mail, q: '只看邮件主题判断是不是垃圾邮件', target: 'is_spam', text: ['subject'], excluded: ['sender', 'body'] },
  { set: mail, q: 'flag spam based solely on the subject line', target: 'is_spam', text: ['subject'], excluded: ['sender', 'body'] },
  // 3. question-form and paraphrased targets, initials
  { set: taxi, q: 'how much will each rider pay?', target: 'fare_amount', task: 'regression' },
  { set: titanic, q: 'what did each passenger pay?', target: 'Fare', task: 'regression' },
  { set: titanic, q: '这位乘客坐的是几等舱', target: 'Pclass', task: 'multiclass' },
  { set: people, q: '这个人从事哪种职业？', target: 'job', task: 'multiclass' },
  { set: people, q: '预测一个人的体重', target: 'weight_kg', task: 'regression' },
  { set: people, q: 'how heavy is this person?', target: 'weight_kg', task: 'regression' },
  { set: titanic, q: 'how old was each traveller?', target: 'Age', task: 'regression' },
  { set: titanic, q: '乘客多大年纪？', target: 'Age', task: 'regression' },
  { set: news, q: '训练多长时间都行，预测新闻类别', target: 'category' },
  { set: titanic, q: "Survived? I don't want to use fare", target: 'Survived', excluded: ['Fare'] },
  { set: people, q: 'estimate how tall someone is, ignore weight', target: 'height_cm', excluded: ['weight_kg'] },
  { set: health, q: 'predict blood pressure from age and glucose', target: 'bp', task: 'regression' },
  { set: health, q: 'estimate high density lipoprotein from the other labs', target: 'hdl', task: 'regression', assumption: "read 'high density lipoprotein' as column 'hdl'" },
  { set: health, q: 'forecast RHR, do not use glucose', target: 'resting_heart_rate', excluded: ['glucose'] },
  // 4. metric phrasing
  { set: taxi, q: 'predict the fare amount and keep the mean error small', target: 'fare_amount', metric: 'mae' },
  { set: people, q: '预测收入，平均误差越小越好', target: 'income', metric: 'mae' },
  // 5. learner restriction in Chinese
  { set: churn, q: '客户流失，只用梯度提升', target: 'Churn', include: ['gbdt'] },
  { set: churn, q: '预测流失，仅使用逻辑回归', target: 'Churn', include: ['logistic_regression'] },
  // contradictions are said, not resolved silently
  { set: churn, q: 'predict churn, only gbdt, exclude gbdt', target: 'Churn', include: ['gbdt'], assumption: 'the instruction both asks for and excludes gbdt; it is searched' },
  { set: churn, q: 'predict churn with tree-based models, no gbdt', target: 'Churn', include: ['decision_tree', 'forest'] },
  { set: churn, q: 'predict churn in 10 seconds, take 1 minute', target: 'Churn', assumption: "two time budgets, '10 seconds' and '1 minute'; used the first (10 s)" },
];

describe('offlinePlan rules: exclusions, only, question targets, initials, metrics', () => {
  for (const c of cases) {
    it(c.q, () => {
      const plan = offlinePlan({ instruction: c.q, columns: c.set.columns, targetGuess: c.set.targetGuess, taskGuess: c.set.taskGuess, minorityShare: c.set.minorityShare });
      const why = JSON.stringify({ plan, mentions: explainMentions(c.q, c.set.columns).map((m) => [m.phrase, m.column, m.role, m.group]) });
      if (c.target !== undefined) expect(plan.target, why).toBe(c.target);
      if (c.task !== undefined) expect(plan.task_type, why).toBe(c.task);
      if (c.metric !== undefined) expect(plan.metric, why).toBe(c.metric);
      if (c.excluded !== undefined) expect([...plan.excluded_columns].sort(), why).toEqual([...c.excluded].sort());
      if (c.text !== undefined) expect([...plan.text_columns].sort(), why).toEqual([...c.text].sort());
      if (c.include !== undefined) expect(plan.include_learners, why).toEqual(c.include);
      if (c.assumption !== undefined) expect(plan.assumptions.join(' | '), why).toContain(c.assumption);
      else expect(plan.assumptions.join(' | '), why).not.toMatch(/no column matches|没有列与之对应/);
    });
  }
});

describe('offlinePlan with --budget over a trial count that cannot run (review)', () => {
  it("replaces the instruction's '0 trials' with the given budget instead of failing", () => {
    const plan = offlinePlan({ instruction: 'predict churn with 0 trials', columns: churn.columns, targetGuess: churn.targetGuess, taskGuess: churn.taskGuess, minorityShare: churn.minorityShare, budget: { seconds: 2, source: '--budget' } });
    expect(plan.budget_seconds).toBe(2);
    expect(plan.assumptions.join(' | ')).toContain("--budget 2s replaces the instruction's '0 trials'");
  });
});
