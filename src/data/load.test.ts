import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { loadTable } from './load.js';
import { profileFrame } from './profile.js';
import { execSql, sqlString } from './duckdb.js';
import { cellString } from './frame.js';
import { AskmlError } from '../errors.js';
import { col, chineseNewsCsv, encodeGb18030, mixedCsv, tempDir, writeData } from '../../test/fixtures/data-files.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());


async function loadError(source: string, opts = {}): Promise<AskmlError> {
  try {
    await loadTable(source, opts);
  } catch (e) {
    if (e instanceof AskmlError) return e;
    throw e;
  }
  throw new Error('expected an AskmlError');
}

async function askmlTemps(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((f) => f.startsWith('askml-load-'));
}

describe('loadTable: blank lines', () => {
  it('a one-column CSV skips blank lines as pandas does (audit: each was a row), keeps NA rows', async () => {
    const titles = await writeData(dir, 'titles.csv', 'title\n湖人队晋级季后赛\n\n\n火箭\r\n\r\n股市\n');
    const { frame } = await loadTable(titles);
    expect(frame.nRows).toBe(3);
    expect([0, 1, 2].map((i) => cellString(frame.columns[0], i))).toEqual(['湖人队晋级季后赛', '火箭', '股市']);
    const numbers = await loadTable(await writeData(dir, 'numbers.csv', 'x\n1\n\n2\nNA\n3\n'));
    expect(numbers.frame.nRows).toBe(4); // pandas: 1, 2, NaN, 3
    // several columns: DuckDB already skipped them
    expect((await loadTable(await writeData(dir, 'two.csv', 'a,b\n1,2\n\n3,4\n'))).frame.nRows).toBe(2);
  });
});

describe('loadTable: formats', () => {
  it('reads a mixed CSV into typed columns', async () => {
    const p = await writeData(dir, 'mixed.csv', mixedCsv(60));
    const { frame, info } = await loadTable(p);
    expect(info).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', rows: 60, cols: 7 });
    expect(info.fileBytes).toBeGreaterThan(1000);
    expect(info.memoryBytes).toBeGreaterThan(0);
    const age = col(frame, 'age');
    expect(age.type).toBe('numeric');
    if (age.type === 'numeric') {
      expect(Number.isNaN(age.values[0])).toBe(true); // row 0 has an empty age
      expect(age.values[1]).toBe(33);
    }
    expect(col(frame, 'member').type).toBe('boolean');
    const joined = col(frame, 'joined');
    expect(joined.type).toBe('datetime');
    if (joined.type === 'datetime') expect(joined.values[0]).toBe(Date.UTC(2024, 2, 1));
    const city = col(frame, 'city');
    expect(city.type).toBe('categorical');
    if (city.type === 'categorical') expect([...city.levels].sort()).toEqual(['Oslo', 'Paris', 'Rome']);
    expect(col(frame, 'comment').type).toBe('text');
    expect(cellString(col(frame, 'label'), 0)).toBe('spam');
  });

  it('reads TSV, JSONL and JSON arrays', async () => {
    const tsv = await writeData(dir, 'a.tsv', 'x\ty\n1\thello\n2\tworld\n3\thello\n');
    const r1 = await loadTable(tsv);
    expect(r1.info).toMatchObject({ format: 'tsv', delimiter: '\t', rows: 3, cols: 2 });
    const jsonl = await writeData(dir, 'a.jsonl', '{"a":1,"b":"x"}\n{"a":2.5,"b":null}\n');
    const r2 = await loadTable(jsonl);
    expect(r2.info).toMatchObject({ format: 'jsonl', rows: 2, cols: 2 });
    const a = col(r2.frame, 'a');
    expect(a.type === 'numeric' && Array.from(a.values)).toEqual([1, 2.5]);
    const json = await writeData(dir, 'a.json', '[{"a":1,"flag":true},{"a":3,"flag":false}]');
    const r3 = await loadTable(json);
    expect(r3.info.format).toBe('json');
    expect(col(r3.frame, 'flag').type).toBe('boolean');
    // content sniffing without an extension
    const noExt = await writeData(dir, 'records', '[{"k":"u"},{"k":"v"}]');
    expect((await loadTable(noExt)).info.format).toBe('json');
  });

  it('reads Parquet written by DuckDB', async () => {
    const p = `${dir}/t.parquet`;
    await execSql(
      `COPY (SELECT i::INTEGER AS i, i * 0.5 AS half, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END AS parity, ` +
        `DATE '2020-01-01' + i::INTEGER AS day FROM range(10) t(i)) TO ${sqlString(p)} (FORMAT parquet)`,
    );
    const { frame, info } = await loadTable(p);
    expect(info).toMatchObject({ format: 'parquet', rows: 10, cols: 4 });
    const half = col(frame, 'half');
    expect(half.type === 'numeric' && half.values[9]).toBe(4.5);
    const day = col(frame, 'day');
    expect(day.type === 'datetime' && day.values[1]).toBe(Date.UTC(2020, 0, 2));
    expect(cellString(col(frame, 'parity'), 3)).toBe('odd');
  });

  it('decodes GB18030 text through a temporary UTF-8 copy that is removed', async () => {
    const before = await askmlTemps();
    const p = await writeData(dir, 'gbk.csv', encodeGb18030(chineseNewsCsv(40)));
    const { frame, info } = await loadTable(p);
    expect(info.encoding).toBe('gb18030');
    expect(frame.columns.map((c) => c.name)).toEqual(['标题', '类别', '点击']);
    expect(cellString(col(frame, '类别'), 0)).toBe('财经');
    expect(col(frame, '标题').type).toBe('text');
    expect(await askmlTemps()).toEqual(before);
  });

  it('handles a UTF-8 BOM in CSV and JSON', async () => {
    const csv = await writeData(dir, 'bom.csv', `\ufeffa,b\n1,x\n2,y\n`);
    const r = await loadTable(csv);
    expect(r.info.encoding).toBe('utf-8-bom');
    expect(r.frame.columns[0].name).toBe('a');
    const json = await writeData(dir, 'bom.json', `\ufeff[{"a":1},{"a":2}]`);
    expect((await loadTable(json)).frame.columns[0].name).toBe('a');
  });

  it('reads a gzipped CSV', async () => {
    const p = await writeData(dir, 'z.csv.gz', gzipSync(Buffer.from('a,b\n1,x\n2,y\n3,x\n')));
    const { frame, info } = await loadTable(p);
    expect(info).toMatchObject({ format: 'csv', rows: 3, cols: 2 });
    expect(cellString(col(frame, 'b'), 1)).toBe('y');
  });

  it('loads records and column arrays without DuckDB', async () => {
    const r = await loadTable([{ n: 1, s: 'a', b: true }, { n: null, s: 'b', b: false }, { n: 3, s: 'a' }]);
    expect(r.info).toMatchObject({ format: 'records', rows: 3, cols: 3, path: null });
    const n = col(r.frame, 'n');
    expect(n.type === 'numeric' && Number.isNaN(n.values[1])).toBe(true);
    expect(col(r.frame, 'b').type).toBe('boolean');
    const c = await loadTable({ x: [1, 2, 3], when: [new Date(0), null, new Date(1000)] });
    expect(c.info.format).toBe('columns');
    const when = col(c.frame, 'when');
    expect(when.type === 'datetime' && when.values[2]).toBe(1000);
    await expect(loadTable({ x: [1, 2], y: [1] })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('a text value past the type-sniffing sample: loads as categorical and is flagged', async () => {
    const lines = ['a,b', ...Array.from({ length: 30_000 }, (_, i) => `${i % 97},x${i % 5}`), 'oops,x1'];
    const { frame } = await loadTable(await writeData(dir, 'late.csv', `${lines.join('\n')}\n`));
    expect(frame.nRows).toBe(30_001);
    expect(col(frame, 'a').type).toBe('categorical');
    const warn = profileFrame(frame, { target: null }).warnings.find((w) => w.code === 'mixed_types');
    expect(warn?.message).toContain("except in 1 row(s) with text such as 'oops'");
  });

  it('accepts a single row and an all-null column', async () => {
    const one = await loadTable(await writeData(dir, 'one.csv', 'a,b\n1,x\n'));
    expect(one.info.rows).toBe(1);
    const nul = await loadTable(await writeData(dir, 'nul.csv', 'a,b,c\n1,,x\n2,,y\n3,,z\n'));
    const b = col(nul.frame, 'b');
    expect(nul.info.cols).toBe(3);
    expect([0, 1, 2].every((i) => cellString(b, i) === '')).toBe(true);
  });
});

describe('loadTable: date formats', () => {
  it('reports the formats a CSV\'s dates were read with, and reads another file with them', async () => {
    // Month first: 04/13 rules out day first. The second file alone reads day first (DuckDB's pick).
    // ISO timestamps need no format (DuckDB reads them natively): only the date format is kept.
    const train = await loadTable(await writeData(dir, 'us.csv', 'when,at,x\n04/13/2021,2021-04-13 10:30:00,1\n03/04/2021,2021-03-04 08:00:00,2\n'));
    expect(train.info.dates).toEqual({ date: '%m/%d/%Y' });
    const ambiguous = await writeData(dir, 'ambiguous.csv', 'when,x\n03/04/2021,1\n05/06/2021,2\n');
    const own = await loadTable(ambiguous);
    expect(own.info.dates).toEqual({ date: '%d/%m/%Y' });
    // A guess, and said so; the month-first file decided (04/13), and a file read with a given format did not guess.
    expect(own.frame.notes?.map((n) => `${n.code} ${n.column}`)).toEqual(['date_format when']);
    expect(own.frame.notes?.[0].message).toContain("such as '03/04/2021'");
    expect(train.frame.notes ?? []).toEqual([]);
    const asTrained = await loadTable(ambiguous, { dates: train.info.dates });
    const when = col(asTrained.frame, 'when');
    expect(when.type === 'datetime' && [...when.values]).toEqual([Date.UTC(2021, 2, 4), Date.UTC(2021, 4, 6)]);
    expect(asTrained.info.dates).toEqual({ date: '%m/%d/%Y' });
    expect(asTrained.frame.notes ?? []).toEqual([]);
    const tsv = await loadTable(await writeData(dir, 'us.tsv', 'when\tx\n03/04/2021\t1\n'), { dates: { date: '%m/%d/%Y' } });
    const t = col(tsv.frame, 'when');
    expect(t.type === 'datetime' && t.values[0]).toBe(Date.UTC(2021, 2, 4));
  });

  it('date-times DuckDB leaves as text (4/13/2021 19:40) are read as date-times, with their format kept', async () => {
    const us = await loadTable(await writeData(dir, 'excel.csv', 'at,x\n4/13/2021 19:40,1\n3/4/2021 8:05,2\n,3\n'));
    const at = col(us.frame, 'at');
    expect(at.type).toBe('datetime');
    expect(at.type === 'datetime' && [...at.values]).toEqual([Date.UTC(2021, 3, 13, 19, 40), Date.UTC(2021, 2, 4, 8, 5), NaN]);
    expect(us.info.dates).toEqual({ columns: { at: '%m/%d/%Y %H:%M' } });
    expect(us.frame.notes ?? []).toEqual([]);
    // A file to predict of ambiguous values, read with the training format: month first.
    const later = await loadTable(await writeData(dir, 'excel2.csv', 'at,x\n5/6/2021 10:00,1\n'), { dates: us.info.dates });
    const l = col(later.frame, 'at');
    expect(l.type === 'datetime' && l.values[0]).toBe(Date.UTC(2021, 4, 6, 10, 0));
    // Alone, the same file reads day first and says it guessed.
    const alone = await loadTable(await writeData(dir, 'excel3.csv', 'at,x\n5/6/2021 10:00,1\n7/8/2021 11:00,2\n'));
    const a = col(alone.frame, 'at');
    expect(a.type === 'datetime' && a.values[0]).toBe(Date.UTC(2021, 5, 5, 10, 0));
    expect(alone.frame.notes?.map((n) => n.code)).toEqual(['date_format']);
    expect(alone.frame.notes?.[0].message).toBe("Column 'at' holds dates such as '05/06/2021 10:00' and no value shows whether the day or the month comes first: they are read day first (%d/%m/%Y %H:%M). Write them as 2021-04-03 (ISO) to make the order plain.");
    // Two text columns of different shapes beside an ISO timestamp column: each keeps its own format (audit: a
    // re-read with one timestampformat made the ISO column text, and the second column stayed text).
    const three = await loadTable(await writeData(dir, 'three.csv', 'a,b,iso,x\n4/13/2021 19:40,14.07.2020 16:22,2020-07-14 16:22:00,1\n3/4/2021 8:05,03.04.2021 08:00,2021-03-04 08:00:00,2\n'));
    expect(three.frame.columns.map((c) => c.type)).toEqual(['datetime', 'datetime', 'datetime', 'numeric']);
    expect(three.info.dates).toEqual({ columns: { a: '%m/%d/%Y %H:%M', b: '%d.%m.%Y %H:%M' } });
    const b = col(three.frame, 'b');
    expect(b.type === 'datetime' && b.values[1]).toBe(Date.UTC(2021, 3, 3, 8, 0));
    // A file to predict with one bad cell (audit: DuckDB then gave up on the whole column, and each cell was read
    // day first): the training format reads the others, the bad one is missing, and a note says so.
    const bad = await loadTable(await writeData(dir, 'bad-cell.csv', 'when,x\n03/04/2021,1\nunknown,2\n05/06/2021,3\n'), { dates: { date: '%m/%d/%Y' } });
    const w = col(bad.frame, 'when');
    expect(w.type === 'datetime' && [...w.values]).toEqual([Date.UTC(2021, 2, 4), NaN, Date.UTC(2021, 4, 6)]);
    expect(bad.frame.notes?.map((n) => n.message)).toEqual(["Column 'when': 1 value is not a date of the form %m/%d/%Y (e.g. 'unknown'); read as missing."]);
    const badStamp = await loadTable(await writeData(dir, 'bad-stamp.csv', 'at,x\n5/6/2021 10:00,1\nsoon,2\n'), { dates: us.info.dates });
    const bs = col(badStamp.frame, 'at');
    expect(bs.type === 'datetime' && [...bs.values]).toEqual([Date.UTC(2021, 4, 6, 10, 0), NaN]);
    // Dates without a time, against a model of month-first date-times: month first too (audit: sniffed day first).
    const dateOnly = await loadTable(await writeData(dir, 'date-only.csv', 'at,x\n01/07/2021,1\n'), { dates: us.info.dates });
    const d0 = col(dateOnly.frame, 'at');
    expect(d0.type === 'datetime' && d0.values[0]).toBe(Date.UTC(2021, 0, 7));
    // Dates with one bad value past DuckDB's sniffing sample (it then reads the column as text): still dates,
    // the bad one missing and named (audit: the column became a category and was dropped as an id).
    const late = Array.from({ length: 30_000 }, (_, i) => `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2021,${i}`);
    late[25_000] = 'unknown,1';
    const lateDates = await loadTable(await writeData(dir, 'late-bad-date.csv', `when,x\n${late.join('\n')}\n`));
    const ld = col(lateDates.frame, 'when');
    expect(ld.type).toBe('datetime');
    expect(ld.type === 'datetime' && [ld.values[12], ld.values[25_000]]).toEqual([Date.UTC(2021, 0, 13), NaN]);
    expect(lateDates.info.dates).toEqual({ columns: { when: '%d/%m/%Y' } });
    expect(lateDates.frame.notes?.map((n) => n.message)).toEqual(["Column 'when': 1 value is not a date of the form %d/%m/%Y (e.g. 'unknown'); read as missing."]);
    // Text that only starts like dates stays text.
    const mixed = await loadTable(await writeData(dir, 'mixed-dates.csv', 'at,x\n4/13/2021 19:40,1\nsoon,2\n'));
    expect(col(mixed.frame, 'at').type).not.toBe('datetime');
    // One bad cell among 30 date-times: still date-times, the bad cell missing and named.
    const stamps = Array.from({ length: 30 }, (_, i) => `4/${i + 1}/2021 10:${String(i).padStart(2, '0')},${i}`);
    stamps[7] = 'unknown,7';
    const oneBad = await loadTable(await writeData(dir, 'one-bad-stamp.csv', `at,x\n${stamps.join('\n')}\n`));
    const ob = col(oneBad.frame, 'at');
    expect(ob.type === 'datetime' && [ob.values[0], ob.values[7], ob.values[29]]).toEqual([Date.UTC(2021, 3, 1, 10, 0), NaN, Date.UTC(2021, 3, 30, 10, 29)]);
    expect(oneBad.frame.notes?.map((n) => n.message)).toEqual(["Column 'at': 1 value is not a date of the form %m/%d/%Y %H:%M (e.g. 'unknown'); read as missing."]);
  });

  it("a column that leaves the day-month order open takes the order the file's other dates show", async () => {
    const note = (r: Awaited<ReturnType<typeof loadTable>>) => (r.frame.notes ?? []).filter((n) => n.code === 'date_format');
    // A text date-time column of ambiguous values beside a DATE column that shows month first (04/13).
    const us = await loadTable(await writeData(dir, 'order-us.csv', 'when,at,x\n04/13/2021,5/6/2021 10:00,1\n03/04/2021,7/8/2021 11:00,2\n'));
    const at = col(us.frame, 'at');
    expect(at.type === 'datetime' && at.values[0]).toBe(Date.UTC(2021, 4, 6, 10, 0));
    expect(us.info.dates).toEqual({ date: '%m/%d/%Y', columns: { at: '%m/%d/%Y %H:%M' } });
    expect(note(us)).toEqual([]);
    // Beside a text date-time column that shows day first (13/04): day first, no note.
    const eu = await loadTable(await writeData(dir, 'order-eu.csv', 'a,b,x\n13/04/2021 19:40,5/6/2021 10:00,1\n03/04/2021 08:00,7/8/2021 11:00,2\n'));
    expect(eu.info.dates).toEqual({ columns: { a: '%d/%m/%Y %H:%M', b: '%d/%m/%Y %H:%M' } });
    expect(note(eu)).toEqual([]);
    // Only a column with the same separator counts: '14.07.2020' says nothing about '5/6/2021'.
    const dots = await loadTable(await writeData(dir, 'order-dots.csv', 'a,b,x\n14.07.2020 16:22,5/6/2021 10:00,1\n03.04.2021 08:00,7/8/2021 11:00,2\n'));
    expect(note(dots).map((n) => n.column)).toEqual(['b']);
    // Columns that disagree leave it a guess.
    const both = await loadTable(await writeData(dir, 'order-both.csv', 'a,b,c,x\n13/04/2021 19:40,4/13/2021 19:40,5/6/2021 10:00,1\n'));
    expect(note(both).map((n) => n.column)).toEqual(['c']);
    // An ambiguous DATE column (DuckDB: day first) beside a text column showing month first: the note names it.
    const named = await loadTable(await writeData(dir, 'order-named.csv', 'when,at,x\n03/04/2021,4/13/2021 19:40,1\n05/06/2021,3/4/2021 8:05,2\n'));
    expect(note(named).map((n) => n.message)).toEqual([
      "Column 'when' holds dates such as '03/04/2021' and no value shows whether the day or the month comes first: they are read day first (%d/%m/%Y), though column 'at' reads month first. Write them as 2021-04-03 (ISO) to make the order plain.",
    ]);
    // Two DATE columns read with one format, one of them showing the order: no note for the other.
    const pair = await loadTable(await writeData(dir, 'order-pair.csv', 'a,b,x\n13/04/2021,03/04/2021,1\n14/05/2021,05/06/2021,2\n'));
    expect(pair.info.dates).toEqual({ date: '%d/%m/%Y' });
    expect(note(pair)).toEqual([]);
  });

  it('JSON: dates in other forms than ISO are dates too, with their formats kept for files to predict', async () => {
    const rows = [
      { when: '04/13/2021', at: '13.04.2021 19:40', day: '2021/04/13', iso: '2021-04-13', x: 1 },
      { when: '03/04/2021', at: '03.04.2021 08:00', day: '2021/03/04', iso: '2021-03-04', x: 2 },
    ];
    const train = await loadTable(await writeData(dir, 'dates.jsonl', rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
    expect(train.frame.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['when:datetime', 'at:datetime', 'day:datetime', 'iso:datetime', 'x:numeric']);
    expect(train.info.dates).toEqual({ columns: { when: '%m/%d/%Y', at: '%d.%m.%Y %H:%M', day: '%Y/%m/%d' } });
    const when = col(train.frame, 'when');
    expect(when.type === 'datetime' && [...when.values]).toEqual([Date.UTC(2021, 3, 13), Date.UTC(2021, 2, 4)]);
    const later = await loadTable(await writeData(dir, 'dates2.json', JSON.stringify([{ when: '05/06/2021', at: '05.06.2021 10:00', day: '2021/06/05', iso: '2021-06-05', x: 3 }])), { dates: train.info.dates });
    const w = col(later.frame, 'when');
    expect(w.type === 'datetime' && w.values[0]).toBe(Date.UTC(2021, 4, 6));
    expect(later.frame.notes ?? []).toEqual([]);
    // '-' between day, month and year: DuckDB's JSON reader typed such dates itself, in an order of its own
    // choosing, and no format was kept (audit); now they are text columns read here, with their formats.
    const dash = await loadTable(await writeData(dir, 'dash.jsonl', '{"d":"08-13-2021","iso":"2021-08-13T10:30:00"}\n{"d":"08-03-2021","iso":"2021-08-03T10:30:00"}\n'));
    expect(dash.info.dates).toEqual({ columns: { d: '%m-%d-%Y' } });
    expect(col(dash.frame, 'iso').type).toBe('datetime');
    const dashLater = await loadTable(await writeData(dir, 'dash2.jsonl', '{"d":"08-03-2021","iso":"2021-08-03T10:30:00"}\n'), { dates: dash.info.dates });
    const dl = col(dashLater.frame, 'd');
    expect(dl.type === 'datetime' && dl.values[0]).toBe(Date.UTC(2021, 7, 3));
    // Date-times with '-' too: DuckDB typed '04-13-2021 10:30:00' itself, month first in this file and day first in
    // a file of '03-04-2021 08:00:00' alone, unrecorded; now read here, the format kept and used for later files.
    const stamps = await loadTable(await writeData(dir, 'stamps.jsonl', '{"t":"04-13-2021 10:30:00","iso":"2021-04-13T10:30:00"}\n{"t":"03-04-2021 08:00:00","iso":"2021-03-04T08:00:00"}\n'));
    expect(stamps.info.dates).toEqual({ columns: { t: '%m-%d-%Y %H:%M:%S' } });
    const st = col(stamps.frame, 't');
    expect(st.type === 'datetime' && [...st.values]).toEqual([Date.UTC(2021, 3, 13, 10, 30), Date.UTC(2021, 2, 4, 8, 0)]);
    expect(col(stamps.frame, 'iso').type).toBe('datetime');
    const stampsLater = await loadTable(await writeData(dir, 'stamps2.json', '[{"t":"03-04-2021 08:00:00","iso":"2021-03-04T08:00:00"}]'), { dates: stamps.info.dates });
    const sl = col(stampsLater.frame, 't');
    expect(sl.type === 'datetime' && sl.values[0]).toBe(Date.UTC(2021, 2, 4, 8, 0));
    expect(stampsLater.frame.notes ?? []).toEqual([]);
    // A CSV read with a JSON model's formats: its DATE column takes them, and no order is said to be guessed (audit).
    const csv = await loadTable(await writeData(dir, 'from-json.csv', 'd,x\n08-03-2021,1\n09-04-2021,2\n'), { dates: dash.info.dates });
    const cd = col(csv.frame, 'd');
    expect(cd.type === 'datetime' && cd.values[0]).toBe(Date.UTC(2021, 7, 3));
    expect(csv.frame.notes ?? []).toEqual([]);
  });

  it('textColumns: columns a model learned as text stay text though their cells look like dates', async () => {
    const file = await writeData(dir, 'codes.csv', 'code,at,x\n4/13/2021 19:40,4/13/2021 19:40,1\n3/4/2021 8:05,3/4/2021 8:05,2\n');
    const r = await loadTable(file, { textColumns: ['code'] });
    expect(r.frame.columns.map((c) => c.type)).toEqual(['categorical', 'datetime', 'numeric']);
    expect(r.info.dates).toEqual({ columns: { at: '%m/%d/%Y %H:%M' } });
    const j = await loadTable(await writeData(dir, 'codes.jsonl', '{"code":"03/04/2021","x":1}\n'), { textColumns: ['code'] });
    expect(col(j.frame, 'code').type).toBe('categorical');
    // Dates DuckDB types itself (a CSV's 02/15/2021 or ISO, a JSON file's ISO dates and timestamps): read
    // again as text, the cells as written (re-audit: only the columns left as text were kept).
    const csv = await loadTable(await writeData(dir, 'typed-codes.csv', 'code,iso,when,x\n02/15/2021,2021-02-15,02/15/2021,1\n08/15/2021,2021-08-15,08/15/2021,2\n'), {
      textColumns: ['code', 'iso', 'absent'],
    });
    expect(csv.frame.columns.map((c) => c.type)).toEqual(['categorical', 'categorical', 'datetime', 'numeric']);
    expect(cellString(col(csv.frame, 'code'), 1)).toBe('08/15/2021');
    expect(cellString(col(csv.frame, 'iso'), 0)).toBe('2021-02-15');
    const json = await loadTable(await writeData(dir, 'typed-codes.jsonl', '{"code":"2021-02-15","at":"2021-02-15T10:00:00Z","o":{"a":1},"x":1}\n{"code":"2021-08-15","at":"2021-08-15T10:00:00Z","o":{"a":2},"x":2}\n'), {
      textColumns: ['code', 'at'],
    });
    expect(json.frame.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['code:categorical', 'at:categorical', 'o:categorical', 'x:numeric']);
    expect(cellString(col(json.frame, 'at'), 1)).toBe('2021-08-15T10:00:00Z');
    // Without textColumns the same files have dates.
    expect(col((await loadTable(await writeData(dir, 'typed-codes2.csv', 'code,x\n02/15/2021,1\n'))).frame, 'code').type).toBe('datetime');
  });

  it('no dates or JSON: no formats; ISO cells still read as ISO under a training format', async () => {
    expect((await loadTable(await writeData(dir, 'nodates.csv', 'x,y\n1,a\n2,b\n'))).info.dates).toBeUndefined();
    expect((await loadTable(await writeData(dir, 'd.jsonl', '{"when":"2021-03-04"}\n'))).info.dates).toBeUndefined();
    const iso = await loadTable(await writeData(dir, 'iso.csv', 'when,x\n2021-03-04,1\n2021-05-06,2\n'), { dates: { date: '%d/%m/%Y' } });
    const when = col(iso.frame, 'when');
    expect(when.type === 'datetime' && [...when.values]).toEqual([Date.UTC(2021, 2, 4), Date.UTC(2021, 4, 6)]);
  });
});

describe('loadTable: bad input', () => {
  it('missing file suggests the closest sibling', async () => {
    await writeData(dir, 'sales.csv', 'a\n1\n');
    const e = await loadError(`${dir}/sale.csv`);
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.details.hint).toContain('sales.csv');
  });

  it('directory, empty file, header only', async () => {
    const sub = `${dir}/folder`;
    await mkdir(sub, { recursive: true });
    await writeData(sub, 'inside.csv', 'a\n1\n');
    const d = await loadError(sub);
    expect(d.code).toBe('NOT_A_FILE');
    expect(d.details.choices?.[0]).toContain('inside.csv');
    expect((await loadError(await writeData(dir, 'empty.csv', ''))).code).toBe('EMPTY_FILE');
    expect((await loadError(await writeData(dir, 'blank.csv', '\n\n  \n'))).code).toBe('EMPTY_FILE');
    expect((await loadError(await writeData(dir, 'head.csv', 'a,b,c\n'))).code).toBe('NO_ROWS');
    const none = await loadError(await writeData(dir, 'none.json', '[]'));
    expect(none.code).toBe('NO_ROWS');
    expect(none.message).toMatch(/none\.json' holds no records \(no data rows\)\.$/);
  });

  it('ragged rows name the line', async () => {
    const short = await loadError(await writeData(dir, 'r1.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n'));
    expect(short.code).toBe('PARSE_ERROR');
    expect(short.message).toContain('Line 3');
    expect(short.details.line).toBe(3);
    const long = await loadError(await writeData(dir, 'r2.csv', 'a,b\n1,2\n3,4\n5,6,7\n'));
    expect(long.message).toMatch(/Line 4 .* 3 fields; the header has 2/);
  });

  it('title lines above the header are skipped, and a note says so (audit: dropped silently)', async () => {
    const r = await loadTable(await writeData(dir, 'title.csv', 'Quarterly report\nexported 2026-01-01\nx,y,z\n1,2,a\n4,5,b\n7,8,c\n'));
    expect(r.frame.columns.map((c) => c.name)).toEqual(['x', 'y', 'z']);
    expect(r.frame.nRows).toBe(3);
    expect(r.frame.notes).toContainEqual(expect.objectContaining({ code: 'skipped_lines', column: null, message: expect.stringContaining('The first 2 lines of the file were skipped: the header is on line 3') }));
    // The header found is the header the reading checks use: decimal commas of a ';' file (review).
    const de = await loadTable(await writeData(dir, 'title-de.csv', 'Bericht Q3\nname;preis\na;1,250\nb;3\n'));
    expect(Array.from((de.frame.columns[1] as { values: Float64Array }).values)).toEqual([1.25, 3]);
    const plain = await loadTable(await writeData(dir, 'plain.csv', 'x,y,z\n1,2,a\n4,5,b\n'));
    expect((plain.frame.notes ?? []).some((n) => n.code === 'skipped_lines')).toBe(false);
  });

  it('a ragged row far past the sniffing sample, and quoted newlines are not ragged', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},v${i % 7}`);
    rows[35_000] = '35000,v1,extra';
    const e = await loadError(await writeData(dir, 'deep.csv', `a,b\n${rows.join('\n')}\n`));
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.details.line).toBe(35_002);
    const quoted = await loadTable(await writeData(dir, 'quoted.csv', 'a,b\n1,"two\nlines, with comma"\n2,plain\n'));
    expect(quoted.info.rows).toBe(2);
    expect(cellString(col(quoted.frame, 'b'), 0)).toBe('two\nlines, with comma');
  });

  it('malformed JSON lines are a PARSE_ERROR, and a cancelled load stops', async () => {
    const e = await loadError(await writeData(dir, 'bad.jsonl', '{"a":1}\n{"a":\n'));
    expect(e.code).toBe('PARSE_ERROR');
    const ctl = new AbortController();
    ctl.abort();
    const c = await loadError(await writeData(dir, 'ok.csv', 'a\n1\n'), { signal: ctl.signal });
    expect(c.code).toBe('CANCELLED');
  });

  it('non-UTF-8 text that is not GB18030 either', async () => {
    // Latin-1 'é' (0xE9) followed by a comma is invalid in both encodings.
    const bytes = Uint8Array.from([...Buffer.from('name,x\ncaf'), 0xe9, ...Buffer.from(',1\n')]);
    const e = await loadError(await writeData(dir, 'latin1.csv', bytes));
    expect(e.code).toBe('ENCODING');
    expect(e.message).toContain('line 2');
    // Accented letters followed by a letter are valid GBK pairs ('Genève' -> 'Gen鑦e'): not Chinese (audit).
    const places = Buffer.from('city,y\n' + Array.from({ length: 60 }, (_, i) => `${['Genève', 'Zürich', 'Bern'][i % 3]},${i % 2}`).join('\n') + '\n', 'latin1');
    const p = await loadError(await writeData(dir, 'places.csv', places));
    expect(p.code).toBe('ENCODING');
    // An accent just before a word's last letter ('Süd' -> 'S黡', 'Straße' -> 'Stra遝') too (audit).
    const german = Buffer.from('region,y\n' + Array.from({ length: 40 }, (_, i) => `${['West', 'Ost', 'Nord', 'Süd', 'Straße'][i % 5]},${i % 2}`).join('\n') + '\n', 'latin1');
    expect((await loadError(await writeData(dir, 'german.csv', german))).code).toBe('ENCODING');
    // Traditional characters (GBK's extension, second byte below 0xA1) among Chinese ones are Chinese.
    const trad = await loadTable(await writeData(dir, 'trad-gbk.csv', encodeGb18030('text,y\n' + Array.from({ length: 20 }, (_, i) => `${['臺灣的資料集與機器學習', '香港特別行政區發佈新聞稿'][i % 2]},${i % 2}`).join('\n') + '\n')));
    expect(cellString(col(trad.frame, 'text'), 0)).toBe('臺灣的資料集與機器學習');
    // Chinese beside Latin words ('iPhone手机', 'A股') and one-character categories is still GB18030.
    const mixed = 'name,sex,y\n' + Array.from({ length: 30 }, (_, i) => `${['iPhone手机', 'A股市场', '小米Mi'][i % 3]},${i % 2 ? '男' : '女'},${i % 2}`).join('\n') + '\n';
    const ok = await loadTable(await writeData(dir, 'mixed-gbk.csv', encodeGb18030(mixed)));
    expect(ok.info.encoding).toBe('gb18030');
    expect(cellString(col(ok.frame, 'name'), 1)).toBe('A股市场');
  });

  it('binary files: NUL bytes and zip magic', async () => {
    const nul = await loadError(await writeData(dir, 'bin.csv', Uint8Array.from([0x61, 0x2c, 0x00, 0x01, 0x0a])));
    expect(nul.code).toBe('BINARY_FILE');
    const zip = await loadError(await writeData(dir, 'book.xlsx', Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 0, 0])));
    expect(zip.code).toBe('BINARY_FILE');
    expect(zip.message).toContain('zip');
  });

  it('a very long line names the line and the limit', async () => {
    const p = await writeData(dir, 'longline.csv', `a,b\n1,x\n2,${'y'.repeat(300_000)}\n`);
    const e = await loadError(p, { maxLineBytes: 100_000 });
    expect(e.code).toBe('PARSE_ERROR');
    expect(e.message).toMatch(/Line 3 is 300002 bytes long; the limit is 100000/);
    // and it loads with a higher limit
    expect((await loadTable(p, { maxLineBytes: 1_000_000 })).info.rows).toBe(2);
  });
});
