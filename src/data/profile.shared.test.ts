/**
 * Accuracy of loading and profiling on the real datasets in ../shared/data: column semantics
 * match each sidecar's column_types, the guessed target and task match, and known traits hold.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from './load.js';
import { analyzeFrame } from './profile.js';
import { ProfileSchema } from './profile-schema.js';
import { readSplitFile } from './split.js';
import { encodeTarget } from './target.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const data = path.resolve(root, '../shared/data');

interface Sidecar {
  target: string;
  task: string;
  column_types: Record<string, string>;
  split_file?: string;
}

const sets = ['titanic', 'penguins', 'diamonds', 'credit_data', 'letter', 'diabetes', 'spam_assassin'];

async function analyze(file: string, target?: string | null) {
  const { frame, info } = await loadTable(path.join(data, file));
  const a = analyzeFrame(frame, { target });
  return { frame, info, a, col: (n: string) => a.profile.columns.find((c) => c.name === n) };
}

describe('profile on shared datasets', () => {
  for (const name of sets) {
    it(`${name}: semantics, guessed target and task match the sidecar`, async () => {
      const side = JSON.parse(readFileSync(path.join(data, `${name}.json`), 'utf8')) as Sidecar;
      const { frame, a } = await analyze(`${name}.csv`);
      expect(a.target).toBe(side.target);
      expect(a.task).toBe(side.task);
      for (const [col, want] of Object.entries(side.column_types)) {
        const got = a.columns.find((c) => c.name === col)?.semantic;
        // A two-valued column may be read as boolean; that is a categorical as far as the sidecar goes.
        const ok = got === want || (got === 'boolean' && (want === 'categorical' || want === 'numeric'));
        expect(ok, `${name}.${col}: ${got} vs ${want}`).toBe(true);
      }
      expect(() => ProfileSchema.parse(a.profile)).not.toThrow();
      if (side.split_file) {
        const split = await readSplitFile(path.join(data, side.split_file), frame.nRows);
        expect(split.train.length + split.test.length).toBe(frame.nRows);
      }
      expect(a.profile.warnings.filter((w) => w.code === 'leakage')).toEqual([]);
    });
  }

  it('titanic: binary, cabin categorical and heavily missing, embarked categorical', async () => {
    const { a, col } = await analyze('titanic.csv', 'survived');
    expect(a.profile.target).toMatchObject({ task: 'binary', nClasses: 2 });
    expect(col('cabin')).toMatchObject({ semantic: 'categorical', role: 'feature' });
    expect(col('cabin')?.missingShare).toBeGreaterThan(0.7);
    expect(col('embarked')?.semantic).toBe('categorical');
    expect(a.profile.warnings.map((w) => `${w.code}:${w.column}`)).toContain('heavy_missing:cabin');
  });

  it('penguins: three species', async () => {
    const { a } = await analyze('penguins.csv');
    expect(a.profile.target?.classes.map((c) => c.value).sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  });

  it('diamonds: price is a regression target', async () => {
    const { a, frame } = await analyze('diamonds.csv');
    expect(a.profile.rows).toBe(53940);
    expect(encodeTarget(frame, 'price').task).toBe('regression');
  });

  it('thucnews: title is Chinese text, 10 balanced classes', async () => {
    const { a, col } = await analyze('thucnews/train.csv');
    expect(a.target).toBe('category');
    expect(col('title')).toMatchObject({ type: 'text', semantic: 'text', role: 'feature' });
    expect(col('title')?.text?.lang).toBe('zh');
    expect(a.profile.target).toMatchObject({ task: 'multiclass', nClasses: 10, imbalanceRatio: 1 });
  });

  it('spam_assassin: subject and body are English text', async () => {
    const { a, col } = await analyze('spam_assassin.csv');
    for (const c of ['subject', 'body']) {
      expect(col(c)).toMatchObject({ type: 'text', semantic: 'text' });
      expect(col(c)?.text?.lang).toBe('en');
    }
    expect(a.profile.target).toMatchObject({ name: 'label', task: 'binary' });
  });
});
