import { describe, expect, it } from 'vitest';
import { checkDateBounds, parseOffsetDateTime, pastDate, PUBLISH_AT, PUBLISHED_AT, publicationTime, sameSecond } from './articles.dates.js';

const NOW = '2024-03-29T15:00:00.000Z';

describe('parseOffsetDateTime', () => {
  it('reads ISO 8601 with every form of offset into UTC', () => {
    expect(parseOffsetDateTime('2019-05-01T09:30:00-05:00', PUBLISHED_AT)).toBe('2019-05-01T14:30:00.000Z');
    expect(parseOffsetDateTime('2019-05-01T14:30:00Z', PUBLISHED_AT)).toBe('2019-05-01T14:30:00.000Z');
    expect(parseOffsetDateTime('2019-05-01t14:30z', PUBLISHED_AT)).toBe('2019-05-01T14:30:00.000Z');
    expect(parseOffsetDateTime('2019-05-01T16:30:00.25+0200', PUBLISHED_AT)).toBe('2019-05-01T14:30:00.250Z');
    expect(parseOffsetDateTime('2019-05-01T20:00+05:30', PUBLISHED_AT)).toBe('2019-05-01T14:30:00.000Z');
    expect(parseOffsetDateTime(' 2019-05-01T15:30:00+01 ', PUBLISHED_AT)).toBe('2019-05-01T14:30:00.000Z');
  });

  it('refuses what is not a real date and time with an offset, naming the field', () => {
    for (const bad of [
      '2019-05-01T09:30:00',
      '2019-05-01',
      'yesterday',
      '',
      '2019-02-29T10:00:00Z',
      '2019-13-01T10:00:00Z',
      '2019-05-01T24:00:00Z',
      '2019-05-01T10:00:00+25:00',
      '0000-00-00 00:00:00',
    ]) {
      expect(() => parseOffsetDateTime(bad, PUBLISHED_AT), bad).toThrow(/^The original publication date \(publishedAt\) must be a date and time in ISO 8601 with its time zone offset/);
    }
    expect(() => parseOffsetDateTime(20190501, PUBLISHED_AT)).toThrow(/\(publishedAt\) must be a date and time/);
    expect(() => parseOffsetDateTime('2020-02-29T10:00:00Z', PUBLISHED_AT)).not.toThrow();
  });
});

describe('the range a story date may have', () => {
  it('takes past dates from 1970 on, and refuses the future for an original publication date', () => {
    expect(pastDate('1970-01-01T00:00:00Z', PUBLISHED_AT, NOW)).toBe('1970-01-01T00:00:00.000Z');
    expect(pastDate(NOW, PUBLISHED_AT, NOW)).toBe(NOW);
    expect(() => pastDate('1969-12-31T23:59:59Z', PUBLISHED_AT, NOW)).toThrow('The original publication date (publishedAt) is 1969-12-31, before 1970');
    expect(() => pastDate('1970-01-01T00:30:00+01:00', PUBLISHED_AT, NOW)).toThrow(/before 1970/);
    expect(() => pastDate('2024-03-29T15:00:01Z', PUBLISHED_AT, NOW)).toThrow(/\(publishedAt\) is 2024-03-29T15:00:01.000Z, which has not come yet/);
    expect(() => pastDate('9999-01-01T00:00:00Z', PUBLISHED_AT, NOW)).toThrow(/more than 10 years ahead/);
  });

  it('takes publication times up to ten years ahead', () => {
    expect(publicationTime('2034-03-29T15:00:00Z', PUBLISH_AT, NOW)).toBe('2034-03-29T15:00:00.000Z');
    expect(() => publicationTime('2034-03-29T15:00:01Z', PUBLISH_AT, NOW)).toThrow('The publication time (publishAt) is 2034-03-29, more than 10 years ahead: check the year.');
    expect(() => checkDateBounds('1969-07-20T20:17:00.000Z', PUBLISHED_AT, NOW)).toThrow(/before 1970/);
  });

  it('answers 422 invalid_input', () => {
    try {
      pastDate('soon', PUBLISHED_AT, NOW);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ status: 422, code: 'invalid_input' });
    }
  });
});

describe('sameSecond', () => {
  it('compares to the second, and null only with null', () => {
    expect(sameSecond('2024-03-29T15:00:00.537Z', '2024-03-29T15:00:00.000Z')).toBe(true);
    expect(sameSecond('2024-03-29T15:00:01.000Z', '2024-03-29T15:00:00.999Z')).toBe(false);
    expect(sameSecond(null, null)).toBe(true);
    expect(sameSecond(null, '2024-03-29T15:00:00.000Z')).toBe(false);
  });
});
