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
  });

  it('keeps an unknown message in English under a Chinese heading, and caps long choice lists', () => {
    const e = new AskmlError('BAD_METRIC', "Metric 'rmse' does not fit a binary task.", { choices: Array.from({ length: 35 }, (_, i) => `c${i}`) });
    const line = zhErrorLine(e);
    expect(line.startsWith("错误（指标不适用）：Metric 'rmse' does not fit a binary task. 可选值：c0, c1,")).toBe(true);
    expect(line.endsWith('c29（另有 5 个）。')).toBe(true);
  });
});
