/**
 * The LLM path of submitTask with an in-process scripted model and real tools, files and searches:
 * the plan's budget bounds the model's searches, and the model's paths are sandboxed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelRequest, ModelResponse, PlannerModel } from '../llm/model.js';
import { submitTask } from './submit.js';
import type { TimedTaskEvent } from './tasks.js';
import { plannerFileAccess } from './llm-run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir = '';
let dataDir = '';
let outside = '';
let ws = '';
let churn = '';

beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-llm-run-')));
  dataDir = path.join(dir, 'data');
  outside = path.join(dir, 'elsewhere');
  ws = path.join(dir, 'ws');
  mkdirSync(dataDir);
  mkdirSync(outside);
  churn = path.join(dataDir, 'churn.csv');
  copyFileSync(path.join(root, 'examples/churn.csv'), churn);
  copyFileSync(path.join(root, 'examples/churn.csv'), path.join(dataDir, 'more.csv'));
  copyFileSync(path.join(root, 'examples/churn.csv'), path.join(outside, 'secret.csv'));
  symlinkSync('/etc/passwd', path.join(dataDir, 'passwd.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Call = { name: string; arguments: Record<string, unknown> };

/** A PlannerModel whose turn i returns script(i, ids) (ids read from the conversation so far). */
function scripted(script: (turn: number, ids: { ds: string; run: string | undefined }) => Call[] | string): PlannerModel & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    name: 'scripted',
    requests,
    async chat(req): Promise<ModelResponse> {
      requests.push({ ...req, messages: [...req.messages] });
      const all = req.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
      const ds = /dataset_id (ds_\w+)/.exec(all)![1];
      const run = all.match(/run_\d{14}_[0-9a-f]{6}/g)?.at(-1);
      const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2 };
      const r = script(requests.length, { ds, run });
      if (typeof r === 'string') return { content: r, toolCalls: [], usage, finishReason: 'stop' };
      const toolCalls = r.map((c, k) => ({ id: `c${requests.length}_${k}`, name: c.name, arguments: JSON.stringify(c.arguments) }));
      return { content: null, toolCalls, usage, finishReason: 'tool_calls' };
    },
  };
}

const toolResults = (req: ModelRequest): string[] => req.messages.filter((m) => m.role === 'tool').map((m) => String(m.content));

describe('the LLM path keeps to the plan budget and the file sandbox', () => {
  it('caps the model search at the instruction\'s 3 s, replaces its trial count, refuses more searching, and refuses paths outside', async () => {
    const model = scripted((turn, { ds, run }) => {
      // Optional fields left out on purpose: they read as null.
      if (turn === 1) return [{ name: 'search_model', arguments: { dataset_id: ds, target: 'churned', max_trials: 100000, parallelism: 1 } }];
      if (turn === 2) return [{ name: 'tune', arguments: { run_id: run!, learner: null, budget_seconds: 20 } }];
      if (turn === 3) {
        return [
          { name: 'profile_data', arguments: { path: '/etc/passwd' } },
          { name: 'profile_data', arguments: { path: path.join(dataDir, 'passwd.csv') } },
          { name: 'profile_data', arguments: { path: path.join(outside, 'secret.csv') } },
          { name: 'predict', arguments: { model: run!, path: churn, out_path: path.join(outside, 'p.csv') } },
          { name: 'profile_data', arguments: { path: path.join(dataDir, 'more.csv') } },
        ];
      }
      return 'Done.';
    });
    const events: TimedTaskEvent[] = [];
    const t0 = Date.now();
    const task = submitTask({ dataset: churn, instructions: 'predict churned, 3 seconds', planner: 'llm', model, workspaceDir: ws, seed: 0 });
    task.on('event', (e) => events.push(e));
    const r = await task.done;
    const wall = (Date.now() - t0) / 1000;

    // The search ran on the plan's 3 s, not on 100000 trials (which run up to an hour).
    const starts = events.filter((e): e is Extract<TimedTaskEvent, { type: 'step_start' }> => e.type === 'step_start');
    const search = starts.find((e) => e.tool === 'search_model')!;
    expect(search.args).toMatchObject({ budget_seconds: 3, max_trials: null });
    // The model read why (at the head of the result), and so did the user (a note).
    expect(toolResults(model.requests[1])[0]).toMatch(/^NOTE: max_trials 100000 was replaced by budget_seconds 3: the user gave a time budget \(3 s, 3 s left\), not a trial count\./);
    const notes = events.filter((e) => e.type === 'log' && e.message.startsWith('note: search_model: max_trials 100000 was replaced by budget_seconds 3'));
    expect(notes).toHaveLength(1);
    // tune asked for 20 s more: refused, or capped to what was left (under a second is refused).
    const tuneStart = starts.find((e) => e.tool === 'tune');
    const tuneResult = toolResults(model.requests[2]).at(-1)!;
    if (tuneStart) {
      expect((tuneStart.args as { budget_seconds: number }).budget_seconds).toBeLessThan(3);
      expect(tuneResult).toMatch(/^NOTE: budget_seconds 20 was capped at/);
    } else expect(tuneResult).toMatch(/^ERROR BUDGET: The user's time budget of 3 s is used up/);
    expect(r.plan.budget_seconds).toBe(3);
    expect(wall).toBeLessThan(15);

    // Paths outside the data folder, the working folder and the workspace are refused, symlinks included.
    const paths = toolResults(model.requests[3]).slice(-5);
    for (const k of [0, 1, 2, 3]) {
      expect(paths[k]).toMatch(/^ERROR PATH_NOT_ALLOWED: Path '.*' is outside the folders the planner's tool calls may read and write/);
      expect(paths[k]).toContain(dataDir);
    }
    expect(model.requests[3].messages.map((m) => String(m.content)).join('\n')).not.toContain('root:');
    expect(existsSync(path.join(outside, 'p.csv'))).toBe(false);
    // A file next to the data file is fine.
    expect(paths[4]).toMatch(/"dataset_id":"ds_/);
    // The run still finished with a model, test metrics and a report.
    expect(r.test_metrics!.accuracy).toBeGreaterThan(0.5);
    expect(existsSync(r.artifacts.report!)).toBe(true);
  }, 60_000);

  it("with the user's trial count (--trials), caps the model's max_trials and drops its time budget", async () => {
    const model = scripted((turn, { ds }) => {
      if (turn === 1) return [{ name: 'search_model', arguments: { dataset_id: ds, target: 'churned', budget_seconds: 20, max_trials: 50, parallelism: 1, include_learners: ['logistic_regression'] } }];
      if (turn === 2) return [{ name: 'search_model', arguments: { dataset_id: ds, target: 'churned', max_trials: 2, parallelism: 1 } }];
      return 'Done.';
    });
    const events: TimedTaskEvent[] = [];
    const task = submitTask({ dataset: churn, instructions: 'predict churned', planner: 'llm', model, workspaceDir: ws, maxTrials: 4, seed: 0 });
    task.on('event', (e) => events.push(e));
    const r = await task.done;
    const search = events.find((e): e is Extract<TimedTaskEvent, { type: 'step_start' }> => e.type === 'step_start' && e.tool === 'search_model')!;
    expect(search.args).toMatchObject({ max_trials: 4, budget_seconds: null });
    expect(r.learners.reduce((n, l) => n + l.trials, 0)).toBe(4);
    const first = toolResults(model.requests[1])[0];
    expect(first).toContain('NOTE: max_trials 50 was capped at 4: the user asked for 4 trials in all, and 4 are left.');
    expect(first).toContain('NOTE: budget_seconds 20 was dropped');
    // All 4 trials ran: a second search is refused.
    expect(toolResults(model.requests[2]).at(-1)).toMatch(/^ERROR BUDGET: The 4 trials the user asked for are all run; search_model was not run\./);
    expect(events.filter((e) => e.type === 'step_start' && e.tool === 'search_model')).toHaveLength(1);
    // The model's closing answer is said and kept in the task's events (audit: it was dropped).
    expect(events.some((e) => e.type === 'log' && e.message === "The model's answer: Done.")).toBe(true);
  }, 60_000);
});

describe('the first Ctrl-C while the model is answering (audit: it waited for the model, then searched)', () => {
  /** A model whose every answer takes `ms` (it honours the abort signal, as the openai SDK does). */
  function slow(first: (ds: string) => Call[] | string, ms: number): PlannerModel {
    let turn = 0;
    return {
      name: 'slow',
      async chat(req): Promise<ModelResponse> {
        turn++;
        const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2 };
        if (turn > 1) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, ms);
            req.signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
          });
          // As openai-model.ts does on an abort.
          const { cancelled } = await import('../errors.js');
          if (req.signal?.aborted) throw cancelled('model call');
          return { content: 'Done.', toolCalls: [], usage, finishReason: 'stop' };
        }
        const all = req.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
        const r = first(/dataset_id (ds_\w+)/.exec(all)![1]);
        if (typeof r === 'string') return { content: r, toolCalls: [], usage, finishReason: 'stop' };
        return { content: null, toolCalls: r.map((c, k) => ({ id: `c${k}`, name: c.name, arguments: JSON.stringify(c.arguments) })), usage, finishReason: 'tool_calls' };
      },
    };
  }

  it('with the model\'s search done: stops at once and evaluates and reports that search', async () => {
    const model = slow((ds) => [{ name: 'search_model', arguments: { dataset_id: ds, target: 'churned', max_trials: 2, parallelism: 1, include_learners: ['logistic_regression'] } }], 30_000);
    const task = submitTask({ dataset: churn, instructions: 'predict churned', planner: 'llm', model, workspaceDir: ws, seed: 0 });
    task.on('event', (e) => { if (e.type === 'step_end' && e.tool === 'search_model') setTimeout(() => task.cancel(), 200); });
    const t0 = Date.now();
    const r = await task.done;
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.cancelled).toBe(true);
    expect(r.test_metrics!.accuracy).toBeGreaterThan(0.5);
    expect(existsSync(r.artifacts.report!)).toBe(true);
  }, 60_000);

  it('before any search: ends cancelled at once, saying nothing was searched', async () => {
    const model = slow(() => [{ name: 'list_tasks', arguments: {} }], 30_000);
    const task = submitTask({ dataset: churn, instructions: 'predict churned', planner: 'llm', model, workspaceDir: ws, seed: 0 });
    task.on('event', (e) => { if (e.type === 'step_end' && e.tool === 'list_tasks') setTimeout(() => task.cancel(), 200); });
    const t0 = Date.now();
    const err = await task.done.catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toContain('Cancelled while the LLM was planning: no model was searched');
  }, 60_000);
});

describe('plannerFileAccess', () => {
  it('allows the folders of the given files, the working folder and the workspace, never the filesystem root', () => {
    const access = plannerFileAccess({ workspaceDir: ws, files: [churn, '/top.csv', null], cwd: outside });
    expect(access.folders).toEqual([outside, dataDir, ws]);
    expect(access.resolvePath('secret.csv')).toBe(path.join(outside, 'secret.csv')); // relative: from the working folder
    expect(access.resolvePath(path.join(ws, 'predictions/x.csv'))).toBe(path.join(ws, 'predictions/x.csv'));
    expect(() => access.resolvePath('/top.csv')).toThrow(expect.objectContaining({ code: 'PATH_NOT_ALLOWED', details: expect.objectContaining({ choices: access.folders }) }));
    expect(() => access.resolvePath(path.join(dataDir, '../elsewhere/../../x.csv'))).toThrow(/outside the folders the planner's tool calls may read and write/);
  });
});
