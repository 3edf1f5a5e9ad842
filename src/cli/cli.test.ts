import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { mixedCsv, tempDir, writeData } from '../../test/fixtures/data-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/askml');

function askml(...args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir = '';
let cleanup: () => Promise<void> = async () => {};
let csv = '';
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  csv = await writeData(dir, 'people.csv', mixedCsv(60));
});
afterAll(() => cleanup());

describe('bin/askml', () => {
  it('--version and --help', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(askml('--version')).toMatchObject({ code: 0, out: `${pkg.version}\n` });
    const help = askml('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/profile\s+Profile a data file/);
    const cmdHelp = askml('help', 'profile');
    expect(cmdHelp.out).toContain('Usage: askml profile FILE');
  });

  it('profile prints a table for people and JSON for programs', () => {
    const human = askml('profile', csv, '--target', 'label');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/people\.csv: 60 rows x 7 columns/);
    expect(human.out).toMatch(/Target: label, task binary, 2 classes: ham 66\.7%, spam 33\.3%/);
    expect(human.out).toMatch(/comment\s+text\s+feature/);
    const json = askml('profile', csv, '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.file).toMatchObject({ format: 'csv', rows: 60, cols: 7 });
    expect(parsed.profile.target).toMatchObject({ name: 'label', guessed: true });
    expect(parsed.profile.columns.find((c: { name: string }) => c.name === 'id').role).toBe('id');
  });

  it('bad input: exit 2, one error line, no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['profile', path.join(dir, 'nope.csv')], /^error: File '.*nope\.csv' does not exist/],
      [['profile', csv, '--target', 'lable'], /^error: Target column 'lable' not found\. Did you mean 'label'\?/],
      [['profile', csv, '--tagret', 'x'], /^error: Unknown flag '--tagret' for 'askml profile'\. Did you mean '--target'\?/],
      [['profile'], /^error: 'askml profile' needs FILE/],
      [['profil'], /^error: Command 'profil' not found\. Did you mean 'profile'\?/],
    ];
    for (const [args, re] of cases) {
      const r = askml(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe('');
    }
  });
});
