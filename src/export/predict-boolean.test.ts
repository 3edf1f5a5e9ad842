/**
 * A true/false column reads the same in every file (audit: one 'unknown' cell in a predictions file
 * turned the column into text, and every 'false' row's prediction moved by the effect of 'true').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTable } from '../data/load.js';
import { searchModel } from '../search/automl.js';
import { predictFile, saveArtifact } from './artifact.js';

let dir = '';

/** y = 3 x + 10 flag + noise; `flags` spells the flag of each row. */
function rows(n: number, spell: (i: number) => string): string {
  const out = ['x,flag,y'];
  for (let i = 0; i < n; i++) out.push(`${i % 17},${spell(i)},${3 * (i % 17) + (i % 3 === 0 ? 10 : 0) + ((i * 7) % 5) / 10}`);
  return out.join('\n') + '\n';
}

async function train(name: string, spell: (i: number) => string, categorical?: string[]): Promise<string> {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, rows(300, spell));
  const { frame } = await loadTable(file);
  const r = await searchModel({ train: frame, target: 'y', maxTrials: 1, include: ['ridge'], seed: 0, parallelism: 1, runDir: path.join(dir, `${name}-run`), ...(categorical ? { featureOptions: { categorical } } : {}) });
  const modelDir = path.join(dir, `${name}-model`);
  saveArtifact({ dir: modelDir, model: r.model, columns: frame.columns, seed: 0 });
  return modelDir;
}

async function predictions(modelDir: string, name: string, text: string): Promise<{ values: number[]; warnings: string[] }> {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, text);
  const r = await predictFile({ modelDir, dataPath: file, outPath: path.join(dir, `${name}.out.csv`), keep: [] });
  return { values: readFileSync(r.outPath, 'utf8').trim().split('\n').slice(1).map(Number), warnings: r.warnings };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-bool-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('true/false columns in predictions', () => {
  it('a model trained on a boolean column predicts the same whether the new file is all true/false or holds another value', async () => {
    const modelDir = await train('bool', (i) => (i % 3 === 0 ? 'true' : 'false'));
    const plain = await predictions(modelDir, 'plain', 'x,flag\n2,false\n2,true\n');
    const odd = await predictions(modelDir, 'odd', 'x,flag\n2,false\n2,true\n2,unknown\n');
    const yn = await predictions(modelDir, 'yn', 'x,flag\n2,no\n2,Yes\n');
    expect(plain.values[1] - plain.values[0]).toBeGreaterThan(8); // the flag's effect is learned
    expect(odd.values.slice(0, 2)).toEqual(plain.values);
    expect(yn.values).toEqual(plain.values);
    expect(odd.warnings.join(' ')).toContain("Column 'flag' was true/false in training, but 1 of 3 values is neither ('unknown'); it is read as missing.");
    expect(plain.warnings).toEqual([]);
    // A column the model reads that is empty in every row is said, not silently read as missing (audit).
    const blank = await predictions(modelDir, 'blank', 'x,flag\n,false\n,true\n');
    expect(blank.warnings[0]).toBe("Column 'x' is empty in every row of this file; the model reads it as missing everywhere, which can change its predictions (fill it in if the values exist).");
  }, 60_000);

  it('a 0/1 number column encoded as categories reads 1.0 and " 1" as category 1 when the file makes it text (audit: unseen, silently)', async () => {
    const modelDir = await train('num01', (i) => (i % 3 === 0 ? '1' : '0'), ['flag']);
    const plain = await predictions(modelDir, 'num-plain', 'x,flag\n2,0\n2,1\n');
    const texty = await predictions(modelDir, 'num-text', 'x,flag\n2,0\n2,1.0\n2, 1\n2,two\n');
    expect(plain.values[1] - plain.values[0]).toBeGreaterThan(8);
    expect(texty.values.slice(0, 3)).toEqual([plain.values[0], plain.values[1], plain.values[1]]);
    expect(texty.warnings).toEqual(["Column 'flag' was numeric in training, but 1 of 4 values is not a number ('two'; first in data row 4); it is read as missing."]);
  }, 60_000);

  it("a model trained on true/false/unknown categories reads an all-true/false file in the model's own spelling", async () => {
    const modelDir = await train('cat', (i) => (i % 3 === 0 ? 'True' : i % 11 === 0 ? 'unknown' : 'False'));
    const withOther = await predictions(modelDir, 'with', 'x,flag\n2,False\n2,True\n2,unknown\n');
    const only = await predictions(modelDir, 'only', 'x,flag\n2,False\n2,True\n');
    expect(only.values).toEqual(withOther.values.slice(0, 2));
    expect(only.warnings).toEqual([]);
  }, 60_000);
});
