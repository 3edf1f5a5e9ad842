/**
 * Why a path the user typed cannot work, beyond "it does not exist": a Windows path given to askml
 * on Linux or macOS, a name holding an invisible character pasted from a web page, a symbolic
 * link loop or a link to nothing. Used by the data loader's file check and the CLI's path flags.
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { AskmlError, hiddenCharHint, hiddenCharNote, withoutHiddenChars } from '../errors.js';

/**
 * 'C:\data\x.csv', 'C:/data/x.csv', '\\server\share\x.csv', '.\data\x.csv', and (unless `strict`)
 * any path with backslashes and no forward slash ('data\train.csv'). False on Windows itself.
 */
export function looksLikeWindowsPath(raw: string, o: { strict?: boolean; platform?: NodeJS.Platform } = {}): boolean {
  if ((o.platform ?? process.platform) === 'win32') return false;
  if (/^[a-zA-Z]:[\\/]/.test(raw) || /^\\\\[^\\]/.test(raw) || /^\.{1,2}\\/.test(raw)) return true;
  return !o.strict && raw.includes('\\') && !raw.includes('/');
}

/** "Linux" / "macOS": the system askml runs on, for messages. */
export function systemName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'darwin' ? 'macOS' : platform === 'linux' ? 'Linux' : platform;
}

/**
 * What to give instead of a Windows path: a path on this machine in forward slashes, the same
 * path when that file exists here (a relative path, or C:\... under WSL's /mnt/c). `output`: a
 * path askml will write, so there is nothing to copy over. `absolute`: suggest the file's absolute
 * path (`raw` is relative to `cwd`, not to the user's folder).
 */
export function windowsPathAdvice(raw: string, o: { cwd?: string; output?: boolean; absolute?: boolean } = {}): string {
  const slashed = raw.replace(/\\/g, '/');
  const drive = /^([a-zA-Z]):\//.exec(slashed);
  const candidate = drive ? `/mnt/${drive[1].toLowerCase()}${slashed.slice(2)}` : /^\/\//.test(slashed) ? null : slashed;
  const resolved = candidate === null ? null : path.resolve(o.cwd ?? process.cwd(), candidate);
  if (resolved !== null && existsSync(resolved)) return `Did you mean '${o.absolute ? resolved : candidate}'?`;
  const example = drive || candidate === null ? slashed.replace(/^([a-zA-Z]:)?\/+/, '') : candidate;
  const copy = o.output ? '' : '; copy the file here first if it is only on the Windows computer';
  return `Give a path on this machine, with forward slashes (such as '${example}')${copy}.`;
}

/** "'C:\x.csv' looks like a Windows path, but askml runs on Linux here. Give a path ...", or undefined. */
export function windowsPathHint(raw: string, o: { platform?: NodeJS.Platform; cwd?: string; absolute?: boolean } = {}): string | undefined {
  if (!looksLikeWindowsPath(raw, o)) return undefined;
  return `'${raw}' looks like a Windows path, but askml runs on ${systemName(o.platform)} here. ${windowsPathAdvice(raw, o)}`;
}

/**
 * Did-you-mean for a path that does not exist but would with its invisible characters removed, or
 * whose folder holds a file whose name differs from it only by such characters (either side may
 * hold them). Positions count characters of the name given (the file name, or the whole path when
 * the characters sit in a folder name).
 */
export function hiddenCharPathHint(raw: string): string | undefined {
  const abs = path.resolve(raw);
  const cleaned = path.resolve(withoutHiddenChars(raw));
  if (cleaned !== abs && existsSync(cleaned)) {
    const base = path.basename(raw);
    const where = hiddenCharNote(base) ? base : raw;
    return `Did you mean '${cleaned}'? The ${where === base ? 'file name' : 'path'} you gave contains ${hiddenCharNote(where)}, typically left by text copied from a web page.`;
  }
  const dir = existsSync(path.dirname(abs)) ? path.dirname(abs) : path.dirname(cleaned);
  let siblings: string[];
  try {
    siblings = readdirSync(dir);
  } catch {
    return undefined;
  }
  return hiddenCharHint(path.basename(abs), siblings, 'file name', { show: (name) => path.join(dir, name) });
}

/** The stat error of a path that is there but cannot be reached (a link loop, no permission) as an AskmlError, or null. */
export function statProblem(raw: string, err: unknown): AskmlError | null {
  const code = (err as { code?: string } | null)?.code;
  const abs = path.resolve(raw);
  if (code === 'ELOOP') {
    let link = false;
    try {
      link = lstatSync(abs).isSymbolicLink();
    } catch {
      // a folder above it is the loop
    }
    const what = link ? 'is a symbolic link loop' : 'goes through a symbolic link loop';
    return new AskmlError('NOT_A_FILE', `'${raw}' ${what} (ELOOP): its links lead back to themselves, never to a file.`, {
      path: abs,
      hint: `See where it points with \`ls -l ${JSON.stringify(raw)}\` (or \`readlink -f\`) and link it to the real data file, or pass that file's path.`,
    });
  }
  if (code === 'EACCES') {
    return new AskmlError('FILE_NOT_FOUND', `'${raw}' cannot be reached: permission denied (EACCES) on a folder of its path.`, {
      path: abs,
      hint: 'Check the permissions of the folders above it, or copy the file somewhere you can read.',
    });
  }
  return null;
}

/** statProblem for `raw` itself: a link loop (or an unreachable folder) as an AskmlError; null when `raw` exists or is just missing. */
export function reachProblem(raw: string): AskmlError | null {
  try {
    statSync(raw);
    return null;
  } catch (e) {
    return statProblem(raw, e);
  }
}

/** For a path that does not exist: "it is a symbolic link to 'x', which does not exist", or undefined. */
export function danglingLinkNote(raw: string): string | undefined {
  try {
    if (!lstatSync(raw).isSymbolicLink()) return undefined;
    return `'${raw}' is a symbolic link to '${readlinkSync(raw)}', which does not exist.`;
  } catch {
    return undefined;
  }
}
