/**
 * Column names holding invisible characters or look-alike spaces (re-audit F5): an instruction
 * that names the column as it looks ("exclude year_built") finds 'year_built\u200b', and the plan
 * says the name holds such a character.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../data/column-info.js';
import { explainMentions, offlinePlan } from './offline-planner.js';

const col = (name: string, semantic: ColumnInfo['semantic'], distinct: number, examples: string[]): ColumnInfo => ({
  name,
  type: semantic,
  semantic,
  role: 'feature',
  missingShare: 0,
  distinct,
  examples,
});

// Headers as a CSV copied from a web page may have them.
const house: ColumnInfo[] = [
  col('area\u200b_m2', 'numeric', 158, ['40', '200']),
  col('rooms\u00a0count', 'numeric', 8, ['3', '4']),
  col('district', 'categorical', 5, ['center', 'suburb']),
  col('year_built\u200b', 'numeric', 64, ['1960', '2023']),
  col(' garage', 'numeric', 2, ['0', '1']),
  col('price', 'numeric', 600, ['163272', '877568']),
];

const plan = (q: string, columns: ColumnInfo[] = house) => offlinePlan({ instruction: q, columns, targetGuess: 'price', taskGuess: 'regression' });

describe('offlinePlan: column names with invisible characters', () => {
  // [instruction, target, excluded, what the assumption names]
  const cases: [string, string, string[], string[]][] = [
    ['predict price, exclude year_built', 'price', ['year_built\u200b'], ['U+200B (zero-width space) at position 11']],
    ['predict price, exclude year_built and rooms count', 'price', ['year_built\u200b', 'rooms\u00a0count'], ['U+200B', 'U+00A0 (no-break space) at position 6']],
    ['predict price, exclude area_m2', 'price', ['area\u200b_m2'], ['U+200B (zero-width space) at position 5']],
    ['predict price without the garage', 'price', [' garage'], ['a leading space']],
    ['predict year_built', 'year_built\u200b', [], ['U+200B']],
    ['prédire price en ignorant la colonne year_built', 'price', ['year_built\u200b'], ['U+200B']],
    ['预测 price，不要用 year_built', 'price', ['year_built\u200b'], ['不可见字符或近似空格 U+200B（第 11 个字符）']],
    ['预测 price，不要用 garage', 'price', [' garage'], ['开头的空格']],
    // the instruction may hold the character too (the name was copied with it)
    ['predict price, exclude year_built\u200b', 'price', ['year_built\u200b'], ['U+200B']],
  ];
  for (const [q, target, excluded, notes] of cases) {
    it(q, () => {
      const p = plan(q);
      const why = JSON.stringify(p);
      expect(p.target, why).toBe(target);
      expect([...p.excluded_columns].sort(), why).toEqual([...excluded].sort());
      const said = p.assumptions.filter((a) => /column name '.*' contains|列名 '.*' 含有/.test(a)).join('\n');
      for (const n of notes) expect(said, why).toContain(n);
    });
  }

  it('says which column and how the instruction named it', () => {
    expect(plan('predict price, exclude year_built').assumptions).toContain(
      "the column name 'year_built\u200b' contains an invisible character U+200B (zero-width space) at position 11; read 'year_built' in the instruction as that column (rename it in the file to avoid surprises).",
    );
  });

  it('no note when no such column is mentioned, nor for clean names', () => {
    const p = plan('predict price, exclude district');
    expect(p.excluded_columns).toEqual(['district']);
    expect(p.assumptions.join('\n')).not.toMatch(/contains/);
  });

  it('a cleaned name that is another column\'s name is left alone: the clean column wins', () => {
    const cols = [col('year_built', 'numeric', 64, ['1960']), col('year_built\u200b', 'numeric', 64, ['1961']), col('price', 'numeric', 600, ['1'])];
    const p = plan('predict price, exclude year_built', cols);
    expect(p.excluded_columns).toEqual(['year_built']);
  });

  it('explainMentions reports the real column name', () => {
    const m = explainMentions('predict price, exclude year_built', house);
    expect(m.find((x) => x.role === 'exclude')?.column).toBe('year_built\u200b');
  });
});
