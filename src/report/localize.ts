/**
 * Chinese renderings of the English free text other modules put into a report: profile warnings
 * and column reasons (src/data), the split description and evaluation notes (src/task,
 * src/evaluate, tools/report.ts), the importance method, and feature-step reasons (src/features).
 * Each known sentence shape is a whole-string pattern with its values (column names, counts,
 * percentages) carried over. A string no pattern matches is shown as it is; the renderers then say
 * once that some notes are in English. The search's notes have their rules in localize-notes.ts.
 */
import { NOTE_RULES, type Rule } from './localize-notes.js';
import type { ReportInput, ReportLang } from './types.js';

const IMPUTE: Record<string, string> = { median: '中位数填补', mean: '均值填补', constant: '常数填补', none: '不填补' };
const SEMANTIC: Record<string, string> = { numeric: '数值', boolean: '布尔', datetime: '日期时间', categorical: '类别', text: '文本' };
const TEXT_LANG: Record<string, string> = { zh: '中文', en: '英文', other: '' };
/** A text column's language code ('zh', 'en', 'other') as Chinese words ('中文'; '' for other). */
export function textLangZh(code: string): string {
  return TEXT_LANG[code] ?? code;
}
const UNIT: Record<string, string> = { char: '字符', 'jieba word': 'jieba 分词', word: '单词' };
const DATE_PART: Record<string, string> = {
  year: '年', month: '月', dayofweek: '星期几', 'day of week': '星期几', hour: '小时', 'hour (if timed)': '小时（有时间时）',
  weekend: '是否周末', elapsed_days: '距训练起点的天数', 'days since training start': '距训练起点的天数',
};
const byRequest = (s: string | undefined) => (s ? (s.includes('listed') ? '（列为类别列）' : '（按要求作为类别列）') : '');

function tfidfExtras(s: string): string {
  return s
    .split(', ')
    .map((x) => {
      if (x === 'sublinear') return '次线性词频';
      const max = /^max (\d+) terms$/.exec(x);
      if (max) return `最多 ${max[1]} 个词项`;
      return x; // min_df N
    })
    .join('，');
}

function datePartList(s: string): string {
  return s
    .split(', ')
    .map((p) => DATE_PART[p] ?? p)
    .join('、');
}

/**
 * 'customer_id (id: unique per row (640 distinct of 640)); code (leak: ...)' in Chinese: items split
 * on '; ' outside brackets, each a column and its role with an optional reason.
 */
function droppedList(s: string, tr: (s: string) => string): string {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (depth === 0 && s.startsWith('; ', i)) {
      items.push(s.slice(start, i));
      start = i + 2;
    }
  }
  items.push(s.slice(start));
  return items
    .map((item) => {
      const m = /^(.+?) \(([a-z]+)(?:: (.*))?\)$/s.exec(item);
      return m ? `${m[1]}（${ROLE[m[2]] ?? m[2]}${m[3] ? `：${tr(m[3])}` : ''}）` : item;
    })
    .join('；');
}

/** Sentence shapes and their Chinese; `tr` translates an embedded phrase (a reason, a leak message). */
const RULES: Rule[] = [
  // ---- profile warnings (src/data/profile.ts) ----
  [/^([\d,]+) rows \(([\d.]+%)\) duplicate an earlier row\.$/, (m) => `${m[1]} 行（${m[2]}）与前面的某一行完全相同。`],
  [/^'(.+)' looks like an identifier \((.+)\); it is not used as a feature\.$/s, (m, tr) => `'${m[1]}' 看起来是标识列（${tr(m[2])}）；不作为特征使用。`],
  [/^'(.+)' is empty \(all values missing\); it is not used as a feature\.$/s, (m) => `'${m[1]}' 为空（全部缺失）；不作为特征使用。`],
  [/^'(.+)' has (a single value \(.*\)); it is not used as a feature\.$/s, (m, tr) => `'${m[1]}' ${tr(m[2])}；不作为特征使用。`],
  [/^'(.+)' is ([\d.]+%) missing\.$/s, (m) => `'${m[1]}' 有 ${m[2]} 的值缺失。`],
  [
    /^'(.+)' has (\d+) distinct values for (\d+) non-missing rows \(very high cardinality\)\.$/s,
    (m) => `'${m[1]}' 在 ${m[3]} 个非缺失行中有 ${m[2]} 个不同值（基数非常高）。`,
  ],
  [
    /^'(.+)' holds numbers except in (\d+) row\(s\) with text such as (.+); it is treated as categorical\. Clean those values to use it as a number\.$/s,
    (m) => `'${m[1]}' 除 ${m[2]} 行含文本（如 ${m[3]}）外都是数字；按类别列处理。清理这些值后才能作为数值使用。`,
  ],
  [
    /^Column '(.+)' holds dates such as '(.+)' and no value shows whether the day or the month comes first: they are read (day|month) first \((.+?)\)(?:, though column '(.+)' reads (day|month) first)?\. Write them as 2021-04-03 \(ISO\) to make the order plain\.$/s,
    (m) =>
      `列 '${m[1]}' 含有日期（如 '${m[2]}'），但没有任何值能看出日和月的先后：按${m[3] === 'day' ? '日' : '月'}在前读取（${m[4]}）` +
      `${m[5] ? `，而列 '${m[5]}' 是${m[6] === 'day' ? '日' : '月'}在前` : ''}。请写成 2021-04-03（ISO 格式）以明确顺序。`,
  ],
  [
    /^The first (?:line|(\d+) lines) of the file (?:was|were) skipped: the header is on line (\d+), and the lines? above it \(a title or notes\) (?:is|are) not data\.$/s,
    (m) => `文件开头的 ${m[1] ?? 1} 行被跳过：表头在第 ${m[2]} 行，其上方的内容（标题或说明）不是数据。`,
  ],
  [
    /^The test set has only (\d+) rows?(?:: one row moves accuracy by ([\d.]+) points)?, so these test scores are rough; a test set of (\d+) rows or more gives steadier ones\.$/s,
    (m) => `测试集只有 ${m[1]} 行${m[2] ? `：一行就会使准确率变化 ${m[2]} 个百分点` : ''}，因此这些测试分数很粗略；${m[3]} 行或更多的测试集会更稳定。`,
  ],
  [/^Column '(.+)': (\d+) values? (?:is|are) not a date of the form (.+) \(e\.g\. '(.*)'\); read as missing\.$/s, (m) => `列 '${m[1]}'：${m[2]} 个值不是 ${m[3]} 形式的日期（如 '${m[4]}'）；按缺失处理。`],
  [/^The test file lacks column\(s\) (.+) of the training file; a model that reads them cannot be scored, so leave them out of the features\.$/s, (m) => `测试文件缺少训练文件中的列 ${m[1]}；读取这些列的模型无法在测试集上评分，请把它们排除在特征之外。`],
  [/^The test file has no column '(.+)' \(the guessed target\); name a target the test file has\.$/s, (m) => `测试文件没有列 '${m[1]}'（推断的目标列）；请指定测试文件中有的目标列。`],
  [/^(\d+) rows have no target value; they are dropped for training\.$/, (m) => `${m[1]} 行没有目标值；训练时剔除这些行。`],
  [
    /^Classes are imbalanced \(largest\/smallest = ([\d.]+)\); prefer macro-F1 or balanced accuracy\.$/,
    (m) => `类别不平衡（最大类/最小类 = ${m[1]}）；建议使用 macro-F1 或 balanced accuracy。`,
  ],
  [/^Likely target leakage: (.+)\. It is dropped from the features\.$/s, (m, tr) => `疑似目标泄漏：${tr(m[1])}。已从特征中剔除。`],
  [
    /^Every one of the (\d+) classes of '(.+)' has a single row: it looks like an identifier, and no model can learn it \(a stratified split needs 2 rows per class\)\.$/s,
    (m) => `'${m[2]}' 的全部 ${m[1]} 个类别都只有一行：它看起来像标识列，任何模型都无法学习（分层划分要求每个类别至少 2 行）。`,
  ],
  [
    /^(\d+) class(?:es)? of '(.+?)' (?:has|have) a single row \((.+)\); such rows cannot be both learned and tested, and in cross-validation they are scored by models that never saw their class\.$/s,
    (m) => `'${m[2]}' 有 ${m[1]} 个类别只有一行（${m[3]}）；这些行无法同时用于训练和测试，交叉验证中由从未见过该类别的模型给它们打分。`,
  ],
  [
    /^Target '(.+)' has (\d+) extreme values? \(up to (.+), while the middle half lies in (.+) \.\. (.+)\); (?:it dominates|they dominate) RMSE and squared-error fits \(MAE and its absolute-error fits feel them less\): check whether (?:it is an error|they are errors), and drop or correct (?:it|them) if so\.$/s,
    (m) => `目标列 '${m[1]}' 有 ${m[2]} 个极端值（最大到 ${m[3]}，而中间一半的值在 ${m[4]} .. ${m[5]}）；它们主导 RMSE 和平方误差拟合（MAE 及其绝对误差拟合受影响较小）：请检查是否为错误数据，如是请删除或更正。`,
  ],
  // ---- input checks of a test file or prediction input (src/export/input-check.ts) ----
  [
    /^Column '(.+)' was numeric in training, but (\d+) of (\d+) values (?:is|are) not a number \((.+); first in data row (\d+)\); (?:it is|they are) read as missing\.$/s,
    (m) => `列 '${m[1]}' 在训练时是数值，但 ${m[3]} 个值中有 ${m[2]} 个不是数字（${m[4]}；首次出现在第 ${m[5]} 行数据）；按缺失值读取。`,
  ],
  [
    /^Column '(.+)': (\d+) of (\d+) rows hold (?:a category|(\d+) categories) the model has no code for \((.+)\); (?:it is|they are) encoded like the rare and unseen categories of training\.$/s,
    (m) => `列 '${m[1]}'：${m[3]} 行中有 ${m[2]} 行含有模型没有编码的${m[4] ? ` ${m[4]} 个` : ''}类别（${m[5]}）；按训练时的罕见和未见类别编码。`,
  ],
  [
    /^Column '(.+)': (\d+) of (\d+) rows hold (?:a category|(\d+) categories) outside the (\d+) the model encodes one by one \((.+)\); (?:it shares|they share) one code with the rarer categories of training, as a category training never saw would\.$/s,
    (m) => `列 '${m[1]}'：${m[3]} 行中有 ${m[2]} 行含有不在模型逐一编码的 ${m[5]} 个类别之内的${m[4] ? ` ${m[4]} 个` : ''}类别（${m[6]}）；它们与训练中较少见的类别共用一个编码，训练中没见过的类别也是如此。`,
  ],
  // ---- task notes (src/task/task-result.ts): a prefix before another module's sentence ----
  [/^Data: (.+)$/s, (m, tr) => `数据：${tr(m[1])}`],
  [/^Test metrics: (.+)$/s, (m, tr) => `测试指标：${tr(m[1])}`],
  [/^ONNX export skipped: (.+)$/s, (m, tr) => `未导出 ONNX：${tr(m[1])}`],
  [/^Not used as features: (.+)\.$/s, (m, tr) => `未用作特征：${droppedList(m[1], tr)}。`],
  // ---- leak messages (src/data/leakage.ts), also column reasons of role 'leak' ----
  [/^'(.+)' alone predicts '(.+)' for ([\d.]+%) of rows$/s, (m) => `仅凭 '${m[1]}' 即可预测 ${m[3]} 行的 '${m[2]}'`],
  [/^'(.+)' has correlation (-?[\d.]+) with '(.+)'$/s, (m) => `'${m[1]}' 与 '${m[3]}' 的相关系数为 ${m[2]}`],
  [/^'(.+)' has rank correlation (-?[\d.]+) with '(.+)' \(a monotone function of it\)$/s, (m) => `'${m[1]}' 与 '${m[3]}' 的秩相关系数为 ${m[2]}（是它的单调函数）`],
  [/^'(.+)' explains ([\d.]+%) of the variance of '(.+)'$/s, (m) => `'${m[1]}' 解释了 '${m[3]}' ${m[2]} 的方差`],
  // ---- column reasons (src/data/profile.ts, roles.ts) ----
  [/^guessed target \(name or last column\)$/, () => '推断的目标列（按列名或最后一列）'],
  [/^chosen target$/, () => '指定的目标列'],
  [/^excluded by request$/, () => '按要求排除'],
  [/^unique per row \((\d+) distinct of (\d+)\)$/, (m) => `每行取值唯一：${m[2]} 个非缺失值中有 ${m[1]} 个不同值`],
  [/^integer, unique per row and named like an id$/, () => '整数，每行唯一，列名像 id'],
  [/^consecutive integers \(a row number\)$/, () => '连续整数（行号）'],
  [/^all values are missing$/, () => '全部缺失'],
  [/^a single value \((.*)\)$/s, (m) => `只有一个取值（${m[1]}）`],
  [/^unique per row$/, () => '每行取值唯一'],
  // ---- split (src/task/runs.ts + tools/report.ts) and evaluation notes (src/evaluate) ----
  [
    /^seeded (stratified )?(\d+%) holdout \(seed (\d+)\) \(([\d,]+) rows\)(?:\. (.+))?$/s,
    (m, tr) => `按固定种子${m[1] ? '分层' : ''}留出 ${m[2]} 作为测试集（种子 ${m[3]}，${m[4]} 行）${m[5] ? `。${tr(m[5])}` : ''}`,
  ],
  [/^(.+) \(([\d,]+) rows\)\. (.+)$/s, (m, tr) => `${tr(m[1])}（${m[2]} 行）。${tr(m[3])}`],
  [/^(.+) \(([\d,]+) rows\)$/s, (m, tr) => `${tr(m[1])}（${m[2]} 行）`],
  [
    /^seeded (stratified )?(\d+%) holdout \(seed (\d+)\)$/,
    (m) => `按固定种子${m[1] ? '分层' : ''}留出 ${m[2]} 作为测试集（种子 ${m[3]}）`,
  ],
  [/^test file (.+)$/s, (m) => `测试文件 ${m[1]}`],
  [/^split file (.+)$/s, (m) => `划分文件 ${m[1]}`],
  // ---- importance method (tools/report.ts) ----
  [
    /^permutation \((.+) (drop|rise), (\d+) repeats, ([\d,]+) rows\)$/,
    (m) => `置换重要性（${m[1]} 的${m[2] === 'rise' ? '上升' : '下降'}，重复 ${m[3]} 次，${m[4]} 行）`,
  ],
  [/^permutation \((.+) (drop|rise), (\d+) repeats\)$/, (m) => `置换重要性（${m[1]} 的${m[2] === 'rise' ? '上升' : '下降'}，重复 ${m[3]} 次）`],
  // ---- feature-step reasons (src/features) ----
  [
    /^(.+): (numeric|boolean) -> median impute( \+ missing indicator)?(, log1p if skewed|, log1p \(skewed\))?, standardised( \(log1p: (.+)\))?$/s,
    (m) =>
      `${m[1]}：${SEMANTIC[m[2]]} -> 中位数填补${m[3] ? ' + 缺失指示列' : ''}` +
      `${m[4] === ', log1p if skewed' ? '，偏斜时取 log1p' : m[4] ? '，取 log1p（偏斜）' : ''}，标准化${m[5] ? `（log1p：${m[6]}）` : ''}`,
  ],
  [
    /^numeric: (median|mean|constant|none) impute(, standard scale)?( \(log1p: (.+)\))?$/s,
    (m) => `数值：${IMPUTE[m[1]]}${m[1] === 'none' ? '（缺失保留为 NaN）' : ''}${m[2] ? '，标准化' : ''}${m[3] ? `（log1p：${m[4]}）` : ''}`,
  ],
  [/^(.+): numeric, raw values \(missing kept as NaN\)$/s, (m) => `${m[1]}：数值，保留原始值（缺失保留为 NaN）`],
  [
    /^(.+): (\d+) categories( \((?:categorical by request|listed as categorical)\))? -> one-hot \(min count (\d+), at most (\d+); rare\/unseen -> __other__\)$/s,
    (m) => `${m[1]}：${m[2]} 个类别${byRequest(m[3])} -> 独热编码（出现至少 ${m[4]} 次，最多 ${m[5]} 个类别；稀有/未见类别 -> __other__）`,
  ],
  [/^(.+): one-hot \((\d+) categories \+ (.+)\)$/s, (m) => `${m[1]}：独热编码（${m[2]} 个类别 + ${m[3]}）`],
  [
    /^(.+): ordinal codes in order of the category's effect on the target, other columns held fixed: (.+) \(unseen -> other code, missing -> NaN\)$/s,
    (m) => `${m[1]}：序号编码，按各类别对目标的影响排序（其他列固定）：${m[2]}（未见类别 -> 其他编码，缺失 -> NaN）`,
  ],
  [
    /^(.+): ordinal codes by frequency \(unseen -> other code, missing -> NaN\)$/s,
    (m) => `${m[1]}：序号编码，按频数排序（未见类别 -> 其他编码，缺失 -> NaN）`,
  ],
  [
    /^(.+): (\d+) categories( \((?:categorical by request|listed as categorical)\))? -> ordinal codes ordered by each category's effect on the target, other columns held fixed \(by frequency without a target; unseen -> other code, missing -> NaN\)$/s,
    (m) => `${m[1]}：${m[2]} 个类别${byRequest(m[3])} -> 序号编码，按各类别对目标的影响排序（其他列固定；无目标时按频数；未见类别 -> 其他编码，缺失 -> NaN）`,
  ],
  [
    /^(.+): ordinal codes (in the given order|by frequency) \((\d+) categories\)$/s,
    (m) => `${m[1]}：序号编码，${m[2] === 'by frequency' ? '按频数排序' : '按给定顺序'}（${m[3]} 个类别）`,
  ],
  [
    /^(.+): (\d+) categories( \((?:categorical by request|listed as categorical)\))? -> out-of-fold target encoding \+ frequency$/s,
    (m) => `${m[1]}：${m[2]} 个类别${byRequest(m[3])} -> 折外目标编码 + 频数编码`,
  ],
  [/^(.+): out-of-fold target encoding \((\d+) folds, smoothing ([\d.]+)\)$/s, (m) => `${m[1]}：折外目标编码（${m[2]} 折，平滑 ${m[3]}）`],
  [/^(.+): frequency encoding$/s, (m) => `${m[1]}：频数编码`],
  [
    /^(.+): datetime -> (year, month, day of week, hour \(if timed\), weekend, days since training start)(, imputed and standardised)?$/s,
    (m) => `${m[1]}：日期时间 -> 年、月、星期几、小时（有时间时）、是否周末、距训练起点的天数${m[3] ? '，填补并标准化' : ''}`,
  ],
  [
    /^(.+): datetime -> ((?:year|month|dayofweek|hour|weekend|elapsed_days)(?:, (?:year|month|dayofweek|hour|weekend|elapsed_days))*)( \(imputed, standardised\))?$/s,
    (m) => `${m[1]}：日期时间 -> ${datePartList(m[2])}${m[3] ? '（填补并标准化）' : ''}`,
  ],
  [
    /^(.+): (?:(zh|en|other) )?text -> (char|jieba word|word) (\d+(?:-\d+)?) gram TF-IDF \(([^()]*)\)(; \+ jieba word unigram TF-IDF)?$/s,
    (m) =>
      `${m[1]}：${m[2] ? TEXT_LANG[m[2]] : ''}文本 -> ${UNIT[m[3]]} ${m[4]} 元 TF-IDF（${tfidfExtras(m[5])}）` +
      (m[6] ? '；另加 jieba 分词 1 元 TF-IDF' : ''),
  ],
  [/^excluded by request$/, () => '按要求排除'],
  // ---- evaluation notes (src/evaluate/evaluate.ts), single sentences ----
  [/^(\d+) test rows have no target value and were left out\.$/, (m) => `${m[1]} 条测试行没有目标值，已排除。`],
  [/^(\d+) test rows have a class the model never saw in training and were left out\.$/, (m) => `${m[1]} 条测试行的类别在训练中从未出现，已排除。`],
  [
    /^(\d+) test rows have a class the model never saw in training \((.+)\): they count as errors in accuracy, balanced accuracy, macro-F1, the per-class table and the confusion matrix; log loss, ROC AUC and feature importance leave them out\.$/,
    (m) => `${m[1]} 条测试行的类别在训练中从未出现（${m[2]}）：在准确率、平衡准确率、宏平均 F1、各类别表和混淆矩阵中计为错误；对数损失、ROC-AUC 和特征重要性不包含这些行。`,
  ],
  [/^Permutation importance stopped at its time limit; some columns are not measured\.$/, () => '置换重要性在时间上限处停止；部分列未测量。'],
];

/** The search's notes first: their shapes are specific, the split rules above are loose. */
const ALL_RULES: Rule[] = [...NOTE_RULES, ...RULES];

/** Known evaluation-note sentences, for a run of several joined by spaces. */
const SENTENCE = /[^.]+?\.(?=\s|$)/g;

/** Two English words in a row: what is left untranslated (a column name alone does not count). */
const ENGLISH = /[A-Za-z]{2,}[ ,;:]+(?:[A-Za-z]{2,})/;

export interface Localizer {
  /** The string in the report's language (unchanged for English or when no pattern knows it). */
  text(s: string): string;
  /** True once a string that looks like English prose was left as it is in a zh report. */
  readonly leftEnglish: boolean;
}

function translateZh(s: string, depth = 0): string | null {
  if (depth > 4) return null;
  const tr = (inner: string) => translateZh(inner, depth + 1) ?? inner;
  for (const [re, fn] of ALL_RULES) {
    const m = s.match(re);
    if (m) return fn(m, tr);
  }
  // Several known sentences joined by spaces (evaluation notes).
  const parts = s.match(SENTENCE);
  if (parts && parts.length > 1 && parts.join('').replace(/\s/g, '') === s.replace(/\s/g, '')) {
    const done = parts.map((p) => translateZh(p.trim(), depth + 1));
    if (done.every((d) => d !== null)) return done.join('');
  }
  return null;
}

/** A localizer for `lang`; English text passes through untouched. */
export function localizer(lang: ReportLang | string): Localizer {
  let leftEnglish = false;
  const cache = new Map<string, string>();
  return {
    text(s: string): string {
      if (lang !== 'zh' || !s) return s;
      const hit = cache.get(s);
      if (hit !== undefined) return hit;
      const out = translateZh(s) ?? s;
      if (ENGLISH.test(out.replace(/'[^']*'/g, "''").replace(/__other__|TF-IDF|macro-F1|balanced accuracy|log1p|min_df \d+|NaN|jieba/g, ''))) leftEnglish = true;
      cache.set(s, out);
      return out;
    },
    get leftEnglish() {
      return leftEnglish;
    },
  };
}

/** Semantic kinds and roles of the column table in zh. */
const ROLE: Record<string, string> = { feature: '特征', target: '目标', id: '标识', constant: '常量', empty: '空', leak: '泄漏', excluded: '排除' };
export function localizeSemantic(lang: string, s: string): string {
  return lang === 'zh' ? (SEMANTIC[s] ?? s) : s;
}
export function localizeRole(lang: string, s: string): string {
  return lang === 'zh' ? (ROLE[s] ?? s) : s;
}

/** Plan summary 'multiclass · category · macro_f1 · 3s · text: title' in zh. */
const TASK: Record<string, string> = { binary: '二分类', multiclass: '多分类', regression: '回归', classification: '分类' };
/** A task type in zh ('二分类'), else as it is. */
export function localizeTask(lang: string, s: string): string {
  return lang === 'zh' ? (TASK[s] ?? s) : s;
}
export function localizeSummary(lang: string, s: string): string {
  if (lang !== 'zh') return s;
  return s
    .split(' · ')
    .map((part, i) => {
      if (i === 0 && TASK[part]) return TASK[part];
      const sec = /^(\d+(?:\.\d+)?)s$/.exec(part);
      if (sec) return `${sec[1]} 秒`;
      if (part.startsWith('text: ')) return `文本列：${part.slice(6)}`;
      if (part.startsWith('excluded: ')) return `排除列：${part.slice(10)}`;
      const trials = /^(\d+) trials$/.exec(part);
      if (trials) return `${trials[1]} 次试验`;
      if (part.startsWith('learners: ')) return `学习器：${part.slice(10)}`;
      if (part.startsWith('not: ')) return `不用的学习器：${part.slice(5)}`;
      return part;
    })
    .join(' · ');
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
/** A quoted value ('churned', “房价”) is data: left as it is. */
const QUOTED = /('[^']*'|“[^”]*”)/;

/**
 * A zh plan assumption with the English words the planner leaves in it (src/llm/offline-planner.ts
 * puts the task type and the column kind in as they are: '根据目标列 'churned'（categorical，2 个不同值）
 * 推断任务类型为 binary。') in Chinese. Quoted column names and phrases are left alone; the space
 * that set an English word off from the Chinese around it goes with it.
 */
export function localizeAssumption(lang: string, s: string): string {
  if (lang !== 'zh') return s;
  return s
    .split(QUOTED)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part
        .replace(/（(numeric|boolean|datetime|categorical|text)(?=[，）])/g, (_m, k: string) => `（${SEMANTIC[k]}`)
        .replace(/( ?)\b(binary|multiclass|regression|classification)\b( ?)/g, (_m, pre: string, k: string, post: string, at: number, all: string) => {
          const before = pre && !HAN.test(all[at - 1] ?? '') ? ' ' : '';
          const after = post && !HAN.test(all[at + _m.length] ?? '') ? ' ' : '';
          return `${before}${TASK[k]}${after}`;
        });
    })
    .join('');
}

/** Feature views and step kinds of the pipeline's step names ('linear: one_hot', tools/report.ts). */
const VIEW: Record<string, string> = { linear: '线性模型', tree: '树模型' };
const STEP: Record<string, string> = {
  numeric: '数值',
  one_hot: '独热编码',
  ordinal: '序号编码',
  frequency: '频数编码',
  target_encoder: '目标编码',
  tfidf: 'TF-IDF',
  datetime_parts: '日期时间拆分',
};

/** 'linear: one_hot' -> '线性模型：独热编码' in zh; an unknown view or step stays as it is. */
export function localizeStepName(lang: string, s: string): string {
  if (lang !== 'zh') return s;
  const m = /^(\w+): (\w+)$/.exec(s);
  if (!m) return STEP[s] ?? s;
  return `${VIEW[m[1]] ?? m[1]}：${STEP[m[2]] ?? m[2]}`;
}

/** 'seeded 20% holdout (seed 0) (120 rows)' -> 'seeded 20% holdout (seed 0, 120 rows)' (English; zh rules take the shape apart). */
export function tidySplit(s: string): string {
  return s.replace(/^([^()]*\([^()]*)\) \(([\d,]+ rows)\)/, '$1, $2)');
}

/**
 * `input` with the tools' English free text (warnings, column reasons, plan summary, split,
 * importance method, feature-step reasons, the search's notes) in the report's language, and whether some was left
 * in English. Data values (column names, labels, learners, metrics) are untouched.
 */
export function localizeInput(input: ReportInput): { input: ReportInput; leftEnglish: boolean } {
  if (input.lang !== 'zh') {
    return { input: input.evaluation ? { ...input, evaluation: { ...input.evaluation, split: tidySplit(input.evaluation.split) } } : input, leftEnglish: false };
  }
  const l = localizer(input.lang);
  const out: ReportInput = {
    ...input,
    profile: {
      ...input.profile,
      warnings: input.profile.warnings.map((w) => l.text(w)),
      columnSummaries: input.profile.columnSummaries.map((c) => ({ ...c, reason: c.reason === null ? null : l.text(c.reason) })),
    },
    plan: input.plan
      ? { ...input.plan, summary: localizeSummary(input.lang, input.plan.summary), assumptions: input.plan.assumptions.map((a) => localizeAssumption(input.lang, a)) }
      : null,
    evaluation: input.evaluation ? { ...input.evaluation, split: l.text(input.evaluation.split) } : null,
    importance: input.importance ? { ...input.importance, method: l.text(input.importance.method) } : null,
    pipeline: input.pipeline
      ? { ...input.pipeline, steps: input.pipeline.steps.map((s) => ({ ...s, name: localizeStepName(input.lang, s.name), reason: l.text(s.reason) })) }
      : null,
    notes: input.notes ? input.notes.map((n) => l.text(n)) : null,
  };
  return { input: out, leftEnglish: l.leftEnglish };
}
