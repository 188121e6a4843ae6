import { describe, expect, it } from 'vitest';
import type { DraftForChecks } from './checks.types.js';
import { characterCount, headlineLength, missingDek, missingHeadline } from './fields.check.js';

const draft = (over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'Council closes pier ferry for the winter',
  dek: 'The service will resume in spring.',
  excerpt: '',
  body: 'The city council voted 7–2 on Tuesday to close the Navy Pier ferry for the winter.',
  publishedAt: '2024-03-29T14:00:00Z',
  featuredImage: null,
  siteTimezone: 'America/Chicago',
  ...over,
});

describe('missing-headline', () => {
  it.each(['', '   ', '\t\n'])('is a blocker for %j', (headline) => {
    const [r, ...rest] = missingHeadline(draft({ headline }));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'missing-headline', severity: 'blocker' });
    expect(r?.message).toMatch(/no headline/);
  });

  it('is silent with a headline', () => {
    expect(missingHeadline(draft())).toEqual([]);
  });
});

describe('missing-dek', () => {
  it('warns when there is neither a dek nor an excerpt, showing what will be used instead', () => {
    const [r] = missingDek(draft({ dek: '  ', excerpt: '' }));
    expect(r).toMatchObject({
      id: 'missing-dek',
      severity: 'warning',
      excerpt: 'The city council voted 7–2 on Tuesday to close the Navy Pier ferry for the winter.',
    });
    expect(r?.message).toContain('no dek and no excerpt');
  });

  it('warns without an excerpt when the body is empty too', () => {
    const [r] = missingDek(draft({ dek: '', body: '' }));
    expect(r?.id).toBe('missing-dek');
    expect(r?.excerpt).toBeUndefined();
  });

  it('is silent with a dek, or with an explicit excerpt', () => {
    expect(missingDek(draft())).toEqual([]);
    expect(missingDek(draft({ dek: '', excerpt: 'The ferry stops on Nov. 1.' }))).toEqual([]);
  });
});

describe('headline-length', () => {
  it('warns over 110 characters and gives the count', () => {
    const headline = 'A'.repeat(60) + ' ' + 'b'.repeat(50); // 111
    const [r] = headlineLength(draft({ headline }));
    expect(r).toMatchObject({ id: 'headline-length', severity: 'warning', excerpt: headline });
    expect(r?.message).toContain('111 characters');
    expect(r?.message).toContain('1 over');
  });

  it('is silent at exactly 110', () => {
    expect(headlineLength(draft({ headline: 'x'.repeat(110) }))).toEqual([]);
  });

  it('counts user-perceived characters: flags, accents and emoji count once', () => {
    expect(characterCount('🇺🇸')).toBe(1);
    expect(characterCount('Se\u0301rgio')).toBe(6);
    expect(characterCount('👩‍👩‍👧')).toBe(1);
    // 100 flags: 200 code points, 400 UTF-16 units, but 100 characters.
    expect(headlineLength(draft({ headline: '🇺🇦'.repeat(100) }))).toEqual([]);
  });

  it('does not count runs of spaces or surrounding whitespace', () => {
    const headline = `  ${'word '.repeat(21)}ab  `; // 107 once trimmed, but padded with spaces
    expect(headlineLength(draft({ headline: headline.replace(/ /g, '   ') }))).toEqual([]);
  });
});
