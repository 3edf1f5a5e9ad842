import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, writeFileAtomic } from './fs.js';

describe('fs helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'askml-fs-'));

  it('readJson names a damaged file (a PARSE_ERROR, not a raw SyntaxError) and returns undefined for a missing one', () => {
    const f = join(dir, 'record.json');
    writeFileSync(f, '{"a": 1, "b": "cut sh');
    expect(() => readJson(f, 'run record')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', message: expect.stringContaining(`run record '${f}' is damaged`) }));
    expect(readJson(join(dir, 'none.json'))).toBeUndefined();
  });

  it('writeFileAtomic refuses a folder or a path under a file with a typed error and leaves no temporary file', () => {
    const sub = join(dir, 'out');
    mkdirSync(sub);
    expect(() => writeFileAtomic(sub, 'x')).toThrow(expect.objectContaining({ code: 'NOT_A_FILE' }));
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    expect(() => writeFileAtomic(join(file, 'p.csv'), 'x')).toThrow(expect.objectContaining({ code: 'NOT_A_FILE' }));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writeFileAtomic writes through a symlink (also a dangling one) instead of replacing the link', () => {
    const link = join(dir, 'link.csv');
    symlinkSync('target.csv', link);
    writeFileAtomic(link, 'first');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.csv'), 'utf8')).toBe('first');
    writeFileAtomic(link, 'second');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.csv'), 'utf8')).toBe('second');
  });

  it('a file that cannot be created is a FILE_ACCESS error naming it, and leaves no temporary file', () => {
    let err: unknown;
    try {
      writeFileAtomic('/proc/askml-p.csv', 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'FILE_ACCESS', message: "askml cannot write '/proc/askml-p.csv': files cannot be created in '/proc'." });
  });
});
