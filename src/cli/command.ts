/**
 * The CLI command contract. One command per file under src/cli/commands/, listed in
 * src/cli/commands/index.ts; main.ts only dispatches. `run` returns the exit code (default 0)
 * and throws AskmlError for bad input (main prints it and exits with 2).
 */
export interface Command {
  /** The word after `askml`, e.g. 'profile'. */
  name: string;
  /** One line for `askml --help`. */
  summary: string;
  /** Full help text for `askml help <name>`: usage line, flags, examples. */
  usage: string;
  run(argv: string[]): Promise<number | void>;
  /** The language a failure of this command is shown in (the instruction's, for `run`); default English. */
  errorLang?(argv: string[]): Promise<'zh' | 'en'>;
}
