import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAgent } from '../../agent/loop.js';
import { defineTool } from '../../../tools/define-tool.js';
import type { TimedTaskEvent } from '../../task/tasks.js';
import { scriptedModel } from '../../../test/scripted-model.js';
import { stepLines } from './steps.js';

const time = '2026-01-01T00:00:00.000Z';
const end = (tool: string, error: { code: string; message: string }): TimedTaskEvent => ({ type: 'step_end', tool, ok: false, ms: 1, summary: null, error, time });

const searchModel = defineTool({
  name: 'search_model',
  title: 'search',
  description: 'A stand-in with the real name.',
  input: z.object({ dataset_id: z.string(), budget_seconds: z.number().nullable() }).strict(),
  output: z.object({ run_id: z.string() }),
  run: async () => ({ run_id: 'run_1' }),
});

describe('stepLines: failed calls of the LLM planner read as the model read them', () => {
  it('keeps tool and argument names for a model call, and CLI wording for a step askml ran itself', async () => {
    const model = scriptedModel([
      { toolCalls: [{ name: 'profile', arguments: {} }, { name: 'search_model', arguments: { dataset_id: 'ds_20260101000000_abcdef', budget_seconds: 'x' } }] },
      { content: 'ok' },
    ]);
    const res = await runAgent({ model, tools: [searchModel], instruction: 'go', context: { workspaceDir: '/nowhere', resolvePath: (p) => p } });
    const lines: string[] = [];
    const s = stepLines((l) => lines.push(l), 'chat');
    for (const step of res.steps) s.event(end(step.tool, step.error!));
    // The same words from a step askml ran (not a model call): CLI wording.
    s.event(end('search_model', { code: 'BAD_ARGUMENT', message: 'budget_seconds is wrong. Start a new search with search_model.' }));
    s.end();
    expect(lines[0]).toBe("  profile failed: Unknown tool 'profile'. Valid tools: search_model.");
    expect(lines[1]).toContain("search_model failed: Invalid arguments for 'search_model':");
    expect(lines[1]).toContain('→ at budget_seconds');
    expect(lines[1]).toContain("call 'search_model' again");
    expect(lines[2]).toBe("  search_model failed: --budget is wrong. Start a new search with 'askml search DATA --target COL'.");
  });

  it("prints the task's 'note: ' log lines (a capped budget) and no other log line", () => {
    const lines: string[] = [];
    const s = stepLines((l) => lines.push(l), 'run');
    s.event({ type: 'log', message: 'search_model: run run_1, 5 learners', time });
    s.event({ type: 'log', message: 'note: search_model: budget_seconds 20 was capped at 3 s', time });
    s.end();
    expect(lines).toEqual(['  note: search_model: budget_seconds 20 was capped at 3 s']);
  });
});
