import { describe, expect, it } from 'vitest';
import { progressLine, progressMessage, unitLabel } from './progress.js';

function pipe() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('progressLine on a pipe', () => {
  it('throttles plain lines but ends the log with the last update (audit: the log stopped at 66 of 94 trials)', () => {
    const { stream, lines } = pipe();
    const bar = progressLine(stream, { unit: ' trials' });
    bar.update({ progress: 1, total: 10, message: '1 trial, no score yet' });
    bar.update({ progress: 2, total: 10, message: 'no better yet' });
    bar.update({ progress: 3, total: 10, message: 'still no better' });
    expect(lines).toEqual(['  1/10 trials  1 trial, no score yet\n']);
    bar.done();
    expect(lines).toEqual(['  1/10 trials  1 trial, no score yet\n', '  3/10 trials  still no better\n']);
    bar.done();
    expect(lines).toHaveLength(2);
  });

  it('a step line prints the pending update first, so the log stays in order', () => {
    const { stream, lines } = pipe();
    const bar = progressLine(stream);
    bar.update({ progress: 1, total: 5, message: 'a' });
    bar.update({ progress: 2, total: 5, message: 'b' });
    bar.line('> Evaluating');
    expect(lines).toEqual(['  1/5s  a\n', '  2/5s  b\n', '> Evaluating\n']);
  });
});

describe('unitLabel', () => {
  it('counts seconds and trials in the output language (audit: "3/15s" in a Chinese chat)', () => {
    const { stream, lines } = pipe();
    const bar = progressLine(stream, { unit: unitLabel(false, 'zh') });
    bar.update({ progress: 3, total: 15, message: '构建特征' });
    expect(lines).toEqual(['  3/15 秒  构建特征\n']);
    expect([unitLabel(true, 'zh'), unitLabel(false, 'en'), unitLabel(true, 'en')]).toEqual([' 次', 's', ' trials']);
  });
});

describe('progressMessage', () => {
  it("words a search's progress in Chinese for a Chinese instruction, other text as it is", () => {
    expect(progressMessage('best accuracy 0.8123 after 12 trials', 'zh')).toBe('12 次试验后最佳 accuracy 0.8123');
    expect(progressMessage('3 trials, no score yet (1.5 s)', 'zh')).toBe('3 次试验，还没有得分（1.5 秒）');
    expect(progressMessage('best rmse 531.2 after 40 trials (9.9 s)', 'zh')).toBe('40 次试验后最佳 rmse 531.2（9.9 秒）');
    expect(progressMessage('best accuracy 0.8123 after 12 trials', 'en')).toBe('best accuracy 0.8123 after 12 trials');
    expect(progressMessage('1 trial, no score yet', 'zh')).toBe('1 次试验，还没有得分');
    expect(progressMessage('best mape 0.06 after 1 trial', 'zh')).toBe('1 次试验后最佳 mape 0.06');
    expect(progressMessage('fitting the final model (gbdt + ridge)', 'zh')).toBe('训练最终模型（gbdt + ridge）');
    expect(progressMessage('reading rows', 'zh')).toBe('reading rows');
    expect(progressMessage('building the features (part of the budget)', 'zh')).toBe('构建特征（计入预算）');
  });
});
