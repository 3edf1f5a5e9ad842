import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AskmlError } from '../errors.js';
import type { ModelRequest, ModelResponse, PlannerModel } from '../llm/model.js';
import { clearFrameCache } from './datasets.js';
import { submitTask, type TaskResult } from './submit.js';
import { getTask, listTasks, readTaskEvents, saveTask, type TaskRecord, type TimedTaskEvent } from './tasks.js';
import { loadRecord } from './store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const churn = path.join(root, 'examples/churn.csv');
let ws: string;

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'askml-task-'));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('submitTask (offline planner) end to end on examples/churn.csv', () => {
  let result: TaskResult;
  let id = '';
  const live: TimedTaskEvent[] = [];
  const statuses: string[] = [];

  beforeAll(async () => {
    const task = submitTask({ dataset: churn, instructions: 'predict churned, do not use customer_id', maxTrials: 6, seed: 0, workspaceDir: ws, parallelism: 1 });
    id = task.id;
    statuses.push(task.status);
    task.on('event', (e) => live.push(e));
    const iterated: string[] = [];
    const drain = (async () => {
      for await (const e of task.events()) iterated.push(e.type);
    })();
    result = await task.done;
    await drain;
    statuses.push(task.status);
    expect(iterated).toEqual(live.map((e) => e.type));
  }, 60_000);

  it('plans from the instruction and the profile', () => {
    expect(statuses).toEqual(['queued', 'succeeded']);
    expect(result.plan.target).toBe('churned');
    expect(result.plan.task_type).toBe('binary');
    expect(result.plan.excluded_columns).toEqual(['customer_id']);
    expect(result.task_type).toBe('binary');
  });

  it('returns leaderboard, snake_case test metrics and artifact paths', () => {
    expect(result.leaderboard.length).toBeGreaterThan(0);
    expect(result.best!.validation_score).toBeGreaterThan(0.6);
    expect(Object.keys(result.test_metrics!).sort()).toEqual(['accuracy', 'balanced_accuracy', 'log_loss', 'macro_f1', 'roc_auc']);
    expect(result.test_metrics!.roc_auc).toBeGreaterThan(0.6);
    expect(existsSync(result.artifacts.report!)).toBe(true);
    expect(readFileSync(result.artifacts.report_markdown!, 'utf8')).toContain('customer_id');
    expect(existsSync(path.join(result.artifacts.model!, 'manifest.json'))).toBe(true);
    expect(existsSync(result.artifacts.onnx!)).toBe(true);
    expect(result.steps.map((s) => [s.tool, s.ok])).toEqual([
      ['profile_data', true], ['engineer_features', true], ['search_model', true], ['evaluate', true], ['export_model', true], ['report', true],
    ]);
    expect(result.wall_seconds).toBeGreaterThan(0);
  });

  it('emits status, plan, step and done events, and persists them', () => {
    const types = live.map((e) => e.type);
    expect(types[0]).toBe('status');
    expect(types).toContain('plan');
    expect(types.filter((t) => t === 'step_end').length).toBe(6);
    expect(types.at(-1)).toBe('done');
    const saved = readTaskEvents(ws, id).map((e) => e.type);
    expect(saved.filter((t) => t !== 'progress')).toEqual(types.filter((t) => t !== 'progress'));
  });

  it('reads back after a restart: getTask, listTasks, plan.json in the run', () => {
    clearFrameCache();
    const t = getTask(ws, id);
    expect(t.status).toBe('succeeded');
    expect(t.summary?.best_learner).toBe(result.best!.learner);
    expect(t.summary?.test_metrics?.roc_auc).toBe(result.test_metrics!.roc_auc);
    expect(t.artifacts.onnx).toBe(result.artifacts.onnx);
    expect(t.plan?.target).toBe('churned');
    expect(listTasks(ws).map((x) => x.id)).toContain(id);
    expect(existsSync(path.join(ws, 'runs', t.runId!, 'plan.json'))).toBe(true);
  });
});

describe('task failures', () => {
  it('an interrupted task reads back as failed, not running', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const rec: TaskRecord = {
      id: 'task_20200101000000_abcdef', status: 'running', instruction: 'x', data: churn, test: null, splitFile: null, planner: 'offline',
      createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, pid: dead, plan: null, datasetId: null, runId: null, steps: [],
      summary: null, artifacts: { report: null, report_markdown: null, model: null, onnx: null }, wallSeconds: null, error: null,
    };
    saveTask(ws, rec);
    const back = getTask(ws, rec.id);
    expect(back.status).toBe('failed');
    expect(back.interrupted).toBe(true);
    expect(back.error?.code).toBe('INTERRUPTED');
    // Also from this same process: a 'running' record that no live task here owns.
    saveTask(ws, { ...rec, id: 'task_20200101000001_abcdef', pid: process.pid });
    expect(getTask(ws, 'task_20200101000001_abcdef').status).toBe('failed');
    // A live pid (the parent process) with a fresh heartbeat is running; with a stale one, interrupted.
    saveTask(ws, { ...rec, id: 'task_20200101000002_abcdef', pid: process.ppid, heartbeatAt: new Date().toISOString() });
    expect(getTask(ws, 'task_20200101000002_abcdef').status).toBe('running');
    saveTask(ws, { ...rec, id: 'task_20200101000003_abcdef', pid: process.ppid, heartbeatAt: new Date(Date.now() - 3600_000).toISOString() });
    expect(getTask(ws, 'task_20200101000003_abcdef').status).toBe('failed');
  });

  it('a bad label column fails the task with the column error, recorded on disk', async () => {
    const task = submitTask({ dataset: churn, instructions: 'predict churn', labelColumn: 'churnd', maxTrials: 2, workspaceDir: ws });
    const err = (await task.done.catch((e) => e)) as AskmlError;
    expect(err).toBeInstanceOf(AskmlError);
    expect(err.code).toBe('COLUMN_NOT_FOUND');
    expect(task.status).toBe('failed');
    const rec = loadRecord<TaskRecord>(ws, 'tasks', task.id);
    expect(rec.status).toBe('failed');
    expect(rec.error?.message).toContain("Did you mean 'churned'?");
  });

  it("judges leaks against the target the instruction names, not the profile's guess (audit: a copy of the target was used)", async () => {
    // 'won' is named only in the instruction; the profile alone guesses the last column 'note'.
    const rows = ['x,won,code,note'];
    for (let i = 0; i < 120; i++) {
      const won = (i * 7) % 3 === 0 ? 1 : 0;
      rows.push(`${((i * 13) % 17) + won * 3},${won},${won ? 'Y' : 'N'},${['a', 'b', 'c'][(i * 5) % 3]}`);
    }
    const file = path.join(ws, 'leak.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const task = submitTask({ dataset: file, instructions: 'predict won', maxTrials: 3, seed: 0, workspaceDir: ws, parallelism: 1 });
    const r = await task.done;
    expect(r.plan.target).toBe('won');
    expect(r.plan.categorical_columns).not.toContain('code');
    expect(r.notes.join(' ')).toMatch(/Not used as features: code \(leak:/);
    const rec = loadRecord<TaskRecord>(ws, 'tasks', task.id);
    expect(rec.steps.filter((st) => st.tool === 'profile_data').length).toBe(2);
  }, 60_000);

  it('checks a test file against the target the instruction names (audit: it wanted the guessed last column)', async () => {
    // The profile alone guesses the last column 'alive' (a yes/no copy of 'won'); the test file has no 'alive'.
    const rows = (n: number, from: number) => {
      const out = ['x,won,note,alive'];
      for (let i = from; i < from + n; i++) {
        const won = (i * 7) % 3 === 0 ? 1 : 0;
        out.push(`${((i * 13) % 17) + won * 3},${won},${['a', 'b', 'c'][(i * 5) % 3]},${won ? 'yes' : 'no'}`);
      }
      return out;
    };
    const train = path.join(ws, 'won-train.csv');
    const test = path.join(ws, 'won-test.csv');
    writeFileSync(train, `${rows(120, 0).join('\n')}\n`);
    writeFileSync(test, `${rows(40, 500).map((l) => l.split(',').slice(0, 3).join(',')).join('\n')}\n`);
    const r = await submitTask({ dataset: train, test, instructions: 'predict won', maxTrials: 3, seed: 0, workspaceDir: ws, parallelism: 1 }).done;
    expect(r.plan.target).toBe('won');
    expect(r.test_metrics?.accuracy).toBeGreaterThan(0);
    // the guessed target kept and absent from the test file: the column error, before any search
    const bad = path.join(ws, 'won-test-bad.csv');
    writeFileSync(bad, `${rows(40, 500).map((l) => l.split(',').filter((_, i) => i !== 1).join(',')).join('\n')}\n`);
    const err = (await submitTask({ dataset: train, test: bad, instructions: 'predict won', maxTrials: 3, workspaceDir: ws }).done.catch((e) => e)) as AskmlError;
    expect(err.code).toBe('SCHEMA_MISMATCH');
    expect(err.message).toMatch(/no target column 'won'/);
  }, 60_000);

  it('refuses an instruction longer than MAX_INSTRUCTION_CHARS before anything is written', () => {
    expect(() => submitTask({ dataset: churn, instructions: 'predict churned '.repeat(1000), maxTrials: 2, workspaceDir: ws })).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT', message: expect.stringContaining('16,000 characters long; askml reads at most 4,000') }),
    );
  });

  it('cancel() stops the search and still evaluates and reports what it found', async () => {
    const task = submitTask({ dataset: churn, instructions: 'predict churned', budgetSeconds: 60, workspaceDir: ws, parallelism: 1 });
    let asked = false;
    task.on('event', (e) => {
      if (!asked && e.type === 'progress' && e.message?.includes('best')) {
        asked = true;
        task.cancel();
      }
    });
    const t0 = Date.now();
    const r = await task.done;
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(r.cancelled).toBe(true);
    expect(task.status).toBe('cancelled');
    expect(r.leaderboard.length).toBeGreaterThan(0);
    expect(existsSync(r.artifacts.report!)).toBe(true);
    expect(getTask(ws, task.id).status).toBe('cancelled');
  }, 40_000);

  it('a cancel after the search (during evaluation or export) says so, and the finished task is not called cancelled', async () => {
    const task = submitTask({ dataset: churn, instructions: 'predict churned', budgetSeconds: 2, workspaceDir: ws, parallelism: 1 });
    const logs: string[] = [];
    task.on('event', (e) => {
      if (e.type === 'log') logs.push(e.message);
      if (e.type === 'step_start' && e.tool === 'evaluate') task.cancel();
    });
    const r = await task.done;
    expect(logs.some((m) => m.startsWith('Cancel requested: the search has finished and its model is saved'))).toBe(true);
    expect(r.cancelled).toBe(false);
    expect(task.status).toBe('succeeded');
    expect(existsSync(r.artifacts.report!)).toBe(true);
  }, 40_000);
});

describe('submitTask with the llm planner (scripted model)', () => {
  it('runs the model, then finishes the steps it skipped', async () => {
    const requests: ModelRequest[] = [];
    let turn = 0;
    const model: PlannerModel = {
      name: 'scripted',
      async chat(req): Promise<ModelResponse> {
        requests.push(req);
        turn++;
        const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2 };
        if (turn === 1) {
          const ds = /dataset_id (ds_\w+)/.exec(String(req.messages[1].content))![1];
          const args = { dataset_id: ds, target: 'churned', task: null, metric: 'accuracy', budget_seconds: null, max_trials: 3, seed: 0, include_learners: ['logistic_regression'], exclude_learners: [], features_id: null, parallelism: 1 };
          return { content: null, toolCalls: [{ id: 'c1', name: 'search_model', arguments: JSON.stringify(args) }], usage, finishReason: 'tool_calls' };
        }
        return { content: 'Done.', toolCalls: [], usage, finishReason: 'stop' };
      },
    };
    const task = submitTask({ dataset: churn, instructions: 'predict churned', planner: 'llm', model, workspaceDir: ws, maxTrials: 3 });
    const r = await task.done;
    expect(requests.length).toBe(2);
    expect(requests[0].tools.map((t) => t.name)).toContain('search_model');
    expect(r.metric).toBe('accuracy');
    expect(r.leaderboard.every((x) => x.learner === 'logistic_regression')).toBe(true);
    expect(r.steps.map((s) => s.tool)).toEqual(['profile_data', 'search_model', 'evaluate', 'export_model', 'report']);
    expect(r.test_metrics!.accuracy).toBeGreaterThan(0.5);
    expect(getTask(ws, task.id).planner).toBe('llm');
  }, 40_000);
});
