import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { looksLikeWindowsPath, windowsPathAdvice, windowsPathHint } from './path-hints.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-path-hints-'));
  mkdirSync(path.join(dir, 'data'));
  writeFileSync(path.join(dir, 'data', 'train.csv'), 'a,y\n1,0\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Windows paths on Linux and macOS (audit)', () => {
  it('recognises drive, UNC and .\\ paths; loosely any backslash path without a slash', () => {
    for (const p of ['C:\\Users\\me\\data.csv', 'c:/data/x.csv', '\\\\server\\share\\x.csv', '.\\data\\train.csv', '..\\x.csv']) {
      expect(looksLikeWindowsPath(p, { platform: 'linux', strict: true }), p).toBe(true);
    }
    expect(looksLikeWindowsPath('data\\train.csv', { platform: 'linux' })).toBe(true);
    expect(looksLikeWindowsPath('data\\train.csv', { platform: 'linux', strict: true })).toBe(false);
    for (const p of ['data/train.csv', '/home/me/a\\b.csv', 'C.csv', 'C:data.csv']) expect(looksLikeWindowsPath(p, { platform: 'linux' }), p).toBe(false);
    expect(looksLikeWindowsPath('C:\\Users\\me\\data.csv', { platform: 'win32' })).toBe(false);
  });

  it('says what to give instead, and the forward-slash path when that file exists', () => {
    expect(windowsPathHint('.\\data\\train.csv', { platform: 'linux', cwd: dir })).toBe(
      "'.\\data\\train.csv' looks like a Windows path, but askml runs on Linux here. Did you mean './data/train.csv'?",
    );
    expect(windowsPathHint('.\\data\\train.csv', { platform: 'darwin', cwd: dir, absolute: true })).toBe(
      `'.\\data\\train.csv' looks like a Windows path, but askml runs on macOS here. Did you mean '${path.join(dir, 'data', 'train.csv')}'?`,
    );
    expect(windowsPathHint('D:\\exports\\sales.csv', { platform: 'linux', cwd: dir })).toBe(
      "'D:\\exports\\sales.csv' looks like a Windows path, but askml runs on Linux here. Give a path on this machine, with forward slashes (such as 'exports/sales.csv'); copy the file here first if it is only on the Windows computer.",
    );
    expect(windowsPathAdvice('C:\\runs\\out.json', { cwd: dir, output: true })).toBe("Give a path on this machine, with forward slashes (such as 'runs/out.json').");
    expect(windowsPathHint('data/train.csv', { platform: 'linux', cwd: dir })).toBeUndefined();
  });
});
