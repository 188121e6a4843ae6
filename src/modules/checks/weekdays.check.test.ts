import { describe, expect, it } from 'vitest';
import type { CheckContext, DraftForChecks } from './checks.types.js';
import { weekday } from './weekdays.check.js';

const draft = (body: string, publishedAt: string | null = '2025-11-10T15:00:00Z', over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'County board backs jail clinic',
  dek: 'The vote was 5-2.',
  excerpt: '',
  body,
  publishedAt,
  featuredImage: null,
  siteTimezone: 'America/New_York',
  ...over,
});
const ctx: CheckContext = { now: new Date('2025-11-10T12:00:00Z') };

describe('weekday', () => {
  it('warns when the weekday is not the date’s, in the publication year when none is written', () => {
    expect(weekday(draft('On Wednesday, November 6, the county board voted 5-2.'), ctx)).toEqual([
      {
        id: 'weekday',
        severity: 'warning',
        message: 'November 6, 2025 is a Thursday, not a Wednesday (no year is written, so the year of publication, 2025, is assumed). Correct the weekday or the date.',
        excerpt: 'On Wednesday, November 6, the county board voted 5-2.',
      },
    ]);
  });

  it.each([
    ['a written year', 'The recount ended Tue., Nov. 5, 2025, with Ortiz ahead.', 'November 5, 2025 is a Wednesday, not a Tuesday.', 'Tue., Nov. 5, 2025'],
    ['a weekday in brackets', 'Crews finished on Thursday (November 7) ahead of schedule.', 'is a Friday, not a Thursday', 'Thursday (November 7)'],
    ['a weekday after the date', 'The bells rang on November 3, a Sunday, for the first time.', 'is a Monday, not a Sunday', 'November 3, a Sunday'],
    ['day before month', 'Volunteers counted 12,000 visitors on Saturday, 2 November.', 'is a Sunday, not a Saturday', 'Saturday, 2 November'],
    ['an ordinal day', 'Runners start on Sunday, the 8th of November.', 'is a Saturday, not a Sunday', 'Sunday, the 8th of November'],
  ])('warns with %s', (_name, body, says, excerpt) => {
    const [r, ...rest] = weekday(draft(body), ctx);
    expect(rest).toEqual([]);
    expect(r?.message).toContain(says);
    expect(r?.excerpt).toContain(excerpt);
  });

  it('reads a December date in a January story in the year before, and warns only when neither year fits', () => {
    const january = '2025-01-03T15:00:00Z';
    expect(weekday(draft('Freezing rain began on Tuesday, December 31.', january), ctx)).toEqual([]);
    const [r] = weekday(draft('Freezing rain began on Monday, December 31.', january), ctx);
    expect(r?.message).toContain('December 31, 2025 is a Wednesday, not a Monday');
  });

  it('checks the headline, saying so', () => {
    const [r] = weekday(draft('Fine.', '2024-05-10T15:00:00Z', { headline: 'Council to vote Thursday, May 15 on fares' }), ctx);
    expect(r?.message).toMatch(/^In the headline: May 15, 2024 is a Wednesday, not a Thursday/);
  });

  it.each([
    ['a right weekday with a year', 'On Wednesday, November 5, 2025, the board voted.'],
    ['a right weekday without a year', 'The recount ended Wed., Nov. 5, with Ortiz ahead.'],
    ['a range', 'The festival runs from Friday, November 14, to Sunday, November 16.'],
    ['a weekday and a date in different sentences', 'The fair is on Tuesday. November 6 is the deadline.'],
    ['a weekday with no date', 'The board meets on Wednesday.'],
    ['a weekday next to a year only', 'On Wednesday, in 2019, the board met.'],
    ['code', 'Type `Wednesday, November 6` in the field.'],
  ])('is silent on %s', (_name, body) => {
    expect(weekday(draft(body), ctx)).toEqual([]);
  });
});
