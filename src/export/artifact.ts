/**
 * The model artifact: a versioned folder that predict / evaluate / export read back.
 *
 *   <dir>/manifest.json   what the model is: askml version, created, task, target, labels, metric
 *                         and scores, learner(s) with params, seed, and the data schema (the input
 *                         columns with their types)
 *   <dir>/model.json      the TrainedModel JSON (src/search/trained-model.ts)
 *
 * Written atomically: into a temp sibling folder, then renamed into place (an existing artifact is
 * moved aside first and removed after), so a reader never sees half an artifact.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AskmlError, fileAccessError, hiddenCharNote, unknownName, withoutHiddenChars } from '../errors.js';
import { isInside, readJsonFile, writeFileAtomic, writeJsonAtomic } from '../util/fs.js';
import { cellString, columnNames, findColumn, isMissing, textColumnsOf, type Column, type ColumnType, type Frame } from '../data/frame.js';
import type { Params, TaskType } from '../learners/types.js';
import { TrainedModel, type SavedTrainedModel } from '../search/trained-model.js';
import { danglingLinkNote, reachProblem } from '../data/path-hints.js';
import type { DateFormats } from '../data/load.js';
import { alignInputTypes, inputWarnings, unknownTextWarnings } from './input-check.js';

export const ARTIFACT_VERSION = 1;

export interface ArtifactManifest {
  kind: 'askml_artifact';
  artifactVersion: number;
  askmlVersion: string;
  createdAt: string;
  task: TaskType;
  target: string;
  labels: string[] | null;
  metric: string;
  /** Scores by name: `validation` (cross-validation / holdout inside the search), `test_<metric>` once evaluated. */
  scores: Record<string, number | null>;
  learners: { learner: string; weight: number; params: Params }[];
  seed: number;
  /** The raw input columns predict reads, with their types at training time. */
  schema: { name: string; type: ColumnType }[];
  runId: string | null;
  /** CSV/TSV cells the training data read as missing, when not the default list (load.ts): predict reads files the same way. */
  missingValues?: string[];
  /** Date and timestamp formats of the training file (load.ts LoadInfo.dates): predict reads dates the same way. */
  dates?: DateFormats;
  /**
   * True when a member was fit on part of the training rows only (the best trial's first-fold model,
   * kept because the final refit was stopped or failed): a later complete fit of equal score replaces it.
   */
  partialFit?: boolean;
}

export interface LoadedArtifact {
  dir: string;
  manifest: ArtifactManifest;
  model: TrainedModel;
}

let cachedVersion: string | null = null;
export function askmlVersion(): string {
  if (cachedVersion === null) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}

export interface SaveArtifactOptions {
  dir: string;
  model: TrainedModel;
  /** The training frame (or any frame with the training columns): column types for the schema. */
  columns: { name: string; type: ColumnType }[];
  seed: number;
  scores?: Record<string, number | null>;
  runId?: string | null;
  /** The training data's missing values, when given (not the default list). */
  missingValues?: readonly string[] | null;
  /** The training file's date formats, when it had date columns. */
  dates?: DateFormats | null;
}

export function saveArtifact(o: SaveArtifactOptions): ArtifactManifest {
  const m = o.model;
  const types = new Map(o.columns.map((c) => [c.name, c.type]));
  const manifest: ArtifactManifest = {
    kind: 'askml_artifact',
    artifactVersion: ARTIFACT_VERSION,
    askmlVersion: askmlVersion(),
    createdAt: new Date().toISOString(),
    task: m.task,
    target: m.target,
    labels: m.labels,
    metric: m.metric,
    scores: { validation: m.validationScore, ...o.scores },
    learners: m.groups().map((g) => ({ learner: g.learner, weight: g.weight, params: g.params })),
    seed: o.seed,
    schema: m.inputColumns.map((name) => ({ name, type: types.get(name) ?? 'categorical' })),
    runId: o.runId ?? m.runId,
    ...(o.missingValues ? { missingValues: [...o.missingValues] } : {}),
    ...(o.dates ? { dates: { ...o.dates } } : {}),
    ...(isPartialFit(m) ? { partialFit: true } : {}),
  };
  writeArtifactFiles(o.dir, { 'manifest.json': manifest, 'model.json': m.toJSON() });
  return manifest;
}

/** Is a member fit on part of the rows, neither refit on all of them nor one of a bag of fold models? */
export function isPartialFit(m: TrainedModel): boolean {
  return m.members.some((x) => !x.refit && x.fold === undefined);
}

/** Rewrite only the manifest (e.g. to add test scores), atomically. */
export function updateManifest(dir: string, change: (m: ArtifactManifest) => void): ArtifactManifest {
  const manifest = readManifest(dir);
  change(manifest);
  writeJsonAtomic(path.join(dir, 'manifest.json'), manifest);
  return manifest;
}

function writeArtifactFiles(dir: string, files: Record<string, unknown>): void {
  const abs = path.resolve(dir);
  mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.tmp-${randomBytes(4).toString('hex')}`;
  const old = `${abs}.old-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(tmp);
    for (const [name, value] of Object.entries(files)) {
      // The manifest is for people too; model.json can be large.
      writeFileSync(path.join(tmp, name), (name === 'manifest.json' ? JSON.stringify(value, null, 2) : JSON.stringify(value)) + '\n');
    }
    if (existsSync(abs)) renameSync(abs, old);
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(abs) && existsSync(old)) renameSync(old, abs);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
  // Leftovers of a write a killed process did not finish (the run lock keeps writers apart).
  const base = path.basename(abs);
  for (const f of readdirSync(path.dirname(abs))) {
    if (f.startsWith(`${base}.`) && /\.(tmp|old)-[0-9a-f]{8}$/.test(f) && f.length === base.length + 13) rmSync(path.join(path.dirname(abs), f), { recursive: true, force: true });
  }
}

export function readManifest(dir: string): ArtifactManifest {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) {
    const hint = 'Pass a run id (run_...) or the model/ folder of a run.';
    // Say what the path is, not only what it lacks (audit: a missing path and model.onnx read alike).
    if (!existsSync(dir)) throw new AskmlError('NOT_FOUND', `'${dir}' does not exist.`, { hint });
    if (!statSync(dir).isDirectory()) {
      throw new AskmlError('NOT_FOUND', `'${dir}' is a file, not a model folder.`, {
        hint: `Pass the folder that holds it (${path.dirname(dir)}) if that is a model folder, or a run id (run_...).`,
      });
    }
    throw new AskmlError('NOT_FOUND', `'${dir}' is not an askml model folder (manifest.json missing).`, { hint });
  }
  const m = readJsonFile<ArtifactManifest>(file, 'model manifest');
  if (m?.kind !== 'askml_artifact') throw new AskmlError('VERSION_MISMATCH', `'${file}' is not an askml model manifest.`);
  if (m.artifactVersion !== ARTIFACT_VERSION) {
    throw new AskmlError('VERSION_MISMATCH', `The model in '${dir}' has artifact version ${String(m.artifactVersion)}; this askml (${askmlVersion()}) reads version ${ARTIFACT_VERSION}.`, {
      hint: `Retrain the model with this askml version (it was made by askml ${String(m.askmlVersion)}).`,
    });
  }
  return m;
}

export function loadArtifact(dir: string): LoadedArtifact {
  const manifest = readManifest(dir);
  const file = path.join(dir, 'model.json');
  if (!existsSync(file)) throw new AskmlError('NOT_FOUND', `The model folder '${dir}' has no model.json.`);
  const model = TrainedModel.load(readJsonFile<SavedTrainedModel>(file, 'model file'), file);
  return { dir: path.resolve(dir), manifest, model };
}

/** Check that `frame` has every input column the model reads; extra columns are ignored. */
export function checkSchema(manifest: ArtifactManifest, frame: Frame): void {
  const expected = manifest.schema.map((c) => c.name);
  const missing = expected.filter((n) => !findColumn(frame, n));
  if (missing.length > 0) {
    // 'year_built\u200b' vs 'year_built': names that differ only by invisible characters or
    // look-alike spaces (on either side) print the same, so say which character it is.
    const have = columnNames(frame);
    const plain = (n: string): string => withoutHiddenChars(n).trim();
    const hidden = missing.flatMap((m) => {
      const match = have.find((h) => h !== m && plain(h) === plain(m));
      if (match === undefined) return [];
      const odd = (n: string): string | undefined => hiddenCharNote(n) ?? (n !== n.trim() ? 'a leading or trailing space' : undefined);
      const notes = [
        odd(m) && `the model's name contains ${odd(m)}`,
        odd(match) && `the data's name contains ${odd(match)}`,
      ].filter(Boolean);
      return [`The model's column '${m}' and the data's '${match}' differ only by invisible characters or spaces: ${notes.join('; ')}.`];
    });
    if (hidden.length > 0) hidden.push('Rename the data columns to the exact names the model reads (copy them from this message), or retrain on data with clean names.');
    // 'Age' for 'age': names are matched exactly, so say which ones differ only in case.
    const cased = missing.flatMap((m) => {
      if (hidden.some((h) => h.includes(`'${m}'`))) return [];
      const match = have.find((h) => h !== m && h.toLowerCase() === m.toLowerCase());
      return match === undefined ? [] : [`The data's '${match}' differs from the model's '${m}' only in case; column names must match exactly: rename it to '${m}'.`];
    });
    hidden.push(...cased);
    throw new AskmlError('SCHEMA_MISMATCH', `The data lacks column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} that the model needs.`, {
      choices: expected,
      missing,
      hint: [...hidden, `The model reads: ${expected.join(', ')}. The data has: ${have.join(', ')}.`].join(' '),
    });
  }
}

export type PredictFormat = 'csv' | 'jsonl';

export interface PredictFileOptions {
  modelDir: string;
  dataPath: string;
  outPath: string;
  /** Default: from outPath's extension (.jsonl / .json -> jsonl), else csv. */
  format?: PredictFormat;
  /**
   * Input columns copied into every output row, before the predictions (ids, to join the
   * predictions back). 'ids' (the default): the columns the training profile marked as
   * identifiers (role id, dropped from the features), those of them the data has. A list: exactly
   * these columns (each must be in the data). []: none.
   */
  keep?: readonly string[] | 'ids';
  signal?: AbortSignal;
}

export interface PredictionRow {
  label: string | null;
  value: number | null;
  probabilities: { class: string; p: number }[];
}

export interface PredictFileResult {
  outPath: string;
  format: PredictFormat;
  rows: number;
  /** Every output column: the kept input columns, then the predictions. */
  columns: string[];
  /** The input columns copied into each row (see PredictFileOptions.keep). */
  kept: string[];
  preview: PredictionRow[];
  /** Input the model reads differently from training (text in a numeric column, unknown categories). */
  warnings: string[];
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A probability in a CSV cell: 10 significant digits. */
function num(v: number): number | string {
  return Number.isFinite(v) ? Number(v.toPrecision(10)) : '';
}

/** The path with symlinks resolved as far as it exists (for comparing two paths). */
function realish(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

/** The names of a CSV header line as predictFile writes it (quoted when they hold , " or a newline). */
function csvHeader(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return out.concat(cell); // unterminated: as far as it goes
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += line[i++];
      }
      const end = line.indexOf(',', i);
      cell += end < 0 ? line.slice(i) : line.slice(i, end);
      i = end < 0 ? line.length : end;
    } else {
      const end = line.indexOf(',', i);
      cell = end < 0 ? line.slice(i) : line.slice(i, end);
      i = end < 0 ? line.length : end;
    }
    out.push(cell);
    if (i >= line.length) return out;
    i++; // the comma
  }
}

/**
 * This process's stdout or stderr for the names that mean it (`/dev/stdout`, `/dev/fd/1`,
 * `/proc/self/fd/1` ...). They are written through the process stream, not opened by name:
 * opening /dev/stdout fails (ENXIO) when stdout is a socket, as for a Node child process.
 */
export function stdStream(abs: string): NodeJS.WriteStream | null {
  const m = /^\/(?:dev\/(stdout|stderr|fd\/([12]))|proc\/self\/fd\/([12]))$/.exec(abs);
  if (!m) return null;
  return m[1] === 'stdout' || m[2] === '1' || m[3] === '1' ? process.stdout : process.stderr;
}

/**
 * Write all of `data` to a process stream; a closed reader (EPIPE) rejects with that error, a full
 * disk or another file-system error with a FILE_ACCESS error naming `shown`. A stream redirected to a
 * file or a device is written with a loop over writeSync: Node's own synchronous stream drops the rest
 * of a short write, so a full disk cut the output and still succeeded (audit).
 */
async function writeStream(stream: NodeJS.WriteStream, data: string, shown: string): Promise<void> {
  const fd = stream === process.stderr ? 2 : 1;
  let direct = false;
  try {
    const st = fstatSync(fd);
    direct = st.isFile() || (st.isCharacterDevice() && !stream.isTTY);
  } catch {
    direct = false;
  }
  if (direct) {
    const buf = Buffer.from(data, 'utf8');
    try {
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
    } catch (e) {
      throw fileAccessError(e, shown) ?? e;
    }
    return;
  }
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => {
      stream.off('error', onError);
      stream.on('error', () => {}); // later errors of a broken stream: already reported once
      reject(fileAccessError(e, shown) ?? e);
    };
    stream.on('error', onError);
    try {
      stream.write(data, (e) => {
        if (e) return onError(e);
        stream.off('error', onError);
        resolve();
      });
    } catch (e) {
      onError(e as Error);
    }
  });
}

/** The first line of a file (at most 64 KiB read). */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/, 1)[0];
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuse an output path that would destroy something: the input data file, a file of the model
 * folder, a folder, or an existing file that is not a predictions file ending in these
 * prediction columns (re-running a prediction may overwrite its own earlier output).
 */
export function checkPredictionsPath(o: { outPath: string; dataPath: string; modelDir: string; columns: string[]; format: PredictFormat; inputColumns?: readonly string[] }): void {
  const shown = o.outPath;
  // A link loop or a link to nothing: writing through it would replace a link or create folders.
  const loop = reachProblem(o.outPath);
  if (loop) throw loop;
  // A link to a new file in an existing folder is fine: the file is created there.
  const dangling = danglingLinkNote(o.outPath);
  const linkTarget = dangling ? path.resolve(path.dirname(path.resolve(o.outPath)), readlinkSync(o.outPath)) : null;
  if (linkTarget && !existsSync(path.dirname(linkTarget))) {
    throw new AskmlError('NOT_A_FILE', `The output path ${dangling}`, { path: path.resolve(o.outPath), hint: 'Give the file to write directly, or make the link point at an existing folder.' });
  }
  const out = realish(o.outPath);
  if (out === realish(o.dataPath)) {
    throw new AskmlError('BAD_ARGUMENT', `The output path '${shown}' is the input data file; writing predictions there would replace the data.`, {
      hint: 'Choose another output file, e.g. predictions.csv.',
    });
  }
  if (isInside(out, realish(o.modelDir))) {
    throw new AskmlError('BAD_ARGUMENT', `The output path '${shown}' is inside the model folder '${o.modelDir}'; predictions must not overwrite the model.`, {
      hint: 'Choose a file outside the model folder.',
    });
  }
  if (existsSync(out)) {
    const st = statSync(out);
    if (st.isDirectory()) {
      throw new AskmlError('NOT_A_FILE', `The output path '${shown}' is a folder; give a file path such as '${path.join(shown, 'predictions.csv')}'.`);
    }
    // A stream (/dev/stdout, a named pipe) or an empty file (mktemp) holds nothing to lose; and
    // stdout redirected into a file (`--out - >> log.csv`) is written where the shell sent it.
    if (!st.isFile() || st.size === 0 || stdStream(path.resolve(o.outPath))) return;
    const head = firstLine(out);
    // The prediction columns last; before them any kept input columns (ids), which may differ
    // from run to run (--keep), and once the data is read (inputColumns) must be columns of it.
    let names: string[] | null = null;
    if (o.format === 'csv') names = csvHeader(head);
    else {
      try {
        const obj = JSON.parse(head) as unknown;
        if (typeof obj === 'object' && obj !== null && !Array.isArray(obj)) names = Object.keys(obj);
      } catch {
        names = null;
      }
    }
    const k = o.columns.length;
    const ours = names !== null && names.length >= k
      && names.slice(names.length - k).join('\u0000') === o.columns.join('\u0000')
      && (o.inputColumns === undefined || names.slice(0, names.length - k).every((n) => o.inputColumns!.includes(n)));
    if (!ours) {
      const cols = o.columns.join(o.format === 'csv' ? ',' : ', ');
      throw new AskmlError('BAD_ARGUMENT', `The output file '${shown}' already exists and is not a predictions file of this model (its first line does not end in ${o.format === 'csv' ? `'${cols}'` : `a JSON object of ${cols}`}, after any kept input columns); it is left untouched.`, {
        hint: 'Choose a new file name, or delete the file first if it may be replaced.',
      });
    }
    return;
  }
  // A path under a file: writeFileAtomic says so (NOT_A_FILE) before anything is written.
}

/**
 * The columns the training profile marked as identifiers (role id: unique per row), read from the
 * fitted feature pipelines, which record every column they dropped and why ('id: unique per row').
 */
export function modelIdColumns(model: TrainedModel): string[] {
  const out: string[] = [];
  for (const p of Object.values(model.featurePipelines)) {
    for (const d of p?.dropped ?? []) if ((/^id(:|$)/.test(d.reason) || d.id) && !out.includes(d.column)) out.push(d.column);
  }
  return out;
}

/** Which input columns to copy into the output (see PredictFileOptions.keep). */
function keptColumns(keep: PredictFileOptions['keep'], model: TrainedModel, frame: Frame, predColumns: readonly string[]): Column[] {
  if (keep === undefined || keep === 'ids') {
    // Only ids the data has, and never one that would shadow a prediction column.
    return modelIdColumns(model).filter((n) => !predColumns.includes(n)).map((n) => findColumn(frame, n)).filter((c): c is Column => c !== undefined);
  }
  const names = [...new Set(keep)];
  const cols: Column[] = [];
  for (const name of names) {
    const col = findColumn(frame, name);
    if (!col) {
      const e = unknownName('COLUMN_NOT_FOUND', 'Column', name, columnNames(frame));
      throw new AskmlError('COLUMN_NOT_FOUND', `Column '${name}' to keep is not in the data.`, e.details);
    }
    if (predColumns.includes(name)) {
      throw new AskmlError('BAD_ARGUMENT', `Column '${name}' cannot be kept: the predictions have a column of that name.`, {
        hint: `The prediction columns are ${predColumns.join(', ')}; rename the input column to keep it.`,
      });
    }
    cols.push(col);
  }
  return cols;
}

/** A kept input cell for a JSON line: numbers as numbers, dates as ISO strings, missing as null. */
function jsonCell(col: Column, i: number): string | number | boolean | null {
  if (isMissing(col, i)) return null;
  if (col.type === 'numeric') return col.values[i];
  if (col.type === 'boolean') return col.values[i] === 1;
  return cellString(col, i);
}

/** Predict every row of a data file and write labels + class probabilities (or values). */
export async function predictFile(o: PredictFileOptions): Promise<PredictFileResult> {
  const { manifest, model } = loadArtifact(o.modelDir);
  const format: PredictFormat = o.format ?? (/\.jsonl?$/i.test(o.outPath) ? 'jsonl' : 'csv');
  const labels = model.labels ?? [];
  const predColumns = model.task === 'regression' ? ['prediction'] : ['label', ...labels.map((l) => `prob_${l}`)];
  checkPredictionsPath({ outPath: o.outPath, dataPath: o.dataPath, modelDir: o.modelDir, format, columns: predColumns });
  const { loadTable } = await import('../data/load.js');
  // Cells read as missing, and dates read, as the training data was read; columns the model
  // learned as categories or text stay text though this file's cells may all look like dates.
  const loaded = await loadTable(o.dataPath, { signal: o.signal, missingValues: manifest.missingValues, dates: manifest.dates, textColumns: textColumnsOf(manifest.schema) });
  checkSchema(manifest, loaded.frame);
  // Two columns of a name the model reads: the first is taken, maybe the wrong one (audit).
  const reads = new Set(manifest.schema.map((c) => c.name));
  const twice = (loaded.frame.notes ?? []).map((n) => n.repeats).find((r) => r !== undefined && reads.has(r.name));
  if (twice) {
    throw new AskmlError('SCHEMA_MISMATCH', `The file has more than one column named '${twice.name}' (columns ${twice.columns.join(' and ')}), a column the model reads: askml cannot tell which one holds its values.`, {
      column: twice.name,
      hint: 'Rename or remove the extra column, so the file has one column of each name the model reads.',
    });
  }
  // A true/false column reads the same whatever else the file holds (one 'unknown' cell made it text).
  const aligned = alignInputTypes(manifest, model, loaded.frame);
  const frame = aligned.frame;
  // Now that the data is known: an existing output must hold only its columns before the predictions.
  checkPredictionsPath({ outPath: o.outPath, dataPath: o.dataPath, modelDir: o.modelDir, format, columns: predColumns, inputColumns: columnNames(frame) });
  const kept = keptColumns(o.keep, model, frame, predColumns);
  const columns = [...kept.map((c) => c.name), ...predColumns];
  // Date cells the training format could not read (or a day-month order guessed), then what the model makes of the file.
  const dateNotes = (loaded.frame.notes ?? []).filter((n) => n.code === 'date_format').map((n) => n.message);
  const views = model.features(frame);
  const warnings = [...dateNotes, ...aligned.warnings, ...inputWarnings(manifest, model, frame), ...unknownTextWarnings(model, views, frame)];
  const pred = model.predictFeatures(views);
  const n = frame.nRows;
  const k = labels.length;
  const lines: string[] = [];
  if (format === 'csv') lines.push(columns.map(csvCell).join(','));
  const preview: PredictionRow[] = [];
  for (let i = 0; i < n; i++) {
    const csvKept = format === 'csv' ? kept.map((c) => csvCell(cellString(c, i))) : [];
    const obj: Record<string, unknown> = {};
    if (format === 'jsonl') for (const c of kept) obj[c.name] = jsonCell(c, i);
    if (model.task === 'regression') {
      const v = pred.values[i];
      // The value as JSON Lines writes it (shortest exact form): 10 significant digits cut large targets ('1576524097054.16' -> '1576524097000').
      if (format === 'csv') lines.push([...csvKept, Number.isFinite(v) ? String(v) : ''].join(','));
      else {
        obj.prediction = Number.isFinite(v) ? v : null;
        lines.push(JSON.stringify(obj));
      }
      if (i < 5) preview.push({ label: null, value: v, probabilities: [] });
      continue;
    }
    const label = pred.labels![i];
    const probs = Array.from({ length: k }, (_, c) => pred.proba![i * k + c]);
    if (format === 'csv') lines.push([...csvKept, csvCell(label), ...probs.map((p) => String(num(p)))].join(','));
    else {
      obj.label = label;
      labels.forEach((l, c) => (obj[`prob_${l}`] = probs[c]));
      lines.push(JSON.stringify(obj));
    }
    if (i < 5) preview.push({ label, value: null, probabilities: labels.map((l, c) => ({ class: l, p: probs[c] })) });
  }
  const abs = path.resolve(o.outPath);
  const std = stdStream(abs);
  if (std) await writeStream(std, lines.join('\n') + '\n', abs);
  else writeFileAtomic(abs, lines.join('\n') + '\n');
  return { outPath: abs, format, rows: n, columns, kept: kept.map((c) => c.name), preview, warnings };
}
