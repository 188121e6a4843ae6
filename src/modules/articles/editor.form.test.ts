import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { parseArticleForm, parseByline, parseLocalDateTime, parseTags, parseVersion, value, withoutUntouchedDate } from './editor.form.js';

const TZ = 'America/Chicago';

/** The status of the AppError `fn` throws. */
function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.status;
    throw err;
  }
  return undefined;
}

describe('parseArticleForm', () => {
  it('reads every field of a complete editor form', () => {
    const fields = parseArticleForm(
      {
        _csrf: 'x',
        baseVersion: '3',
        headline: '  Pier to close for winter  ',
        slug: 'pier-closes',
        dek: 'The council voted 7–2.',
        body: 'First line.\r\n\r\n> A quote\r\n> — Someone',
        excerpt: 'Short.',
        sectionId: '4',
        tags: 'harbour, Pier , , council, HARBOUR',
        author1: '7',
        author2: '',
        author3: '2',
        featuredImageId: '12',
        developing: ['0', '1'],
        readNextId: '9',
        commentPrompt: 'Will you miss it?',
        commentStatus: 'closed',
        commentsCloseAt: '2024-11-03T01:30',
      },
      TZ,
    );
    expect(fields).toEqual({
      headline: 'Pier to close for winter',
      slug: 'pier-closes',
      dek: 'The council voted 7–2.',
      body: 'First line.\n\n> A quote\n> — Someone',
      excerpt: 'Short.',
      sectionId: 4,
      tags: ['harbour', 'Pier', 'council'],
      authorIds: [7, 2],
      featuredImageId: 12,
      developing: true,
      readNextId: 9,
      commentPrompt: 'Will you miss it?',
      commentStatus: 'closed',
      // The earlier of the two 01:30s that night (CDT).
      commentsCloseAt: '2024-11-03T06:30:00.000Z',
    });
  });

  it('clears optional fields sent empty', () => {
    const fields = parseArticleForm({ sectionId: '', featuredImageId: ' ', readNextId: '', tags: '', commentsCloseAt: '', author1: '', developing: '0' }, TZ);
    expect(fields).toEqual({ sectionId: null, featuredImageId: null, readNextId: null, tags: [], commentsCloseAt: null, authorIds: [], developing: false });
  });

  it('reads the original publication date in the site zone, empty as none', () => {
    expect(parseArticleForm({ publishedAt: '2019-05-01T09:30' }, TZ)).toEqual({ publishedAt: '2019-05-01T14:30:00.000Z' });
    expect(parseArticleForm({ publishedAt: '' }, TZ)).toEqual({ publishedAt: null });
    expect(() => parseArticleForm({ publishedAt: 'last spring' }, TZ)).toThrow('The original publication date must be a date and time');
  });

  it('leaves a stored date alone when the form sends it back as shown, even in the hour that repeats', () => {
    // 01:30 CST on November 3, 2024, the second 01:30 of the night: read again, "01:30" would be the first (CDT).
    const stored = '2024-11-03T07:30:00.000Z';
    const form = { publishedAt: '2024-11-03T01:30', dek: 'New dek' };
    const fields = parseArticleForm(form, TZ);
    expect(fields.publishedAt).toBe('2024-11-03T06:30:00.000Z');
    expect(withoutUntouchedDate(fields, form, stored, TZ)).toEqual({ dek: 'New dek' });
    expect(withoutUntouchedDate(parseArticleForm({ publishedAt: '2024-11-03T01:45' }, TZ), { publishedAt: '2024-11-03T01:45' }, stored, TZ)).toEqual({ publishedAt: '2024-11-03T06:45:00.000Z' });
    expect(withoutUntouchedDate({ publishedAt: null }, { publishedAt: '' }, stored, TZ)).toEqual({ publishedAt: null });
    expect(withoutUntouchedDate({ publishedAt: '2019-05-01T14:30:00.000Z' }, { publishedAt: '2019-05-01T09:30' }, null, TZ)).toEqual({ publishedAt: '2019-05-01T14:30:00.000Z' });
  });

  it('leaves out what was not sent', () => {
    expect(parseArticleForm({ headline: 'Only this' }, TZ)).toEqual({ headline: 'Only this' });
    expect(parseArticleForm({}, TZ)).toEqual({});
  });

  it('reads JSON values as sent by the autosave script', () => {
    expect(parseArticleForm({ developing: false, sectionId: 3, headline: 'H' }, TZ)).toEqual({ developing: false, sectionId: 3, headline: 'H' });
    expect(parseArticleForm({ developing: '1' }, TZ)).toEqual({ developing: true });
  });

  it('refuses values it cannot read with a 422', () => {
    expect(statusOf(() => parseArticleForm({ sectionId: 'news' }, TZ))).toBe(422);
    expect(statusOf(() => parseArticleForm({ featuredImageId: '-1' }, TZ))).toBe(422);
    expect(statusOf(() => parseArticleForm({ readNextId: '0' }, TZ))).toBe(422);
    expect(statusOf(() => parseArticleForm({ commentStatus: 'maybe' }, TZ))).toBe(422);
    expect(statusOf(() => parseArticleForm({ developing: 'perhaps' }, TZ))).toBe(422);
    expect(statusOf(() => parseArticleForm({ commentsCloseAt: 'next tuesday' }, TZ))).toBe(422);
    expect(statusOf(() => parseArticleForm({ headline: { nested: true } }, TZ))).toBe(422);
  });
});

describe('parseByline', () => {
  it('keeps the order of the rows, not of the keys', () => {
    expect(parseByline({ author3: '5', author1: '9', author2: '1' })).toEqual([9, 1, 5]);
    expect(parseByline({ author10: '4', author2: '3' })).toEqual([3, 4]);
  });
  it('skips empty rows and says when no row was sent', () => {
    expect(parseByline({ author1: '', author2: '6', author3: '' })).toEqual([6]);
    expect(parseByline({ headline: 'x' })).toBeUndefined();
  });
  it('refuses the same author twice', () => {
    expect(statusOf(() => parseByline({ author1: '6', author2: '6' }))).toBe(422);
  });
  it('ignores names that only look like rows', () => {
    expect(parseByline({ author0: '1', authorX: '2', author1: '3' })).toEqual([3]);
  });
});

describe('parseTags', () => {
  it('trims, collapses spaces and drops repeats in any case', () => {
    expect(parseTags(' Harbour  front , harbour FRONT,pier,, ')).toEqual(['Harbour front', 'pier']);
    expect(parseTags('')).toEqual([]);
  });
  it('refuses more than 30 tags', () => {
    expect(statusOf(() => parseTags(Array.from({ length: 31 }, (_, i) => `t${i}`).join(',')))).toBe(422);
  });
});

describe('parseLocalDateTime', () => {
  it('reads the site zone, with seconds when given', () => {
    expect(parseLocalDateTime('2024-03-29T16:00', TZ, 'x')).toBe('2024-03-29T21:00:00.000Z');
    expect(parseLocalDateTime('2024-03-29T16:00:30', TZ, 'x')).toBe('2024-03-29T21:00:30.000Z');
    expect(parseLocalDateTime('  ', TZ, 'x')).toBeNull();
  });
  it('names the field when it cannot read it', () => {
    try {
      parseLocalDateTime('2024-13-01T00:00', TZ, 'The publication time');
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).status).toBe(422);
      expect((err as AppError).message).toContain('The publication time');
    }
  });
});

describe('value and parseVersion', () => {
  it('takes the last of repeated values', () => {
    expect(value({ a: ['1', '2'] }, 'a')).toBe('2');
    expect(value({}, 'a')).toBeUndefined();
    expect(value({ a: null }, 'a')).toBeUndefined();
  });
  it('reads a version, or answers 400', () => {
    expect(parseVersion('12')).toBe(12);
    expect(parseVersion(undefined)).toBeUndefined();
    expect(parseVersion('')).toBeUndefined();
    expect(statusOf(() => parseVersion('1.5'))).toBe(400);
    expect(statusOf(() => parseVersion('-3'))).toBe(400);
  });
});
