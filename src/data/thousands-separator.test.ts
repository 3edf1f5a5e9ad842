/**
 * Numbers with ',' thousands separators ('1,234') are numbers (audit H: a money column written as
 * f"{v:,}" became an 853-level categorical and accuracy fell to chance), in training files and in
 * files to predict alike; decimal commas ('1,5') are not thousands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { loadTable } from './load.js';
import { analyzeFrame } from './profile.js';
import { col, tempDir, writeData } from '../../test/fixtures/data-files.js';
import { searchModel } from '../search/automl.js';
import { predictFile, saveArtifact } from '../export/artifact.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

/** Amounts from 45 to about 24,000: those under 1,000 have no comma. */
const amount = (i: number) => Math.round(45 * 1.1 ** (i % 67));
const grouped = (v: number) => v.toLocaleString('en-US');

async function numbers(name: string, text: string | Uint8Array, column: string): Promise<{ values: number[]; warnings: string[] }> {
  const { frame } = await loadTable(await writeData(dir, name, text));
  const c = col(frame, column);
  expect(c.type).toBe('numeric');
  const warnings = analyzeFrame(frame, { target: 'y' })
    .profile.warnings.filter((w) => w.code === 'thousands_separator')
    .map((w) => `${w.column}: ${w.message}`);
  return { values: c.type === 'numeric' ? Array.from(c.values) : [], warnings };
}

describe("',' thousands separators", () => {
  it('a comma CSV with quoted "1,234" cells and plain numbers under 1,000 reads as numbers, with a warning', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => `"${grouped(amount(i))}",${i % 2}`);
    rows[5] = ',1'; // a missing cell
    rows[6] = '"-12,345.5",0';
    const { values, warnings } = await numbers('money.csv', `money,y\n${rows.join('\n')}\n`, 'money');
    expect(values.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map(amount));
    expect(values[5]).toBeNaN();
    expect(values[6]).toBe(-12345.5);
    expect(values.slice(7)).toEqual(Array.from({ length: 73 }, (_, k) => amount(k + 7)));
    expect(values.some((v) => v < 1000) && values.some((v) => v > 10000)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^money: 'money' holds numbers with ',' thousands separators \(read '(-?[\d,.]+)' as (-?[\d.]+)\); it was read as numeric\.$/);
    const [, shown, read] = warnings[0].match(/read '(.+?)' as (.+?)\)/)!;
    expect(Number(shown.replace(/,/g, ''))).toBe(Number(read));
  });

  it('unquoted in a TSV, and past the first rows DuckDB samples', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i < 2500 ? i % 900 : grouped(1000 + i * 7)}\t${i % 2}`);
    const { values, warnings } = await numbers('late.tsv', `amount\ty\n${rows.join('\n')}\n`, 'amount');
    expect(values[0]).toBe(0);
    expect(values[2999]).toBe(1000 + 2999 * 7);
    expect(warnings).toHaveLength(1);
  });

  it("in a ';' file '1,234' keeps reading as a decimal comma; '1,234,567' reads as thousands", async () => {
    const body = Array.from({ length: 30 }, (_, i) => `${i % 3 ? '1,234' : '12'};${i % 5 ? '1,234,567' : '980'};${i % 2}`).join('\n');
    const { frame } = await loadTable(await writeData(dir, 'semi.csv', `dec;big;y\n${body}\n`));
    const dec = col(frame, 'dec');
    const big = col(frame, 'big');
    expect(dec.type === 'numeric' && Array.from(dec.values.slice(0, 2))).toEqual([12, 1.234]);
    expect(big.type === 'numeric' && Array.from(big.values.slice(0, 2))).toEqual([980, 1234567]);
    const codes = (frame.notes ?? []).map((n) => `${n.code}:${n.column}`);
    expect(codes).toEqual(['decimal_comma:dec', 'thousands_separator:big']);
  });

  it("in a ';' file '.' groups thousands when a value has two groups ('1.009.195'), and '12.345' beside it is 12345 (audit)", async () => {
    const body = Array.from({ length: 30 }, (_, i) => `${i === 3 ? '1.009.195' : i % 2 ? `${10 + i}.${100 + i}` : String(i)};${i % 2}`).join('\n');
    const { frame } = await loadTable(await writeData(dir, 'semi-dots.csv', `amount;y\n${body}\n`));
    const amount = col(frame, 'amount');
    expect(amount.type === 'numeric' && Array.from(amount.values.slice(0, 4))).toEqual([0, 11101, 2, 1009195]);
    expect((frame.notes ?? []).map((n) => `${n.code}:${n.column}`)).toEqual(['thousands_separator:amount']);
  });

  it("in a ';' file, dotted values all with three digits ('1.234') read as decimals, with an ambiguous_decimal note; '2.5' beside them settles it", async () => {
    const body = (second: string) => Array.from({ length: 30 }, (_, i) => `${i === 4 ? second : i % 2 ? `${1 + (i % 9)}.${100 + i}` : String(i)};${i % 2}`).join('\n');
    const a = await loadTable(await writeData(dir, 'semi-dot3.csv', `amount;y\n${body('12.500')}\n`));
    const amount = col(a.frame, 'amount');
    expect(amount.type === 'numeric' && amount.values[1]).toBe(2.101);
    expect((a.frame.notes ?? []).map((n) => n.message)).toEqual([
      "'amount' in a ';'-delimited file has three digits after every dot (e.g. '2.101'), read as decimals (2.101); if the dot groups thousands there (2101), write the numbers without it.",
    ]);
    const b = await loadTable(await writeData(dir, 'semi-dot-plain.csv', `amount;y\n${body('2.5')}\n`));
    expect(b.frame.notes ?? []).toEqual([]);
  });

  it("decimal commas ('1,5', '24,0'), Indian grouping, two-digit groups and text stay categorical", async () => {
    const cols = ['dec', 'indian', 'two', 'words'];
    const cells = (i: number) => [`${i},5`, i % 2 ? '1,23,456' : '999', i % 2 ? '1,23' : '7', i % 2 ? '1,234' : 'n/a yet'];
    const csvBody = Array.from({ length: 30 }, (_, i) => [...cells(i).map((c) => `"${c}"`), i % 2].join(',')).join('\n');
    const tsvBody = Array.from({ length: 30 }, (_, i) => [...cells(i), i % 2].join('\t')).join('\n');
    for (const [name, text] of [
      ['nots.csv', `${cols.join(',')},y\n${csvBody}\n`],
      ['nots.tsv', `${cols.join('\t')}\ty\n${tsvBody}\n`],
    ]) {
      const { frame } = await loadTable(await writeData(dir, name, text));
      for (const c of cols) expect(`${name} ${c} ${col(frame, c).type}`).toBe(`${name} ${c} categorical`);
      expect((frame.notes ?? []).filter((n) => n.code === 'thousands_separator')).toEqual([]);
    }
  });

  it('a .gz file reads as the file it holds', async () => {
    const body = Array.from({ length: 30 }, (_, i) => `"${i % 3 ? '1,234' : '12'}",${i % 2}`).join('\n');
    const { values, warnings } = await numbers('z.csv.gz', gzipSync(`amount,y\n${body}\n`), 'amount');
    expect(values.slice(0, 2)).toEqual([12, 1234]);
    expect(warnings).toHaveLength(1);
  });

  it('a model trained on such a column predicts from files with and without separators alike', async () => {
    // y = money / 100 + noise (a copy of the target would be dropped as a leak)
    const rows = Array.from({ length: 200 }, (_, i) => `"${grouped(amount(i))}",${(amount(i) / 100 + 2 * (((i * 7) % 13) - 6)).toFixed(2)}`);
    const file = await writeData(dir, 'train.csv', `money,y\n${rows.join('\n')}\n`);
    const { frame } = await loadTable(file);
    expect(col(frame, 'money').type).toBe('numeric');
    const r = await searchModel({ train: frame, target: 'y', maxTrials: 1, include: ['ridge'], seed: 0, parallelism: 1, runDir: path.join(dir, 'run') });
    const modelDir = path.join(dir, 'model');
    saveArtifact({ dir: modelDir, model: r.model, columns: frame.columns, seed: 0 });
    const predict = async (name: string, text: string) => {
      const out = await predictFile({ modelDir, dataPath: await writeData(dir, name, text), outPath: path.join(dir, `${name}.out.csv`), keep: [] });
      return { values: readFileSync(out.outPath, 'utf8').trim().split('\n').slice(1).map(Number), warnings: out.warnings };
    };
    // one-column files: no delimiter to see, read as a ',' file
    const withCommas = await predict('new.csv', 'money\n"12,000"\n"2,500"\n300\n');
    const plain = await predict('plain.csv', 'money\n12000\n2500\n300\n');
    expect(withCommas.values).toEqual(plain.values);
    expect(withCommas.warnings).toEqual([]);
    // ridge on y = money / 100 + noise: the predictions follow the amounts
    expect(withCommas.values[0]).toBeGreaterThan(withCommas.values[1]);
    expect(withCommas.values[1]).toBeGreaterThan(withCommas.values[2]);
    expect(withCommas.values[0] - withCommas.values[2]).toBeGreaterThan(60);
  }, 60_000);
});
