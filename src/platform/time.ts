/*
 * Dates as readers see them: in the site's time zone and locale. Formatters
 * are costly to build, so they are memoised per (locale, zone, style).
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(key, f);
  }
  return f;
}

export interface Zone {
  locale: string;
  timezone: string;
}

/** "Friday, March 29, 2024" */
export const fullDate = (iso: string, z: Zone): string => formatter(z.locale, z.timezone, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));

/** "March 29, 2024" */
export const mediumDate = (iso: string, z: Zone): string => formatter(z.locale, z.timezone, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));

/** "3:45 PM EDT" */
export const timeOfDay = (iso: string, z: Zone): string => formatter(z.locale, z.timezone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));

/** "March 29, 2024 at 3:45 PM EDT" (wording per locale). */
export const dateTime = (iso: string, z: Zone): string => formatter(z.locale, z.timezone, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso)) + ` ${zoneAbbreviation(iso, z)}`;

function zoneAbbreviation(iso: string, z: Zone): string {
  const part = formatter(z.locale, z.timezone, { timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

/** The calendar date (year, month, day) of an instant in a time zone. */
export function calendarDate(iso: string, timezone: string): { year: string; month: string; day: string } {
  const parts = formatter('en-CA', timezone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** Whether two instants fall on the same calendar day in the zone. */
export const sameDay = (a: string, b: string, timezone: string): boolean => {
  const x = calendarDate(a, timezone);
  const y = calendarDate(b, timezone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
};
