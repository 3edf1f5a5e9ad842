import { describe, expect, it } from 'vitest';
import type { TimedTaskEvent } from '../../task/tasks.js';
import { stepLines } from './steps.js';

const time = '2026-01-01T00:00:00.000Z';
const start = (tool: string): TimedTaskEvent => ({ type: 'step_start', tool, args: {}, time });
const fail = (tool: string, message: string): TimedTaskEvent => ({ type: 'step_end', tool, ok: false, ms: 1, summary: null, error: { code: 'BUDGET', message }, time });

describe('stepLines (F17): a failed step is printed once', () => {
  it('drops the step line when the task fails with that step error (the error line says it)', () => {
    const lines: string[] = [];
    const s = stepLines((l) => lines.push(l), 'run');
    s.event(start('profile_data'));
    s.event(start('search_model'));
    s.event(fail('search_model', 'No trial finished.'));
    s.end('search_model failed: No trial finished.');
    expect(lines).toEqual(['> Profiling the data (profile_data)', '> Searching models (search_model)']);
  });

  it('prints a failure the task survives (optional step, retry), in CLI wording', () => {
    const lines: string[] = [];
    const s = stepLines((l) => lines.push(l), 'run');
    s.event(start('export_model'));
    s.event(fail('export_model', 'Start a new search with search_model.'));
    s.event(start('report'));
    s.end();
    expect(lines).toEqual(['> Exporting to ONNX (export_model)', "  export_model failed: Start a new search with 'askml search DATA --target COL'.", '> Writing the report (report)']);
    const last: string[] = [];
    const t = stepLines((l) => last.push(l), 'run');
    t.event(fail('export_model', 'unsupported'));
    t.end('cancelled by the user');
    expect(last).toEqual(['  export_model failed: unsupported']);
  });
});

describe('stepLines in Chinese (a Chinese instruction)', () => {
  it('words the steps, failures and notes in Chinese; tool names stay', () => {
    const lines: string[] = [];
    const s = stepLines((l) => lines.push(l), 'run', 'zh');
    s.event(start('profile_data'));
    s.event(start('export_model'));
    s.event(fail('export_model', 'unsupported'));
    s.event({ type: 'log', message: 'note: search_model: No final refit: the model is the best trial\'s first-fold model.', time });
    s.end();
    expect(lines[0]).toBe('> 分析数据（profile_data）');
    expect(lines[1]).toBe('> 导出为 ONNX（export_model）');
    expect(lines[2]).toBe('  export_model 失败：unsupported');
    expect(lines[3]).toMatch(/^ {2}备注：search_model：[^A-Za-z]*$/);
    // the task's cancel messages are printed as they happen, in the same language
    s.event({ type: 'log', message: 'Cancel requested: stopping the search; the best model so far is still evaluated and reported.', time });
    expect(lines[4]).toBe('已请求取消：停止搜索；目前最好的模型仍会被评估并写入报告。');
  });
});

describe('stepLines: a step repeated at once', () => {
  it('prints one line when a step runs again right after it succeeded, and a retry after a failure again', () => {
    const lines: string[] = [];
    const s = stepLines((l) => lines.push(l), 'run');
    s.event(start('profile_data'));
    s.event(start('profile_data'));
    s.event(start('search_model'));
    s.event(fail('search_model', 'timeout'));
    s.event(start('search_model'));
    s.end();
    expect(lines).toEqual(['> Profiling the data (profile_data)', '> Searching models (search_model)', '  search_model failed: timeout', '> Searching models (search_model)']);
  });
});
