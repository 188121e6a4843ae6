import { badRequest } from '../../platform/errors.js';
import { zonedLocalToUtc } from '../../platform/zoned-time.js';

/*
 * The date range of a search, as <input type="date"> sends it
 * ("2024-03-29"), read as whole days in the site's time zone.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A calendar date "YYYY-MM-DD" (years 1000 to 9999), or undefined when it is not one ("2024-02-30"). */
function calendarDay(value: string): { year: number; month: number; day: number } | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** The day after a calendar date, or undefined after 9999-12-31. */
function nextDay({ year, month, day }: { year: number; month: number; day: number }): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day + 1));
  if (d.getUTCFullYear() > 9999) return undefined;
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export interface DateRange {
  /** The dates as given ("2024-03-29"), null when not given. */
  from: string | null;
  to: string | null;
  /** The first instant of `from` in the zone. */
  fromInstant?: string;
  /** The first instant after `to` in the zone (exclusive). */
  toInstant?: string;
}

/**
 * Read `from` and `to` (each optional, inclusive). A value that is not a
 * date, or a range that ends before it starts, is a 400 saying so.
 */
export function parseDateRange(rawFrom: string | undefined, rawTo: string | undefined, timezone: string): DateRange {
  const read = (raw: string | undefined, name: 'from' | 'to') => {
    const value = (raw ?? '').trim();
    if (value === '') return null;
    const day = calendarDay(value);
    if (!day) throw badRequest(`"${name}" must be a date written as YYYY-MM-DD, for example 2024-03-29.`);
    return { value, day };
  };
  const from = read(rawFrom, 'from');
  const to = read(rawTo, 'to');
  if (from && to && from.value > to.value) throw badRequest(`The date range ends (${to.value}) before it starts (${from.value}): swap the dates.`);
  const range: DateRange = { from: from?.value ?? null, to: to?.value ?? null };
  if (from) range.fromInstant = zonedLocalToUtc(`${from.value}T00:00`, timezone);
  const after = to ? nextDay(to.day) : undefined;
  if (after) range.toInstant = zonedLocalToUtc(`${after}T00:00`, timezone);
  return range;
}
