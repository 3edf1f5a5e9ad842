import { describe, expect, it } from 'vitest';
import { findAcronymMentions, findTokenMentions, nameTokens } from './name-parts.js';
import type { ColumnInfo } from '../data/column-info.js';

const col = (name: string, extra: Partial<ColumnInfo> = {}): ColumnInfo => ({ name, type: 'numeric', semantic: 'numeric', role: 'feature', missingShare: 0, distinct: 50, examples: ['1'], ...extra });

const cols = [
  col('cap_diameter_cm'),
  col('cap_shape'),
  col('stem_height_cm'),
  col('stem_width_mm'),
  col('GillColor'),
  col('sample_id', { role: 'id' }),
  col('ph'),
  col('tds'),
  col('total_dissolved_solids_ppm'),
];
const pick = (hits: { phrase: string; column: string; group?: string[] }[]) => hits.map((h) => [h.phrase, h.column, h.group ?? null]);

describe('nameTokens', () => {
  it('splits snake, dotted and camel case names', () => {
    expect(nameTokens('stem_height_cm')).toEqual(['stem', 'height', 'cm']);
    expect(nameTokens('GillColor')).toEqual(['gill', 'color']);
    expect(nameTokens('x.box')).toEqual(['x', 'box']);
  });
});

describe('findTokenMentions', () => {
  it('names a group for a shared part and one column for a longer phrase', () => {
    const hits = findTokenMentions('use the stem measurements and cap shape only', cols);
    expect(pick(hits)).toContainEqual(['stem', 'stem_height_cm', ['stem_height_cm', 'stem_width_mm']]);
    expect(pick(findTokenMentions('drop stem height', cols))).toContainEqual(['stem height', 'stem_height_cm', null]);
  });
  it('accepts plurals and camel-case parts, skips id columns, stop words and exact names', () => {
    expect(pick(findTokenMentions('ignore the caps', cols))).toEqual([['caps', 'cap_diameter_cm', ['cap_diameter_cm', 'cap_shape']]]);
    expect(pick(findTokenMentions('gill colour aside, the gills', cols))).toEqual([
      ['gill', 'GillColor', null],
      ['gills', 'GillColor', null],
    ]);
    expect(findTokenMentions('one sample per row', cols)).toEqual([]);
    expect(findTokenMentions('cap shape', cols).some((h) => h.phrase === 'cap shape')).toBe(false);
  });
});

describe('findAcronymMentions', () => {
  it('reads initials both ways', () => {
    expect(pick(findAcronymMentions('estimate total dissolved solids', [col('tds')]))).toEqual([['total dissolved solids', 'tds', null]]);
    expect(pick(findAcronymMentions('predict TDSP from ph', [col('ph'), col('total_dissolved_solids_ppm')]))).toEqual([['TDSP', 'total_dissolved_solids_ppm', null]]);
  });
  it('needs long words or capitals for two letters, and joined words', () => {
    expect(pick(findAcronymMentions('the potential hydrogen', [col('ph')]))).toEqual([['potential hydrogen', 'ph', null]]);
    expect(findAcronymMentions('pretty high', [col('ph')])).toEqual([]);
    expect(findAcronymMentions('total, dissolved solids', [col('tds')])).toEqual([]);
    expect(findAcronymMentions('the cs grade', [col('cap_shape')])).toEqual([]);
    expect(pick(findAcronymMentions('the CS grade', [col('cap_shape')]))).toEqual([['CS', 'cap_shape', null]]);
  });
});
