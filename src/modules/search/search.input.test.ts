import { describe, expect, it } from 'vitest';
import { parseDateRange } from './search.input.js';

describe('parseDateRange', () => {
  const zone = 'America/Chicago';

  it('reads whole days in the site’s zone, both ends included', () => {
    expect(parseDateRange('2024-03-01', '2024-03-29', zone)).toEqual({
      from: '2024-03-01',
      to: '2024-03-29',
      fromInstant: '2024-03-01T06:00:00.000Z',
      toInstant: '2024-03-30T05:00:00.000Z',
    });
    // The day the clocks change is 23 hours long.
    expect(parseDateRange('2024-03-10', '2024-03-10', zone)).toMatchObject({ fromInstant: '2024-03-10T06:00:00.000Z', toInstant: '2024-03-11T05:00:00.000Z' });
    expect(parseDateRange(' 2024-02-29 ', '', zone)).toEqual({ from: '2024-02-29', to: null, fromInstant: '2024-02-29T06:00:00.000Z' });
    expect(parseDateRange(undefined, undefined, zone)).toEqual({ from: null, to: null });
    // The last day there is: no end at all.
    expect(parseDateRange(undefined, '9999-12-31', zone)).toEqual({ from: null, to: '9999-12-31' });
  });

  it('refuses what is not a date, and a range that ends before it starts, with a 400 saying so', () => {
    for (const [from, to, message] of [
      ['2023-02-29', undefined, /"from" must be a date written as YYYY-MM-DD/],
      ['2024-13-01', undefined, /"from"/],
      ['0999-01-01', undefined, /"from"/],
      ['24-03-01', undefined, /"from"/],
      ['yesterday', undefined, /"from"/],
      [undefined, '2024-03-01T10:00', /"to" must be a date/],
      ['2024-03-29', '2024-03-01', /ends \(2024-03-01\) before it starts \(2024-03-29\)/],
    ] as const) {
      let error: unknown;
      try {
        parseDateRange(from, to, zone);
      } catch (err) {
        error = err;
      }
      expect(error, `${from} ${to}`).toMatchObject({ status: 400, code: 'bad_request', message: expect.stringMatching(message) });
    }
  });
});
