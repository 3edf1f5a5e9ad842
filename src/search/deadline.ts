/**
 * A wall-clock deadline. The search treats its budget as a deadline, not a hint: it never starts
 * work predicted to overrun and terminates workers when the deadline passes.
 */
import { AskmlError } from '../errors.js';

/**
 * The smallest budget a user may give (CLI flags, tool arguments, plans). One trial always runs,
 * so a smaller budget only means "one model, whatever it costs": refused as a likely typo.
 */
export const MIN_BUDGET_SECONDS = 1;

/** The largest budget a user may give: a day. A longer search is a resumed run. */
export const MAX_BUDGET_SECONDS = 86_400;

/** The largest trial count a user may give (flags, tool arguments, instructions). */
export const MAX_TRIALS_LIMIT = 100_000;

export class Deadline {
  readonly startMs: number;
  readonly endMs: number;

  constructor(startMs: number, endMs: number) {
    this.startMs = startMs;
    this.endMs = endMs;
  }

  /** A deadline `seconds` from now; throws BUDGET for a non-positive or non-finite budget. */
  static fromSeconds(seconds: number, now = Date.now()): Deadline {
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new AskmlError('BUDGET', `The time budget must be a positive number of seconds; got ${seconds}.`, {
        hint: 'Give e.g. budgetSeconds: 60, or a trial count (maxTrials).',
        value: seconds,
      });
    }
    return new Deadline(now, now + seconds * 1000);
  }

  get budgetSeconds(): number {
    return (this.endMs - this.startMs) / 1000;
  }

  /** Milliseconds left (never negative). */
  remainingMs(now = Date.now()): number {
    return Math.max(0, this.endMs - now);
  }

  remainingSeconds(now = Date.now()): number {
    return this.remainingMs(now) / 1000;
  }

  elapsedSeconds(now = Date.now()): number {
    return (now - this.startMs) / 1000;
  }

  expired(now = Date.now()): boolean {
    return now >= this.endMs;
  }

  /** Allowed overrun past the deadline: max(2 s, 5% of the budget). */
  graceMs(): number {
    return Math.max(2000, 0.05 * (this.endMs - this.startMs));
  }

  /** A deadline that ends `ms` earlier (never before now). */
  shortenedBy(ms: number, now = Date.now()): Deadline {
    return new Deadline(this.startMs, Math.max(now, this.endMs - ms));
  }
}
