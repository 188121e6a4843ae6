import { describe, expect, it } from 'vitest';
import { anniversary } from './anniversaries.check.js';
import type { CheckContext, DraftForChecks } from './checks.types.js';

const draft = (body: string, publishedAt: string | null = '2024-03-29T15:00:00Z', over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'Naples remembers',
  dek: 'A brass band played on the quay.',
  excerpt: '',
  body,
  publishedAt,
  featuredImage: null,
  siteTimezone: 'America/Chicago',
  ...over,
});
const ctx: CheckContext = { now: new Date('2024-03-26T12:00:00Z') };

const NAPLES =
  'Seventy-nine years ago to the day, the first fishing boats slipped back into the harbour at Naples. By the end of September 1943, the city had risen against its garrison, and the port was working again within weeks.';

describe('anniversary', () => {
  it('warns on March 29, 2024, showing both dates', () => {
    expect(anniversary(draft(NAPLES), ctx)).toEqual([
      {
        id: 'anniversary',
        severity: 'warning',
        message:
          'Seventy-nine years before March 29, 2024 is March 29, 1945, while the text dates the event to September 1943: “Seventy-nine years ago to the day” does not fit. Check the count, the date in the text, or the publication date.',
        excerpt: 'Seventy-nine years ago to the day, the first fishing boats slipped…',
      },
    ]);
  });

  it('only notes it on September 29, 2022, when it fits', () => {
    expect(anniversary(draft(NAPLES, '2022-09-29T15:00:00Z'), ctx)).toEqual([
      {
        id: 'anniversary',
        severity: 'note',
        message:
          '“seventy-nine years ago to the day” reads as Wednesday, September 29, 1943 for a story published Thursday, September 29, 2022, matching September 1943 in the text. It holds only for that publication date.',
        excerpt: 'Seventy-nine years ago to the day, the first fishing boats slipped…',
      },
    ]);
  });

  it("reads the publication day in the site's time zone", () => {
    const body = 'Seventy-nine years ago to the day, on March 29, 1945, the first boats crossed the river.';
    // 02:30 UTC on March 30 is the evening of March 29 in Chicago, but March 30 in UTC.
    expect(anniversary(draft(body, '2024-03-30T02:30:00Z'), ctx).map((r) => r.severity)).toEqual(['note']);
    expect(anniversary(draft(body, '2024-03-30T02:30:00Z', { siteTimezone: 'UTC' }), ctx).map((r) => r.severity)).toEqual(['warning']);
  });

  it.each([
    ['Thirteen years ago to the day, on March 29, 2010, the dam broke.', 'Thirteen years before March 29, 2024 is March 29, 2011, while the text dates the event to March 29, 2010'],
    ['Eighteen years ago to the day, on March 3, 2006, the levee failed.', 'Eighteen years before March 29, 2024 is March 29, 2006, while the text dates the event to March 3, 2006'],
    ['Exactly ten years ago today, the bridge opened in July 2013.', 'Ten years before March 29, 2024 is March 29, 2014, while the text dates the event to July 2013'],
    ['A decade ago, in 2009, the cannery closed.', 'A decade before March 29, 2024 is March 29, 2014, so “A decade ago” means around March 2014'],
    ['More than two decades ago, in 2008, the bypass was proposed.', 'means before March 29, 2004, while the text dates the event to 2008'],
    ['Nearly thirty years ago, in 1989, the shop opened.', 'means just after March 29, 1994'],
    ['It is twenty-five years to the day since the dam failed on March 29, 1998.', 'Twenty-five years before March 29, 2024 is March 29, 1999'],
  ])('warns on “%s”', (body, says) => {
    const [r, ...rest] = anniversary(draft(body), ctx);
    expect(rest).toEqual([]);
    expect(r?.severity).toBe('warning');
    expect(r?.message).toContain(says);
  });

  it('warns when an ordinal anniversary falls in another year than the story', () => {
    const [r] = anniversary(draft('Friday marks the 78th anniversary of the end of the war in Europe, on May 8, 1945.', '2024-05-10T15:00:00Z'), ctx);
    expect(r).toMatchObject({
      severity: 'warning',
      message:
        'The 78th anniversary of an event the text dates to May 8, 1945 falls on May 8, 2023, but the story is dated May 10, 2024. Check the count, the date in the text, or the publication date.',
    });
    expect(anniversary(draft('Friday marks the 79th anniversary of the end of the war in Europe, on May 8, 1945.', '2024-05-10T15:00:00Z'), ctx)).toEqual([]);
  });

  it('says when there is no publication date yet', () => {
    const [r] = anniversary(draft('Ten years ago to the day, on March 3, 2014, the bridge opened.', null), ctx);
    expect(r?.message).toContain('Ten years before today, March 26, 2024 (the story has no publication date yet) is March 26, 2014');
  });

  it('notes a span with no date to compare, once per phrase', () => {
    expect(anniversary(draft('Five years ago, the pier burned. Five years ago, nobody came.'), ctx)).toEqual([
      {
        id: 'anniversary',
        severity: 'note',
        message: '“five years ago” (used 2 times) reads as 2019 for a story published Friday, March 29. It will go out of date as the story ages.',
        excerpt: 'Five years ago, the pier burned. Five years ago,…',
      },
    ]);
  });

  it.each([
    ['an ordinal anniversary with no date', 'The festival celebrates its 15th anniversary this summer.'],
    ['spans counted from another event', 'Twenty years later, the porch was added. It had been ten years since the last repair in 2019.'],
    ['an anniversary whose own date is given', 'The show was made for the 50th anniversary of the moon landing, in July 2019.'],
    ['months and weeks (read by relative-time)', 'The ferry stopped two weeks ago, on February 2.'],
  ])('is silent on %s', (_name, body) => {
    expect(anniversary(draft(body), ctx)).toEqual([]);
  });
});
