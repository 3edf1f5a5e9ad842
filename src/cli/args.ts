/**
 * node:util parseArgs with askml's errors: an unknown or malformed flag becomes a BAD_ARGUMENT
 * AskmlError that lists the valid flags and suggests the closest one. This is also the CLI's
 * common flag handling: a --workspace flag is checked here, before any command writes to it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AskmlError, closest } from '../errors.js';
import { checkWorkspace } from './paths.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/** A value that reads as a negative number ('-1', '-0.5', '-.5', '-1e3', '-Infinity'). */
const NEGATIVE_NUMBER = /^-(?:\d|\.\d|inf|nan)/i;

/**
 * `--budget -1`: parseArgs refuses a value that starts with '-' as ambiguous. A negative number
 * cannot be a flag, so pass it on as `--budget=-1` and let the flag's own check reject or accept it.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return [...out, ...argv.slice(i)];
    const name = /^--([^=]+)$/.exec(a)?.[1];
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function parseFlags<O extends Options>(command: string, argv: string[], options: O): ParsedArgs<O> {
  let parsed: ParsedArgs<O>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true, tokens: true }) as unknown as ParsedArgs<O>;
  } catch (e) {
    const flags = Object.entries(options).map(([name, o]) => `--${name}${o.type === 'string' ? ' VALUE' : ''}`);
    const msg = e instanceof Error ? e.message : String(e);
    const bad = /'(-{1,2}[^' ]+)/.exec(msg)?.[1];
    const known = bad !== undefined && Object.hasOwn(options, bad.replace(/^-+/, ''));
    const near = bad && !known ? closest(bad.replace(/^-+/, ''), Object.keys(options)) : undefined;
    if (bad && known && /ambiguous/i.test(msg)) {
      // `--target -x` or `--budget --json`: the next word starts with '-' and was not taken as the value.
      throw new AskmlError('BAD_ARGUMENT', `Flag '${bad}' needs a value for 'askml ${command}'.`, {
        hint: `Put the value after it; a value that starts with '-' is written ${bad}=VALUE.`,
        flag: bad,
      });
    }
    if (bad && known && /does not take an argument/i.test(msg)) {
      throw new AskmlError('BAD_ARGUMENT', `Flag '${bad}' takes no value for 'askml ${command}'.`, { hint: `Write ${bad} on its own.`, flag: bad });
    }
    const what = bad ? (/argument missing|requires/i.test(msg) ? `Flag '${bad}' needs a value` : `Unknown flag '${bad}'`) : msg.split('\n')[0];
    throw new AskmlError('BAD_ARGUMENT', `${what} for 'askml ${command}'.`, {
      choices: flags,
      hint: near ? `Did you mean '--${near}'?` : `See 'askml help ${command}'.`,
    });
  }
  // A value flag given twice with different values: the last one won silently (audit: two --data).
  const seen = new Map<string, string>();
  for (const t of (parsed as unknown as { tokens?: { kind: string; name?: string; value?: string }[] }).tokens ?? []) {
    if (t.kind !== 'option' || t.name === undefined || t.value === undefined || options[t.name]?.type !== 'string' || options[t.name]?.multiple) continue;
    const was = seen.get(t.name);
    if (was !== undefined && was !== t.value) {
      throw new AskmlError('BAD_ARGUMENT', `Flag '--${t.name}' is given twice for 'askml ${command}' ('${was}' and '${t.value}').`, { hint: 'Give it once.', flag: `--${t.name}` });
    }
    seen.set(t.name, t.value);
  }
  if (Object.hasOwn(options, 'workspace')) checkWorkspace((parsed.values as { workspace?: string }).workspace);
  return parsed;
}

/** Exactly `n` positional arguments, named in the error when missing. */
export function positionals(command: string, given: string[], names: string[], extraHint?: string): string[] {
  if (given.length < names.length) {
    throw new AskmlError('BAD_ARGUMENT', `'askml ${command}' needs ${names.map((n) => n.toUpperCase()).join(' ')}.`, {
      hint: `See 'askml help ${command}'.`,
    });
  }
  if (given.length > names.length) {
    throw new AskmlError('BAD_ARGUMENT', `'askml ${command}' takes ${names.length === 0 ? 'no arguments' : `${names.length} argument${names.length === 1 ? '' : 's'}`}; got extra '${given.slice(names.length).join(' ')}'.`, {
      hint: extraHint ?? `See 'askml help ${command}'.`,
    });
  }
  return given;
}

/**
 * The data file of a command that takes it as its argument (search, profile), also accepted as
 * --data FILE as `askml run` and `askml predict` take it; both at once is an error.
 */
export function dataFileArg(command: string, given: string[], flag: string | undefined, name: string): string {
  if (flag === undefined) return positionals(command, given, [name])[0];
  if (given.length > 0) {
    throw new AskmlError('BAD_ARGUMENT', `'askml ${command}' got the data file twice: '${given[0]}' and --data '${flag}'.`, {
      hint: `Give it once: askml ${command} ${flag} ... (or --data ${flag}).`,
    });
  }
  return flag;
}

/**
 * A comma-separated list flag (--learners a,b). Absent: null. Present but with no names in it
 * (`--learners ","`, `--learners ""`): an error naming the flag, never a silent "all".
 */
export function listFlag(name: string, raw: string | undefined, example: string): string[] | null {
  if (raw === undefined) return null;
  // A comma inside a name is written '\,' (a column named 'weird, col': --ignore-columns 'weird\, col').
  const items = raw.split(/(?<!\\),/).map((x) => x.replace(/\\,/g, ',').trim()).filter(Boolean);
  if (items.length === 0) {
    throw new AskmlError('BAD_ARGUMENT', `--${name} is empty (got '${raw}'); give one or more names separated by commas.`, {
      hint: `For example --${name} ${example}, or leave the flag out.`,
    });
  }
  return items;
}

/** Help line of --missing-values (profile, search, run). */
export const MISSING_VALUES_HELP = [
  '  --missing-values LIST',
  '                   cells of a CSV/TSV file read as missing besides the empty cell, comma-separated (default:',
  "                   pandas' list: NA, N/A, NULL, NaN, None, null, #N/A...); '' keeps NA, None... as values.",
  '                   The test file, resumed runs and predictions with the saved model read files the same way',
].join('\n');

/**
 * --missing-values: the cells a CSV/TSV file reads as missing instead of the default list.
 * Absent: undefined (the default). `''`: [] (only empty cells; 'NA' stays a value). Otherwise the
 * comma-separated cells, exactly as written (case and spaces matter, as in the file).
 */
export function missingValuesFlag(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return [...new Set(raw.split(',').filter((x) => x !== ''))];
}
