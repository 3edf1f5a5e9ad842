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
  | 'FILE_ACCESS'
  | 'TRIALS_FAILED'
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

const SYSTEM_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space is left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'a folder on its path does not exist',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EISDIR: 'it is a folder',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
};

const SYSTEM_VERBS: Record<string, string> = { mkdir: 'create the folder', open: 'open', rename: 'write', write: 'write', unlink: 'remove', rmdir: 'remove', scandir: 'read the folder', copyfile: 'write' };

/**
 * A file-system error of Node (permission denied, read-only or full disk...) as a typed error naming
 * the path: it is the user's machine, not a bug in askml. `path` names the file the user knows when
 * the failing call was on a temporary sibling. Null for anything else.
 */
export function fileAccessError(e: unknown, path?: string): AskmlError | null {
  if (isAskmlError(e) || !(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException;
  const reason = err.code ? SYSTEM_REASONS[err.code] : undefined;
  if (!reason || (!path && !err.path)) return null;
  const where = path ?? err.path!;
  const verb = path ? 'write' : (err.syscall && SYSTEM_VERBS[err.syscall]) ?? 'use';
  return new AskmlError('FILE_ACCESS', `askml cannot ${verb} '${where}': ${reason} (${err.code}).`, {
    hint: err.code === 'ENOSPC' || err.code === 'EDQUOT'
      ? 'Free some space, or point --workspace (or --out) at another disk.'
      : 'Choose a path you can write to (--out, --workspace or ASKML_WORKSPACE), or fix the folder\'s permissions.',
    path: where,
    errno: err.code,
  });
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

/**
 * Characters that print as nothing (zero-width space, joiners, BOM) or as an ordinary space
 * (no-break spaces). Copied from a web page into a file or column name, they make a name that
 * looks right fail to match.
 */
const HIDDEN_CHARS: Record<number, string> = {
  0x00a0: 'no-break space',
  0x2007: 'figure space',
  0x202f: 'narrow no-break space',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x2060: 'word joiner',
  0xfeff: 'zero-width no-break space',
};
const ZERO_WIDTH = /[\u200b\u200c\u200d\u2060\ufeff]/g;
const NO_BREAK_SPACE = /[\u00a0\u2007\u202f]/g;

/** `s` with zero-width characters removed and no-break spaces made plain spaces. */
export function withoutHiddenChars(s: string): string {
  return s.replace(ZERO_WIDTH, '').replace(NO_BREAK_SPACE, ' ');
}

/**
 * "an invisible character U+200B (zero-width space) at position 6" (or "a look-alike space U+00A0
 * (no-break space) ...") for the first such character of `s` (positions count characters from 1),
 * or undefined when `s` has none.
 */
export function hiddenCharNote(s: string): string | undefined {
  const chars = [...s];
  const at = chars.findIndex((ch) => HIDDEN_CHARS[ch.codePointAt(0) as number] !== undefined);
  if (at < 0) return undefined;
  const code = chars[at].codePointAt(0) as number;
  const more = chars.slice(at + 1).filter((ch) => HIDDEN_CHARS[ch.codePointAt(0) as number] !== undefined).length;
  const kind = chars[at].replace(ZERO_WIDTH, '') === '' ? 'an invisible character' : 'a look-alike space';
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `${kind} U+${hex} (${HIDDEN_CHARS[code]}) at position ${at + 1}${more > 0 ? ` (and ${more} more)` : ''}`;
}

/**
 * When `name` and one of `choices` differ only by invisible characters or no-break spaces: "Did you
 * mean 'label'? The name you gave contains an invisible character U+200B (zero-width space) at
 * position 6 ...". Otherwise, when `name` holds such a character, a note saying where; else undefined.
 * `show` turns the matching choice into the text suggested (a file name into its full path).
 */
export function hiddenCharHint(name: string, choices: readonly string[], what = 'name', o: { show?: (match: string) => string } = {}): string | undefined {
  const plain = withoutHiddenChars(name);
  const match = choices.find((c) => c !== name && withoutHiddenChars(c) === plain);
  const given = hiddenCharNote(name);
  const theirs = match === undefined ? undefined : hiddenCharNote(match);
  const notes = [
    given && `The ${what} you gave contains ${given}`,
    theirs && `the ${what} '${match}' itself contains ${theirs}`,
  ].filter(Boolean);
  if (notes.length === 0) return undefined;
  const why = `${notes.join('; ')}, typically left by text copied from a web page.`;
  if (match === undefined) return `${why} Retype the ${what}.`;
  const fix = theirs ? ` Rename it, or copy the ${what} from this message.` : '';
  return `Did you mean '${o.show ? o.show(match) : match}'? ${why.charAt(0).toUpperCase()}${why.slice(1)}${fix}`;
}

/** The closest name among `choices` (case-insensitive), or undefined when nothing is close. */
export function closest(name: string, choices: readonly string[]): string | undefined {
  // Case, separators and invisible characters do not count: 'Random Forest' is random_forest.
  const norm = (s: string): string => withoutHiddenChars(s).toLowerCase().replace(/[\s-]+/g, '_');
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
  const hidden = hiddenCharHint(name, choices);
  return new AskmlError(code, `${kind} '${name}' not found.`, {
    choices,
    hint: hidden?.startsWith('Did you mean') ? hidden : [near ? `Did you mean '${near}'?` : undefined, hidden].filter(Boolean).join(' ') || undefined,
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
