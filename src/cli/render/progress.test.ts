import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';

function pipe() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('progressLine on a pipe', () => {
  it('throttles plain lines but ends the log with the last update (audit: the log stopped at 66 of 94 trials)', () => {
    const { stream, lines } = pipe();
    const bar = progressLine(stream, { unit: ' trials' });
    bar.update({ progress: 1, total: 10, message: '1 trials, no score yet' });
    bar.update({ progress: 2, total: 10, message: 'no better yet' });
    bar.update({ progress: 3, total: 10, message: 'still no better' });
    expect(lines).toEqual(['  1/10 trials  1 trials, no score yet\n']);
    bar.done();
    expect(lines).toEqual(['  1/10 trials  1 trials, no score yet\n', '  3/10 trials  still no better\n']);
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
