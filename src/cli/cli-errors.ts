/**
 * How the CLI shows an error. Tool errors are written for an LLM or an MCP client and name the tools
 * and their arguments (search_model, include_learners ...); `cliWording` rewrites those names into
 * the commands and flags a person at the terminal types, in one place, for the message and the hint.
 * `errorJson` is the object `--json` prints on stdout when a command fails.
 */
import { AskmlError, isAskmlError, type ErrorCode } from '../errors.js';

type Rewrite = (text: string, command: string | undefined) => string;

/** A learner list suggested by a tool (`include: ["logistic_regression"]`) in the command's own terms. */
function learnerAdvice(names: string[], command: string | undefined): string {
  if (command === 'run' || command === 'chat') return `add "only ${names.map((n) => n.replace(/_/g, ' ')).join(' and ')}" to the instruction`;
  if (command === 'resume') return `--learner ${names[0]}`;
  return `--learners ${names.join(',')}`;
}

const REWRITES: Rewrite[] = [
  // "search_model failed: X" as a whole error: the step line above already names the step.
  (t) => t.replace(/^[a-z]+(?:_[a-z]+)* failed: /, ''),
  // zod errors from a tool call.
  (t) => t.replace(/\n?Fix these arguments and call '\w+' again\./g, '').replace(/Invalid arguments for '(\w+)'/g, 'Invalid arguments'),
  (t) => t.replace(/List them with list_tasks or 'askml runs'\./g, "List them with 'askml runs'."),
  // checkMetric's hint names both ways to ask for regression: the command line's only (audit: said twice).
  (t, cmd) => t.replace(/ask for regression \(askml search --task regression; search_model task 'regression'\)/g, cmd === 'run' || cmd === 'chat' ? 'ask for regression in the instruction (e.g. "predict rooms as a regression")' : 'ask for regression (--task regression)'),
  // The task as MCP sets it: on the command line it is --task, or left out.
  (t, cmd) => t.replace(/Use task '(\w+)' \(or null to let askml infer it\)/g, (_m, task: string) => (cmd === 'run' || cmd === 'chat' ? `Ask for ${task} in the instruction (or leave the task out to let askml infer it)` : `Use --task ${task} (or leave --task out to let askml infer it)`)),
  (t) => t.replace(/The resource askml:\/\/runs lists every run \(newest first\); search_model returns a new run_id\./g, "'askml runs' lists every run (newest first)."),
  (t) => t.replace(/Start a new search with search_model\./g, "Start a new search with 'askml search DATA --target COL'."),
  (t) => t.replace(/Profile the file again with profile_data to register it under a new id\./g, "Restore the file, or start a new search with 'askml search FILE --target COL'."),
  (t) => t.replace(/Profile the file again with profile_data to register the new version\./g, "Search the file as it is now with 'askml search FILE --target COL' (a new run)."),
  (t, cmd) => t.replace(/include:\s*\[([^\]]*)\]/g, (_m, list: string) => {
    const names = [...list.matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => m[1] ?? m[2]);
    return names.length > 0 ? learnerAdvice(names, cmd) : _m;
  }),
  (t, cmd) => t.replace(/include_learners \/ exclude_learners/g, cmd === 'run' || cmd === 'chat' ? 'The learner choices in the instruction' : cmd === 'resume' ? '--learner' : '--learners / --exclude'),
  (t, cmd) => t.replace(/\binclude_learners\b/g, cmd === 'run' || cmd === 'chat' ? 'the learners named in the instruction' : '--learners'),
  (t, cmd) => t.replace(/\bexclude_learners\b/g, cmd === 'run' || cmd === 'chat' ? 'the learners excluded in the instruction' : '--exclude'),
  // The chat has no --target: the target is named in the instruction.
  (t, cmd) => (cmd === 'chat' ? t.replace(/, or give it with --target\./g, '.') : t),
  // Columns to leave out of the features: the flag of `askml search`, the instruction's words for run / chat.
  (t, cmd) => t.replace(/engineer_features' exclude_columns: \[([^\]]*)\]/g, (_m, list: string) => {
    const names = [...list.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    if (names.length === 0) return _m;
    if (cmd === 'run' || cmd === 'chat') return `"ignore ${names.join(' and ')}" in the instruction`;
    // As a shell takes it: commas in a name escaped, the list quoted when it holds spaces or quotes.
    const shown = names.map((n) => n.replace(/,/g, '\\,')).join(',');
    return `--ignore-columns ${/^[\w.,\\-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, "'\\''")}'`}`;
  }),
  // engineer_features' column lists: `askml search --ignore-columns`, or the instruction's exclusions.
  (t, cmd) => {
    const words = cmd === 'run' || cmd === 'chat';
    return t
      .replace(/\(remove it from exclude_columns\), or pass exclude_columns null\./g, words ? '(exclude fewer columns in the instruction).' : '(remove it from --ignore-columns), or leave the flag out.')
      .replace(/\bexclude_columns removes\b/g, words ? 'the instruction excludes' : '--ignore-columns leaves out')
      .replace(/^Excluded column '(.*)' not found\./, words ? "Excluded column '$1' not found." : "--ignore-columns names '$1', which is not a column of the data.")
      .replace(/\bexclude_columns\b/g, words ? "the instruction's excluded columns" : '--ignore-columns');
  },
  // budgetFlag's "resume the run" for a too-large budget, said to `askml resume` itself: how resuming gives more.
  (t, cmd) => (cmd === 'resume'
    ? t.replace(/(\d+) is 24 hours\. For a longer search, resume the run\./, '$1 is 24 hours. For a longer search, resume several times, each with --budget $1 or less: each session continues the search.')
    : t),
  // zod paths and tool arguments that are CLI flags.
  (t) => t.replace(/\bbudget_seconds\b/g, '--budget').replace(/\bmax_trials\b/g, '--trials'),
  (t) => t.replace(/,? or pass out_path null\./g, ', or leave --out out.').replace(/\bout_path\b/g, '--out'),
  (t) => t.replace(/\btest_path\b/g, '--test').replace(/\bsplit_file\b/g, '--split'),
  // "(MCP: tune with learner null)" beside a CLI command: the terminal needs only the command.
  (t) => t.replace(/ \(MCP: [^)]*\)/g, ''),
  // Any tool name left: the command a person runs for it.
  (t) => t.replace(/\bsearch_model\b/g, "'askml search'").replace(/\bprofile_data\b/g, "'askml profile FILE'").replace(/\blist_tasks\b/g, "'askml runs'"),
];

/**
 * `text` with tool and tool-argument names replaced by CLI commands and flags. `askml eval`'s
 * errors name the fields of its suite files (budget_seconds, max_score), not tool arguments: as written.
 */
export function cliText(text: string, command?: string): string {
  if (command === 'eval') return text;
  return REWRITES.reduce((t, f) => f(t, command), text);
}

/** The same error in CLI wording (message and hint); other details are kept. */
export function cliWording(e: AskmlError, command?: string): AskmlError {
  const hint = typeof e.details.hint === 'string' ? cliText(e.details.hint, command) : e.details.hint;
  return new AskmlError(e.code, cliText(e.message, command), { ...e.details, hint });
}

export interface ErrorJson {
  error: { code: ErrorCode; message: string; hint?: string; choices?: readonly string[]; details?: Record<string, unknown> };
}

/** What `--json` prints on stdout for a failed command. Anything not an AskmlError is INTERNAL. */
export function errorJson(e: unknown): ErrorJson {
  if (!isAskmlError(e)) {
    const msg = e instanceof Error ? e.message : String(e);
    return { error: { code: 'INTERNAL', message: `internal error (a bug in askml): ${msg}` } };
  }
  const { hint, choices, ...rest } = e.details;
  const error: ErrorJson['error'] = { code: e.code, message: e.message };
  if (hint !== undefined && hint !== null && hint !== '') error.hint = String(hint);
  if (choices && choices.length > 0) error.choices = choices;
  const details = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (Object.keys(details).length > 0) error.details = details;
  return { error };
}
