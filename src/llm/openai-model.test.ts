import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAIModel } from './openai-model.js';
import { toolSpec, toolSpecs } from './tool-schema.js';
import { loadLlmConfig } from './config.js';
import { AskmlError } from '../errors.js';
import { defineTool } from '../../tools/define-tool.js';
import { reply, startFakeOpenAIServer, type FakeOpenAIServer } from '../../test/fake-openai-server.js';

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Echo a word.',
  input: z.object({ word: z.string(), times: z.number().int().nullable() }),
  output: z.object({ said: z.string() }),
  run: async (i) => ({ said: i.word.repeat(i.times ?? 1) }),
});

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createOpenAIModel against a fake OpenAI-compatible server', () => {
  it('sends strict function schemas and parses tool calls and usage', async () => {
    server = await startFakeOpenAIServer([
      { kind: 'message', content: null, toolCalls: [{ name: 'echo', arguments: { word: 'hi', times: 2 }, id: 'c1' }], usage: { prompt: 120, completion: 30 } },
    ]);
    const model = createOpenAIModel({ baseURL: server.url, apiKey: 'sk-test', model: 'glm-4-plus', maxRetries: 0 });
    const res = await model.chat({ messages: [{ role: 'user', content: 'say hi twice' }], tools: toolSpecs([echo]) });
    expect(res.toolCalls).toEqual([{ id: 'c1', name: 'echo', arguments: '{"word":"hi","times":2}' }]);
    expect(res.usage).toEqual({ promptTokens: 120, completionTokens: 30, totalTokens: 150 });
    expect(res.finishReason).toBe('tool_calls');
    expect(model.usage.totalTokens).toBe(150);
    const body = server.requests[0].body;
    expect(body.model).toBe('glm-4-plus');
    expect(body.temperature).toBe(0);
    expect(server.requests[0].headers.authorization).toBe('Bearer sk-test');
    const fn = body.tools[0].function;
    expect(fn.name).toBe('echo');
    expect(fn.strict).toBe(true);
    expect(fn.parameters.additionalProperties).toBe(false);
    expect(fn.parameters.required).toEqual(['word', 'times']);
    expect(fn.parameters.$schema).toBeUndefined();
  });

  it('retries 429 with exponential backoff, then succeeds', async () => {
    server = await startFakeOpenAIServer([reply.status(429), reply.status(429), reply.text('ok')]);
    const retries: { attempt: number; delayMs: number; reason: string }[] = [];
    const model = createOpenAIModel({ baseURL: server.url, apiKey: 'k', model: 'm', baseDelayMs: 25, maxDelayMs: 1000, onRetry: (r) => retries.push(r) });
    const res = await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [] });
    expect(res.content).toBe('ok');
    expect(server.requests.length).toBe(3);
    expect(retries.map((r) => r.delayMs)).toEqual([25, 50]);
    expect(retries[0].reason).toContain('429');
    // The waits really happened between requests.
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(20);
    expect(server.requests[2].at - server.requests[1].at).toBeGreaterThanOrEqual(45);
  });

  it('honours retry-after-ms on 503 (capped by maxDelayMs)', async () => {
    server = await startFakeOpenAIServer([reply.status(503, { 'retry-after-ms': '40' }), reply.text('ok')]);
    const delays: number[] = [];
    const model = createOpenAIModel({ baseURL: server.url, apiKey: 'k', model: 'm', baseDelayMs: 5000, maxDelayMs: 60, sleep: async (ms) => void delays.push(ms) });
    const res = await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [] });
    expect(res.content).toBe('ok');
    expect(delays).toEqual([40]);
  });

  it('gives up after maxRetries on persistent 500 with LLM_ERROR', async () => {
    server = await startFakeOpenAIServer(() => reply.status(500));
    const delays: number[] = [];
    const model = createOpenAIModel({ baseURL: server.url, apiKey: 'k', model: 'm', maxRetries: 2, baseDelayMs: 100, sleep: async (ms) => void delays.push(ms) });
    const err = await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect(err.code).toBe('LLM_ERROR');
    expect(err.message).toContain('HTTP 500');
    // with what to do, as for every LLM_ERROR (audit: a 500 had no hint)
    expect(err.details.hint).toContain('drop --planner llm');
    expect(server.requests.length).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('does not retry 401 and says to check the key', async () => {
    server = await startFakeOpenAIServer(() => reply.status(401));
    const model = createOpenAIModel({ baseURL: server.url, apiKey: 'bad', model: 'm', baseDelayMs: 1 });
    const err = await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect(err.code).toBe('LLM_ERROR');
    expect(err.describe()).toContain('ASKML_API_KEY');
    expect(server.requests.length).toBe(1);
  });

  it('times out on a hanging server, retries, then fails cleanly with LLM_ERROR', async () => {
    server = await startFakeOpenAIServer(() => reply.hang());
    const model = createOpenAIModel({ baseURL: server.url, apiKey: 'k', model: 'm', timeoutMs: 150, maxRetries: 1, baseDelayMs: 10 });
    const t0 = performance.now();
    const err = await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [] }).catch((e) => e);
    const elapsed = performance.now() - t0;
    expect(err).toBeInstanceOf(AskmlError);
    expect(err.code).toBe('LLM_ERROR');
    expect(err.message).toContain('did not answer within 150 ms');
    expect(server.requests.length).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5000);
  });

  it('recovers when only the first request hangs', async () => {
    server = await startFakeOpenAIServer([reply.hang(), reply.text('late but fine')]);
    const model = createOpenAIModel({ baseURL: server.url, apiKey: 'k', model: 'm', timeoutMs: 150, maxRetries: 2, baseDelayMs: 10 });
    const res = await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [] });
    expect(res.content).toBe('late but fine');
    expect(server.requests.length).toBe(2);
  });

  it('turns an abort into CANCELLED, without retrying', async () => {
    const ac = new AbortController();
    // Abort once the request has reached the server.
    server = await startFakeOpenAIServer(() => {
      setTimeout(() => ac.abort(), 10);
      return reply.hang();
    });
    const model = createOpenAIModel({ baseURL: server.url, apiKey: 'k', model: 'm', timeoutMs: 5000, maxRetries: 3 });
    const err = await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [], signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(AskmlError);
    expect(err.code).toBe('CANCELLED');
    expect(server.requests.length).toBe(1);
  });
});

describe('toolSpec', () => {
  it('falls back to non-strict when a property is optional', () => {
    const t = defineTool({
      name: 'loose',
      title: 'Loose',
      description: 'd',
      input: z.object({ a: z.string(), b: z.string().optional() }),
      output: z.object({}),
      run: async () => ({}),
    });
    expect(toolSpec(t).strict).toBe(false);
    expect(toolSpec(echo).strict).toBe(true);
    expect(toolSpec(echo, { strict: false }).strict).toBe(false);
  });
});

describe('loadLlmConfig', () => {
  it('returns null without ASKML_MODEL (offline planner)', () => {
    expect(loadLlmConfig({})).toBeNull();
  });
  it('reads all variables', () => {
    const c = loadLlmConfig({ ASKML_MODEL: 'deepseek-chat', ASKML_BASE_URL: 'https://api.deepseek.com/', ASKML_API_KEY: 'sk', ASKML_TIMEOUT_MS: '5000', ASKML_MAX_STEPS: '8' });
    expect(c).toEqual({ baseURL: 'https://api.deepseek.com', apiKey: 'sk', model: 'deepseek-chat', timeoutMs: 5000, maxSteps: 8, maxRetries: 3 });
  });
  it('allows a missing key only for local servers', () => {
    expect(loadLlmConfig({ ASKML_MODEL: 'qwen2.5:7b', ASKML_BASE_URL: 'http://localhost:11434/v1' })?.apiKey).toBe('local');
    expect(() => loadLlmConfig({ ASKML_MODEL: 'glm-4-plus', ASKML_BASE_URL: 'https://open.bigmodel.cn/api/paas/v4/' })).toThrow(/ASKML_API_KEY/);
  });
  it('rejects a bad number with the variable name', () => {
    expect(() => loadLlmConfig({ ASKML_MODEL: 'm', ASKML_API_KEY: 'k', ASKML_TIMEOUT_MS: 'soon' })).toThrow(/ASKML_TIMEOUT_MS='soon'/);
  });
});
