import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.js';
import { localizer, localizeSummary } from './localize.js';
import { renderMarkdown } from './markdown.js';
import { classificationInput } from './test-fixtures.js';
import type { ReportInput } from './types.js';

/** Rows of the first Markdown table after `heading`. */
function mdRows(md: string, heading: string): string[] {
  const lines = md.slice(md.indexOf(heading)).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[] = [];
  for (let i = first + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
  return rows;
}

/** A zh report with the strings the tools really produce (news titles and churn runs). */
function zhRun(extraWarning?: string): ReportInput {
  const base = classificationInput({ lang: 'zh' });
  return {
    ...base,
    profile: {
      ...base.profile,
      warnings: [
        '2 rows (0.50%) duplicate an earlier row.',
        "'customer_id' looks like an identifier (unique per row (800 distinct of 800)); it is not used as a feature.",
        'Classes are imbalanced (largest/smallest = 6.2); prefer macro-F1 or balanced accuracy.',
        "'age' is 55.0% missing.",
        ...(extraWarning ? [extraWarning] : []),
      ],
      columnSummaries: [
        { name: 'customer_id', semantic: 'categorical', role: 'id', missingShare: 0, distinct: 800, reason: 'unique per row (800 distinct of 800)' },
        { name: 'title', semantic: 'text', role: 'feature', missingShare: 0, distinct: 398, reason: null },
        { name: 'category', semantic: 'categorical', role: 'target', missingShare: 0, distinct: 10, reason: 'guessed target (name or last column)' },
      ],
    },
    plan: base.plan
      ? {
          ...base.plan,
          summary: 'multiclass · category · macro_f1 · 3s · text: title',
          // As src/llm/offline-planner.ts writes them for a zh instruction (task and column kind left in English).
          assumptions: [
            "根据目标列 'category'（categorical，10 个不同值）推断任务类型为 multiclass。",
            '未指定评估指标；multiclass 任务使用 macro_f1。',
            "要求 binary，但 'category' 有 10 个类别；改用 multiclass。",
            "要求回归，但 'binary' 不是数值列（text）；改用 multiclass。",
          ],
        }
      : null,
    evaluation: base.evaluation ? { ...base.evaluation, split: 'seeded stratified 20% holdout (seed 0) (80 rows)' } : null,
    importance: base.importance ? { ...base.importance, method: 'permutation (macro_f1 drop, 3 repeats, 80 rows)' } : null,
    pipeline: base.pipeline
      ? {
          ...base.pipeline,
          steps: [
            { name: 'linear: tfidf', columns: ['title'], reason: 'title: zh text -> char 1-3 gram TF-IDF (sublinear, min_df 2)' },
            { name: 'linear: tfidf', columns: ['title'], reason: 'title: zh text -> jieba word 1 gram TF-IDF (sublinear, min_df 2, max 200000 terms)' },
            { name: 'linear: numeric', columns: ['age'], reason: 'age: numeric -> median impute + missing indicator, standardised' },
            { name: 'linear: one_hot', columns: ['plan'], reason: 'plan: 3 categories (listed as categorical) -> one-hot (min count 2, at most 100; rare/unseen -> __other__)' },
            { name: 'tree: numeric', columns: ['age'], reason: 'numeric: none impute' },
            {
              name: 'tree: ordinal',
              columns: ['region'],
              reason: "region: ordinal codes in order of the category's effect on the target, other columns held fixed: north < west < east < south (unseen -> other code, missing -> NaN)",
            },
            { name: 'linear: datetime_parts', columns: ['signup'], reason: 'signup: datetime -> year, month, day of week, hour (if timed), weekend, days since training start, imputed and standardised' },
          ],
        }
      : null,
  };
}

const ENGLISH_PHRASES = [
  'duplicate an earlier row',
  'looks like an identifier',
  'unique per row',
  'not used as a feature',
  'largest/smallest',
  'missing.',
  'guessed target',
  'seeded',
  'holdout',
  'rows)',
  'permutation',
  'drop,',
  'repeats',
  'gram TF-IDF',
  'sublinear',
  'median impute',
  'missing indicator',
  'standardised',
  'categories',
  'one-hot',
  'none impute',
  'ordinal codes',
  'held fixed',
  'unseen',
  'datetime ->',
  'multiclass ·',
  'multiclass 任务',
  '为 multiclass',
  '（categorical',
  'linear: ',
  'tree: ',
  '· 3s',
  '| text |',
  '| feature |',
];

describe('zh report: tool strings are translated', () => {
  it('renders the known phrases in Chinese in Markdown', () => {
    const md = renderMarkdown(zhRun());
    for (const p of ENGLISH_PHRASES) expect(md, p).not.toContain(p);
    expect(md).toContain('2 行（0.50%）与前面的某一行完全相同。');
    expect(md).toContain("'customer_id' 看起来是标识列（每行取值唯一：800 个非缺失值中有 800 个不同值）；不作为特征使用。");
    expect(md).toContain('推断的目标列（按列名或最后一列）');
    expect(md).toContain('划分：按固定种子分层留出 20% 作为测试集（种子 0，80 行）');
    expect(md).toContain('置换重要性（macro_f1 的下降，重复 3 次，80 行）');
    // a loss metric rises when a feature is shuffled (audit: "rmse drop" for an increase)
    expect(localizer('zh').text('permutation (rmse rise, 3 repeats, 120 rows)')).toBe('置换重要性（rmse 的上升，重复 3 次，120 行）');
    expect(md).toContain('title：中文文本 -&gt; 字符 1-3 元 TF-IDF（次线性词频，min_df 2）');
    expect(md).toContain('age：数值 -&gt; 中位数填补 + 缺失指示列，标准化');
    expect(md).toContain('多分类 · category · macro_f1 · 3 秒 · 文本列：title');
    expect(md).toContain('north &lt; west &lt; east &lt; south');
    // The plan's assumptions and the step names (audit: English left in the zh report).
    expect(md).toContain("- 根据目标列 'category'（类别，10 个不同值）推断任务类型为多分类。");
    expect(md).toContain('- 未指定评估指标；多分类任务使用 macro_f1。');
    expect(md).toContain("- 要求二分类，但 'category' 有 10 个类别；改用多分类。");
    expect(md).toContain("- 要求回归，但 'binary' 不是数值列（文本）；改用多分类。"); // a quoted column name stays as it is
    const steps = mdRows(md, '### 特征处理步骤').map((r) => r.split(' | ')[0].slice(2));
    expect(steps).toEqual(['线性模型：TF-IDF', '线性模型：TF-IDF', '线性模型：数值', '线性模型：独热编码', '树模型：数值', '树模型：序号编码', '线性模型：日期时间拆分']);
    // No stray spaces around a Chinese value, none after a full stop.
    expect(md).toContain('按置换重要性（macro_f1 的下降，重复 3 次，80 行）排序的前 20 个特征（共 25 个）。');
    expect(md).not.toMatch(/。 \S/);
    // Everything known: no "some notes are in English" remark.
    expect(md).not.toContain('仍为英文');
  });

  it('translates the same strings in HTML and keeps the role CSS class', () => {
    const html = renderHtml(zhRun());
    expect(html).toContain('2 行（0.50%）与前面的某一行完全相同。');
    expect(html).toContain('按固定种子分层留出 20% 作为测试集（种子 0，80 行）');
    expect(html).toContain('class="role role-target">目标<');
    expect(html).not.toContain('duplicate an earlier row');
    expect(html).not.toContain('permutation (');
  });

  it('says once that some notes are in English when a string is unknown', () => {
    const md = renderMarkdown(zhRun('The moon is made of cheese, said the loader.'));
    expect(md).toContain('The moon is made of cheese');
    expect(md.match(/仍为英文/g)).toHaveLength(1);
    expect(renderHtml(zhRun('The moon is made of cheese.')).match(/仍为英文/g)).toHaveLength(1);
  });

  it('leaves English reports untouched', () => {
    const en = { ...zhRun(), lang: 'en' as const };
    const md = renderMarkdown(en);
    expect(md).toContain('2 rows (0.50%) duplicate an earlier row.');
    expect(md).toContain('Split: seeded stratified 20% holdout (seed 0, 80 rows)');
  });

  it('translates other recurring shapes (leakage, eval notes, tree steps)', () => {
    const l = localizer('zh');
    expect(l.text("Likely target leakage: 'x' has correlation 0.9990 with 'y'. It is dropped from the features.")).toBe("疑似目标泄漏：'x' 与 'y' 的相关系数为 0.9990。已从特征中剔除。");
    expect(l.text("Target 'y' has 2 extreme values (up to 10000000, while the middle half lies in 8.2 .. 12); they dominate RMSE and squared-error fits (MAE and its absolute-error fits feel them less): check whether they are errors, and drop or correct them if so.")).toBe("目标列 'y' 有 2 个极端值（最大到 10000000，而中间一半的值在 8.2 .. 12）；它们主导 RMSE 和平方误差拟合（MAE 及其绝对误差拟合受影响较小）：请检查是否为错误数据，如是请删除或更正。");
    expect(l.text("Likely target leakage: 'x' has rank correlation 1.0000 with 'y' (a monotone function of it). It is dropped from the features.")).toBe("疑似目标泄漏：'x' 与 'y' 的秩相关系数为 1.0000（是它的单调函数）。已从特征中剔除。");
    expect(l.text('test file /d/test.csv (120 rows). 3 test rows have no target value and were left out.')).toBe('测试文件 /d/test.csv（120 行）。3 条测试行没有目标值，已排除。');
    expect(l.text("14 test rows have a class the model never saw in training ('Chinstrap'): they count as errors in accuracy, balanced accuracy, macro-F1, the per-class table and the confusion matrix; log loss, ROC AUC and feature importance leave them out."))
      .toBe("14 条测试行的类别在训练中从未出现（'Chinstrap'）：在准确率、平衡准确率、宏平均 F1、各类别表和混淆矩阵中计为错误；对数损失、ROC-AUC 和特征重要性不包含这些行。");
    expect(l.text("Column 'at' holds dates such as '03/04/2021 10:30' and no value shows whether the day or the month comes first: they are read day first (%d/%m/%Y %H:%M). Write them as 2021-04-03 (ISO) to make the order plain."))
      .toBe("列 'at' 含有日期（如 '03/04/2021 10:30'），但没有任何值能看出日和月的先后：按日在前读取（%d/%m/%Y %H:%M）。请写成 2021-04-03（ISO 格式）以明确顺序。");
    expect(l.text("Column 'when' holds dates such as '03/04/2021' and no value shows whether the day or the month comes first: they are read day first (%d/%m/%Y), though column 'at' reads month first. Write them as 2021-04-03 (ISO) to make the order plain."))
      .toBe("列 'when' 含有日期（如 '03/04/2021'），但没有任何值能看出日和月的先后：按日在前读取（%d/%m/%Y），而列 'at' 是月在前。请写成 2021-04-03（ISO 格式）以明确顺序。");
    expect(l.text("Column 'when': 2 values are not a date of the form %m/%d/%Y (e.g. 'unknown'); read as missing.")).toBe("列 'when'：2 个值不是 %m/%d/%Y 形式的日期（如 'unknown'）；按缺失处理。");
    expect(l.text('The first 2 lines of the file were skipped: the header is on line 3, and the lines above it (a title or notes) are not data.')).toBe('文件开头的 2 行被跳过：表头在第 3 行，其上方的内容（标题或说明）不是数据。');
    expect(l.text('The first line of the file was skipped: the header is on line 2, and the line above it (a title or notes) is not data.')).toBe('文件开头的 1 行被跳过：表头在第 2 行，其上方的内容（标题或说明）不是数据。');
    expect(l.text('The test set has only 3 rows: one row moves accuracy by 33 points, so these test scores are rough; a test set of 30 rows or more gives steadier ones.')).toBe('测试集只有 3 行：一行就会使准确率变化 33 个百分点，因此这些测试分数很粗略；30 行或更多的测试集会更稳定。');
    expect(localizeSummary('zh', 'binary · churned · accuracy · 6 trials · learners: logistic_regression · not: knn')).toBe('二分类 · churned · accuracy · 6 次试验 · 学习器：logistic_regression · 不用的学习器：knn');
    expect(l.text('x: numeric, raw values (missing kept as NaN)')).toBe('x：数值，保留原始值（缺失保留为 NaN）');
    expect(l.text('city: 300 categories -> out-of-fold target encoding + frequency')).toBe('city：300 个类别 -> 折外目标编码 + 频数编码');
    expect(l.leftEnglish).toBe(false);
  });

  it('translates the search notes of record.json (src/search, src/task) and keeps their values', () => {
    const cases: [string, string][] = [
      ['Not searched: naive_bayes needs text features (a text column); this data has none.', '未搜索：naive_bayes 需要文本特征（文本列），而此数据没有。'],
      ['Not searched: knn does not suit data of 9000 x 40000 (sparse text features).', '未搜索：knn 不适合 9000 x 40000 的数据（稀疏文本特征）。'],
      ["Imbalanced classes: 'balanced' sample weights were searched as a choice.", "类别不平衡：'balanced' 样本权重作为一个可选项参与了搜索。"],
      ["Imbalanced classes: 'balanced' class weights were searched as a choice.", "类别不平衡：'balanced' 类别权重作为一个可选项参与了搜索。"],
      ["Not used as features: customer_id (id: unique per row (640 distinct of 640)); code (leak: 'code' alone predicts 'won' for 100.0% of rows).", "未用作特征：customer_id（标识：每行取值唯一：640 个非缺失值中有 640 个不同值）；code（泄漏：仅凭 'code' 即可预测 100.0% 行的 'won'）。"],
      ["Data: 'ticket_no' holds numbers except in 27 row(s) with text such as 'unknown'; it is treated as categorical. Clean those values to use it as a number.", "数据：'ticket_no' 除 27 行含文本（如 'unknown'）外都是数字；按类别列处理。清理这些值后才能作为数值使用。"],
      ['Test metrics: 3 test rows have no target value and were left out.', '测试指标：3 条测试行没有目标值，已排除。'],
      ["3 of the 262 test rows have no target 'survived': the evaluation scores the other 259.", "262 行测试数据中有 3 行没有目标值 'survived'：评估只对其余 259 行打分。"],
      ["Labels for macro_f1: each class's probability is divided by the square root of its share of the training rows before taking the largest, as the classes count equally in macro_f1 (validation 0.9600 -> 0.9650); the probabilities are unchanged.", 'macro_f1 的标签：取最大概率之前，每个类别的概率先除以它在训练行中占比的平方根，因为 macro_f1 中各类别同等重要（验证集 0.9600 -> 0.9650）；概率本身不变。'],
      ['MAPE: every learner was fitted on the log of the target (its squared error is about the relative error MAPE measures); predictions are exp of the fitted values.', 'MAPE：每个学习器都拟合目标值的对数（对数上的平方误差近似于 MAPE 衡量的相对误差）；预测值是拟合值的指数。'],
      ['Not started: extra_trees, random_forest; the search was stopped first.', '未启动：extra_trees、random_forest；搜索先被停止了。'],
      [
        'Not started: extra_trees, gbdt, random_forest; the budget ran out first (learners start in order of their expected gain per second).',
        '未启动：extra_trees、gbdt、random_forest；预算先用完了（学习器按预期的每秒收益依次启动）。',
      ],
      ['Not started: random_forest; the trial count (4) was used up first.', '未启动：random_forest；试验次数（4）先用完了。'],
      ['Text-dominated data: linear learners first; tree learners on a small text view, only with time to spare.', '以文本为主的数据：先搜索线性学习器；树学习器只在时间充裕时在较小的文本视图上搜索。'],
      [
        "Finalists re-scored on 1 fresh 5-fold split (8 configs): the search's best ridge stays best (26043.57 -> 26286.92).",
        '候选模型在 1 套新的 5 折划分上重新评分（8 个配置）：搜索中最好的 ridge 仍然最好（26043.57 -> 26286.92）。',
      ],
      // '(2 configs, 4 did not finish in time)': 2 re-scored, 4 more left out unfinished (revalidate.ts dropped), 6 in all.
      [
        "Finalists re-scored on 1 fresh 5-fold split (2 configs, 4 did not finish in time): the search's best ridge stays best (26043.57 -> 26286.92).",
        '候选模型在 1 套新的 5 折划分上重新评分（6 个配置中的 2 个，其余 4 个未按时完成，不参与选择）：搜索中最好的 ridge 仍然最好（26043.57 -> 26286.92）。',
      ],
      [
        "Finalists re-scored on 2 fresh 5-fold splits (6 configs, 1 did not finish in time): random_forest (6.58 -> 6.60) replaces the search's best gbdt (6.12 -> 6.71).",
        '候选模型在 2 套新的 5 折划分上重新评分（7 个配置中的 6 个，其余 1 个未按时完成，不参与选择）：random_forest（6.58 -> 6.60）取代了搜索中最好的 gbdt（6.12 -> 6.71）。',
      ],
      // The wording finish.ts is to use, which says the total itself.
      [
        "Finalists re-scored on 1 fresh 5-fold split (2 of 6 configs; the other 4 did not finish in time): the search's best ridge stays best (26043.57 -> 26286.92).",
        '候选模型在 1 套新的 5 折划分上重新评分（6 个配置中的 2 个，其余 4 个未按时完成，不参与选择）：搜索中最好的 ridge 仍然最好（26043.57 -> 26286.92）。',
      ],
      [
        'Chosen by out-of-fold log loss (small data scored by accuracy, where many configurations are a row or two apart): logistic_regression (log loss 0.3370, accuracy 0.8567) over the most accurate logistic_regression configuration (C=19.92; log loss 0.3397, accuracy 0.8633).',
        '按交叉验证的对数损失选择（小数据按准确率评分时，许多配置只差一两行）：logistic_regression（对数损失 0.3370，准确率 0.8567），而不是最准确的 logistic_regression 配置（C=19.92；对数损失 0.3397，准确率 0.8633）。',
      ],
      [
        'Chosen by out-of-fold log loss (small data scored by accuracy, where many configurations are a row or two apart): logistic_regression (log loss 0.4180, accuracy 0.8100) over the most accurate knn (log loss 0.7822, accuracy 0.8300).',
        '按交叉验证的对数损失选择（小数据按准确率评分时，许多配置只差一两行）：logistic_regression（对数损失 0.4180，准确率 0.8100），而不是最准确的 knn（对数损失 0.7822，准确率 0.8300）。',
      ],
      ['Final model: the 5 fold models of each member averaged (bagging), not one refit on all rows.', '最终模型：每个成员的 5 个折模型取平均（bagging），而不是在全部行上重新训练一次。'],
      [
        "The final refit on all rows did not finish within the budget; the model is the best trial's own model, trained on the validation split's 12800 training rows; a resumed session replaces it by a complete fit that scores as well.",
        '在全部行上的最终重新训练未能在预算内完成；模型为最佳试验自己的模型，训练数据为验证划分的 12800 条训练行；之后续跑的会话会用得分相当的完整训练模型替换它。',
      ],
      [
        "The final refit on all rows was not started: it was predicted to take 41.2 s with 1.3 s of the budget left; the model is the best trial's own model, trained on a 10000-row sample of the validation split's 143999 training rows; a resumed session replaces it by a complete fit that scores as well.",
        '在全部行上的最终重新训练没有开始：预计需要 41.2 秒，而预算只剩 1.3 秒；模型为最佳试验自己的模型，训练数据为验证划分 143999 条训练行中的 10000 行样本；之后续跑的会话会用得分相当的完整训练模型替换它。',
      ],
      [
        "The final refit on all rows was stopped (a second Ctrl-C, SIGTERM or cancel); the model is the best trial's own model, trained on the first cross-validation fold's 2850 training rows (of 3563); a resumed session replaces it by a complete fit that scores as well.",
        '在全部行上的最终重新训练被中止（第二次 Ctrl-C、SIGTERM 或取消）；模型为最佳试验自己的模型，训练数据为第一个交叉验证折的 2850 条训练行（共 3563 行）；之后续跑的会话会用得分相当的完整训练模型替换它。',
      ],
      [
        'This session made no final model of its own (building the features took 1.1 s of the 1 s budget), so the saved model was kept and not replaced.',
        '本次会话没有得到自己的最终模型（构建特征用了 1 秒预算中的 1.1 秒），因此保留已保存的模型，不作替换。',
      ],
      ['The ensemble refit was stopped (a second Ctrl-C, SIGTERM or cancel); kept the best single model.', '集成模型的重新训练被中止（第二次 Ctrl-C、SIGTERM 或取消）；保留了最佳单模型。'],
      ['The ensemble fit did not finish in time; kept the best single model.', '集成模型的训练未能按时完成；保留了最佳单模型。'],
      ['The ensemble refit would be too large to save (about 1460 MB of model.json; at most 400 MB); kept the best single model.', '集成模型的重新训练结果太大，无法保存（model.json 约 1460 MB；上限 400 MB）；保留了最佳单模型。'],
      ['The final model kept 105 of its 394 trees: all of them would make a model.json of about 1460 MB (at most 400 MB).', '最终模型保留了 394 棵树中的 105 棵：全部保留会使 model.json 约为 1460 MB（上限 400 MB）。'],
      [
        "Column 'shop': 350 of 600 rows hold 70 categories outside the 50 the model encodes one by one ('shop50', 'shop51', ...); they share one code with the rarer categories of training, as a category training never saw would.",
        "列 'shop'：600 行中有 350 行含有不在模型逐一编码的 50 个类别之内的 70 个类别（'shop50', 'shop51', ...）；它们与训练中较少见的类别共用一个编码，训练中没见过的类别也是如此。",
      ],
      ['Building the features took 15.8 s of the 20 s budget; the trials had the rest.', '构建特征用了 20 秒预算中的 15.8 秒；其余时间用于试验。'],
      ['The search used the other 1447 of the 1600 training rows.', '搜索使用了 1600 条训练行中其余的 1447 行。'],
      [
        "Metric mape: 3 of 800 targets of 'y' are near 0 (at most 1% of the median size, 52.1); their percentage errors dominate the score that picks the model. mae or rmse may suit this target better.",
        "指标 mape：'y' 的 800 个目标值中有 3 个接近 0（不超过中位数大小 52.1 的 1%）；它们的百分比误差主导了选模型的得分。mae 或 rmse 可能更适合这个目标。",
      ],
      [
        '1 class has a single training row: it is scored in the cross-validation fold that holds it, by a model that never saw that class.',
        '1 个类别只有一行训练数据：它在包含它的交叉验证折中，由从未见过该类别的模型打分。',
      ],
      ['Too few rows for 5-fold cross-validation (the smallest class has 1 row); used a holdout split instead.', '行数不足以做 5 折交叉验证（最小类别只有 1 行）；改用留出集。'],
      ["No final refit: the model is the best trial's first-fold model.", '没有最终重新训练：模型为最佳试验的第一折模型。'],
      ['The ensemble refit did not finish in time; kept the best single model.', '集成模型的重新训练未能按时完成；保留了最佳单模型。'],
      ['Used 3-fold instead of 5-fold cross-validation: the smallest class has only 3 rows.', '使用 3 折而不是 5 折交叉验证：最小类别只有 3 行。'],
      ['Large data: trials start on 20000 rows and grow towards 80000.', '大数据：试验从 20000 行开始，逐步增加到 80000 行。'],
      ["Dropped 3 rows whose target 'price' is missing.", "剔除了 3 行目标列 'price' 缺失的数据。"],
      [
        "Every learner's search converged (its step size collapsed twice without a gain), so the search ended after 4.2 s of its 30 s budget.",
        '每个学习器的搜索都已收敛（步长两次缩小都没有提升），因此搜索在 4.2 秒后结束（预算 30 秒）。',
      ],
      ['Continued the interrupted tune session in tune-2: its 1 finished trial were kept.', '继续了被中断的调优会话 tune-2：保留了其 1 次已完成的试验。'],
      [
        "The final model's validation accuracy (0.7100) is no better than always predicting the most frequent class (0.7100): it learned nothing usable from the features. The columns may carry no signal for this target, or the budget was too small for any learner to get going.",
        '最终模型的验证 accuracy（0.7100）不优于始终预测最常见的类别（0.7100）：它没有从特征中学到可用的东西。这些列可能与该目标无关，或者预算太小，任何学习器都来不及学到东西。',
      ],
    ];
    const l = localizer('zh');
    for (const [en, zh] of cases) expect(l.text(en), en).toBe(zh);
    expect(l.leftEnglish).toBe(false);
  });

  it('shows the notes of a zh report translated, and an unknown one in English with the remark once', () => {
    const notes = ['Not started: extra_trees, random_forest; the search was stopped first.'];
    const md = renderMarkdown({ ...zhRun(), notes });
    expect(md).toContain('### 搜索说明\n\n- 未启动：extra_trees、random_forest；搜索先被停止了。');
    expect(md).not.toContain('仍为英文');
    const unknown = renderMarkdown({ ...zhRun(), notes: [...notes, 'A brand new note the table does not know.'] });
    expect(unknown).toContain('- A brand new note the table does not know.');
    expect(unknown.match(/仍为英文/g)).toHaveLength(1);
    expect(renderHtml({ ...zhRun(), notes: [...notes, 'A brand new note.'] }).match(/仍为英文/g)).toHaveLength(1);
  });
});
