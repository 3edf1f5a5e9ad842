/**
 * Stopping the server (SIGINT / SIGTERM) while a client waits for a tool call: the call is stopped
 * and answered before the streams close, so the client gets the result so far (or a CANCELLED
 * error) at once instead of waiting for its own request timeout. Over Streamable HTTP in process
 * (close() is what `askml mcp --http` runs on SIGINT) and over stdio with a real `askml mcp`
 * process and a real SIGINT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { askmlStdioTransport } from './testing/stdio-server.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { defineTool, type AnyTool } from '../../tools/define-tool.js';
import { TOOLS } from '../../tools/index.js';
import { startHttpServer } from './http.js';
import { createAskmlServer } from './server.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;

const SEARCH = { target: 'churned', seed: 0, include_learners: ['linear'], exclude_learners: [], parallelism: 1, budget_seconds: 60 };

function text(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** A long tool that never returns, whatever it is told (a bug, or a step that cannot be interrupted). */
const stuck = defineTool({
  name: 'stuck',
  title: 'Stuck',
  description: 'Starts and never finishes, ignoring every stop signal.',
  input: z.object({}).strict(),
  output: z.object({ ok: z.boolean() }).strict(),
  long: true,
  run: () => new Promise<{ ok: boolean }>(() => {}),
});

beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-mcp-shutdown-')));
  copyFileSync(path.join(repo, 'examples/churn.csv'), path.join(dir, 'churn.csv'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HTTP server close() with a tool call in flight', () => {
  it('answers the running search with its result so far before hanging up, and the run is saved', async () => {
    const ws = path.join(dir, 'ws-http');
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, cwd: dir, workspaceDir: ws, tools: TOOLS });
    const client = new Client({ name: 'shutdown-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      const prof = (await client.callTool({ name: 'profile_data', arguments: { path: 'churn.csv', target: 'churned' } })) as CallToolResult;
      const datasetId = (prof.structuredContent as { dataset_id: string }).dataset_id;
      let closing: Promise<void> | null = null;
      let t0 = 0;
      const r = (await client.callTool({ name: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId } }, undefined, {
        timeout: 120_000,
        // After a trial has finished ('best ...'; the first update says the features are being built).
        onprogress: (p) => {
          if (closing || !/^best /.test(p.message ?? '')) return;
          t0 = Date.now();
          closing = server.close(); // what SIGINT does in `askml mcp --http`
        },
      })) as CallToolResult;
      const answeredMs = Date.now() - t0;
      expect(closing).not.toBeNull();
      await closing;
      expect(r.isError, text(r)).toBeFalsy();
      const out = r.structuredContent as { run_id: string; status: string; trials: number };
      expect(out.status).toBe('cancelled');
      expect(text(r)).toContain('The askml MCP server is shutting down: this call was stopped early');
      // Answered as soon as the search stopped, long before the 60 s budget or the 120 s client timeout.
      expect(answeredMs).toBeLessThan(30_000);
      const record = JSON.parse(readFileSync(path.join(ws, 'runs', out.run_id, 'record.json'), 'utf8'));
      expect(record.status).toBe('cancelled');
      expect(existsSync(path.join(ws, 'runs', out.run_id, 'model', 'manifest.json'))).toBe(true);
    } finally {
      await client.close().catch(() => {});
      await server.close();
    }
  }, 90_000);

  it('answers a call that does not stop within the grace period with a CANCELLED error', async () => {
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, cwd: dir, workspaceDir: path.join(dir, 'ws-stuck'), tools: [stuck] as AnyTool[], shutdownGraceMs: 300 });
    const client = new Client({ name: 'shutdown-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      const pending = client.callTool({ name: 'stuck', arguments: {} }, undefined, { timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      const closing = server.close();
      const r = (await pending) as CallToolResult;
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/^ERROR CANCELLED: The askml MCP server is shutting down and stopped this call before it could finish/);
      await closing;
    } finally {
      await client.close().catch(() => {});
      await server.close();
    }
  }, 30_000);
});

describe('shutdown() hurried (a signal after the client closed stdin)', () => {
  it('stops a call hard and answers it at once instead of waiting out the grace period', async () => {
    const { mcp, shutdown } = createAskmlServer({ cwd: dir, workspaceDir: path.join(dir, 'ws-hurry'), tools: [stuck] as AnyTool[] });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const client = new Client({ name: 'hurry-test', version: '1.0.0' });
    await client.connect(clientSide);
    try {
      const pending = client.callTool({ name: 'stuck', arguments: {} }, undefined, { timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 200));
      const hurry = new AbortController();
      const t0 = Date.now();
      const done = shutdown({ graceMs: 60_000, clientGone: true, hurry: hurry.signal });
      setTimeout(() => hurry.abort(), 300);
      const r = (await pending) as CallToolResult;
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/^ERROR CANCELLED/);
      await done;
    } finally {
      await client.close().catch(() => {});
      await mcp.close().catch(() => {});
    }
  }, 30_000);
});

describe('stdio server and SIGINT with a tool call in flight', () => {
  it('answers the running search on stdout, then exits', async () => {
    const ws = path.join(dir, 'ws-stdio');
    const transport = askmlStdioTransport({ cwd: dir, workspace: ws });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'shutdown-test', version: '1.0.0' });
    let closed = false;
    client.onclose = () => (closed = true);
    try {
      await client.connect(transport);
      const prof = (await client.callTool({ name: 'profile_data', arguments: { path: 'churn.csv', target: 'churned' } })) as CallToolResult;
      const datasetId = (prof.structuredContent as { dataset_id: string }).dataset_id;
      let signalled = false;
      const r = (await client.callTool({ name: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId } }, undefined, {
        timeout: 120_000,
        onprogress: (p) => {
          if (signalled || !/^best /.test(p.message ?? '')) return;
          signalled = true;
          process.kill(transport.pid!, 'SIGINT');
        },
      })) as CallToolResult;
      expect(signalled).toBe(true);
      expect(r.isError, `${text(r)}\n${stderr}`).toBeFalsy();
      const out = r.structuredContent as { run_id: string; status: string };
      expect(out.status).toBe('cancelled');
      expect(text(r)).toContain('The askml MCP server is shutting down');
      expect(JSON.parse(readFileSync(path.join(ws, 'runs', out.run_id, 'record.json'), 'utf8')).status).toBe('cancelled');
      // Then the server closes the channel and its process ends.
      const until = Date.now() + 20_000;
      while (!closed && Date.now() < until) await new Promise((res) => setTimeout(res, 100));
      expect(closed).toBe(true);
      expect(stderr).toContain('SIGINT; stopping the tool calls in flight');
    } finally {
      await client.close().catch(() => {});
    }
  }, 90_000);
});
