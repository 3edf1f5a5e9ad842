/**
 * node:util parseArgs with askml's errors: an unknown or malformed flag becomes a BAD_ARGUMENT
 * AskmlError that lists the valid flags and suggests the closest one.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AskmlError, closest } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

export function parseFlags<O extends Options>(command: string, argv: string[], options: O): ParsedArgs<O> {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return parsed as unknown as ParsedArgs<O>;
  } catch (e) {
    const flags = Object.entries(options).map(([name, o]) => `--${name}${o.type === 'string' ? ' VALUE' : ''}`);
    const msg = e instanceof Error ? e.message : String(e);
    const bad = /'(-{1,2}[^']+)'/.exec(msg)?.[1];
    const near = bad ? closest(bad.replace(/^-+/, ''), Object.keys(options)) : undefined;
    const what = bad ? (/argument missing|requires/i.test(msg) ? `Flag '${bad}' needs a value` : `Unknown flag '${bad}'`) : msg.split('\n')[0];
    throw new AskmlError('BAD_ARGUMENT', `${what} for 'askml ${command}'.`, {
      choices: flags,
      hint: near ? `Did you mean '--${near}'?` : `See 'askml help ${command}'.`,
    });
  }
}

/** Exactly `n` positional arguments, named in the error when missing. */
export function positionals(command: string, given: string[], names: string[]): string[] {
  if (given.length < names.length) {
    throw new AskmlError('BAD_ARGUMENT', `'askml ${command}' needs ${names.map((n) => n.toUpperCase()).join(' ')}.`, {
      hint: `See 'askml help ${command}'.`,
    });
  }
  if (given.length > names.length) {
    throw new AskmlError('BAD_ARGUMENT', `'askml ${command}' takes ${names.length} argument(s); got extra '${given.slice(names.length).join(' ')}'.`, {
      hint: `See 'askml help ${command}'.`,
    });
  }
  return given;
}
