/**
 * The report's own words in English and Chinese. Data values (column names, labels, learner
 * names, the instruction) are never translated. Placeholders are `{name}`.
 */
import type { ReportLang } from './types.js';

const en = {
  title: 'askml run report',
  instruction: 'Instruction',
  createdAt: 'Created',
  task: 'Task',
  target: 'Target',
  metric: 'Metric',
  taskKind_binary: 'binary classification',
  taskKind_multiclass: 'multiclass classification',
  taskKind_regression: 'regression',
  higherBetter: 'higher is better',
  lowerBetter: 'lower is better',
  contents: 'Contents',
  status: 'Status',
  status_cancelled: 'cancelled',
  statusCancelled: 'Cancelled: the search was stopped before its time budget or trial limit was used up; the model and every number below are what it had by then.',
  statusCancelledLast: "Cancelled: the last of the run's {n} search sessions was stopped before its time budget or trial limit was used up; the model and every number below are what the run had by then.",
  statusOther: 'The search ended with status {status}.',
  searchNotes: 'Notes from the search',
  sessionsEndToEnd: "The run had {n} search sessions; their times are laid end to end (the run's own sessions first, then its tune sessions).",

  secData: 'Data profile',
  dataLine: '{rows} rows × {columns} columns from {file}.',
  column: 'Column',
  kind: 'Kind',
  role: 'Role',
  missing: 'Missing',
  distinct: 'Distinct',
  reason: 'Reason',
  classBalance: 'Class balance',
  label: 'Label',
  count: 'Count',
  share: 'Share',
  targetStats: 'Target distribution',
  min: 'min',
  max: 'max',
  mean: 'mean',
  std: 'std',
  warnings: 'Warnings',
  noWarnings: 'No warnings.',

  secPlan: 'Plan',
  steps: 'Steps',
  assumptions: 'Assumptions',
  noPlan: 'No plan was recorded.',

  secLeaderboard: 'Leaderboard',
  rank: '#',
  learner: 'Learner',
  params: 'Parameters',
  cvScore: 'CV score',
  fitTime: 'Fit time',
  noLeaderboard: 'No model finished.',
  byLearner: 'Best configuration of each learner',
  topConfigs: 'Top configurations',
  totalFitTime: 'Fit time, all trials',
  failedTrials: '{n} failed',
  timedOutTrials: '{n} cut at the time limit',
  listSep: ', ',
  noScore: 'no trial scored',
  notStarted: 'not started',
  moreRows: '{n} more {n|row|rows} not shown.',
  revalTitle: 'Finalists re-scored on fresh folds',
  revalNote: 'The search ranks configurations on its own {folds}-fold split, which flatters whatever won among many trials on it. The leading configurations were scored again on {repeats} fresh {folds}-fold {repeats|split|splits} of the training rows; the final model was chosen on those scores.',
  searchScore: 'Search CV score',
  freshScore: 'Fresh CV score',
  chosen: 'chosen',

  secSearch: 'Search progress',
  searchCaption: 'Best {metric} so far against seconds since the search started; dots are the {ok} scored {ok|trial|trials}.',
  searchUnscored: 'Red ticks on the time axis are the {n} {n|trial|trials} without a score ({what}).',
  prunedTrials: '{n} pruned',
  trialStatus_failed: 'failed',
  trialStatus_pruned: 'pruned',
  trialStatus_timed_out: 'cut at the time limit',
  trialStatus_unscored: 'no score (failed or cut at the time limit)',
  searchX: 'seconds since start',
  searchY: 'best {metric} so far',
  improvements: 'Improvements',
  trial: 'Trial',
  time: 'Time',
  score: 'Score',
  noTrials: 'No trials were recorded.',

  secEval: 'Evaluation on held-out data',
  split: 'Split: {split}',
  value: 'Value',
  noEval: 'No evaluation was recorded.',
  confusion: 'Confusion matrix',
  confusionCaption: 'Rows are actual classes, columns predicted classes; cells show counts, colour shows the share of the actual class (row).',
  actual: 'actual',
  predicted: 'predicted',
  perClass: 'Per-class precision, recall and F1',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  support: 'Support',
  scatter: 'Predicted vs actual',
  scatterCaption: 'Each dot is a held-out row ({shown} of {total} shown); the dashed line is predicted = actual.',
  residuals: 'Residuals',
  residualMean: 'mean residual (actual − predicted)',
  residualMaxAbs: 'largest absolute residual',

  secImportance: 'Feature importance',
  importanceCaption: 'Top {n} of {total} features by {method}.',
  importanceCaptionAll: '{total|The only feature, scored|All {total} features, scored and sorted} by {method}.',
  textImportance: '{count|The text column|The text columns} {names} {count|is|are} measured as a whole: {count|its|their} importance covers every term (word or n-gram) the model takes from {count|it|them} together, not any single word.',
  feature: 'Feature',
  importance: 'Importance',
  noImportance: 'No feature importance was computed.',

  secPipeline: 'Best pipeline',
  featureSteps: 'Feature steps',
  step: 'Step',
  columns: 'Columns',
  ensemble: 'Ensemble',
  bagged: "Each learner's {k} cross-validation fold models are averaged (bagging), the models its validation score was measured on, instead of one refit on all training rows.",
  member: 'Member',
  weight: 'Weight',
  noPipeline: 'No pipeline was recorded.',
  noParams: '(defaults)',
  model: 'Model',
  ensembleOf: 'weighted ensemble of {n} configurations: {names}',
  validationScore: 'Validation score',
  valCv: '{k}-fold cross-validation',
  valHoldout: 'holdout split of the training rows',
  valRescored: '{how}; finalists re-scored on fresh folds',
  valVsTest: 'Saved model: validation {metric} {val} ({how}), test {metric} {test}.',
  valOnly: 'Saved model: validation {metric} {val} ({how}).',
  ensembleKept: 'The ensemble was kept because it beat the best single configuration scored on the same validation rows: {metric} {ens} against {single}.',
  firstFold: "The model is its trial's own model (trained on part of the training rows; the notes say which): the final refit on all training rows did not happen.",

  secRepro: 'Reproducibility',
  seed: 'Seed',
  budget: 'Time budget',
  maxTrials: 'Trial limit',
  wallTime: 'Wall time',
  trials: 'Trials',
  askmlVersion: 'askml version',
  nodeVersion: 'Node.js version',
  platform: 'Platform',
  dataFile: 'Data file',
  sha256: 'SHA-256',
  none: 'none',
  seconds: '{n} s',
  lastSessionOf: '{v} (last of {n} sessions)',
  allSessions: '{v} (all {n} sessions)',
  chartNoData: 'no data to plot',
  htmlOnly: 'Charts are in the HTML report.',
  someEnglish: 'Some notes below come from the tools in English and are shown as they are.',
};

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  title: 'askml 运行报告',
  instruction: '指令',
  createdAt: '生成时间',
  task: '任务',
  target: '目标列',
  metric: '指标',
  taskKind_binary: '二分类',
  taskKind_multiclass: '多分类',
  taskKind_regression: '回归',
  higherBetter: '越高越好',
  lowerBetter: '越低越好',
  contents: '目录',
  status: '状态',
  status_cancelled: '已取消',
  statusCancelled: '已取消：搜索在用完时间预算或试验次数上限之前被停止；模型和下面的所有数字都是停止时已有的结果。',
  statusCancelledLast: '已取消：本次运行 {n} 个搜索会话中的最后一个在用完时间预算或试验次数上限之前被停止；模型和下面的所有数字都是停止时已有的结果。',
  statusOther: '搜索结束时的状态为 {status}。',
  searchNotes: '搜索说明',
  sessionsEndToEnd: '本次运行有 {n} 个搜索会话，其时间首尾相接排列（先是运行本身的会话，再是调优会话）。',

  secData: '数据概况',
  dataLine: '{file}：{rows} 行 × {columns} 列。',
  column: '列',
  kind: '类型',
  role: '角色',
  missing: '缺失',
  distinct: '不同值',
  reason: '原因',
  classBalance: '类别分布',
  label: '类别',
  count: '数量',
  share: '占比',
  targetStats: '目标分布',
  min: '最小值',
  max: '最大值',
  mean: '均值',
  std: '标准差',
  warnings: '警告',
  noWarnings: '没有警告。',

  secPlan: '计划',
  steps: '步骤',
  assumptions: '假设',
  noPlan: '没有记录计划。',

  secLeaderboard: '排行榜',
  rank: '#',
  learner: '学习器',
  params: '参数',
  cvScore: '交叉验证得分',
  fitTime: '训练时间',
  noLeaderboard: '没有完成的模型。',
  byLearner: '各学习器的最佳配置',
  topConfigs: '得分最高的配置',
  totalFitTime: '全部试验的训练时间',
  failedTrials: '{n} 次失败',
  timedOutTrials: '{n} 次到时中止',
  listSep: '，',
  noScore: '没有得分的试验',
  notStarted: '未启动',
  moreRows: '另有 {n} 行未显示。',
  revalTitle: '候选模型在新划分上的复评',
  revalNote: '搜索在同一套 {folds} 折划分上比较配置，众多试验中的胜者在这套划分上得分偏高。排名靠前的配置在训练行的 {repeats} 套新的 {folds} 折划分上重新评分，最终模型按这些得分选出。',
  searchScore: '搜索时交叉验证得分',
  freshScore: '新划分交叉验证得分',
  chosen: '选中',

  secSearch: '搜索过程',
  searchCaption: '横轴为搜索开始后的秒数，纵轴为目前最好的 {metric}；圆点为 {ok} 次有得分的试验。',
  searchUnscored: '时间轴上的红色短线为 {n} 次没有得分的试验（{what}）。',
  prunedTrials: '{n} 次被剪枝',
  trialStatus_failed: '失败',
  trialStatus_pruned: '被剪枝',
  trialStatus_timed_out: '到时中止',
  trialStatus_unscored: '无得分（失败或到时中止）',
  searchX: '开始后的秒数',
  searchY: '目前最好的 {metric}',
  improvements: '提升记录',
  trial: '试验',
  time: '时间',
  score: '得分',
  noTrials: '没有记录试验。',

  secEval: '留出集评估',
  split: '划分：{split}',
  value: '数值',
  noEval: '没有记录评估结果。',
  confusion: '混淆矩阵',
  confusionCaption: '行为真实类别，列为预测类别；格内为数量，颜色表示占该真实类别（行）的比例。',
  actual: '真实',
  predicted: '预测',
  perClass: '各类别的精确率、召回率和 F1',
  precision: '精确率',
  recall: '召回率',
  f1: 'F1',
  support: '样本数',
  scatter: '预测值与真实值',
  scatterCaption: '每个点是一条留出数据（显示 {shown} / {total} 条）；虚线为 预测 = 真实。',
  residuals: '残差',
  residualMean: '平均残差（真实 − 预测）',
  residualMaxAbs: '最大绝对残差',

  secImportance: '特征重要性',
  importanceCaption: '按{method}排序的前 {n} 个特征（共 {total} 个）。',
  importanceCaptionAll: '共 {total} 个特征，按{method}排序。',
  textImportance: '文本列 {names} 按整列计算重要性：该数值涵盖模型从中取用的所有词项（词或 n 元组合），而不是某个单独的词。',
  feature: '特征',
  importance: '重要性',
  noImportance: '没有计算特征重要性。',

  secPipeline: '最佳流水线',
  featureSteps: '特征处理步骤',
  step: '步骤',
  columns: '列',
  ensemble: '集成',
  bagged: '每个学习器的 {k} 个交叉验证折模型取平均（bagging），即测得其验证分数的那些模型，而不是在全部训练行上重新训练一次。',
  member: '成员',
  weight: '权重',
  noPipeline: '没有记录流水线。',
  noParams: '（默认值）',
  model: '模型',
  ensembleOf: '{n} 个配置的加权集成：{names}',
  validationScore: '验证得分',
  valCv: '{k} 折交叉验证',
  valHoldout: '训练行中的留出验证集',
  valRescored: '{how}；候选模型在新划分上复评',
  valVsTest: '保存的模型：验证 {metric} {val}（{how}），测试 {metric} {test}。',
  valOnly: '保存的模型：验证 {metric} {val}（{how}）。',
  ensembleKept: '保留集成模型，是因为它在同一批验证行上的得分优于最佳单一配置：{metric} {ens}，而最佳单一配置为 {single}。',
  firstFold: '该模型是其试验自己的模型（只在部分训练行上训练，见备注）：没有在全部训练行上重新训练。',

  secRepro: '可复现信息',
  seed: '随机种子',
  budget: '时间预算',
  maxTrials: '试验次数上限',
  wallTime: '实际耗时',
  trials: '试验次数',
  askmlVersion: 'askml 版本',
  nodeVersion: 'Node.js 版本',
  platform: '平台',
  dataFile: '数据文件',
  sha256: 'SHA-256',
  none: '无',
  seconds: '{n} 秒',
  lastSessionOf: '{v}（{n} 个会话中的最后一个）',
  allSessions: '{v}（全部 {n} 个会话）',
  chartNoData: '没有可绘制的数据',
  htmlOnly: '图表见 HTML 报告。',
  someEnglish: '说明：报告中部分说明文字来自工具输出，仍为英文原文。',
};

const tables: Record<ReportLang, Record<MessageKey, string>> = { en, zh };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A Han character (Chinese text; fullwidth punctuation is not one). */
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Printable ASCII (Latin text, digits, ASCII brackets): set off from Chinese text by a space. */
const LATIN = /[!-~]/;

/**
 * A translator for `lang`; unknown languages fall back to English.
 *
 * `{name}` is replaced by `vars.name`; `{name|one|other}` picks the singular or plural form by
 * whether `vars.name` is 1 (English only needs it; the forms may hold placeholders). In Chinese,
 * a value put directly between Han characters and Latin text gets a space on that side, so a
 * template can be written '按{method}排序' and read '按置换重要性（…）排序' or '按 permutation 排序'.
 */
export function translator(lang: string): Translate {
  const zhLang = lang === 'zh';
  const table = zhLang ? tables.zh : tables.en;
  return (key, vars) => {
    const s = table[key];
    if (!vars) return s;
    const plural = s.replace(/\{(\w+)\|([^|{}]*(?:\{\w+\}[^|{}]*)*)\|([^|{}]*(?:\{\w+\}[^|{}]*)*)\}/g, (m, name: string, one: string, other: string) =>
      name in vars ? (Number(vars[name]) === 1 ? one : other) : m,
    );
    return plural.replace(/\{(\w+)\}/g, (m, name: string, at: number, all: string) => {
      if (!(name in vars)) return m;
      const v = String(vars[name]);
      if (!zhLang || v === '') return v;
      const before = HAN.test(all[at - 1] ?? '') && LATIN.test(v[0]) ? ' ' : '';
      const after = HAN.test(all[at + m.length] ?? '') && LATIN.test(v[v.length - 1]) ? ' ' : '';
      return `${before}${v}${after}`;
    });
  };
}

/** Sentences one after another: a space between English ones, none after Chinese full stops. */
export function joinSentences(lang: string, parts: string[]): string {
  const xs = parts.filter(Boolean);
  return lang === 'zh' ? xs.join('') : xs.join(' ');
}
