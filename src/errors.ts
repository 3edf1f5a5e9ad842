/**
 * Typed, actionable errors. Bad input never crashes a process: every user-facing failure is an
 * AskmlError with a stable `code`, a message that says what was wrong, and where it helps the
 * valid choices and a suggestion. Anything else reaching the top level is a bug in askml.
 */
export type ErrorCode =
  | 'FILE_NOT_FOUND'
  | 'NOT_A_FILE'
  | 'NOT_A_DIRECTORY'
  | 'EMPTY_FILE'
  | 'NO_ROWS'
  | 'PARSE_ERROR'
  | 'ENCODING'
  | 'BINARY_FILE'
  | 'UNSUPPORTED_FORMAT'
  | 'COLUMN_NOT_FOUND'
  | 'BAD_TARGET'
  | 'BAD_ARGUMENT'
  | 'BAD_METRIC'
  | 'UNKNOWN_LEARNER'
  | 'BUDGET'
  | 'TOO_SMALL'
  | 'NOT_FOUND'
  | 'SCHEMA_MISMATCH'
  | 'VERSION_MISMATCH'
  | 'EXPORT_UNSUPPORTED'
  | 'EXPORT_MISMATCH'
  | 'PATH_NOT_ALLOWED'
  | 'CANCELLED'
  | 'LLM_ERROR'
  | 'INTERNAL';

export interface ErrorDetails {
  /** Valid options the caller could have used (column names, metric names, learner names...). */
  choices?: readonly string[];
  /** A closest match or a concrete next step. */
  hint?: string;
  /** Anything machine-readable worth returning (the bad value, a path, a row number). */
  [key: string]: unknown;
}

export class AskmlError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'AskmlError';
    this.code = code;
    this.details = details;
  }

  /** Message plus hint and choices, for people and for LLMs reading a tool error. */
  describe(): string {
    const parts = [this.message];
    if (this.details.hint) parts.push(String(this.details.hint));
    if (this.details.choices && this.details.choices.length > 0) {
      const shown = this.details.choices.slice(0, 30);
      const more = this.details.choices.length - shown.length;
      parts.push(`Valid choices: ${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}.`);
    }
    return parts.join(' ');
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.describe(), details: this.details };
  }
}

export function isAskmlError(e: unknown): e is AskmlError {
  return e instanceof AskmlError;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** The closest name among `choices` (case-insensitive), or undefined when nothing is close. */
export function closest(name: string, choices: readonly string[]): string | undefined {
  // Case and separators do not count: 'Random Forest' is random_forest.
  const norm = (s: string): string => s.toLowerCase().replace(/[\s-]+/g, '_');
  const lower = norm(name);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of choices) {
    const d = editDistance(lower, norm(c));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  // A short name may be off by one: 'xx' is not 'sex' (two edits are most of the word).
  return bestD <= Math.min(Math.max(2, Math.floor(best.length / 3)), Math.max(1, Math.floor(lower.length / 2))) ? best : undefined;
}

/** The standard "unknown name" error: says what was asked for, suggests the closest, lists all. */
export function unknownName(
  code: ErrorCode,
  kind: string,
  name: string,
  choices: readonly string[],
): AskmlError {
  const near = closest(name, choices);
  return new AskmlError(code, `${kind} '${name}' not found.`, {
    choices,
    hint: near ? `Did you mean '${near}'?` : undefined,
    value: name,
  });
}

export function cancelled(what = 'operation'): AskmlError {
  return new AskmlError('CANCELLED', `The ${what} was cancelled.`);
}

/** Throw CANCELLED when the signal has fired. Call it at loop boundaries of long work. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw cancelled(what);
}
