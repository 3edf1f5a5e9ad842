/**
 * `askml chat --planner llm` as a real process against a fake OpenAI-compatible server (the only
 * fake): the model's failed calls are shown as the model read them, its search is held to the
 * instruction's budget (and the progress counts seconds), and its paths are sandboxed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeChat } from './testing/pipe-chat.js';
import { reply, startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest } from '../../../test/fake-openai-server.js';
import { progressUnit } from './session.js';

let ws = '';
let server: FakeOpenAIServer | undefined;

beforeAll(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'askml-chat-llm-'));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function chat(lines: string[], baseURL: string): Promise<{ code: number | null; out: string; err: string }> {
  return pipeChat(lines, {
    args: ['--planner', 'llm', '--data', 'examples/churn.csv'],
    workspace: ws,
    env: { ASKML_MODEL: 'fake', ASKML_BASE_URL: baseURL, ASKML_API_KEY: 'k', ASKML_MAX_RETRIES: '0' },
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const text = (req: RecordedRequest): string => req.body.messages.map((m: any) => (typeof m.content === 'string' ? m.content : '')).join('\n');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toolResults = (req: RecordedRequest): string[] => req.body.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);

describe('askml chat --planner llm', () => {
  it('shows the model\'s failed calls with tool names, holds its search to "3 seconds" and keeps it out of /etc', async () => {
    server = await startFakeOpenAIServer((req, i) => {
      const ds = /ds_\d{14}_[0-9a-f]{6}/.exec(text(req))?.[0] ?? 'ds_missing';
      if (i === 0) {
        return reply.tools(
          { name: 'profile_data', arguments: '{"path": 5' },
          { name: 'train_model', arguments: {} },
          { name: 'search_model', arguments: { dataset_id: ds, target: 'churned', budget_seconds: '3' } },
          { name: 'profile_data', arguments: { path: '/etc/passwd' } },
          { name: 'search_model', arguments: { dataset_id: ds, target: 'churned', max_trials: 100000, parallelism: 1 } },
        );
      }
      if (i === 1) return reply.tools({ name: 'search_model', arguments: { dataset_id: ds, target: 'churned', budget_seconds: 20 } });
      return reply.text('Trained a model on churned.');
    });
    const r = await chat(['predict churned, 3 seconds'], server.url);
    expect(r.code, r.err).toBe(0);
    const err = r.err;
    // As the model read them: tool names, not CLI commands and flags.
    expect(err).toContain("  profile_data failed: Arguments for 'profile_data' are not valid JSON");
    expect(err).toContain("  train_model failed: Unknown tool 'train_model'. Valid tools: profile_data, engineer_features, search_model, tune,");
    expect(err).toContain('→ at budget_seconds');
    expect(err).not.toContain("'askml profile FILE'");
    expect(err).not.toContain("'askml search'");
    expect(err).not.toContain('--budget');
    // Sandboxed: /etc/passwd is refused, naming the folders the model may use; nothing of it reaches the provider.
    expect(err).toMatch(/ {2}profile_data failed: Path '\/etc\/passwd' is outside the folders the planner's tool calls may read and write: .*examples/);
    expect(server.requests.map((q) => JSON.stringify(q.body)).join('\n')).not.toContain('root:');
    // The budget: the trial count became the 3 s of the instruction, the user is told, the progress counts seconds.
    expect(err).toContain('  note: search_model: max_trials 100000 was replaced by budget_seconds 3: the user gave a time budget (3 s, 3 s left), not a trial count.');
    expect(err).toMatch(/\d(?:\.\d)?\/3s {2}/);
    expect(err).not.toContain('/100000');
    // The second search (20 s) found the budget spent (or was capped to the little left).
    expect(err).toMatch(/search_model failed: The user's time budget of 3 s is used up|note: search_model: budget_seconds 20 was capped at 0?\.?\d/);
    const calls = server.requests.filter((q) => q.method === 'POST'); // the first request is the endpoint check
    expect(toolResults(calls[1]).at(-1)).toMatch(/^NOTE: max_trials 100000 was replaced by budget_seconds 3/);
    const wall = Number(/Done in ([\d.]+) s/.exec(r.out)?.[1]);
    expect(wall).toBeGreaterThan(0);
    expect(wall).toBeLessThan(12);
  }, 60_000);
});

describe('progressUnit', () => {
  it('counts trials for a search with a trial count and no time budget, else seconds (as askml run --trials)', () => {
    expect(progressUnit({ max_trials: 40, budget_seconds: null })).toBe(' trials');
    expect(progressUnit({ max_trials: null, budget_seconds: 3 })).toBe('s');
    expect(progressUnit({ max_trials: 40, budget_seconds: 10 })).toBe('s');
    expect(progressUnit({ run_id: 'r', learner: null, budget_seconds: 30 })).toBe('s');
    expect(progressUnit(undefined)).toBe('s');
  });
});
