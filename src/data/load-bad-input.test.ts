/**
 * Bad-input handling in the loader (audit findings CLI F12, F2, F13, F18, F20, F21; MCP F13):
 * missing-value markers, unsupported extensions, duplicate headers, malformed JSON / Parquet,
 * JSON wrapper objects, decimal commas, and no usable guessed target.
 */
import { gzipSync } from 'node:zlib';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTable, MISSING_MARKERS } from './load.js';
import { analyzeFrame } from './profile.js';
import { encodeTarget } from './target.js';
import { ProfileSchema } from './profile-schema.js';
import { AskmlError } from '../errors.js';
import { col, tempDir, writeData } from '../../test/fixtures/data-files.js';
import { cellString, isMissing } from './frame.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());


async function loadError(file: string): Promise<AskmlError> {
  try {
    await loadTable(file);
  } catch (e) {
    if (e instanceof AskmlError) return e;
    throw e;
  }
  throw new Error('expected an AskmlError');
}

describe('missing-value markers (F12, F2)', () => {
  // 60 rows; x has 'NA' in rows 5 and 17, the target y (continuous) has 'n/a' in row 9 and 'NA' in row 30.
  const rows = Array.from({ length: 60 }, (_, i) => {
    const x = i === 5 || i === 17 ? 'NA' : (i * 0.37).toFixed(2);
    const y = i === 9 ? 'n/a' : i === 30 ? 'NA' : (i * 1.7 + 0.25).toFixed(2);
    return `${x},${i % 3 === 0 ? 'NULL' : ['a', 'b'][i % 2]},${y}`;
  });
  const csv = `x,c,y\n${rows.join('\n')}\n`;

  it('reads NA / n/a / NULL as missing: numeric stays numeric, regression stays regression', async () => {
    const { frame } = await loadTable(await writeData(dir, 'na.csv', csv));
    const x = col(frame, 'x');
    expect(x.type).toBe('numeric');
    if (x.type === 'numeric') {
      expect(Number.isNaN(x.values[5]) && Number.isNaN(x.values[17])).toBe(true);
      expect(x.values[1]).toBe(0.37);
    }
    const c = col(frame, 'c');
    expect(c.type === 'categorical' && c.levels).toEqual(['a', 'b']);

    const a = analyzeFrame(frame, { target: 'y' });
    expect(a.task).toBe('regression');
    expect(a.profile.columns.find((k) => k.name === 'x')?.missing).toBe(2);
    expect(a.profile.columns.find((k) => k.name === 'c')?.missing).toBe(20);
    expect(a.profile.target?.missing).toBe(2);
    expect(a.profile.warnings.some((w) => w.code === 'mixed_types')).toBe(false);
    expect(a.profile.warnings.find((w) => w.code === 'target_missing')?.message).toMatch(/^2 rows have no target value/);

    const enc = encodeTarget(frame, 'y');
    expect(enc.task).toBe('regression');
    expect(enc.dropped).toBe(2);
    expect(Array.from(enc.rows)).not.toContain(9);
  });

  it('the same markers apply to TSV, and the list follows pandas', async () => {
    const { frame } = await loadTable(await writeData(dir, 'na.tsv', 'a\tb\n1\tx\nN/A\ty\n3\t#N/A\n4\tnan\n'));
    const a = col(frame, 'a');
    expect(a.type === 'numeric' && Number.isNaN(a.values[1])).toBe(true);
    const b = col(frame, 'b');
    expect(b.type === 'categorical' && b.levels).toEqual(['x', 'y']);
    for (const m of ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'NULL', 'null', '#N/A', 'None']) expect(MISSING_MARKERS).toContain(m);
  });
});

describe('unsupported extensions and markup (F13)', () => {
  it('refuses .xml, .html and a CSV named .xlsx with UNSUPPORTED_FORMAT and the supported list', async () => {
    const xml = await loadError(await writeData(dir, 'rows.xml', '<?xml version="1.0"?>\n<rows>\n  <row a="1"/>\n</rows>\n'));
    expect(xml.code).toBe('UNSUPPORTED_FORMAT');
    expect(xml.message).toContain('looks like XML');
    expect(xml.details.choices).toEqual(expect.arrayContaining(['.csv', '.tsv', '.json', '.jsonl', '.parquet']));
    const html = await loadError(await writeData(dir, 'download.csv', '<!DOCTYPE html>\n<html><body>Not found</body></html>\n'));
    expect(html.code).toBe('UNSUPPORTED_FORMAT');
    expect(html.message).toContain('an HTML page');
    const xlsx = await loadError(await writeData(dir, 'sheet.xlsx', 'a,b\n1,2\n3,4\n'));
    expect(xlsx.code).toBe('UNSUPPORTED_FORMAT');
    expect(xlsx.message).toContain('spreadsheet');
    const odd = await loadError(await writeData(dir, 'table.foo', 'a,b\n1,2\n'));
    expect(odd.message).toContain("'.foo'");
    expect(odd.details.value).toBe('.foo');
  });

  it('still reads .txt, .data and extension-less CSV', async () => {
    expect((await loadTable(await writeData(dir, 't.txt', 'a,b\n1,2\n3,4\n'))).info.rows).toBe(2);
    expect((await loadTable(await writeData(dir, 'adult.data', 'a,b\n1,2\n3,4\n'))).info.format).toBe('csv');
    expect((await loadTable(await writeData(dir, 'noext', 'a,b\n1,2\n3,4\n'))).info.format).toBe('csv');
  });
});

describe('duplicate header names (F18)', () => {
  it('keeps the rename and reports it as a profile warning', async () => {
    const { frame } = await loadTable(await writeData(dir, 'dup.csv', 'a,b,a,y\n1,2,3,0\n4,5,6,1\n7,8,9,0\n'));
    expect(frame.columns.map((c) => c.name)).toEqual(['a', 'b', 'a_1', 'y']);
    const p = analyzeFrame(frame, { target: 'y' }).profile;
    const w = p.warnings.find((x) => x.code === 'duplicate_column');
    expect(w?.column).toBe('a_1');
    expect(w?.message).toContain("Column name 'a' appears more than once in the header (columns 1 and 3); column 3 was renamed 'a_1'");
    expect(() => ProfileSchema.parse(p)).not.toThrow();
    const clean = await loadTable(await writeData(dir, 'nodup.csv', 'a,b,a_1\n1,2,3\n4,5,6\n'));
    expect(analyzeFrame(clean.frame, { target: null }).profile.warnings.some((x) => x.code === 'duplicate_column')).toBe(false);
  });
});

describe('empty header names', () => {
  it('names the column as DuckDB does and reports it like a duplicate name', async () => {
    const { frame } = await loadTable(await writeData(dir, 'emptyname.csv', 'a,,y\n0,0,a\n1,1,b\n2,0,a\n'));
    expect(frame.columns.map((c) => c.name)).toEqual(['a', 'column1', 'y']);
    const p = analyzeFrame(frame, { target: 'y' }).profile;
    const w = p.warnings.find((x) => x.code === 'unnamed_column');
    expect(w?.column).toBe('column1');
    expect(w?.message).toBe("Column 2 has an empty name in the header; it was named 'column1'. A saved model expects a column 'column1': give the column a name in the file.");
    expect(() => ProfileSchema.parse(p)).not.toThrow();
  });

  it('a blank name, and a real name renamed because it clashes with the made-up one', async () => {
    const { frame } = await loadTable(await writeData(dir, 'blankname.csv', 'a, ,y,column1\n0,0,a,5\n1,1,b,6\n'));
    expect(frame.columns.map((c) => c.name)).toEqual(['a', 'column1', 'y', 'column1_1']);
    expect((frame.notes ?? []).map((n) => [n.code, n.column])).toEqual([
      ['unnamed_column', 'column1'],
      ['duplicate_column', 'column1_1'],
    ]);
    expect(frame.notes?.[0].message).toContain('Column 2 has a blank name in the header');
    expect(frame.notes?.[1].message).toContain("Column name 'column1' (column 4) is also the name given to an unnamed column; column 4 was renamed 'column1_1'.");
    const clean = await loadTable(await writeData(dir, 'ws.csv', ' a , b ,y\n1,2,p\n3,4,q\n'));
    expect(clean.frame.columns.map((c) => c.name)).toEqual(['a', 'b', 'y']);
    expect(clean.frame.notes ?? []).toEqual([]);
  });
});

describe('malformed JSON, JSONL and Parquet (F20)', () => {
  it('JSON: own wording with the line and column, no CSV header hint', async () => {
    const e = await loadError(await writeData(dir, 'bad.json', '[{"a":1,"b":"x"},\n {"a":2,"b":"y"}'));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/is not valid JSON at line 2, column 17: the file ends before the JSON is complete/);
    expect(e.details.hint).toContain('JSON array of row objects');
    expect(e.describe()).not.toContain('header row');
    expect(e.describe()).not.toContain('Invalid Input Error');
  });

  it('CSV: a double quote that is never closed is named, as an error or (read loosely) a warning (audit)', async () => {
    const rows = (bad: string, cols: number) => Array.from({ length: 60 }, (_, i) => (i === 20 ? bad : [i, (i * 0.37).toFixed(2), 'k'].slice(0, cols).join(','))).join('\n');
    // the rest of the file became one value: no header was "found" on the last, empty line
    const e = await loadError(await writeData(dir, 'quote-open.csv', `x,y\n${rows('12.5,"0.5,a', 2)}\n`));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/^Line 22 of '.*quote-open\.csv' opens a double quote that is never closed: the rest of the file would be read as one value\.$/);
    const { frame } = await loadTable(await writeData(dir, 'quote-loose.csv', `x,y\n${rows('12.5,"0.5', 2)}\n`));
    const notes = (frame.notes ?? []).filter((n) => n.code === 'unbalanced_quote');
    expect(notes.map((n) => n.message)).toEqual([`'y' holds '"0.5' (data row 21): a double quote that is never closed, read as part of the value. Close or remove the quote in the file.`]);
  });

  it('JSONL: names the broken line', async () => {
    const e = await loadError(await writeData(dir, 'bad2.jsonl', '{"a":1,"b":2}\n{"a":3,\n'));
    expect(e.message).toMatch(/is not valid JSON Lines at line 2, column \d+: the line ends before its JSON object is complete/);
    expect(e.details.line).toBe(2);
  });

  it('JSON/JSONL: a record that is not an object is named (audit: the file became one column "json")', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => (i === 12 ? '[1,2]' : JSON.stringify({ x: i, label: i % 2 ? 'a' : 'b' })));
    const e = await loadError(await writeData(dir, 'arr.jsonl', lines.join('\n') + '\n'));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/^Cannot read a table: line 13 of '.*arr\.jsonl' is an array, not a JSON object\.$/);
    expect(e.details.line).toBe(13);
    const j = await loadError(await writeData(dir, 'arr.json', '[{"x":1,"l":"a"}, "hello", {"x":2,"l":"b"}]'));
    expect(j.message).toMatch(/record 2 is a string, not a JSON object\.$/);
    // objects whose one key is 'json', of mixed types (DuckDB types the column JSON too), load (review)
    const mixed = await loadTable(await writeData(dir, 'mixed.jsonl', '{"json": 1}\n{"json": "x"}\n'));
    expect(mixed.frame.nRows).toBe(2);
    // an object column named json is a column like any other
    const { frame } = await loadTable(await writeData(dir, 'named.jsonl', '{"json": {"a": 1}}\n{"json": {"a": 2}}\n'));
    expect(frame.columns.map((c) => c.name)).toEqual(['json']);
  });

  it('Parquet: not a valid Parquet file', async () => {
    const e = await loadError(await writeData(dir, 'fake.parquet', 'PAR1garbage'));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/is not a valid Parquet file \(DuckDB: .*\)\.$/);
    expect(e.describe()).not.toContain('header row');
  });

  it('a wrapper object {"rows": [...]} is refused with the field name', async () => {
    const e = await loadError(await writeData(dir, 'wrapped.json', '{"rows": [{"a": 1, "b": 2}, {"a": 3, "b": 4}]}'));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toContain("field 'rows' holds a list of 2 record(s)");
    expect(e.details.hint).toContain("jq '.rows'");
  });
});

describe('decimal commas in ;-delimited files (F21)', () => {
  it('parses columns of decimal-comma numbers and notes it; other columns untouched', async () => {
    const body = Array.from({ length: 30 }, (_, i) => `${20 + i},${i % 2 ? '5' : '0'};${i % 3};${['x,1', 'y,2'][i % 2]};${i % 2}`).join('\n');
    const { frame, info } = await loadTable(await writeData(dir, 'euro.csv', `age;n;code;y\n${body}\n`));
    expect(info.delimiter).toBe(';');
    const age = col(frame, 'age');
    expect(age.type).toBe('numeric');
    if (age.type === 'numeric') expect(Array.from(age.values.slice(0, 2))).toEqual([20, 21.5]);
    expect(col(frame, 'code').type).toBe('categorical');
    const w = analyzeFrame(frame, { target: 'y' }).profile.warnings.filter((x) => x.code === 'decimal_comma');
    expect(w.map((x) => x.column)).toEqual(['age']);
    expect(w[0].message).toContain("'21,5' = 21.5");
  });

  it("reads '.' thousands groups of German exports ('1.189,82') too", async () => {
    const body = Array.from({ length: 30 }, (_, i) => `${i % 4 ? `1.${100 + i},82` : `${900 + i},5`};${i % 2}`).join('\n');
    const { frame } = await loadTable(await writeData(dir, 'de.csv', `betrag;y\n${body}\n`));
    const b = col(frame, 'betrag');
    expect(b.type).toBe('numeric');
    if (b.type === 'numeric') expect(Array.from(b.values.slice(0, 2))).toEqual([900.5, 1101.82]);
  });

  it('a comma-delimited file never gets decimal-comma parsing', async () => {
    const { frame } = await loadTable(await writeData(dir, 'quoted.csv', 'a,y\n"1,5",0\n"2,5",1\n"3,5",0\n'));
    expect(col(frame, 'a').type).toBe('categorical');
  });
});

describe('profile without a named target (MCP F13)', () => {
  it('a guessed target that cannot be one gives no target and a warning, not an error', async () => {
    const { frame } = await loadTable(await writeData(dir, 'obj.json', '{"a": 1, "b": [1, 2]}'));
    const a = analyzeFrame(frame);
    expect(a.target).toBeNull();
    expect(a.profile.target).toBeNull();
    expect(a.profile.warnings.find((w) => w.code === 'no_target')?.message).toContain('No usable target column found');
    // Named explicitly, the same column is still an error.
    expect(() => analyzeFrame(frame, { target: 'b' })).toThrow(expect.objectContaining({ code: 'BAD_TARGET' }));
  });
});

describe('file names that look like glob patterns', () => {
  it("'data[1].csv' and 'a*b.csv' load that one file, not what the pattern matches", async () => {
    const one = await writeData(dir, 'data[1].csv', 'a,b\n1,2\n3,4\n');
    await writeData(dir, 'data1.csv', 'a,b\n9,9\n');
    const star = await writeData(dir, 'x*y.csv', 'a,b\n5,6\n7,8\n1,1\n');
    await writeData(dir, 'xay.csv', 'a,b\n0,0\n');
    expect((await loadTable(one)).frame.nRows).toBe(2);
    expect((await loadTable(star)).frame.nRows).toBe(3);
  });
});

describe("a marker that may be a real value ('NA' for North America)", () => {
  it('is read as missing and noted in a text column, not in a numeric one', async () => {
    const f = await writeData(dir, 'regions.csv', 'region,sales,n\nNA,1.5,NA\nEU,2.5,3\nNA,0.5,4\nAS,1.0,5\n');
    const { frame } = await loadTable(f);
    expect(frame.notes?.map((n) => [n.code, n.column])).toEqual([['missing_marker', 'region']]);
    expect(frame.notes?.[0].message).toContain("2 'NA' in the first 4 rows read as missing");
    expect(col(frame, 'n').type).toBe('numeric');
    expect(frame.notes?.[0].message).toContain("--missing-values ''");
  });

  it("missingValues [] keeps 'NA' as a value; a given list replaces the default one", async () => {
    const f = await writeData(dir, 'regions2.csv', 'region,sales\nNA,1.5\nEU,?\n,0.5\nAS,1.0\nnull,2\n');
    const kept = (await loadTable(f, { missingValues: [] })).frame;
    expect(kept.notes ?? []).toEqual([]);
    const region = col(kept, 'region');
    expect(region.type).toBe('categorical');
    expect(Array.from({ length: 5 }, (_, i) => (isMissing(region, i) ? null : cellString(region, i)))).toEqual(['NA', 'EU', null, 'AS', 'null']);
    expect(col(kept, 'sales').type).not.toBe('numeric'); // '?' is text here
    const q = (await loadTable(f, { missingValues: ['?', 'null'] })).frame;
    expect(col(q, 'sales').type).toBe('numeric');
    const r = col(q, 'region');
    expect(Array.from({ length: 5 }, (_, i) => (isMissing(r, i) ? null : cellString(r, i)))).toEqual(['NA', 'EU', null, 'AS', null]);
    expect(q.notes?.[0].message).toBe("Column 'region': 1 'null' in the first 5 rows read as missing (the missing values given).");
  });
});

describe('classes with a single row (CLI F8)', () => {
  it('are a profile warning: all of them (an id-like target) or some', async () => {
    const ids = await writeData(dir, 'ids.csv', 'x,y\n' + Array.from({ length: 20 }, (_, i) => `${i},c${i}`).join('\n') + '\n');
    const p = analyzeFrame((await loadTable(ids)).frame, { target: 'y' }).profile;
    expect(p.warnings.find((w) => w.code === 'rare_class')?.message).toContain("Every one of the 20 classes of 'y' has a single row");
    const some = await writeData(dir, 'some.csv', 'x,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${i < 18 ? (i % 2 ? 'a' : 'b') : `odd${i}`}`).join('\n') + '\n');
    const q = analyzeFrame((await loadTable(some)).frame, { target: 'y' }).profile;
    expect(q.warnings.find((w) => w.code === 'rare_class')?.message).toContain("2 classes of 'y' have a single row ('odd18', 'odd19')");
  });
});

describe('CRLF and LF line ends in one file', () => {
  it('loads every row instead of reporting a 16 MB line', async () => {
    const rows = ['a,b,y', ...Array.from({ length: 40 }, (_, i) => `${i},${i * 2},${i % 2}`)];
    const f = await writeData(dir, 'mixed.csv', rows.map((r, i) => r + (i % 3 ? '\r\n' : '\n')).join(''));
    const { frame } = await loadTable(f);
    expect(frame.nRows).toBe(40);
    expect(frame.columns.map((c) => [c.name, c.type])).toEqual([['a', 'numeric'], ['b', 'numeric'], ['y', 'numeric']]);
  });
});

describe('a carriage return inside an unquoted value', () => {
  it('names its line and the fix, instead of a dialect or line-length error', async () => {
    const rows = ['a,b,y', ...Array.from({ length: 40 }, (_, i) => `${i},${i === 6 ? 'foo\rbar' : 'v' + (i % 3)},${i % 2}`)];
    const e = await loadError(await writeData(dir, 'cr-in-cell.csv', rows.join('\n') + '\n'));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toContain('Line 8 of');
    expect(e.message).toContain('carriage return');
    expect(e.details.line).toBe(8);
    expect(e.details.hint).toContain("tr -d '\\r' < cr-in-cell.csv");
  });

  it('a quoted carriage return, and a file whose lines all end with CR, still load', async () => {
    const quoted = ['a,b,y', ...Array.from({ length: 40 }, (_, i) => `${i},${i === 6 ? '"foo\rbar"' : 'v' + (i % 3)},${i % 2}`)];
    expect((await loadTable(await writeData(dir, 'cr-quoted.csv', quoted.join('\n') + '\n'))).frame.nRows).toBe(40);
    const mac = ['a,b,y', ...Array.from({ length: 40 }, (_, i) => `${i},v${i % 3},${i % 2}`)];
    expect((await loadTable(await writeData(dir, 'cr-lines.csv', mac.join('\r') + '\r'))).frame.nRows).toBe(40);
  });
});

describe('integers beyond 2^53 (19-digit ids)', () => {
  it('are read as text with every digit; smaller integers stay numbers', async () => {
    const rows = ['order_id,small,neg,y', ...Array.from({ length: 30 }, (_, i) => `${1234567890123456789n + BigInt(i)},${i * 1000},${i === 3 ? '-9223372036854775808' : -i},${i % 2}`)];
    const { frame } = await loadTable(await writeData(dir, 'big-ids.csv', rows.join('\n') + '\n'));
    const ids = col(frame, 'order_id');
    expect(ids.type).not.toBe('numeric');
    expect(cellString(ids, 0)).toBe('1234567890123456789');
    expect(cellString(ids, 29)).toBe('1234567890123456818');
    expect(col(frame, 'small').type).toBe('numeric');
    // BIGINT's smallest value: beyond 2^53 too (and no overflow in the check).
    expect(cellString(col(frame, 'neg'), 3)).toBe('-9223372036854775808');
  });
});

describe('gzip files', () => {
  const rows = 'a,b,y\n' + Array.from({ length: 3000 }, (_, i) => `${(i * 7919) % 1000},${['x', 'y', 'z'][i % 3]},${i % 2}`).join('\n') + '\n';

  it('a truncated archive is a PARSE_ERROR, not the rows before the damage', async () => {
    const whole = gzipSync(Buffer.from(rows));
    const f = await writeData(dir, 'cut.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const e = await loadError(f);
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toContain("'" + f + "' is not a complete gzip archive: it ends early (truncated)");
    const junk = await loadError(await writeData(dir, 'junk.csv.gz', Buffer.from([0x1f, 0x8b, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78])));
    expect(junk.message).toContain('it is damaged');
    // Named .gz, but plain text: said so, not "askml does not read '.gz' files" (audit).
    const plain = await loadError(await writeData(dir, 'plain.csv.gz', 'not gzip\n'));
    expect(plain.code).toBe('PARSE_ERROR');
    expect(plain.message).toContain("is named .gz but is not a gzip archive");
  });

  it('the decompressed text gets the same checks: encoding, line ends, NA markers', async () => {
    const latin1 = await loadError(await writeData(dir, 'l1.csv.gz', gzipSync(Buffer.from('name,y\ncaf\xe9,1\nb,0\n', 'latin1'))));
    expect(latin1.code).toBe('ENCODING');
    expect(latin1.message).toContain('l1.csv.gz');
    expect(latin1.details.hint).toContain('zcat in.csv.gz | iconv');
    const mixed = rows.split('\n').map((r, i) => r + (i % 3 ? '\r' : '')).join('\n').replace(/\r$/, '');
    const ok = await loadTable(await writeData(dir, 'mixed.csv.gz', gzipSync(Buffer.from(mixed.replace('\n1,', '\nNA,')))));
    expect(ok.frame.nRows).toBe(3000);
    expect(ok.frame.columns.map((c) => c.type)).toEqual(['numeric', 'categorical', 'numeric']);
    const empty = await loadError(await writeData(dir, 'empty.csv.gz', gzipSync(Buffer.alloc(0))));
    expect(empty.code).toBe('EMPTY_FILE');
  });
});

describe('paths that cannot work: Windows paths, invisible characters, link loops (audit)', () => {
  const sub = () => path.join(dir, 'paths');
  beforeAll(async () => {
    await mkdir(path.join(sub(), 'data'), { recursive: true });
    await writeData(sub(), 'churn.csv', 'a,label\n1,x\n2,y\n');
    await writeData(sub(), 'my data.csv', 'a,label\n1,x\n2,y\n');
    await writeData(sub(), 'odd\u200bname.csv', 'a,label\n1,x\n2,y\n');
    await writeData(path.join(sub(), 'data'), 'train.csv', 'a,label\n1,x\n2,y\n');
    await symlink('loop-b.csv', path.join(sub(), 'loop-a.csv'));
    await symlink('loop-a.csv', path.join(sub(), 'loop-b.csv'));
    await symlink('nowhere.csv', path.join(sub(), 'dangling.csv'));
  });

  it.skipIf(process.platform === 'win32')('a Windows path gets a hint that askml needs a path on this machine', async () => {
    const drive = await loadError('C:\\Users\\me\\data.csv');
    expect(drive.code).toBe('FILE_NOT_FOUND');
    expect(drive.describe()).toContain(
      "'C:\\Users\\me\\data.csv' looks like a Windows path, but askml runs on Linux here. Give a path on this machine, with forward slashes (such as 'Users/me/data.csv')",
    );
    expect(drive.details.choices).toEqual([]); // the files of the current folder would be of the wrong folder
    // resolved against a folder (as the MCP server does): the forward-slash file exists there
    const rel = await loadError(path.join(sub(), '.\\data\\train.csv'));
    expect(rel.details.hint).toBe(`'.\\data\\train.csv' looks like a Windows path, but askml runs on Linux here. Did you mean '${path.join(sub(), 'data', 'train.csv')}'?`);
    // an ordinary missing file is unchanged
    const typo = await loadError(path.join(sub(), 'chrn.csv'));
    expect(typo.details.hint).toBe(`Did you mean '${path.join(sub(), 'churn.csv')}'?`);
  });

  it('a name with a zero-width or no-break space names the file it meant and where the character is', async () => {
    const zw = await loadError(path.join(sub(), 'churn\u200b.csv'));
    expect(zw.code).toBe('FILE_NOT_FOUND');
    expect(zw.details.hint).toBe(
      `Did you mean '${path.join(sub(), 'churn.csv')}'? The file name you gave contains an invisible character U+200B (zero-width space) at position 6, typically left by text copied from a web page.`,
    );
    const nbsp = await loadError(path.join(sub(), 'my\u00a0data.csv'));
    expect(nbsp.details.hint).toContain(`Did you mean '${path.join(sub(), 'my data.csv')}'?`);
    expect(nbsp.details.hint).toContain('a look-alike space U+00A0 (no-break space) at position 3');
    const bom = await loadError(path.join(sub(), '\ufeffchurn.csv'));
    expect(bom.details.hint).toContain('U+FEFF (zero-width no-break space) at position 1');
    // the file on disk holds the character, the name typed does not
    const theirs = await loadError(path.join(sub(), 'oddname.csv'));
    expect(theirs.details.hint).toContain(`Did you mean '${path.join(sub(), 'odd\u200bname.csv')}'? The file name 'odd\u200bname.csv' itself contains an invisible character U+200B`);
  });

  it('a column name with an invisible character names the column it meant', async () => {
    const { frame } = await loadTable(path.join(sub(), 'churn.csv'));
    const err = (target: string): AskmlError => {
      try {
        analyzeFrame(frame, { target });
      } catch (e) {
        if (e instanceof AskmlError) return e;
        throw e;
      }
      throw new Error('expected an AskmlError');
    };
    const zw = err('label\u200d');
    expect(zw.code).toBe('COLUMN_NOT_FOUND');
    expect(zw.describe()).toBe(
      "Target column 'label\u200d' not found. Did you mean 'label'? The name you gave contains an invisible character U+200D (zero-width joiner) at position 6, " +
        'typically left by text copied from a web page. Valid choices: a, label.',
    );
    expect(err('lab\u200cel').details.hint).toContain('U+200C (zero-width non-joiner) at position 4');
    expect(analyzeFrame(frame, { target: 'label' }).profile.target?.name).toBe('label');
  });

  it('a symbolic link loop is NOT_A_FILE naming ELOOP; a dangling link says where it points', async () => {
    const loop = await loadError(path.join(sub(), 'loop-a.csv'));
    expect(loop.code).toBe('NOT_A_FILE');
    expect(loop.message).toBe(`'${path.join(sub(), 'loop-a.csv')}' is a symbolic link loop (ELOOP): its links lead back to themselves, never to a file.`);
    const dangling = await loadError(path.join(sub(), 'dangling.csv'));
    expect(dangling.code).toBe('FILE_NOT_FOUND');
    expect(dangling.details.hint).toBe(`'${path.join(sub(), 'dangling.csv')}' is a symbolic link to 'nowhere.csv', which does not exist.`);
    expect(dangling.details.choices).not.toContain('dangling.csv');
  });
});

describe('column names with invisible characters (re-audit F5)', () => {
  // Headers as a CSV copied from a web page may carry them; the JSON keeps leading spaces the CSV reader trims.
  const header = 'area\u200b_m2,rooms\u00a0count,district,year_built\u200b,garage,price';
  const rows = Array.from({ length: 40 }, (_, i) => `${40 + i * 3},${2 + (i % 5)},${['center', 'suburb', 'riverside'][i % 3]},${1960 + i},${i % 2},${100000 + i * 5000}`);
  const csv = [header, ...rows].join('\n') + '\n';
  const plainCsv = ['area_m2,rooms,district,year_built,garage,price', ...rows].join('\n') + '\n';

  // Imported here so that this block is self-contained (the file's imports stay as they were).
  type ArtifactManifest = import('../export/artifact.js').ArtifactManifest;
  type Frame = import('./frame.js').Frame;
  const manifestOf = (names: string[]) => ({ schema: names.map((name) => ({ name, type: 'numeric' as const })) }) as unknown as ArtifactManifest;
  const schemaError = async (manifest: ArtifactManifest, frame: Frame): Promise<AskmlError> => {
    const { checkSchema } = await import('../export/artifact.js');
    try {
      checkSchema(manifest, frame);
    } catch (e) {
      if (e instanceof AskmlError) return e;
      throw e;
    }
    throw new Error('expected an AskmlError');
  };

  it('profile warns hidden_chars_in_name for each such column, naming the code point and the look-alike name', async () => {
    const { frame } = await loadTable(await writeData(dir, 'zcols.csv', csv));
    expect(frame.columns.map((c) => c.name)).toEqual(['area\u200b_m2', 'rooms\u00a0count', 'district', 'year_built\u200b', 'garage', 'price']);
    const profile = analyzeFrame(frame, { target: 'price' }).profile;
    expect(() => ProfileSchema.parse(profile)).not.toThrow();
    const w = profile.warnings.filter((x) => x.code === 'hidden_chars_in_name');
    // [column, what the message must say]
    const want: [string, string][] = [
      ['area\u200b_m2', "contains an invisible character U+200B (zero-width space) at position 5; it looks like 'area_m2'"],
      ['rooms\u00a0count', "contains a look-alike space U+00A0 (no-break space) at position 6; it looks like 'rooms count'"],
      ['year_built\u200b', "contains an invisible character U+200B (zero-width space) at position 11; it looks like 'year_built'"],
    ];
    expect(w.map((x) => x.column)).toEqual(want.map(([c]) => c));
    for (const [c, text] of want) expect(w.find((x) => x.column === c)?.message).toContain(text);
    // clean names get no such warning
    const clean = analyzeFrame((await loadTable(await writeData(dir, 'plain-cols.csv', plainCsv))).frame, { target: 'price' }).profile;
    expect(clean.warnings.filter((x) => x.code === 'hidden_chars_in_name')).toEqual([]);
  });

  it('profile warns about leading and trailing spaces a JSON file keeps', async () => {
    const json = JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ ' a': i % 7, 'b ': i % 3, ' c ': i % 4, y: i % 2 })));
    const { frame } = await loadTable(await writeData(dir, 'spaced.json', json));
    const w = analyzeFrame(frame, { target: 'y' }).profile.warnings.filter((x) => x.code === 'hidden_chars_in_name');
    expect(w.map((x) => [x.column, /contains (a leading space|a trailing space|leading and trailing spaces);/.exec(x.message)?.[1]])).toEqual([
      [' a', 'a leading space'],
      ['b ', 'a trailing space'],
      [' c ', 'leading and trailing spaces'],
    ]);
  });

  it('the planner reads "exclude year_built" as the column year_built\\u200b, and says so', async () => {
    const { frame } = await loadTable(await writeData(dir, 'zcols2.csv', csv));
    const { columns } = analyzeFrame(frame, { target: 'price' });
    const { offlinePlan } = await import('../llm/offline-planner.js');
    const plan = offlinePlan({ instruction: 'predict price, exclude year_built and rooms count', columns, targetGuess: 'price', taskGuess: 'regression' });
    expect([...plan.excluded_columns].sort()).toEqual(['rooms\u00a0count', 'year_built\u200b']);
    expect(plan.assumptions.some((a) => a.includes("'year_built\u200b' contains an invisible character U+200B"))).toBe(true);
  });

  // [model's columns, data file, what the hint must say]
  const mismatches: [string, string[], string, string[]][] = [
    [
      'model trained on clean names, data with hidden characters',
      ['area_m2', 'year_built', 'garage'],
      csv,
      [
        "The model's column 'area_m2' and the data's 'area\u200b_m2' differ only by invisible characters or spaces: the data's name contains an invisible character U+200B (zero-width space) at position 5.",
        "The model's column 'year_built' and the data's 'year_built\u200b' differ only by invisible characters or spaces: the data's name contains an invisible character U+200B (zero-width space) at position 11.",
        'Rename the data columns to the exact names the model reads',
      ],
    ],
    [
      'model trained on hidden characters, clean data',
      ['year_built\u200b', 'rooms\u00a0count', 'garage'],
      plainCsv,
      ["The model's column 'year_built\u200b' and the data's 'year_built' differ only by invisible characters or spaces: the model's name contains an invisible character U+200B (zero-width space) at position 11."],
    ],
  ];
  for (const [name, schema, data, hints] of mismatches) {
    it(`predict's SCHEMA_MISMATCH names the invisible character: ${name}`, async () => {
      const { frame } = await loadTable(await writeData(dir, `${name.replace(/\W+/g, '-')}.csv`, data));
      const err = await schemaError(manifestOf(schema), frame);
      expect(err.code).toBe('SCHEMA_MISMATCH');
      expect(err.message).toMatch(/^The data lacks columns? '/);
      for (const h of hints) expect(err.details.hint).toContain(h);
      expect(err.details.hint).toContain('The model reads: ');
    });
  }

  it("a plain missing column keeps the plain hint", async () => {
    const { frame } = await loadTable(await writeData(dir, 'plain-cols2.csv', plainCsv));
    const err = await schemaError(manifestOf(['area_m2', 'bedrooms']), frame);
    expect(err.details.hint).toBe('The model reads: area_m2, bedrooms. The data has: area_m2, rooms, district, year_built, garage, price.');
  });

  it('a column that differs only in case is named, with the rename (audit: Age for age)', async () => {
    const { frame } = await loadTable(await writeData(dir, 'plain-cols3.csv', plainCsv));
    const err = await schemaError(manifestOf(['Area_M2', 'rooms']), frame);
    expect(err.message).toBe("The data lacks column 'Area_M2' that the model needs.");
    expect(err.details.hint).toBe("The data's 'area_m2' differs from the model's 'Area_M2' only in case; column names must match exactly: rename it to 'Area_M2'. The model reads: Area_M2, rooms. The data has: area_m2, rooms, district, year_built, garage, price.");
  });
});
