import { describe, expect, it } from 'vitest';
import { textDateFormat, textDateShape } from './text-dates.js';

describe('textDateFormat', () => {
  it('finds the order from a value that rules one out, else day first', () => {
    expect(textDateFormat(['4/13/2021 19:40', '3/4/2021 8:05'])).toBe('%m/%d/%Y %H:%M');
    expect(textDateFormat(['13/04/2021 10:30:15', '03/04/2021 08:00:00'])).toBe('%d/%m/%Y %H:%M:%S');
    expect(textDateFormat(['03.04.2021 10:30', '05.06.2021 11:00'])).toBe('%d.%m.%Y %H:%M');
    expect(textDateFormat(['2021/04/13 10:30', '2021/03/04 08:00'])).toBe('%Y/%m/%d %H:%M');
    expect(textDateFormat(['4/13/2021 7:40 PM', '3/4/2021 11:05 am'])).toBe('%m/%d/%Y %I:%M %p');
    expect(textDateFormat(['2021/04/13T10:30'])).toBe('%Y/%m/%dT%H:%M');
  });

  it('refuses mixed shapes, both orders ruled out, impossible fields and other text', () => {
    expect(textDateFormat(['4/13/2021 19:40', '4/13/2021 19:40:00'])).toBeNull();
    expect(textDateFormat(['4/13/2021 19:40', '13-4-2021 19:40'])).toBeNull();
    expect(textDateFormat(['4/13/2021 19:40', '13/4/2021 19:40'])).toBeNull();
    expect(textDateFormat(['4/13/2021 25:40'])).toBeNull();
    expect(textDateFormat(['4/13/2021 13:40 PM'])).toBeNull();
    expect(textDateFormat(['2021/13/04 10:30'])).toBeNull();
    expect(textDateFormat(['4/13/2021'])).toBeNull(); // a date alone: DuckDB reads those itself
    expect(textDateFormat(['hello', '4/13/2021 19:40'])).toBeNull();
    expect(textDateFormat([])).toBeNull();
  });

  it('takes a column with a few bad cells, the order read from the others; says when the order is open', () => {
    const us = Array.from({ length: 95 }, (_, i) => `${(i % 12) + 1}/${(i % 28) + 1}/2021 ${i % 24}:05`);
    expect(textDateFormat([...us, 'unknown', 'n/a', '4/13/2021', '99/99/2021 10:00', '13/4/2021 25:00'])).toBe('%m/%d/%Y %H:%M');
    expect(textDateFormat([...us.slice(0, 85), ...Array(15).fill('unknown')])).toBeNull();
    // A day-first typo among month-first values rules out month first for itself only: a bad cell.
    expect(textDateShape([...us, '25/04/2021 10:00'])).toEqual({ format: '%m/%d/%Y %H:%M', ambiguous: false });
    expect(textDateFormat([...us.slice(0, 50), ...us.slice(0, 50).map((v) => v.replace(/^(\d+)\/(\d+)/, '$2/$1'))])).toBeNull();
    expect(textDateShape(['5/6/2021 10:00', '7/8/2021 11:00'])).toEqual({ format: '%d/%m/%Y %H:%M', ambiguous: true });
    expect(textDateShape(['13/6/2021 10:00'])).toEqual({ format: '%d/%m/%Y %H:%M', ambiguous: false });
    expect(textDateShape(['2021/06/05 10:00'])).toEqual({ format: '%Y/%m/%d %H:%M', ambiguous: false });
  });
});
