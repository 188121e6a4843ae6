import { describe, expect, it } from 'vitest';
import { parseAmount, spansIn } from './spans.js';

const one = (text: string) => {
  const spans = spansIn(text);
  expect(spans, text).toHaveLength(1);
  return spans[0]!;
};

describe('spans of time', () => {
  it.each([
    ['Seventy-nine years ago to the day, the boats returned.', 'Seventy-nine years ago to the day', 79, 'about', 'day'],
    ['Forty-two years ago, the pier burned.', 'Forty-two years ago', 42, 'about', null],
    ['Thirty-one years ago this week, it opened.', 'Thirty-one years ago this week', 31, 'about', 'week'],
    ['Thirteen years ago to the day, the wave hit.', 'Thirteen years ago to the day', 13, 'about', 'day'],
    ['Eighteen years ago to the day, the levee failed.', 'Eighteen years ago to the day', 18, 'about', 'day'],
    ['Exactly ten years ago today, the bridge opened.', 'Exactly ten years ago today', 10, 'exact', 'day'],
    ['It was 50 years ago this month that it closed.', '50 years ago this month', 50, 'about', 'month'],
    ['Nearly thirty years ago, she opened the shop.', 'Nearly thirty years ago', 30, 'nearly', null],
    ['More than two decades ago, the bypass was proposed.', 'More than two decades ago', 20, 'over', null],
    ['A decade ago, the cannery closed.', 'A decade ago', 10, 'about', null],
    ['Half a century ago, the drive-in opened.', 'Half a century ago', 50, 'about', null],
    ['It is 79 years to the day since the uprising.', '79 years to the day since', 79, 'about', 'day'],
    ['The ferry stopped two weeks ago.', 'two weeks ago', 2, 'about', null],
  ] as const)('reads “%s”', (text, shown, amount, qualifier, anchor) => {
    const span = one(text);
    expect(span).toMatchObject({ kind: 'ago', text: shown, amount, qualifier, anchor });
    expect(text.slice(span.start, span.end)).toBe(shown);
  });

  it('counts decades and centuries in years, and marks round counts', () => {
    expect(parseAmount('two decades')).toEqual({ amount: 20, unit: 'year', round: true });
    expect(parseAmount('a century')).toEqual({ amount: 100, unit: 'year', round: true });
    expect(parseAmount('a quarter of a century')).toEqual({ amount: 25, unit: 'year', round: true });
    expect(parseAmount('fifty years')).toEqual({ amount: 50, unit: 'year', round: true });
    expect(parseAmount('seventy-nine years')).toEqual({ amount: 79, unit: 'year', round: false });
    expect(parseAmount('three months')).toEqual({ amount: 3, unit: 'month', round: false });
    expect(parseAmount('a year')).toEqual({ amount: 1, unit: 'year', round: false });
  });

  it.each([
    ['the 79th anniversary', 79],
    ['the seventy-ninth anniversary', 79],
    ['its centenary', 100],
    ['the bicentennial', 200],
  ] as const)('reads the anniversary in “%s”', (text, amount) => {
    expect(one(text)).toMatchObject({ kind: 'anniversary', amount, unit: 'year' });
  });

  it.each([
    ['spans counted from another event', 'Twenty years later, the porch was added. Ten years on, it fell.'],
    ['a past perfect "since"', 'It had been ten years since the last repair.'],
    ['numbers that are not whole counts', 'It happened 2.5 years ago, or 1,000 years ago.'],
    ['durations without "ago"', 'The work took two years and the pier is 79 years old.'],
  ])('ignores %s', (_name, text) => {
    expect(spansIn(text)).toEqual([]);
  });
});
