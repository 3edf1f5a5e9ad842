/**
 * askml's entry point: global flags (--help, --version), `help <command>`, dispatch to the
 * command registry, and the error policy: AskmlError -> "error: ..." on stderr and exit 2 (bad
 * input) without a stack trace; anything else is a bug in askml -> exit 1. With --json a failed
 * command also prints {"error": {...}} on stdout, so programs always get one JSON object.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AskmlError, fileAccessError, isAskmlError, unknownName } from '../errors.js';
import type { Command } from './command.js';
import { cliWording, errorJson } from './cli-errors.js';
import { zhErrorLine } from './render/error-zh.js';
import { terminatedBySignal } from './stop-signals.js';
import { commands as defaultCommands } from './commands/index.js';

export function version(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
  return pkg.version;
}

export function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'askml: a natural-language AutoML agent for tables and text.',
    '',
    'Usage: askml <command> [arguments] [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show help for a command: askml help <command>`,
    '',
    'Flags:',
    '  -h, --help     show this help',
    '  -v, --version  print the version',
  ].join('\n');
}

/** `askml help help`: help is not in the command registry, so its own text lives here. */
export const HELP_USAGE = [
  'Usage: askml help [COMMAND]',
  '',
  'Without COMMAND: the list of commands (as askml --help). With COMMAND: its usage, flags and',
  'examples (as askml COMMAND --help).',
  '',
  'Examples:',
  '  askml help',
  '  askml help run',
].join('\n');

function findCommand(commands: readonly Command[], name: string): Command {
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) throw unknownName('BAD_ARGUMENT', 'Command', name, [...commands.map((c) => c.name), 'help']);
  return cmd;
}

let pipesGuarded = false;

/**
 * A reader that went away (`askml run ... | head -3`): writes to that stream stop quietly and the
 * work goes on, so a run still finishes and saves its model (Node's default is a crash with a stack
 * trace at the next write, in the middle of a search).
 */
export function ignoreClosedPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
      throw e;
    });
  }
}

/** Run the CLI; returns the process exit code. Never throws. */
export async function main(argv: string[], commands: readonly Command[] = defaultCommands): Promise<number> {
  ignoreClosedPipes();
  const [first, ...rest] = argv;
  const json = wantsJson(rest);
  let command: string | undefined;
  let cmd: Command | undefined;
  try {
    if (first === undefined || first === '--help' || first === '-h') {
      process.stdout.write(`${generalHelp(commands)}\n`);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (first === 'help') {
      if (rest.length === 0) process.stdout.write(`${generalHelp(commands)}\n`);
      else if (rest[0] === 'help' || rest[0] === '--help' || rest[0] === '-h') process.stdout.write(`${HELP_USAGE}\n`);
      else process.stdout.write(`${findCommand(commands, rest[0]).usage}\n`);
      return 0;
    }
    if (first.startsWith('-')) {
      throw new AskmlError('BAD_ARGUMENT', `Unknown flag '${first}'.`, { choices: ['--help', '--version'], hint: "Run 'askml --help'." });
    }
    cmd = findCommand(commands, first);
    command = cmd.name;
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${cmd.usage}\n`);
      return 0;
    }
    return (await cmd.run(rest)) ?? 0;
  } catch (e) {
    const lang = cmd?.errorLang ? await cmd.errorLang(rest) : 'en';
    return reportError(e, { command, json, lang });
  }
}

/** `--json` among a command's flags (not after `--`): errors then go to stdout as JSON too. */
function wantsJson(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

/**
 * Print an error the CLI way and return its exit code: "error: ..." on stderr in CLI wording
 * (src/cli/cli-errors.ts), and with `json` also {"error": {code, message, hint, choices}} on stdout.
 */
export function reportError(e: unknown, o: { command?: string; json?: boolean; lang?: 'zh' | 'en' } = {}): number {
  e = fileAccessError(e) ?? e;
  if (isAskmlError(e)) {
    const shown = cliWording(e, o.command);
    if (o.json) process.stdout.write(`${JSON.stringify(errorJson(shown))}\n`);
    process.stderr.write(o.lang === 'zh' ? `${zhErrorLine(shown)}\n` : `error: ${shown.describe()}\n`);
    if (e.code === 'CANCELLED') return terminatedBySignal() ? 143 : 130;
    return e.code === 'INTERNAL' ? 1 : 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (o.json) process.stdout.write(`${JSON.stringify(errorJson(err))}\n`);
  process.stderr.write(`internal error (a bug in askml): ${err.message}\n`);
  if (process.env.ASKML_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  else process.stderr.write('Set ASKML_DEBUG=1 for the stack trace, and please report it.\n');
  return 1;
}

// Run when executed directly (`node --import tsx src/cli/main.ts ...`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
