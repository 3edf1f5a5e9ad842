/**
 * Progress events of a search, delivered through the `onEvent` callback (the CLI draws progress
 * bars from them, the task layer records them, the MCP server forwards progress notifications).
 */
import type { Params } from '../learners/types.js';

export type SearchEvent =
  | {
      type: 'search_start';
      runId: string;
      learners: string[];
      validation: { kind: 'cv' | 'holdout'; k: number };
      budgetSeconds: number | null;
      maxTrials: number | null;
      resumedTrials: number;
    }
  | { type: 'trial_start'; trialId: number; learner: string; params: Params; sampleSize: number; kind: string }
  | {
      type: 'trial_end';
      trialId: number;
      learner: string;
      status: 'ok' | 'failed';
      score: number | null;
      fitSeconds: number;
      error: string | null;
    }
  | { type: 'new_best'; trialId: number; learner: string; score: number; params: Params }
  | {
      type: 'progress';
      elapsedSeconds: number;
      /** null with a trial count and no time budget. */
      remainingSeconds: number | null;
      trialsDone: number;
      bestScore: number | null;
    }
  | { type: 'ensemble'; members: number; score: number; bestSingleScore: number; kept: boolean }
  | { type: 'refit_start'; learners: string[]; predictedSeconds: number }
  | { type: 'refit_end'; seconds: number; ok: boolean; fallback: boolean }
  | { type: 'search_end'; status: SearchStatus; trials: number; bestScore: number | null; wallSeconds: number };

export type SearchStatus = 'completed' | 'budget_exhausted' | 'cancelled';

export type EventSink = (e: SearchEvent) => void;

/** Call the sink, never letting a listener's exception break the search. */
export function emitter(sink: EventSink | undefined): EventSink {
  return (e) => {
    if (!sink) return;
    try {
      sink(e);
    } catch {
      // a faulty listener must not stop the search
    }
  };
}
