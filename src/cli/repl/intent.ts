/**
 * What a line of free text in the chat is: a question about the data or the last result (answered
 * from the profile, no run), a new instruction (runs a task), a refinement of the last instruction
 * ("不要用 cabin", "60 seconds", "use AUC": merged into it and run again), or neither.
 * Rules only, zh and en, reusing the offline planner's parsers so both read text the same way.
 */
import type { ColumnInfo } from '../../data/column-info.js';
import { explainMentions } from '../../llm/offline-planner.js';
import { findBudget, findLearners, findMetric, findPreferences, findTaskWords, type Span } from '../../llm/instruction-parse.js';
import { detectLang, type Lang } from './lang.js';

export type QuestionTopic = 'columns' | 'rows' | 'missing' | 'target' | 'types' | 'warnings' | 'results' | 'general';

export type Intent =
  | { kind: 'question'; topics: QuestionTopic[]; columns: string[]; lang: Lang }
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
const REFINE_RE =
  /不要|不用|别用|去掉|排除|忽略|删掉|剔除|只用|仅用|改用|换成|加上|还要|再试|再跑|(?<![a-z])(?:only|exclude|excluding|without|drop|ignore|instead|also|don'?t\s+use|do\s+not\s+use|try\s+again|again)(?![a-z])/i;

const TOPICS: { topic: QuestionTopic; re: RegExp }[] = [
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
  const found = TOPICS.filter((t) => t.re.test(text)).map((t) => t.topic);
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
  if (isQuestion(t) && !runVerb) {
    return { kind: 'question', topics: questionTopics(t), columns: namedColumns(t, ctx.columns), lang };
  }
  const mentions = ctx.columns ? safeMentions(t, ctx.columns) : [];
  if (runVerb || mentions.some((m) => m.role === 'target')) return { kind: 'instruction', instruction: raw, lang };
  if (hasRefinementCue(t) || mentions.some((m) => m.role !== 'none')) {
    if (!ctx.lastInstruction) return { kind: 'instruction', instruction: raw, lang };
    return { kind: 'refinement', instruction: mergeInstruction(ctx.lastInstruction, raw), lang };
  }
  const named = namedColumns(t, ctx.columns);
  if (named.length > 0) return { kind: 'question', topics: ['general'], columns: named, lang };
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
