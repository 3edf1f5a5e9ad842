/**
 * Answers to questions about the data ("有哪些列?", "what columns are there?", "any missing
 * values?") from the cached profile, and about the last result ("which model is best?", "what was
 * the test accuracy?", "哪些特征最重要？": result-answer.ts), in the language of the question. No
 * model run, no LLM.
 */
import type { ColumnProfile, Profile } from '../../data/profile-schema.js';
import type { EvaluationOutput } from '../../evaluate/schemas.js';
import type { TaskResult } from '../../task/task-result.js';
import { formatInt, formatNum, formatPct, renderTable, truncate } from '../render/table.js';
import { renderLearners, renderMetrics } from '../render/run.js';
import { RESULT_TOPICS, type QuestionIntent } from './intent.js';
import { tr, type Lang } from './lang.js';
import { answerResultTopic, metricAdvice, noModelYet } from './result-answer.js';

export interface AnswerFacts {
  profile: Profile | null;
  /** The data file's name, for the header line. */
  file: string | null;
  /** The last run's result in this chat (null before any). */
  result: TaskResult | null;
  /** That run's evaluation.json (per-class metrics, confusion matrix, importance). */
  evaluation?: EvaluationOutput | null;
}

/** An instruction to suggest, naming the data's own target when there is one. */
export function exampleInstruction(lang: Lang, profile: Profile | null): string {
  const target = profile?.target?.name ?? 'price';
  return tr(lang, `predict ${target}, 30 seconds`, `预测 ${target}，30 秒`);
}

export function answerQuestion(q: Pick<QuestionIntent, 'topics' | 'columns' | 'lang' | 'metric'>, facts: AnswerFacts): string {
  const { lang } = q;
  // About the last run: its metrics, importance, confusion matrix... ("is age important?" names a column too).
  const about = q.topics.filter((t) => RESULT_TOPICS.includes(t));
  if (about.length > 0 && (q.columns.length === 0 || about.includes('importance'))) {
    const r = facts.result;
    if (!r) return noModelYet(lang, exampleInstruction(lang, facts.profile));
    return about.map((t) => (t === 'results' ? answerResults(lang, r, facts.profile) : answerResultTopic(t, q, { result: r, evaluation: facts.evaluation ?? null }))).join('\n\n');
  }
  if (q.topics.includes('metric_advice')) return metricAdvice(lang, facts.profile, facts.result, exampleInstruction(lang, facts.profile));
  const p = facts.profile;
  if (!p) return tr(lang, 'No data loaded yet. Load a file with /data FILE.', '还没有加载数据。用 /data 文件路径 加载数据。');
  if (q.columns.length > 0) return q.columns.map((name) => describeColumn(lang, p.columns.find((c) => c.name === name)!)).join('\n');
  const parts: string[] = [];
  for (const topic of q.topics) {
    if (topic === 'columns' || topic === 'types') parts.push(columnsAnswer(lang, p));
    else if (topic === 'rows') parts.push(shapeLine(lang, p, facts.file));
    else if (topic === 'missing') parts.push(missingAnswer(lang, p));
    else if (topic === 'target') parts.push(targetAnswer(lang, p));
    else if (topic === 'warnings') parts.push(warningsAnswer(lang, p));
    else if (topic === 'results') parts.push(answerResults(lang, facts.result, p));
    else if (topic === 'general') parts.push(`${shapeLine(lang, p, facts.file)}\n${targetAnswer(lang, p)}\n${tr(lang, `Ask about the data (columns, missing values, the target, warnings) or, after a run, about its result (test accuracy, important features, confusion matrix); or give an instruction such as "${exampleInstruction(lang, p)}".`, `可以问数据（列、缺失值、目标列、数据问题），运行之后也可以问结果（测试集准确率、重要特征、混淆矩阵）；或者直接下指令，例如“${exampleInstruction(lang, p)}”。`)}`);
  }
  if (parts.length === 0) return answerQuestion({ ...q, topics: ['general'] }, facts);
  return [...new Set(parts)].join('\n\n');
}

function shapeLine(lang: Lang, p: Profile, file: string | null): string {
  const name = file ?? tr(lang, 'The data', '数据');
  return tr(lang, `${name}: ${formatInt(p.rows)} rows x ${p.cols} columns.`, `${name}：${formatInt(p.rows)} 行 x ${p.cols} 列。`);
}

const ROLE_ZH: Record<string, string> = { feature: '特征', target: '目标', id: 'ID', constant: '常量', empty: '全空', leak: '泄漏' };
const SEMANTIC_ZH: Record<string, string> = { numeric: '数值', boolean: '布尔', datetime: '日期时间', categorical: '类别', text: '文本' };

function columnsAnswer(lang: Lang, p: Profile): string {
  const head = tr(lang, `${p.cols} columns:`, `共 ${p.cols} 列：`);
  const rows = p.columns.map((c) => [
    c.name,
    lang === 'zh' ? (SEMANTIC_ZH[c.semantic] ?? c.semantic) : c.semantic,
    lang === 'zh' ? (ROLE_ZH[c.role] ?? c.role) : c.role,
    c.examples.slice(0, 3).map((e) => truncate(e, 14)).join(', '),
  ]);
  const headers = lang === 'zh' ? ['列', '类型', '角色', '示例'] : ['column', 'type', 'role', 'examples'];
  return `${head}\n${renderTable(headers, rows, { maxWidth: 48 })}`;
}

function missingAnswer(lang: Lang, p: Profile): string {
  const miss = p.columns.filter((c) => c.missing > 0).sort((a, b) => b.missing - a.missing);
  if (miss.length === 0) return tr(lang, 'No missing values in any column.', '所有列都没有缺失值。');
  const headers = lang === 'zh' ? ['列', '缺失', '占比'] : ['column', 'missing', 'share'];
  return `${tr(lang, `${miss.length} column(s) have missing values:`, `${miss.length} 列有缺失值：`)}\n${renderTable(headers, miss.map((c) => [c.name, formatInt(c.missing), formatPct(c.missingShare)]), { align: ['l', 'r', 'r'] })}`;
}

function targetAnswer(lang: Lang, p: Profile): string {
  const t = p.target;
  if (!t) return tr(lang, 'No target column was found; name one in your instruction.', '没有找到目标列；请在指令中指出要预测的列。');
  const guessed = t.guessed ? tr(lang, ' (guessed)', '（推断）') : '';
  let line = tr(lang, `Target: ${t.name}${guessed}, task ${t.task}`, `目标列：${t.name}${guessed}，任务 ${t.task}`);
  if (t.nClasses !== null) {
    const shown = t.classes.slice(0, 10).map((c) => `${truncate(c.value, 20)} ${formatPct(c.share)}`).join(', ');
    line += tr(lang, `, ${t.nClasses} classes: ${shown}`, `，${t.nClasses} 个类别：${shown}`);
    if (t.imbalanceRatio !== null && t.imbalanceRatio >= 3) line += tr(lang, ` (imbalanced, ratio ${formatNum(t.imbalanceRatio)})`, `（不均衡，比例 ${formatNum(t.imbalanceRatio)}）`);
  }
  return line + tr(lang, '.', '。');
}

function warningsAnswer(lang: Lang, p: Profile): string {
  if (p.warnings.length === 0) return tr(lang, 'No warnings: no id-like, constant, leaky or mostly-missing columns found.', '没有发现问题：没有 ID 类、常量、泄漏或大量缺失的列。');
  return `${tr(lang, 'Warnings:', '数据问题：')}\n${p.warnings.map((w) => `  - [${w.code}] ${w.message}`).join('\n')}`;
}

function describeColumn(lang: Lang, c: ColumnProfile): string {
  const kind = lang === 'zh' ? `${SEMANTIC_ZH[c.semantic] ?? c.semantic}，${ROLE_ZH[c.role] ?? c.role}` : `${c.semantic}, ${c.role}`;
  const facts: string[] = [
    tr(lang, `${formatInt(c.distinct)} distinct`, `${formatInt(c.distinct)} 个不同值`),
    tr(lang, `${formatInt(c.missing)} missing (${formatPct(c.missingShare)})`, `缺失 ${formatInt(c.missing)}（${formatPct(c.missingShare)}）`),
  ];
  if (c.numeric) {
    const n = c.numeric;
    facts.push(tr(lang, `range ${formatNum(n.min)} .. ${formatNum(n.max)}, mean ${formatNum(n.mean)}, median ${formatNum(n.median)}`, `范围 ${formatNum(n.min)} .. ${formatNum(n.max)}，均值 ${formatNum(n.mean)}，中位数 ${formatNum(n.median)}`));
  }
  if (c.top.length > 0 && !c.numeric) facts.push(tr(lang, 'top: ', '最常见：') + c.top.slice(0, 5).map((t) => `${truncate(t.value, 16)} ${formatPct(t.share)}`).join(', '));
  if (c.text) facts.push(tr(lang, `${c.text.lang} text, ${formatNum(c.text.avgChars)} chars on average`, `${c.text.lang} 文本，平均 ${formatNum(c.text.avgChars)} 个字符`));
  if (c.reason) facts.push(c.reason);
  return `${c.name} (${kind}): ${facts.join(lang === 'zh' ? '；' : '; ')}`;
}

export function answerResults(lang: Lang, r: TaskResult | null, profile: Profile | null = null): string {
  if (!r) return tr(lang, `No run yet. Give an instruction (e.g. "${exampleInstruction(lang, profile)}") or type /run.`, `还没有运行过。请下指令（例如“${exampleInstruction(lang, profile)}”）或输入 /run。`);
  const lines: string[] = [];
  if (r.best) lines.push(tr(lang, `Best model: ${r.best.learner} (validation ${r.metric} ${formatNum(r.best.validation_score)}).`, `最佳模型：${r.best.learner}（验证集 ${r.metric} ${formatNum(r.best.validation_score)}）。`));
  lines.push(renderLearners(r.learners, r.metric ?? '', lang), '', renderMetrics(r.test_metrics, tr(lang, 'Test metrics', '测试集指标'), lang));
  return lines.join('\n');
}
