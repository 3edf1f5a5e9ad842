/**
 * File helpers that never leave a half-written artifact: write to a temporary sibling, then
 * rename over the target (atomic on one filesystem).
 */
import { lstatSync, mkdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, basename, isAbsolute, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AskmlError, fileAccessError } from '../errors.js';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.isDirectory()) throw new AskmlError('NOT_A_FILE', `'${path}' is a folder; a file path is needed to write to.`, { path });
    // /dev/stdout, a named pipe: a stream, written in place (a rename would replace it by a file).
    if (!st.isFile()) {
      writeFileSync(path, data);
      return;
    }
    // A symlink: replace the file it points to, not the link.
    path = realpathSync(path);
  } else if (isLink(path)) {
    path = resolve(dirname(path), readlinkSync(path)); // a link to a file not written yet
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new AskmlError('NOT_A_FILE', `Cannot write '${path}': a part of its folder path is a file, not a folder.`, { path });
    }
    throw fileAccessError(e) ?? e;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    // Its folder exists (made above), yet the file cannot be made: a special folder such as /proc.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AskmlError('FILE_ACCESS', `askml cannot write '${path}': files cannot be created in '${dirname(path)}'.`, { hint: 'Choose a path in an ordinary folder.', path });
    }
    throw fileAccessError(e, path) ?? e;
  }
}

/** Is `child` the folder `parent` or inside it (both absolute)? */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false; // missing, or a part of the path is a file (reported by mkdir below)
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * JSON.parse's complaint without the copy of the text Node 20 puts in it (`Unexpected token 'a',
 * "abc<newline>def" is not valid JSON`): the file's own text, line breaks and all, in an error line.
 */
export function jsonErrorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/\s+/g, ' ').trim();
}

/** A JSON file's value; a damaged file is a PARSE_ERROR naming it (never a raw SyntaxError). */
export function readJsonFile<T>(path: string, what = 'file'): T {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new AskmlError('PARSE_ERROR', `The ${what} '${path}' is damaged: it is not valid JSON (${jsonErrorText(e)}).`, {
      hint: 'It was probably cut short or edited by hand; restore it, or redo the step that wrote it.',
      path,
    });
  }
}

/** readJsonFile, or undefined when the file does not exist. */
export function readJson<T>(path: string, what?: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return readJsonFile<T>(path, what);
}
