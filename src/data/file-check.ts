/**
 * Everything we check about a data file before DuckDB sees it: that it exists and is a non-empty
 * file, that it is not binary, which format it holds, and which encoding. Non-UTF-8 text that
 * decodes as GB18030 (GBK) is transcoded into a temporary UTF-8 copy that `cleanup()` removes.
 * A gzip file is decompressed into a temporary copy first, so a truncated or damaged archive is
 * an error (DuckDB reads such a file up to the damage and returns the rows it got) and its text
 * gets the same checks as an uncompressed file.
 */
import { open, stat, readdir, mkdtemp, writeFile, rm, readFile, symlink } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AskmlError, closest } from '../errors.js';
import { danglingLinkNote, hiddenCharPathHint, statProblem, windowsPathHint } from './path-hints.js';

export type FileFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet';
export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'binary';

export interface FileFacts {
  path: string;
  /** What DuckDB should read: `path` or a temporary UTF-8 copy. */
  readPath: string;
  bytes: number;
  format: FileFormat;
  encoding: FileEncoding;
  /** Removes the temporary copy, if any. Always call it (in a finally). */
  cleanup(): Promise<void>;
}

const HEAD_BYTES = 64 * 1024;
const CHUNK = 8 * 1024 * 1024;
const DATA_EXT = /\.(csv|tsv|txt|tab|dat|data|json|jsonl|ndjson|parquet|pq)(\.gz)?$/i;

/**
 * File extensions askml reads (each optionally followed by .gz, except Parquet). A file with no
 * extension is sniffed; any other extension is refused rather than read as CSV, so an .xml or
 * .html file (or a CSV mis-named .xlsx) gets a clear message instead of a one-column table.
 * .dat/.data are read as CSV: that is what UCI-style data files are.
 */
export const SUPPORTED_EXTENSIONS = ['.csv', '.tsv', '.txt', '.tab', '.dat', '.data', '.json', '.jsonl', '.ndjson', '.parquet', '.pq'] as const;

export interface InspectOptions {
  /** The caller names the format: skip the extension check. */
  format?: FileFormat;
}

/** Characters DuckDB's readers take as a glob pattern ('data*.csv' would read several files). */
const GLOB_CHARS = /[*?[\]{}]/;

export async function inspectFile(file: string, opts: InspectOptions = {}): Promise<FileFacts> {
  const facts = await inspectOne(file, opts);
  if (facts.readPath !== facts.path || !GLOB_CHARS.test(facts.readPath)) return facts;
  // A file literally named 'data[1].csv' or 'a*b.csv': DuckDB gets a link with a plain name.
  const dir = await mkdtemp(path.join(tmpdir(), 'askml-load-'));
  const link = path.join(dir, `data${/\.gz$/i.test(facts.path) ? `.${facts.format}.gz` : `.${facts.format === 'tsv' ? 'tsv' : facts.format}`}`);
  try {
    await symlink(facts.path, link);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { ...facts, readPath: link, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function inspectOne(file: string, opts: InspectOptions): Promise<FileFacts> {
  const abs = path.resolve(file);
  let statError: unknown = null;
  const st = await stat(abs).catch((e: unknown) => {
    statError = e;
    return null;
  });
  if (!st) throw statProblem(file, statError) ?? (await notFound(abs, file));
  if (!st.isFile()) {
    const inside = st.isDirectory() ? (await readdir(abs).catch(() => [])).filter((f) => DATA_EXT.test(f)) : [];
    throw new AskmlError('NOT_A_FILE', `'${file}' is a ${st.isDirectory() ? 'directory' : 'special file'}, not a data file.`, {
      path: abs,
      choices: inside.slice(0, 20).map((f) => path.join(file, f)),
      hint: 'Pass one CSV, TSV, JSON, JSONL or Parquet file.',
    });
  }
  if (st.size === 0) throw new AskmlError('EMPTY_FILE', `'${file}' is empty (0 bytes).`, { path: abs });

  const head = await readHead(abs, HEAD_BYTES).catch((e: unknown) => {
    if ((e as { code?: string }).code !== 'EACCES') throw e;
    throw new AskmlError('FILE_NOT_FOUND', `'${file}' cannot be read: permission denied (EACCES).`, {
      path: abs,
      hint: `Make it readable (e.g. \`chmod u+r ${JSON.stringify(file)}\`), or copy it somewhere you can read.`,
    });
  });
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const magic = head.subarray(0, 4).toString('latin1');
  const base = { path: abs, readPath: abs, bytes: st.size, cleanup: async () => {} };
  if (magic === 'PAR1') return { ...base, format: 'parquet', encoding: 'binary' };
  if (gz) {
    const fmt = opts.format ?? formatFromName(abs.replace(/\.gz$/i, ''));
    if (!fmt || fmt === 'parquet') throw binary(file, 'a gzip archive of unknown content');
    const dir = await mkdtemp(path.join(tmpdir(), 'askml-load-'));
    const plain = path.join(dir, `data.${fmt}`);
    try {
      await gunzipTo(file, abs, plain);
      const size = (await stat(plain)).size;
      if (size === 0) throw new AskmlError('EMPTY_FILE', `'${file}' is empty (a gzip archive of 0 bytes).`, { path: abs });
      const facts = await inspectText(file, abs, plain, size, fmt);
      return {
        ...facts,
        bytes: st.size,
        cleanup: async () => {
          await facts.cleanup();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  }
  // Named '.gz' without gzip's magic bytes (audit: "askml does not read '.gz' files", which it does).
  if (/\.gz$/i.test(abs) && !opts.format) {
    throw new AskmlError('PARSE_ERROR', `'${file}' is named .gz but is not a gzip archive (it does not start with gzip's bytes 1f 8b).`, {
      path: abs,
      hint: `If it is plain text, rename it without '.gz'; else compress it again (e.g. \`gzip -c data.csv > data.csv.gz\`).`,
    });
  }
  checkText(file, abs, head);
  return inspectText(file, abs, abs, st.size, opts.format);
}

/**
 * The checks of a text file: `readAbs` holds the bytes (the file itself, or its decompressed
 * copy); messages name `file`.
 */
async function inspectText(file: string, abs: string, readAbs: string, size: number, givenFormat: FileFormat | undefined): Promise<FileFacts> {
  const head = await readHead(readAbs, HEAD_BYTES);
  const base = { path: abs, readPath: readAbs, bytes: size, cleanup: async () => {} };
  checkText(file, abs, head);

  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const body = head.subarray(bom ? 3 : 0);
  if (body.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) && size <= HEAD_BYTES) {
    throw new AskmlError('EMPTY_FILE', `'${file}' contains only whitespace.`, { path: abs });
  }
  const markup = markupKind(body);
  if (markup) throw unsupported(file, path.extname(abs), `it looks like ${markup}, not a table`);
  if (!givenFormat) checkExtension(file, abs);
  const format = givenFormat ?? formatFromName(abs) ?? formatFromContent(body);
  const utf8 = await isUtf8File(readAbs);
  if (utf8) {
    // DuckDB's CSV reader skips a BOM; its JSON reader does not.
    if (bom && (format === 'json' || format === 'jsonl')) {
      const text = (await readFile(readAbs)).subarray(3);
      return withTempCopy(base, format, 'utf-8-bom', text);
    }
    // CRLF and LF lines in one file: DuckDB's sniffer takes one of them and reads the other as
    // part of a line ("line too long"). A copy with LF endings reads as the user meant.
    if ((format === 'csv' || format === 'tsv') && mixedLineEndings(body)) {
      const text = (await readFile(readAbs)).toString('utf8').replace(/\r\n/g, '\n');
      return withTempCopy(base, format, bom ? 'utf-8-bom' : 'utf-8', Buffer.from(text, 'utf8'));
    }
    return { ...base, format, encoding: bom ? 'utf-8-bom' : 'utf-8' };
  }
  const bytes = await readFile(readAbs);
  const text = decodeGb18030(bytes);
  if (text === null) {
    const at = firstBadUtf8(bytes);
    throw new AskmlError('ENCODING', `'${file}' is neither UTF-8 nor GB18030/GBK text (first bad byte at line ${at.line}, byte offset ${at.offset}).`, {
      path: abs,
      line: at.line,
      hint: readAbs === abs
        ? 'Convert it to UTF-8 first, e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`.'
        : 'Convert it to UTF-8 first, e.g. `zcat in.csv.gz | iconv -f latin1 -t utf-8 > out.csv`.',
    });
  }
  return withTempCopy(base, format, 'gb18030', Buffer.from(text, 'utf8'));
}

/** Both CRLF and bare LF line ends in the first bytes of a file. */
function mixedLineEndings(head: Uint8Array): boolean {
  let crlf = false;
  let lf = false;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0x0a) continue;
    if (i > 0 && head[i - 1] === 0x0d) crlf = true;
    else lf = true;
    if (crlf && lf) return true;
  }
  return false;
}

/** Decompress a gzip file; a truncated or damaged archive is a PARSE_ERROR naming the file. */
async function gunzipTo(file: string, abs: string, out: string): Promise<void> {
  try {
    await pipeline(createReadStream(abs), createGunzip(), createWriteStream(out));
  } catch (e) {
    const bytes = (await stat(out).catch(() => null))?.size ?? 0;
    const why = (e as { code?: string }).code === 'Z_BUF_ERROR' ? 'it ends early (truncated)' : `it is damaged (${(e as Error).message})`;
    throw new AskmlError('PARSE_ERROR', `'${file}' is not a complete gzip archive: ${why}, after ${bytes.toLocaleString('en-US')} bytes of text.`, {
      path: abs,
      hint: 'Download or copy the file again, or decompress it with `gunzip -t` to see the damage.',
    });
  }
}

async function withTempCopy(
  base: Omit<FileFacts, 'format' | 'encoding'>,
  format: FileFormat,
  encoding: FileEncoding,
  utf8: Uint8Array,
): Promise<FileFacts> {
  const dir = await mkdtemp(path.join(tmpdir(), 'askml-load-'));
  const copy = path.join(dir, `data.${format === 'tsv' ? 'tsv' : format}`);
  try {
    await writeFile(copy, utf8);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { ...base, readPath: copy, format, encoding, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Files with a data extension that are project or tool configuration, never a table to learn from:
 * dotfiles (.eslintrc.json, .prettierrc.json), package.json / package-lock.json, tsconfig*.json,
 * info / config / settings JSON (container_info.json, dataset_info.json, config.json: a missing
 * '/x.csv' must not offer '/container_info.json'), askml's own split files and model manifests,
 * license and requirements text files ...
 */
const NOT_DATA = /^(?:\..*|package(?:-lock)?\.json|npm-shrinkwrap\.json|(?:ts|js)config(?:\..*)?\.json|composer\.(?:json|lock)|bower\.json|lerna\.json|nx\.json|angular\.json|vercel\.json|deno\.jsonc?|turbo\.json|biome\.json|renovate\.json|tslint\.json|babel\.config\.json|firebase\.json|manifest\.json|(?:.*[-_])?(?:info|config|settings)\.json|.*\.split\.json|(?:requirements|constraints)(?:[-_.].*)?\.txt|(?:license|licence|readme|changelog|changes|notice|authors|copying|cmakelists|robots)(?:[-_.].*)?\.txt)$/i;

/** A file in a folder listing that could be a data file askml reads (for "did you mean" lists). */
export function isDataFileName(name: string): boolean {
  return DATA_EXT.test(name) && !NOT_DATA.test(name);
}

/**
 * FILE_NOT_FOUND with the data files next to it and the likeliest reason: a typo, a dangling
 * symbolic link, a Windows path (the listed files would be of the wrong folder), or an invisible
 * character pasted into the name.
 */
async function notFound(abs: string, file: string = abs): Promise<AskmlError> {
  const dir = path.dirname(abs);
  // Over MCP `file` is already resolved against a root: the Windows path is then the last part.
  const windows = windowsPathHint(file) ?? windowsPathHint(path.basename(abs), { cwd: dir, absolute: true });
  const siblings = windows ? [] : (await readdir(dir).catch(() => [] as string[])).filter((f) => isDataFileName(f) && f !== path.basename(abs));
  const near = closest(path.basename(abs), siblings);
  const hint = [danglingLinkNote(abs), windows ?? hiddenCharPathHint(file) ?? (near ? `Did you mean '${path.join(dir, near)}'?` : undefined)];
  return new AskmlError('FILE_NOT_FOUND', `File '${abs}' does not exist.`, {
    path: abs,
    choices: siblings.slice(0, 20),
    hint: hint.filter(Boolean).join(' ') || undefined,
  });
}

/** Refuse an extension askml does not read (a file without one is sniffed instead). */
function checkExtension(file: string, abs: string): void {
  const ext = path.extname(abs).toLowerCase();
  if (ext === '' || formatFromName(abs) !== null) return;
  const what =
    ext === '.xlsx' || ext === '.xls' || ext === '.xlsm' || ext === '.ods'
      ? 'spreadsheet workbooks are not read'
      : `askml does not read '${ext}' files`;
  throw unsupported(file, ext, what);
}

function unsupported(file: string, ext: string, why: string): AskmlError {
  return new AskmlError('UNSUPPORTED_FORMAT', `'${file}' cannot be loaded: ${why}.`, {
    path: path.resolve(file),
    value: ext,
    choices: [...SUPPORTED_EXTENSIONS],
    hint: 'Export the data as CSV (UTF-8), JSON Lines or Parquet; a plain-text table that is already CSV can simply be renamed to .csv.',
  });
}

/** 'XML' or 'an HTML page' when the text starts like markup; null otherwise. */
export function markupKind(head: Uint8Array): string | null {
  const start = Buffer.from(head.subarray(0, 512)).toString('utf8').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'an HTML page';
  if (start.startsWith('<?xml') || /^<[a-z_][\w.-]*[\s>/]/.test(start)) return 'XML';
  return null;
}

/** Refuse UTF-16 text and binary files, judged by their first bytes. */
function checkText(file: string, abs: string, head: Uint8Array): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new AskmlError('ENCODING', `'${file}' is UTF-16 text; askml reads UTF-8 and GB18030/GBK.`, {
      path: abs,
      hint: 'Save the file as UTF-8 (e.g. "CSV UTF-8" in Excel, or `iconv -f UTF-16 -t UTF-8`).',
    });
  }
  const kind = binaryKind(head);
  if (kind) throw binary(file, kind);
}

function binary(file: string, kind: string): AskmlError {
  return new AskmlError('BINARY_FILE', `'${file}' looks like ${kind}, not a CSV, JSON or Parquet table.`, {
    hint: 'Export the data as CSV (UTF-8) or Parquet and try again.',
  });
}

async function readHead(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A description of a binary file's kind, or null for text. */
export function binaryKind(head: Uint8Array): string | null {
  const sig = Buffer.from(head.subarray(0, 8)).toString('latin1');
  if (sig.startsWith('PK\u0003\u0004')) return 'a zip archive (an .xlsx workbook?)';
  if (sig.startsWith('\u00d0\u00cf\u0011\u00e0')) return 'an old Office document (.xls?)';
  if (sig.startsWith('%PDF')) return 'a PDF document';
  if (sig.startsWith('\u0089PNG') || sig.startsWith('\u00ff\u00d8\u00ff') || sig.startsWith('GIF8')) return 'an image';
  if (sig.startsWith('SQLite f')) return 'an SQLite database';
  if (sig.startsWith('\u007fELF')) return 'an executable';
  if (head.indexOf(0) >= 0) return 'a binary file (it contains NUL bytes)';
  return null;
}

export function formatFromName(file: string): FileFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt' || ext === '.dat' || ext === '.data') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  return null;
}

function formatFromContent(head: Uint8Array): FileFormat {
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x5b) return 'json'; // [
  if (head[i] === 0x7b) return 'jsonl'; // {
  return 'csv';
}

/** Whole-file UTF-8 validation in chunks (a sequence split across chunks is carried over). */
async function isUtf8File(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK + 4);
    let carry = 0;
    let pos = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, carry, CHUNK, pos);
      pos += bytesRead;
      const end = carry + bytesRead;
      if (bytesRead === 0) return carry === 0 || isUtf8(buf.subarray(0, carry));
      // Back up to the start of the last (possibly incomplete) sequence.
      let cut = end;
      for (let k = end - 1; k >= Math.max(0, end - 4); k--) {
        const b = buf[k];
        if ((b & 0xc0) !== 0x80) {
          cut = b < 0x80 ? end : k;
          break;
        }
      }
      if (!isUtf8(buf.subarray(0, cut))) return false;
      carry = end - cut;
      buf.copy(buf, 0, cut, end);
    }
  } finally {
    await fh.close();
  }
}

/** An ASCII letter's code (A-Z, a-z); undefined (past the end) is none. */
function letter(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
}

/**
 * GB18030 text, or null when the bytes are not GB18030 or decode to something that is clearly not
 * Chinese (e.g. Latin-1 accents that happen to form valid GBK pairs).
 */
export function decodeGb18030(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  let nonAscii = 0;
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    nonAscii++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) cjk++;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (latinGbkShare(bytes) > 0.25) return null;
  return nonAscii === 0 || cjk / nonAscii >= 0.6 ? text : null;
}

/**
 * The share of two-byte GB18030 sequences that are Latin-1 / CP1252 letters read as GBK: an accented
 * letter and the ASCII letter after it form a valid pair ('Süd' -> 'S黡', 'Genève' -> 'Gen鑦e',
 * 'Straße' -> 'Stra遝'; audit: French and German names passed as Chinese). Counted: a pair whose
 * second byte is below 0xA1 (GBK's rare-character extension; everyday Chinese is GB2312, both bytes
 * 0xA1 or above) with an ASCII letter beside it, and any pair between two ASCII letters. Traditional
 * characters in the extension sit among other Chinese characters, not beside Latin letters.
 */
function latinGbkShare(bytes: Uint8Array): number {
  let total = 0;
  let latin = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x81 || b === 0xff || i + 1 >= bytes.length) continue;
    const t = bytes[i + 1];
    if (t >= 0x30 && t <= 0x39) {
      i += 3; // a four-byte sequence
      continue;
    }
    total++;
    const before = letter(bytes[i - 1]);
    const after = letter(bytes[i + 2]);
    if ((t < 0xa1 && (before || after)) || (before && after)) latin++;
    i++;
  }
  return total > 0 ? latin / total : 0;
}

function firstBadUtf8(bytes: Uint8Array): { offset: number; line: number } {
  let line = 1;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return { offset: i, line };
    for (let k = 1; k < len; k++) if (i + k >= n || (bytes[i + k] & 0xc0) !== 0x80) return { offset: i, line };
    i += len;
  }
  return { offset: n, line };
}
