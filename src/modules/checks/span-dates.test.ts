import { describe, expect, it } from 'vitest';
import { fromSerial } from './calendar.js';
import { allowedDays, reconcile } from './span-dates.js';
import { spansIn } from './spans.js';

const PUB = { y: 2024, m: 3, d: 29 };

const read = (text: string, pub = PUB) => {
  const span = spansIn(text)[0]!;
  return reconcile(span, text, pub);
};

describe('reconciling a span with the dates around it', () => {
  it('gives the day, week, month or range a span allows', () => {
    const label = (text: string) => allowedDays(spansIn(text)[0]!, PUB).label;
    expect(label('Seventy-nine years ago to the day')).toBe('March 29, 1945');
    expect(label('Exactly ten years ago')).toBe('March 29, 2014');
    expect(label('Ten years ago this week')).toBe('the week of March 29, 2014');
    expect(label('Ten years ago this month')).toBe('March 2014');
    expect(label('More than two years ago')).toBe('before March 29, 2022');
    expect(label('Less than two years ago')).toBe('after March 29, 2022');
    expect(label('Five years ago')).toBe('around March 2019');
  });

  it('reads a round count with more latitude than an exact one', () => {
    const round = allowedDays(spansIn('A decade ago')[0]!, PUB);
    const exact = allowedDays(spansIn('Eleven years ago')[0]!, PUB);
    expect(fromSerial(round.from).y).toBe(2012);
    expect(fromSerial(exact.from).y).toBe(2012);
    expect(fromSerial(round.to).y).toBe(2016);
    expect(fromSerial(exact.to).y).toBe(2014);
  });

  it('finds the date that fits, in the sentence or the ones after it', () => {
    expect(read('Seventy-nine years ago to the day, the boats crossed. It was March 29, 1945.')).toMatchObject({ fits: true, date: { text: 'March 29, 1945' } });
    expect(read('Forty-two years ago, in 1982, the pier burned.')).toMatchObject({ fits: true, date: { text: '1982' } });
  });

  it('names the date that contradicts it, as the issue’s example', () => {
    const text = 'Seventy-nine years ago to the day, the boats returned. By the end of September 1943, the city had risen.';
    expect(read(text)).toMatchObject({ fits: false, date: { text: 'September 1943' }, allowed: { label: 'March 29, 1945' } });
    expect(read(text, { y: 2022, m: 9, d: 29 })).toMatchObject({ fits: true, date: { text: 'September 1943' } });
  });

  it('leaves alone dates too far off to be the same event, and dates after publication', () => {
    expect(read('Ten years ago to the day, the bridge collapsed. It had been built in 1932.')).toMatchObject({ fits: false, date: null });
    expect(read('Seventy-nine years ago to the day, the boats crossed. The memorial opened in 1985.')).toMatchObject({ fits: false, date: null });
    expect(read('Two weeks ago, the council set the vote for May 1.')).toMatchObject({ fits: false, date: null });
  });

  it('reads a span without "to the day" only against its own sentence', () => {
    expect(read('Ten years ago, the city rebuilt the pier. It had opened in 2011.')).toMatchObject({ date: null });
    expect(read('Ten years ago, in 2011, the city rebuilt the pier.')).toMatchObject({ fits: false, date: { text: '2011' } });
  });

  it('places a yearless date in the year nearest publication', () => {
    expect(read('The ferry stopped two weeks ago, on March 15.')).toMatchObject({ fits: true });
    expect(read('The ferry stopped two weeks ago, on February 2.')).toMatchObject({ fits: false, date: { text: 'February 2' } });
  });
});
