/**
 * Registered datasets: `.askml/datasets/<id>.json` records a data file (absolute path, sha256,
 * format, shape, profile) plus an optional test file or split file. Tools pass the id, never rows;
 * loaded Frames are cached in-process by id and reloaded from the path after a restart (the
 * sha256 is checked so a changed file is noticed, not silently used).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { AskmlError } from '../errors.js';
import { textColumnsOf, type Frame } from '../data/frame.js';
import { loadTable, type DateFormats } from '../data/load.js';
import type { Profile } from '../data/profile-schema.js';
import type { TaskType } from '../learners/types.js';
import { newId } from './ids.js';
import { ID_PREFIX, listIds, loadRecord, saveRecord } from './store.js';

export interface DataFileRecord {
  path: string;
  sha256: string;
  format: string;
  rows: number;
  cols: number;
  /** CSV/TSV/JSON: the formats its date / timestamp columns were read with (load.ts LoadInfo.dates). */
  dates?: DateFormats;
}

export interface DatasetRecord extends DataFileRecord {
  id: string;
  createdAt: string;
  columns: { name: string; type: string }[];
  target: string | null;
  task: TaskType | null;
  /** A separate held-out test file, when given. */
  test: DataFileRecord | null;
  /** A `NAME.split.json` holdout file (absolute path), when given. */
  splitFile: string | null;
  profile: Profile;
  /** CSV/TSV cells read as missing, when given instead of the default list (load.ts); applies to the test file too. */
  missingValues?: string[];
}

/** Frames kept in memory (least recently used dropped first; a long-lived MCP server sees many files). */
const CACHE_FRAMES = 8;
const cache = new Map<string, Frame>();

function remember(key: string, f: Frame): void {
  cache.delete(key);
  cache.set(key, f);
  while (cache.size > CACHE_FRAMES) cache.delete(cache.keys().next().value as string);
}

function recall(key: string): Frame | undefined {
  const f = cache.get(key);
  if (f) remember(key, f);
  return f;
}

export function fileSha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (b) => h.update(b))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export interface LoadDataFileOptions {
  signal?: AbortSignal;
  missingValues?: readonly string[];
  /** Read the date cells with these formats (a test file with its training file's: '03/04/2021' is the same day in both). */
  dates?: DateFormats;
  /** Columns to keep as text, not dates (a test file: the training file's text columns). */
  textColumns?: readonly string[];
}

/** Load a data file and describe it for a record. */
export async function loadDataFile(path: string, o: LoadDataFileOptions = {}): Promise<{ frame: Frame; file: DataFileRecord }> {
  const { frame, info } = await loadTable(path, { signal: o.signal, missingValues: o.missingValues, dates: o.dates, textColumns: o.textColumns });
  const sha256 = await fileSha256(info.path ?? path);
  return { frame, file: { path: info.path ?? path, sha256, format: info.format, rows: info.rows, cols: info.cols, ...(info.dates ? { dates: info.dates } : {}) } };
}

/** Recent records checked for the same file + options before a new id is made. */
const REUSE_SCAN = 50;

/** An existing record of the same file version with the same target, test file and split file. */
function sameDataset(workspaceDir: string, rec: Omit<DatasetRecord, 'id' | 'createdAt'>): DatasetRecord | null {
  for (const id of datasetIds(workspaceDir).slice(0, REUSE_SCAN)) {
    let d: DatasetRecord;
    try {
      d = getDataset(workspaceDir, id);
    } catch {
      continue;
    }
    if (d.path === rec.path && d.sha256 === rec.sha256 && d.target === rec.target && d.splitFile === rec.splitFile && (d.test?.sha256 ?? null) === (rec.test?.sha256 ?? null) && (d.test?.path ?? null) === (rec.test?.path ?? null) && JSON.stringify(d.missingValues ?? null) === JSON.stringify(rec.missingValues ?? null)) {
      return d;
    }
  }
  return null;
}

/** Register a data file; profiling the same file version with the same options again returns the same id. */
export function saveDataset(workspaceDir: string, rec: Omit<DatasetRecord, 'id' | 'createdAt'>, frames: { train: Frame; test: Frame | null }): DatasetRecord {
  const prev = sameDataset(workspaceDir, rec);
  const full: DatasetRecord = { id: prev?.id ?? newId(ID_PREFIX.datasets), createdAt: prev?.createdAt ?? new Date().toISOString(), ...rec };
  saveRecord(workspaceDir, 'datasets', full.id, full);
  remember(cacheKey(workspaceDir, full.id, 'train'), frames.train);
  if (frames.test) remember(cacheKey(workspaceDir, full.id, 'test'), frames.test);
  return full;
}

export function getDataset(workspaceDir: string, id: string): DatasetRecord {
  return loadRecord<DatasetRecord>(workspaceDir, 'datasets', id);
}

export function datasetIds(workspaceDir: string): string[] {
  return listIds(workspaceDir, 'datasets');
}

function cacheKey(ws: string, id: string, part: 'train' | 'test'): string {
  return `${ws}\u0000${id}\u0000${part}`;
}

async function reload(file: DataFileRecord, rec: DatasetRecord, signal?: AbortSignal): Promise<{ frame: Frame; dates?: DateFormats }> {
  const id = rec.id;
  if (!existsSync(file.path)) {
    throw new AskmlError('FILE_NOT_FOUND', `The data file of dataset '${id}' ('${file.path}') no longer exists.`, {
      hint: 'Profile the file again with profile_data to register it under a new id.',
    });
  }
  const sha = await fileSha256(file.path);
  if (sha !== file.sha256) {
    throw new AskmlError('SCHEMA_MISMATCH', `The data file '${file.path}' of dataset '${id}' changed since it was profiled (sha256 differs).`, {
      hint: 'Profile the file again with profile_data to register the new version.',
    });
  }
  // As the file was read when it was profiled: its date formats, and its text columns as text.
  const { frame, info } = await loadTable(file.path, { signal, missingValues: rec.missingValues, dates: rec.dates, textColumns: textColumnsOf(rec.columns) });
  return { frame, dates: info.dates };
}

/** The dataset's main Frame (cached). */
export async function datasetFrame(workspaceDir: string, rec: DatasetRecord, signal?: AbortSignal): Promise<Frame> {
  const key = cacheKey(workspaceDir, rec.id, 'train');
  let f = recall(key);
  if (!f) {
    const r = await reload(rec, rec, signal);
    f = r.frame;
    remember(key, f);
    // A record made before askml kept date formats: keep the ones read now, for the model's
    // manifest (predict reads dates as the training file was read) and the test file.
    if (!rec.dates && r.dates) {
      rec.dates = r.dates;
      // Only this field, into the record as it is now (a re-profile may have replaced it meanwhile).
      let now: DatasetRecord | null = null;
      try {
        now = getDataset(workspaceDir, rec.id);
      } catch {
        // Gone or unreadable: nothing to add to.
      }
      if (now && !now.dates && now.sha256 === rec.sha256) saveRecord(workspaceDir, 'datasets', rec.id, { ...now, dates: r.dates });
    }
  }
  return f;
}

/** The dataset's separate test Frame, or null when it has none (cached). */
export async function datasetTestFrame(workspaceDir: string, rec: DatasetRecord, signal?: AbortSignal): Promise<Frame | null> {
  if (!rec.test) return null;
  const key = cacheKey(workspaceDir, rec.id, 'test');
  let f = recall(key);
  if (!f) {
    f = (await reload(rec.test, rec, signal)).frame;
    remember(key, f);
  }
  return f;
}

/** Forget cached Frames (tests use it to simulate a restart). */
export function clearFrameCache(): void {
  cache.clear();
}
