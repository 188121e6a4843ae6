import { describe, expect, it } from 'vitest';
import type { CheckContext, DraftForChecks } from './checks.types.js';
import { dateDistance, relativeTime } from './dates.check.js';

const draft = (body: string, over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'Council closes pier ferry',
  dek: 'The service will resume in spring.',
  excerpt: '',
  body,
  publishedAt: '2024-03-29T14:00:00Z', // Friday, March 29, 9 a.m. in Chicago
  featuredImage: null,
  siteTimezone: 'America/Chicago',
  ...over,
});
const ctx: CheckContext = { now: new Date('2024-03-26T12:00:00Z') }; // Tuesday, March 26

describe('relative-time', () => {
  it('says what "yesterday" will mean on the publication date', () => {
    expect(relativeTime(draft('The council voted yesterday to close the ferry.'), ctx)).toEqual([
      {
        id: 'relative-time',
        severity: 'warning',
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
    ['five years ago to the day', 'Five years ago to the day, the pier burned.', 'Friday, March 29, 2019'],
    ['2 years ago to the day', 'It was 2 years ago to the day.', 'Tuesday, March 29, 2022'],
  ])('reads “%s”', (phrase, body, reading) => {
    const [r, ...rest] = relativeTime(draft(body), ctx);
    expect(rest).toEqual([]);
    expect(r?.message).toBe(`“${phrase}” will read as ${reading} for a story published Friday, March 29 — check it matches the events.`);
    expect(r?.excerpt?.toLowerCase()).toContain(phrase);
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
  ])('is silent on %s', (_name, body) => {
    expect(relativeTime(draft(body), ctx)).toEqual([]);
  });
});

describe('date-distance', () => {
  const pub = { publishedAt: '2024-03-26T15:00:00Z' }; // March 26, 2024 in Chicago

  it('warns when the only date is long before publication', () => {
    expect(dateDistance(draft('The council voted on March 3, 2023, to close the ferry.', pub), ctx)).toEqual([
      {
        id: 'date-distance',
        severity: 'warning',
        message: "The story's date (March 3, 2023) is 389 days before its publication on March 26, 2024; check the publication date or the dates in the text.",
        excerpt: 'The council voted on March 3, 2023, to close the ferry.',
      },
    ]);
  });

  it('warns when every date is far after publication', () => {
    const [r] = dateDistance(draft('The festival opens on 2024-09-01 and closes 2024-09-08.', pub), ctx);
    expect(r?.message).toMatch(/^The story's dates \(September 1, 2024; September 8, 2024\) are 159 days or more after its publication/);
  });

  it('lists several old dates and gives the nearest distance', () => {
    const [r] = dateDistance(draft('Votes on 3 March 2023 and on the 5th of June, 2022.', pub), ctx);
    expect(r?.message).toMatch(/^The story's dates \(March 3, 2023; June 5, 2022\) are 389 days or more before/);
  });

  it.each([
    ['Sept. 3rd, 2023', 'September 3, 2023'],
    ['March 3 2023', 'March 3, 2023'],
    ['Mar 3, 2023', 'March 3, 2023'],
    ['the 3rd of March, 2023', 'March 3, 2023'],
    ['2023-03-03', 'March 3, 2023'],
  ])('reads the date “%s”', (written, label) => {
    const [r] = dateDistance(draft(`It happened on ${written}, officials said.`, pub), ctx);
    expect(r?.message).toContain(`(${label})`);
    expect(r?.excerpt).toContain(written);
  });

  it('explains dates far on both sides', () => {
    const [r] = dateDistance(draft('Filed on Jan. 5, 2023; hearing set for January 5, 2025.', pub), ctx);
    expect(r?.message).toContain(
      "None of the story's dates (January 5, 2023; January 5, 2025) is within 30 days before or 60 days after its publication on March 26, 2024; the nearest, January 5, 2025, is 285 days after",
    );
    expect(r?.excerpt).toContain('January 5, 2025');
  });

  it('gives a date written without a year the year nearest publication', () => {
    const janPub = { publishedAt: '2025-01-05T18:00:00Z' };
    expect(dateDistance(draft('The fire began on December 28.', janPub), ctx)).toEqual([]);
    const [r] = dateDistance(draft('The fire began on March 3.', { publishedAt: '2024-09-01T18:00:00Z' }), ctx);
    expect(r?.message).toContain('(March 3, 2024) is 182 days before its publication on September 1, 2024');
  });

  it('uses today when no publication date is set', () => {
    const [r] = dateDistance(draft('It happened on 2023-03-03.', { publishedAt: null }), ctx);
    expect(r?.message).toContain('is 389 days before today (March 26, 2024), when it would go out if published now');
  });

  it('keeps the window edges: 30 days before and 60 after are silent, one more day is not', () => {
    expect(dateDistance(draft('On Feb. 25, 2024.', pub), ctx)).toEqual([]);
    expect(dateDistance(draft('On May 25, 2024.', pub), ctx)).toEqual([]);
    expect(dateDistance(draft('On Feb. 24, 2024.', pub), ctx)[0]?.message).toContain('31 days before');
    expect(dateDistance(draft('On May 26, 2024.', pub), ctx)[0]?.message).toContain('61 days after');
  });

  it.each([
    ['no dates', 'The council voted on Tuesday to close the ferry.'],
    ['month-only dates', 'The pier opened in June 2021 and closed in March 2023.'],
    ['a recent date', 'The council voted on March 12 to close the ferry.'],
    ['history next to a recent date', 'The pier opened on May 4, 1884. It closed on March 20, 2024.'],
    ['dates in code', 'Use `2023-03-03` or `March 3, 2023` as the format.'],
    ['dates in addresses', 'See https://example.org/2023-03-03/pier and [the story](/2023/03/03/pier).'],
    ['impossible dates', 'The form says February 30 and 2023-13-01.'],
    ['numbers near months', 'Page 3 of the May report; March 2024 figures.'],
  ])('is silent on %s', (_name, body) => {
    expect(dateDistance(draft(body, pub), ctx)).toEqual([]);
  });
});
