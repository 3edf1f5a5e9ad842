/** --planner llm: the configuration and the endpoint are checked before anything runs. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkReachable, requireLlmConfig } from './llm-check.js';

let server: Server;
let url = '';
const saved = { ...process.env };

beforeAll(async () => {
  // Any HTTP answer counts: this one says 401, as a provider does without a key.
  server = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":"no key"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  for (const k of ['ASKML_MODEL', 'ASKML_BASE_URL', 'ASKML_API_KEY', 'ASKML_TIMEOUT_MS']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('requireLlmConfig', () => {
  it('no ASKML_MODEL: says so, names the default base URL, and suggests dropping --planner llm', async () => {
    delete process.env.ASKML_MODEL;
    const e = await requireLlmConfig().catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'LLM_ERROR', message: expect.stringContaining('ASKML_MODEL is not set') });
    const hint = (e as { details: { hint: string } }).details.hint;
    expect(hint).toContain('https://api.openai.com/v1');
    expect(hint).toContain('drop --planner llm');
    expect(hint).not.toContain('unset ASKML_MODEL');
  });

  it('an empty key for a remote endpoint: the hint does not say to unset ASKML_MODEL', async () => {
    process.env.ASKML_MODEL = 'glm-4-plus';
    delete process.env.ASKML_BASE_URL;
    delete process.env.ASKML_API_KEY;
    const e = await requireLlmConfig().catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'LLM_ERROR', message: expect.stringContaining('ASKML_API_KEY is empty for https://api.openai.com/v1') });
    expect((e as { details: { hint: string } }).details.hint).toContain('drop --planner llm');
  });

  it('passes when the endpoint answers, whatever the HTTP status', async () => {
    process.env.ASKML_MODEL = 'qwen2.5:7b';
    process.env.ASKML_BASE_URL = url;
    await expect(requireLlmConfig()).resolves.toBeUndefined();
  });

  it('an endpoint nobody listens on fails at once, saying nothing was run', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    process.env.ASKML_MODEL = 'qwen2.5:7b';
    process.env.ASKML_BASE_URL = `http://127.0.0.1:${port}/v1`;
    const e = await requireLlmConfig().catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'LLM_ERROR', message: expect.stringMatching(/^Could not connect to the LLM endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model qwen2\.5:7b\) \(.*ECONNREFUSED.*\); nothing was run\.$/) });
    expect((e as { details: { hint: string } }).details.hint).toContain('drop --planner llm');
  });
});

describe('checkReachable', () => {
  it('gives up after the time limit (ASKML_TIMEOUT_MS when shorter)', async () => {
    const hang: typeof fetch = (_u, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const t0 = Date.now();
    const e = await checkReachable({ baseURL: 'http://example.invalid/v1', model: 'm', timeoutMs: 200 }, hang).catch((x: unknown) => x);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(e).toMatchObject({ code: 'LLM_ERROR', message: expect.stringContaining('did not answer within 200 ms; nothing was run') });
  });
});
