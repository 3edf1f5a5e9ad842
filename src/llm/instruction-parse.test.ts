import { describe, expect, it } from 'vitest';
import { detectLang, findBudget, findLearners, findMetric, findPreferences, findTaskWords, findTrials, parseZhNumber } from './instruction-parse.js';

describe('findBudget', () => {
  const cases: [string, number | null][] = [
    ['两分钟内完成', 120],
    ['半分钟', 30],
    ['一分钟', 60],
    ['一分半', 90],
    ['三十秒以内', 30],
    ['一个半小时', 5400],
    ['半小时', 1800],
    ['十分钟', 600],
    ['within 90 seconds', 90],
    ['in 1,500 seconds', 1500],
    ['budget 1,500', 1500],
    ['train a second model', null],
    ['finish in a second', 1],
    ['in 2 minutes', 120],
    ['30s', 30],
    ['2min budget', 120],
    ['1.5 minutes', 90],
    ['half a minute', 30],
    ['within a minute', 60],
    ['one and a half minutes', 90],
    ['a couple of minutes', 120],
    ['1h', 3600],
    ['budget 45', 45],
    ['限时 20', 20],
    ['time limit: 300', 300],
    ['use data mining on 5 columns', null],
    ['predict the 2 classes', null],
    ['top 10 features', null],
    ['打5分', null],
    // audit: "quarter of an hour" read as an hour; compound durations kept only one part
    ['predict species in a quarter of an hour', 900],
    ['three quarters of an hour', 2700],
    ['一刻钟内完成', 900],
    ['within 2 min 30 s', 150],
    ['in 1 min 30 sec', 90],
    ['in 1 hour and 15 minutes', 4500],
    ['预测 species，1分30秒', 90],
    ['in 2 minutes, 30 trials', 120],
  ];
  for (const [text, want] of cases) {
    it(text, () => expect(findBudget(text, [])?.seconds ?? null).toBe(want));
  }
  it('a stated budget of zero is an error, not the default', () => {
    expect(() => findBudget('predict survived in 0 seconds', [])).toThrow(expect.objectContaining({ code: 'BUDGET', message: expect.stringContaining("'0 seconds'") }));
    expect(() => findBudget('0秒内完成', [])).toThrow(expect.objectContaining({ code: 'BUDGET' }));
    expect(() => findBudget('predict survived in 0.2 seconds', [])).toThrow(expect.objectContaining({ code: 'BUDGET', message: expect.stringContaining('the smallest budget is 1 second') }));
  });

  // Fractional budgets keep one decimal (re-audit F11): "in 1.5 seconds" is 1.5 s, as --budget 1.5 is.
  // [text, seconds, a note about how the number was read (or null for none)]
  const fractional: [string, number, string | null][] = [
    ['in 1.5 seconds', 1.5, null],
    ['in 2.5 s', 2.5, null],
    ['within 1.25 seconds', 1.3, "'1.25 seconds' is 1.25 s; rounded to 1.3 s"],
    ['in 1.04 seconds', 1, "'1.04 seconds' is 1.04 s; rounded to 1 s"],
    ['1.1 minutes', 66, null], // 66.00000000000001 in floating point: not worth a note
    ['1.5 minutes', 90, null],
    ['in 1,5 secondes', 1.5, null],
    ['budget 2.5', 2.5, null],
    // "1.500": the dot reads as a decimal point, as it does in "1.5" (and "1,500" is 1500 above);
    // a writer who meant fifteen hundred is told how to write it.
    ['in 1.500 seconds', 1.5, "read '1.500 seconds' as 1.5 s (the dot as a decimal point); write 1,500 or 1500 for a thousands number"],
    ['en 2.000 segundos', 2, "read '2.000 segundos' as 2 s (the dot as a decimal point); write 2,000 or 2000"],
    ['in 1,500 seconds', 1500, null],
    ['in 1.50 seconds', 1.5, null],
  ];
  for (const [text, want, note] of fractional) {
    it(`fractional: ${text}`, () => {
      const b = findBudget(text, []);
      expect(b?.seconds).toBe(want);
      if (note === null) expect(b?.note).toBeUndefined();
      else expect(b?.note).toContain(note);
    });
  }
  it('two different budgets: the first is used and the note names both', () => {
    const b = findBudget('predict survived in 10 seconds, actually take 1 minute', []);
    expect(b).toMatchObject({ seconds: 10, conflict: '1 minute' });
    expect(b?.note).toContain("two time budgets, '10 seconds' and '1 minute'; used the first (10 s)");
    expect(findBudget('30秒内，最多2分钟', [])?.noteZh).toContain('两个时间预算：“30秒”和“2分钟”');
    // the same time twice, or a compound duration, is one budget
    expect(findBudget('in 2 minutes (120 seconds)', [])).toEqual({ seconds: 120, phrase: '2 minutes' });
    expect(findBudget('in 2 min 30 s', [])?.conflict).toBeUndefined();
    // a later duration that does not read as a budget is neither a conflict nor masked (review)
    for (const t of ['in 1 minute, rooms 3 m wide', 'train in 30s with a 5 s timeout per trial', 'predict y in 30 seconds, 2 h of data']) {
      const used: { start: number; end: number }[] = [];
      expect(findBudget(t, used)?.conflict, t).toBeUndefined();
      expect(used, t).toHaveLength(1);
    }
    // a second phrase that is no budget ("0 seconds") is not an error: the first stands
    expect(findBudget('in 30 seconds, 0 seconds of warm-up', [])).toEqual({ seconds: 30, phrase: '30 seconds' });
  });
  it('the smallest budget is checked before rounding: 0.96 seconds is not 1 s', () => {
    expect(() => findBudget('in 0.96 seconds', [])).toThrow(expect.objectContaining({ code: 'BUDGET', message: expect.stringContaining('the smallest budget is 1 second') }));
  });
});

describe('findMetric', () => {
  const cases: [string, string | null][] = [
    ['宏平均F1', 'macro_f1'],
    ['macro-F1', 'macro_f1'],
    ['use F1 score', 'macro_f1'],
    ['准确率', 'accuracy'],
    ['optimise accuracy', 'accuracy'],
    ['balanced accuracy please', 'balanced_accuracy'],
    ['平衡准确率', 'balanced_accuracy'],
    ['AUC', 'roc_auc'],
    ['ROC-AUC', 'roc_auc'],
    ['RMSE', 'rmse'],
    ['均方根误差', 'rmse'],
    ['MAE', 'mae'],
    ['平均绝对误差', 'mae'],
    ['R2', 'r2'],
    ['R²', 'r2'],
    ['决定系数', 'r2'],
    ['MAPE', 'mape'],
    ['平均绝对百分比误差', 'mape'],
    ['log loss', 'log_loss'],
    ['交叉熵', 'log_loss'],
    ['召回率很重要', 'macro_f1'],
    ['keep the mean error small', 'mae'],
    ['average absolute deviation', 'mae'],
    ['平均误差越小越好', 'mae'],
    ['平均偏差要小', 'mae'],
    ['mean squared error', 'rmse'],
    ['mean absolute percentage error', 'mape'],
    ['平均绝对百分比误差', 'mape'],
    ['evaluate by AUROC', 'roc_auc'],
    ['AU-ROC', 'roc_auc'],
    ['area under the ROC curve', 'roc_auc'],
    ['area under the curve', 'roc_auc'],
    ['coefficient of determination', 'r2'],
    ['keep the percentage error low', 'mape'],
    ['negative log likelihood', 'log_loss'],
    ['an error in the averages table', null],
    ['predict the F150 truck price', null],
    ['a cause of concern', null],
    ['no metric here', null],
  ];
  for (const [text, want] of cases) {
    it(text, () => expect(findMetric(text, [])?.metric ?? null).toBe(want));
  }
});

describe('other finders', () => {
  it('parses Chinese numerals', () => {
    expect([parseZhNumber('三十五'), parseZhNumber('一百二十'), parseZhNumber('两'), parseZhNumber('十'), parseZhNumber('x')]).toEqual([35, 120, 2, 10, null]);
  });
  it('detects the language', () => {
    expect(detectLang('预测 survived')).toBe('zh');
    expect(detectLang('predict the 票价 column please')).toBe('en');
    expect(detectLang('Predict churn')).toBe('en');
  });
  it('reads task words without mistaking logistic regression for regression', () => {
    const used: { start: number; end: number }[] = [];
    findLearners('用逻辑回归分类', used);
    expect(findTaskWords('用逻辑回归分类', used)?.task).toBe('classification');
    expect(findTaskWords('多类别分类', [])?.task).toBe('multiclass');
    expect(findTaskWords('a regression task', [])?.task).toBe('regression');
    expect(findTaskWords('binary classification', [])?.task).toBe('binary');
  });
  it('reads learner families and named learners, negated or not', () => {
    const f = findLearners('use random forest or xgboost, but no knn and no naive bayes', []);
    expect(f.include).toEqual(['random_forest', 'gbdt']);
    expect(f.exclude).toEqual(['naive_bayes', 'knn']);
    // another library's name is read as the askml family, and said so (audit: silently swapped)
    expect(f.substitutes).toEqual([{ phrase: 'xgboost', family: 'gbdt' }]);
    expect(findLearners('只用 lightgbm', []).substitutes).toEqual([{ phrase: 'lightgbm', family: 'gbdt' }]);
    expect(findLearners('use gradient boosting', []).substitutes).toEqual([]);
    expect(findLearners('不要用神经网络', []).unsupported).toEqual(['神经网络']);
    expect(findLearners('用逻辑回归', []).impliedTask).toBe('classification');
    expect(findLearners('I know random forest works, use random forest', []).include).toEqual(['random_forest']);
    // A named learner is that learner; a family word the family (audit: "logistic regression only" searched linear_svm too).
    expect(findLearners('use logistic regression only', []).include).toEqual(['logistic_regression']);
    expect(findLearners('只用 extra trees 和 forest', []).include).toEqual(['extra_trees', 'forest']);
    expect(findLearners('use only linear_svm', [])).toMatchObject({ include: ['linear_svm'], unsupported: [] });
    expect(findLearners('use an svm', []).substitutes).toEqual([{ phrase: 'svm', family: 'linear_svm' }]);
    expect(findLearners('用线性模型', []).include).toEqual(['linear']);
    expect(findLearners('只用梯度提升树', []).include).toEqual(['gbdt']);
    expect(findLearners('仅使用朴素贝叶斯，不要 knn', [])).toMatchObject({ include: ['naive_bayes'], exclude: ['knn'] });
  });
  it('reads tree-based models as every tree family, narrowed by an exclusion', () => {
    expect(findLearners('use tree-based models', [])).toMatchObject({ include: ['decision_tree', 'forest', 'gbdt'], exclude: [], conflicts: [] });
    expect(findLearners('只用树模型，不要 gbdt', [])).toMatchObject({ include: ['decision_tree', 'forest'], exclude: ['gbdt'], conflicts: [] });
    expect(findLearners('trees only, no gbdt', [])).toMatchObject({ include: ['decision_tree', 'forest'], exclude: ['gbdt'] });
    expect(findLearners('use decision trees', []).include).toEqual(['decision_tree']);
    // tree words right after a named learner belong to it (review: 梯度提升树模型 became all three)
    expect(findLearners('只用梯度提升树模型', []).include).toEqual(['gbdt']);
    expect(findLearners('use xgboost tree models', []).include).toEqual(['gbdt']);
    expect(findLearners('boosted tree models only', []).include).toEqual(['gbdt']);
  });
  it('a learner both asked for and excluded is searched, and named as a conflict', () => {
    expect(findLearners('only gbdt, exclude gbdt', [])).toMatchObject({ include: ['gbdt'], exclude: [], conflicts: ['gbdt'] });
    expect(findLearners('use random forest but not random forest', [])).toMatchObject({ include: ['random_forest'], conflicts: ['random_forest'] });
    expect(findLearners('use random forest, no knn', []).conflicts).toEqual([]);
  });
  it('reads preferences and their negations', () => {
    expect(findPreferences('不需要导出，要可解释', [])).toMatchObject({ export_onnx: false, interpretable: true });
    expect(findPreferences('类别不均衡', []).imbalanced).toBe(true);
    expect(findPreferences('export to ONNX as fast as possible', [])).toMatchObject({ export_onnx: true, fast: true });
    // "export" or 导出 that is not asked of the model (audit: turned ONNX export on).
    expect(findPreferences('the file is an export from our CMS', [])).toMatchObject({ export_onnx: false });
    expect(findPreferences('数据是从后台导出的', [])).toMatchObject({ export_onnx: false });
    expect(findPreferences('predict churn and export the model', [])).toMatchObject({ export_onnx: true });
    expect(findPreferences('训练后导出模型', [])).toMatchObject({ export_onnx: true });
    expect(findPreferences('Here is our customer export; predict churn', [])).toMatchObject({ export_onnx: false });
    expect(findPreferences('数据导出自CRM系统', [])).toMatchObject({ export_onnx: false });
    expect(findPreferences('I need the model exported', [])).toMatchObject({ export_onnx: true });
    expect(findPreferences('导出的模型要小', [])).toMatchObject({ export_onnx: true });
    expect(findPreferences('breakfast data', []).fast).toBe(false);
  });
});

describe('findTrials (a trial count in the instruction, as --trials)', () => {
  it('reads English and Chinese trial counts', () => {
    expect(findTrials('predict churned with 50 trials')).toEqual({ trials: 50, phrase: '50 trials' });
    expect(findTrials('try 1 trial only')?.trials).toBe(1);
    expect(findTrials('run 200 configurations of gbdt')?.trials).toBe(200);
    expect(findTrials('预测 churned，试验 50 次')?.trials).toBe(50);
    expect(findTrials('预测 churned，三十次试验')?.trials).toBe(30);
    expect(findTrials('预测 churned，５０次试验')?.trials).toBe(50); // full-width digits
  });

  it('leaves times, counts of other things and trial-less text alone', () => {
    expect(findTrials('predict churned in 50 seconds')).toBeNull();
    expect(findTrials('predict the number of trials')).toBeNull();
    expect(findTrials('predict churned, 3 folds')).toBeNull();
    expect(findTrials('预测 churned，50 秒')).toBeNull();
  });

  it('reads thousands separators and refuses a count that cannot run (audit: "1000000 trials" was read as 0 and dropped)', () => {
    expect(findTrials('predict churned with 1,000 trials')?.trials).toBe(1000);
    expect(findTrials('predict churned with 10 000 trials')?.trials).toBe(10000);
    expect(findTrials('predict churned with 1.5 trials')).toBeNull();
    expect(() => findTrials('predict churned with 0 trials')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT', message: "The instruction asks for '0 trials'; a search runs 1 to 100,000 trials." }));
    expect(() => findTrials('predict churned with 1000000 trials')).toThrow(expect.objectContaining({ message: "The instruction asks for '1000000 trials'; a search runs 1 to 100,000 trials." }));
    expect(() => findTrials('预测，试验 200000 次')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});
