/**
 * The user's budget on the LLM path. The plan's budget (the time budget, or the trial count the
 * user gave with --trials) bounds the model's search_model and tune calls all together, as it
 * bounds the one search of the offline path: each call gets at most what is left of it, and a
 * call when nothing is left is refused. Every change is said in a note, which the model reads at
 * the head of the tool result and the task shows the user.
 *
 *   time budget B (no --trials):
 *     search_model  budget_seconds min(asked, left); null -> left. A max_trials the user did not
 *                   ask for is replaced by budget_seconds = left (a trial count alone runs up to
 *                   an hour).
 *     tune          budget_seconds min(asked, left).
 *   trial count N (--trials):
 *     search_model  max_trials min(asked, trials left); null -> trials left; budget_seconds
 *                   dropped (the trial count keeps the run reproducible).
 *     tune          refused when no trial is left, else its time capped as above by the plan's
 *                   time budget (tune has no trial count).
 *
 * "Left" counts the wall-clock time of the earlier search_model / tune calls (their refit
 * included) and, for trials, the trials they finished. Under MIN_BUDGET_SECONDS left: BUDGET.
 */
import { AskmlError } from '../errors.js';
import { MIN_BUDGET_SECONDS } from '../search/deadline.js';
import type { CallGuard } from './call-tool.js';

/** The tools whose search the budget bounds. */
export const BUDGETED_TOOLS: ReadonlySet<string> = new Set(['search_model', 'tune']);

export interface BudgetGuardOptions {
  /** The plan's time budget for the whole search, in seconds (plan.budget_seconds). */
  budgetSeconds: number;
  /** The trial count the user asked for (--trials): it bounds search_model instead of the time budget. */
  maxTrials?: number | null;
}

export interface BudgetGuard extends CallGuard {
  /** Seconds of the time budget not yet spent by search_model / tune calls. */
  secondsLeft(): number;
  /** Trials of the user's trial count not yet run; null without one. */
  trialsLeft(): number | null;
}

/** 2.96 -> '2.9' (rounded down to a tenth: a cap never exceeds what is left), 3 -> '3'. */
const tenthDown = (s: number): number => Math.floor(s * 10 + 1e-6) / 10;

export function createBudgetGuard(o: BudgetGuardOptions): BudgetGuard {
  const trials = o.maxTrials ?? null;
  let spentMs = 0;
  let trialsRun = 0;
  const secondsLeft = (): number => Math.max(0, tenthDown(o.budgetSeconds - spentMs / 1000));
  const trialsLeft = (): number | null => (trials === null ? null : Math.max(0, trials - trialsRun));
  const spent = (): string => `${tenthDown(spentMs / 1000)} s`;

  const needTime = (tool: string): number => {
    const left = secondsLeft();
    if (left < MIN_BUDGET_SECONDS) {
      throw new AskmlError('BUDGET', `The user's time budget of ${o.budgetSeconds} s is used up (${spent()} spent in search_model / tune); ${tool} was not run.`, {
        hint: 'Do not search or tune again: go on with evaluate, export_model and report on the run_id you have, then answer.',
      });
    }
    return left;
  };

  const needTrials = (tool: string): number => {
    const left = trialsLeft()!;
    if (left <= 0) {
      throw new AskmlError('BUDGET', `The ${trials} trials the user asked for are all run; ${tool} was not run.`, {
        hint: 'Do not search or tune again: go on with evaluate, export_model and report on the run_id you have, then answer.',
      });
    }
    return left;
  };

  /** The time budget of a call: what it asked for, at most what is left. */
  const capTime = (asked: number | null, left: number, notes: string[]): number => {
    if (asked === null) {
      notes.push(`budget_seconds null was set to ${left} s, what is left of the user's ${o.budgetSeconds} s time budget.`);
      return left;
    }
    if (asked > left) {
      notes.push(`budget_seconds ${asked} was capped at ${left} s, what is left of the user's ${o.budgetSeconds} s time budget.`);
      return left;
    }
    return asked;
  };

  return {
    secondsLeft,
    trialsLeft,
    before(tool, args) {
      if (!BUDGETED_TOOLS.has(tool)) return { args, notes: [] };
      const notes: string[] = [];
      const out = { ...args };
      const askedSeconds = typeof args.budget_seconds === 'number' ? args.budget_seconds : null;
      if (tool === 'tune') {
        if (trials !== null) needTrials(tool);
        out.budget_seconds = capTime(askedSeconds, needTime(tool), notes);
        return { args: out, notes };
      }
      const askedTrials = typeof args.max_trials === 'number' ? args.max_trials : null;
      if (trials !== null) {
        const left = needTrials(tool);
        if (askedTrials === null) notes.push(`max_trials null was set to ${left}: the user asked for ${trials} trials in all, and ${left} are left.`);
        else if (askedTrials > left) notes.push(`max_trials ${askedTrials} was capped at ${left}: the user asked for ${trials} trials in all, and ${left} are left.`);
        out.max_trials = askedTrials === null ? left : Math.min(askedTrials, left);
        if (askedSeconds !== null) notes.push(`budget_seconds ${askedSeconds} was dropped: the user asked for a trial count, which keeps the search reproducible.`);
        out.budget_seconds = null;
        return { args: out, notes };
      }
      const left = needTime(tool);
      if (askedTrials !== null) {
        // A trial count alone may run for an hour: the user gave a time budget, not a count.
        const seconds = askedSeconds === null ? left : Math.min(askedSeconds, left);
        notes.push(`max_trials ${askedTrials} was replaced by budget_seconds ${seconds}: the user gave a time budget (${o.budgetSeconds} s, ${left} s left), not a trial count.`);
        out.max_trials = null;
        out.budget_seconds = seconds;
        return { args: out, notes };
      }
      out.budget_seconds = capTime(askedSeconds, left, notes);
      return { args: out, notes };
    },
    after(tool, outcome) {
      if (!BUDGETED_TOOLS.has(tool)) return;
      spentMs += outcome.ms;
      const done = (outcome.output as { sessionTrials?: unknown } | undefined)?.sessionTrials;
      if (outcome.ok && typeof done === 'number') trialsRun += done;
    },
  };
}
