/**
 * What sloppy MCP clients send, against the real tools in an in-process server (InMemoryTransport)
 * over a temp workspace: arguments as a JSON string, an array, null or without a tool name (F7),
 * unknown field names (F16), empty paths (F17), malformed and upper-case ids (F14), omitted
 * fields with defaults (F8), start_task id checks (F19) and background tasks cancelled when the
 * client disconnects (F2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { getTask } from '../task/tasks.js';
import { lockRun } from '../task/run-lock.js';
import { createAskmlServer, type AskmlServer } from './server.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let ws: string;
let srv: AskmlServer;
let client: Client;
let raw: InMemoryTransport;
let datasetId = '';
let runId = '';

async function connectClient(s: AskmlServer): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await s.mcp.connect(b);
  const c = new Client({ name: 'args-test', version: '1' });
  await c.connect(a);
  return c;
}

/** A second connection to a fresh server for raw JSON-RPC (what the SDK client would never send). */
const pending = new Map<number, (m: JSONRPCMessage) => void>();
let nextId = 1;
function rpc(method: string, params?: unknown): Promise<{ result?: CallToolResult; error?: { code: number; message: string } }> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, (m) => resolve(m as never));
    void raw.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) } as JSONRPCMessage);
  });
}

function text(r: CallToolResult | undefined): string {
  return (r?.content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

async function callOk(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (r.isError) throw new Error(`${name} failed: ${text(r)}`);
  return r.structuredContent as Record<string, unknown>;
}

async function callErr(name: string, args: Record<string, unknown>): Promise<string> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(r.isError, `${name} should fail`).toBe(true);
  return text(r);
}

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-mcp-args-')));
  ws = path.join(dir, 'ws');
  copyFileSync(path.join(repo, 'examples/churn.csv'), path.join(dir, 'churn.csv'));
  srv = createAskmlServer({ cwd: dir, workspaceDir: ws });
  client = await connectClient(srv);
  const other = createAskmlServer({ cwd: dir, workspaceDir: ws });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await other.mcp.connect(b);
  raw = a;
  raw.onmessage = (m) => {
    const id = (m as { id?: number }).id;
    if (typeof id === 'number' && pending.has(id)) {
      pending.get(id)!(m);
      pending.delete(id);
    }
  };
  await raw.start();
  await rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } });
  await raw.send({ jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCMessage);

  datasetId = String((await callOk('profile_data', { path: 'churn.csv', target: 'churned' })).dataset_id);
  // seed and exclude_learners omitted (F8): null -> 0 and [].
  const search = await callOk('search_model', { dataset_id: datasetId, target: 'churned', max_trials: 3, include_learners: ['linear'], parallelism: 1 });
  runId = String(search.run_id);
}, 120_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await raw?.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('tools/call with wrong-shaped params (F7)', () => {
  it('parses arguments sent as a JSON string', async () => {
    const r = await rpc('tools/call', { name: 'profile_data', arguments: JSON.stringify({ path: 'churn.csv', target: 'churned' }) });
    expect(r.error).toBeUndefined();
    expect(r.result?.isError).toBeFalsy();
    expect((r.result?.structuredContent as { dataset_id: string }).dataset_id).toBe(datasetId);
  });

  it('answers an array, a number, bad JSON text and a missing name with isError results naming the fields', async () => {
    const arr = await rpc('tools/call', { name: 'profile_data', arguments: ['churn.csv'] });
    expect(arr.error).toBeUndefined();
    expect(arr.result?.isError).toBe(true);
    expect(text(arr.result)).toContain("ERROR BAD_ARGUMENT: The arguments of 'profile_data' must be a JSON object, not an array.");
    expect(text(arr.result)).toContain('path (required), target, test_path, split_file, missing_values');
    const num = await rpc('tools/call', { name: 'evaluate', arguments: 5 });
    expect(text(num.result)).toContain('not a number');
    expect(text(num.result)).toContain('run_id (required)');
    const bad = await rpc('tools/call', { name: 'profile_data', arguments: '{"path": "churn.csv"' });
    expect(bad.result?.isError).toBe(true);
    expect(text(bad.result)).toMatch(/a string that is not valid JSON/);
    const noName = await rpc('tools/call', { arguments: { path: 'churn.csv', test_path: null } });
    expect(noName.error).toBeUndefined();
    expect(noName.result?.isError).toBe(true);
    expect(text(noName.result)).toContain("tools/call needs the tool's name as a string in params.name.");
    expect(text(noName.result)).toContain("These arguments fit 'profile_data'.");
    expect(text(noName.result)).toContain('Valid tools: profile_data, engineer_features');
    const unknownTool = await rpc('tools/call', { name: 'evaluate_model', arguments: null });
    expect(unknownTool.result?.isError).toBe(true);
    expect(text(unknownTool.result)).toContain("Did you mean 'evaluate'?");
  });

  it('treats arguments null as {} (missing required fields are named)', async () => {
    const r = await rpc('tools/call', { name: 'evaluate', arguments: null });
    expect(r.result?.isError).toBe(true);
    expect(text(r.result)).toMatch(/BAD_ARGUMENT[\s\S]*run_id/);
  });
});

describe('argument names, empty paths and ids', () => {
  it('lists the valid fields for an unknown argument name (F16)', async () => {
    const t = await callErr('profile_data', { path: 'churn.csv', targt: 'churned', verbose: true });
    expect(t).toContain("ERROR BAD_ARGUMENT: 'profile_data' has no field 'targt', 'verbose'.");
    expect(t).toContain("Did you mean 'target' for 'targt'?");
    expect(t).toContain('Valid fields: path (required), target, test_path, split_file, missing_values.');
    const e = await callErr('evaluate', { run_id: runId, metric: 'f1' });
    expect(e).toContain('Valid fields: run_id (required).');
    // a field the name starts (budget -> budget_seconds); the field list once, not again as choices
    const b = await callErr('search_model', { dataset_id: 'ds_x', target: 'churned', budget: 3 });
    expect(b).toContain("Did you mean 'budget_seconds' for 'budget'?");
    expect(b).not.toContain('Valid choices');
  });

  it("forgives case and separators in a choice that accepts null ('RMSE'), and suggests a metric ('auc')", async () => {
    const auc = await callErr('search_model', { dataset_id: 'ds_x', target: 'churned', metric: 'AUC' });
    expect(auc).toContain('metric "AUC" is not valid');
    expect(auc).toContain("Did you mean 'roc_auc'?");
    // 'Macro-F1' is read as macro_f1: the call goes on to the dataset check
    const f1 = await callErr('search_model', { dataset_id: 'ds_x', target: 'churned', metric: 'Macro-F1' });
    expect(f1).not.toContain('metric');
    expect(f1).toMatch(/dataset/i);
    // also in a choice with a default for null (orDefault: text_analyzer 'Word'), audit
    const word = await callErr('engineer_features', { dataset_id: 'ds_x', target: 'churned', text_analyzer: 'Word' });
    expect(word).not.toContain('text_analyzer');
    expect(word).toMatch(/dataset/i);
    const bad = await callErr('engineer_features', { dataset_id: 'ds_x', target: 'churned', text_analyzer: 'chars' });
    expect(bad).toContain('text_analyzer "chars" is not valid');
    expect(bad).toContain("Did you mean 'char'?");
  });

  it('names the empty path field (F17)', async () => {
    const t = await callErr('profile_data', { path: 'churn.csv', test_path: '' });
    expect(t).toContain('ERROR BAD_ARGUMENT: test_path is an empty string. Give a file path for test_path, or null to leave it out.');
    const p = await callErr('predict', { model: runId, path: 'churn.csv', out_path: '  ' });
    expect(p).toContain('out_path is an empty string');
  });

  it('lists valid ids for malformed ids, points to askml://runs, and accepts upper case (F14)', async () => {
    for (const bad of ['latest', '']) {
      const t = await callErr('evaluate', { run_id: bad });
      expect(t).toContain('is not a valid run id (run_id)');
      expect(t).toContain(`Valid choices: ${runId}`);
      expect(t).toContain('askml://runs');
      expect(t).not.toContain('askml runs');
    }
    const ds = await callErr('engineer_features', { dataset_id: 'titanic', target: 'churned' });
    expect(ds).toContain(`Valid choices: ${datasetId}`);
    expect(ds).toContain('askml://datasets');
    const task = await callErr('get_task', { task_id: 'nope' });
    expect(task).toContain('list_tasks');
    const ev = await callOk('evaluate', { run_id: ` ${runId.toUpperCase()} ` });
    expect(ev.run_id).toBe(runId);
    const runs = await client.readResource({ uri: 'askml://runs' });
    const listed = JSON.parse((runs.contents[0] as { text: string }).text) as { count: number; runs: { run_id: string; target: string; status: string }[] };
    expect(listed.runs.map((r) => r.run_id)).toContain(runId);
    expect(listed.runs.find((r) => r.run_id === runId)?.target).toBe('churned');
    const datasets = JSON.parse((((await client.readResource({ uri: 'askml://datasets' })).contents[0]) as { text: string }).text) as { datasets: { dataset_id: string }[] };
    expect(datasets.datasets.map((d) => d.dataset_id)).toContain(datasetId);
    const upper = await client.readResource({ uri: `askml://runs/${runId.toUpperCase()}/leaderboard` });
    expect((upper.contents[0] as { text: string }).text).toContain('leaderboard');
    await expect(client.readResource({ uri: 'askml://runs/latest/leaderboard' })).rejects.toThrow(new RegExp(`Valid choices: ${runId}`));
  });
});

describe('omitted fields get their defaults (F8)', () => {
  it('search_model without seed / exclude_learners, engineer_features with only dataset_id and target', async () => {
    const rec = JSON.parse(readFileSync(path.join(ws, 'runs', runId, 'record.json'), 'utf8'));
    expect(rec.seed).toBe(0);
    const f = await callOk('engineer_features', { dataset_id: datasetId, target: 'churned' });
    expect(String(f.features_id)).toMatch(/^ft_/);
    const nulls = await callOk('engineer_features', { dataset_id: datasetId, target: 'churned', exclude_columns: null, text_analyzer: null });
    expect(String(nulls.features_id)).toMatch(/^ft_/);
  }, 60_000);
});

describe('start_task (F19, F6, F2)', () => {
  it('checks ids, the target column and a busy run before handing out a task id', async () => {
    const before = existsSync(path.join(ws, 'tasks')) ? readdirSync(path.join(ws, 'tasks')).length : 0;
    const ds = await callErr('start_task', { tool: 'search_model', arguments: { dataset_id: 'ds_20260101000000_abcdef', target: 'churned', budget_seconds: 2 } });
    expect(ds).toContain("ERROR NOT_FOUND: No dataset with id 'ds_20260101000000_abcdef'");
    expect(ds).toContain(datasetId);
    const col = await callErr('start_task', { tool: 'search_model', arguments: { dataset_id: datasetId, target: 'churn', budget_seconds: 2 } });
    expect(col).toContain("Did you mean 'churned'?");
    const run = await callErr('start_task', { tool: 'tune', arguments: { run_id: 'run_20260101000000_abcdef' } });
    expect(run).toContain(`Valid choices: ${runId}`);
    // The tools' own quick checks too: learner names and a metric that does not fit the task (audit).
    const learner = await callErr('start_task', { tool: 'search_model', arguments: { dataset_id: datasetId, target: 'churned', include_learners: ['xgboost'] } });
    expect(learner).toContain("ERROR UNKNOWN_LEARNER: Learner 'xgboost' is unknown (include_learners).");
    const metric = await callErr('start_task', { tool: 'search_model', arguments: { dataset_id: datasetId, target: 'churned', metric: 'rmse' } });
    expect(metric).toContain("ERROR BAD_METRIC: Metric 'rmse' does not fit a binary task.");
    const tuneLearner = await callErr('start_task', { tool: 'tune', arguments: { run_id: runId, learner: 'xgboost' } });
    expect(tuneLearner).toContain("ERROR UNKNOWN_LEARNER: Learner 'xgboost' is unknown.");
    const extra = await callErr('start_task', { tool: 'tune', arguments: { run_id: runId, wait: true } });
    expect(extra).toContain('Valid fields: run_id (required), learner, budget_seconds.');
    const lock = lockRun(path.join(ws, 'runs', runId), runId, 'tune (test)');
    try {
      const busy = await callErr('start_task', { tool: 'tune', arguments: { run_id: runId } });
      expect(busy).toContain(`ERROR BAD_ARGUMENT: Run '${runId}' is busy: tune (test)`);
    } finally {
      lock.release();
    }
    const after = existsSync(path.join(ws, 'tasks')) ? readdirSync(path.join(ws, 'tasks')).length : 0;
    expect(after).toBe(before); // no task record for any of them
  });

  it('cancels background tasks when the client disconnects, recording why', async () => {
    const own = createAskmlServer({ cwd: dir, workspaceDir: ws });
    const c = await connectClient(own);
    const r = (await c.callTool({
      name: 'start_task',
      arguments: { tool: 'search_model', arguments: JSON.stringify({ dataset_id: datasetId, target: 'churned', budget_seconds: 300, include_learners: ['linear'], parallelism: 1 }) },
    })) as CallToolResult;
    expect(r.isError, text(r)).toBeFalsy();
    const taskId = (r.structuredContent as { task_id: string }).task_id;
    await new Promise((res) => setTimeout(res, 1500));
    expect(getTask(ws, taskId).status).toBe('running');
    const t0 = Date.now();
    await c.close(); // the transport closes: the server cancels its jobs by itself
    const stopped = await own.stopBackgroundTasks();
    expect(stopped).toEqual([taskId]);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const rec = getTask(ws, taskId);
    expect(rec.status).toBe('cancelled');
    expect(rec.error?.code).toBe('CANCELLED');
    expect(rec.error?.message).toContain('The MCP client disconnected');
  }, 60_000);
});

describe('start_task without its fields (audit: vaguer than the other tools)', () => {
  it('names the missing tool and arguments, with the valid tool names', async () => {
    const expected =
      "ERROR BAD_ARGUMENT: 'start_task' is missing the required fields 'tool' and 'arguments' (no arguments were given). " +
      'tool (one of: search_model, tune): The long tool to run; the other tools answer quickly, so call them directly. arguments: ';
    const empty = await callErr('start_task', {});
    expect(empty).toContain(expected);
    expect(empty).toContain('Valid fields: tool (required), arguments (required).');
    expect(empty).not.toContain('Invalid input');
    const none = await rpc('tools/call', { name: 'start_task' });
    expect(none.result?.isError).toBe(true);
    expect(text(none.result)).toContain(expected);
    const nullArgs = await rpc('tools/call', { name: 'start_task', arguments: null });
    expect(text(nullArgs.result)).toContain(expected);
  });

  it('names the one missing field, and the inner tool missing fields', async () => {
    const noArgs = await callErr('start_task', { tool: 'search_model' });
    expect(noArgs).toContain("ERROR BAD_ARGUMENT: 'start_task' is missing the required field 'arguments'. arguments: The tool's own arguments as a JSON object");
    const noTool = await callErr('start_task', { arguments: { run_id: runId } });
    expect(noTool).toContain("'start_task' is missing the required field 'tool'. tool (one of: search_model, tune)");
    const inner = await callErr('start_task', { tool: 'search_model', arguments: {} });
    expect(inner).toContain("ERROR BAD_ARGUMENT: 'search_model' is missing the required fields 'dataset_id' and 'target' (no arguments were given).");
    expect(inner).toContain('dataset_id: From profile_data.');
    const direct = await callErr('evaluate', {});
    expect(direct).toContain("ERROR BAD_ARGUMENT: 'evaluate' is missing the required field 'run_id' (no arguments were given).");
  });

  it('suggests the closest long tool and lists the valid ones for a wrong tool name', async () => {
    const typo = await callErr('start_task', { tool: 'search_mdl', arguments: {} });
    expect(typo).toContain(`ERROR BAD_ARGUMENT: tool "search_mdl" is not valid for 'start_task'. Did you mean 'search_model'?`);
    expect(typo).toContain('Valid choices: search_model, tune.');
    const quick = await callErr('start_task', { tool: 'profile_data', arguments: { path: 'churn.csv' } });
    expect(quick).toContain('call them directly');
    expect(quick).toContain('Valid choices: search_model, tune.');
  });
});
