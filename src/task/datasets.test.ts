/**
 * Dataset records re-read their file as it was read when it was profiled: its date formats, and
 * its text columns as text (a newer askml may read date-like text as dates; a search or resume on
 * an older record would otherwise see other column types than the record and its runs).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clearFrameCache, datasetFrame, getDataset, loadDataFile, saveDataset, type DatasetRecord } from './datasets.js';
import { textColumnsOf } from '../data/frame.js';
import { analyzeFrame } from '../data/profile.js';

const dir = mkdtempSync(path.join(tmpdir(), 'askml-datasets-'));
const ws = path.join(dir, 'ws');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function register(file: string): Promise<DatasetRecord> {
  const { frame, file: rec } = await loadDataFile(file);
  const a = analyzeFrame(frame, { target: 'y' });
  return saveDataset(ws, { ...rec, columns: frame.columns.map((c) => ({ name: c.name, type: c.type })), target: 'y', task: a.task, test: null, splitFile: null, profile: a.profile }, { train: frame, test: null });
}

describe('dataset records', () => {
  it('keep the text columns of the record as text on reload', async () => {
    const file = path.join(dir, 'codes.csv');
    writeFileSync(file, 'code,y\n4/13/2021 19:40,1\n3/4/2021 8:05,2\n5/6/2021 9:00,3\n');
    const rec = await register(file);
    expect(rec.columns.find((c) => c.name === 'code')?.type).toBe('datetime');
    // As an older askml recorded it: the column was a category.
    const old: DatasetRecord = { ...rec, columns: rec.columns.map((c) => (c.name === 'code' ? { ...c, type: 'categorical' } : c)) };
    delete old.dates;
    clearFrameCache();
    const f = await datasetFrame(ws, old);
    expect(f.columns.find((c) => c.name === 'code')?.type).toBe('categorical');
    expect(textColumnsOf(old.columns)).toEqual(['code']);
  });

  it('keep the date formats read now when the record has none (made before askml kept them)', async () => {
    const file = path.join(dir, 'us.csv');
    writeFileSync(file, 'when,y\n04/13/2021,1\n03/04/2021,2\n');
    const rec = await register(file);
    expect(rec.dates).toEqual({ date: '%m/%d/%Y' });
    const old: DatasetRecord = { ...rec };
    delete old.dates;
    writeFileSync(path.join(ws, 'datasets', `${rec.id}.json`), JSON.stringify(old));
    clearFrameCache();
    const again = getDataset(ws, rec.id);
    expect(again.dates).toBeUndefined();
    await datasetFrame(ws, again);
    expect(again.dates).toEqual({ date: '%m/%d/%Y' });
    expect(JSON.parse(readFileSync(path.join(ws, 'datasets', `${rec.id}.json`), 'utf8')).dates).toEqual({ date: '%m/%d/%Y' });
  });
});
