/*
 * Wall-clock times in a named time zone, as <input type="datetime-local">
 * shows and sends them ("2024-03-29T16:00", seconds optional), converted to
 * and from instants (ISO-8601 UTC).
 *
 * A wall-clock time does not always name exactly one instant:
 *
 *  - In the spring-forward GAP (America/Chicago, 2024-03-10: 02:00 jumps to
 *    03:00) "02:30" never happens. We move it forward by the length of the
 *    gap: 02:30 is read as 03:30 CDT (08:30Z), i.e. interpreted with the
 *    offset in force just before the change.
 *  - In the fall-back OVERLAP (America/Chicago, 2024-11-03: 01:00–01:59
 *    happens twice) "01:30" names two instants. We take the EARLIER one
 *    (01:30 CDT, 06:30Z).
 *
 * This is the "compatible" disambiguation of Temporal and of RFC 5545
 * calendars, so a time typed here means what other tools say it means.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws a RangeError for an unknown zone.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock fields of an instant in a zone. */
function wallFields(ms: number, timeZone: string): Fields {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = get('year');
  return {
    year: era === 'BC' || era === 'B' ? 1 - year : year,
    month: get('month'),
    day: get('day'),
    // Some engines still write midnight as 24 with h23; treat it as 0.
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** The wall-clock time of an instant in a zone, as if it were UTC (ms). */
function wallAsUtc(ms: number, timeZone: string): number {
  const f = wallFields(ms, timeZone);
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
}

/** The zone's offset from UTC at an instant, in ms (negative west of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallAsUtc(whole, timeZone) - whole;
}

/** Whether a string names a time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parse "YYYY-MM-DDTHH:MM" (or with ":SS") into its fields; undefined when it
 * is not that shape or not a real date ("2024-02-30T10:00").
 */
function parseLocal(local: string): (Fields & { wall: number }) | undefined {
  const m = LOCAL.exec(local.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(wall);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return { year, month, day, hour, minute, second, wall };
}

/**
 * The instant (ISO-8601 UTC, with milliseconds) at which the wall clock in
 * `timeZone` shows `local`. Gaps move forward, overlaps take the earlier
 * instant (see the top of this file). Throws a RangeError for a malformed
 * value or an unknown zone.
 */
export function zonedLocalToUtc(local: string, timeZone: string): string {
  const parsed = parseLocal(local);
  if (!parsed) throw new RangeError(`"${local}" is not a date and time of the form YYYY-MM-DDTHH:MM.`);
  if (!isTimeZone(timeZone)) throw new RangeError(`"${timeZone}" is not a time zone.`);
  const { wall } = parsed;
  // Zone offsets change at most once in any day (true of every IANA zone),
  // so the offsets a day either side are the only ones that can apply.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([wall - before, wall - after])].filter((t) => wallAsUtc(t, timeZone) === wall).sort((a, b) => a - b);
  // Overlap: both fit, take the earlier. Gap: neither fits, read it with the
  // offset in force before the change, which lands after the gap.
  const instant = candidates[0] ?? wall - before;
  return new Date(instant).toISOString();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The wall-clock time in `timeZone` of an instant, as `<input
 * type="datetime-local">` wants its value: "YYYY-MM-DDTHH:MM", or with
 * ":SS" when `seconds` is 'always', or 'auto' and the seconds are not zero.
 */
export function utcToZonedLocal(iso: string, timeZone: string, seconds: 'never' | 'auto' | 'always' = 'never'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not an ISO-8601 date and time.`);
  const f = wallFields(ms, timeZone);
  const base = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}`;
  return seconds === 'always' || (seconds === 'auto' && f.second !== 0) ? `${base}:${pad(f.second)}` : base;
}

/** The zone's short name at an instant ("CDT", "GMT+1"), for labels. */
export function zoneAbbreviation(iso: string, timeZone: string, locale = 'en-US'): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}
