/**
 * The real thing over stdio: the SDK's Client spawns `node bin/askml mcp` in a temp folder holding
 * a copy of examples/churn.csv (workspace in another temp folder via ASKML_WORKSPACE) and runs
 * profile_data -> search_model -> evaluate -> export_model -> report, then reads the run's
 * resources and the prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { askmlStdioTransport } from './testing/stdio-server.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

function resourceText(r: { contents: ({ text: string } | { blob: string })[] }): string {
  const c = r.contents[0];
  return 'text' in c ? c.text : '';
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let ws: string;
let client: Client;
let stderr = '';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(name: string, args: Record<string, unknown>): Promise<{ out: any; text: string }> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  if (r.isError) throw new Error(`${name} failed: ${text}`);
  return { out: r.structuredContent, text };
}

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-mcp-stdio-')));
  ws = path.join(dir, 'workspace');
  copyFileSync(path.join(repo, 'examples/churn.csv'), path.join(dir, 'churn.csv'));
  const transport = askmlStdioTransport({ cwd: dir, workspace: ws });
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  client = new Client({ name: 'askml-stdio-test', version: '1.0.0' });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('askml mcp over stdio', () => {
  it('lists every tool with input/output schemas, titles and annotations', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['profile_data', 'search_model', 'tune', 'evaluate', 'predict', 'export_model', 'report', 'get_task', 'list_tasks', 'start_task', 'cancel_task']));
    for (const t of tools) {
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(t.outputSchema?.type, t.name).toBe('object');
      expect(t.title, t.name).toBeTruthy();
      expect(t.description!.length, t.name).toBeGreaterThan(40);
    }
    const by = new Map(tools.map((t) => [t.name, t]));
    for (const ro of ['get_task', 'list_tasks']) expect(by.get(ro)!.annotations?.readOnlyHint, ro).toBe(true);
    // profile_data writes a dataset record into the workspace (F18).
    for (const rw of ['profile_data', 'search_model', 'tune', 'export_model']) expect(by.get(rw)!.annotations?.readOnlyHint, rw).toBe(false);
    const prof = by.get('profile_data')!.inputSchema;
    expect(Object.keys(prof.properties ?? {}).sort()).toEqual(['missing_values', 'path', 'split_file', 'target', 'test_path']);
    expect(prof.required).toEqual(['path']); // nullable arguments may be omitted
    expect(Object.keys(by.get('search_model')!.outputSchema!.properties ?? {})).toEqual(expect.arrayContaining(['run_id', 'best', 'leaderboard']));
    // Learner fields stay strings (forgiving case and near misses) but name every valid learner.
    const include = JSON.stringify((by.get('search_model')!.inputSchema.properties as Record<string, unknown>).include_learners);
    const tuneLearner = JSON.stringify((by.get('tune')!.inputSchema.properties as Record<string, unknown>).learner);
    for (const l of ['logistic_regression', 'linear_svm', 'ridge', 'gbdt', 'random_forest', 'extra_trees', 'naive_bayes', 'knn', 'decision_tree']) {
      expect(include, l).toContain(l);
      expect(tuneLearner, l).toContain(l);
    }
    expect(include).toContain('forest (random_forest, extra_trees)');
    expect(stderr).toContain(`files under ${dir}`);
  });

  it('runs profile -> search -> evaluate -> export -> report, and serves the run as resources', async () => {
    const prof = await call('profile_data', { path: 'churn.csv', target: 'churned' });
    expect(prof.out.rows).toBe(800);
    expect(prof.out.target_guess).toBe('churned');
    expect(prof.out.dataset_id).toMatch(/^ds_/);
    expect(prof.text).toContain(prof.out.dataset_id);

    const search = await call('search_model', {
      dataset_id: prof.out.dataset_id, target: 'churned', max_trials: 4, seed: 0, include_learners: ['linear'], exclude_learners: [], parallelism: 1,
    });
    const runId: string = search.out.run_id;
    expect(runId).toMatch(/^run_/);
    expect(search.out.trials).toBeGreaterThanOrEqual(1);
    expect(search.out.best.score).toBeGreaterThan(0.6);
    expect(search.text).toContain(runId);
    expect(existsSync(path.join(ws, 'runs', runId, 'leaderboard.json'))).toBe(true);

    const ev = await call('evaluate', { run_id: runId });
    expect(ev.out.test_rows).toBe(160);
    expect(ev.out.test_score).toBeGreaterThan(0.6);

    const ex = await call('export_model', { run_id: runId });
    expect(ex.out.onnx_path).toBe(path.join(ws, 'runs', runId, 'model.onnx'));
    expect(ex.out.verified.labels_equal).toBe(true);
    expect(readFileSync(ex.out.onnx_path).length).toBe(ex.out.bytes);

    const rep = await call('report', { run_id: runId, lang: 'en' });
    expect(rep.out.evaluated).toBe(true);

    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    for (const k of ['report', 'report.html', 'leaderboard', 'trials', 'evaluation']) expect(uris).toContain(`askml://runs/${runId}/${k}`);
    const md = await client.readResource({ uri: `askml://runs/${runId}/report` });
    expect(md.contents[0].mimeType).toBe('text/markdown');
    expect(resourceText(md)).toBe(readFileSync(rep.out.markdown_path, 'utf8'));
    const lb = await client.readResource({ uri: `askml://runs/${runId}/leaderboard` });
    const board = JSON.parse(resourceText(lb));
    expect(board.metric).toBe(search.out.metric);
    expect(board.leaderboard[0].score).toBeCloseTo(search.out.leaderboard[0].score, 10);
    const trials = await client.readResource({ uri: `askml://runs/${runId}/trials` });
    expect((resourceText(trials)).trim().split('\n').length).toBe(search.out.trials);
    await expect(client.readResource({ uri: 'askml://runs/run_20990101000000_abcdef/report' })).rejects.toThrow(/No run with id/);
    // MCP's resource-not-found code, and the message once (the client adds its own 'MCP error' prefix).
    const missing = await client.readResource({ uri: 'askml://runs/run_nope/report' }).catch((e: { code: number; message: string }) => e);
    expect(missing).toMatchObject({ code: -32002 });
    expect((missing as { message: string }).message.match(/MCP error/g)).toHaveLength(1);
  });

  it('offers the train_model prompt', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain('train_model');
    const p = await client.getPrompt({ name: 'train_model', arguments: { path: 'churn.csv', instruction: 'predict churned' } });
    const text = p.messages[0].content.type === 'text' ? p.messages[0].content.text : '';
    expect(text).toContain('`churn.csv`');
    expect(text).toContain('predict churned');
    expect(text).toContain('profile_data');
  });

  it('answers bad calls with isError results and keeps serving', async () => {
    const outside = (await client.callTool({ name: 'profile_data', arguments: { path: '../../etc/passwd' } })) as CallToolResult;
    expect(outside.isError).toBe(true);
    expect(JSON.stringify(outside.content)).toContain('PATH_NOT_ALLOWED');
    expect(JSON.stringify(outside.content)).toContain(dir);
    const missing = (await client.callTool({ name: 'profile_data', arguments: { path: 'nope.csv' } })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain('FILE_NOT_FOUND');
    const list = await call('list_tasks', {});
    expect(list.out.tasks).toEqual([]);
  });
});

describe('a client that leaves while a background task runs (F2)', () => {
  it('the task is cancelled and recorded as such, and the server process exits', async () => {
    const child = spawn(process.execPath, [path.join(repo, 'bin/askml'), 'mcp'], {
      cwd: dir,
      env: { ...(process.env as Record<string, string>), ASKML_WORKSPACE: ws },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const waiting = new Map<number, (m: { result?: CallToolResult }) => void>();
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = JSON.parse(line) as { id?: number; result?: CallToolResult };
        if (typeof m.id === 'number') waiting.get(m.id)?.(m);
      }
    });
    let id = 0;
    const send = (method: string, params: unknown) =>
      new Promise<{ result?: CallToolResult }>((r) => {
        waiting.set(++id, r);
        child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
      });
    await send('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'leaver', version: '1' } });
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
    const prof = await send('tools/call', { name: 'profile_data', arguments: { path: 'churn.csv', target: 'churned' } });
    const datasetId = (prof.result!.structuredContent as { dataset_id: string }).dataset_id;
    const started = await send('tools/call', {
      name: 'start_task',
      arguments: { tool: 'search_model', arguments: { dataset_id: datasetId, target: 'churned', budget_seconds: 600, include_learners: ['linear'] } },
    });
    expect(started.result?.isError, JSON.stringify(started.result?.content)).toBeFalsy();
    const taskId = (started.result!.structuredContent as { task_id: string }).task_id;
    await new Promise((r) => setTimeout(r, 2000));
    const t0 = Date.now();
    child.stdin.end(); // the client goes away without cancelling anything
    const timeout = new Promise<'still running'>((r) => setTimeout(() => r('still running'), 30_000));
    const how = await Promise.race([exited, timeout]);
    if (how === 'still running') child.kill('SIGKILL');
    expect(how).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const rec = JSON.parse(readFileSync(path.join(ws, 'tasks', `${taskId}.json`), 'utf8'));
    expect(rec.status).toBe('cancelled');
    expect(rec.error.message).toContain('The MCP client disconnected');
  }, 90_000);
});

describe('a client that closes stdin with calls in flight (MCP stdio shutdown)', () => {
  it('answers them, and a last line without a newline, before the process exits', async () => {
    const child = spawn(process.execPath, [path.join(repo, 'bin/askml'), 'mcp'], {
      cwd: dir,
      env: { ...(process.env as Record<string, string>), ASKML_WORKSPACE: ws },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const answers = new Map<number, { result?: CallToolResult }>();
    const waiting = new Map<number, () => void>();
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const m = JSON.parse(buf.slice(0, i)) as { id?: number; result?: CallToolResult };
        buf = buf.slice(i + 1);
        if (typeof m.id === 'number') {
          answers.set(m.id, m);
          waiting.get(m.id)?.();
        }
      }
    });
    const line = (id: number | null, method: string, params: unknown): string => JSON.stringify({ jsonrpc: '2.0', ...(id === null ? {} : { id }), method, params });
    const answered = (id: number) => new Promise<void>((r) => (answers.has(id) ? r() : waiting.set(id, r)));
    child.stdin.write(line(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'script', version: '1' } }) + '\n');
    await answered(1);
    child.stdin.write(line(null, 'notifications/initialized', {}) + '\n');
    child.stdin.write(line(2, 'tools/call', { name: 'profile_data', arguments: { path: 'churn.csv', target: 'churned' } }) + '\n');
    await answered(2);
    const datasetId = (answers.get(2)!.result!.structuredContent as { dataset_id: string }).dataset_id;
    child.stdin.write(line(3, 'tools/call', { name: 'search_model', arguments: { dataset_id: datasetId, target: 'churned', budget_seconds: 600, include_learners: ['linear'] } }) + '\n');
    await new Promise((r) => setTimeout(r, 2000));
    // The last request has no newline; then the client closes stdin.
    child.stdin.end(line(4, 'ping', {}));
    const timeout = new Promise<'still running'>((r) => setTimeout(() => r('still running'), 30_000));
    const how = await Promise.race([exited, timeout]);
    if (how === 'still running') child.kill('SIGKILL');
    expect(how).toBe(0);
    expect(answers.get(4)?.result).toEqual({});
    // The search stopped and answered with its best model so far.
    const search = answers.get(3)?.result;
    expect(search?.isError, JSON.stringify(search?.content)).toBeFalsy();
    expect((search?.structuredContent as { run_id: string }).run_id).toMatch(/^run_/);
  }, 90_000);
});
