import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AskmlError } from '../errors.js';
import { defineTool } from '../../tools/define-tool.js';
import { createBudgetGuard } from './budget-guard.js';
import { callTool, toolMap } from './call-tool.js';

const search = (o: Record<string, unknown>) => ({ dataset_id: 'ds_20260101000000_000001', target: 'y', budget_seconds: null, max_trials: null, ...o });

describe('createBudgetGuard: the plan budget bounds the model search_model / tune calls together', () => {
  it('caps a larger time budget at what is left, and sets a null one to it', () => {
    const g = createBudgetGuard({ budgetSeconds: 3 });
    const a = g.before('search_model', search({ budget_seconds: 20 }));
    expect(a.args.budget_seconds).toBe(3);
    expect(a.notes).toEqual(["budget_seconds 20 was capped at 3 s, what is left of the user's 3 s time budget."]);
    const b = g.before('search_model', search({}));
    expect(b.args.budget_seconds).toBe(3);
    expect(b.notes[0]).toContain('budget_seconds null was set to 3 s');
    // A smaller request is kept, without a note.
    expect(g.before('search_model', search({ budget_seconds: 2 }))).toEqual({ args: search({ budget_seconds: 2 }), notes: [] });
    // Other tools pass through.
    expect(g.before('evaluate', { run_id: 'r' })).toEqual({ args: { run_id: 'r' }, notes: [] });
  });

  it('replaces a trial count the user did not ask for by the time left', () => {
    const g = createBudgetGuard({ budgetSeconds: 3 });
    const a = g.before('search_model', search({ max_trials: 100000 }));
    expect(a.args).toMatchObject({ max_trials: null, budget_seconds: 3 });
    expect(a.notes[0]).toContain('max_trials 100000 was replaced by budget_seconds 3');
  });

  it('subtracts the time of earlier calls (failed ones too), caps tune, and refuses once under a second is left', () => {
    const g = createBudgetGuard({ budgetSeconds: 10 });
    g.after!('search_model', { ok: true, output: { sessionTrials: 12 }, ms: 6_500 });
    expect(g.secondsLeft()).toBe(3.5);
    const t = g.before('tune', { run_id: 'r', learner: null, budget_seconds: 30 });
    expect(t.args.budget_seconds).toBe(3.5);
    expect(t.notes[0]).toContain('budget_seconds 30 was capped at 3.5 s');
    g.after!('tune', { ok: false, ms: 2_600 });
    expect(g.secondsLeft()).toBe(0.9);
    let err: unknown;
    try {
      g.before('search_model', search({ budget_seconds: 5 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AskmlError);
    expect((err as AskmlError).code).toBe('BUDGET');
    expect((err as AskmlError).message).toContain("The user's time budget of 10 s is used up (9.1 s spent");
    // Evaluate, report and the rest are never refused.
    expect(g.before('report', { run_id: 'r' }).notes).toEqual([]);
  });

  it("with the user's trial count: caps max_trials at the trials left, drops budget_seconds, refuses when all ran", () => {
    const g = createBudgetGuard({ budgetSeconds: 120, maxTrials: 10 });
    const a = g.before('search_model', search({ max_trials: 50, budget_seconds: 20 }));
    expect(a.args).toMatchObject({ max_trials: 10, budget_seconds: null });
    expect(a.notes.join(' ')).toContain('max_trials 50 was capped at 10');
    expect(a.notes.join(' ')).toContain('budget_seconds 20 was dropped');
    expect(g.before('search_model', search({})).args).toMatchObject({ max_trials: 10, budget_seconds: null });
    g.after!('search_model', { ok: true, output: { sessionTrials: 7 }, ms: 1_000 });
    expect(g.trialsLeft()).toBe(3);
    expect(g.before('search_model', search({ max_trials: 5 })).args.max_trials).toBe(3);
    g.after!('search_model', { ok: true, output: { sessionTrials: 3 }, ms: 1_000 });
    expect(() => g.before('search_model', search({ max_trials: 5 }))).toThrow(/The 10 trials the user asked for are all run/);
    expect(() => g.before('tune', { run_id: 'r', learner: null, budget_seconds: 5 })).toThrow(/all run/);
  });
});

describe('callTool with a guard', () => {
  const seen: unknown[] = [];
  const fake = defineTool({
    name: 'search_model',
    title: 'fake search',
    description: 'records its arguments',
    input: z.object({ dataset_id: z.string(), target: z.string(), budget_seconds: z.number().nullable(), max_trials: z.number().int().nullable() }).strict(),
    output: z.object({ sessionTrials: z.number() }),
    run: async (i) => {
      seen.push(i);
      return { sessionTrials: 4 };
    },
  });
  const tools = toolMap([fake]);
  const ctx = { workspaceDir: '/nowhere', resolvePath: (p: string) => p };

  it('runs with the guarded arguments, puts the notes at the head of the result, and refuses a spent budget as a tool error', async () => {
    const guard = createBudgetGuard({ budgetSeconds: 2 });
    const out = await callTool(tools, 'search_model', { dataset_id: 'ds_20260101000000_000001', target: 'y', budget_seconds: 20 }, ctx, { guard, omittedAsNull: true });
    expect(out.ok).toBe(true);
    expect(seen.at(-1)).toEqual({ dataset_id: 'ds_20260101000000_000001', target: 'y', budget_seconds: 2, max_trials: null });
    expect(out.args).toEqual(seen.at(-1));
    expect(out.notes).toEqual(["budget_seconds 20 was capped at 2 s, what is left of the user's 2 s time budget."]);
    expect(out.content.split('\n')[0]).toBe("NOTE: budget_seconds 20 was capped at 2 s, what is left of the user's 2 s time budget.");
    guard.after!('search_model', { ok: true, ms: 1_500 }); // as if the call had taken 1.5 s more
    const refused = await callTool(tools, 'search_model', { dataset_id: 'ds_20260101000000_000001', target: 'y', budget_seconds: 1, max_trials: null }, ctx, { guard });
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('BUDGET');
    expect(refused.content).toMatch(/^ERROR BUDGET: The user's time budget of 2 s is used up/);
    expect(seen.length).toBe(1);
  });
});
