/**
 * Background tasks (start_task) name their run while they run, so a task whose server was killed
 * (kill -9) still leads to its unfinished run, which tune continues; a finished task's summary
 * names its target (search_model's and tune's outputs have none). Real `askml mcp` processes over
 * stdio, spawned by the SDK client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { askmlStdioTransport } from './testing/stdio-server.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let ws: string;
const open: Client[] = [];

async function connect(): Promise<{ client: Client; transport: ReturnType<typeof askmlStdioTransport> }> {
  const transport = askmlStdioTransport({ cwd: dir, workspace: ws });
  const client = new Client({ name: 'background-test', version: '1.0.0' });
  await client.connect(transport);
  open.push(client);
  return { client, transport };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ out: any; text: string }> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  if (r.isError) throw new Error(`${name} failed: ${text}`);
  return { out: r.structuredContent, text };
}

async function waitFor<T>(f: () => Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const SEARCH = { target: 'churned', seed: 0, include_learners: ['linear'], exclude_learners: [], parallelism: 1 };
let datasetId = '';

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-mcp-bg-')));
  ws = path.join(dir, 'ws');
  copyFileSync(path.join(repo, 'examples/churn.csv'), path.join(dir, 'churn.csv'));
}, 60_000);

afterAll(async () => {
  for (const c of open) await c.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('start_task', () => {
  it('names the run while the task runs, and after a kill -9 the interrupted task still leads to its run', async () => {
    const { client, transport } = await connect();
    datasetId = (await call(client, 'profile_data', { path: 'churn.csv', target: 'churned' })).out.dataset_id;
    const started = await call(client, 'start_task', { tool: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId, budget_seconds: 60 } });
    const taskId: string = started.out.task_id;
    const running = await waitFor(async () => {
      const t = (await call(client, 'get_task', { task_id: taskId })).out;
      expect(t.status).toBe('running');
      return t.run_id ? t : undefined;
    }, 20_000);
    expect(running.run_id).toMatch(/^run_\d{14}_[0-9a-f]{6}$/);
    const runId: string = running.run_id;
    // Let it finish a trial, then kill the server without a chance to write anything.
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(transport.pid!, 'SIGKILL');

    const { client: again } = await connect();
    const after = await call(again, 'get_task', { task_id: taskId });
    expect(after.out).toMatchObject({ status: 'failed', interrupted: true, run_id: runId });
    expect(after.text).toContain(`(run ${runId})`);
    expect(after.text).toContain(`continue it with tune (run_id ${runId})`);
    const runs = JSON.parse(((await again.readResource({ uri: 'askml://runs' })).contents[0] as { text: string }).text);
    expect(runs.runs.find((r: { run_id: string }) => r.run_id === runId)?.status).toBe('unfinished');
    // ...and tune continues that run.
    const t = await call(again, 'tune', { run_id: runId, learner: null, budget_seconds: 1 });
    expect(t.out.recovered).toBe(true);
    expect(t.out.run_id).toBe(runId);
  }, 90_000);

  it("records the target in a finished task's summary, for search_model and for tune", async () => {
    const { client } = await connect();
    const search = await call(client, 'start_task', { tool: 'search_model', arguments: { ...SEARCH, dataset_id: datasetId, max_trials: 2 } });
    const done = await waitFor(async () => {
      const t = (await call(client, 'get_task', { task_id: search.out.task_id })).out;
      return t.status === 'running' ? undefined : t;
    }, 30_000);
    expect(done.status).toBe('succeeded');
    expect(done.summary).toMatchObject({ task_type: 'binary', target: 'churned', metric: 'accuracy' });
    // The summary names the saved model (an ensemble too), not the best trial, and the task its model folder (audit).
    const runs = JSON.parse(((await client.readResource({ uri: 'askml://runs' })).contents[0] as { text: string }).text);
    const run = runs.runs.find((r: { run_id: string }) => r.run_id === done.run_id);
    expect(done.summary.best_learner).toBe(run.best_learner);
    expect(done.artifacts.model).toBe(path.join(ws, 'runs', done.run_id, 'model'));

    const tune = await call(client, 'start_task', { tool: 'tune', arguments: { run_id: done.run_id, learner: null, budget_seconds: 1 } });
    const tuned = await waitFor(async () => {
      const t = (await call(client, 'get_task', { task_id: tune.out.task_id })).out;
      return t.status === 'running' ? undefined : t;
    }, 30_000);
    expect(tuned.status).toBe('succeeded');
    expect(tuned.run_id).toBe(done.run_id);
    expect(tuned.summary).toMatchObject({ task_type: 'binary', target: 'churned', metric: 'accuracy' });
  }, 90_000);
});
