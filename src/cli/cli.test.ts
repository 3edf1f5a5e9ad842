import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mixedCsv, tempDir, writeData } from '../../test/fixtures/data-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/askml');

function askml(...args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** askml with a workspace of its own and no LLM configured. */
function askmlIn(ws: string, ...args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: root, env: { ...process.env, ASKML_WORKSPACE: ws, ASKML_MODEL: '' } });
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

describe('bin/askml bad input from the CLI audit', () => {
  it('--json: every command prints one JSON error object on stdout and exits 2 (F9)', () => {
    const ws = path.join(dir, 'ws-json');
    mkdirSync(ws, { recursive: true });
    const nope = path.join(dir, 'nope.csv');
    const cases: [string[], string][] = [
      [['profile', nope, '--json'], 'FILE_NOT_FOUND'],
      [['search', csv, '--target', 'lable', '--trials', '1', '--json'], 'COLUMN_NOT_FOUND'],
      [['resume', 'run_20200101000000_abcdef', '--budget', '1', '--json'], 'NOT_FOUND'],
      [['run', 'predict label', '--data', nope, '--json'], 'FILE_NOT_FOUND'],
      [['predict', '--model', 'run_20200101000000_abcdef', '--data', csv, '--json'], 'NOT_FOUND'],
      [['runs', '--limit', '0', '--json'], 'BAD_ARGUMENT'],
      [['eval', path.join(dir, 'nope.jsonl'), '--json'], 'FILE_NOT_FOUND'],
    ];
    for (const [args, code] of cases) {
      const r = askmlIn(ws, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      const j = JSON.parse(r.out);
      expect(j.error.code, args.join(' ')).toBe(code);
      expect(typeof j.error.message).toBe('string');
      expect(r.err).toMatch(/^error: /m);
    }
  }, 60_000);

  it('flag values are checked before any work, with messages naming the flag', () => {
    const ws = path.join(dir, 'ws-flags');
    const cases: [string[], string][] = [
      // F14
      [['search', csv, '--target', 'label', '--budget', '-1'], "error: --budget must be at least 1, got '-1'. The budget is in seconds: --budget 30 searches for 30 seconds; budgets under 1 s are refused."],
      [['search', csv, '--target', 'label', '--trials', '-3'], "error: --trials must be a positive whole number, got '-3'."],
      // F15
      [['search', csv, '--target', 'label', '--metric', 'f1'], "error: --metric 'f1' is not a metric. Did you mean 'macro_f1'? Valid choices: accuracy,"],
      // F16
      [['search', csv, '--target', 'label', '--learners', ','], "error: --learners is empty (got ',')"],
      // F25
      [['search', csv, '--target', 'label', '--test', csv], 'holds the same rows as the data file'],
      [['profile', csv, '--target', 'label', '--no-target'], 'error: Give --target or --no-target, not both'],
      [['search', csv, '--target', 'label', '--budget', '3', '--trials', '5'], 'error: Give --budget or --trials, not both (got --budget 3 and --trials 5).'],
      [['search', csv, '--target', 'label', '--task', 'regresion'], "error: --task must be binary, multiclass or regression, got 'regresion'."],
      // audit: run dropped --budget silently
      [['run', 'predict label', '--data', csv, '--budget', '3', '--trials', '5'], 'error: Give --budget or --trials, not both (got --budget 3 and --trials 5).'],
      [['predict', '--model', 'run_20200101000000_abcdef', '--data', csv, '--out', path.join(dir, 'p.csv'), '--format', 'jsonl'], "ends in .csv but --format is jsonl"],
      [['run', '  ', '--data', csv, '--trials', '2'], "error: 'askml run' got an empty instruction."],
      // audit: an --allow folder that does not exist was accepted (and allowed nothing)
      [['mcp', '--allow', path.join(dir, 'no-such-folder')], "no-such-folder' does not exist. Give an existing folder the tools may read and write under."],
      [['mcp', '--allow', csv], "people.csv' is a file, not a folder."],
      // audit: a run id that does not exist was read as a folder path
      [['predict', '--model', 'run_nope', '--data', csv], "error: 'run_nope' is not a valid run id (model); run ids look like 'run_20261123140501_a1b2c3'. The workspace has no runs yet."],
    ];
    for (const [args, want] of cases) {
      const r = askmlIn(ws, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(want);
      expect(r.err).not.toMatch(/search_model|Did you mean '--/);
    }
    // nothing was profiled or searched
    expect(existsSync(ws)).toBe(false);
  }, 60_000);

  it('search --ignore-columns leaves columns out of the features: a test file may lack them (audit)', async () => {
    const ws = path.join(dir, 'ws-ignore');
    // The test file has every column but age; its rows are the data's own, which is fine here.
    const noAge = mixedCsv(30).split('\n').map((l) => l.replace(/^([^,]*),[^,]*,/, '$1,')).join('\n');
    const test = await writeData(dir, 'people-no-age.csv', noAge);
    const refused = askmlIn(ws, 'search', csv, '--target', 'label', '--test', test, '--trials', '2');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("The test file lacks column(s) 'age' that the model's features read.");
    expect(refused.err).toContain('leave them out of the features (--ignore-columns age)');
    const ok = askmlIn(ws, 'search', csv, '--target', 'label', '--test', test, '--trials', '2', '--ignore-columns', 'age,comment', '--json');
    expect(ok.code, ok.err).toBe(0);
    const res = JSON.parse(ok.out);
    expect(res.notes).toContain('Left out of the features on request: age, comment.');
    const model = JSON.parse(readFileSync(path.join(res.model_path, 'model.json'), 'utf8'));
    expect(model.inputColumns).toEqual(['member', 'joined']);
    const unknown = askmlIn(ws, 'search', csv, '--target', 'label', '--trials', '1', '--ignore-columns', 'citty');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: --ignore-columns names 'citty', which is not a column of the data\. Did you mean 'city'\?/);
    const target = askmlIn(ws, 'search', csv, '--target', 'label', '--trials', '1', '--ignore-columns', 'label');
    expect(target.code).toBe(2);
    expect(target.err).toContain("'label' is the target");
  }, 120_000);

  it('run with a Chinese instruction shows its errors in Chinese; --json stays English', () => {
    const ws = path.join(dir, 'ws-zh-err');
    const missing = askmlIn(ws, 'run', '预测 label 列', '--data', path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^错误（找不到文件）：文件 '.*nope\.csv' 不存在。/m);
    const wrong = askmlIn(ws, 'run', '预测 label 列', '--data', csv, '--target', 'lable', '--trials', '1', '--json');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("错误（找不到列）：找不到目标列 'lable'。您是不是指 'label'？");
    expect(JSON.parse(wrong.out).error.message).toBe("Target column 'lable' not found.");
    // Flags are checked before the instruction is read: still Chinese.
    const flag = askmlIn(ws, 'run', '--frob', '预测 label 列', '--data', csv);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/^错误（参数有误）：'askml run' 没有参数 '--frob'。/);
    const en = askmlIn(ws, 'run', 'predict label', '--data', path.join(dir, 'nope.csv'));
    expect(en.err).toMatch(/^error: File '.*nope\.csv' does not exist\./m);
  }, 60_000);

  it('a wrong --workspace is a typed error before anything is written (F19, F6)', () => {
    const missing = askml('runs', '--workspace', path.join(dir, 'no-such-ws'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: --workspace '.*no-such-ws' does not exist\./);
    expect(existsSync(path.join(dir, 'no-such-ws'))).toBe(false);
    for (const args of [['runs', '--workspace', csv], ['search', csv, '--target', 'label', '--trials', '1', '--workspace', csv], ['run', 'predict label', '--data', csv, '--workspace', path.join(csv, 'sub')]]) {
      const r = askml(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('is a file, not a folder');
      expect(r.err).not.toContain('internal error');
    }
  }, 30_000);

  it('eval checks the suite and --out paths before running the suite (F6)', () => {
    const suiteDir = path.join(root, 'evals');
    const asDir = askml('eval', suiteDir, '--plan-only');
    expect(asDir.code).toBe(2);
    expect(asDir.err).toMatch(/^error: Eval suite '.*evals' is a folder; give one \.jsonl suite file\./);
    expect(asDir.err).toContain('smoke.jsonl');
    const outDir = askml('eval', path.join(suiteDir, 'smoke.jsonl'), '--plan-only', '--out', dir);
    expect(outDir.code).toBe(2);
    expect(outDir.err).toMatch(/^error: --out '.*' is a folder; give a file path\./);
    expect(outDir.err).not.toMatch(/\[1\/|PASS|FAIL/); // no case ran
  }, 30_000);

  it('run --planner llm without an LLM fails before profiling, planning or recording a task (F23)', () => {
    const ws = path.join(dir, 'ws-llm');
    const r = askmlIn(ws, 'run', 'predict label', '--data', csv, '--planner', 'llm', '--trials', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: The LLM planner was requested but no model is configured/);
    expect(r.out).toBe('');
    expect(r.err).not.toContain('(profile_data)');
    expect(existsSync(path.join(ws, 'tasks'))).toBe(false);
  }, 20_000);
});

describe('askml search whose finalists re-scored on fresh folds choose another than #1', () => {
  it('says it chose the re-scored winner and where it ranks, not that it was the best (audit)', () => {
    const split = path.join(dir, 'hp.split.json');
    writeFileSync(split, JSON.stringify({ test: Array.from({ length: 120 }, (_, i) => i * 5) }));
    const r = askmlIn(path.join(dir, 'ws-reval'), 'search', 'examples/house-prices.csv', '--target', 'price', '--metric', 'mae', '--split', split, '--trials', '10',
      '--learners', 'forest,knn,decision_tree', '--ignore-columns', 'garage', '--seed', '1');
    expect(r.code, r.err).toBe(0);
    const m = /; chose (\w+) \(#(\d+) on the leaderboard, validation mae [\d.]+; the notes say why\)/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(1);
    expect(r.out).toContain(`replaces the search's best`);
  }, 60_000);
});
