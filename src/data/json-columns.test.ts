/**
 * JSON / JSONL fields whose values mix types (DuckDB types them JSON): read as the CSV path reads
 * the same cells, never an internal error (audit finding: "Malformed JSON at byte 0" from
 * NULLIF(<json>, '')).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTable } from './load.js';
import { analyzeFrame } from './profile.js';
import { ProfileSchema } from './profile-schema.js';
import { execSql, sqlString } from './duckdb.js';
import { cellString, type Column, type Frame } from './frame.js';
import { col, tempDir, writeData } from '../../test/fixtures/data-files.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const cells = (c: Column, n: number): string[] => Array.from({ length: n }, (_, i) => cellString(c, i));
const numbers = (c: Column): number[] => (c.type === 'numeric' ? Array.from(c.values) : []);

async function load(name: string, text: string, missingValues?: string[]): Promise<Frame> {
  return (await loadTable(await writeData(dir, name, text), missingValues ? { missingValues } : {})).frame;
}

describe('mixed-type JSON fields', () => {
  const rows = [
    { a: 1.5, y: 'p' },
    { a: 'n/a', y: 'q' },
    { a: 3.5, y: 'p' },
    { a: '4.5', y: 'q' },
  ];

  for (const [name, text] of [
    ['m.jsonl', jsonl(rows)],
    ['m.json', JSON.stringify(rows)],
  ] as const) {
    it(`numbers with a missing-value string are numeric, the string missing, with a note (${name})`, async () => {
      const frame = await load(name, text);
      const a = col(frame, 'a');
      expect(a.type).toBe('numeric');
      expect(numbers(a)).toEqual([1.5, NaN, 3.5, 4.5]);
      const p = analyzeFrame(frame, { target: 'y' }).profile;
      const w = p.warnings.find((x) => x.code === 'missing_marker');
      expect(w?.column).toBe('a');
      expect(w?.message).toContain("Column 'a' holds numbers except for the string(s) 'n/a' (1 row); it was read as numeric with those cells missing.");
      expect(() => ProfileSchema.parse(p)).not.toThrow();
    });
  }

  it('missing_values [] keeps such a string as a value: the column is text, unquoted', async () => {
    const a = col(await load('keep.jsonl', jsonl(rows), []), 'a');
    expect(a.type).toBe('categorical');
    expect(a.type === 'categorical' && a.levels).toEqual(['1.5', '3.5', '4.5', 'n/a']);
  });

  it('empty strings for missing numbers (penguins export) are missing cells, without a note', async () => {
    const pen = [
      { bill: 39.1, mass: 3750.0, sex: 'male', species: 'Adelie' },
      { bill: '', mass: '', sex: '', species: 'Adelie' },
      { bill: 46.5, mass: 4200.0, sex: 'female', species: 'Gentoo' },
    ];
    for (const [name, text] of [
      ['pen.jsonl', jsonl(pen)],
      ['pen.json', JSON.stringify(pen)],
    ]) {
      const frame = await load(name, text);
      expect(numbers(col(frame, 'bill'))).toEqual([39.1, NaN, 46.5]);
      expect(numbers(col(frame, 'mass'))).toEqual([3750, NaN, 4200]);
      expect(cells(col(frame, 'sex'), 3)).toEqual(['male', '', 'female']);
      expect(frame.notes ?? []).toEqual([]);
    }
  });

  it('numbers with a word are categorical with unquoted values, reported as mixed_types', async () => {
    const frame = await load('word.jsonl', jsonl([{ a: 1.5, y: 'p' }, { a: 'abc', y: 'q' }, { a: 3.5, y: 'p' }, { a: 2, y: 'q' }]));
    const a = col(frame, 'a');
    expect(a.type === 'categorical' && a.levels).toEqual(['1.5', '2', '3.5', 'abc']);
    const w = analyzeFrame(frame, { target: 'y' }).profile.warnings.find((x) => x.code === 'mixed_types');
    expect(w?.column).toBe('a');
    expect(w?.message).toContain("text such as 'abc'");
  });

  it('an object, a string, null and an array: text, objects and arrays as JSON, strings unquoted', async () => {
    const text = '{"a":1,"info":{"x":1},"y":"p"}\n{"a":2,"info":"s","y":"q"}\n{"a":3,"info":null,"y":"p"}\n{"a":4,"info":[1,"z"],"y":"q"}\n';
    const frame = await load('mixed.jsonl', text);
    expect(cells(col(frame, 'info'), 4)).toEqual(['{"x":1}', 's', '', '[1,"z"]']);
    expect(numbers(col(frame, 'a'))).toEqual([1, 2, 3, 4]);
    const p = analyzeFrame(frame, { target: 'y' }).profile;
    expect(p.columns.find((c) => c.name === 'info')?.missing).toBe(1);
    const w = p.warnings.find((x) => x.code === 'mixed_types' && x.column === 'info');
    expect(w?.message).toContain('it was read as text (objects and arrays as their JSON text)');
    expect(() => ProfileSchema.parse(p)).not.toThrow();
  });

  it('numbers with true/false and a word get one mixed_types warning, with rows and examples', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ d: i === 0 ? true : i === 1 ? 'x' : i * 2, y: i % 2 ? 'p' : 'q' }));
    const frame = await load('numbool.jsonl', jsonl(rows));
    const ws = analyzeFrame(frame, { target: 'y' }).profile.warnings.filter((x) => x.code === 'mixed_types');
    expect(ws).toHaveLength(1);
    expect(ws[0].message).toContain("holds numbers except in 2 row(s) with text such as 'true', 'x'");
  });

  it('nested fields of one shape read as the same JSON text as in a mixed field', async () => {
    const frame = await load('nested.jsonl', jsonl([{ m: { x: 1 }, t: ['x'], y: 'p' }, { m: { x: 2 }, t: [], y: 'q' }]));
    expect(cells(col(frame, 'm'), 2)).toEqual(['{"x":1}', '{"x":2}']);
    expect(cells(col(frame, 't'), 2)).toEqual(['["x"]', '[]']);
  });

  it('a JSON column in a Parquet file is read as plain strings, not an internal error', async () => {
    const p = `${dir}/j.parquet`;
    await execSql(`COPY (SELECT * FROM (VALUES ('"n/a"'::JSON, 1), ('{"k":2}'::JSON, 2), ('""'::JSON, 3)) v(j, n)) TO ${sqlString(p)} (FORMAT parquet)`);
    const frame = (await loadTable(p)).frame;
    expect(cells(col(frame, 'j'), 3)).toEqual(['n/a', '{"k":2}', '']);
  });
});
