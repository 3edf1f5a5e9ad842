/**
 * Chinese renderings of the search's notes (record.json `notes`, written by src/search and
 * src/task in English), for the report's "Notes from the search". Same form as the rules in
 * localize.ts: whole-string patterns with the values (learner names, counts, scores) carried over.
 * A note no pattern knows stays in English and the report says so once (localize.ts).
 */
export type Rule = [RegExp, (m: RegExpMatchArray, tr: (s: string) => string) => string];

const WHY_NOT_STARTED: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^the search was stopped first$/, () => '搜索先被停止了'],
  [/^the budget ran out first \(learners start in order of their expected gain per second\)$/, () => '预算先用完了（学习器按预期的每秒收益依次启动）'],
  [/^the trial count \((\d+)\) was used up first$/, (m) => `试验次数（${m[1]}）先用完了`],
];

/** The reasons of a 'Not searched: ...' note (src/search/learner-choice.ts whyUnfit), joined by '; '. */
function unfitReasons(s: string): string {
  return s
    .replace(/(\S+) needs text features \(a text column\); this data has none/g, '$1 需要文本特征（文本列），而此数据没有')
    .replace(/(\S+) needs the (\S+) feature view, which this search did not build/g, '$1 需要 $2 特征视图，本次搜索没有构建')
    .replace(/(\S+) does not suit data of (\d+) x (\d+)( \(sparse text features\))?/g, (_m, l: string, r: string, c: string, sparse?: string) => `${l} 不适合 ${r} x ${c} 的数据${sparse ? '（稀疏文本特征）' : ''}`)
    .replace(/; /g, '；');
}

/** 'extra_trees, random_forest' -> 'extra_trees、random_forest' (a Chinese list; learner names stay). */
const list = (s: string): string => s.split(', ').join('、');

const BASELINE: Record<string, string> = {
  'always predicting the median': '始终预测中位数',
  'always predicting the mean': '始终预测均值',
  'always predicting the most frequent class': '始终预测最常见的类别',
};

export const NOTE_RULES: Rule[] = [
  // ---- tools/search-model.ts ----
  [/^Left out of the features on request: (.+)\.$/, (m) => `按要求未用作特征：${list(m[1])}。`],
  // ---- src/search/search-core.ts, learner-choice.ts, automl.ts ----
  [/^Imbalanced classes: 'balanced' sample weights were searched as a choice\.$/, () => "类别不平衡：'balanced' 样本权重作为一个可选项参与了搜索。"],
  [/^Imbalanced classes: 'balanced' class weights were searched as a choice\.$/, () => "类别不平衡：'balanced' 类别权重作为一个可选项参与了搜索。"],
  [
    /^Labels for (\S+): each class's probability is divided by (its share|the square root of its share) of the training rows before taking the largest, as the classes count equally in \S+ \(validation ([\d.]+) -> ([\d.]+)\); the probabilities are unchanged\.$/,
    (m) => `${m[1]} 的标签：取最大概率之前，每个类别的概率先除以它在训练行中${m[2] === 'its share' ? '的占比' : '占比的平方根'}，因为 ${m[1]} 中各类别同等重要（验证集 ${m[3]} -> ${m[4]}）；概率本身不变。`,
  ],
  [
    /^(\d+) of the (\d+) test rows have no target '(.+)': the evaluation scores the other (\d+)\.$/s,
    (m) => `${m[2]} 行测试数据中有 ${m[1]} 行没有目标值 '${m[3]}'：评估只对其余 ${m[4]} 行打分。`,
  ],
  // ---- cancel messages of a task (src/task/submit.ts), shown by askml run and the chat ----
  [/^Cancel requested: stopping the search; the best model so far is still evaluated and reported\.$/, () => '已请求取消：停止搜索；目前最好的模型仍会被评估并写入报告。'],
  [
    /^Cancel requested: the search has finished and its model is saved; finishing the evaluation, ONNX export and report \(cancel again to stop at once\)\.$/,
    () => '已请求取消：搜索已结束，模型已保存；正在完成评估、ONNX 导出和报告（再次取消可立即停止）。',
  ],
  [/^Cancelled\.$/, () => '已取消。'],
  [/^MAPE: every learner was fitted on the log of the target \(its squared error is about the relative error MAPE measures\); predictions are exp of the fitted values\.$/, () => 'MAPE：每个学习器都拟合目标值的对数（对数上的平方误差近似于 MAPE 衡量的相对误差）；预测值是拟合值的指数。'],
  [/^MAPE: the learners were fitted on the target itself, not its log, because some target values are negative\.$/, () => 'MAPE：部分目标值为负，所以学习器拟合目标值本身，而不是它的对数。'],
  [/^Not searched: (.+)\.$/s, (m) => `未搜索：${unfitReasons(m[1])}。`],
  [
    /^Not started: (.+?); (the search was stopped first|the budget ran out first \(.+\)|the trial count \(\d+\) was used up first)\.$/s,
    (m) => {
      const why = WHY_NOT_STARTED.map(([re, fn]) => {
        const w = m[2].match(re);
        return w ? fn(w) : null;
      }).find((x) => x !== null);
      return `未启动：${list(m[1])}；${why ?? m[2]}。`;
    },
  ],
  [/^Text-dominated data: linear learners first; tree learners on a small text view, only with time to spare\.$/, () => '以文本为主的数据：先搜索线性学习器；树学习器只在时间充裕时在较小的文本视图上搜索。'],
  [/^Text-dominated data and a ([\d.]+) s budget: tree learners skipped \((.+)\)\.$/s, (m) => `以文本为主的数据，预算 ${m[1]} 秒：跳过了树学习器（${list(m[2])}）。`],
  [/^Dropped (\d+) rows whose target '(.+)' is missing\.$/s, (m) => `剔除了 ${m[1]} 行目标列 '${m[2]}' 缺失的数据。`],
  [
    /^Every learner's search converged \(its step size collapsed twice without a gain\), so the search ended after ([\d.]+) s(?: of its ([\d.]+) s budget)?\.$/,
    (m) => `每个学习器的搜索都已收敛（步长两次缩小都没有提升），因此搜索在 ${m[1]} 秒后结束${m[2] ? `（预算 ${m[2]} 秒）` : ''}。`,
  ],
  [
    /^The final model's validation (\S+) \((\S+)\) is no better than (.+?) \((\S+)\): it learned nothing usable from the features\. The columns may carry no signal for this target, or the budget was too small for any learner to get going\.$/s,
    (m) =>
      `最终模型的验证 ${m[1]}（${m[2]}）不优于${BASELINE[m[3]] ?? m[3]}（${m[4]}）：它没有从特征中学到可用的东西。` +
      '这些列可能与该目标无关，或者预算太小，任何学习器都来不及学到东西。',
  ],
  [
    /^Metric mape: (\d+) of (\d+) targets of '(.+)' are near 0 \(at most 1% of the median size, (\S+)\); their percentage errors dominate the score that picks the model\. mae or rmse may suit this target better\.$/s,
    (m) => `指标 mape：'${m[3]}' 的 ${m[2]} 个目标值中有 ${m[1]} 个接近 0（不超过中位数大小 ${m[4]} 的 1%）；它们的百分比误差主导了选模型的得分。mae 或 rmse 可能更适合这个目标。`,
  ],
  // ---- validation (src/search/validation.ts) ----
  [
    /^(\d+) rows: the budget pays for (\d+)-fold cross-validation \(about (\d+) default trials\), so no holdout\.$/,
    (m) => `${m[1]} 行：预算足够做 ${m[2]} 折交叉验证（约 ${m[3]} 次默认试验），因此不用留出集。`,
  ],
  [
    /^Too few rows for (\d+)-fold cross-validation \(the smallest class has (\d+) rows?\); used a holdout split instead\.$/,
    (m) => `行数不足以做 ${m[1]} 折交叉验证（最小类别只有 ${m[2]} 行）；改用留出集。`,
  ],
  [
    /^(?:1 class has|(\d+) classes have) a single training row: it is scored in the cross-validation fold that holds it, by a model that never saw (?:that class|those classes)\.$/,
    (m) => `${m[1] ?? 1} 个类别只有一行训练数据：它在包含它的交叉验证折中，由从未见过该类别的模型打分。`,
  ],
  [
    /^The validation holdout \((\d+) rows?\) holds no row of (\d+) of the (\d+) classes \(class (.+?), (?:which has|each with) a single training row\): its score says nothing about (?:that class|them)\.$/s,
    (m) => `验证留出集（${m[1]} 行）不含 ${m[3]} 个类别中 ${m[2]} 个类别的任何一行（类别 ${m[4]}，各只有一行训练数据）：其得分对这些类别没有参考意义。`,
  ],
  [
    /^Used (\d+)-fold instead of (\d+)-fold cross-validation: (?:the smallest class has only (\d+) rows?|there are only (\d+) training rows)\.$/,
    (m) => `使用 ${m[1]} 折而不是 ${m[2]} 折交叉验证：${m[3] ? `最小类别只有 ${m[3]} 行` : `只有 ${m[4]} 条训练行`}。`,
  ],
  [/^Large data: trials start on (\d+) rows and grow towards (\d+)\.$/, (m) => `大数据：试验从 ${m[1]} 行开始，逐步增加到 ${m[2]} 行。`],
  // ---- the final model (src/search/finish.ts) ----
  // '(6 configs, 2 did not finish in time)': 6 configs were re-scored and 2 more were started but
  // left out unfinished (revalidate.ts `dropped`), 8 in all. The newer wording says so itself:
  // '(6 of 8 configs; the other 2 did not finish in time)'.
  [
    /^Finalists re-scored on (\d+) fresh (\d+)-fold splits? \((\d+)(?: of (\d+))? configs(?:, (\d+) did not finish in time|; the other (\d+) did not finish in time)?\): (.+)$/s,
    (m, tr) => {
      const done = Number(m[3]);
      const late = Number(m[5] ?? m[6] ?? 0);
      const all = m[4] !== undefined ? Number(m[4]) : done + late;
      const what = late ? `${all} 个配置中的 ${done} 个，其余 ${late} 个未按时完成，不参与选择` : `${done} 个配置`;
      return `候选模型在 ${m[1]} 套新的 ${m[2]} 折划分上重新评分（${what}）：${tr(m[7])}`;
    },
  ],
  [
    /^Chosen by out-of-fold log loss \(small data scored by accuracy, where many configurations are a row or two apart\): (\S+) \(log loss (\S+), accuracy (\S+)\) over the most accurate (\S+) (?:configuration \((.+); |\()log loss (\S+), accuracy (\S+)\)\.$/s,
    (m) =>
      `按交叉验证的对数损失选择（小数据按准确率评分时，许多配置只差一两行）：${m[1]}（对数损失 ${m[2]}，准确率 ${m[3]}）` +
      `，而不是最准确的 ${m[4]}${m[5] !== undefined ? ` 配置（${m[5]}；` : '（'}对数损失 ${m[6]}，准确率 ${m[7]}）。`,
  ],
  [/^the search's best (\S+) stays best \((\S+) -> (\S+)\)\.$/, (m) => `搜索中最好的 ${m[1]} 仍然最好（${m[2]} -> ${m[3]}）。`],
  [
    /^(\S+) \((\S+) -> (\S+)\) replaces the search's best (\S+)(?: \((\S+) -> (\S+)\))?\.$/,
    (m) => `${m[1]}（${m[2]} -> ${m[3]}）取代了搜索中最好的 ${m[4]}${m[5] ? `（${m[5]} -> ${m[6]}）` : ''}。`,
  ],
  [/^another (\S+) configuration \((.+)\) replaces the search's best \((.+)\)\.$/s, (m) => `另一个 ${m[1]} 配置（${m[2]}）取代了搜索中最好的配置（${m[3]}）。`],
  [
    /^Final model: the (\d+) fold models of each member averaged \(bagging\), not one refit on all rows\.$/,
    (m) => `最终模型：每个成员的 ${m[1]} 个折模型取平均（bagging），而不是在全部行上重新训练一次。`,
  ],
  [
    /^(The final refit on all rows|The fit of the final fold models) (did not finish within the budget|was stopped \(a second Ctrl-C, SIGTERM or cancel\)|failed \((.*)\)|was not started: it was predicted to take ([\d.]+) s with ([\d.]+) s of the budget left)(?:; the model is the best trial's own model, trained on (.+); a resumed session replaces it by a complete fit that scores as well\.|; no model was fitted in this session\.| and no fitted model was kept\.)$/s,
    (m) => {
      const what = m[1].startsWith('The final refit') ? '在全部行上的最终重新训练' : '最终折模型的训练';
      const why = m[3] !== undefined ? `失败（${m[3]}）` : m[4] !== undefined ? `没有开始：预计需要 ${m[4]} 秒，而预算只剩 ${m[5]} 秒` : m[2].startsWith('was stopped') ? '被中止（第二次 Ctrl-C、SIGTERM 或取消）' : '未能在预算内完成';
      const rest = m[6] !== undefined ? `；模型为最佳试验自己的模型，训练数据为${rowsZh(m[6])}；之后续跑的会话会用得分相当的完整训练模型替换它。` : '；本次会话没有训练出模型。';
      return `${what}${why}${m[0].endsWith('no fitted model was kept.') ? '，也没有保留已训练的模型。' : rest}`;
    },
  ],
  [
    /^This session made no final model of its own \((.+)\), so the saved model was kept and not replaced\.$/s,
    (m) => `本次会话没有得到自己的最终模型（${m[1].replace(/^building the features took ([\d.]+) s of the ([\d.]+) s budget$/, '构建特征用了 $2 秒预算中的 $1 秒').replace(/^no model of this session's best trial could be fitted within the ([\d.]+) s budget$/, '本次最佳试验的模型无法在 $1 秒预算内训练完成').replace(/^no model of this session's best trial could be fitted within the search$/, '本次最佳试验的模型无法在搜索中训练完成')}），因此保留已保存的模型，不作替换。`,
  ],
  [/^Building the features took ([\d.]+) s of the ([\d.]+) s budget; the trials had the rest\.$/, (m) => `构建特征用了 ${m[2]} 秒预算中的 ${m[1]} 秒；其余时间用于试验。`],
  [/^The search used the other (\d+) of the (\d+) training rows\.$/, (m) => `搜索使用了 ${m[2]} 条训练行中其余的 ${m[1]} 行。`],
  [
    /^The search ended after ([\d.]+) s of its ([\d.]+) s budget: no learner had a configuration left to try \((.+)\)\.$/s,
    (m) => `搜索在 ${m[2]} 秒预算中的 ${m[1]} 秒后结束：没有学习器还有可尝试的配置（${m[3]}）。`,
  ],
  [/^No final refit: the model is the best trial's first-fold model\.$/, () => '没有最终重新训练：模型为最佳试验的第一折模型。'],
  [/^No final refit and no fitted model kept\.$/, () => '没有最终重新训练，也没有保留已训练的模型。'],
  [
    /^The ensemble was better out of fold but its refit did not fit in the budget; kept the best single model\.$/,
    () => '集成模型的折外得分更好，但其重新训练超出了预算；保留了最佳单模型。',
  ],
  [
    /^The ensemble (fit|refit) (did not finish in time|was stopped \(a second Ctrl-C, SIGTERM or cancel\)|would be too large to save \(about (\d+) MB of model\.json; at most (\d+) MB\)); kept the best single model\.$/,
    (m) =>
      `集成模型的${m[1] === 'fit' ? '训练' : '重新训练'}${m[3] !== undefined ? `结果太大，无法保存（model.json 约 ${m[3]} MB；上限 ${m[4]} MB）` : m[2].startsWith('was stopped') ? '被中止（第二次 Ctrl-C、SIGTERM 或取消）' : '未能按时完成'}；保留了最佳单模型。`,
  ],
  [
    /^The final model kept (\d+) of its (\d+) trees: all of them would make a model\.json of about (\d+) MB \(at most (\d+) MB\)\.$/,
    (m) => `最终模型保留了 ${m[2]} 棵树中的 ${m[1]} 棵：全部保留会使 model.json 约为 ${m[3]} MB（上限 ${m[4]} MB）。`,
  ],
  // ---- tune sessions (src/search/tune.ts) ----
  [/^Started from the best (\S+) configuration of the earlier tune session (\S+)\.$/, (m) => `从之前的调优会话 ${m[2]} 中 ${m[1]} 的最佳配置开始。`],
  [/^Continued the interrupted tune session in (\S+): its (\d+) finished trials? were kept\.$/, (m) => `继续了被中断的调优会话 ${m[1]}：保留了其 ${m[2]} 次已完成的试验。`],
];

/** 'a 10000-row sample of the validation split's 143999 training rows' and the other fallbackRows texts, in Chinese. */
function rowsZh(en: string): string {
  let m = /^a (\d+)-row sample of the validation split's (\d+) training rows$/.exec(en);
  if (m) return `验证划分 ${m[2]} 条训练行中的 ${m[1]} 行样本`;
  m = /^the validation split's (\d+) training rows$/.exec(en);
  if (m) return `验证划分的 ${m[1]} 条训练行`;
  m = /^the first cross-validation fold's (\d+) training rows \(of (\d+)\)$/.exec(en);
  if (m) return `第一个交叉验证折的 ${m[1]} 条训练行（共 ${m[2]} 行）`;
  return en;
}
