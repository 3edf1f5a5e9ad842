import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { runAgent } from './loop.js';
import { createOpenAIModel } from '../llm/openai-model.js';
import { AskmlError, unknownName } from '../errors.js';
import { defineTool, type AnyTool, type ToolContext } from '../../tools/define-tool.js';
import { reply, startFakeOpenAIServer, type FakeOpenAIServer } from '../../test/fake-openai-server.js';
import { scriptedModel } from '../../test/scripted-model.js';

// Small real tools over real files in a temp workspace: the LLM is the only fake.
let dir: string;
let ctx: ToolContext;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-loop-'));
  writeFileSync(path.join(dir, 'pets.csv'), 'name,kind\nrex,dog\ntom,cat\nfido,dog\n');
  ctx = { workspaceDir: dir, resolvePath: (p) => path.resolve(dir, p) };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loadData = defineTool({
  name: 'load_data',
  title: 'Load data',
  description: 'Load a CSV and return a dataset id.',
  input: z.object({ path: z.string() }),
  output: z.object({ dataset_id: z.string(), rows: z.number(), columns: z.array(z.string()) }),
  run: async (i, c) => {
    const file = c.resolvePath(i.path);
    if (!existsSync(file)) throw new AskmlError('FILE_NOT_FOUND', `File '${i.path}' not found.`, { hint: 'Check the path.' });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    // An id of askml's shape (the model path checks ids as MCP does): the file name stands in the digits' place.
    const id = `ds_20260101000000_${Buffer.from(path.basename(file, '.csv')).toString('hex').slice(0, 6).padEnd(6, '0')}`;
    writeFileSync(path.join(c.workspaceDir, `${id}.json`), JSON.stringify({ file }));
    return { dataset_id: id, rows: lines.length - 1, columns: lines[0].split(',') };
  },
  summarize: (o) => `Loaded ${o.rows} rows as ${o.dataset_id}.`,
});

const countValues = defineTool({
  name: 'count_values',
  title: 'Count values',
  description: 'Count the values of one column of a dataset.',
  input: z.object({ dataset_id: z.string(), column: z.string(), top: z.number().int().positive().nullable() }),
  output: z.object({ counts: z.record(z.string(), z.number()) }),
  run: async (i, c) => {
    const meta = path.join(c.workspaceDir, `${i.dataset_id}.json`);
    if (!existsSync(meta)) throw new AskmlError('NOT_FOUND', `Dataset '${i.dataset_id}' not found.`);
    const { file } = JSON.parse(readFileSync(meta, 'utf8')) as { file: string };
    const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
    const cols = head.split(',');
    const k = cols.indexOf(i.column);
    if (k < 0) throw unknownName('COLUMN_NOT_FOUND', 'Column', i.column, cols);
    const counts: Record<string, number> = {};
    for (const r of rows) {
      const v = r.split(',')[k];
      counts[v] = (counts[v] ?? 0) + 1;
    }
    return { counts };
  },
});

const tools: AnyTool[] = [loadData, countValues];

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function model(s: FakeOpenAIServer, extra: Partial<Parameters<typeof createOpenAIModel>[0]> = {}) {
  return createOpenAIModel({ baseURL: s.url, apiKey: 'k', model: 'fake', maxRetries: 0, ...extra });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toolMessages = (body: any) => body.messages.filter((m: any) => m.role === 'tool');

describe('runAgent with the real openai SDK and a fake server', () => {
  it('runs a normal plan: tools in sequence, ids passed along, then a final answer', async () => {
    server = await startFakeOpenAIServer([
      reply.tools({ name: 'load_data', arguments: { path: 'pets.csv' } }),
      reply.tools({ name: 'count_values', arguments: { dataset_id: 'ds_20260101000000_706574', column: 'kind', top: null } }),
      reply.text('There are 2 dogs and 1 cat.'),
    ]);
    const events: string[] = [];
    const res = await runAgent({ model: model(server), tools, instruction: 'count the kinds of pets in pets.csv', context: ctx, onEvent: (e) => events.push(e.type) });
    expect(res.stopReason).toBe('final');
    expect(res.finalText).toBe('There are 2 dogs and 1 cat.');
    expect(res.steps.map((s) => [s.tool, s.ok])).toEqual([['load_data', true], ['count_values', true]]);
    expect(res.steps[1].output).toEqual({ counts: { dog: 2, cat: 1 } });
    expect(res.turns).toBe(3);
    expect(res.usage).toEqual({ promptTokens: 30, completionTokens: 15, totalTokens: 45 });
    expect(events).toEqual(['model_call', 'tool_start', 'tool_end', 'model_call', 'tool_start', 'tool_end', 'model_call', 'final']);
    // The model saw the first tool's result (the id) in the second request.
    const second = server.requests[1].body;
    expect(toolMessages(second)[0].content).toContain('Loaded 3 rows as ds_20260101000000_706574.');
    expect(toolMessages(second)[0].tool_call_id).toBe('call_1_1');
    expect(second.messages[0].role).toBe('system');
    expect(second.messages[0].content).toContain('load_data, count_values');
    expect(second.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['load_data', 'count_values']);
  });

  it('returns invalid arguments to the model with the zod message, then runs the fixed call', async () => {
    server = await startFakeOpenAIServer([
      reply.tools({ name: 'load_data', arguments: { path: 'pets.csv' } }),
      reply.tools({ name: 'count_values', arguments: { dataset_id: 'ds_20260101000000_706574', column: 'kind', top: 'three' } }),
      reply.tools({ name: 'count_values', arguments: '{"dataset_id": "ds_20260101000000_706574", "column": ' }),
      reply.tools({ name: 'count_values', arguments: { dataset_id: 'ds_20260101000000_706574', column: 'kind', top: 3 } }),
      reply.text('done'),
    ]);
    const res = await runAgent({ model: model(server), tools, instruction: 'count kinds', context: ctx });
    expect(res.finalText).toBe('done');
    expect(res.steps.map((s) => s.ok)).toEqual([true, false, false, true]);
    expect(res.steps[1].error?.code).toBe('BAD_ARGUMENT');
    const afterBadArgs = toolMessages(server.requests[2].body).at(-1);
    expect(afterBadArgs.content).toContain("Invalid arguments for 'count_values'");
    expect(afterBadArgs.content).toContain('top');
    expect(afterBadArgs.content).toMatch(/expected number/i);
    const afterBadJson = toolMessages(server.requests[3].body).at(-1);
    expect(afterBadJson.content).toContain('not valid JSON');
    expect(res.steps[3].output).toEqual({ counts: { dog: 2, cat: 1 } });
  });

  it('reads an omitted optional (nullable) field as null, so an error names only the real mistake', async () => {
    server = await startFakeOpenAIServer([
      reply.tools({ name: 'count_values', arguments: { dataset_id: 'ds_20260101000000_706574', top: 2 } }, { name: 'load_data', arguments: { path: 'pets.csv' } }),
      reply.tools({ name: 'count_values', arguments: { dataset_id: 'ds_20260101000000_706574', column: 'kind' } }),
      reply.text('done'),
    ]);
    const res = await runAgent({ model: model(server), tools, instruction: 'count kinds', context: ctx });
    expect(res.steps.map((s) => s.ok)).toEqual([false, true, true]);
    const bad = toolMessages(server.requests[1].body)[0].content as string;
    // as over MCP (src/mcp/args.ts): the missing field named, not also the optional one left out
    expect(bad).toContain("'count_values' is missing the required field 'column'.");
    expect(bad).not.toMatch(/field 'top'|fields 'column' and 'top'/);
    expect(res.steps[2].args).toEqual({ dataset_id: 'ds_20260101000000_706574', column: 'kind', top: null });
    expect(res.steps[2].output).toEqual({ counts: { dog: 2, cat: 1 } });
  });

  it('answers an unknown tool name with the valid ones, and an AskmlError with describe()', async () => {
    server = await startFakeOpenAIServer([
      reply.tools({ name: 'load_dataa', arguments: { path: 'pets.csv' } }, { name: 'load_data', arguments: { path: 'pets.csv' } }),
      reply.tools({ name: 'count_values', arguments: { dataset_id: 'ds_20260101000000_706574', column: 'knd', top: null } }),
      reply.text('gave up politely'),
    ]);
    const res = await runAgent({ model: model(server), tools, instruction: 'count', context: ctx });
    expect(res.finalText).toBe('gave up politely');
    const first = toolMessages(server.requests[1].body);
    expect(first.length).toBe(2);
    expect(first[0].content).toContain("Unknown tool 'load_dataa'");
    expect(first[0].content).toContain("Did you mean 'load_data'?");
    expect(first[0].content).toContain('Valid tools: load_data, count_values');
    const second = toolMessages(server.requests[2].body).at(-1);
    expect(second.content).toContain('ERROR COLUMN_NOT_FOUND');
    expect(second.content).toContain("Did you mean 'kind'?");
    expect(second.content).toContain('Valid choices: name, kind');
    expect(res.steps[2].error?.code).toBe('COLUMN_NOT_FOUND');
  });

  it('stops a model that never stops calling tools at the step limit', async () => {
    server = await startFakeOpenAIServer(() => reply.tools({ name: 'load_data', arguments: { path: 'pets.csv' } }));
    const res = await runAgent({ model: model(server), tools, instruction: 'loop forever', context: ctx, maxSteps: 4 });
    expect(res.stopReason).toBe('max_steps');
    expect(res.finalText).toBeNull();
    expect(res.note).toContain('step limit (4 model turns)');
    expect(server.requests.length).toBe(4);
    expect(res.steps.length).toBe(4);
    expect(res.usage.totalTokens).toBe(60);
  });

  it('writes the step-limit note in Chinese for a Chinese instruction', async () => {
    server = await startFakeOpenAIServer(() => reply.tools({ name: 'load_data', arguments: { path: 'pets.csv' } }));
    const res = await runAgent({ model: model(server), tools, instruction: '统计宠物种类', context: ctx, maxSteps: 2 });
    expect(res.note).toContain('步数上限');
    expect(server.requests[0].body.messages[0].content).toContain('你是 askml');
  });

  it('recovers from 429 inside the loop and propagates a dead endpoint as LLM_ERROR', async () => {
    server = await startFakeOpenAIServer([reply.status(429), reply.text('fine')]);
    const ok = await runAgent({ model: model(server, { maxRetries: 2, baseDelayMs: 5 }), tools, instruction: 'hi', context: ctx });
    expect(ok.finalText).toBe('fine');
    await server.close();
    server = await startFakeOpenAIServer(() => reply.status(401));
    const err = await runAgent({ model: model(server), tools, instruction: 'hi', context: ctx }).catch((e) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect(err.code).toBe('LLM_ERROR');
  });

  it('puts a draft plan and facts into the first user message', async () => {
    server = await startFakeOpenAIServer([reply.text('ok')]);
    await runAgent({
      model: model(server),
      tools,
      instruction: 'predict kind',
      facts: 'Data file: pets.csv',
      draftPlan: {
        task_type: 'binary', target: 'kind', metric: 'roc_auc', text_columns: [], excluded_columns: ['name'], categorical_columns: [],
        budget_seconds: 60, preferences: { interpretable: false, fast: false, imbalanced: false, export_onnx: false, max_accuracy: false, explain: false },
        include_learners: null, exclude_learners: [], lang: 'en', assumptions: [],
      },
      context: ctx,
    });
    const user = server.requests[0].body.messages[1].content as string;
    expect(user).toContain('Data file: pets.csv');
    expect(user).toContain('"excluded_columns":["name"]');
  });

  it('works behind the PlannerModel seam with an in-process scripted model, and honours cancellation', async () => {
    const m = scriptedModel([{ toolCalls: [{ name: 'load_data', arguments: { path: 'missing.csv' } }] }, { content: 'The file is missing.' }]);
    const res = await runAgent({ model: m, tools, instruction: 'load missing.csv', context: ctx });
    expect(res.finalText).toBe('The file is missing.');
    expect(res.steps[0].error).toEqual({ code: 'FILE_NOT_FOUND', message: "File 'missing.csv' not found. Check the path." });
    const lastTool = m.requests[1].messages.at(-1)!;
    expect(lastTool).toEqual({ role: 'tool', toolCallId: 'call_1_1', content: "ERROR FILE_NOT_FOUND: File 'missing.csv' not found. Check the path." });
    const ac = new AbortController();
    const looping = scriptedModel(() => {
      ac.abort();
      return { toolCalls: [{ name: 'load_data', arguments: { path: 'pets.csv' } }] };
    });
    const err = await runAgent({ model: looping, tools, instruction: 'x', context: ctx, signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect(err.code).toBe('CANCELLED');
  });
});
