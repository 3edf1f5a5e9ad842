/**
 * Path checks the CLI makes before any work starts, so a wrong path is a typed error naming the
 * flag and the path (exit 2), not an EISDIR / ENOTDIR crash after minutes of work.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AskmlError } from '../errors.js';
import { danglingLinkNote, hiddenCharPathHint, looksLikeWindowsPath, reachProblem, systemName, windowsPathAdvice, windowsPathHint } from '../data/path-hints.js';
import { defaultWorkspaceDir } from '../task/store.js';

export { checkTestNotData } from '../data/test-file.js';

/**
 * A path askml would create (a workspace, an output file) that is plainly a Windows path:
 * 'C:\runs' would become a folder of that name in the current folder, so it is refused.
 */
function refuseWindowsPath(flag: string, raw: string): void {
  if (!looksLikeWindowsPath(raw, { strict: true })) return;
  throw new AskmlError('BAD_ARGUMENT', `${flag} '${raw}' looks like a Windows path, but askml runs on ${systemName()} here.`, {
    hint: windowsPathAdvice(raw, { output: true }),
    path: raw,
  });
}

/** A symbolic link loop at `raw` (or above it) as a typed error; nothing when the path is fine or just missing. */
function checkLinkLoop(raw: string): void {
  const problem = reachProblem(raw);
  if (problem) throw problem;
}

/** The hints for a path that does not exist: a dangling link, a Windows path, an invisible character. */
function missingHint(raw: string): string | undefined {
  const abs = path.resolve(raw);
  return [danglingLinkNote(abs), windowsPathHint(raw) ?? hiddenCharPathHint(raw)].filter(Boolean).join(' ') || undefined;
}

/** The nearest existing folder or file at or above `p` (the path itself when it exists). */
function nearestExisting(p: string): string {
  let cur = path.resolve(p);
  while (!existsSync(cur)) {
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return cur;
}

/**
 * The workspace folder from --workspace, else $ASKML_WORKSPACE, else .askml. It may not exist yet
 * (it is created on first use) unless `mustExist`; but neither it nor a folder above it may be a file.
 */
export function checkWorkspace(raw: string | undefined, o: { mustExist?: boolean } = {}): string {
  const source = raw !== undefined ? '--workspace' : process.env.ASKML_WORKSPACE !== undefined ? 'ASKML_WORKSPACE' : 'The default workspace';
  if (raw !== undefined && raw.trim() === '') throw new AskmlError('BAD_ARGUMENT', '--workspace needs a folder path, got an empty value.');
  if (raw !== undefined) refuseWindowsPath('--workspace', raw);
  const dir = raw !== undefined ? path.resolve(raw) : defaultWorkspaceDir();
  const shown = raw ?? dir;
  checkLinkLoop(shown);
  const found = nearestExisting(dir);
  if (!statSync(found).isDirectory()) {
    const where = found === dir ? `'${shown}' is a file` : `'${found}' (above '${shown}') is a file`;
    throw new AskmlError('NOT_A_DIRECTORY', `${source} ${where}, not a folder.`, {
      hint: 'Give the workspace folder (where askml keeps runs, models and tasks), e.g. --workspace .askml.',
      path: dir,
    });
  }
  if (o.mustExist && found !== dir) {
    throw new AskmlError('NOT_FOUND', `${source} '${shown}' does not exist.`, {
      hint: missingHint(shown) ?? 'Check the path; askml creates a workspace on the first run or search in it.',
      path: dir,
    });
  }
  return dir;
}

/** An output file path (`--out`): not a folder, and no file where a parent folder must go. */
export function checkOutFile(flag: string, raw: string): string {
  refuseWindowsPath(flag, raw);
  const abs = path.resolve(raw);
  checkLinkLoop(raw);
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    throw new AskmlError('NOT_A_FILE', `${flag} '${raw}' is a folder; give a file path.`, {
      hint: `For example ${flag} ${path.join(raw, 'results.json')}.`,
      path: abs,
    });
  }
  const found = nearestExisting(path.dirname(abs));
  if (!statSync(found).isDirectory()) {
    throw new AskmlError('NOT_A_DIRECTORY', `${flag} '${raw}' cannot be written: '${found}' is a file, not a folder.`, { path: abs });
  }
  return abs;
}

/** An input file that must exist and be a file (not a folder). */
export function checkInputFile(what: string, raw: string): string {
  const abs = path.resolve(raw);
  checkLinkLoop(raw);
  if (!existsSync(abs)) throw new AskmlError('FILE_NOT_FOUND', `${what} '${raw}' does not exist.`, { path: abs, hint: missingHint(raw) });
  if (!statSync(abs).isFile()) {
    throw new AskmlError('NOT_A_FILE', `${what} '${raw}' is a folder, not a file.`, { path: abs });
  }
  return abs;
}
