/** `askml predict` through bin/askml: where predictions and status lines go, --out -, --keep. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../../data/load.js';
import { searchModel } from '../../search/automl.js';
import { saveArtifact } from '../../export/artifact.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin/askml');
let dir = '';
let modelDir = '';
let data = '';

/** askml in the temp folder (so a file named '-' would show up there), with its own workspace. */
function askml(...args: string[]) {
  const r = spawnSync(bin, args, { encoding: 'utf8', cwd: dir, env: { ...process.env, ASKML_WORKSPACE: path.join(dir, 'ws'), ASKML_MODEL: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-predict-cli-'));
  const churn = path.join(root, 'examples/churn.csv');
  const { frame } = await loadTable(churn);
  const r = await searchModel({ train: frame, target: 'churned', maxTrials: 1, include: ['logistic_regression'], seed: 0, parallelism: 1, runDir: path.join(dir, 'run') });
  modelDir = path.join(dir, 'model');
  saveArtifact({ dir: modelDir, model: r.model, columns: frame.columns, seed: 0 });
  const lines = readFileSync(churn, 'utf8').trim().split('\n').slice(0, 4);
  data = path.join(dir, 'new.csv');
  writeFileSync(data, lines.map((l) => l.split(',').slice(0, -1).join(',')).join('\n') + '\n');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('askml predict output streams', () => {
  it('--out - writes only the predictions to stdout (no file named -), the status line to stderr', () => {
    const r = askml('predict', '--model', modelDir, '--data', data, '--out', '-');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('customer_id,label,prob_no,prob_yes');
    expect(lines).toHaveLength(4);
    expect(r.out).not.toContain('Wrote');
    expect(r.err).toContain('Wrote 3 predictions');
    expect(existsSync(path.join(dir, '-'))).toBe(false);
  }, 20_000);

  it('--out /dev/stdout (a pipe here) keeps the stream clean too', () => {
    const r = askml('predict', '--model', modelDir, '--data', data, '--out', '/dev/stdout', '--no-keep');
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n')).toEqual(expect.arrayContaining(['label,prob_no,prob_yes']));
    expect(r.out.trim().split('\n')).toHaveLength(4);
    expect(r.err).toContain('Wrote 3 predictions');
  }, 20_000);

  it('--json with --out -: JSON lines on stdout, the result object on stderr', () => {
    const r = askml('predict', '--model', modelDir, '--data', data, '--out', '-', '--format', 'jsonl', '--json');
    expect(r.code, r.err).toBe(0);
    const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0])).toEqual(['customer_id', 'label', 'prob_no', 'prob_yes']);
    expect(JSON.parse(r.err.trim())).toMatchObject({ rows: 3, format: 'jsonl', kept: ['customer_id'] });
  }, 20_000);

  it('to a file: stdout empty (text) or the result object (--json); without --out into <workspace>/predictions/', () => {
    const out = path.join(dir, 'p.csv');
    const text = askml('predict', '--model', modelDir, '--data', data, '--out', out, '--keep', 'customer_id,region');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toBe('');
    expect(text.err).toContain(`Wrote 3 predictions to ${out}`);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('customer_id,region,label,prob_no,prob_yes');
    const json = askml('predict', '--model', modelDir, '--data', data, '--out', out, '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ out_path: out, rows: 3, kept: ['customer_id'] });
    const dflt = askml('predict', '--model', modelDir, '--data', data);
    expect(dflt.code, dflt.err).toBe(0);
    const files = readdirSync(path.join(dir, 'ws', 'predictions'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^new\.pred_\w+\.csv$/);
    expect(dflt.err).toContain(path.join(dir, 'ws', 'predictions', files[0]));
  }, 30_000);

  it('--keep names an unknown column with a did-you-mean; --keep with --no-keep is refused', () => {
    const bad = askml('predict', '--model', modelDir, '--data', data, '--out', '-', '--keep', 'custmer_id');
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain("Did you mean 'customer_id'?");
    const both = askml('predict', '--model', modelDir, '--data', data, '--keep', 'customer_id', '--no-keep');
    expect(both.code).toBe(2);
    expect(both.err).toContain('--keep or --no-keep');
  }, 20_000);

  it("help says where predictions go and documents --keep and --out -", () => {
    const r = askml('help', 'predict');
    expect(r.code).toBe(0);
    expect(r.out).toContain('<workspace>/predictions/');
    expect(r.out).toContain('--keep');
    expect(r.out).toContain('- for stdout');
  });
});

describe('askml predict on a file with a repeated column name', () => {
  it('refuses a name the model reads that appears twice, naming both columns (audit: the first was used silently)', () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const at = lines[0].split(',').indexOf('monthly_fee');
    const dup = path.join(dir, 'dup.csv');
    writeFileSync(dup, lines.map((l, i) => `${l},${i === 0 ? 'monthly_fee' : l.split(',')[at]}`).join('\n') + '\n');
    const r = askml('predict', '--model', modelDir, '--data', dup, '--out', '-');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`The file has more than one column named 'monthly_fee' (columns ${at + 1} and ${lines[0].split(',').length + 1}), a column the model reads`);
    expect(r.out).toBe('');
  }, 20_000);
});

describe('askml predict output paths that are links or appended streams', () => {
  it('--out - appended to a non-empty file (>>) writes after what is there', () => {
    const log = path.join(dir, 'appended.csv');
    writeFileSync(log, 'hello\n');
    const fd = openSync(log, 'a');
    const r = spawnSync(bin, ['predict', '--model', modelDir, '--data', data, '--out', '-'], { encoding: 'utf8', cwd: dir, stdio: ['ignore', fd, 'pipe'], env: { ...process.env, ASKML_WORKSPACE: path.join(dir, 'ws'), ASKML_MODEL: '' } });
    closeSync(fd);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['hello', 'customer_id,label,prob_no,prob_yes']);
    expect(lines).toHaveLength(5);
  }, 20_000);

  it.runIf(existsSync('/dev/full'))('--out - redirected to a full device exits 2 naming ENOSPC, without a stack trace', () => {
    const fd = openSync('/dev/full', 'w');
    const r = spawnSync(bin, ['predict', '--model', modelDir, '--data', data, '--out', '-'], { encoding: 'utf8', cwd: dir, stdio: ['ignore', fd, 'pipe'], env: { ...process.env, ASKML_WORKSPACE: path.join(dir, 'ws'), ASKML_MODEL: '' } });
    closeSync(fd);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("askml cannot write '/dev/stdout': no space is left on the device (ENOSPC)");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('Wrote');
  }, 20_000);

  it('a link loop or a link into a missing folder is refused; a link to a new file in an existing folder is written through', () => {
    symlinkSync('loop-b.csv', path.join(dir, 'loop-a.csv'));
    symlinkSync('loop-a.csv', path.join(dir, 'loop-b.csv'));
    const loop = askml('predict', '--model', modelDir, '--data', data, '--out', 'loop-a.csv');
    expect(loop.code).toBe(2);
    expect(loop.err).toContain('is a symbolic link loop (ELOOP)');
    expect(lstatSync(path.join(dir, 'loop-b.csv')).isSymbolicLink()).toBe(true);
    symlinkSync('nowhere/x.csv', path.join(dir, 'dangling.csv'));
    const dangling = askml('predict', '--model', modelDir, '--data', data, '--out', 'dangling.csv');
    expect(dangling.code).toBe(2);
    expect(dangling.err).toContain("is a symbolic link to 'nowhere/x.csv', which does not exist");
    expect(existsSync(path.join(dir, 'nowhere'))).toBe(false);
    symlinkSync('fresh.csv', path.join(dir, 'to-fresh.csv'));
    const fresh = askml('predict', '--model', modelDir, '--data', data, '--out', 'to-fresh.csv');
    expect(fresh.code, fresh.err).toBe(0);
    expect(lstatSync(path.join(dir, 'to-fresh.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'fresh.csv'), 'utf8').split('\n')[0]).toBe('customer_id,label,prob_no,prob_yes');
  }, 30_000);
});
