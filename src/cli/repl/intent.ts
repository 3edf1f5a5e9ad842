/**
 * What a line of free text in the chat is: a question about the data or the last result (answered
 * from the profile, no run), a new instruction (runs a task), a refinement of the last instruction
 * ("不要用 cabin", "60 seconds", "use AUC": merged into it and run again), or neither.
 * Rules only, zh and en, reusing the offline planner's parsers so both read text the same way.
 */
import type { ColumnInfo } from '../../data/column-info.js';
import { explainMentions } from '../../llm/offline-planner.js';
import { findBudget, findLearners, findMetric, findPreferences, findTaskWords, type Span } from '../../llm/instruction-parse.js';
import type { Metric } from '../../agent/plan.js';
import { detectLang, type Lang } from './lang.js';

export type QuestionTopic =
  | 'columns'
  | 'rows'
  | 'missing'
  | 'target'
  | 'types'
  | 'warnings'
  | 'results'
  /** Test-set metrics of the last run ("what was the test accuracy?", "测试集准确率是多少？"). */
  | 'metrics'
  /** Which metric to optimise ("what metric should I use?"). */
  | 'metric_advice'
  /** Permutation importance ("which features matter most?", "哪些特征最重要？"). */
  | 'importance'
  | 'confusion'
  /** Per-class precision / recall / F1. */
  | 'per_class'
  | 'general';

/** Topics answered from the last run's result (evaluation.json) rather than the profile. */
export const RESULT_TOPICS: readonly QuestionTopic[] = ['results', 'metrics', 'importance', 'confusion', 'per_class'];

export interface QuestionIntent {
  kind: 'question';
  topics: QuestionTopic[];
  columns: string[];
  lang: Lang;
  /** A metric the question names ("accuracy", "准确率", "AUC"), for a 'metrics' answer. */
  metric?: Metric;
}

export type Intent =
  | QuestionIntent
  | { kind: 'instruction'; instruction: string; lang: Lang }
  | { kind: 'refinement'; instruction: string; lang: Lang }
  | { kind: 'command'; command: string; lang: Lang }
  | { kind: 'unknown'; lang: Lang };

/** Free text that asks for what a slash command does ("导出模型", "where is the report?"). */
const COMMAND_PHRASES: { command: string; re: RegExp }[] = [
  { command: 'export', re: /^(?:please\s+)?export(?![a-z])|导出|(?<![a-z])onnx(?![a-z])/i },
  { command: 'report', re: /(?<![a-z])report(?![a-z])|报告/i },
  { command: 'status', re: /(?<![a-z])status(?![a-z])|进度|状态|跑完了吗|还要多久/i },
  { command: 'help', re: /^(?:help|帮助|怎么用|用法)[?？!！。.]?$/i },
];

const QUESTION_RE =
  /[?？]\s*$|^\s*(?:what|which|how|show|list|describe|tell\s+me|is|are|does|do|any|who|where|why|can\s+you\s+(?:show|list|tell|describe))(?![a-z])|吗\s*[。.]?$|呢\s*[。.]?$|有哪些|哪些|哪个|多少|什么|几列|几行|几个|是否|怎么样|如何|看看|介绍一下|说说/i;
const RUN_VERB_RE =
  /predict|forecast|classif|categori[sz]e|regress|(?<![a-z])(?:train|fit|automl)(?![a-z])|build\s+(?:a\s+|the\s+)?model|预测|预估|估算|分类|回归|训练|建模|拟合|跑一下|跑个|跑一个|做个模型/i;
/** An instruction that starts with its run verb ("predict churned and show the accuracy?"). */
const LEADING_RUN_VERB_RE =
  /^\s*(?:please\s+|can\s+you\s+|could\s+you\s+|请|帮我|给我|能不能帮我|能帮我|可以帮我)?(?:predict|forecast|classify|categori[sz]e|train(?!ing\s+(?:set|data|rows))|fit|build|run|预测|预估|估算|分类|回归|训练(?![集组数样])|建模|拟合|跑)/i;
const REFINE_RE =
  /不要|不用|别用|去掉|排除|忽略|删掉|剔除|只用|仅用|改用|换成|加上|还要|再试|再跑|(?<![a-z])(?:only|exclude|excluding|without|drop|ignore|instead|also|don'?t\s+use|do\s+not\s+use|try\s+again|again)(?![a-z])/i;

const TOPICS: { topic: QuestionTopic; re: RegExp }[] = [
  { topic: 'importance', re: /importan|matter|(?<![a-z])drivers?(?![a-z])|influen|predictive|(?:most|biggest|largest)\s+(?:effect|impact)|重要|影响最大|影响|作用最大|贡献/i },
  { topic: 'confusion', re: /confusion|混淆/i },
  { topic: 'per_class', re: /per[\s-]?class|each\s+class|every\s+class|by\s+class|(?<![a-z])precision|(?<![a-z])recall|每个类别?|各个?类别?|每一类|精确率|查准率|查全率|召回/i },
  { topic: 'metric_advice', re: /(?:which|what)\s+(?:metric|measure|score)s?\s+(?:should|to|do\s+you\s+(?:recommend|suggest)|is\s+best)|(?:should|recommend|suggest)\s+.*(?:metric|measure)|(?:用|选)什么(?:评估)?指标|哪个(?:评估)?指标|什么(?:评估)?指标(?:比较|更)?(?:好|合适)|推荐.*指标|指标.*(?:推荐|合适|怎么选)/i },
  { topic: 'metrics', re: /metric|(?<![a-z])acc(?:uracy)?(?![a-z])|how\s+accurate|(?<![a-z])f[\s_-]?1(?![0-9])|(?<![a-z])(?:roc|auc)(?![a-z])|rmse|(?<![a-z])mae(?![a-z])|mape|(?<![a-z])r[\s_-]?(?:2|²|squared)(?![0-9a-z])|log[\s_-]*loss|(?:average|mean|typical)\s+error|(?<![a-z])test(?![a-z])|held[\s-]?out|准确|正确率|命中率|指标|测试|误差|精度|分数|得分/i },
  { topic: 'results', re: /best\s+model|which\s+model|leaderboard|(?<![a-z])score|result|how\s+(?:well|good)|performance|最好的模型|哪个模型|结果|成绩|分数|得分|效果|排行|表现/i },
  { topic: 'missing', re: /missing|(?<![a-z])(?:null|nan|empty|blank)s?(?![a-z])|缺失|空值|缺少|为空/i },
  { topic: 'warnings', re: /warning|problem|issue|quality|leak|警告|问题|质量|泄漏|泄露|异常/i },
  { topic: 'target', re: /target|label|balance|distribution|class(?:es)?(?![a-z])|目标|标签|分布|平衡|均衡|类别/i },
  { topic: 'types', re: /(?<![a-z])d?types?(?![a-z])|kind\s+of|类型/i },
  { topic: 'rows', re: /(?<![a-z])rows?(?![a-z])|how\s+(?:big|large)|how\s+many\s+(?:records|samples|examples|lines)|records|samples|(?<![a-z])size|shape|行|多少条|几条|样本|多大|规模|数据量/i },
  { topic: 'columns', re: /column|field|feature|variable|(?<![a-z])cols?(?![a-z])|列|字段|特征|变量/i },
];

export interface IntentContext {
  /** Columns of the current data (null before any data is loaded). */
  columns: readonly ColumnInfo[] | null;
  lastInstruction: string | null;
}

export function isQuestion(text: string): boolean {
  return QUESTION_RE.test(text.trim());
}

export function questionTopics(text: string): QuestionTopic[] {
  let found = TOPICS.filter((t) => t.re.test(text)).map((t) => t.topic);
  const has = (t: QuestionTopic) => found.includes(t);
  const drop = (...ts: QuestionTopic[]) => (found = found.filter((t) => !ts.includes(t)));
  // "which features matter most?": features are the subject, importance is the question.
  if (has('importance')) drop('columns', 'types');
  // "show the confusion matrix", "precision of each class": not the target's class balance.
  if (has('confusion') || has('per_class')) drop('target', 'metrics');
  if (has('metric_advice')) drop('metrics', 'results');
  if (has('metrics')) drop('results', 'rows');
  // "which columns have missing values?": the columns are the subject, not a request for the column table.
  if (found.some((t) => t !== 'columns' && t !== 'types')) drop('columns', 'types');
  return found.length > 0 ? found : ['general'];
}

/** Columns named literally (case-insensitive, whole word) in the text. */
export function namedColumns(text: string, columns: readonly ColumnInfo[] | null): string[] {
  if (!columns) return [];
  const lower = text.toLowerCase();
  return columns
    .filter((c) => {
      const name = c.name.toLowerCase();
      const i = lower.indexOf(name);
      if (i < 0) return false;
      const before = lower[i - 1] ?? ' ';
      const after = lower[i + name.length] ?? ' ';
      return !/[a-z0-9_]/.test(before) && !/[a-z0-9_]/.test(after);
    })
    .map((c) => c.name);
}

export function classifyInput(text: string, ctx: IntentContext): Intent {
  const lang = detectLang(text);
  const raw = text.trim();
  const t = raw.normalize('NFKC');
  const used: Span[] = [];
  const runVerb = RUN_VERB_RE.test(t) || findTaskWords(t, used) !== null;
  if (!runVerb) {
    const c = COMMAND_PHRASES.find((p) => p.re.test(t));
    if (c) return { kind: 'command', command: c.command, lang };
  }
  // "which features are most predictive?", "训练集准确率是多少？": a question about the result even
  // though it contains a run word, unless it starts with one ("predict churned and show the accuracy?").
  const aboutResult = !runVerb || (!LEADING_RUN_VERB_RE.test(t) && questionTopics(t).some((x) => RESULT_TOPICS.includes(x) && x !== 'results'));
  if (isQuestion(t) && aboutResult) {
    const topics = questionTopics(t);
    const q: QuestionIntent = { kind: 'question', topics, columns: namedColumns(t, ctx.columns), lang };
    if (topics.includes('metrics')) {
      const m = findMetric(t, []);
      // precision / recall map to macro_f1 for a search; a question about them is per_class (above).
      if (m && !m.note) q.metric = m.metric;
    }
    return q;
  }
  const mentions = ctx.columns ? safeMentions(t, ctx.columns) : [];
  if (runVerb || mentions.some((m) => m.role === 'target')) return { kind: 'instruction', instruction: raw, lang };
  if (hasRefinementCue(t) || mentions.some((m) => m.role !== 'none')) {
    if (!ctx.lastInstruction) return { kind: 'instruction', instruction: raw, lang };
    return { kind: 'refinement', instruction: mergeInstruction(ctx.lastInstruction, raw), lang };
  }
  const named = namedColumns(t, ctx.columns);
  if (named.length > 0) return { kind: 'question', topics: ['general'], columns: named, lang };
  // A bare request for part of the result: "混淆矩阵", "feature importance", "per-class metrics".
  const topics = questionTopics(t);
  if (!runVerb && topics.some((x) => RESULT_TOPICS.includes(x))) return { kind: 'question', topics, columns: [], lang };
  return { kind: 'unknown', lang };
}

function safeMentions(text: string, columns: readonly ColumnInfo[]) {
  try {
    return explainMentions(text, columns);
  } catch {
    return [];
  }
}

function hasRefinementCue(t: string): boolean {
  const used: Span[] = [];
  if (REFINE_RE.test(t) || findBudget(t, used) || findMetric(t, used)) return true;
  const l = findLearners(t, used);
  if (l.include.length + l.exclude.length + l.unsupported.length > 0) return true;
  return Object.values(findPreferences(t, used)).some(Boolean);
}

/**
 * The last instruction with the refinement appended. A budget or metric in the refinement replaces
 * the one in the last instruction (the planner reads the first it finds).
 */
export function mergeInstruction(last: string, refinement: string): string {
  let base = last;
  const used: Span[] = [];
  if (findBudget(refinement, [])) {
    const b = findBudget(base, used);
    if (b) base = base.replace(b.phrase, ' ');
  }
  if (findMetric(refinement, [])) {
    const m = findMetric(base, used);
    if (m) base = base.replace(m.phrase, ' ');
  }
  base = base.replace(/\s{2,}/g, ' ').replace(/\s*([,，;；])\s*(?=[,，;；]|$)/g, '').trim();
  const zh = detectLang(refinement) === 'zh' || (/[\u4e00-\u9fff]/.test(refinement) && detectLang(base) === 'zh');
  const sep = zh ? '；' : '; ';
  return `${base}${sep}${refinement.trim()}`;
}
