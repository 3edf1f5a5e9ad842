/**
 * The LLM planner path through the eval runner: one smoke case, the real `openai` SDK configured
 * by ASKML_BASE_URL / ASKML_API_KEY / ASKML_MODEL, talking to the scripted fake server. The
 * runner judges the plan the model carried out (its tool arguments), not the draft it was given.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeOpenAIServer, reply, type FakeOpenAIServer, type RecordedRequest, type ScriptedReply } from '../test/fake-openai-server.js';
import { loadSuite, type LoadedCase } from './case.js';
import { runCase } from './run-case.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ENV_KEYS = ['ASKML_BASE_URL', 'ASKML_API_KEY', 'ASKML_MODEL', 'ASKML_MAX_RETRIES', 'ASKML_TIMEOUT_MS'] as const;
const saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};
let tmp: string;
let server: FakeOpenAIServer | undefined;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'askml-eval-llm-'));
  for (const k of ENV_KEYS) saved[k] = process.env[k];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(tmp, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const allText = (req: RecordedRequest) => (req.body.messages as any[]).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
const grab = (req: RecordedRequest, re: RegExp) => {
  const all = [...allText(req).matchAll(new RegExp(re.source, 'g'))];
  if (all.length === 0) throw new Error(`fake model: ${re} not found in the conversation`);
  return all[all.length - 1][1];
};

/** A model that profiles nothing itself: features (with `exclude`), search (exportable learners), evaluate, then answers. */
function script(exclude: string[]) {
  return (req: RecordedRequest, i: number): ScriptedReply => {
    const datasetId = grab(req, /dataset_id:? (ds_[A-Za-z0-9_]+)/);
    if (i === 0) {
      return reply.tools({
        name: 'engineer_features',
        arguments: { dataset_id: datasetId, target: 'churned', exclude_columns: exclude, categorical_columns: [], text_columns: [], text_analyzer: 'auto', ngram_max: null },
      });
    }
    if (i === 1) {
      return reply.tools({
        name: 'search_model',
        arguments: {
          dataset_id: datasetId, target: 'churned', task: 'binary', metric: 'accuracy', budget_seconds: 4, max_trials: null, seed: 0,
          include_learners: ['linear', 'gbdt'], exclude_learners: [], features_id: grab(req, /"features_id":"(ft_[^"]+)"/), parallelism: null,
        },
      });
    }
    if (i === 2) return reply.tools({ name: 'evaluate', arguments: { run_id: grab(req, /"run_id":"(run_[^"]+)"/) } });
    return reply.text('流失预测完成。');
  };
}

async function runWith(exclude: string[]) {
  server = await startFakeOpenAIServer(script(exclude));
  process.env.ASKML_BASE_URL = server.url;
  process.env.ASKML_API_KEY = 'test-key';
  process.env.ASKML_MODEL = 'fake-planner';
  process.env.ASKML_MAX_RETRIES = '0';
  process.env.ASKML_TIMEOUT_MS = '20000';
  const smoke = loadSuite(path.join(here, 'smoke.jsonl'));
  const c: LoadedCase = { ...smoke.find((x) => x.id === 'churn-zh-exclude')!, budget_seconds: 4 };
  return runCase(c, { planner: 'llm', workspaceRoot: tmp });
}

describe('eval runner with --planner llm against the fake OpenAI server', () => {
  it('passes a case when the model calls the tools with the right plan', async () => {
    const r = await runWith(['customer_id']);
    expect(r.reasons).toEqual([]);
    expect(r.status).toBe('pass');
    expect(r.planner).toBe('llm');
    expect(r.plan).toMatchObject({ task_type: 'binary', target: 'churned', metric: 'accuracy', excluded_columns: ['customer_id'], budget_seconds: null });
    // The model's three calls, then the runner's finishing steps (export, report).
    expect(r.calls.map((c) => c.tool)).toEqual(['profile_data', 'engineer_features', 'search_model', 'evaluate', 'export_model', 'report']);
    expect(r.score!.value).toBeGreaterThanOrEqual(0.72);
    expect(server!.requests.length).toBe(4);
    expect(server!.requests[0].headers.authorization).toBe('Bearer test-key');
    expect(server!.requests[0].body.model).toBe('fake-planner');
    expect(allText(server!.requests[0])).toContain('不要用 customer_id');
  }, 60_000);

  it('fails the plan check when the model ignores the exclusion, even though the draft had it', async () => {
    const r = await runWith([]);
    expect(r.status).toBe('fail');
    expect(r.plan_ok).toBe(false);
    expect(r.reasons).toEqual(['excluded_columns: expected [customer_id], got []']);
    expect(r.result_ok).toBe(true);
  }, 60_000);
});
