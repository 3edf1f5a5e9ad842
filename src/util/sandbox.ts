/**
 * File access sandbox for the MCP server (and the LLM planner's tool calls, src/task/llm-run.ts): every data path a tool reads or writes goes through
 * `resolvePath`, which accepts only paths inside the allowed roots. Roots and paths are compared
 * after realpath, so `..` segments and symlinks that lead out of a root are refused; a path that
 * does not exist yet (an output file) is checked through its nearest existing parent folder.
 *
 * Allowed roots: the `--allow DIR` folders plus the client's roots (MCP roots/list) when it sends
 * them; with neither, the working folder (unless that is the filesystem root: then nothing). The
 * workspace folder (askml's own records and models) is always allowed. Relative paths resolve
 * against the first root that holds them, else the first root (a new output file).
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AskmlError } from '../errors.js';
import { isInside } from './fs.js';

export { isInside };

export interface SandboxOptions {
  /** Folders from `--allow DIR` (may be empty). */
  allow: readonly string[];
  /** The server's working folder: the root when nothing else is given. */
  cwd: string;
  /** askml's workspace folder, always readable and writable. */
  workspaceDir: string;
}

export interface Sandbox {
  resolvePath(p: string): string;
  /** The folders user paths may be in (not counting the workspace), realpath'ed. */
  roots(): string[];
  /** Replace the client roots (file:// URIs or absolute paths; others are ignored); none: back to the defaults. */
  setClientRoots(uris: readonly string[]): void;
}

/** realpath of `p`, or of its nearest existing ancestor joined with the missing rest. */
export function realpathNearest(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    if (existsSync(cur)) {
      try {
        return path.join(realpathSync(cur), ...rest.reverse());
      } catch {
        // unreadable: fall through to its parent
      }
    }
    const parent = path.dirname(cur);
    if (parent === cur) return abs;
    rest.push(path.basename(cur));
    cur = parent;
  }
}

function toPath(uriOrPath: string): string {
  return uriOrPath.startsWith('file:') ? fileURLToPath(uriOrPath) : uriOrPath;
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

export function createSandbox(o: SandboxOptions): Sandbox {
  const allow = o.allow.map((d) => realpathNearest(path.resolve(o.cwd, d)));
  const workspace = realpathNearest(path.resolve(o.cwd, o.workspaceDir));
  let client: string[] = [];
  const cwd = realpathNearest(o.cwd);
  // A server started in the filesystem root (some desktop apps do that) gets no default root:
  // allowing the whole disk is never what the user meant.
  const fallback = path.dirname(cwd) === cwd ? [] : [cwd];
  const roots = (): string[] => {
    const r = uniq([...allow, ...client]);
    return r.length > 0 ? r : fallback;
  };
  return {
    roots,
    setClientRoots(uris) {
      client = uris.flatMap((u) => {
        try {
          const p = toPath(u);
          return path.isAbsolute(p) ? [realpathNearest(p)] : []; // roots are file:// URIs; ignore anything else
        } catch {
          return [];
        }
      });
    },
    resolvePath(p) {
      if (typeof p !== 'string' || p.trim() === '') {
        throw new AskmlError('BAD_ARGUMENT', 'An empty path was given.', { hint: `Give a file under: ${roots().join(', ')}.` });
      }
      const r = roots();
      if (r.length === 0 && !path.isAbsolute(p)) {
        throw new AskmlError('PATH_NOT_ALLOWED', `No data folder is allowed: the server runs in '${cwd}', and the client sent no roots.`, {
          hint: "Start it with '--allow DIR' (repeatable) for the folders with your data, or from inside that folder.",
          value: p,
        });
      }
      let raw: string;
      try {
        raw = toPath(p.trim());
      } catch {
        throw new AskmlError('PATH_NOT_ALLOWED', `'${p}' is not a local file path or file:// URI.`, { choices: r });
      }
      // A relative path starts at the first allowed folder, or at the first other one that has it
      // (audit: 'churn.csv' in the second folder was not found).
      let base = !path.isAbsolute(raw) && r.length > 1 ? (r.find((root) => existsSync(path.resolve(root, raw))) ?? r[0]) : (r[0] ?? cwd);
      // 'data/reviews.csv' with the allowed folder '.../data': a path written from the folder above it
      // (audit: it was looked for in .../data/data/).
      if (!path.isAbsolute(raw) && !r.some((root) => existsSync(path.resolve(root, raw)))) {
        const first = raw.split(/[\\/]/)[0];
        const root = r.find((x) => path.basename(x) === first && existsSync(path.resolve(x, '..', raw)));
        if (root) base = path.dirname(root);
      }
      const real = realpathNearest(path.resolve(base, raw));
      if (r.some((root) => isInside(real, root)) || isInside(real, workspace)) return real;
      throw new AskmlError('PATH_NOT_ALLOWED', `Path '${p}' (${real}) is outside the folders this MCP server may access.`, {
        choices: r,
        hint:
          'Use a file under one of the allowed folders (a relative path is looked up in each, first to last). To allow another folder, ' +
          "add it to the client's roots or restart the server with '--allow DIR'.",
        value: p,
      });
    },
  };
}
