/**
 * The default planner when no LLM is configured: rules over the instruction (zh or en) and the
 * data profile produce a Plan, recording every assumption. Deterministic; no network. French,
 * Spanish and German instructions are read too (budgets, metrics, task words, target and exclusion
 * cues: words-fr-es-de.ts); their plan and report are in English.
 */
import type { ColumnInfo } from '../data/column-info.js';
import {
  DEFAULT_BUDGET_SECONDS,
  FAST_BUDGET_SECONDS,
  INTERPRETABLE_LEARNERS,
  PlanSchema,
  defaultMetric,
  learnerFamilyOf,
  learnerFits,
  metricFits,
  type Plan,
  type PlanTaskType,
} from '../agent/plan.js';
import { findMentions, type Mention } from './column-match.js';
import { assignRoles, type RoledMention } from './mention-roles.js';
import { detectLang, findBudget, overlaps, findLearners, findMetric, findTrials, findPreferences, findTaskWords, maskTypeWords, type Span, type StatedTask } from './instruction-parse.js';
import { AskmlError, hiddenCharNote, withoutHiddenChars } from '../errors.js';
import { conceptMatchesName, LEXICON, normName } from './lexicon.js';
import { objectEndWords, objectFillerWords, objectNotANameWords, predictVerbs, wordsSource } from './words-fr-es-de.js';

export interface OfflinePlanInput {
  instruction: string;
  /** The profile's columns (src/data/profile.ts). */
  columns: readonly ColumnInfo[];
  /** The profiler's target guess, used when the instruction names none. */
  targetGuess?: string | null;
  /** The profiler's task guess for `targetGuess`. */
  taskGuess?: PlanTaskType | null;
  /** Share of the rarest class of `targetGuess` (0..1), when known: < 0.2 counts as imbalanced. */
  minorityShare?: number | null;
  /** Budget when the instruction gives none (default DEFAULT_BUDGET_SECONDS). */
  defaultBudgetSeconds?: number;
  /**
   * A budget the caller set (e.g. `askml run --budget 5`): it wins over a budget in the instruction,
   * and the assumption names `source` ('--budget') so the plan says where the number came from.
   */
  budget?: { seconds: number; source: string } | null;
  /** The search runs this many trials instead of a time budget (askml run --trials): the assumptions say so. */
  trials?: number | null;
  /**
   * The target the caller set (askml run --target): the plan is made for it (task, metric, "only"
   * lists), and a different target the instruction names is said in the assumptions.
   */
  givenTarget?: string | null;
  /** The language of the assumptions (and the report), else the instruction's. */
  lang?: 'zh' | 'en';
}

/**
 * Classes count as imbalanced when the rarest holds less than 40% of its fair share (1/k of the
 * rows): under 20% for binary, under 4% for 10 classes. Ten balanced classes are not imbalanced.
 */
const IMBALANCE_SHARE = 0.2;
/** French, Spanish and German verbs asking to predict ("prédire", "predecir", "vorhersagen"). */
const FOREIGN_PREDICT = new RegExp(wordsSource(predictVerbs()), 'i');
const PREDICT_WORDS = new RegExp(String.raw`predict|forecast|estimate|预测|预估|估计|估算|${FOREIGN_PREDICT.source}`, 'i');
/** A mention that is itself a question ("how old", "how heavy", "多少钱", "有多重") asks for its column. */
const QUESTION_PHRASE = /^(?:how\s|多少|有多|多[重高大长久]|几)/i;
/** A yes/no question ("does a house have a garage?", "是否有车库", "会不会流失"). */
const YES_NO_QUESTION = /^\s*(?:does|do|did|is|are|was|were|will|would|can|has|have)\s|是否|有没有|会不会|是不是|能不能|有无/i;
/** Chinese measure words after 几 / 多少 that make a count ("几个", "多少次"); "几等" asks which class. */
const MEASURE = '个|次|件|张|天|年|人|辆|台|份|本|条|岁|位|间|室';
/** A question whose answer is a number ("how long", "how old", "多久", "有多重"). */
const HOW_QUESTION = new RegExp(String.raw`(?<![a-z])how\s+(?:long|old|much|many|big|large|heavy|tall|far|high|often|fast|expensive)(?![a-z])|多少|多久|多长|多大|多重|多高|多远|几(?:${MEASURE})`, 'i');
/**
 * A quantity question right before a mention ("how many support tickets", "多少次投诉", "几个房间")
 * asks for a count or amount. A bare 几 is not one: "坐几等舱" asks which class.
 */
const QUANTITY_BEFORE = new RegExp(String.raw`(?:how\s+(?:many|much)(?:\s+(?:more|fewer|less))?|多少(?:${MEASURE})?|几(?:${MEASURE}))\s*$`, 'i');
/** The same quantity words opening the mention itself (the lexicon's "几个房间"). */
const QUANTITY_START = new RegExp(String.raw`^(?:how\s+(?:many|much)|多少(?:${MEASURE})?|几(?:${MEASURE}))`, 'i');

/** Task a column implies as a target: 2 values -> binary, few labels -> multiclass, numbers -> regression. */
export function taskForColumn(col: ColumnInfo): PlanTaskType {
  if (col.semantic === 'boolean' || col.distinct === 2) return 'binary';
  if (col.semantic === 'numeric') return col.distinct <= 10 && col.examples.every((v) => /^-?\d+$/.test(v.trim())) ? 'multiclass' : 'regression';
  return 'multiclass';
}

const isTextLike = (c: ColumnInfo) => c.semantic === 'text';

/** Words after "predict" that are not a column name ("predict which ...", "predict the outcome"). */
const NOT_A_NAME = /^(?:the|a|an|it|this|that|these|those|which|what|who|whether|if|how|when|where|why|whose|target|outcome|outcomes|label|labels|class|classes|value|values|result|results|column|something|everything|future|next|new|with|using|from|for|on|by|in|to|and|me|us|them|please)$/i;

const GENERIC_TARGET_CONCEPTS = new Set(['category', 'label']);

const OBJECT_END = /[,;:.!?，。；：！？\n]|\b(?:in|within|under|with|using|by|from|for|on)\b|[用按根据]/i;
/** After a French / Spanish / German verb: their prepositions end the object, articles and "la colonne" start it. */
const FOREIGN_OBJECT_END = new RegExp(`${OBJECT_END.source}|${wordsSource(objectEndWords())}`, 'i');
const FOREIGN_OBJECT_FILLER = new RegExp(`^\\s*(?:${wordsSource(objectFillerWords())})\\s*`, 'i');
const FOREIGN_NOT_A_NAME = new RegExp(`^${wordsSource(objectNotANameWords())}$`, 'i');

/**
 * The text an instruction asks to predict: after the first predict / classify cue, to the clause's
 * end, masked facts blanked; `foreign` when the cue is a French, Spanish or German verb.
 */
function predictObject(text: string, used: readonly Span[]): { object: string; foreign: boolean } | null {
  const enZh = /\b(?:predict|forecast|estimate|classify)\b|预测|预估|估计|估算|分类/i.exec(text);
  const foreign = FOREIGN_PREDICT.exec(text);
  const cue = enZh && (!foreign || enZh.index <= foreign.index) ? enZh : foreign;
  if (!cue) return null;
  let rest = '';
  for (let i = cue.index + cue[0].length; i < text.length; i++) rest += used.some((u) => i >= u.start && i < u.end) ? ' ' : text[i];
  if (cue === enZh) return { object: rest.split(OBJECT_END)[0], foreign: false };
  // "prédire la colonne churned en 5 secondes" -> "churned"
  let object = rest.split(FOREIGN_OBJECT_END)[0];
  for (let prev = ''; prev !== object; ) [prev, object] = [object, object.replace(FOREIGN_OBJECT_FILLER, ' ')];
  return { object, foreign: true };
}

/**
 * A usually-predicted concept (churn, price, survival...) named right after the predict cue
 * that no column of the data means, e.g. 'churn' on the titanic columns; null when none.
 */
function missingTargetConcept(text: string, used: readonly Span[], columns: readonly ColumnInfo[]): string | null {
  const object = predictObject(text, used)?.object;
  if (!object) return null;
  const lower = object.toLowerCase();
  for (const concept of LEXICON) {
    // 'category', 'label': generic words for "the class"; they name no particular column.
    if (!concept.targetish || GENERIC_TARGET_CONCEPTS.has(concept.id)) continue;
    const phrase = concept.zh.find((z) => object.includes(z)) ?? concept.en.find((e) => new RegExp(`\\b${e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(lower));
    if (!phrase) continue;
    const matched = columns.some((c) => conceptMatchesName(concept, normName(c.name)) >= 0 || (concept.values ?? []).some((v) => c.examples.some((x) => x.toLowerCase() === v)));
    if (!matched) return phrase;
  }
  return null;
}

/**
 * The column-like name an instruction asks to predict when it is one identifier-like word
 * ("predict churned", "predict y2, 3 seconds"), for an error when no column matches it; null for
 * a descriptive object or none.
 */
function namedMissingColumn(text: string, used: readonly Span[]): string | null {
  const found = predictObject(text, used);
  const words = columnWords((found?.object ?? '').trim());
  if (words.length !== 1) return null;
  const w = words[0].replace(/^['"`]|['"`]$/g, '');
  return isColumnLike(w) && !(found?.foreign && FOREIGN_NOT_A_NAME.test(w)) ? w : null;
}

/** An exclusion verb and the names after it ("ignore name and ticket", "不要用 姓名 这一列"). */
const EXCLUDE_WORDS = /(?<![A-Za-z])(?:ignor(?:e|ing)|drop(?:ping)?|exclud(?:e|ing)|without(?:\s+(?:using|looking\s+at|considering|touching))?|(?:do\s+not|don't)\s+use|not\s+using|remov(?:e|ing)|leave\s+out)\s+(?:(?:the|their|its|his|her|our|my|your)\s+)?([A-Za-z_][\w.-]*(?:\s*(?:,|and|or)\s*(?:(?:the|their|its)\s+)?[A-Za-z_][\w.-]*)*)|(?:不要用|不要使用|不用|去掉|排除|忽略)\s*([\u4e00-\u9fffA-Za-z_][\u4e00-\u9fff\w.-]{0,15}?)\s*(?=这一列|这列|列|字段|[，,。；;\s]|$)/giu;
/** Words after an exclusion verb that are not column names ("ignore missing values", "without overfitting"). */
const NOT_EXCLUDED_NAME = /^(?:columns?|fields?|features?|variables?|rows?|missing|duplicates?|outliers?|nulls?|nans?|noise|overfitting|looking|considering|touching|using|use|regard|ignore|ignoring|drop|dropping|exclude|excluding|remove|removing|without|keep|leave|skip|predict|predicting|please|their|its|his|her|our|my|your|all|any|every|everything|anything|other|others|rest|them|it|those|these|both|ones?|data|values?|\d+)$/i;

/**
 * Names the instruction asks to exclude that no column matched ("ignore name and ticket" on data
 * without them): said in the plan instead of dropped silently.
 */
function unmatchedExclusions(text: string, mentions: readonly Span[], used: readonly Span[]): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(EXCLUDE_WORDS)) {
    const list = m[1] ?? m[2];
    if (!list) continue;
    const from = m.index! + m[0].lastIndexOf(list);
    for (const w of list.matchAll(/[A-Za-z_][\w.-]*|[\u4e00-\u9fff][\u4e00-\u9fff\w.-]*/gu)) {
      // A sentence's full stop is not part of the name ("please don't use it." -> 'it').
      const word = w[0].replace(/[.-]+$/, '');
      const start = from + w.index!;
      const span = { start, end: start + word.length };
      if (/^(?:and|or|the)$/i.test(word) || NOT_A_NAME.test(word) || NOT_EXCLUDED_NAME.test(word)) continue;
      // "the number of rooms": the column is named after 'of' (a 'count' column alone is still a name).
      if (/^(?:number|numbers|amount|count|kind|type)$/i.test(word) && /^\s+of\b/i.test(text.slice(start + word.length))) continue;
      if (overlaps(span, mentions) || overlaps(span, used)) continue;
      if (!out.includes(word)) out.push(word);
    }
  }
  return out;
}

const isColumnLike = (w: string): boolean => /^[A-Za-z_][\w.-]*$/.test(w) && !NOT_A_NAME.test(w);

/** A word that says "column" around a name: "the foo column", "column foo", "the column named foo". */
const COLUMN_NOUN = /^(?:column|col|field|variable)$/i;
/** The same in Chinese, after or before the name: "foo 这一列", "foo列", "列 foo", "字段 foo". */
const ZH_COLUMN_AFTER = /\s*(?:这一|那一|这|那|一)?(?:列|个字段|字段|个变量|变量)$/u;
const ZH_COLUMN_BEFORE = /^(?:这一|那一|这|那)?(?:列|字段|变量)\s*/u;

/**
 * The words of a predict object, without a "column" wrapper around one name: "the foo column",
 * "the column (named|called) foo", "column foo", "foo 这一列", "列 foo" -> ['foo']. Without an
 * explicit column word the object is kept ("the outcome" stays descriptive).
 */
function columnWords(object: string): string[] {
  const zh = object.replace(ZH_COLUMN_AFTER, '').replace(ZH_COLUMN_BEFORE, '');
  let words = zh.split(/\s+/).filter(Boolean);
  if (zh !== object) return words;
  const article = words.length > 2 && /^(?:the|a|an)$/i.test(words[0]) ? 1 : 0;
  if (words.length - article === 2 && COLUMN_NOUN.test(words[words.length - 1])) return words.slice(article, -1);
  if (words.length - article >= 2 && COLUMN_NOUN.test(words[article])) {
    words = words.slice(article + 1);
    if (words.length === 2 && /^(?:named|called)$/i.test(words[0])) words = words.slice(1);
    return words;
  }
  return words;
}

/** A column-like name, maybe quoted, ending at a space, punctuation or the end. */
const NAME = '[\'"\u0060]?([A-Za-z_][\\w.-]*)[\'"\u0060]?(?=$|[\\s,;:.!?，。；：！？)])';
/** A target named without a predict verb: "目标列是 foo", "以 foo 为目标", "target column: foo", "foo as the target". */
const TARGET_CUES: readonly RegExp[] = [
  new RegExp(String.raw`目标(?:列|变量|字段)?\s*(?:是|为|=|:|：)\s*${NAME}`, 'u'),
  new RegExp(String.raw`(?:以|把|将|用)\s*${NAME}\s*(?:这一列|这列|列)?\s*(?:为|作为|当作|当成|设为|设置为)\s*目标`, 'u'),
  new RegExp(String.raw`${NAME}\s*(?:这一列|这列|列)?\s*(?:作为|当作|当成|设为)\s*目标`, 'u'),
  new RegExp(String.raw`\btarget(?:\s+(?:column|variable|field))?\s*(?:is|=|:)\s*${NAME}`, 'i'),
  new RegExp(String.raw`\btarget\s+(?:column|variable|field)\s+${NAME}`, 'i'),
  new RegExp(String.raw`(?:^|[\s,;:(])${NAME}\s+as\s+(?:the\s+)?target\b`, 'i'),
];

/** The column-like name a target cue names ("目标列是 foo"), masked facts blanked; null when none. */
function cuedTargetName(text: string, used: readonly Span[]): string | null {
  let masked = '';
  for (let i = 0; i < text.length; i++) masked += used.some((u) => i >= u.start && i < u.end) ? ' ' : text[i];
  for (const cue of TARGET_CUES) {
    const w = cue.exec(masked)?.[1];
    if (w && isColumnLike(w)) return w;
  }
  return null;
}
/**
 * A column name as an instruction writes it: invisible characters (U+200B...) removed, no-break
 * spaces made plain, the ends trimmed ('year_built\u200b' -> 'year_built').
 */
const plainName = (name: string): string => withoutHiddenChars(name).trim();

/**
 * The columns an instruction mentions, matched against their plain names ("exclude year_built"
 * finds the column 'year_built\u200b'), reported under their real names. `hidden` lists the
 * mentioned columns whose real name differs from its plain one. A plain name that is also another
 * column's name, or empty, is not used.
 */
function findColumnMentions(text: string, columns: readonly ColumnInfo[], used: Span[]): { mentions: Mention[]; hidden: string[] } {
  const names = new Set(columns.map((c) => c.name));
  const plainCount = new Map<string, number>();
  for (const c of columns) plainCount.set(plainName(c.name), (plainCount.get(plainName(c.name)) ?? 0) + 1);
  const real = new Map<string, string>();
  const view = columns.map((c) => {
    const plain = plainName(c.name);
    if (plain === c.name || plain === '' || names.has(plain) || plainCount.get(plain)! > 1) return c;
    real.set(plain, c.name);
    return { ...c, name: plain };
  });
  if (real.size === 0) return { mentions: findMentions(text, columns, used), hidden: [] };
  const back = (n: string): string => real.get(n) ?? n;
  const mentions = findMentions(text, view, used).map((m) => ({ ...m, column: back(m.column), alternatives: m.alternatives.map(back), ...(m.group ? { group: m.group.map(back) } : {}) }));
  const hidden = [...new Set(mentions.flatMap((m) => m.group ?? [m.column]))].filter((n) => plainName(n) !== n);
  return { mentions, hidden };
}

/** "an invisible character U+200B (zero-width space) at position 11", or "a trailing space". */
function nameOddity(name: string): string {
  const note = hiddenCharNote(name);
  if (note) return note;
  const lead = /^\s/.test(name);
  const trail = /\s$/.test(name);
  return lead && trail ? 'leading and trailing spaces' : lead ? 'a leading space' : 'a trailing space';
}

/** The same in Chinese: "不可见字符或近似空格 U+200B（第 11 个字符）", "开头的空格". */
function nameOddityZh(name: string): string {
  const chars = [...name];
  const at = chars.findIndex((ch) => withoutHiddenChars(ch) !== ch);
  if (at >= 0) return `不可见字符或近似空格 U+${(chars[at].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}（第 ${at + 1} 个字符）`;
  const lead = /^\s/.test(name);
  const trail = /\s$/.test(name);
  return lead && trail ? '开头和结尾的空格' : lead ? '开头的空格' : '结尾的空格';
}

/** The columns a mention names: one, or a group ("bill" -> bill_length_mm, bill_depth_mm). */
const colsOf = (m: RoledMention): string[] => m.group ?? [m.column];

export function offlinePlan(input: OfflinePlanInput): Plan {
  const { instruction, columns } = input;
  if (columns.length === 0) throw new AskmlError('BAD_ARGUMENT', 'The profile has no columns; nothing to plan.');
  const byName = new Map(columns.map((c) => [c.name, c]));
  const assumptions: string[] = [];
  const lang = input.lang ?? detectLang(instruction);
  /** Assumptions are written in the instruction's language: they go into the report. */
  const say = (en: string, zh: string) => assumptions.push(lang === 'zh' ? zh : en);
  const text = instruction.normalize('NFKC');

  // Non-column facts first; their spans are masked for column matching.
  const used: Span[] = [];
  const metricFound = findMetric(text, used);
  // A budget the instruction states but that cannot run (under a second) is an error, unless a
  // budget given beside the instruction (--budget) replaces it anyway.
  let tooSmall: string | null = null;
  let budgetFound: ReturnType<typeof findBudget> = null;
  try {
    budgetFound = findBudget(text, used);
  } catch (e) {
    if (!((input.budget || input.trials) && e instanceof AskmlError && e.code === 'BUDGET')) throw e;
    tooSmall = String(e.details.value ?? '');
  }
  const learners = findLearners(text, used);
  const prefs = findPreferences(text, used);
  const stated = findTaskWords(text, used);
  maskTypeWords(text, used);

  const found = findColumnMentions(text, columns, used);
  const mentions = assignRoles(text, found.mentions);
  for (const name of found.hidden) {
    say(
      `the column name '${name}' contains ${nameOddity(name)}; read '${plainName(name)}' in the instruction as that column (rename it in the file to avoid surprises).`,
      `列名 '${name}' 含有${nameOddityZh(name)}；把指令中的 '${plainName(name)}' 理解为这一列（建议在文件中重命名该列）。`,
    );
  }
  for (const m of mentions) {
    if (m.alternatives.length > 0 && m.via === 'lexicon') {
      say(`'${m.phrase}' could mean ${[m.column, ...m.alternatives].map((c) => `'${c}'`).join(' or ')}; took '${m.column}'.`, `“${m.phrase}”可能指 ${[m.column, ...m.alternatives].map((c) => `'${c}'`).join(' 或 ')}；选用了 '${m.column}'。`);
    }
    // A column left out by meaning ("ignore region" -> district) is named, as a typo's column is (audit: said nowhere).
    const byMeaning = m.via === 'lexicon' && !m.group && (m.role === 'exclude' || m.role === 'only') && !normName(m.column).includes(normName(m.phrase)) && m.alternatives.length === 0;
    if (m.via === 'fuzzy' || m.via === 'acronym' || byMeaning || (m.via === 'token' && !m.group && m.role !== 'none' && m.role !== 'feature')) say(`read '${m.phrase}' as column '${m.column}'.`, `把“${m.phrase}”理解为列 '${m.column}'。`);
    if (m.group && m.role !== 'none' && m.role !== 'feature') say(`read '${m.phrase}' as the columns ${m.group.map((c) => `'${c}'`).join(', ')}.`, `把“${m.phrase}”理解为列 ${m.group.map((c) => `'${c}'`).join('、')}。`);
  }

  // ---- target
  const textInputs = new Set<string>();
  let target: string | undefined;
  /** The mention the target came from, when one did. */
  let targetMention: RoledMention | undefined;
  const targetMentions = mentions.filter((x) => x.role === 'target' && !x.group && !x.partial);
  for (const m of targetMentions) {
    const col = byName.get(m.column)!;
    if (isTextLike(col) || col.role === 'id') {
      if (isTextLike(col)) textInputs.add(col.name); // "对新闻标题进行分类": the title is the input
      continue;
    }
    target = m.column;
    targetMention = m;
    break;
  }
  // The caller's target (--target) wins; the task, metric and "only" lists below are for it.
  if (input.givenTarget && byName.has(input.givenTarget)) {
    if (target && target !== input.givenTarget) {
      say(`target set to '${input.givenTarget}' as given (the instruction suggested '${target}').`, `目标列按指定设为 '${input.givenTarget}'（指令提到的是 '${target}'）。`);
    }
    target = input.givenTarget;
    targetMention = targetMentions.find((m) => m.column === target);
    if (byName.get(target)!.role === 'id') {
      say(`'${target}' looks like an identifier (almost every value distinct); it was given as the target, so the search will try to predict it.`, `'${target}' 看起来像标识列（几乎每个值都不同）；它被指定为目标列，搜索会尝试预测它。`);
    }
  }
  // "predict y" where y looks like an identifier (one row per value): still the column asked for;
  // the search then says why it cannot learn it, instead of a plan on another column.
  const idTarget = !target ? targetMentions.find((m) => byName.get(m.column)!.role === 'id' && m.via === 'exact') : undefined;
  if (idTarget) {
    target = idTarget.column;
    targetMention = idTarget;
    say(`'${target}' looks like an identifier (almost every value distinct), but the instruction names it as the target.`, `'${target}' 看起来像标识列（几乎每个值都不同），但指令把它指定为目标列。`);
  }
  if (!target) {
    const free = mentions.filter((m) => m.role === 'none' && !m.group && !m.partial && !isTextLike(byName.get(m.column)!) && byName.get(m.column)!.role !== 'id');
    // "how long has the applicant been at their job (Seniority)?": a how-question asks for a
    // number, so the first numeric column named after it.
    const how = HOW_QUESTION.exec(text);
    const asked = how ? free.find((m) => m.start >= how.index && byName.get(m.column)!.semantic === 'numeric') : undefined;
    // "does a house have a garage? binary classification": the kind of task asked for (or a yes/no
    // question) names the kind of column, so a mentioned column of that kind beats the profiler's guess.
    const wanted: StatedTask | null = stated?.task ?? learners.impliedTask ?? (YES_NO_QUESTION.test(text) ? 'binary' : null);
    const fitsWanted = (m: RoledMention): boolean => {
      const t = taskForColumn(byName.get(m.column)!);
      return wanted === 'classification' ? t !== 'regression' : t === wanted;
    };
    const byTask = wanted ? (free.find((m) => m.column === input.targetGuess && fitsWanted(m)) ?? free.find(fitsWanted)) : undefined;
    // "How much debt ...": the question phrase (which alone may mean price) asks for the column
    // named right after it.
    const question = free.find((m) => QUESTION_PHRASE.test(m.phrase));
    const questionOf = question ? (free.find((m) => m.start >= question.end && /^\s*$/.test(text.slice(question.end, m.start))) ?? question) : undefined;
    const pick =
      questionOf ?? asked ?? free.find((m) => m.concept?.targetish) ?? byTask ?? free.find((m) => m.column === input.targetGuess);
    if (pick) {
      target = pick.column;
      targetMention = pick;
      say(`no explicit target cue; chose '${target}' because the instruction mentions '${pick.phrase}'.`, `指令没有明确指出目标列；因为提到了“${pick.phrase}”，选择 '${target}' 作为目标。`);
    }
  }
  // "predict churned" on data without such a column: the instruction names a column that is not
  // there, and guessing another target would run a task the user did not ask for. A descriptive
  // object ("disease progression one year later", "信用状况") still falls back to the guess.
  // "目标列是 foo", "target column: foo": the same, said without a predict verb.
  const cued = target ? null : cuedTargetName(text, used);
  if (!target && (PREDICT_WORDS.test(text) || cued)) {
    const known = (w: string): boolean => columns.some((c) => c.name.toLowerCase() === w.toLowerCase()) || mentions.some((m) => m.phrase.toLowerCase() === w.toLowerCase());
    const word = namedMissingColumn(text, used) ?? cued;
    // "predict customer churn" / "预测客户流失" on data without a churn column: a usual target concept no column means.
    const named = word && !known(word) ? word : missingTargetConcept(text, used, columns);
    if (named) {
      const usable = columns.filter((c) => c.role !== 'id' && c.role !== 'constant' && c.role !== 'empty').map((c) => c.name);
      throw new AskmlError('COLUMN_NOT_FOUND', `The instruction asks to predict '${named}', but the data has no such column (nor one meaning it).`, {
        choices: usable.length > 0 ? usable : columns.map((c) => c.name),
        hint: `Name one of the columns as the target (e.g. 'predict ${input.targetGuess ?? usable[0] ?? columns[0].name}'), or give it with --target.`,
        value: named,
      });
    }
    say(`the instruction asks to predict something that matches no column by name or meaning; columns are: ${columns.map((c) => c.name).join(', ')}.`, `指令要预测的对象与任何列的名称或含义都不匹配；现有列为：${columns.map((c) => c.name).join(', ')}。`);
  }
  if (!target && input.targetGuess && byName.has(input.targetGuess)) {
    target = input.targetGuess;
    say(`no target named; chose '${target}' (the profiler's guess).`, `未指定目标列；选择了 '${target}'（数据概况推断的目标列）。`);
  }
  if (!target) {
    const last = [...columns].reverse().find((c) => c.role === 'target') ?? [...columns].reverse().find((c) => c.role === 'feature' && !isTextLike(c)) ?? columns[columns.length - 1];
    target = last.name;
    say(`no target named and no profiler guess; chose '${target}', the last usable column.`, `未指定目标列，数据概况也没有推断；选择了最后一个可用列 '${target}'。`);
  }
  const targetCol = byName.get(target)!;

  // ---- task type
  const dataTask = target === input.targetGuess && input.taskGuess ? input.taskGuess : taskForColumn(targetCol);
  let task: PlanTaskType = dataTask;
  let statedTask = stated?.task ?? learners.impliedTask;
  // "how many support tickets will a customer file": a count, not one of a few labels.
  const quantity = targetMention ? QUANTITY_BEFORE.exec(text.slice(Math.max(0, targetMention.start - 24), targetMention.start)) : null;
  const quantityIn = targetMention && !quantity ? QUANTITY_START.test(targetMention.phrase) : false;
  if (!statedTask && (quantity || quantityIn) && targetCol.semantic === 'numeric' && dataTask === 'multiclass') {
    statedTask = 'regression';
    const asked = quantity ? `${quantity[0].trim()} ${targetMention!.phrase}` : targetMention!.phrase;
    const askedZh = quantity ? `${quantity[0].trim()}${targetMention!.phrase}` : targetMention!.phrase;
    say(
      `'${asked}' asks for a number: regression on '${target}' (${targetCol.distinct} distinct integer values, which alone would suggest multiclass).`,
      `“${askedZh}”问的是数量：对 '${target}' 做回归（它只有 ${targetCol.distinct} 个不同的整数值，单看数据会当作多类别）。`,
    );
  }
  // "predict y, minimise MAPE": a regression metric named for a numeric target asks for numbers.
  const regressionMetric = metricFound && (['rmse', 'mae', 'r2', 'mape'] as const).includes(metricFound.metric as 'rmse');
  if (!statedTask && regressionMetric && targetCol.semantic === 'numeric' && dataTask !== 'regression' && targetCol.distinct > 2) {
    statedTask = 'regression';
    say(
      `metric '${metricFound!.phrase}' measures numbers: regression on '${target}' (${targetCol.distinct} distinct integer values, which alone would suggest ${dataTask}).`,
      `指标“${metricFound!.phrase}”衡量的是数值：对 '${target}' 做回归（它只有 ${targetCol.distinct} 个不同的整数值，单看数据会当作${dataTask === 'binary' ? '二分类' : '多分类'}）。`,
    );
  }
  if (statedTask === 'regression') {
    if (targetCol.semantic === 'numeric') task = 'regression';
    else say(`asked for regression, but '${target}' is not numeric (${targetCol.semantic}); using ${dataTask}.`, `要求回归，但 '${target}' 不是数值列（${targetCol.semantic}）；改用 ${dataTask}。`);
  } else if (statedTask === 'binary' || statedTask === 'multiclass' || statedTask === 'classification') {
    if (dataTask === 'regression') {
      if (targetCol.distinct <= 50) task = targetCol.distinct === 2 ? 'binary' : 'multiclass';
      else say(`asked for classification, but '${target}' has ${targetCol.distinct} numeric values; using regression.`, `要求分类，但 '${target}' 有 ${targetCol.distinct} 个不同的数值；改用回归。`);
    }
    if (task !== 'regression') {
      const byCount: PlanTaskType = targetCol.distinct <= 2 ? 'binary' : 'multiclass';
      if (statedTask !== 'classification' && statedTask !== byCount) {
        say(`asked for ${statedTask}, but '${target}' has ${targetCol.distinct} classes; using ${byCount}.`, `要求 ${statedTask}，但 '${target}' 有 ${targetCol.distinct} 个类别；改用 ${byCount}。`);
      }
      task = byCount;
    }
  }
  if (!statedTask) say(`task type ${task} inferred from target '${target}' (${targetCol.semantic}, ${targetCol.distinct} distinct values).`, `根据目标列 '${target}'（${targetCol.semantic}，${targetCol.distinct} 个不同值）推断任务类型为 ${task}。`);

  // ---- imbalance and metric
  let imbalanced = prefs.imbalanced;
  if (!imbalanced && task !== 'regression' && target === input.targetGuess && input.minorityShare != null && input.minorityShare * Math.max(2, targetCol.distinct) < IMBALANCE_SHARE * 2) {
    imbalanced = true;
    say(`the rarest class of '${target}' is ${(input.minorityShare * 100).toFixed(1)}% of rows; treating classes as imbalanced.`, `'${target}' 中最少的类别只占 ${(input.minorityShare * 100).toFixed(1)}% 的行；按类别不均衡处理。`);
  }
  let metric = defaultMetric(task, imbalanced);
  if (metricFound && metricFits(metricFound.metric, task)) {
    metric = metricFound.metric;
    if (metricFound.note) say(`${metricFound.note}.`, `${metricFound.noteZh}。`);
  } else if (metricFound) {
    say(`metric '${metricFound.phrase}' does not fit a ${task} task; using ${metric}.`, `指标“${metricFound.phrase}”不适用于 ${task} 任务；改用 ${metric}。`);
  } else {
    say(`no metric named; using ${metric} for ${task}${imbalanced ? ' with imbalanced classes' : ''}.`, `未指定评估指标；${task} 任务${imbalanced ? '（类别不均衡）' : ''}使用 ${metric}。`);
  }

  // ---- columns: exclusions, only-use, text, categorical
  const excluded = new Set<string>();
  for (const m of mentions) if (m.role === 'exclude') for (const c of colsOf(m)) if (c !== target) excluded.add(c);
  if (mentions.some((m) => m.role === 'exclude' && !m.group && m.column === target)) {
    say(`'${target}' was both the target and asked to be excluded; kept it as the target.`, `'${target}' 既是目标列又被要求排除；保留为目标列。`);
  }
  const only = new Set(mentions.filter((m) => m.role === 'only').flatMap(colsOf).filter((c) => c !== target));
  if (only.size > 0) {
    // "only age and tenure, exclude age": the exclusion wins, and the plan says so (audit: it listed age as used).
    const both = [...only].filter((c) => excluded.has(c));
    const kept = [...only].filter((c) => !excluded.has(c));
    for (const c of columns) if (c.name !== target && !only.has(c.name)) excluded.add(c.name);
    if (kept.length > 0) say(`using only ${kept.map((c) => `'${c}'`).join(', ')} as inputs.`, `只使用 ${kept.map((c) => `'${c}'`).join('、')} 作为输入。`);
    if (both.length > 0) {
      say(
        `${both.map((c) => `'${c}'`).join(', ')} ${both.length === 1 ? 'was' : 'were'} both named as an input to use only and asked to be excluded; left out.`,
        `${both.map((c) => `'${c}'`).join('、')} 既被指定为唯一使用的输入，又被要求排除；已排除。`,
      );
    }
  }
  const textCols = new Set<string>();
  for (const c of columns) if (isTextLike(c) && (c.role === 'feature' || c.role === 'id' || textInputs.has(c.name))) textCols.add(c.name);
  for (const n of textInputs) textCols.add(n);
  for (const m of mentions) if (m.role === 'text') for (const c of colsOf(m)) textCols.add(c);
  const catCols = new Set<string>();
  for (const c of columns) if ((c.semantic === 'categorical' || c.semantic === 'boolean') && c.role === 'feature') catCols.add(c.name);
  for (const m of mentions) if (m.role === 'categorical') for (const c of colsOf(m)) catCols.add(c);
  for (const set of [textCols, catCols]) {
    set.delete(target);
    for (const e of excluded) set.delete(e);
  }

  // ---- budget and preferences
  let budget = input.defaultBudgetSeconds ?? DEFAULT_BUDGET_SECONDS;
  const given = input.budget ?? null;
  // With --budget the instruction's trial count is replaced, also one that could not run ("0 trials").
  const trialsFound = given ? findTrialsOrPhrase(text) : null;
  if (input.trials) {
    if (given) budget = given.seconds;
    else if (budgetFound) budget = Math.max(1, budgetFound.seconds);
    const stated = !given && budgetFound ? budgetFound.phrase.trim() : null;
    if (stated) say(`the search runs ${input.trials} trials (reproducible) instead of the instruction's time budget '${stated}'.`, `按 ${input.trials} 次试验搜索（可复现），不按指令中的时间预算“${stated}”。`);
    else say(`the search runs ${input.trials} trials (reproducible) instead of a time budget.`, `按 ${input.trials} 次试验搜索（可复现），不按时间预算。`);
  } else if (given) {
    budget = given.seconds;
    const stated = budgetFound ? Math.max(1, budgetFound.seconds) : null;
    if (tooSmall !== null) say(`${given.source} ${budget}s overrides the instruction's '${tooSmall}' (under the 1-second minimum).`, `${given.source} 指定的 ${budget} 秒覆盖了指令中的“${tooSmall}”（低于 1 秒的下限）。`);
    else if (stated === null && trialsFound) {
      // "predict churned, 50 trials" with --budget 3: the given time replaces the instruction's trial count (audit: "gives none").
      const phrase = trialsFound.phrase;
      say(`${given.source} ${budget}s replaces the instruction's '${phrase}': the search runs by time, not by a trial count.`, `${given.source} 指定的 ${budget} 秒替代了指令中的“${phrase}”：按时间搜索，而不按试验次数。`);
    } else if (stated === null) say(`time budget ${budget}s from ${given.source} (the instruction gives none).`, `时间预算 ${budget} 秒，来自 ${given.source}（指令中没有给出）。`);
    else if (stated !== budget) say(`${given.source} ${budget}s overrides the instruction's '${budgetFound!.phrase.trim()}' (${stated}s).`, `${given.source} 指定的 ${budget} 秒覆盖了指令中的“${budgetFound!.phrase.trim()}”（${stated} 秒）。`);
  } else if (budgetFound) {
    budget = Math.max(1, budgetFound.seconds);
    if (budgetFound.note) say(budgetFound.note, budgetFound.noteZh ?? budgetFound.note);
  }
  else if (prefs.fast) {
    budget = FAST_BUDGET_SECONDS;
    say(`asked for speed without a time; budget ${FAST_BUDGET_SECONDS}s.`, `要求快速但没有给出时间；预算设为 ${FAST_BUDGET_SECONDS} 秒。`);
  } else say(`no time budget given; using ${budget}s.`, `未给出时间预算；使用 ${budget} 秒。`);

  // A named learner that cannot fit the task ("predict price with logistic regression"): its family
  // instead, said (audit: the search refused, no learner left).
  const unfit = learners.include.filter((x) => !learnerFits(x, task));
  for (const n of unfit) say(`${n} cannot fit a ${task} task; searching its family '${learnerFamilyOf(n)}' instead.`, `${n} 不能用于 ${task} 任务；改为搜索它所在的 '${learnerFamilyOf(n)}' 类模型。`);
  const named = [...new Set(learners.include.map((x) => (unfit.includes(x) ? learnerFamilyOf(x) : x)))];
  let include: string[] | null = named.length > 0 ? named : null;
  if (prefs.interpretable) {
    const kept = (include ?? [...INTERPRETABLE_LEARNERS]).filter((f) => INTERPRETABLE_LEARNERS.includes(learnerFamilyOf(f)));
    if (include && kept.length < include.length) say(`interpretable model requested; dropped ${include.filter((f) => !kept.includes(f)).join(', ')}.`, `要求可解释模型；去掉了 ${include.filter((f) => !kept.includes(f)).join(', ')}。`);
    include = kept.length > 0 ? kept : [...INTERPRETABLE_LEARNERS];
    say(
      `interpretable model requested; learners limited to ${include.join(', ')}, and the final model is a single one of them (no ensemble, no averaged fold models).`,
      `要求可解释模型；只使用 ${include.join(', ')}，最终模型是其中的单个模型（不做集成，也不平均各折模型）。`,
    );
  }
  if (prefs.export_onnx && textCols.size > 0) {
    say(
      'ONNX export asked for: text columns use character n-grams only, so model.onnx reads the raw text (word or jieba tokens would need a precomputed input).',
      '要求导出 ONNX：文本列只用字符 n-gram，model.onnx 可直接读取原始文本（词或 jieba 分词特征需要预先计算的输入）。',
    );
  }
  const unmatched = unmatchedExclusions(text, found.mentions, used);
  if (unmatched.length > 0) {
    const names = columns.map((c) => c.name).join(', ');
    say(
      `asked to exclude ${unmatched.map((w) => `'${w}'`).join(', ')}, but no column matches ${unmatched.length === 1 ? 'it' : 'them'}; nothing was excluded for ${unmatched.length === 1 ? 'it' : 'them'} (columns: ${names}).`,
      `要求排除 ${unmatched.map((w) => `“${w}”`).join('、')}，但没有列与之对应；未因此排除任何列（现有列：${names}）。`,
    );
  }
  for (const x of learners.substitutes) {
    const what = x.family === 'gbdt' ? "askml's own gradient boosting (gbdt)" : x.family === 'linear_svm' ? "askml's linear SVM (linear_svm; no kernel SVMs)" : `askml's ${x.family} models`;
    const whatZh = x.family === 'gbdt' ? 'askml 自带的梯度提升（gbdt）' : x.family === 'linear_svm' ? 'askml 的线性 SVM（linear_svm；不支持核 SVM）' : `askml 的 ${x.family} 模型`;
    say(`'${x.phrase}' is not part of askml; read it as ${what}.`, `askml 不包含“${x.phrase}”；按${whatZh}理解。`);
  }
  for (const x of learners.conflicts) say(`the instruction both asks for and excludes ${x}; it is searched (drop one of the two to change that).`, `指令既要求又排除了 ${x}；按要求搜索它（如不想要，请去掉其中一处）。`);
  for (const u of learners.unsupported) say(`'${u}' is not available in askml; searching the supported learners instead.`, `askml 不支持“${u}”；改为在已支持的模型中搜索。`);

  const plan: Plan = {
    task_type: task,
    target,
    metric,
    text_columns: [...textCols],
    excluded_columns: [...excluded],
    categorical_columns: [...catCols],
    budget_seconds: budget,
    preferences: { ...prefs, imbalanced },
    include_learners: include,
    exclude_learners: learners.exclude,
    lang,
    assumptions,
  };
  return PlanSchema.parse(plan);
}

/** The mentions and roles the planner saw, for debugging and for the REPL's "why" command. */
export function explainMentions(instruction: string, columns: readonly ColumnInfo[]): RoledMention[] {
  const used: Span[] = [];
  const text = instruction.normalize('NFKC');
  findMetric(text, used);
  findBudget(text, used);
  findLearners(text, used);
  findPreferences(text, used);
  findTaskWords(text, used);
  maskTypeWords(text, used);
  return assignRoles(text, findColumnMentions(text, columns, used).mentions);
}

/** findTrials, or for a count that cannot run (0, over the limit) its phrase alone. */
function findTrialsOrPhrase(text: string): { trials: number | null; phrase: string } | null {
  try {
    return findTrials(text);
  } catch (e) {
    if (e instanceof AskmlError && e.code === 'BAD_ARGUMENT' && typeof e.details.value === 'string') return { trials: null, phrase: e.details.value };
    throw e;
  }
}
