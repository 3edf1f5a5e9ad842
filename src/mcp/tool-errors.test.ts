/**
 * The server's error policy with tiny test tools over a real HTTP transport: a tool that throws a
 * non-AskmlError (a bug) or returns output that breaks its schema gives an isError result, and the
 * server keeps serving; tool logs reach the client as logging notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { defineTool, type AnyTool } from '../../tools/define-tool.js';
import { startHttpServer, type RunningHttpServer } from './http.js';

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Echo a word back, logging it first.',
  input: z.object({ word: z.string(), times: z.number().int().nullable() }).strict(),
  output: z.object({ said: z.string() }).strict(),
  annotations: { readOnlyHint: true },
  async run(input, ctx) {
    ctx.log?.(`echoing ${input.word}`);
    return { said: input.word.repeat(input.times ?? 1) };
  },
  summarize: (o) => `Said ${o.said}.`,
});

const boom = defineTool({
  name: 'boom',
  title: 'Boom',
  description: 'Always fails with a plain Error (a bug).',
  input: z.object({}).strict(),
  output: z.object({ ok: z.boolean() }).strict(),
  async run() {
    throw new Error('kaboom');
  },
});

const liar = defineTool({
  name: 'liar',
  title: 'Liar',
  description: 'Returns output that does not match its own schema.',
  input: z.object({}).strict(),
  output: z.object({ n: z.number() }).strict(),
  async run() {
    return { n: 'three' } as unknown as { n: number };
  },
});

let dir: string;
let server: RunningHttpServer;
let client: Client;
const logs: string[] = [];

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-mcp-err-')));
  server = await startHttpServer({ host: '127.0.0.1', port: 0, cwd: dir, workspaceDir: path.join(dir, 'ws'), tools: [echo, boom, liar] as AnyTool[] });
  client = new Client({ name: 't', version: '1' });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(String(n.params.data));
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tool errors and logs', () => {
  it('serves only the given tools (no long tool: no start_task)', async () => {
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo', 'boom', 'liar']);
  });

  it('returns structuredContent, the summary as text, and forwards logs', async () => {
    const r = (await client.callTool({ name: 'echo', arguments: { word: 'ab', times: 2 } })) as CallToolResult;
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toEqual({ said: 'abab' });
    expect(r.content).toEqual([{ type: 'text', text: 'Said abab.' }]);
    const omitted = (await client.callTool({ name: 'echo', arguments: { word: 'x' } })) as CallToolResult; // nullable omitted -> null
    expect(omitted.structuredContent).toEqual({ said: 'x' });
    expect(logs).toContain('echoing ab');
  });

  it('turns a crashing tool and a schema-breaking output into isError results', async () => {
    const a = (await client.callTool({ name: 'boom', arguments: {} })) as CallToolResult;
    expect(a.isError).toBe(true);
    expect(JSON.stringify(a.content)).toContain('INTERNAL');
    expect(JSON.stringify(a.content)).toContain('kaboom');
    const b = (await client.callTool({ name: 'liar', arguments: {} })) as CallToolResult;
    expect(b.isError).toBe(true);
    expect(JSON.stringify(b.content)).toContain('does not match its schema');
    const c = (await client.callTool({ name: 'echo', arguments: { word: 'ok', times: null } })) as CallToolResult;
    expect(c.structuredContent).toEqual({ said: 'ok' });
  });
});
