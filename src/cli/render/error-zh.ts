/**
 * An error line for a person who wrote the instruction in Chinese (`askml run "预测…"`, the chat):
 * a Chinese heading for the error's kind, then its message and hint, each in Chinese when it has
 * one of the shapes below (the common errors of a first run: a wrong path, a wrong target, a target
 * with nothing to learn, an empty or unreadable file, a missing LLM), else as written in English.
 * Values (paths, column names, counts) are carried over. `--json` and MCP stay English.
 */
import type { AskmlError, ErrorCode } from '../../errors.js';

const KIND: Record<ErrorCode, string> = {
  FILE_NOT_FOUND: '找不到文件',
  NOT_A_FILE: '不是文件',
  NOT_A_DIRECTORY: '不是文件夹',
  EMPTY_FILE: '文件为空',
  NO_ROWS: '没有数据行',
  PARSE_ERROR: '无法解析',
  ENCODING: '文本编码',
  BINARY_FILE: '二进制文件',
  UNSUPPORTED_FORMAT: '不支持的格式',
  COLUMN_NOT_FOUND: '找不到列',
  BAD_TARGET: '目标列不可用',
  BAD_ARGUMENT: '参数有误',
  BAD_METRIC: '指标不适用',
  UNKNOWN_LEARNER: '未知的学习器',
  BUDGET: '时间预算',
  TOO_SMALL: '数据太少',
  NOT_FOUND: '找不到',
  SCHEMA_MISMATCH: '列不一致',
  VERSION_MISMATCH: '版本不符',
  EXPORT_UNSUPPORTED: '无法导出',
  EXPORT_MISMATCH: '导出校验失败',
  PATH_NOT_ALLOWED: '路径不允许',
  FILE_ACCESS: '文件访问',
  TRIALS_FAILED: '试验全部失败',
  CANCELLED: '已取消',
  LLM_ERROR: 'LLM 出错',
  INTERNAL: '内部错误',
};

type Rule = [RegExp, (m: RegExpExecArray) => string];

/** Whole-message shapes (after the CLI wording of src/cli/cli-errors.ts). */
const MESSAGES: Rule[] = [
  [/^(?:File|--data|--test|Data file|Test file) '(.+)' does not exist\.$/s, (m) => `文件 '${m[1]}' 不存在。`],
  [/^'(.+)' is a (?:folder|directory), not a (?:data )?file\.$/s, (m) => `'${m[1]}' 是文件夹，不是数据文件。`],
  [/^'(.+)' is empty \(0 bytes\)\.$/s, (m) => `'${m[1]}' 是空文件（0 字节）。`],
  [/^'(.+)' contains only whitespace\.$/s, (m) => `'${m[1]}' 只含空白字符。`],
  [/^'(.+)' is neither UTF-8 nor GB18030\/GBK text \(first bad byte at line (\d+), byte offset (\d+)\)\.$/s, (m) => `'${m[1]}' 既不是 UTF-8 也不是 GB18030/GBK 文本（第一个无法解码的字节在第 ${m[2]} 行，字节偏移 ${m[3]}）。`],
  [/^Target column '(.*)' not found\.$/s, (m) => `找不到目标列 '${m[1]}'。`],
  [/^No file '(.+)'\.$/s, (m) => `找不到文件 '${m[1]}'。`],
  [/^Line (\d+) of '(.+)' has (\d+) fields; the header has (\d+)\.$/s, (m) => `'${m[2]}' 第 ${m[1]} 行有 ${m[3]} 个字段，而表头有 ${m[4]} 个。`],
  [/^Unknown flag '(.+)' for 'askml (\w+)'\.$/s, (m) => `'askml ${m[2]}' 没有参数 '${m[1]}'。`],
  [/^--workspace '(.+)' is a file, not a folder\.$/s, (m) => `--workspace '${m[1]}' 是文件，不是文件夹。`],
  [/^--(\w[\w-]*) must be a positive whole number, got '(.*)'\.$/s, (m) => `--${m[1]} 必须是正整数，收到的是 '${m[2]}'。`],
  [/^--(\w[\w-]*) must be a positive number, got '(.*)'\.$/s, (m) => `--${m[1]} 必须是正数，收到的是 '${m[2]}'。`],
  [/^--(\w[\w-]*) must be a whole number, got '(.*)'\.$/s, (m) => `--${m[1]} 必须是整数，收到的是 '${m[2]}'。`],
  [/^Column '(.+)' not found\.$/s, (m) => `找不到列 '${m[1]}'。`],
  [/^Command '(.+)' not found\.$/s, (m) => `找不到命令 '${m[1]}'。`],
  [/^The instruction asks to predict '(.+)', but the data has no such column \(nor one meaning it\)\.$/s, (m) => `指令要求预测 '${m[1]}'，但数据中没有这一列（也没有意思相同的列）。`],
  [/^Target column '(.+)' has a single value \('(.*)'\); there is nothing to predict\.$/s, (m) => `目标列 '${m[1]}' 只有一个取值（'${m[2]}'），没有可预测的内容。`],
  [/^Target column '(.+)' has no values \(all (\d+) rows are missing\)\.$/s, (m) => `目标列 '${m[1]}' 没有值（${m[2]} 行全部缺失）。`],
  [/^The target has (\d+) class(?:es)?; classification needs at least 2\.$/s, (m) => `目标只有 ${m[1]} 个类别；分类至少需要 2 个。`],
  [/^Only (\d+) training rows; at least 4 are needed to validate a model\.$/s, (m) => `只有 ${m[1]} 行训练数据；验证模型至少需要 4 行。`],
  [/^The LLM planner was requested but no model is configured \(ASKML_MODEL is not set\)\.$/s, () => '要求使用 LLM 规划器，但没有配置模型（未设置 ASKML_MODEL）。'],
  [/^'askml run' got an empty instruction\.$/s, () => "'askml run' 收到的指令为空。"],
  [/^'askml run' needs --data FILE\.$/s, () => "'askml run' 需要 --data FILE（数据文件）。"],
  [/^--(\w[\w-]*) must be at least (\S+), got '(.*)'\.$/s, (m) => `--${m[1]} 至少为 ${m[2]}，收到的是 '${m[3]}'。`],
  [/^--(\w[\w-]*) must be at most (\S+), got '(.*)'\.$/s, (m) => `--${m[1]} 至多为 ${m[2]}，收到的是 '${m[3]}'。`],
  [/^The test file has no target column '(.+)'; it is needed to score the model\.$/s, (m) => `测试文件没有目标列 '${m[1]}'；评估模型需要它。`],
  [/^The test file lacks column\(s\) (.+) that the model's features read\.$/s, (m) => `测试文件缺少模型特征要读取的列 ${m[1].replace(/', '/g, "'、'")}。`],
  [/^Split file '(.+)' does not exist or cannot be read\.$/s, (m) => `划分文件 '${m[1]}' 不存在或无法读取。`],
  [/^'(.+)' does not exist\.$/s, (m) => `'${m[1]}' 不存在。`],
  [/^'(.+)' is a file, not a model folder\.$/s, (m) => `'${m[1]}' 是文件，不是模型文件夹。`],
  [/^'(.+)' holds no records \(no data rows\)\.$/s, (m) => `'${m[1]}' 没有任何记录（没有数据行）。`],
  [/^The file has more than one column named '(.+)' \(columns (\d+) and (\d+)\), a column the model reads: askml cannot tell which one holds its values\.$/s, (m) => `文件中有多个名为 '${m[1]}' 的列（第 ${m[2]} 列和第 ${m[3]} 列），而模型要读取这一列：askml 无法判断哪一列是它的值。`],
  [/^Give --budget or --trials, not both \(got --budget (.*) and --trials (.*)\)\.$/s, (m) => `--budget 和 --trials 只能给一个（收到 --budget ${m[1]} 和 --trials ${m[2]}）。`],
];

/** Whole-hint shapes. */
const HINTS: Rule[] = [
  [/^Did you mean '(.+)'\?$/s, (m) => `您是不是指 '${m[1]}'？`],
  [/^Type \/help for the list\.$/s, () => '输入 /help 查看命令列表。'],
  [/^Choose another target column\.$/s, () => '请选择其他目标列。'],
  [/^Check the path\.$/s, () => '请检查路径。'],
  [/^See 'askml help (\w+)'\.$/s, (m) => `用法见 'askml help ${m[1]}'。`],
  [/^Give the workspace folder \(where askml keeps runs, models and tasks\), e\.g\. --workspace (\S+)\.$/s, (m) => `请给出工作区文件夹（askml 在其中保存运行、模型和任务），例如 --workspace ${m[1]}。`],
  [/^Fix or remove that row \(a missing delimiter or an unquoted delimiter inside a value\)\.$/s, () => '请修正或删除该行（缺少分隔符，或值中含有未加引号的分隔符）。'],
  [/^Add them to the test file, or leave them out of the features \("ignore (.+)" in the instruction\)\.$/s, (m) => `请把这些列加入测试文件，或在指令中写"不要用 ${m[1].split(' and ').join('、')}"，把它们排除在特征之外。`],
  [/^Name one of the columns as the target \(e\.g\. 'predict (.+)'\)(, or give it with --target)?\.$/s, (m) => `请在指令中指明目标列（例如"预测 ${m[1]}"）${m[2] ? '，或用 --target 指定' : ''}。`],
  [/^Add the target column to the test file, or name another target \(--target COL\)\.$/s, () => '请在测试文件中加入目标列，或指定其他目标列（--target COL）。'],
  [/^Check the file \(was it filtered\?\) or choose another target column\.$/s, () => '请检查文件（是否被筛选过？），或选择其他目标列。'],
  [/^The budget is in seconds: --budget 30 searches for 30 seconds; budgets under 1 s are refused\.$/s, () => '预算以秒计：--budget 30 表示搜索 30 秒；小于 1 秒的预算会被拒绝。'],
  [/^--trials N runs N trials and is reproducible for a seed; --budget S searches for S seconds\.$/s, () => '--trials N 运行 N 次试验，同一种子可复现；--budget S 搜索 S 秒。'],
];

function translate(text: string, rules: Rule[]): string {
  for (const [re, f] of rules) {
    const m = re.exec(text);
    if (m) return f(m);
  }
  return text;
}

/** "错误（找不到列）：找不到目标列 'lable'。您是不是指 'label'？可选值：id, label。" */
export function zhErrorLine(e: AskmlError): string {
  const parts = [translate(e.message, MESSAGES)];
  if (e.details.hint) parts.push(translate(String(e.details.hint), HINTS));
  const choices = e.details.choices ?? [];
  if (choices.length > 0) {
    const shown = choices.slice(0, 30);
    const more = choices.length - shown.length;
    parts.push(`可选值：${shown.join(', ')}${more > 0 ? `（另有 ${more} 个）` : ''}。`);
  }
  // Chinese sentences follow each other directly; an English one keeps its space.
  const text = parts.reduce((acc, p) => (acc === '' ? p : /[。？）]$/.test(acc) ? acc + p : `${acc} ${p}`), '');
  return `错误（${KIND[e.code] ?? e.code}）：${text}`;
}
