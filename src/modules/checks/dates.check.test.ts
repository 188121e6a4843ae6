import { describe, expect, it } from 'vitest';
import type { CheckContext } from './checks.types.js';
import { dateDistance } from './dates.check.js';
import { testDraft } from './checks.test-support.js';

const draft = testDraft;
const ctx: CheckContext = { now: new Date('2024-03-26T12:00:00Z') }; // Tuesday, March 26

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
    ['a date an anniversary accounts for', 'Seventy-nine years ago to the day, on March 26, 1945, the first boats crossed the river.'],
    ['a date a span contradicts (the anniversary check reports it)', 'Ten years ago to the day, on March 3, 2013, the bridge opened.'],
  ])('is silent on %s', (_name, body) => {
    expect(dateDistance(draft(body, pub), ctx)).toEqual([]);
  });

  it('still counts the other dates of a story with an anniversary', () => {
    const [r] = dateDistance(draft('Seventy-nine years ago to the day, on March 26, 1945, the boats crossed. The memorial opened on June 5, 2023.', pub), ctx);
    expect(r?.message).toContain('(June 5, 2023)');
  });
});
