/**
 * Calendar days for the date checks: the publication instant turned into a
 * day in the site's time zone, whole-day arithmetic, weekdays, and the labels
 * the messages show ("Friday, March 29", "March 29, 1945").
 */
import { calendarDate } from '../../platform/time.js';
import type { CheckContext, DraftForChecks } from './checks.types.js';

export interface Day {
  y: number;
  /** 1–12 */
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01: differences of serials are differences in calendar days. */
export const serial = (day: Day): number => Math.round(Date.UTC(day.y, day.m - 1, day.d) / DAY_MS);

export function fromSerial(n: number): Day {
  const t = new Date(n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: Day): number => new Date(serial(day) * DAY_MS).getUTCDay();

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** The same day `years` years earlier (negative: later); February 29 becomes February 28 in a common year. */
export function yearsBefore(day: Day, years: number): Day {
  const y = day.y - years;
  return { y, m: day.m, d: Math.min(day.d, daysInMonth(y, day.m)) };
}

/** The same day `months` months earlier (negative: later), clamped to the month's length. */
export function monthsBefore(day: Day, months: number): Day {
  const total = day.y * 12 + (day.m - 1) - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return { y, m, d: Math.min(day.d, daysInMonth(y, m)) };
}

/** The calendar day of an instant in the zone (UTC when the zone is not a valid IANA name). */
export function zonedDay(instant: Date, timezone: string): Day {
  let c: { year: string; month: string; day: string };
  try {
    c = calendarDate(instant.toISOString(), timezone);
  } catch {
    c = calendarDate(instant.toISOString(), 'UTC');
  }
  return { y: Number(c.year), m: Number(c.month), d: Number(c.day) };
}

const formats = new Map<string, Intl.DateTimeFormat>();
export function format(day: Day, options: Intl.DateTimeFormatOptions): string {
  const key = JSON.stringify(options);
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    formats.set(key, f);
  }
  return f.format(new Date(serial(day) * DAY_MS));
}

/** "Thursday, March 28", with ", 2023" when the year is not `refYear`. */
export const weekdayLabel = (day: Day, refYear: number): string => format(day, { weekday: 'long', month: 'long', day: 'numeric', ...(day.y !== refYear ? { year: 'numeric' } : {}) });

/** "March 3, 2023" */
export const dateLabel = (day: Day): string => format(day, { month: 'long', day: 'numeric', year: 'numeric' });

/** "Friday, March 29, 2019" */
export const fullDateLabel = (day: Day): string => format(day, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

/** "April", or "April 2025" when the year is not `refYear`. */
export const monthLabel = (y: number, m: number, refYear: number): string => `${MONTH_NAMES[m - 1]}${y !== refYear ? ` ${y}` : ''}`;

/** The Monday of the week (Monday to Sunday) holding day number `n`. */
export const mondayOf = (n: number): number => n - ((weekdayOf(fromSerial(n)) + 6) % 7);

export interface Publication {
  day: Day;
  /** Whether a publication date is set (otherwise "now" stands in for it). */
  scheduled: boolean;
  /** The current year in the site's zone, to decide when a label needs its year. */
  nowYear: number;
}

/** The day the draft is read for: its publication date in the site's zone, else today there. */
export function publication(draft: DraftForChecks, ctx: CheckContext): Publication {
  const nowDay = zonedDay(ctx.now, draft.siteTimezone);
  const at = draft.publishedAt === null ? Number.NaN : Date.parse(draft.publishedAt);
  if (Number.isNaN(at)) return { day: nowDay, scheduled: false, nowYear: nowDay.y };
  return { day: zonedDay(new Date(at), draft.siteTimezone), scheduled: true, nowYear: nowDay.y };
}

/** "for a story published Friday, March 29", or "if the story is published today (…)". */
export function publicationClause(pub: Publication): string {
  const label = weekdayLabel(pub.day, pub.nowYear);
  return pub.scheduled ? `for a story published ${label}` : `if the story is published today (${label})`;
}
