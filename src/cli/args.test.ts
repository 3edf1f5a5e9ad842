import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AskmlError } from '../errors.js';
import { dataFileArg, listFlag, parseFlags, positionals } from './args.js';
import { budgetFlag, numberFlag, trialsFlag } from './commands/run.js';

const opts = { budget: { type: 'string' }, trials: { type: 'string' }, target: { type: 'string' }, json: { type: 'boolean' } } as const;

function thrown(f: () => unknown): AskmlError {
  try {
    f();
  } catch (e) {
    if (e instanceof AskmlError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('parseFlags', () => {
  it('passes a negative number on as the value, so the flag check names it (F14)', () => {
    const { values } = parseFlags('search', ['--budget', '-1', '--trials', '-3', '--json'], opts);
    expect(values).toEqual({ budget: '-1', trials: '-3', json: true });
    expect(thrown(() => numberFlag('budget', values.budget, { positive: true })).message).toBe("--budget must be a positive number, got '-1'.");
    expect(parseFlags('search', ['--budget', '-0.5'], opts).values.budget).toBe('-0.5');
    // a budget under a second is a likely typo: one model would be trained whatever it costs
    expect(thrown(() => budgetFlag('1e-9')).message).toBe("--budget must be at least 1, got '1e-9'.");
    expect(budgetFlag('1')).toBe(1);
    expect(thrown(() => budgetFlag('1e9')).message).toBe("--budget must be at most 86400, got '1e9'.");
    // after `--` everything is positional
    expect(parseFlags('search', ['--', '--budget', '-1'], opts).positionals).toEqual(['--budget', '-1']);
  });

  it('a value flag given twice with different values is refused, naming both; the same value twice is fine (audit)', () => {
    const e = thrown(() => parseFlags('run', ['--target', 'a', '--budget', '5', '--target=b'], opts));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe("Flag '--target' is given twice for 'askml run' ('a' and 'b').");
    expect(parseFlags('run', ['--target', 'a', '--target', 'a', '--json', '--json'], opts).values).toEqual({ target: 'a', json: true });
  });

  it('a flag followed by another flag needs a value, not "Unknown flag ... did you mean" itself', () => {
    for (const argv of [['--budget', '--json'], ['--target', '-x']]) {
      const e = thrown(() => parseFlags('search', argv, opts));
      expect(e.message).toBe(`Flag '${argv[0]}' needs a value for 'askml search'.`);
      expect(e.describe()).not.toContain('Did you mean');
      expect(e.details.hint).toContain(`${argv[0]}=VALUE`);
    }
    expect(thrown(() => parseFlags('search', ['--budget'], opts)).message).toBe("Flag '--budget' needs a value for 'askml search'.");
    expect(thrown(() => parseFlags('search', ['--json=1'], opts)).message).toBe("Flag '--json' takes no value for 'askml search'.");
    const unknown = thrown(() => parseFlags('search', ['--trails', '2'], opts));
    expect(unknown.message).toBe("Unknown flag '--trails' for 'askml search'.");
    expect(unknown.details.hint).toBe("Did you mean '--trials'?");
  });

  it('checks --workspace before a command runs: a file, or a file above it, is NOT_A_DIRECTORY (F6, F19)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-args-'));
    dirs.push(dir);
    const file = path.join(dir, 'data.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const o = { workspace: { type: 'string' } } as const;
    for (const ws of [file, path.join(file, 'sub')]) {
      const e = thrown(() => parseFlags('search', ['--workspace', ws], o));
      expect(e.code).toBe('NOT_A_DIRECTORY');
      expect(e.message).toContain('is a file, not a folder');
      expect(e.message).toContain(file);
    }
    // a folder that does not exist yet is fine here (it is created on first use)
    expect(parseFlags('search', ['--workspace', path.join(dir, 'new')], o).values.workspace).toBe(path.join(dir, 'new'));
  });
});

describe('listFlag', () => {
  it('rejects a list with no names, naming the flag (F16)', () => {
    expect(listFlag('learners', undefined, 'gbdt')).toBeNull();
    expect(listFlag('learners', ' gbdt, ,linear ', 'gbdt')).toEqual(['gbdt', 'linear']);
    for (const raw of [',', '', ' , ']) {
      const e = thrown(() => listFlag('learners', raw, 'gbdt,linear'));
      expect(e.code).toBe('BAD_ARGUMENT');
      expect(e.message).toBe(`--learners is empty (got '${raw}'); give one or more names separated by commas.`);
    }
  });
});

describe('listFlag', () => {
  it("splits on commas; '\\,' is a comma inside a name", async () => {
    const { listFlag } = await import('./args.js');
    expect(listFlag('ignore-columns', 'a, b ,c', 'x')).toEqual(['a', 'b', 'c']);
    expect(listFlag('ignore-columns', 'weird\\, col,b', 'x')).toEqual(['weird, col', 'b']);
    expect(listFlag('ignore-columns', undefined, 'x')).toBeNull();
  });
});

describe('positionals', () => {
  it('names the count in words and takes a hint for commands whose inputs are flags', () => {
    expect(() => positionals('profile', ['a', 'b'], ['file'])).toThrow("'askml profile' takes 1 argument; got extra 'b'.");
    expect(() => positionals('predict', ['run_x', 'f.csv'], [], 'Use --model and --data.')).toThrow(expect.objectContaining({ message: "'askml predict' takes no arguments; got extra 'run_x f.csv'.", details: expect.objectContaining({ hint: 'Use --model and --data.' }) }));
  });
});

describe('dataFileArg', () => {
  it('takes the data file as the argument or as --data (as askml run takes it), not both', () => {
    expect(dataFileArg('search', ['a.csv'], undefined, 'data')).toBe('a.csv');
    expect(dataFileArg('search', [], 'a.csv', 'data')).toBe('a.csv');
    expect(thrown(() => dataFileArg('search', [], undefined, 'data')).message).toBe("'askml search' needs DATA.");
    expect(thrown(() => dataFileArg('profile', ['a.csv'], 'b.csv', 'file')).message).toBe("'askml profile' got the data file twice: 'a.csv' and --data 'b.csv'.");
  });
});

describe('budgetFlag and trialsFlag', () => {
  it('names a unit on --budget (seconds, no unit) and the most trials, before any work starts (audit)', () => {
    expect(thrown(() => budgetFlag('30s')).message).toBe("--budget is a number of seconds, without a unit; got '30s'.");
    expect(thrown(() => budgetFlag('2m')).details).toMatchObject({ hint: 'Write --budget 120.' });
    expect(thrown(() => budgetFlag('1.5 h')).details).toMatchObject({ hint: 'Write --budget 5400.' });
    expect(budgetFlag('30')).toBe(30);
    expect(thrown(() => budgetFlag('48h')).details).toMatchObject({ hint: 'That is 172800 s; a budget is 1 to 86400 seconds.' });
    expect(trialsFlag('500')).toBe(500);
    expect(thrown(() => trialsFlag('10000000')).message).toBe("--trials must be at most 100000, got '10000000'.");
  });
});
