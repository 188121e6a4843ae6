/*
 * Dates as readers see them: in the site's time zone and locale. Formatters
 * are costly to build, so they are memoised per (locale, zone, style); so
 * are the texts they make, since a page shows the same times (its comments')
 * to every reader.
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

/** How many formatted texts each style keeps (a few pages' worth of comment times). */
const TEXTS_KEPT = 5000;

/** Remember a formatting function's answers per (instant, zone, locale), the oldest forgotten first. */
function remembered<Z extends string | Zone, T>(format: (iso: string, z: Z) => T): (iso: string, z: Z) => T {
  const texts = new Map<string, T>();
  return (iso, z) => {
    const key = typeof z === 'string' ? `${iso}|${z}` : `${iso}|${z.timezone}|${z.locale}`;
    let text = texts.get(key);
    if (text === undefined) {
      text = format(iso, z);
      if (texts.size >= TEXTS_KEPT) texts.delete(texts.keys().next().value!);
      texts.set(key, text);
    }
    return text;
  };
}

export interface Zone {
  locale: string;
  timezone: string;
}

/** "Friday, March 29, 2024" */
export const fullDate = remembered((iso: string, z: Zone): string => formatter(z.locale, z.timezone, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso)));

/** "March 29, 2024" */
export const mediumDate = remembered((iso: string, z: Zone): string => formatter(z.locale, z.timezone, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso)));

/** "3:45 PM EDT" */
export const timeOfDay = remembered((iso: string, z: Zone): string => formatter(z.locale, z.timezone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso)));

/** "March 29, 2024 at 3:45 PM EDT" (wording per locale). */
export const dateTime = remembered((iso: string, z: Zone): string => formatter(z.locale, z.timezone, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso)) + ` ${zoneAbbreviation(iso, z)}`);

function zoneAbbreviation(iso: string, z: Zone): string {
  const part = formatter(z.locale, z.timezone, { timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

/** The calendar date (year, month, day) of an instant in a time zone: every story link has one. */
export const calendarDate = remembered((iso: string, timezone: string): Readonly<{ year: string; month: string; day: string }> => {
  const parts = formatter('en-CA', timezone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return Object.freeze({ year: get('year'), month: get('month'), day: get('day') });
});

/** Whether two instants fall on the same calendar day in the zone. */
export const sameDay = (a: string, b: string, timezone: string): boolean => {
  const x = calendarDate(a, timezone);
  const y = calendarDate(b, timezone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
};
