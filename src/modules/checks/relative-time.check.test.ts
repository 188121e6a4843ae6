import { describe, expect, it } from 'vitest';
import type { CheckContext } from './checks.types.js';
import { relativeTime } from './relative-time.check.js';
import { testDraft } from './checks.test-support.js';

const draft = testDraft;
const ctx: CheckContext = { now: new Date('2024-03-26T12:00:00Z') }; // Tuesday, March 26

describe('relative-time', () => {
  it('notes what "yesterday" will mean on the publication date', () => {
    expect(relativeTime(draft('The council voted yesterday to close the ferry.'), ctx)).toEqual([
      {
        id: 'relative-time',
        severity: 'note',
        message: '“yesterday” will read as Thursday, March 28 for a story published Friday, March 29 — check it matches the events.',
        excerpt: 'The council voted yesterday to close the ferry.',
      },
    ]);
  });

  it("uses the calendar day in the site's time zone", () => {
    // 03:00 UTC on March 30 is still the evening of Friday, March 29 in Chicago.
    const late = { publishedAt: '2024-03-30T03:00:00Z' };
    const [chicago] = relativeTime(draft('The vote was yesterday.', late), ctx);
    expect(chicago?.message).toContain('Thursday, March 28 for a story published Friday, March 29');
    const [utc] = relativeTime(draft('The vote was yesterday.', { ...late, siteTimezone: 'UTC' }), ctx);
    expect(utc?.message).toContain('Friday, March 29 for a story published Saturday, March 30');
  });

  it('uses "now" when no publication date is set', () => {
    const [r] = relativeTime(draft('The ferry stops tomorrow.', { publishedAt: null }), ctx);
    expect(r?.message).toBe('“tomorrow” will read as Wednesday, March 27 if the story is published today (Tuesday, March 26) — check it matches the events.');
  });

  it.each([
    ['today', 'Crews are at the pier today.', 'Friday, March 29'],
    ['tonight', 'The last ferry sails tonight.', 'the evening of Friday, March 29'],
    ['this morning', 'Divers went down this morning.', 'the morning of Friday, March 29'],
    ['last night', 'Protesters gathered last night.', 'the night of Thursday, March 28'],
    ['last week', 'The council met last week.', 'the week of Monday, March 18'],
    ['next week', 'Repairs begin next week.', 'the week of Monday, April 1'],
    ['last month', 'Ridership fell last month.', 'February'],
    ['next month', 'Bids are due next month.', 'April'],
    ['last year', 'The pier turned 140 last year.', '2023'],
    ['next year', 'It will reopen next year.', '2025'],
    ['last Tuesday', 'The board met last Tuesday.', 'Tuesday, March 26'],
    ['two weeks ago', 'The ferry stopped two weeks ago.', 'Friday, March 15'],
    ['three months ago', 'The plan was announced three months ago.', 'December 2023'],
  ])('reads “%s”', (phrase, body, reading) => {
    const [r, ...rest] = relativeTime(draft(body), ctx);
    expect(rest).toEqual([]);
    expect(r?.message).toBe(`“${phrase}” will read as ${reading} for a story published Friday, March 29 — check it matches the events.`);
    expect(r?.excerpt?.toLowerCase()).toContain(phrase.toLowerCase());
  });

  it('shows years across a year boundary', () => {
    const [r] = relativeTime(draft('The fire started yesterday.', { publishedAt: '2025-01-01T15:00:00Z' }), {
      now: new Date('2024-12-20T12:00:00Z'),
    });
    expect(r?.message).toContain('Tuesday, December 31, 2024 for a story published Wednesday, January 1, 2025');
  });

  it('reports a phrase once, with how many times it is used, and checks quotes and the headline', () => {
    const body = '“We met yesterday,” she said.\n\nYesterday’s meeting ran late. Today, talks resume.';
    const results = relativeTime(draft(body, { headline: 'Council Votes Today on Pier' }), ctx);
    expect(results.map((r) => r.message.split(' will read')[0])).toEqual(['In the headline: “today” (used 2 times)', '“yesterday” (used 2 times)']);
  });

  it.each([
    ['names of programmes and papers', 'She told the Today programme and USA Today. He appeared on The Tonight Show.'],
    ['phrases about another period', 'In the last week of June, and in his last year in office, over the next year.'],
    ['weekday names', 'The council met on Monday and will vote on Friday.'],
    ['code', 'Set `today` or `last week` in the filter.'],
    ['words that contain the phrases', 'Yesteryear’s todays-and-tomorrows mural.'],
    ['dated prose', 'The council voted on March 28 to close the ferry.'],
    ['spans of years, which the anniversary check reads', 'Five years ago to the day, and exactly ten years ago today, the pier burned.'],
  ])('is silent on %s', (_name, body) => {
    expect(relativeTime(draft(body), ctx)).toEqual([]);
  });

  it('warns, with both readings, when the weekday and date written next to "yesterday" are another day', () => {
    const friday = { publishedAt: '2024-11-08T15:00:00Z' }; // Friday, November 8
    expect(relativeTime(draft('The council voted yesterday, Wednesday, November 6, to delay the lease.', friday), ctx)).toEqual([
      {
        id: 'relative-time',
        severity: 'warning',
        message:
          '“yesterday” is Thursday, November 7 for a story published Friday, November 8, but the text gives the date as November 6, 2024. Correct the phrase or the date, or check the publication date.',
        excerpt: 'The council voted yesterday, Wednesday, November 6, to delay the lease.',
      },
    ]);
  });

  it.each([
    ['a weekday in brackets', 'Today (Tuesday) classes resumed.', 'the text calls it Tuesday'],
    ['a weekday after a comma', 'The market opens tomorrow, Sunday, at the armory.', 'the text calls it Sunday'],
    ['a weekday after "last night"', 'The fire broke out last night (Friday) on Quay Road.', 'the text calls it Friday'],
    ['a date after "last Tuesday"', 'The board met last Tuesday, March 12, to choose.', 'the text gives the date as March 12, 2024'],
    ['a month after "next month"', 'The pool reopens next month, in June, after repairs.', 'the text says June'],
    ['a year after "last year"', 'Visitors spent $212 million last year (2022).', 'the text says 2022'],
    ['a date outside "last week"', 'The council met last week, on March 12.', 'the text gives the date as March 12, 2024'],
  ])('warns on %s that disagrees', (_name, body, why) => {
    const [r, ...rest] = relativeTime(draft(body), ctx); // published Friday, March 29, 2024
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'relative-time', severity: 'warning' });
    expect(r?.message).toContain(`but ${why}.`);
  });

  it('warns when a span of weeks contradicts the date in its sentence, and notes it when it agrees', () => {
    const [wrong] = relativeTime(draft('The ferry stopped two weeks ago, on February 2, after a fire.'), ctx);
    expect(wrong).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('“two weeks ago” is around March 15, 2024 for a story published Friday, March 29, but the text dates the event to February 2, 2024'),
    });
    const [right] = relativeTime(draft('The ferry stopped two weeks ago, on March 15, after a fire.'), ctx);
    expect(right).toMatchObject({ severity: 'note' });
  });

  it.each([
    ['the right weekday and date', 'The council voted yesterday, Thursday, March 28, to close the pier.'],
    ['"last Tuesday" a week further back', 'The board met last Tuesday, March 19, to choose.'],
    ['"next month" with its month', 'The pool reopens next month, in April.'],
    ['"last week" with a day in it', 'The council met last week, on March 20.'],
    ['a name after a comma, not a month', 'Tickets go on sale next month, May Chen said.'],
  ])('only notes %s', (_name, body) => {
    expect(relativeTime(draft(body), ctx).map((r) => r.severity)).toEqual(['note']);
  });
});
