import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { OFFLINE_SEQUENCE, runOfflineAgent, type ArgsBuilder } from './offline-agent.js';
import { offlinePlan } from '../llm/offline-planner.js';
import { AskmlError } from '../errors.js';
import { outcomeError } from './call-tool.js';
import { defineTool, type AnyTool, type ToolContext } from '../../tools/define-tool.js';
import { titanic } from '../../test/column-sets.js';
import { loadSystemPrompt } from './prompts.js';

let dir: string;
let ctx: ToolContext;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-offline-'));
  ctx = { workspaceDir: dir, resolvePath: (p) => path.resolve(dir, p) };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in tool that writes a real artifact file and returns its id. */
function stage(name: string, opts: { fail?: AskmlError } = {}): AnyTool {
  return defineTool({
    name,
    title: name,
    description: `fake ${name}`,
    input: z.object({ from: z.string().nullable(), target: z.string() }),
    output: z.object({ id: z.string() }),
    run: async (i, c) => {
      if (opts.fail) throw opts.fail;
      if (i.from && !existsSync(path.join(c.workspaceDir, i.from))) throw new AskmlError('NOT_FOUND', `missing ${i.from}`);
      const id = `${name}.json`;
      writeFileSync(path.join(c.workspaceDir, id), JSON.stringify({ from: i.from, target: i.target, lang: c.lang }));
      return { id };
    },
  });
}

const plan = offlinePlan({ instruction: '预测乘客是否生还，不要用 cabin', columns: titanic.columns, targetGuess: 'Survived', taskGuess: 'binary' });

// Each step reads the previous step's id: ids flow, rows never do.
const buildArgs: ArgsBuilder = (tool, { plan: p, outputs }) => {
  const order = OFFLINE_SEQUENCE.map((s) => s.tool);
  const prev = [...order.slice(0, order.indexOf(tool))].reverse().find((t) => outputs[t]);
  return { from: prev ? (outputs[prev] as { id: string }).id : null, target: p.target };
};

describe('runOfflineAgent', () => {
  it('runs the fixed sequence, passing ids from step to step', async () => {
    const tools = OFFLINE_SEQUENCE.map((s) => stage(s.tool));
    const res = await runOfflineAgent(plan, tools, { context: ctx, buildArgs });
    expect(res.ok).toBe(true);
    expect(res.steps.map((s) => s.tool)).toEqual(['profile_data', 'engineer_features', 'search_model', 'evaluate', 'export_model', 'report']);
    expect(res.steps[2].args).toEqual({ from: 'engineer_features.json', target: 'Survived' });
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report).toEqual({ from: 'export_model.json', target: 'Survived', lang: 'zh' });
  });

  it('records a failed optional step (export) and goes on', async () => {
    const tools = OFFLINE_SEQUENCE.map((s) =>
      s.tool === 'export_model' ? stage(s.tool, { fail: new AskmlError('EXPORT_UNSUPPORTED', 'knn cannot be exported to ONNX.') }) : stage(s.tool),
    );
    const res = await runOfflineAgent(plan, tools, { context: ctx, buildArgs });
    expect(res.ok).toBe(true);
    const exp = res.steps.find((s) => s.tool === 'export_model')!;
    expect(exp.ok).toBe(false);
    expect(exp.error).toEqual({ code: 'EXPORT_UNSUPPORTED', message: 'knn cannot be exported to ONNX.' });
    expect(res.steps.at(-1)!.args).toEqual({ from: 'evaluate.json', target: 'Survived' });
  });

  it('stops at a failed required step with the error, not a throw', async () => {
    const tools = OFFLINE_SEQUENCE.map((s) =>
      s.tool === 'search_model' ? stage(s.tool, { fail: new AskmlError('BUDGET', 'Budget too small for any learner.', { hint: 'Give at least 5 seconds.' }) }) : stage(s.tool),
    );
    const res = await runOfflineAgent(plan, tools, { context: ctx, buildArgs });
    expect(res.ok).toBe(false);
    expect(res.steps.map((s) => s.tool)).toEqual(['profile_data', 'engineer_features', 'search_model']);
    expect(res.error).toEqual({ tool: 'search_model', code: 'BUDGET', message: 'Budget too small for any learner. Give at least 5 seconds.' });
    // The AskmlError behind it comes back with its hint apart (run --json prints them as fields).
    const again = outcomeError(res, 'search_model failed: ');
    expect(again.message).toBe('search_model failed: Budget too small for any learner.');
    expect(again.details.hint).toBe('Give at least 5 seconds.');
    expect(JSON.stringify(res.steps.at(-1)!.error)).not.toContain('cause');
  });

  it('reports bad arguments from the builder as a failed step', async () => {
    const tools = OFFLINE_SEQUENCE.map((s) => stage(s.tool));
    const res = await runOfflineAgent(plan, tools, { context: ctx, buildArgs: () => ({ from: 3 }) });
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe('BAD_ARGUMENT');
    expect(res.error?.message).toContain('from');
  });

  it('skips steps by plan and refuses a missing required tool', async () => {
    const tools = OFFLINE_SEQUENCE.map((s) => stage(s.tool));
    const seq = OFFLINE_SEQUENCE.map((s) => (s.tool === 'export_model' ? { ...s, when: (p: typeof plan) => p.preferences.export_onnx } : s));
    const res = await runOfflineAgent(plan, tools, { context: ctx, buildArgs, sequence: seq });
    expect(res.skipped).toEqual([{ tool: 'export_model', reason: 'not needed for this plan' }]);
    await expect(runOfflineAgent(plan, tools.slice(1), { context: ctx, buildArgs })).rejects.toThrow(/needs tool 'profile_data'/);
  });
});

describe('system prompts', () => {
  it('load in both languages with placeholders filled', () => {
    for (const lang of ['en', 'zh'] as const) {
      const p = loadSystemPrompt(lang, { tools: 'a, b', max_steps: 7 });
      expect(p).toContain('a, b');
      expect(p).toContain('7');
      expect(p).not.toMatch(/\{\{\w+\}\}/);
    }
    expect(loadSystemPrompt('zh')).toContain('不要向用户提问');
    expect(loadSystemPrompt('en')).toContain('Ask for nothing');
  });
});
