/**
 * Streamable HTTP on 127.0.0.1 (a free port) with real SDK clients: several sessions at once,
 * progress and cancellation of a running search, background tasks, error results, client roots,
 * and the Host / Origin / bearer-token checks on raw requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListRootsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { listIds } from '../task/store.js';
import { startHttpServer, type RunningHttpServer } from './http.js';

function resourceText(r: { contents: ({ text: string } | { blob: string })[] }): string {
  const c = r.contents[0];
  return 'text' in c ? c.text : '';
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let ws: string;
let server: RunningHttpServer;
const clients: Client[] = [];

async function connect(o: { headers?: Record<string, string>; url?: string; roots?: () => string[] } = {}): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'askml-http-test', version: '1.0.0' }, o.roots ? { capabilities: { roots: { listChanged: true } } } : {});
  if (o.roots) {
    const roots = o.roots;
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: roots().map((p) => ({ uri: pathToFileURL(p).href, name: path.basename(p) })) }));
  }
  const transport = new StreamableHTTPClientTransport(new URL(o.url ?? server.url), { requestInit: { headers: o.headers ?? {} } });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

function text(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(c: Client, name: string, args: Record<string, unknown>): Promise<any> {
  const r = (await c.callTool({ name, arguments: args })) as CallToolResult;
  if (r.isError) throw new Error(`${name} failed: ${text(r)}`);
  return r.structuredContent;
}

async function waitFor<T>(f: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function rawPost(url: string, headers: Record<string, string>, text?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const u = new URL(url);
  const body = text ?? JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const SEARCH = { target: 'churned', seed: 0, include_learners: ['linear'], exclude_learners: [], parallelism: 1 };
let datasetId = '';
let runId = '';

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-mcp-http-')));
  ws = path.join(dir, 'ws');
  mkdirSync(path.join(dir, 'sub'));
  copyFileSync(path.join(repo, 'examples/churn.csv'), path.join(dir, 'churn.csv'));
  copyFileSync(path.join(repo, 'examples/churn.csv'), path.join(dir, 'sub', 'churn-copy.csv'));
  server = await startHttpServer({ host: '127.0.0.1', port: 0, cwd: dir, workspaceDir: ws });
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('askml mcp over Streamable HTTP', () => {
  it('serves several clients at once, one session each', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const conns = await Promise.all([connect(), connect(), connect()]);
    expect(server.sessions()).toBe(3);
    const outs = await Promise.all(conns.map(({ client }) => call(client, 'profile_data', { path: 'churn.csv', target: 'churned' })));
    for (const o of outs) expect(o.rows).toBe(800);
    for (const o of outs) expect(o.dataset_id).toMatch(/^ds_/);
    datasetId = outs[0].dataset_id;
    await conns[2].transport.terminateSession();
    await waitFor(() => (server.sessions() === 2 ? true : undefined), 2000);
  });

  it('sends progress, and a cancelled search stops while the server keeps answering', async () => {
    const { client } = await connect();
    const ac = new AbortController();
    const progress: number[] = [];
    const running = client.callTool({ name: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId, budget_seconds: 60 } }, undefined, {
      signal: ac.signal,
      onprogress: (p) => {
        progress.push(p.progress);
        if (p.total !== undefined) expect(p.total).toBeGreaterThan(0);
        if (progress.length === 2) ac.abort();
      },
    });
    await expect(running).rejects.toThrow(/abort/i);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[1]).toBeGreaterThan(progress[0]);
    const t0 = Date.now();
    const again = await call(client, 'list_tasks', { limit: 5 });
    expect(again.tasks).toBeInstanceOf(Array);
    expect(Date.now() - t0).toBeLessThan(5000);
    // The search saw the abort: its run ends as cancelled long before the 60 s budget.
    const board = await waitFor(() => {
      const run = listIds(ws, 'runs')[0];
      const f = run && path.join(ws, 'runs', run, 'leaderboard.json');
      return f && existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as { status: string }) : undefined;
    }, 15_000);
    expect(board.status).toBe('cancelled');
  });

  it('runs a long tool in the background: start_task -> get_task -> output resource; cancel_task stops one', async () => {
    const { client } = await connect();
    const started = await call(client, 'start_task', { tool: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId, max_trials: 3 } });
    expect(started.task_id).toMatch(/^task_/);
    expect(started.status).toBe('running');
    const done = await waitFor(async () => {
      const t = await call(client, 'get_task', { task_id: started.task_id });
      return t.status === 'running' ? undefined : t;
    }, 30_000);
    expect(done.status).toBe('succeeded');
    expect(done.run_id).toMatch(/^run_/);
    runId = done.run_id;
    expect(done.summary.best_learner).toBeTruthy();
    const out = await client.readResource({ uri: `askml://tasks/${started.task_id}/output` });
    expect(JSON.parse(resourceText(out)).run_id).toBe(done.run_id);

    const long = await call(client, 'start_task', { tool: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId, budget_seconds: 60 } });
    await new Promise((r) => setTimeout(r, 1500));
    const c = await call(client, 'cancel_task', { task_id: long.task_id });
    expect(c.cancel_requested).toBe(true);
    const stopped = await waitFor(async () => {
      const t = await call(client, 'get_task', { task_id: long.task_id });
      return t.status === 'running' ? undefined : t;
    }, 15_000);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.wall_seconds).toBeLessThan(20);
    // The stop is named as a cancel, with the model it kept, not an error-less failed step (audit).
    expect(stopped.error).toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/^Cancelled by cancel_task/) });
    if (stopped.artifacts?.model) expect(stopped.error.message).toContain(stopped.artifacts.model);

    const bad = (await client.callTool({ name: 'start_task', arguments: { tool: 'search_model', arguments: { dataset_id: datasetId } } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/target/);
  });

  it('evaluates and exports the background run', async () => {
    const { client } = await connect();
    const ev = await call(client, 'evaluate', { run_id: runId });
    expect(ev.test_rows).toBe(160);
    expect(ev.test_score).toBeGreaterThan(0.6);
    const ex = await call(client, 'export_model', { run_id: runId });
    expect(ex.onnx_path).toBe(path.join(ws, 'runs', runId, 'model.onnx'));
    expect(ex.verified.labels_equal).toBe(true);
  });

  it('answers invalid arguments, paths outside the roots and unknown tools with isError results', async () => {
    const { client } = await connect();
    const bad = (await client.callTool({ name: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId, budget_seconds: 'ten' } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('BAD_ARGUMENT');
    expect(text(bad)).toContain('budget_seconds');
    expect(text(bad)).toMatch(/expected number, received string/);

    const outside = (await client.callTool({ name: 'profile_data', arguments: { path: '/etc/passwd' } })) as CallToolResult;
    expect(outside.isError).toBe(true);
    expect(text(outside)).toContain('PATH_NOT_ALLOWED');
    expect(text(outside)).toContain(dir);

    const out = (await client.callTool({ name: 'predict', arguments: { model: runId, path: 'churn.csv', out_path: '../preds.csv' } })) as CallToolResult;
    expect(out.isError).toBe(true);
    expect(text(out)).toContain('PATH_NOT_ALLOWED');
    const pred = await call(client, 'predict', { model: runId, path: 'churn.csv', out_path: 'preds/out.csv' });
    expect(pred.out_path).toBe(path.join(dir, 'preds', 'out.csv'));
    expect(pred.rows).toBe(800);

    const unknown = (await client.callTool({ name: 'serch_model', arguments: {} })) as CallToolResult;
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain("Did you mean 'search_model'");
    expect((await client.listTools()).tools.length).toBeGreaterThan(5); // still serving
  });

  it("uses the client's roots and follows roots/list_changed", async () => {
    let roots = [path.join(dir, 'sub')];
    const { client } = await connect({ roots: () => roots });
    const denied = (await client.callTool({ name: 'profile_data', arguments: { path: path.join(dir, 'churn.csv') } })) as CallToolResult;
    expect(text(denied)).toContain('PATH_NOT_ALLOWED');
    expect(text(denied)).toContain(path.join(dir, 'sub'));
    const ok = await call(client, 'profile_data', { path: 'churn-copy.csv' }); // relative to the first root
    expect(ok.path).toBe(path.join(dir, 'sub', 'churn-copy.csv'));
    roots = [dir];
    await client.sendRootsListChanged();
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(client, 'profile_data', { path: 'churn.csv' })).rows).toBe(800);
  });

  it('rejects foreign Origin and Host headers (DNS rebinding) and accepts localhost', async () => {
    const port = String(server.port);
    const evil = await rawPost(server.url, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toContain('evil.example');
    const rebind = await rawPost(server.url, { host: `evil.example:${port}` });
    expect(rebind.status).toBe(403);
    const local = await rawPost(server.url, { origin: `http://localhost:${port}` });
    expect(local.status).toBe(200);
    expect(local.body).toContain('"askml"');
  });

  it('answers a body that is not a JSON-RPC message with -32600 saying why, with its id when it has one', async () => {
    const errorOf = async (text: string) => {
      const r = await rawPost(server.url, {}, text);
      expect(r.status).toBe(400);
      return JSON.parse(r.body) as { id: unknown; error: { code: number; message: string } };
    };
    const notJson = await errorOf('{"jsonrpc":');
    expect(notJson.error.code).toBe(-32700);
    const foo = await errorOf('{"foo":1}');
    expect(foo).toMatchObject({ id: null, error: { code: -32600 } });
    expect(foo.error.message).toMatch(/"jsonrpc" must be "2\.0"/);
    const method = await errorOf('{"jsonrpc":"2.0","id":"q7","method":5}');
    expect(method).toMatchObject({ id: 'q7', error: { code: -32600 } });
    expect(method.error.message).toMatch(/"method" must be a string/);
    const batch = await errorOf('[{"jsonrpc":"2.0","method":"notifications/initialized"},{"x":1}]');
    expect(batch.error.message).toMatch(/batch element 1/);
    expect((await errorOf('[]')).error.message).toMatch(/empty/);
  });

  it('closes sessions whose client went away without ending them', async () => {
    const short = await startHttpServer({ host: '127.0.0.1', port: 0, cwd: dir, workspaceDir: ws, idleMs: 300 });
    try {
      const { client, transport } = await connect({ url: short.url });
      await client.listTools();
      expect(short.sessions()).toBe(1);
      await transport.close(); // drops the streams, sends no DELETE
      await waitFor(() => (short.sessions() === 0 ? true : undefined), 5000);
    } finally {
      await short.close();
    }
  });

  it('cancels the background tasks of a session when it ends (F2)', async () => {
    const { client, transport } = await connect();
    const long = await call(client, 'start_task', { tool: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId, budget_seconds: 300 } });
    await new Promise((r) => setTimeout(r, 1500));
    await transport.terminateSession(); // DELETE: the session is over, nobody will poll this task
    const { client: other } = await connect();
    const stopped = await waitFor(async () => {
      const t = await call(other, 'get_task', { task_id: long.task_id });
      return t.status === 'running' ? undefined : t;
    }, 20_000);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.error.message).toContain('The MCP client disconnected');
  });

  it('requires the bearer token when the server has one', async () => {
    const secured = await startHttpServer({ host: '127.0.0.1', port: 0, cwd: dir, workspaceDir: ws, token: 's3cret' });
    try {
      const none = await rawPost(secured.url, {});
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect((await rawPost(secured.url, { authorization: 'Bearer nope' })).status).toBe(401);
      const { client } = await connect({ url: secured.url, headers: { authorization: 'Bearer s3cret' } });
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('profile_data');
      await client.close();
    } finally {
      await secured.close();
    }
    await expect(startHttpServer({ host: '0.0.0.0', port: 0, cwd: dir, workspaceDir: ws })).rejects.toThrow(/needs a bearer token/);
  });
});
