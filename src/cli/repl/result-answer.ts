/**
 * Answers to questions about the last run in the chat ("what was the test accuracy?", "哪些特征最重要？",
 * "show the confusion matrix"), from its TaskResult and the run's evaluation.json (written by the
 * evaluate tool: per-class metrics, confusion matrix, residuals, permutation importance). Nothing is
 * recomputed. Before any run: say that no model has been trained yet and how to train one.
 */
import { readJson } from '../../util/fs.js';
import { existingRunDir } from '../../task/store.js';
import type { EvaluationOutput } from '../../evaluate/schemas.js';
import type { Metric } from '../../agent/plan.js';
import type { Profile } from '../../data/profile-schema.js';
import type { TaskResult } from '../../task/task-result.js';
import { makePlan } from '../../task/submit.js';
import { fitColumn, formatInt, formatNum, renderTable } from '../render/table.js';
import { renderLeaderboard, renderMetrics } from '../render/run.js';
import { tr, type Lang } from './lang.js';
import type { QuestionTopic } from './intent.js';
import { join } from 'node:path';

/** The evaluation the run's evaluate step saved (null when it did not run or the file is gone). */
export function loadEvaluation(workspaceDir: string, runId: string | null): EvaluationOutput | null {
  if (!runId) return null;
  try {
    return readJson<{ evaluation?: EvaluationOutput }>(join(existingRunDir(workspaceDir, runId), 'evaluation.json'))?.evaluation ?? null;
  } catch {
    return null;
  }
}

const METRIC_ZH: Record<string, string> = {
  accuracy: '准确率',
  balanced_accuracy: '平衡准确率',
  macro_f1: '宏平均 F1',
  roc_auc: 'ROC AUC',
  log_loss: '对数损失',
  rmse: '均方根误差',
  mae: '平均绝对误差',
  r2: '决定系数 R²',
  mape: '平均绝对百分比误差',
};

function metricName(lang: Lang, m: string): string {
  return lang === 'zh' && METRIC_ZH[m] ? `${METRIC_ZH[m]}（${m}）` : m;
}

/** "No model yet": what the user can do instead. */
export function noModelYet(lang: Lang, example: string): string {
  return tr(
    lang,
    `No model has been trained in this chat yet, so there are no test metrics, feature importances or confusion matrix to show. Train one with an instruction such as "${example}" (or /run INSTRUCTION); then ask again.`,
    `本次对话还没有训练过模型，所以还没有测试集指标、特征重要性或混淆矩阵。请先下指令训练一个，例如“${example}”（或 /run 指令），然后再问。`,
  );
}

export interface ResultFacts {
  result: TaskResult;
  evaluation: EvaluationOutput | null;
}

/** Answer one result topic of the last run; `columns` narrows an importance answer to those columns. */
export function answerResultTopic(topic: QuestionTopic, q: { lang: Lang; metric?: Metric; columns: string[] }, f: ResultFacts): string {
  if (topic === 'metrics') return metricsAnswer(q.lang, f, q.metric);
  if (topic === 'importance') return importanceAnswer(q.lang, f, q.columns);
  if (topic === 'confusion') return confusionAnswer(q.lang, f);
  if (topic === 'per_class') return perClassAnswer(q.lang, f);
  return bestModelAnswer(q.lang, f.result);
}

function testRowsText(lang: Lang, ev: EvaluationOutput | null): string {
  return ev ? tr(lang, ` on ${formatInt(ev.rows)} held-out test rows the search never saw`, `，基于 ${formatInt(ev.rows)} 行搜索时未使用的留出测试数据`) : '';
}

function metricsAnswer(lang: Lang, { result: r, evaluation: ev }: ResultFacts, asked?: Metric): string {
  const m = r.test_metrics;
  if (!m || Object.keys(m).length === 0) return tr(lang, 'The last run has no test metrics (it was not evaluated).', '上一次运行没有测试集指标（没有做评估）。');
  const lines: string[] = [];
  if (asked && m[asked] != null) {
    lines.push(tr(lang, `Test ${asked}: ${formatNum(m[asked]!)}${testRowsText(lang, ev)}.`, `测试集${metricName(lang, asked)}：${formatNum(m[asked]!)}${testRowsText(lang, ev)}。`));
  } else if (asked) {
    lines.push(tr(lang, `${asked} is not measured for this ${r.task_type ?? ''} task; the test metrics are below.`, `${metricName(lang, asked)} 不适用于这个 ${r.task_type ?? ''} 任务；测试集指标如下。`));
  } else if (ev) {
    lines.push(tr(lang, `Test metrics${testRowsText(lang, ev)}:`, `测试集指标${testRowsText(lang, ev)}：`));
  }
  lines.push(renderMetrics(m, tr(lang, 'Test metrics', '测试集指标'), lang));
  if (r.metric && r.best) {
    const test = r.summary.test_score;
    lines.push(tr(
      lang,
      `The search optimised ${r.metric}: validation ${formatNum(r.best.validation_score)}${test !== null ? `, test ${formatNum(test)}` : ''} (model ${r.best.learner}).`,
      `搜索优化的指标是${metricName(lang, r.metric)}：验证集 ${formatNum(r.best.validation_score)}${test !== null ? `，测试集 ${formatNum(test)}` : ''}（模型 ${r.best.learner}）。`,
    ));
  }
  return lines.join('\n');
}

function importanceAnswer(lang: Lang, { result: r, evaluation: ev }: ResultFacts, named: string[]): string {
  const imp = ev?.importance;
  if (!imp || imp.columns.length === 0) return tr(lang, 'The last run has no feature importance (its evaluation did not measure it).', '上一次运行没有特征重要性（评估时没有计算）。');
  const metric = ev!.primary.name;
  const ranked = imp.columns.map((c, i) => ({ ...c, rank: i + 1 }));
  const shown = named.length > 0 ? ranked.filter((c) => named.includes(c.column)) : ranked.slice(0, 10);
  const missing = named.filter((n) => !ranked.some((c) => c.column === n));
  const top = ranked.filter((c) => c.mean > 0).slice(0, 3).map((c) => c.column);
  const lines: string[] = [];
  for (const c of shown.filter(() => named.length > 0)) {
    lines.push(c.mean > 0
      ? tr(lang, `${c.column} ranks ${c.rank} of ${ranked.length}: shuffling it worsens the test ${metric} by ${formatNum(c.mean)}.`, `${c.column} 排第 ${c.rank}（共 ${ranked.length} 列）：打乱它会使测试集${metricName(lang, metric)}变差 ${formatNum(c.mean)}。`)
      : tr(lang, `${c.column} ranks ${c.rank} of ${ranked.length}: shuffling it does not worsen the test ${metric}, so the model hardly uses it.`, `${c.column} 排第 ${c.rank}（共 ${ranked.length} 列）：打乱它不会使测试集${metricName(lang, metric)}变差，模型几乎没有用到它。`));
  }
  if (named.length === 0) {
    lines.push(top.length > 0
      ? tr(lang, `Most important: ${top.join(', ')}.`, `最重要的特征：${top.join('、')}。`)
      : tr(lang, 'No column lowers the score when shuffled: the model relies on none of them much.', '打乱任何一列都不会降低分数：模型对各列的依赖都不大。'));
  }
  lines.push(tr(
    lang,
    `Permutation importance on ${formatInt(imp.rows)} test rows: how much the test ${metric} worsens when the column is shuffled (higher = matters more; ${imp.repeats} shuffles each).`,
    `置换重要性（${formatInt(imp.rows)} 行测试数据）：打乱该列后测试集${metricName(lang, metric)}变差的幅度（越大越重要；每列打乱 ${imp.repeats} 次）。`,
  ));
  if (shown.length > 0) {
    const headers = lang === 'zh' ? ['#', '列', '变差', '± 标准差'] : ['#', 'column', 'worse by', '± sd'];
    const names = fitColumn(shown.map((c) => c.column), 32);
    lines.push(renderTable(headers, shown.map((c, i) => [String(c.rank), names[i], formatNum(c.mean), formatNum(c.std)]), { align: ['r', 'l', 'r', 'r'] }));
  }
  if (named.length === 0 && ranked.length > shown.length) lines.push(tr(lang, `(${ranked.length - shown.length} more columns; the report lists all.)`, `（还有 ${ranked.length - shown.length} 列；报告中有完整列表。）`));
  for (const n of missing) lines.push(tr(lang, `'${n}' is not an input of the model (excluded, the target, or not measured).`, `'${n}' 不是模型的输入（被排除、是目标列或没有测到）。`));
  if (!imp.complete) lines.push(tr(lang, 'The measurement stopped at its time limit; some columns are not measured.', '计算到达时间上限后停止；部分列没有测到。'));
  if (r.artifacts.report) lines.push(tr(lang, `Report: ${r.artifacts.report}`, `报告：${r.artifacts.report}`));
  return lines.join('\n');
}

function notClassification(lang: Lang, { result: r, evaluation: ev }: ResultFacts, what: string, whatZh: string): string {
  const lines = [tr(lang, `The last run is a regression (target '${r.plan.target}'), so it has no ${what}.`, `上一次运行是回归任务（目标 '${r.plan.target}'），没有${whatZh}。`)];
  const res = ev?.residuals;
  if (res) {
    lines.push(tr(
      lang,
      `Errors (actual - predicted) on ${formatInt(ev!.rows)} test rows: mean ${formatNum(res.mean)}, sd ${formatNum(res.std)}, mean absolute ${formatNum(res.meanAbs)}.`,
      `测试集 ${formatInt(ev!.rows)} 行的误差（实际 - 预测）：均值 ${formatNum(res.mean)}，标准差 ${formatNum(res.std)}，平均绝对误差 ${formatNum(res.meanAbs)}。`,
    ));
  }
  return lines.join('\n');
}

/** Longest label shown in a matrix or table cell. */
const LABEL_WIDTH = 16;
/** Most classes shown in a confusion matrix (a wider one would wrap). */
const MAX_MATRIX_CLASSES = 12;

function confusionAnswer(lang: Lang, f: ResultFacts): string {
  const ev = f.evaluation;
  if (f.result.task_type === 'regression' || ev?.task === 'regression') return notClassification(lang, f, 'confusion matrix', '混淆矩阵');
  const cm = ev?.confusion;
  if (!cm) return tr(lang, 'The last run has no confusion matrix (its evaluation did not run).', '上一次运行没有混淆矩阵（没有做评估）。');
  const k = Math.min(cm.labels.length, MAX_MATRIX_CLASSES);
  const labels = fitColumn(cm.labels.slice(0, k), LABEL_WIDTH);
  const corner = tr(lang, 'actual \\ predicted', '实际 \\ 预测');
  const rows = cm.matrix.slice(0, k).map((row, i) => [labels[i], ...row.slice(0, k).map((v) => formatInt(v))]);
  const correct = cm.matrix.reduce((s, row, i) => s + (row[i] ?? 0), 0);
  const total = cm.matrix.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const lines = [
    tr(lang, `Confusion matrix on ${formatInt(total)} test rows (rows: actual class, columns: predicted class):`, `混淆矩阵（${formatInt(total)} 行测试数据；行：实际类别，列：预测类别）：`),
    renderTable([corner, ...labels], rows, { align: ['l', ...labels.map(() => 'r' as const)] }),
    tr(lang, `${formatInt(correct)} of ${formatInt(total)} predicted right (the diagonal).`, `${formatInt(total)} 行中预测正确 ${formatInt(correct)} 行（对角线）。`),
  ];
  if (cm.labels.length > k) lines.push(tr(lang, `(First ${k} of ${cm.labels.length} classes; the report has the full matrix.)`, `（只显示 ${cm.labels.length} 个类别中的前 ${k} 个；报告中有完整矩阵。）`));
  return lines.join('\n');
}

function perClassAnswer(lang: Lang, f: ResultFacts): string {
  const ev = f.evaluation;
  if (f.result.task_type === 'regression' || ev?.task === 'regression') return notClassification(lang, f, 'per-class metrics', '分类别指标');
  const pc = ev?.perClass;
  if (!pc || pc.length === 0) return tr(lang, 'The last run has no per-class metrics (its evaluation did not run).', '上一次运行没有分类别指标（没有做评估）。');
  const headers = lang === 'zh' ? ['类别', '精确率', '召回率', 'F1', '样本数'] : ['class', 'precision', 'recall', 'f1', 'support'];
  const worst = [...pc].sort((a, b) => a.f1 - b.f1)[0];
  const labels = fitColumn(pc.map((c) => c.label), LABEL_WIDTH);
  return [
    tr(lang, `Per-class metrics on ${formatInt(ev!.rows)} test rows:`, `分类别指标（${formatInt(ev!.rows)} 行测试数据）：`),
    renderTable(headers, pc.map((c, i) => [labels[i], formatNum(c.precision), formatNum(c.recall), formatNum(c.f1), formatInt(c.support)]), { align: ['l', 'r', 'r', 'r', 'r'] }),
    tr(lang, `Weakest class: ${worst.label} (F1 ${formatNum(worst.f1)}).`, `最弱的类别：${worst.label}（F1 ${formatNum(worst.f1)}）。`),
  ].join('\n');
}

function bestModelAnswer(lang: Lang, r: TaskResult): string {
  const lines: string[] = [];
  if (r.best) lines.push(tr(lang, `Best model: ${r.best.learner} (validation ${r.metric} ${formatNum(r.best.validation_score)}).`, `最佳模型：${r.best.learner}（验证集 ${r.metric} ${formatNum(r.best.validation_score)}）。`));
  lines.push(renderLeaderboard(r.leaderboard, r.metric ?? '', 5, lang), '', renderMetrics(r.test_metrics, tr(lang, 'Test metrics', '测试集指标'), lang));
  return lines.join('\n');
}

const METRIC_WHY: Record<string, [string, string]> = {
  accuracy: ['the share of rows predicted right', '预测正确的行所占比例'],
  macro_f1: ['F1 averaged over the classes, so a rare class counts as much as a common one', '各类别 F1 的平均，少数类与多数类同等重要'],
  rmse: ['the typical size of an error in the target\'s units; large errors weigh more', '以目标列的单位衡量误差大小，大误差权重更高'],
};

/** "What metric should I use?": the metric the planner would choose for the data's target, and the others. */
export function metricAdvice(lang: Lang, profile: Profile | null, last: TaskResult | null, example: string): string {
  const t = profile?.target;
  if (!profile || !t) return tr(lang, `Name the column to predict first (e.g. "${example}"); the metric follows from the task.`, `请先指出要预测的列（例如“${example}”）；指标取决于任务类型。`);
  const plan = makePlan({ instructions: '' }, { profile, target_guess: t.name, task_guess: t.task });
  const why = METRIC_WHY[plan.metric];
  const others = (plan.task_type === 'regression' ? ['rmse', 'mae', 'r2', 'mape'] : ['accuracy', 'balanced_accuracy', 'macro_f1', 'roc_auc', 'log_loss']).filter((m) => m !== plan.metric);
  const lines = [
    tr(
      lang,
      `For '${plan.target}' (${plan.task_type}${plan.preferences.imbalanced ? ', imbalanced classes' : ''}) askml optimises ${plan.metric}${why ? `: ${why[0]}` : ''}.`,
      `对于 '${plan.target}'（${plan.task_type}${plan.preferences.imbalanced ? '，类别不均衡' : ''}），askml 默认优化 ${metricName(lang, plan.metric)}${why ? `：${why[1]}` : ''}。`,
    ),
    tr(lang, `Others: ${others.join(', ')}. Name one in the instruction, e.g. "${example}, use ${others[0]}".`, `其他可选：${others.join(', ')}。在指令里写明即可，例如“${example}，用 ${others[0]}”。`),
  ];
  if (last?.metric) lines.push(tr(lang, `The last run optimised ${last.metric}.`, `上一次运行优化的是${metricName(lang, last.metric)}。`));
  return lines.join('\n');
}
