import { describe, expect, it } from 'vitest';
import { frameFromColumnArrays } from '../../data/columns.js';
import { profileFrame } from '../../data/profile.js';
import { renderProfile } from './profile.js';
import { renderLeaderboard } from './run.js';
import { displayWidth, fitColumn, formatNum, renderTable, truncate, truncateMiddle } from './table.js';

const Q1 = 'customer_lifetime_value_in_euros_for_the_fiscal_year_2023_quarter_1_adjusted';
const Q2 = 'customer_lifetime_value_in_euros_for_the_fiscal_year_2023_quarter_2_adjusted';

/** The first cell of each body row of a rendered table. */
function firstCells(table: string): string[] {
  return table.split('\n').slice(2).map((l) => l.split(/ {2,}/)[0]);
}

describe('table cells that would read the same once cut (audit: long column names)', () => {
  it('truncateMiddle keeps the head and the tail within the width', () => {
    expect(truncateMiddle(Q1, 40)).toBe('customer_lifetime_value_in…er_1_adjusted');
    expect(displayWidth(truncateMiddle(Q1, 40))).toBe(40);
    expect(truncateMiddle('short', 40)).toBe('short');
    expect(displayWidth(truncateMiddle('收入'.repeat(30), 21))).toBeLessThanOrEqual(21);
  });

  it('cuts clashing values in the middle and leaves the others as before', () => {
    const shown = fitColumn(['column', Q1, Q2, 'label', `${Q1}_extra_tail_text_here`], 60);
    expect(shown[1]).toBe('customer_lifetime_value_in_euros_for_the…_quarter_1_adjusted');
    expect(shown[2]).toBe('customer_lifetime_value_in_euros_for_the…_quarter_2_adjusted');
    expect(shown[0]).toBe('column');
    expect(shown[3]).toBe('label');
    expect(new Set(shown).size).toBe(5);
    // no clash: the ordinary end ellipsis, exactly as truncate gives it
    expect(fitColumn([Q1, 'label'], 60)).toEqual([truncate(Q1, 60), 'label']);
    // equal values are not a clash
    expect(fitColumn([Q1, Q1], 60)).toEqual([truncate(Q1, 60), truncate(Q1, 60)]);
  });

  it('prints values whole when they differ only in the middle', () => {
    const a = `${'x'.repeat(40)}_A_${'y'.repeat(40)}`;
    const b = `${'x'.repeat(40)}_B_${'y'.repeat(40)}`;
    expect(fitColumn([a, b], 30)).toEqual([a, b]);
  });

  it('renderTable keeps short tables byte-for-byte and long names apart', () => {
    expect(renderTable(['a', 'bb'], [['1', 'x'], ['22', 'yy']], { align: ['r', 'l'] })).toBe(' a  bb\n--  --\n 1  x\n22  yy');
    const t = renderTable(['column', 'n'], [[Q1, '1'], [Q2, '2']], { maxWidth: 60 });
    const names = firstCells(t);
    expect(names[0]).not.toBe(names[1]);
    expect(names[0]).toContain('quarter_1_adjusted');
    expect(names[1]).toContain('quarter_2_adjusted');
  });

  it('the profile table tells customer_..._q1 from customer_..._q2', () => {
    const n = 40;
    const frame = frameFromColumnArrays({
      [Q1]: Array.from({ length: n }, (_, i) => i * 1.5),
      [Q2]: Array.from({ length: n }, (_, i) => i * 2.5 + 1),
      customer_lifetime_value_in_euros_2023_q1: Array.from({ length: n }, (_, i) => i % 7),
      label: Array.from({ length: n }, (_, i) => (i % 2 ? 'yes' : 'no')),
    });
    const text = renderProfile(profileFrame(frame, { target: 'label' }), null, 'long.csv');
    const rows = text.split('\n');
    const body = rows.slice(rows.findIndex((l) => l.startsWith('column')) + 2);
    const names = body.map((l) => l.split(/ {2,}/)[0]);
    expect(names.slice(0, 4)).toEqual([
      'customer_lifetime_value_in_euros_for_the…_quarter_1_adjusted',
      'customer_lifetime_value_in_euros_for_the…_quarter_2_adjusted',
      'customer_lifetime_value_in_euros_2023_q1',
      'label',
    ]);
  });

  it('the leaderboard params column keeps long parameter lists apart', () => {
    const params = (last: number) => [
      ...['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'].map((name) => ({ name: `${name}_parameter`, value: 'some_value' })),
      { name: 'n_estimators', value: last },
    ];
    const t = renderLeaderboard(
      [
        { rank: 1, learner: 'gbdt', score: 0.9, params: params(100), fitSeconds: 1 },
        { rank: 2, learner: 'gbdt', score: 0.8, params: params(200), fitSeconds: 1 },
      ],
      'accuracy',
    );
    const lines = t.split('\n').slice(3);
    expect(lines[0]).toContain('n_estimators=100');
    expect(lines[1]).toContain('n_estimators=200');
  });
});

describe('formatNum', () => {
  it('keeps every whole digit of large scores (audit: MAE 24114.2 showed as 24110) and 4 significant digits of small ones', () => {
    expect(formatNum(24114.2)).toBe('24114.2');
    expect(formatNum(26286.93)).toBe('26286.9');
    expect(formatNum(533.04)).toBe('533');
    expect(formatNum(0.812345)).toBe('0.8123');
    expect(formatNum(1234567.89)).toBe('1234567.9');
    expect(formatNum(3e10 + 0.5)).toBe('3.00e+10');
    expect(formatNum(0.0001234)).toBe('1.23e-4');
    expect(formatNum(42)).toBe('42');
  });
});
