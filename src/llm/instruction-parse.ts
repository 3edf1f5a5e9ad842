/**
 * Everything the offline planner reads from an instruction that is not a column: language, metric,
 * budget, preferences, task-type words and learner families. Each finder returns the text spans it
 * used so the column matcher can ignore them ("multi-class" must not fuzzy-match a column "pclass").
 * Chinese and English patterns are written here; French, Spanish and German words come from the
 * tables of words-fr-es-de.ts.
 */
import type { Metric, PlanTaskType } from '../agent/plan.js';
import { AskmlError } from '../errors.js';
import { MAX_TRIALS_LIMIT, MIN_BUDGET_SECONDS } from '../search/deadline.js';
import { bareBudgetWords, HALF_AFTER_SOURCE, isOrdinalSecond, metricWords, NUMBER_WORDS_SOURCE, numberWord, preferenceWords, taskWords, UNIT_WORDS_SOURCE, unitSeconds, wordsSource } from './words-fr-es-de.js';

export interface Span {
  start: number;
  end: number;
}

export function detectLang(text: string): 'zh' | 'en' {
  const cjk = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]+/g) ?? []).length;
  return cjk >= 2 && cjk >= latin ? 'zh' : cjk >= 4 ? 'zh' : 'en';
}

function findAll(text: string, re: RegExp): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (m[0].length === 0) {
      g.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

export const overlaps = (a: Span, spans: readonly Span[]): boolean => spans.some((s) => a.start < s.end && s.start < a.end);

// ---------------------------------------------------------------- metric
/** `re` or any of the French / Spanish / German `words` (whole words, accents optional). */
const withWords = (re: RegExp, words: readonly string[]): RegExp => new RegExp(`${re.source}|${wordsSource(words)}`, re.flags);

const METRIC_PATTERNS: { metric: Metric; re: RegExp; note?: string; noteZh?: string }[] = [
  { metric: 'balanced_accuracy', re: withWords(/balanced[\s_-]*acc(?:uracy)?|平衡准确率|均衡准确率|平衡精度|平衡的准确率/i, metricWords('balanced_accuracy')) },
  { metric: 'macro_f1', re: withWords(/macro[\s_-]*(?:averaged?[\s_-]*)?f[\s_-]?1|宏平均\s*的?\s*f\s*1|宏\s*f\s*1|(?<![a-z])f[\s_-]?1(?:[\s_-]*(?:score|分数|值|得分))?(?![0-9])|f[\s-]?(?:measure|score)/i, metricWords('macro_f1')) },
  { metric: 'macro_f1', re: /召回率?|(?<![a-z])recall|精确率|查准率|查全率|(?<![a-z])precision/i, note: 'precision/recall is not a search metric here; optimising macro_f1, which balances both', noteZh: '精确率/召回率不能直接作为搜索指标；改为优化兼顾两者的 macro_f1' },
  { metric: 'roc_auc', re: /roc[\s_-]*auc|(?<![a-z])au[\s_-]?roc(?![a-z])|(?<![a-z])auc(?![a-z])|area[\s_-]+under[\s_-]+(?:the[\s_-]+)?(?:roc[\s_-]+)?curve|曲线下面积|roc曲线/i },
  { metric: 'log_loss', re: withWords(/log[\s_-]*loss|对数损失|交叉熵|cross[\s-]*entropy|negative[\s_-]+log[\s_-]*likelihood|(?<![a-z])nll(?![a-z])/i, metricWords('log_loss')) },
  { metric: 'mape', re: /(?<![a-z])mape(?![a-z])|mean[\s_-]*absolute[\s_-]*percent(?:age)?[\s_-]*error|(?<![a-z])percent(?:age)?[\s_-]+error|平均绝对百分比误差|百分比误差/i },
  { metric: 'rmse', re: withWords(/(?<![a-z])rmse(?![a-z])|root[\s_-]*mean[\s_-]*squared?[\s_-]*error|均方根误差/i, metricWords('rmse')) },
  { metric: 'rmse', re: withWords(/(?<![a-z])mse(?![a-z])|mean[\s_-]*squared[\s_-]*error|均方误差/i, metricWords('mse')), note: 'MSE requested; optimising RMSE, which ranks models identically', noteZh: '要求 MSE；改为优化 RMSE，两者对模型的排序相同' },
  { metric: 'mae', re: withWords(/(?<![a-z])mae(?![a-z])|mean[\s_-]*absolute[\s_-]*error|平均绝对误差|绝对误差/i, metricWords('mae')) },
  // "the average error", "mean deviation", "平均误差": an error averaged without squares is the MAE.
  { metric: 'mae', re: /(?<![a-z])(?:average|mean|avg|typical)[\s_-]*(?:absolute[\s_-]*)?(?:error|deviation|miss)(?:es|s)?(?![a-z])|平均(?:的)?(?:误差|偏差|偏离)|平均(?:差|偏)了?多少/i, note: "an average error without squares is the mean absolute error (MAE)", noteZh: '平均误差按平均绝对误差（MAE）处理' },
  { metric: 'r2', re: withWords(/(?<![a-z])r[\s_-]?(?:\^?2|²)(?![0-9a-z])|r[\s-]?squared|coefficient[\s_-]+of[\s_-]+determination|决定系数|拟合优度|r方/i, metricWords('r2')) },
  { metric: 'accuracy', re: withWords(/(?<![a-z])acc(?:uracy)?(?![a-z])|准确率|准确度|正确率|命中率|准确性/i, metricWords('accuracy')) },
];

export interface MetricFinding {
  metric: Metric;
  phrase: string;
  note?: string;
  noteZh?: string;
}

export function findMetric(text: string, used: Span[]): MetricFinding | null {
  let best: (MetricFinding & Span) | null = null;
  for (const p of METRIC_PATTERNS) {
    for (const m of findAll(text, p.re)) {
      if (overlaps(m, used)) continue;
      used.push(m);
      if (!best || m.start < best.start) best = { metric: p.metric, phrase: m.text, note: p.note, noteZh: p.noteZh, start: m.start, end: m.end };
    }
  }
  return best ? { metric: best.metric, phrase: best.phrase, note: best.note, noteZh: best.noteZh } : null;
}

// ---------------------------------------------------------------- budget
const EN_NUM: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45, fifty: 50, sixty: 60, ninety: 90,
  'a couple of': 2, 'a few': 3, 'half a': 0.5, 'half an': 0.5,
};

/** Chinese numerals up to 999, with 两 and 半 ("三十五" -> 35, "一百二十" -> 120, "半" -> 0.5). */
export function parseZhNumber(s: string): number | null {
  const d: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  if (s === '半') return 0.5;
  let total = 0;
  let cur = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in d) {
      cur = d[ch];
      seen = true;
    } else if (ch === '十') {
      total += (seen ? cur : 1) * 10;
      cur = 0;
      seen = false;
    } else if (ch === '百') {
      total += (seen ? cur : 1) * 100;
      cur = 0;
      seen = false;
    } else return null;
  }
  return total + cur;
}

const NUM = String.raw`((?<!\d,)\d{1,3}(?:,\d{3})+(?![\d,])|(?<!\d,)\d+(?:\.\d+|,\d{1,2}(?!\d))?|[零一二两三四五六七八九十百]+|半|a couple of|a few|half an?|forty-five|an?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty|sixty|ninety|${NUMBER_WORDS_SOURCE})`;
/** No letter (accented ones included) may touch a unit: "5 mètres" is not "5 m". */
const END = `(?![a-z\\u00C0-\\u024F])`;
const BUDGET_RE = new RegExp(
  String.raw`(?<![A-Za-z0-9.\u00C0-\u024F])${NUM}(\s+and\s+a\s+half)?\s*(个)?\s*(半)?\s*(seconds?${END}|secs?${END}|s${END}|秒钟?|minutes?${END}|mins?${END}|m${END}|分钟|分半钟?|分(?=\s*\d+(?:\.\d+)?\s*秒)|hours?${END}|hrs?${END}|h${END}|小时|个小时|钟头|${UNIT_WORDS_SOURCE})(\s*(?:and a half|半)|${HALF_AFTER_SOURCE})?`,
  'gi',
);
const BARE_BUDGET_RE = new RegExp(
  String.raw`(?:budget|time\s*limit|time\s*budget|限时|预算|时间限制|${wordsSource(bareBudgetWords())})\D{0,8}?(\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?)(?!\s*(?:%|个|秒|分|小|min|sec|seg|sek|s\b|h\b))`,
  'i',
);

export interface BudgetFinding {
  /** Seconds, to one decimal ("in 1.5 seconds" -> 1.5, "in 1.25 seconds" -> 1.3). */
  seconds: number;
  phrase: string;
  /** How the number was read when that is worth an assumption (rounding, an ambiguous separator). */
  note?: string;
  noteZh?: string;
  /** A second, different budget phrase in the instruction (the first is used; the note says so). */
  conflict?: string;
}

/** Seconds to one decimal: budgets are wall-clock limits, finer steps mean nothing. */
const tenths = (s: number): number => Math.round(s * 10) / 10;

function numberOf(tok: string): number | null {
  const t = tok.toLowerCase();
  if (/^\d{1,3}(,\d{3})+$/.test(t)) return Number(t.replace(/,/g, '')); // "1,500 seconds": thousands
  if (/^\d/.test(t)) return Number(t.replace(',', '.')); // "1,5 minutes": a decimal comma
  if (t in EN_NUM) return EN_NUM[t];
  return numberWord(t) ?? parseZhNumber(t);
}

/** "a quarter of an hour", "three quarters of an hour", 一刻钟, 三刻钟: read before "an hour" is. */
const QUARTER_RE = /\b(?:(three|3)\s+quarters|(?:a\s+|one\s+)?quarter)\s+of\s+an\s+hour\b|([一三])刻钟/i;

/** The seconds of a unit word as BUDGET_RE captures it. */
function unitMultiplier(rawUnit: string): number {
  const unit = rawUnit.toLowerCase();
  return unitSeconds(unit) ?? (/^(秒|s)/.test(unit) ? 1 : /^(分|m)/.test(unit) ? 60 : 3600);
}

/**
 * A smaller unit right after a duration ("2 min 30 s", "1 hour and 15 minutes", "1分30秒"):
 * its seconds and the text it spans, or null.
 */
function compoundTail(text: string, at: number, mult: number): { seconds: number; end: number } | null {
  const m = new RegExp(String.raw`^(?:\s*(?:,|and)?\s*)(\d+(?:\.\d+)?)\s*(seconds?${END}|secs?${END}|s${END}|秒钟?|minutes?${END}|mins?${END}|m${END}|分钟|分(?=\s*\d)|)`, 'i').exec(text.slice(at));
  if (!m || m[2] === '') return null;
  const tail = unitMultiplier(m[2]);
  if (!(tail < mult)) return null;
  return { seconds: Number(m[1]) * tail, end: at + m[0].length };
}

export function findBudget(text: string, used: Span[]): BudgetFinding | null {
  const q = QUARTER_RE.exec(text);
  if (q) {
    used.push({ start: q.index, end: q.index + q[0].length });
    return { seconds: q[1] || q[2] === '三' ? 2700 : 900, phrase: q[0] };
  }
  let first: BudgetFinding | null = null;
  let firstEnd = 0;
  for (const m of findAll(text, BUDGET_RE)) {
    if (first && m.start < firstEnd) continue;
    // A later duration counts as a second budget only where it reads as one ("take 1 minute",
    // "2分钟内"): not "rooms 3 m wide" or "a 5 s timeout per trial". It is not masked either.
    if (first && !BUDGET_CONTEXT_BEFORE.test(text.slice(Math.max(0, m.start - 24), m.start)) && !BUDGET_CONTEXT_AFTER.test(text.slice(m.end, m.end + 6))) continue;
    const found = readBudgetMatch(text, m, !first);
    if (!found) continue;
    if (!first) {
      used.push(m);
      first = found;
      firstEnd = m.end;
      continue;
    }
    // "in 10 seconds ... take 1 minute": two budgets; the first is used, and the note says so.
    if (found.seconds !== first.seconds && !/^[\d.,\s]+[smh]$/i.test(found.phrase.trim())) {
      const a = first.phrase.trim();
      const b = found.phrase.trim();
      const note = `the instruction gives two time budgets, '${a}' and '${b}'; used the first (${first.seconds} s). Give one, or --budget.`;
      const noteZh = `指令给出了两个时间预算：“${a}”和“${b}”；按第一个（${first.seconds} 秒）。请只给一个，或用 --budget。`;
      return { ...first, note: first.note ? `${first.note} ${note}` : note, noteZh: first.noteZh ? `${first.noteZh}${noteZh}` : noteZh, conflict: b };
    }
  }
  if (first) return first;
  const b = BARE_BUDGET_RE.exec(text);
  if (b) {
    used.push({ start: b.index, end: b.index + b[0].length });
    return { seconds: tenths(Number(b[1].replace(/,/g, ''))), phrase: b[0] };
  }
  return null;
}

/** Words before a duration that make it a time budget ("in", "within", "take", 最多, 限时 ...). */
const BUDGET_CONTEXT_BEFORE = /(?:(?<![a-z])(?:in|within|under|take|takes|taking|spend|budget|limit|max(?:imum)?|at most|no more than|for)\s+(?:about\s+|only\s+|just\s+|roughly\s+)?|(?:最多|不超过|限时|预算|用|花|跑|训练|控制在)\s*)$/i;
/** Words after a duration that make it a time budget (2分钟内, 30秒以内). */
const BUDGET_CONTEXT_AFTER = /^\s*(?:内|以内|之内)/;

/**
 * One BUDGET_RE match read as a budget, or null when it is not one ("a second model", "5 mètres").
 * `strict`: a budget of 0 or under the minimum is an error (the first budget); else it is skipped.
 * A compound tail ("2 min 30 s") widens `m`.
 */
function readBudgetMatch(text: string, m: { start: number; end: number; text: string }, strict: boolean): BudgetFinding | null {
  // Read in place (sticky), so lookarounds see the text around the match ("1分" before "30秒").
  const sticky = new RegExp(BUDGET_RE.source, 'iy');
  sticky.lastIndex = m.start;
  const g = sticky.exec(text);
  if (!g) return null;
  // A bare letter unit (s/m/h) needs digits before it: "a m" is not a duration.
  const [, num, halfBefore, , halfZh, rawUnit, halfAfter] = g;
  if (/^[smh]$/i.test(rawUnit) && !/^\d/.test(num)) return null;
  if (/^an?$/i.test(num) && /^[\u4e00-\u9fff]/.test(rawUnit)) return null;
  // A written number is a word of its own: "ahora" is not "a hora", "amin" not "a min".
  if (/[a-z\u00C0-\u024F]$/i.test(num) && !/^\s/.test(m.text.slice(num.length))) return null;
  if (isOrdinalSecond(num, rawUnit)) return null;
  // "train a second model": an ordinal, unless the phrase reads as a duration ("in a second").
  if (/^(a|one)$/i.test(num) && /^second$/i.test(rawUnit) && !/\b(in|within|under|for|about|only|just)\s+$/i.test(text.slice(0, m.start))) return null;
  const n = numberOf(num);
  if (n === null) return null;
  if (!(n > 0)) {
    if (!strict) return null;
    // "in 0 seconds": a budget was given, and it cannot train anything (not a default of 120 s).
    throw new AskmlError('BUDGET', `The instruction gives a time budget of '${m.text.trim()}'; a search needs more than 0 seconds.`, {
      hint: 'Give a positive budget, e.g. "in 30 seconds", or leave it out for the default.',
      value: m.text.trim(),
    });
  }
  const unit = rawUnit.toLowerCase();
  const mult = unitMultiplier(unit);
  let value = n * mult;
  if (halfBefore || halfZh || halfAfter || unit.startsWith('分半')) value += 0.5 * mult;
  else {
    const tail = compoundTail(text, m.end, mult);
    if (tail) {
      value += tail.seconds;
      m.text = text.slice(m.start, tail.end);
      m.end = tail.end;
    }
  }
  if (value < MIN_BUDGET_SECONDS) {
    if (!strict) return null;
    throw new AskmlError('BUDGET', `The instruction gives a time budget of '${m.text.trim()}'; the smallest budget is ${MIN_BUDGET_SECONDS} second.`, {
      hint: 'Give a budget of a second or more, e.g. "in 30 seconds", or leave it out for the default.',
      value: m.text.trim(),
    });
  }
  const seconds = tenths(value);
  const phrase = m.text.trim();
  // "1.500 seconds": a dot before exactly three digits is a decimal point here, as in "1.5"
  // (English writing; "1,500" is the thousands form), but a German or Spanish writer may mean 1500.
  if (/^\d+\.\d{3}$/.test(num)) {
    return {
      seconds,
      phrase: m.text,
      note: `read '${phrase}' as ${seconds} s (the dot as a decimal point); write ${Number(num.replace('.', '')).toLocaleString('en-US')} or ${num.replace('.', '')} for a thousands number.`,
      noteZh: `把“${phrase}”理解为 ${seconds} 秒（点号作小数点）；如指千位数，请写成 ${num.replace('.', '')}。`,
    };
  }
  if (Math.abs(seconds - value) > 1e-9) {
    const exact = Number(value.toPrecision(6));
    return { seconds, phrase: m.text, note: `'${phrase}' is ${exact} s; rounded to ${seconds} s (budgets keep one decimal).`, noteZh: `“${phrase}”为 ${exact} 秒；按一位小数取为 ${seconds} 秒。` };
  }
  return { seconds, phrase: m.text };
}

// ---------------------------------------------------------------- trial count
const TRIALS_RE = new RegExp(
  [
    String.raw`(?<!\d|\d[.,]|\d )(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)\s*(?:search\s+)?(?:trials?|configurations?|configs?)\b`,
    String.raw`(?:试验|尝试|搜索)\s*(\d{1,3}(?:,\d{3})+|\d+|[一二两三四五六七八九十百]+)\s*(?:次|个配置)`,
    String.raw`(?<!\d|\d[.,]|\d )(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+|[一二两三四五六七八九十百]+)\s*(?:次|个)\s*(?:试验|尝试|配置)`,
  ].join('|'),
  'i',
);

/**
 * A trial count in the instruction ("with 50 trials", "试验 50 次", "50 次试验"): the search runs
 * that many trials, reproducible for a seed, instead of a time budget (as askml run --trials).
 */
export function findTrials(text: string): { trials: number; phrase: string } | null {
  const m = TRIALS_RE.exec(text.normalize('NFKC'));
  if (!m) return null;
  const raw = m[1] ?? m[2] ?? m[3];
  const n = /^[\d, ]+$/.test(raw) ? Number(raw.replace(/[, ]/g, '')) : parseZhNumber(raw) ?? NaN;
  if (!Number.isInteger(n)) return null;
  const phrase = m[0].trim();
  // "with 0 trials", "1000000 trials": a count was given and cannot run (audit: read as 0 and dropped, or failed after the features were built).
  if (n < 1 || n > MAX_TRIALS_LIMIT) {
    throw new AskmlError('BAD_ARGUMENT', `The instruction asks for '${phrase}'; a search runs 1 to ${MAX_TRIALS_LIMIT.toLocaleString('en-US')} trials.`, {
      hint: n < 1 ? 'Give at least 1 trial, or a time budget such as "in 30 seconds".' : `Give at most ${MAX_TRIALS_LIMIT} trials, or a time budget; a run can be resumed for more.`,
      value: phrase,
    });
  }
  return { trials: n, phrase };
}

// ---------------------------------------------------------------- preferences
// French, Spanish, German: "pas besoin d'un modèle rapide", "sin exportar", "nicht schnell", "kein einfaches Modell".
const NEG_BEFORE = /(?:不要|不用|不需要|无需|不必|(?<![类区级性特识差个])别|不想|没必要|(?<![a-z])(?:no need to|don't|do not|not|without|no|pas|sans|sin|nicht|kein|keine|keinen|ohne))\s*$/i;

function found(text: string, re: RegExp, used: Span[]): boolean {
  let hit = false;
  for (const m of findAll(text, re)) {
    const before = text.slice(Math.max(0, m.start - 12), m.start);
    if (NEG_BEFORE.test(before)) continue;
    used.push(m);
    hit = true;
  }
  return hit;
}

export interface PreferenceFindings {
  interpretable: boolean;
  fast: boolean;
  imbalanced: boolean;
  export_onnx: boolean;
  max_accuracy: boolean;
  explain: boolean;
}

export function findPreferences(text: string, used: Span[]): PreferenceFindings {
  return {
    interpretable: found(text, withWords(/可解释|解释性|能解释|好解释|看得懂|白盒|简单的?模型|透明的?模型|interpretab|explainable|transparent|white[\s-]?box|simple model|human[\s-]readable/i, preferenceWords('interpretable')), used),
    fast: found(text, withWords(/快速|尽快|越快越好|快一点|快点|赶时间|时间紧|很急|急用|(?<![a-z])(?:fast|faster|fastest|quick|quickly|asap|hurry|rush|rapid)(?![a-z])/i, preferenceWords('fast')), used),
    imbalanced: found(text, withWords(/不均衡|不平衡|失衡|不均匀|少数类|样本倾斜|imbalanc|unbalanc|skewed|rare class|minority class/i, preferenceWords('imbalanced')), used),
    // Export of the model, said with its object ("export the model", "导出模型", "导出 ONNX"), not an
    // export the data came from ("our CRM export", "数据导出自CRM系统").
    export_onnx: found(text, withWords(/onnx|部署|deploy|导出\s*(?:模型|为|成|到)|模型导出|导出的模型|(?<![a-z])export(?:ing)?\s+(?:(?:the|a|my|our|this|that)\s+)?(?:model|pipeline|it)\b|(?:model|pipeline)\s+exported/i, preferenceWords('export_onnx')), used),
    max_accuracy: found(text, withWords(/越准越好|尽量准|尽可能准|最准|最好的模型|最高的?准确|精度尽量高|best possible|most accurate|as accurate as possible|maximi[sz]e (?:the )?(?:accuracy|performance|score)|highest (?:accuracy|score)/i, preferenceWords('max_accuracy')), used),
    explain: found(text, withWords(/特征重要性|受什么影响|受哪些因素影响|什么因素|影响最大|(?<![a-z])drivers?(?![a-z])|what affects|influences?|重要特征|哪些特征|哪些因素|影响因素|feature importance|important features|which features|what drives|what matters/i, preferenceWords('explain')), used),
  };
}

// ---------------------------------------------------------------- task words
/** Words about column types ("类别变量", "categorical") and cue idioms ("leave out") are not column mentions. */
export function maskTypeWords(text: string, used: Span[]): void {
  used.push(...findAll(text, /leav(?:e|ing)\s+(?:(?:it|them|those|these|both|that|this)\s+)?(?:out|aside)|left\s+(?:it\s+)?out|(?:多少|多长|多)时间|多久|类别型|类别变量|分类变量|类别特征|离散变量|连续变量|数值型|数值变量|文本列|文本特征|自由文本|categorical|numeric(?:al)? (?:feature|column|variable)s?|free[\s-]text/i));
  used.push(...findAll(text, BUDGET_TIME_WORDS));
}

/**
 * "时间控制在40秒", "keep the time under a minute", "time limit": the word for time belongs to the
 * budget there, not to a column named Time.
 */
const BUDGET_TIME_WORDS =
  /(?:训练|运行|搜索|总)?(?:时间|用时|耗时)(?=\s*(?:控制|限制|限定|不超过|不要超过|别超过|最多|上限|预算|少于|在\s*\d|为\s*\d|以内))|时间预算|时限|(?<![a-z])(?:(?:training|run(?:ning)?|search)\s+)?time(?=\s+(?:limit|budget|cap|box|under|below|within|of\s+\d|is\s+\d|to\s+\d|at\s+most)|\s*[:=]\s*\d)/gi;

export type StatedTask = PlanTaskType | 'classification';

const TASK_PATTERNS: { task: StatedTask; re: RegExp }[] = [
  { task: 'multiclass', re: withWords(/multi[\s_-]?class(?:es)?|multi[\s_-]?category|multinomial|多类别|多分类|多类|多个类别|多个类|多标签/i, taskWords('multiclass')) },
  { task: 'binary', re: withWords(/(?<![a-z])binary|two[\s-]class|二分类|二元分类|两类分类|两个类别|二类/i, taskWords('binary')) },
  { task: 'regression', re: withWords(/regress(?:ion|ing|or)?|回归|数值预测|预测数值|连续值|continuous (?:value|target|number)/i, taskWords('regression')) },
  { task: 'classification', re: withWords(/classif(?:y|ying|ication|ier)|categori[sz]e|分类|归类|判别/i, taskWords('classification')) },
];

export function findTaskWords(text: string, used: Span[]): { task: StatedTask; phrase: string } | null {
  let best: { task: StatedTask; phrase: string; start: number } | null = null;
  for (const p of TASK_PATTERNS) {
    for (const m of findAll(text, p.re)) {
      if (overlaps(m, used)) continue;
      used.push(m);
      const rank = (t: StatedTask) => (t === 'classification' ? 1 : 0);
      if (!best || rank(p.task) < rank(best.task) || (rank(p.task) === rank(best.task) && m.start < best.start)) {
        best = { task: p.task, phrase: m.text, start: m.start };
      }
    }
  }
  return best ? { task: best.task, phrase: best.phrase } : null;
}

// ---------------------------------------------------------------- learners
/**
 * Learner names in an instruction. A pattern with `learner` names one askml learner ("logistic
 * regression" -> logistic_regression, "random forest" -> random_forest), the others a family
 * ("forest", "linear models"): a named learner is searched alone, not its whole family (audit:
 * "logistic regression only" saved a linear_svm). Exact names come first, as spans do not overlap.
 */
const LEARNER_PATTERNS: { family: string; also?: string[]; learner?: string; re: RegExp; task?: PlanTaskType | 'classification' }[] = [
  { family: 'linear', learner: 'logistic_regression', re: /逻辑回归|logistic[\s_-]*regression|(?<![a-z])logistic(?![a-z])/i, task: 'classification' },
  { family: 'linear', learner: 'linear_svm', re: /线性\s*svm|linear[\s_-]*svm|(?<![a-z])svm(?![a-z])|支持向量机/i },
  { family: 'linear', learner: 'ridge', re: /岭回归|(?<![a-z])ridge(?![a-z])/i, task: 'regression' },
  { family: 'linear', re: /线性回归|linear[\s_-]*regression|lasso/i, task: 'regression' },
  { family: 'linear', re: /线性模型|线性的模型|linear[\s_-]*models?|(?<![a-z])linear(?![a-z])/i },
  { family: 'decision_tree', re: /决策树|decision[\s_-]*trees?|single tree|单棵树/i },
  { family: 'forest', learner: 'random_forest', re: /随机森林|random[\s_-]*forests?/i },
  { family: 'forest', learner: 'extra_trees', re: /extra[\s_-]*trees|极端随机树/i },
  { family: 'forest', re: /(?<![a-z])forests?(?![a-z])/i },
  { family: 'gbdt', re: /梯度提升|gradient[\s_-]*boost(?:ing|ed)?(?:[\s_-]*trees?)?|boosted[\s_-]*trees?|gbdt|(?<![a-z])gbm|xgboost|lightgbm|catboost|boosting|提升树/i },
  { family: 'naive_bayes', re: /朴素贝叶斯|naive[\s_-]*bayes|贝叶斯|(?<![a-z])nb(?![a-z])/i },
  { family: 'knn', re: /k近邻|最近邻|近邻|k[\s_-]?nn|nearest[\s_-]*neighbou?rs?/i },
  // "tree-based models", 树模型: every tree family.
  { family: 'decision_tree', also: ['forest', 'gbdt'], re: /树模型|基于树的模型|tree[\s_-]*based(?:[\s_-]*models?)?|(?<![a-z])tree[\s_-]*(?:models?|ensembles?|learners?)(?![a-z])|(?<![a-z])trees[\s_-]*only(?![a-z])|only[\s_-]*trees(?![a-z])/i },
];
const UNSUPPORTED_RE = /神经网络|深度学习|neural[\s_-]*net(?:work)?s?|deep[\s_-]*learning|(?<![a-z])mlp(?![a-z])|transformer/i;
const LEARNER_NEG = /(?:不要|不用|别用|不使用|不要用|排除|除了|不考虑|避免|(?<![a-z])(?:no|not|don't use|do not use|without|except|exclude|excluding|avoid|skip|no need for))\s*(?:用|使用|use)?\s*(?:the\s*)?$/i;

export interface LearnerFindings {
  include: string[];
  exclude: string[];
  unsupported: string[];
  /** Task implied by a learner name ("逻辑回归" -> classification). */
  impliedTask: PlanTaskType | 'classification' | null;
  /** Other libraries' names read as an askml family ("xgboost" -> gbdt): the plan says so. */
  substitutes: { phrase: string; family: string }[];
  /** Names both asked for and excluded ("only gbdt, exclude gbdt"): kept in `include`, the plan says so. */
  conflicts: string[];
}

/** Names of other libraries' learners that an askml family stands in for. */
const SUBSTITUTE_RE = /^(?:xgboost|lightgbm|catboost|lasso|svm|支持向量机)$/i;

export function findLearners(text: string, used: Span[]): LearnerFindings {
  const include: string[] = [];
  const exclude: string[] = [];
  const unsupported: string[] = [];
  const substitutes: LearnerFindings['substitutes'] = [];
  let impliedTask: LearnerFindings['impliedTask'] = null;
  const spans: Span[] = [];
  // Names asked for only through a group ("tree-based models"): an exclusion narrows the group.
  const byGroup = new Set<string>();
  const named = new Set<string>();
  for (const p of LEARNER_PATTERNS) {
    for (const m of findAll(text, p.re)) {
      if (overlaps(m, spans) || overlaps(m, used)) continue;
      spans.push(m);
      // "梯度提升树模型", "xgboost tree models": the tree words belong to the learner just named.
      if (p.also && spans.some((x) => x !== m && x.end <= m.start && /^[\s_-]*$/.test(text.slice(x.end, m.start)))) continue;
      const names = [p.learner ?? p.family, ...(p.also ?? [])];
      const name = names[0];
      if (SUBSTITUTE_RE.test(m.text) && !substitutes.some((x) => x.phrase.toLowerCase() === m.text.toLowerCase())) substitutes.push({ phrase: m.text, family: name });
      const before = text.slice(Math.max(0, m.start - 16), m.start);
      // "不要用 knn 和 随机森林": a negation earlier in the same list still applies.
      const listBefore = text.slice(Math.max(0, m.start - 40), m.start).split(/[。；;.!?！？，,]/).pop() ?? '';
      const negated = LEARNER_NEG.test(before) || /不要|不用|别用|不使用|排除|除了|(?<![a-z])(?:without|exclude|no|don't use|avoid)(?![a-z])/i.test(listBefore);
      const list = negated ? exclude : include;
      for (const x of names) {
        if (!list.includes(x)) list.push(x);
        if (!negated) (p.also ? byGroup : named).add(x);
      }
      if (!negated && p.task && !impliedTask) impliedTask = p.task;
    }
  }
  for (const m of findAll(text, UNSUPPORTED_RE)) {
    spans.push(m);
    unsupported.push(m.text);
  }
  used.push(...spans);
  // "trees only, no gbdt": the group without gbdt.
  const narrowed = exclude.filter((f) => byGroup.has(f) && !named.has(f));
  const kept = include.filter((f) => !narrowed.includes(f));
  return { include: kept, exclude: exclude.filter((f) => !kept.includes(f)), unsupported, impliedTask, substitutes, conflicts: exclude.filter((f) => kept.includes(f)) };
}
