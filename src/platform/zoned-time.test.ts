import { describe, expect, it } from 'vitest';
import { isTimeZone, utcToZonedLocal, zoneAbbreviation, zonedLocalToUtc } from './zoned-time.js';

const CHICAGO = 'America/Chicago';

describe('zonedLocalToUtc', () => {
  it('reads a wall-clock time in the zone', () => {
    expect(zonedLocalToUtc('2024-03-29T16:00', CHICAGO)).toBe('2024-03-29T21:00:00.000Z'); // CDT, UTC-5
    expect(zonedLocalToUtc('2024-01-15T09:30', CHICAGO)).toBe('2024-01-15T15:30:00.000Z'); // CST, UTC-6
    expect(zonedLocalToUtc('2024-03-29T16:00', 'UTC')).toBe('2024-03-29T16:00:00.000Z');
    expect(zonedLocalToUtc('2024-07-01T00:00', 'Asia/Kolkata')).toBe('2024-06-30T18:30:00.000Z');
    expect(zonedLocalToUtc('2024-07-01T00:00', 'Pacific/Chatham')).toBe('2024-06-30T11:15:00.000Z');
  });

  it('accepts seconds (step="1" inputs) and ignores fractions', () => {
    expect(zonedLocalToUtc('2024-03-29T16:00:05', CHICAGO)).toBe('2024-03-29T21:00:05.000Z');
    expect(zonedLocalToUtc('2024-03-29T16:00:05.250', CHICAGO)).toBe('2024-03-29T21:00:05.000Z');
  });

  it('crosses midnight and the year boundary', () => {
    expect(zonedLocalToUtc('2024-12-31T23:30', CHICAGO)).toBe('2025-01-01T05:30:00.000Z');
    expect(zonedLocalToUtc('2025-01-01T00:30', 'Pacific/Auckland')).toBe('2024-12-31T11:30:00.000Z');
  });

  describe('spring forward (2024-03-10 in Chicago: 02:00 CST → 03:00 CDT)', () => {
    it('keeps the times either side of the gap', () => {
      expect(zonedLocalToUtc('2024-03-10T01:59', CHICAGO)).toBe('2024-03-10T07:59:00.000Z');
      expect(zonedLocalToUtc('2024-03-10T03:00', CHICAGO)).toBe('2024-03-10T08:00:00.000Z');
    });
    it('moves a time inside the gap forward by the gap (02:30 → 03:30 CDT)', () => {
      expect(zonedLocalToUtc('2024-03-10T02:00', CHICAGO)).toBe('2024-03-10T08:00:00.000Z');
      expect(zonedLocalToUtc('2024-03-10T02:30', CHICAGO)).toBe('2024-03-10T08:30:00.000Z');
      expect(utcToZonedLocal('2024-03-10T08:30:00.000Z', CHICAGO)).toBe('2024-03-10T03:30');
    });
    it('does the same east of Greenwich (Europe/London, 2024-03-31 01:30)', () => {
      expect(zonedLocalToUtc('2024-03-31T01:30', 'Europe/London')).toBe('2024-03-31T01:30:00.000Z');
      expect(utcToZonedLocal('2024-03-31T01:30:00.000Z', 'Europe/London')).toBe('2024-03-31T02:30');
    });
  });

  describe('fall back (2024-11-03 in Chicago: 02:00 CDT → 01:00 CST)', () => {
    it('takes the earlier of the two instants in the overlap', () => {
      expect(zonedLocalToUtc('2024-11-03T01:30', CHICAGO)).toBe('2024-11-03T06:30:00.000Z'); // CDT; 07:30Z (CST) is the other
      expect(zonedLocalToUtc('2024-11-03T01:00', CHICAGO)).toBe('2024-11-03T06:00:00.000Z');
      expect(zonedLocalToUtc('2024-11-03T01:59:59', CHICAGO)).toBe('2024-11-03T06:59:59.000Z');
    });
    it('keeps the times either side of the overlap', () => {
      expect(zonedLocalToUtc('2024-11-03T00:59', CHICAGO)).toBe('2024-11-03T05:59:00.000Z');
      expect(zonedLocalToUtc('2024-11-03T02:00', CHICAGO)).toBe('2024-11-03T08:00:00.000Z');
    });
    it('shows both instants of the overlap as the same wall time', () => {
      expect(utcToZonedLocal('2024-11-03T06:30:00.000Z', CHICAGO)).toBe('2024-11-03T01:30');
      expect(utcToZonedLocal('2024-11-03T07:30:00.000Z', CHICAGO)).toBe('2024-11-03T01:30');
    });
    it('does the same in the southern hemisphere (Australia/Sydney, 2024-04-07 02:30)', () => {
      expect(zonedLocalToUtc('2024-04-07T02:30', 'Australia/Sydney')).toBe('2024-04-06T15:30:00.000Z'); // AEDT, the earlier
    });
  });

  it('refuses what is not a date and time, or not a zone', () => {
    for (const bad of ['', '2024-03-29', '2024-03-29 16:00', '2024-02-30T10:00', '2024-03-29T24:00', '2024-03-29T16:60', '29/03/2024 16:00', 'tomorrow']) {
      expect(() => zonedLocalToUtc(bad, CHICAGO), bad).toThrow(RangeError);
    }
    expect(() => zonedLocalToUtc('2024-03-29T16:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('utcToZonedLocal', () => {
  it('gives the value a datetime-local input wants', () => {
    expect(utcToZonedLocal('2024-03-29T21:00:00.000Z', CHICAGO)).toBe('2024-03-29T16:00');
    expect(utcToZonedLocal('2024-01-15T15:30:00Z', CHICAGO)).toBe('2024-01-15T09:30');
    expect(utcToZonedLocal('2024-03-29T00:00:00.000Z', 'UTC')).toBe('2024-03-29T00:00');
  });

  it('shows seconds when asked to', () => {
    expect(utcToZonedLocal('2024-03-29T21:00:05.000Z', CHICAGO)).toBe('2024-03-29T16:00');
    expect(utcToZonedLocal('2024-03-29T21:00:05.000Z', CHICAGO, 'auto')).toBe('2024-03-29T16:00:05');
    expect(utcToZonedLocal('2024-03-29T21:00:00.000Z', CHICAGO, 'auto')).toBe('2024-03-29T16:00');
    expect(utcToZonedLocal('2024-03-29T21:00:00.000Z', CHICAGO, 'always')).toBe('2024-03-29T16:00:00');
  });

  it('round-trips times all through a year with both changes, outside the gap', () => {
    const start = Date.UTC(2024, 0, 1);
    for (let t = start; t < Date.UTC(2025, 0, 1); t += 2 * 3_600_000 + 7 * 60_000) {
      const iso = new Date(t).toISOString();
      const local = utcToZonedLocal(iso, CHICAGO, 'always');
      const back = zonedLocalToUtc(local, CHICAGO);
      // An instant in the second pass of the overlap reads back as the first pass: an hour earlier.
      const diff = t - Date.parse(back);
      expect([0, 3_600_000], `${iso} → ${local} → ${back}`).toContain(diff);
      if (diff !== 0) expect(local.slice(0, 13)).toBe('2024-11-03T01');
    }
  });

  it('refuses what is not an instant', () => {
    expect(() => utcToZonedLocal('not a date', CHICAGO)).toThrow(RangeError);
  });
});

describe('zone helpers', () => {
  it('knows real zones', () => {
    expect(isTimeZone(CHICAGO)).toBe(true);
    expect(isTimeZone('Nowhere/Special')).toBe(false);
  });
  it('names the zone as in force at an instant', () => {
    expect(zoneAbbreviation('2024-03-29T21:00:00Z', CHICAGO)).toBe('CDT');
    expect(zoneAbbreviation('2024-01-15T21:00:00Z', CHICAGO)).toBe('CST');
  });
});
