/** The "did you mean" list of FILE_NOT_FOUND names data files, not the project's config files. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspectFile, isDataFileName } from './file-check.js';
import { AskmlError } from '../errors.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'askml-file-check-'));
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', '.eslintrc.json', 'titanic.split.json', 'requirements.txt', 'LICENSE.txt', 'news.jsonl', 'train.csv', 'notes.md', 'container_info.json']) {
    writeFileSync(path.join(dir, f), 'a,b\n1,2\n');
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isDataFileName', () => {
  it('keeps data files and drops config, lock, split and license files', () => {
    for (const f of ['train.csv', 'news.jsonl', 'rows.json', 'data.parquet', 'UCI.data', 'table.txt', 'x.csv.gz', 'packages.json', 'package_sales.csv', 'config.csv', 'user_info.csv', 'configs.json', 'infos.jsonl']) {
      expect(isDataFileName(f), f).toBe(true);
    }
    for (const f of ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'tsconfig.json', 'tsconfig.base.json', 'jsconfig.json', '.eslintrc.json', '.prettierrc.json', 'composer.json', 'manifest.json', 'titanic.split.json', 'requirements.txt', 'requirements-dev.txt', 'LICENSE.txt', 'README.txt', 'CMakeLists.txt', 'notes.md', 'container_info.json', 'dataset_info.json', 'config.json', 'settings.json', 'model-config.json']) {
      expect(isDataFileName(f), f).toBe(false);
    }
  });
});

describe('FILE_NOT_FOUND', () => {
  it('offers the data files next to the missing one, not package.json or tsconfig.json', async () => {
    const err = await inspectFile(path.join(dir, 'trian.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AskmlError);
    const e = err as AskmlError;
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect([...(e.details.choices ?? [])].sort()).toEqual(['news.jsonl', 'train.csv']);
    expect(e.details.hint).toContain(`Did you mean '${path.join(dir, 'train.csv')}'?`);
  });
});
