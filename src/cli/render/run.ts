/** Text for people: the plan, the leaderboard, test metrics and artifact paths of a run. */
import type { Plan } from '../../agent/plan.js';
import { displayParams } from '../../search/learner-search.js';
import { trialCountText, type LearnerRow } from '../../search/schemas.js';
import { displayWidth, formatNum, renderTable } from './table.js';
import type { TaskResult } from '../../task/task-result.js';
import { localizeAssumption, localizeTask, localizer } from '../../report/localize.js';

/** Labels in English (the CLI) or Chinese (the chat after a Chinese message). */
export type RenderLang = 'en' | 'zh';
const t = (lang: RenderLang, en: string, zh: string): string => (lang === 'zh' ? zh : en);

/** The plan; with `trials` (askml run --trials) the trial count stands where the budget would. */
export function renderPlan(plan: Plan, o: { trials?: number; lang?: RenderLang } = {}): string {
  const lang = o.lang ?? 'en';
  const none = t(lang, '(none)', '（无）');
  const row = (en: string, zh: string, value: string): string => `  ${lang === 'zh' ? padCells(zh, 16) : en.padEnd(16)}${value}`;
  const lines = [
    t(lang, 'Plan', '计划'),
    row('task type', '任务类型', lang === 'zh' ? `${localizeTask('zh', plan.task_type)}（${plan.task_type}）` : plan.task_type),
    row('target', '目标列', plan.target),
    row('metric', '评估指标', plan.metric),
    row('text columns', '文本列', plan.text_columns.length ? plan.text_columns.join(', ') : none),
    row('excluded', '排除的列', plan.excluded_columns.length ? plan.excluded_columns.join(', ') : none),
    o.trials !== undefined
      ? row('trials', '试验次数', t(lang, `${o.trials} (no time budget)`, `${o.trials}（不限时间）`))
      : row('budget', '时间预算', t(lang, `${plan.budget_seconds} s`, `${plan.budget_seconds} 秒`)),
  ];
  if (plan.include_learners) lines.push(row('learners', '学习器', plan.include_learners.join(', ')));
  if (plan.exclude_learners.length) lines.push(row('not learners', '不用的学习器', plan.exclude_learners.join(', ')));
  if (plan.assumptions.length) lines.push(t(lang, '  assumptions', '  假设'), ...plan.assumptions.map((a) => `    - ${plan.lang === 'zh' ? localizeAssumption(lang, a) : a}`));
  return lines.join('\n');
}

/** `s` padded to `width` display cells (a CJK character takes two). */
function padCells(s: string, width: number): string {
  return s + ' '.repeat(Math.max(1, width - displayWidth(s)));
}

export interface BoardRow {
  rank: number;
  learner: string;
  score: number;
  params: { name: string; value: number | string | boolean }[];
  fitSeconds: number;
}

function paramText(list: BoardRow['params']): string {
  return Object.entries(displayParams(Object.fromEntries(list.map((x) => [x.name, x.value]))))
    .filter(([name]) => !name.startsWith('__'))
    .map(([name, value]) => `${name}=${typeof value === 'number' ? formatNum(value) : String(value)}`)
    .join(' ');
}

/** One row per learner: its best validation score, trial count and best configuration. */
export function renderLearners(rows: readonly LearnerRow[], metric: string, lang: RenderLang = 'en'): string {
  if (rows.length === 0) return t(lang, 'Learners: none tried.', '学习器：一个也没有试。');
  return `${t(lang, `Learners (best validation ${metric} of each)`, `学习器（各自最好的验证集 ${metric}）`)}\n${renderTable(
    lang === 'zh' ? ['#', '学习器', metric, '± 标准差', '试验', '训练秒', '最佳参数'] : ['#', 'learner', metric, '± sd', 'trials', 'fit s', 'best params'],
    rows.map((r, i) => [
      String(i + 1),
      r.learner,
      r.bestScore === null ? '-' : formatNum(r.bestScore),
      r.bestScoreStd === null ? '' : Math.abs(r.bestScoreStd) < 10 ? r.bestScoreStd.toFixed(4) : formatNum(r.bestScoreStd),
      trialCountText(r, lang),
      r.fitSeconds.toFixed(1),
      r.bestScore !== null
        ? paramText(r.bestParams)
        : r.trials === 0
          ? t(lang, '(not started; the notes say why)', '（未开始；原因见备注）')
          : t(lang, '(no trial scored)', '（没有试验得分）'),
    ]),
    { align: ['r', 'l', 'r', 'r', 'r', 'r', 'l'], maxWidth: 60 },
  )}`;
}

export function renderLeaderboard(rows: readonly BoardRow[], metric: string, top = 10, lang: RenderLang = 'en'): string {
  if (rows.length === 0) return t(lang, 'Leaderboard: no finished trial.', '排行榜：没有完成的试验。');
  return `${t(lang, `Leaderboard (validation ${metric})`, `排行榜（验证集 ${metric}）`)}\n${renderTable(
    lang === 'zh' ? ['#', '学习器', metric, '训练秒', '参数'] : ['#', 'learner', metric, 'fit s', 'params'],
    rows.slice(0, top).map((r) => [String(r.rank), r.learner, formatNum(r.score), r.fitSeconds.toFixed(2), paramText(r.params)]),
    { align: ['r', 'l', 'r', 'r', 'l'], maxWidth: 60 },
  )}`;
}

/** The model the run saved, tested and exported: an ensemble's members, with its own validation score. */
export function renderSavedModel(best: { learner: string; validation_score: number } | null, metric: string, lang: RenderLang = 'en'): string {
  if (!best) return t(lang, 'Saved model: none', '保存的模型：无');
  return t(lang, `Saved model: ${best.learner} (validation ${metric} ${formatNum(best.validation_score)})`, `保存的模型：${best.learner}（验证集 ${metric} ${formatNum(best.validation_score)}）`);
}

/**
 * A finished task for people (`askml run`, the chat): learners, leaderboard, the saved model, test
 * metrics, artifacts, notes (in Chinese when `lang` is, as the report words them) and the closing line.
 */
export function renderTaskResult(r: TaskResult, lang: RenderLang = 'en'): string {
  const metric = r.metric ?? '';
  const out = [
    renderLearners(r.learners, metric, lang),
    '',
    renderLeaderboard(r.leaderboard, metric, 5, lang),
    '',
    renderSavedModel(r.best, metric, lang),
    renderMetrics(r.test_metrics, t(lang, 'Test metrics', '测试集指标'), lang),
    ...renderTopTerms(r.top_terms, r.task_type === 'regression', lang),
    '',
    renderArtifacts(r.artifacts, lang),
  ];
  const notes = localizer(lang);
  for (const n of r.notes) out.push(`${t(lang, 'note: ', '备注：')}${notes.text(n)}`);
  const secs = r.wall_seconds.toFixed(1);
  const ids = t(lang, `task ${r.task_id}${r.run_id ? `, run ${r.run_id}` : ''}`, `任务 ${r.task_id}${r.run_id ? `，运行 ${r.run_id}` : ''}`);
  out.push(
    r.cancelled
      ? t(lang, `Cancelled; results so far in ${secs} s (${ids}).`, `已取消；以上是取消前的结果，用时 ${secs} 秒（${ids}）。`)
      : t(lang, `Done in ${secs} s (${ids}).`, `完成，用时 ${secs} 秒（${ids}）。`),
  );
  return out.join('\n');
}

const TOKENS: Record<string, [string, string]> = { jieba: ['jieba words', 'jieba 分词'], word: ['words', '词'], char: ['character n-grams', '字符 n 元组'] };
/** Groups shown on the console; the report has them all. */
const MAX_TERM_GROUPS = 12;

/** "Top terms of title (jieba words)" and a line per class (or raising / lowering the prediction). */
export function renderTopTerms(tt: TaskResult['top_terms'] | undefined, regression: boolean, lang: RenderLang = 'en'): string[] {
  if (!tt) return [];
  const groups = tt.groups.filter((g) => g.terms.length > 0);
  if (groups.length === 0) return [];
  const [en, zh] = TOKENS[tt.tokens] ?? [tt.tokens, tt.tokens];
  const label = (g: { label: string }): string =>
    regression ? (g.label === 'higher' ? t(lang, 'raise', '提高') : t(lang, 'lower', '降低')) : g.label;
  const width = Math.max(...groups.slice(0, MAX_TERM_GROUPS).map((g) => displayWidth(label(g))));
  const lines = groups.slice(0, MAX_TERM_GROUPS).map((g) => `  ${padCells(label(g), width + 2)}${g.terms.join(lang === 'zh' ? '、' : ', ')}`);
  if (groups.length > MAX_TERM_GROUPS) lines.push(t(lang, `  (${groups.length - MAX_TERM_GROUPS} more in the report)`, `  （另有 ${groups.length - MAX_TERM_GROUPS} 个类别见报告）`));
  return ['', t(lang, `Top terms of ${tt.column} (${en})`, `关键词项：${tt.column}（${zh}）`), ...lines];
}

export function renderMetrics(m: Record<string, number | null> | null, title = 'Test metrics', lang: RenderLang = 'en'): string {
  if (!m) return `${title}${t(lang, ': not evaluated.', '：未评估。')}`;
  const rows = Object.entries(m).filter(([, v]) => v !== null) as [string, number][];
  return `${title}\n${rows.map(([k, v]) => `  ${k.padEnd(18)}${formatNum(v)}`).join('\n')}`;
}

export function renderArtifacts(a: { report: string | null; model: string | null; onnx: string | null; onnx_inputs?: string[] }, lang: RenderLang = 'en'): string {
  const none = t(lang, '(none)', '（无）');
  const lines = [
    t(lang, 'Artifacts', '产出文件'),
    `  ${padCells(t(lang, 'report', '报告'), 8)}${a.report ?? none}`,
    `  ${padCells(t(lang, 'model', '模型'), 8)}${a.model ?? none}`,
    `  ${padCells('onnx', 8)}${a.onnx ?? t(lang, '(not exported)', '（未导出）')}`,
  ];
  // What to feed model.onnx: raw columns, or a precomputed TF-IDF matrix for word / jieba text.
  if (a.onnx && a.onnx_inputs?.length) lines.push(`          ${t(lang, 'inputs: ', '输入：')}${a.onnx_inputs.join(', ')}`);
  return lines.join('\n');
}
