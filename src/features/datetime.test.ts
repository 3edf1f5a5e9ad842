import { describe, expect, it } from 'vitest';
import type { Frame } from '../data/frame.js';
import type { DenseMatrix } from '../learners/types.js';
import { DatetimeTransformer, parseDate } from './datetime.js';
import { loadTransformer } from './registry.js';

const dt = (ms: number[]): Frame => ({ nRows: ms.length, columns: [{ name: 'd', type: 'datetime', values: Float64Array.from(ms) }] });

describe('datetime parts', () => {
  it('extracts year, month, weekday, hour, weekend, elapsed days (UTC)', () => {
    const f = dt([Date.UTC(2024, 0, 6, 13), Date.UTC(2024, 2, 1, 0), NaN]); // Sat 6 Jan 13:00, Fri 1 Mar
    const t = new DatetimeTransformer({ column: 'd' }).fit(f);
    expect(t.outputs).toEqual(['d__year', 'd__month', 'd__dayofweek', 'd__hour', 'd__weekend', 'd__elapsed_days']);
    const d = Array.from((t.transform(f).matrix as DenseMatrix).data);
    expect(d.slice(0, 6)).toEqual([2024, 1, 6, 13, 1, 0]);
    expect(d.slice(6, 11)).toEqual([2024, 3, 5, 0, 0]);
    expect(d[11]).toBeCloseTo(54 + 11 / 24, 10);
    expect(d.slice(12).every(Number.isNaN)).toBe(true);
    const back = loadTransformer(JSON.parse(JSON.stringify(t.toJSON())));
    expect(Array.from((back.transform(f).matrix as DenseMatrix).data).slice(0, 12)).toEqual(d.slice(0, 12));
  });

  it('agrees with Date on leap days, centuries and pre-1970 times', () => {
    const ms = [Date.UTC(1900, 1, 28, 5), Date.UTC(2000, 1, 29, 23), Date.UTC(1969, 11, 31, 23, 59), Date.UTC(2100, 2, 1), Date.UTC(1600, 0, 1, 1)];
    const t = new DatetimeTransformer({ column: 'd', parts: ['year', 'month', 'dayofweek', 'hour'] }).fit(dt(ms));
    const d = (t.transform(dt(ms)).matrix as DenseMatrix).data;
    ms.forEach((v, i) => {
      const x = new Date(v);
      expect(Array.from(d.subarray(i * 4, i * 4 + 4))).toEqual([x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDay(), x.getUTCHours()]);
    });
  });

  it('drops hour for date-only columns; linear view imputes and standardises', () => {
    const f = dt([Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1), NaN]);
    const t = new DatetimeTransformer({ column: 'd', scale: true }).fit(f);
    expect(t.outputs).not.toContain('d__hour');
    const d = (t.transform(f).matrix as DenseMatrix).data;
    expect(Array.from(d).every(Number.isFinite)).toBe(true);
  });

  it('parses mixed-format text dates and rejects non-dates clearly', () => {
    expect(parseDate('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseDate('2024/3/1 10:30')).toBe(Date.UTC(2024, 2, 1, 10, 30));
    expect(parseDate('01.03.2024')).toBe(Date.UTC(2024, 2, 1));
    expect(parseDate('2024-03-01T10:00:00+02:00')).toBe(Date.UTC(2024, 2, 1, 8));
    expect(parseDate('1709251200')).toBe(Date.UTC(2024, 2, 1));
    // No roll-over of impossible dates (audit: 06/19/2021 read as month 19 became 2022-07-06);
    // day first, month first only when day first cannot be a date.
    expect(parseDate('06/19/2021')).toBe(Date.UTC(2021, 5, 19));
    expect(parseDate('03/04/2021')).toBe(Date.UTC(2021, 3, 3));
    for (const bad of ['2021-02-30', '2021-13-01', '31.04.2021', '32/01/2021', '2021-01-01 25:00']) expect(parseDate(bad), bad).toBeNaN();
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    const t = new DatetimeTransformer({ column: 'd' }).fit(dt([Date.UTC(2024, 0, 1)]));
    const mixed: Frame = { nRows: 3, columns: [{ name: 'd', type: 'text', values: ['2024-03-01', '2024/03/02', null] }] };
    const d = (t.transform(mixed).matrix as DenseMatrix).data;
    expect(d[1]).toBe(3);
    expect(d[5 + 1]).toBe(3);
    // One order per column (audit: 06/20/2021 was June but 06/03/2021 March 6 in the same file), times
    // parsed here in UTC, not by Date.parse in the machine's time zone.
    expect(parseDate('03/04/2021', true)).toBe(Date.UTC(2021, 2, 4));
    expect(parseDate('13/04/2021', true)).toBe(Date.UTC(2021, 3, 13));
    expect(parseDate('9/1/2021 5:00')).toBe(Date.UTC(2021, 0, 9, 5, 0));
    expect(parseDate('9/1/2021 5:00', true)).toBe(Date.UTC(2021, 8, 1, 5, 0));
    expect(parseDate('4/13/2021 7:40 PM')).toBe(Date.UTC(2021, 3, 13, 19, 40));
    expect(parseDate('4/13/2021 12:05 am')).toBe(Date.UTC(2021, 3, 13, 0, 5));
    expect(parseDate('4/13/2021 13:05 PM')).toBeNaN();
    const us: Frame = { nRows: 3, columns: [{ name: 'd', type: 'text', values: ['06/20/2021', '06/03/2021', 'unknown'] }] };
    const mo = (t.transform(us).matrix as DenseMatrix).data;
    expect([mo[1], mo[5 + 1]]).toEqual([6, 6]);
    const bad: Frame = { nRows: 2, columns: [{ name: 'd', type: 'text', values: ['soon', 'later'] }] };
    expect(() => t.transform(bad)).toThrow(/'d' should hold dates.*'soon'/);
  });
});
