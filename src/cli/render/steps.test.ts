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
