import { describe, expect, it } from 'vitest';
import { appositionAfter, datesIn, placeDay, spanOf, withYear, writtenLabel } from './text-dates.js';

const pick = (text: string) => datesIn(text).map((d) => ({ text: d.text, precision: d.precision, year: d.year, month: d.month, day: d.day }));

describe('dates in the text', () => {
  it('reads dates to the day, the month and the year, the longer reading first', () => {
    expect(pick('On March 3, 2024, in September 1943 and in 1985, and on 3 March.')).toEqual([
      { text: 'March 3, 2024', precision: 'day', year: 2024, month: 3, day: 3 },
      { text: 'September 1943', precision: 'month', year: 1943, month: 9, day: null },
      { text: '1985', precision: 'year', year: 1985, month: null, day: null },
      { text: '3 March', precision: 'day', year: null, month: 3, day: 3 },
    ]);
  });

  it.each([
    ['in 1943', 1943],
    ['since 2011', 2011],
    ['the 1943 uprising', 1943],
    ['(1998)', 1998],
    ['by mid-2019', 2019],
  ])('reads the year in “%s”', (text, year) => {
    expect(pick(text)).toEqual([{ text: String(year), precision: 'year', year, month: null, day: null }]);
  });

  it.each([['the 1940s'], ['1943 people'], ['Route 1943'], ['a 2000 percent rise'], ['$1,943']])('does not read “%s” as a year', (text) => {
    expect(pick(text)).toEqual([]);
  });

  it('says how a date is written and which days it can mean', () => {
    const [sept] = datesIn('By the end of September 1943 the port was open.');
    expect(writtenLabel(sept!)).toBe('September 1943');
    expect(spanOf(sept!)).toEqual({ from: { y: 1943, m: 9, d: 1 }, to: { y: 1943, m: 9, d: 30 } });
    const [yearless] = datesIn('on March 3');
    expect(spanOf(yearless!)).toBeNull();
    expect(spanOf(withYear(yearless!, { y: 2024, m: 3, d: 29 }))).toEqual({ from: { y: 2024, m: 3, d: 3 }, to: { y: 2024, m: 3, d: 3 } });
  });

  it('places a yearless day in the year nearest publication', () => {
    expect(placeDay(12, 28, null, { y: 2025, m: 1, d: 5 })).toEqual({ y: 2024, m: 12, d: 28 });
    expect(placeDay(3, 3, null, { y: 2024, m: 9, d: 1 })).toEqual({ y: 2024, m: 3, d: 3 });
    expect(placeDay(2, 29, null, { y: 2023, m: 3, d: 1 })).toEqual({ y: 2024, m: 2, d: 29 });
  });

  it('reads what is written right after a phrase', () => {
    const text = 'voted yesterday, Wednesday, Nov. 6, to close';
    const at = text.indexOf('yesterday') + 'yesterday'.length;
    expect(appositionAfter(text, at)).toMatchObject({ weekday: 3, date: { text: 'Nov. 6', precision: 'day', month: 11, day: 6 } });
    expect(appositionAfter('next month (April)', 'next month'.length)).toMatchObject({ weekday: null, date: { precision: 'month', month: 4, year: null } });
    expect(appositionAfter('today (Tuesday) classes', 'today'.length)).toMatchObject({ weekday: 2, date: null });
    expect(appositionAfter('next month, May Chen said', 'next month'.length)).toBeNull();
    expect(appositionAfter('yesterday at noon', 'yesterday'.length)).toBeNull();
  });
});
