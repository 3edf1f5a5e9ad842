import { describe, expect, it } from 'vitest';
import { AskmlError, closest, fileAccessError, hiddenCharHint, hiddenCharNote, unknownName, withoutHiddenChars } from './errors.js';

describe('closest', () => {
  it('ignores case and separators, and does not stretch a short name', () => {
    expect(closest('Random Forest', ['random_forest', 'gbdt'])).toBe('random_forest');
    expect(closest('gbtd', ['gbdt', 'knn'])).toBe('gbdt');
    expect(closest('Survived', ['survived', 'sex'])).toBe('survived');
    expect(closest('churn', ['churned', 'age'])).toBe('churned');
    expect(closest('xx', ['sex', 'age'])).toBeUndefined();
    expect(closest('xgboost', ['gbdt', 'knn', 'ridge'])).toBeUndefined();
  });
});

describe('names with invisible characters (audit: pasted from a web page)', () => {
  it('notes the first hidden character by code point and 1-based position', () => {
    expect(hiddenCharNote('label')).toBeUndefined();
    expect(hiddenCharNote('la\u200bbel')).toBe('an invisible character U+200B (zero-width space) at position 3');
    expect(hiddenCharNote('\ufeffa\u200cb\u200dc')).toBe('an invisible character U+FEFF (zero-width no-break space) at position 1 (and 2 more)');
    expect(hiddenCharNote('my\u00a0data')).toBe('a look-alike space U+00A0 (no-break space) at position 3');
    expect(hiddenCharNote('收入\u200b')).toBe('an invisible character U+200B (zero-width space) at position 3');
    expect(withoutHiddenChars('my\u00a0da\u200bta')).toBe('my data');
  });

  it('closest and unknownName match a name that differs only by hidden characters, and say so', () => {
    expect(closest('y\u200b', ['y', 'x'])).toBe('y');
    expect(closest('\u200b\u200b\u200bid', ['id', 'age'])).toBe('id');
    const e = unknownName('COLUMN_NOT_FOUND', 'Target column', 'price\u200b', ['price', 'area']);
    expect(e.details.hint).toBe(
      "Did you mean 'price'? The name you gave contains an invisible character U+200B (zero-width space) at position 6, typically left by text copied from a web page.",
    );
    const near = unknownName('COLUMN_NOT_FOUND', 'Target column', 'prise\u200b', ['price', 'area']);
    expect(near.details.hint).toBe(
      "Did you mean 'price'? The name you gave contains an invisible character U+200B (zero-width space) at position 6, typically left by text copied from a web page. Retype the name.",
    );
    expect(unknownName('COLUMN_NOT_FOUND', 'Target column', 'prise', ['price']).details.hint).toBe("Did you mean 'price'?");
    expect(hiddenCharHint('price', ['pri\u200bce'])).toBe(
      "Did you mean 'pri\u200bce'? The name 'pri\u200bce' itself contains an invisible character U+200B (zero-width space) at position 4, typically left by text copied from a web page. Rename it, or copy the name from this message.",
    );
    expect(hiddenCharHint('price', ['price', 'area'])).toBeUndefined();
  });
});

describe('fileAccessError (audit: an unwritable --out or --workspace was "a bug in askml")', () => {
  const sys = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

  it('names the path, the reason and the errno, with a hint; exit-2 material, not INTERNAL', () => {
    const e = fileAccessError(sys('EACCES', 'mkdir', '/ro/ws/tasks'))!;
    expect(e.code).toBe('FILE_ACCESS');
    expect(e.message).toBe("askml cannot create the folder '/ro/ws/tasks': permission denied (EACCES).");
    expect(e.details.hint).toContain('--workspace');
    expect(fileAccessError(sys('ENOSPC', 'write', '/full/x'))!.details.hint).toContain('Free some space');
  });

  it('names the file the user knows when the call failed on a temporary sibling', () => {
    expect(fileAccessError(sys('EROFS', 'open', '/mnt/.p.csv.1a2b.tmp'), '/mnt/p.csv')!.message).toBe("askml cannot write '/mnt/p.csv': the file system is read-only (EROFS).");
  });

  it('leaves other errors alone', () => {
    expect(fileAccessError(new Error('boom'))).toBeNull();
    expect(fileAccessError(sys('ECONNREFUSED', 'connect', ''))).toBeNull();
    expect(fileAccessError(new AskmlError('BAD_ARGUMENT', 'x'))).toBeNull();
  });
});
