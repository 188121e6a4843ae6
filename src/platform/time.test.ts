import { describe, expect, it } from 'vitest';
import { calendarDate, dateTime, fullDate, mediumDate, sameDay, timeOfDay } from './time.js';

const ny = { locale: 'en-US', timezone: 'America/New_York' };

describe('dates in the site time zone', () => {
  it('writes the full date line', () => {
    expect(fullDate('2024-03-29T13:30:00Z', ny)).toBe('Friday, March 29, 2024');
    // Just after midnight UTC is still the evening before in New York.
    expect(fullDate('2024-03-30T02:00:00Z', ny)).toBe('Friday, March 29, 2024');
    expect(fullDate('2024-03-29T13:30:00Z', { locale: 'en-GB', timezone: 'Europe/London' })).toMatch(/^Friday,? 29 March 2024$/);
  });

  it('writes times with the zone abbreviation', () => {
    expect(timeOfDay('2024-03-29T14:30:00Z', ny)).toBe('10:30 AM EDT');
    expect(dateTime('2024-01-05T14:30:00Z', ny)).toMatch(/^January 5, 2024 at 9:30 AM EST$/);
  });

  it('finds the calendar date and same-day-ness in a zone', () => {
    expect(calendarDate('2024-03-30T02:00:00Z', 'America/New_York')).toEqual({ year: '2024', month: '03', day: '29' });
    expect(sameDay('2024-03-29T13:00:00Z', '2024-03-30T02:00:00Z', 'America/New_York')).toBe(true);
    expect(sameDay('2024-03-29T13:00:00Z', '2024-03-30T02:00:00Z', 'UTC')).toBe(false);
  });
});

describe('remembered texts', () => {
  it('answer per zone and locale, not just per instant', () => {
    const iso = '2024-03-29T23:30:00.000Z';
    const utc = { locale: 'en-US', timezone: 'UTC' };
    const gb = { locale: 'en-GB', timezone: 'UTC' };
    expect(dateTime(iso, utc)).toBe(dateTime(iso, utc));
    expect(dateTime(iso, ny)).not.toBe(dateTime(iso, utc));
    expect(mediumDate(iso, gb)).toBe('29 March 2024');
    expect(mediumDate(iso, utc)).toBe('March 29, 2024');
    expect(calendarDate(iso, 'UTC')).toEqual({ year: '2024', month: '03', day: '29' });
    expect(calendarDate(iso, 'Asia/Tokyo')).toEqual({ year: '2024', month: '03', day: '30' });
  });
});
