/**
 * logging/setLevel is obeyed: tool logs (info) reach a client at the default level and at 'info'
 * or 'debug', and none does after it set 'warning' or 'error'; each session keeps its own level.
 * Real SDK clients over Streamable HTTP, with a tiny tool that logs.
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

const say = defineTool({
  name: 'say',
  title: 'Say',
  description: 'Log a word, then return it.',
  input: z.object({ word: z.string() }).strict(),
  output: z.object({ said: z.string() }).strict(),
  async run(input, ctx) {
    ctx.log?.(`saying ${input.word}`);
    return { said: input.word };
  },
});

let dir: string;
let server: RunningHttpServer;
const clients: Client[] = [];

async function connect(): Promise<{ client: Client; logs: { level: string; data: unknown }[] }> {
  const client = new Client({ name: 'log-level-test', version: '1.0.0' });
  const logs: { level: string; data: unknown }[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push({ level: n.params.level, data: n.params.data });
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  clients.push(client);
  return { client, logs };
}

async function say1(client: Client, word: string): Promise<void> {
  const r = (await client.callTool({ name: 'say', arguments: { word } })) as CallToolResult;
  expect(r.structuredContent).toEqual({ said: word });
}

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-mcp-log-')));
  server = await startHttpServer({ host: '127.0.0.1', port: 0, cwd: dir, workspaceDir: path.join(dir, 'ws'), tools: [say] as AnyTool[] });
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('logging/setLevel', () => {
  it("drops info logs below the client's level, per session", async () => {
    const a = await connect();
    const b = await connect();
    await say1(a.client, 'one');
    expect(a.logs).toEqual([{ level: 'info', data: 'saying one' }]);

    await a.client.setLoggingLevel('error');
    await say1(a.client, 'two');
    await a.client.setLoggingLevel('warning');
    await say1(a.client, 'three');
    expect(a.logs.map((l) => l.data)).toEqual(['saying one']);

    // The other session did not change its level.
    await say1(b.client, 'four');
    expect(b.logs.map((l) => l.data)).toEqual(['saying four']);

    await a.client.setLoggingLevel('debug');
    await say1(a.client, 'five');
    await a.client.setLoggingLevel('info');
    await say1(a.client, 'six');
    expect(a.logs.map((l) => l.data)).toEqual(['saying one', 'saying five', 'saying six']);
  });
});
