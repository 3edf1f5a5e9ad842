/** The path sandbox on real folders and symlinks in a temp dir. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AskmlError } from '../errors.js';
import { createSandbox, isInside, realpathNearest } from './sandbox.js';

let dir: string;
let work: string;
let outside: string;
let ws: string;

function rejects(f: () => unknown): AskmlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AskmlError);
    return e as AskmlError;
  }
  throw new Error('expected PATH_NOT_ALLOWED');
}

beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'askml-sandbox-')));
  work = path.join(dir, 'work');
  outside = path.join(dir, 'outside');
  ws = path.join(dir, 'ws');
  for (const d of [work, outside, ws, path.join(work, 'sub')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(work, 'a.csv'), 'x,y\n1,2\n');
  writeFileSync(path.join(outside, 'secret.csv'), 'x\n1\n');
  symlinkSync(outside, path.join(work, 'link-out'));
  symlinkSync(path.join(outside, 'secret.csv'), path.join(work, 'secret-link.csv'));
  symlinkSync(path.join(work, 'a.csv'), path.join(work, 'sub', 'inner-link.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox', () => {
  it('accepts files under the working folder, relative or absolute, and file:// URIs', () => {
    const sb = createSandbox({ allow: [], cwd: work, workspaceDir: ws });
    expect(sb.roots()).toEqual([work]);
    expect(sb.resolvePath('a.csv')).toBe(path.join(work, 'a.csv'));
    expect(sb.resolvePath(path.join(work, 'a.csv'))).toBe(path.join(work, 'a.csv'));
    expect(sb.resolvePath(pathToFileURL(path.join(work, 'a.csv')).href)).toBe(path.join(work, 'a.csv'));
    expect(sb.resolvePath('sub/inner-link.csv')).toBe(path.join(work, 'a.csv')); // symlink inside the root
  });

  it('refuses absolute paths, .. tricks and symlinks that leave the roots, naming the roots', () => {
    const sb = createSandbox({ allow: [], cwd: work, workspaceDir: ws });
    for (const p of [path.join(outside, 'secret.csv'), '../outside/secret.csv', 'sub/../../outside/secret.csv', 'link-out/secret.csv', 'secret-link.csv', '/etc/passwd']) {
      const e = rejects(() => sb.resolvePath(p));
      expect(e.code, p).toBe('PATH_NOT_ALLOWED');
      expect(e.describe()).toContain(work);
      expect(e.describe()).toContain('--allow DIR');
    }
  });

  it('checks output paths that do not exist yet through their parent folder', () => {
    const sb = createSandbox({ allow: [], cwd: work, workspaceDir: ws });
    expect(sb.resolvePath('new/dir/preds.csv')).toBe(path.join(work, 'new/dir/preds.csv'));
    expect(rejects(() => sb.resolvePath('link-out/new/preds.csv')).code).toBe('PATH_NOT_ALLOWED');
    expect(rejects(() => sb.resolvePath('../preds.csv')).code).toBe('PATH_NOT_ALLOWED');
  });

  it('always allows the workspace folder', () => {
    const sb = createSandbox({ allow: [], cwd: work, workspaceDir: ws });
    expect(sb.resolvePath(path.join(ws, 'runs/x/model'))).toBe(path.join(ws, 'runs/x/model'));
  });

  it('--allow folders replace the working folder; client roots add to them', () => {
    const sb = createSandbox({ allow: [outside], cwd: work, workspaceDir: ws });
    expect(sb.roots()).toEqual([outside]);
    expect(sb.resolvePath('secret.csv')).toBe(path.join(outside, 'secret.csv')); // relative to the first root
    expect(rejects(() => sb.resolvePath(path.join(work, 'a.csv'))).code).toBe('PATH_NOT_ALLOWED');
    sb.setClientRoots([pathToFileURL(path.join(work, 'sub')).href]);
    expect(sb.roots()).toEqual([outside, path.join(work, 'sub')]);
    expect(sb.resolvePath(path.join(work, 'sub', 'x.csv'))).toBe(path.join(work, 'sub', 'x.csv'));
    expect(rejects(() => sb.resolvePath(path.join(work, 'a.csv'))).code).toBe('PATH_NOT_ALLOWED');
  });

  it('a relative path is looked up in each allowed folder; a new file goes to the first (audit)', () => {
    const sb = createSandbox({ allow: [outside, work], cwd: dir, workspaceDir: ws });
    expect(sb.resolvePath('a.csv')).toBe(path.join(work, 'a.csv')); // only in the second folder
    expect(sb.resolvePath('secret.csv')).toBe(path.join(outside, 'secret.csv'));
    expect(sb.resolvePath('new-predictions.csv')).toBe(path.join(outside, 'new-predictions.csv'));
    // written from the folder above an allowed one: 'work/a.csv' for work's a.csv (audit: looked for work/work/a.csv)
    expect(sb.resolvePath('work/a.csv')).toBe(path.join(work, 'a.csv'));
    expect(sb.resolvePath('work/sub')).toBe(path.join(work, 'sub'));
    // that folder's parent is not opened up: only files inside the allowed folder are found this way
    expect(rejects(() => sb.resolvePath('outside/../work/../../x.csv')).code).toBe('PATH_NOT_ALLOWED');
  });

  it('client roots replace the working-folder default; an empty list restores it', () => {
    const sb = createSandbox({ allow: [], cwd: work, workspaceDir: ws });
    sb.setClientRoots([pathToFileURL(outside).href, 'https://example.com/not-a-file']);
    expect(sb.roots()).toEqual([outside]);
    expect(rejects(() => sb.resolvePath(path.join(work, 'a.csv'))).code).toBe('PATH_NOT_ALLOWED');
    sb.setClientRoots([]);
    expect(sb.roots()).toEqual([work]);
  });

  it('a server started in / allows no folder by default, only the workspace', () => {
    const sb = createSandbox({ allow: [], cwd: '/', workspaceDir: ws });
    expect(sb.roots()).toEqual([]);
    const e = rejects(() => sb.resolvePath('etc/passwd'));
    expect(e.code).toBe('PATH_NOT_ALLOWED');
    expect(e.describe()).toContain('--allow DIR');
    expect(rejects(() => sb.resolvePath('/etc/passwd')).code).toBe('PATH_NOT_ALLOWED');
    expect(sb.resolvePath(path.join(ws, 'x.json'))).toBe(path.join(ws, 'x.json'));
    sb.setClientRoots([work]);
    expect(sb.resolvePath('a.csv')).toBe(path.join(work, 'a.csv'));
  });

  it('rejects empty paths with BAD_ARGUMENT', () => {
    const sb = createSandbox({ allow: [], cwd: work, workspaceDir: ws });
    expect(rejects(() => sb.resolvePath('  ')).code).toBe('BAD_ARGUMENT');
  });

  it('helpers: isInside is not fooled by a shared prefix; realpathNearest keeps missing parts', () => {
    expect(isInside('/a/bc', '/a/b')).toBe(false);
    expect(isInside('/a/b/c', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(realpathNearest(path.join(work, 'link-out', 'n', 'm.csv'))).toBe(path.join(outside, 'n', 'm.csv'));
  });
});
