/** predictFile's kept input columns: the model's id columns by default, --keep / keep otherwise. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../data/load.js';
import { searchModel } from '../search/automl.js';
import { loadArtifact, modelIdColumns, predictFile, saveArtifact } from './artifact.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const churn = path.join(root, 'examples/churn.csv');
let dir = '';
let modelDir = '';
let newRows = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-keep-'));
  const { frame } = await loadTable(churn);
  const r = await searchModel({ train: frame, target: 'churned', maxTrials: 1, include: ['logistic_regression'], seed: 0, parallelism: 1, runDir: path.join(dir, 'run') });
  modelDir = path.join(dir, 'model');
  saveArtifact({ dir: modelDir, model: r.model, columns: frame.columns, seed: 0 });
  // Three new customers without the target.
  const lines = readFileSync(churn, 'utf8').trim().split('\n').slice(0, 4);
  newRows = path.join(dir, 'new.csv');
  writeFileSync(newRows, lines.map((l) => l.split(',').slice(0, -1).join(',')).join('\n') + '\n');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('predictFile keep', () => {
  it("reads the model's id columns from its feature pipelines", () => {
    expect(modelIdColumns(loadArtifact(modelDir).model)).toEqual(['customer_id']);
  });

  it('an id left out on request ("不要用 customer_id", --ignore-columns) is still kept beside each prediction (audit)', async () => {
    const { frame } = await loadTable(churn);
    const r = await searchModel({ train: frame, target: 'churned', maxTrials: 1, include: ['logistic_regression'], seed: 0, parallelism: 1, featureOptions: { exclude: ['customer_id', 'region'] }, runDir: path.join(dir, 'run-ex') });
    const saved = path.join(dir, 'model-ex');
    saveArtifact({ dir: saved, model: r.model, columns: frame.columns, seed: 0 });
    // region (not an id) is not kept; customer_id is
    expect(modelIdColumns(loadArtifact(saved).model)).toEqual(['customer_id']);
  }, 60_000);

  it('copies the id columns first by default (csv and jsonl), and none with keep []', async () => {
    const csv = await predictFile({ modelDir, dataPath: newRows, outPath: path.join(dir, 'p.csv') });
    expect(csv.kept).toEqual(['customer_id']);
    expect(csv.columns).toEqual(['customer_id', 'label', 'prob_no', 'prob_yes']);
    const lines = readFileSync(csv.outPath, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer_id,label,prob_no,prob_yes');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['C100000', 'C100001', 'C100002']);

    const jl = await predictFile({ modelDir, dataPath: newRows, outPath: path.join(dir, 'p.jsonl') });
    const first = JSON.parse(readFileSync(jl.outPath, 'utf8').split('\n')[0]);
    expect(Object.keys(first)).toEqual(['customer_id', 'label', 'prob_no', 'prob_yes']);
    expect(first.customer_id).toBe('C100000');

    const none = await predictFile({ modelDir, dataPath: newRows, outPath: path.join(dir, 'none.csv'), keep: [] });
    expect(none.kept).toEqual([]);
    expect(readFileSync(none.outPath, 'utf8').split('\n')[0]).toBe('label,prob_no,prob_yes');
  });

  it('keeps the named columns in the order given, numbers as numbers in jsonl', async () => {
    const r = await predictFile({ modelDir, dataPath: newRows, outPath: path.join(dir, 'named.jsonl'), keep: ['age', 'customer_id', 'age'] });
    expect(r.kept).toEqual(['age', 'customer_id']);
    const first = JSON.parse(readFileSync(r.outPath, 'utf8').split('\n')[0]);
    expect(Object.keys(first).slice(0, 2)).toEqual(['age', 'customer_id']);
    expect(first.age).toBe(48);
    // Data without the id column: the default keeps nothing, silently.
    const noId = path.join(dir, 'no-id.csv');
    writeFileSync(noId, readFileSync(newRows, 'utf8').split('\n').map((l) => l.split(',').slice(1).join(',')).join('\n'));
    await expect(predictFile({ modelDir, dataPath: noId, outPath: path.join(dir, 'no-id.pred.csv') })).resolves.toMatchObject({ kept: [] });
  });

  it('an unknown column is an error with a did-you-mean; a column named like a prediction column is refused', async () => {
    const out = path.join(dir, 'bad.csv');
    const e = await predictFile({ modelDir, dataPath: newRows, outPath: out, keep: ['custmer_id'] }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'COLUMN_NOT_FOUND', message: expect.stringContaining("'custmer_id'") });
    expect((e as { details: { hint: string; choices: string[] } }).details.hint).toContain("Did you mean 'customer_id'?");
    expect((e as { details: { choices: string[] } }).details.choices).toContain('customer_id');
    const withLabel = path.join(dir, 'with-label.csv');
    writeFileSync(withLabel, readFileSync(newRows, 'utf8').replace('customer_id,', 'label,'));
    await expect(predictFile({ modelDir, dataPath: withLabel, outPath: out, keep: ['label'] })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('may overwrite its own output written with other kept columns, but not a file with other columns first', async () => {
    const out = path.join(dir, 'again.csv');
    await predictFile({ modelDir, dataPath: newRows, outPath: out, keep: [] });
    await expect(predictFile({ modelDir, dataPath: newRows, outPath: out, keep: ['customer_id', 'region'] })).resolves.toMatchObject({ rows: 3 });
    await expect(predictFile({ modelDir, dataPath: newRows, outPath: out })).resolves.toMatchObject({ kept: ['customer_id'] });
    const foreign = path.join(dir, 'foreign.csv');
    writeFileSync(foreign, 'invoice,label,prob_no,prob_yes\nX1,no,0.9,0.1\n');
    await expect(predictFile({ modelDir, dataPath: newRows, outPath: foreign })).rejects.toThrow(/not a predictions file/);
    expect(readFileSync(foreign, 'utf8')).toBe('invoice,label,prob_no,prob_yes\nX1,no,0.9,0.1\n');
  });
});
