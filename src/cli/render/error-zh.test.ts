import { describe, expect, it } from 'vitest';
import { AskmlError } from '../../errors.js';
import { zhErrorLine } from './error-zh.js';

describe('zhErrorLine: errors for a Chinese instruction', () => {
  it('translates the common shapes, carrying values over, with the choices', () => {
    const e = new AskmlError('COLUMN_NOT_FOUND', "Target column 'lable' not found.", { hint: "Did you mean 'label'?", choices: ['id', 'label'] });
    expect(zhErrorLine(e)).toBe("错误（找不到列）：找不到目标列 'lable'。您是不是指 'label'？可选值：id, label。");
    const one = new AskmlError('BAD_TARGET', "Target column 'b' has a single value ('2'); there is nothing to predict.", { hint: 'Choose another target column.' });
    expect(zhErrorLine(one)).toBe("错误（目标列不可用）：目标列 'b' 只有一个取值（'2'），没有可预测的内容。请选择其他目标列。");
    expect(zhErrorLine(new AskmlError('FILE_NOT_FOUND', "File 'a b.csv' does not exist."))).toBe("错误（找不到文件）：文件 'a b.csv' 不存在。");
    expect(zhErrorLine(new AskmlError('BAD_ARGUMENT', "Command '/foo' not found.", { hint: 'Type /help for the list.' }))).toBe("错误（参数有误）：找不到命令 '/foo'。输入 /help 查看命令列表。");
    expect(zhErrorLine(new AskmlError('NOT_FOUND', "'/m/model.onnx' is a file, not a model folder."))).toBe("错误（找不到）：'/m/model.onnx' 是文件，不是模型文件夹。");
    expect(zhErrorLine(new AskmlError('NO_ROWS', "'a.json' holds no records (no data rows)."))).toContain("'a.json' 没有任何记录（没有数据行）。");
    expect(zhErrorLine(new AskmlError('SCHEMA_MISMATCH', "The file has more than one column named 'fee' (columns 1 and 7), a column the model reads: askml cannot tell which one holds its values.")))
      .toBe("错误（列不一致）：文件中有多个名为 'fee' 的列（第 1 列和第 7 列），而模型要读取这一列：askml 无法判断哪一列是它的值。");
  });

  it('flags, ragged rows, a test file lacking columns, a target to name', () => {
    expect(zhErrorLine(new AskmlError('BAD_ARGUMENT', "--budget must be a positive number, got 'abc'."))).toBe("错误（参数有误）：--budget 必须是正数，收到的是 'abc'。");
    expect(zhErrorLine(new AskmlError('BAD_ARGUMENT', "Unknown flag '--frob' for 'askml run'.", { hint: "See 'askml help run'." }))).toBe("错误（参数有误）：'askml run' 没有参数 '--frob'。用法见 'askml help run'。");
    expect(zhErrorLine(new AskmlError('PARSE_ERROR', "Line 3 of 'a.csv' has 1 fields; the header has 2.", { hint: 'Fix or remove that row (a missing delimiter or an unquoted delimiter inside a value).' })))
      .toBe("错误（无法解析）：'a.csv' 第 3 行有 1 个字段，而表头有 2 个。请修正或删除该行（缺少分隔符，或值中含有未加引号的分隔符）。");
    expect(zhErrorLine(new AskmlError('SCHEMA_MISMATCH', "The test file lacks column(s) 'fare', 'age' that the model's features read.", { hint: 'Add them to the test file, or leave them out of the features ("ignore fare and age" in the instruction).' })))
      .toBe("错误（列不一致）：测试文件缺少模型特征要读取的列 'fare'、'age'。请把这些列加入测试文件，或在指令中写\"不要用 fare、age\"，把它们排除在特征之外。");
    expect(zhErrorLine(new AskmlError('SCHEMA_MISMATCH', "The test file has no target column 'y'; it is needed to score the model.", { hint: 'Add the target column to the test file, or name another target (--target COL).' })))
      .toBe("错误（列不一致）：测试文件没有目标列 'y'；评估模型需要它。请在测试文件中加入目标列，或指定其他目标列（--target COL）。");
    expect(zhErrorLine(new AskmlError('FILE_NOT_FOUND', "Split file '/tmp/s.json' does not exist or cannot be read."))).toBe("错误（找不到文件）：划分文件 '/tmp/s.json' 不存在或无法读取。");
    const hint = (h: string) => zhErrorLine(new AskmlError('COLUMN_NOT_FOUND', "Target column '' not found.", { hint: h }));
    expect(hint("Name one of the columns as the target (e.g. 'predict label'), or give it with --target.")).toBe("错误（找不到列）：找不到目标列 ''。请在指令中指明目标列（例如\"预测 label\"），或用 --target 指定。");
    expect(hint("Name one of the columns as the target (e.g. 'predict label').")).toBe("错误（找不到列）：找不到目标列 ''。请在指令中指明目标列（例如\"预测 label\"）。");
  });

  it('keeps an unknown message in English under a Chinese heading, and caps long choice lists', () => {
    const e = new AskmlError('BAD_METRIC', "Metric 'rmse' does not fit a binary task.", { choices: Array.from({ length: 35 }, (_, i) => `c${i}`) });
    const line = zhErrorLine(e);
    expect(line.startsWith("错误（指标不适用）：Metric 'rmse' does not fit a binary task. 可选值：c0, c1,")).toBe(true);
    expect(line.endsWith('c29（另有 5 个）。')).toBe(true);
  });
});
