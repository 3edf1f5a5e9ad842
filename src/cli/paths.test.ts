import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AskmlError } from '../errors.js';
import { checkInputFile, checkOutFile, checkTestNotData, checkWorkspace } from './paths.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-paths-'));
  writeFileSync(path.join(dir, 'data.csv'), 'a,y\n1,0\n2,1\n');
  writeFileSync(path.join(dir, 'copy.csv'), 'a,y\n1,0\n2,1\n');
  writeFileSync(path.join(dir, 'test.csv'), 'a,y\n3,0\n4,1\n');
  mkdirSync(path.join(dir, 'out'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AskmlError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'ok';
}

describe('CLI path checks', () => {
  it('workspace: must exist only when asked; never a file (F19, F6)', () => {
    expect(checkWorkspace(path.join(dir, 'ws'))).toBe(path.join(dir, 'ws'));
    expect(code(() => checkWorkspace(path.join(dir, 'ws'), { mustExist: true }))).toBe(`NOT_FOUND: --workspace '${path.join(dir, 'ws')}' does not exist.`);
    expect(code(() => checkWorkspace(path.join(dir, 'data.csv'), { mustExist: true }))).toMatch(/^NOT_A_DIRECTORY: --workspace '.*data\.csv' is a file, not a folder\.$/);
    expect(checkWorkspace(dir, { mustExist: true })).toBe(dir);
  });

  it('--out: not a folder, and no file where a parent folder must go (F6)', () => {
    expect(code(() => checkOutFile('--out', path.join(dir, 'out')))).toMatch(/^NOT_A_FILE: --out '.*out' is a folder; give a file path\.$/);
    expect(code(() => checkOutFile('--out', path.join(dir, 'data.csv', 'r.json')))).toMatch(/^NOT_A_DIRECTORY: /);
    expect(checkOutFile('--out', path.join(dir, 'new', 'r.json'))).toBe(path.join(dir, 'new', 'r.json'));
  });

  it('--test must not be the data file or a copy of it (F25)', () => {
    expect(code(() => checkTestNotData(path.join(dir, 'data.csv'), path.join(dir, 'data.csv')))).toMatch(/^BAD_ARGUMENT: --test .* holds the same rows as the data file/);
    expect(code(() => checkTestNotData(path.join(dir, 'data.csv'), path.join(dir, '.', 'copy.csv')))).toMatch(/^BAD_ARGUMENT: /);
    expect(code(() => checkTestNotData(path.join(dir, 'data.csv'), path.join(dir, 'test.csv')))).toBe('ok');
    expect(code(() => checkTestNotData(path.join(dir, 'data.csv'), path.join(dir, 'missing.csv')))).toBe('ok');
  });
});

describe('CLI paths that cannot work (audit: Windows paths, invisible characters, link loops)', () => {
  function err(f: () => unknown): AskmlError {
    try {
      f();
    } catch (e) {
      if (e instanceof AskmlError) return e;
      throw e;
    }
    throw new Error('expected an AskmlError');
  }
  beforeAll(() => {
    symlinkSync('loop-b', path.join(dir, 'loop-a'));
    symlinkSync('loop-a', path.join(dir, 'loop-b'));
  });

  it.skipIf(process.platform === 'win32')('refuses a Windows path for a folder or file askml would create', () => {
    const ws = err(() => checkWorkspace('C:\\askml'));
    expect(ws.code).toBe('BAD_ARGUMENT');
    expect(ws.describe()).toBe("--workspace 'C:\\askml' looks like a Windows path, but askml runs on Linux here. Give a path on this machine, with forward slashes (such as 'askml').");
    expect(code(() => checkOutFile('--out', 'D:\\out\\r.json'))).toBe("BAD_ARGUMENT: --out 'D:\\out\\r.json' looks like a Windows path, but askml runs on Linux here.");
    expect(checkOutFile('--out', path.join(dir, 'plain', 'r.json'))).toBe(path.join(dir, 'plain', 'r.json'));
  });

  it.skipIf(process.platform === 'win32')('a missing input file or workspace gets the Windows-path and invisible-character hints', () => {
    const win = err(() => checkInputFile('Eval suite', 'evals\\suite.jsonl'));
    expect(win.code).toBe('FILE_NOT_FOUND');
    expect(win.details.hint).toContain("'evals\\suite.jsonl' looks like a Windows path, but askml runs on Linux here.");
    const zw = err(() => checkInputFile('Eval suite', path.join(dir, 'data\u200b.csv')));
    expect(zw.details.hint).toBe(
      `Did you mean '${path.join(dir, 'data.csv')}'? The file name you gave contains an invisible character U+200B (zero-width space) at position 5, typically left by text copied from a web page.`,
    );
    const ws = err(() => checkWorkspace(path.join(dir, 'out\u200b'), { mustExist: true }));
    expect(ws.code).toBe('NOT_FOUND');
    expect(ws.details.hint).toContain(`Did you mean '${path.join(dir, 'out')}'?`);
  });

  it('a symbolic link loop is NOT_A_FILE naming ELOOP, for inputs, outputs and the workspace', () => {
    const loop = path.join(dir, 'loop-a');
    const expected = `NOT_A_FILE: '${loop}' is a symbolic link loop (ELOOP): its links lead back to themselves, never to a file.`;
    expect(code(() => checkInputFile('Eval suite', loop))).toBe(expected);
    expect(code(() => checkOutFile('--out', loop))).toBe(expected);
    expect(code(() => checkWorkspace(loop))).toBe(expected);
  });
});
