import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import { AskmlError } from '../errors.js';
import type { Command } from './command.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

const commands: Command[] = [
  { name: 'ok', summary: 'works', usage: 'Usage: askml ok', run: async () => 0 },
  { name: 'bad', summary: 'bad input', usage: 'Usage: askml bad', run: async () => { throw new AskmlError('BAD_ARGUMENT', 'nope', { hint: 'try ok' }); } },
  { name: 'bug', summary: 'a bug', usage: 'Usage: askml bug', run: async () => { throw new TypeError('x is undefined'); } },
];

describe('main --json failures (F9)', () => {
  it('prints one JSON error object on stdout, still exit 2 (bad input) or 1 (INTERNAL)', async () => {
    const io = capture();
    const tool: Command = {
      name: 'search', summary: 's', usage: 'Usage: askml search',
      run: async () => { throw new AskmlError('BAD_ARGUMENT', 'include_learners / exclude_learners leave no learner to search.', { choices: ['gbdt', 'knn'], hint: 'Start a new search with search_model.' }); },
    };
    expect(await main(['search', 'x.csv', '--json'], [...commands, tool])).toBe(2);
    expect(JSON.parse(io.out.join(''))).toEqual({ error: {
      code: 'BAD_ARGUMENT',
      message: '--learners / --exclude leave no learner to search.',
      hint: "Start a new search with 'askml search DATA --target COL'.",
      choices: ['gbdt', 'knn'],
    } });
    // people still get the line on stderr, in the same CLI wording (F17)
    expect(io.err.join('')).toBe("error: --learners / --exclude leave no learner to search. Start a new search with 'askml search DATA --target COL'. Valid choices: gbdt, knn.\n");
    io.out.length = 0;
    expect(await main(['bug', '--json'], commands)).toBe(1);
    expect(JSON.parse(io.out.join(''))).toEqual({ error: { code: 'INTERNAL', message: 'internal error (a bug in askml): x is undefined' } });
    io.out.length = 0;
    // without --json (or with it only after --) stdout stays empty
    expect(await main(['bad'], commands)).toBe(2);
    expect(await main(['bad', '--', '--json'], commands)).toBe(2);
    expect(io.out.join('')).toBe('');
  });
});

describe('main: file-system errors (audit: an unwritable folder was "a bug in askml")', () => {
  it('a permission error is a FILE_ACCESS error naming the path, exit 2, not INTERNAL', async () => {
    const io = capture();
    const denied: Command = {
      name: 'ro', summary: 'r', usage: 'Usage: askml ro',
      run: async () => { throw Object.assign(new Error("EACCES: permission denied, mkdir '/ro/ws/datasets'"), { code: 'EACCES', syscall: 'mkdir', path: '/ro/ws/datasets' }); },
    };
    expect(await main(['ro', '--json'], [...commands, denied])).toBe(2);
    expect(JSON.parse(io.out.join('')).error).toMatchObject({ code: 'FILE_ACCESS', message: "askml cannot create the folder '/ro/ws/datasets': permission denied (EACCES)." });
    expect(io.err.join('')).not.toContain('a bug in askml');
  });
});

describe('main', () => {
  it('dispatches, prints usage for --help, and maps errors to exit codes', async () => {
    const io = capture();
    expect(await main(['ok'], commands)).toBe(0);
    expect(await main(['ok', '--help'], commands)).toBe(0);
    expect(io.out.join('')).toContain('Usage: askml ok');
    expect(await main(['bad'], commands)).toBe(2);
    expect(io.err.join('')).toBe('error: nope try ok\n');
    io.err.length = 0;
    expect(await main(['bug'], commands)).toBe(1);
    const text = io.err.join('');
    expect(text).toContain('internal error (a bug in askml): x is undefined');
    expect(text).not.toMatch(/\n\s+at /);
    io.err.length = 0;
    expect(await main(['--verbose'], commands)).toBe(2);
    expect(io.err.join('')).toContain("Unknown flag '--verbose'");
  });
});

describe('askml help', () => {
  it("'help help' (and 'help --help') shows help's own usage, not 'Command help not found'", async () => {
    const io = capture();
    expect(await main(['help', 'help'], commands)).toBe(0);
    expect(io.out.join('')).toContain('Usage: askml help [COMMAND]');
    expect(io.err.join('')).toBe('');
    io.out.length = 0;
    expect(await main(['help', '--help'], commands)).toBe(0);
    expect(io.out.join('')).toContain('Usage: askml help [COMMAND]');
    io.out.length = 0;
    expect(await main(['help', 'ok'], commands)).toBe(0);
    expect(io.out.join('')).toBe('Usage: askml ok\n');
    expect(await main(['help', 'nope'], commands)).toBe(2);
    expect(io.err.join('')).toContain("Command 'nope' not found");
  });
});

describe('help examples', () => {
  it('name only files that ship with askml (examples/, evals/)', async () => {
    const { commands: real } = await import('./commands/index.js');
    const { existsSync } = await import('node:fs');
    const path = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    for (const c of real) {
      const examples = c.usage.split('Examples:')[1] ?? '';
      for (const m of examples.matchAll(/(?:^|\s)((?:examples|evals)\/[^\s'"]+)/g)) {
        expect(existsSync(path.join(root, m[1])), `${c.name}: ${m[1]}`).toBe(true);
      }
    }
    const profile = real.find((c) => c.name === 'profile')!.usage;
    expect(profile).not.toMatch(/titanic|news\.csv/);
  });
});
