import { invalidInput } from '../../platform/errors.js';

/*
 * The dates a story may carry, whichever way they come in (the newsroom API,
 * the editor, the workflow, the checklist): an instant written in ISO 8601
 * with its offset, from 1970 on, and either already past (an original
 * publication date) or at most YEARS_AHEAD years ahead (a publication time).
 * Every refusal is a 422 that names the field. See docs/archive-dates.md.
 */

/** The earliest date a story may carry. */
export const EARLIEST_DATE = '1970-01-01T00:00:00.000Z';

/** How far ahead a publication time may be before it is taken for a typing mistake. */
export const YEARS_AHEAD = 10;

/** A field as a message names it: its name in the API and how a person calls it. */
export interface DateField {
  /** "publishedAt" */
  name: string;
  /** "The original publication date" */
  label: string;
}

export const PUBLISHED_AT: DateField = { name: 'publishedAt', label: 'The original publication date' };
export const PUBLISH_AT: DateField = { name: 'publishAt', label: 'The publication time' };

/** YYYY-MM-DDTHH:MM[:SS[.fraction]] and an offset: Z, ±HH, ±HHMM or ±HH:MM. */
const OFFSET_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const said = (f: DateField) => `${f.label} (${f.name})`;

const shown = (raw: string) => (raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * An ISO 8601 date and time with its offset ("2019-05-01T09:30:00-05:00",
 * "2019-05-01T14:30:00Z") as ISO UTC with milliseconds. A time without an
 * offset is refused rather than guessed: it would mean a different instant
 * on a server in another zone.
 */
export function parseOffsetDateTime(raw: unknown, field: DateField): string {
  const refuse = () =>
    invalidInput(
      `${said(field)} must be a date and time in ISO 8601 with its time zone offset, like 2019-05-01T09:30:00-05:00 or 2019-05-01T14:30:00Z${typeof raw === 'string' ? `, not "${shown(raw)}"` : ''}.`,
    );
  if (typeof raw !== 'string') throw refuse();
  const m = OFFSET_DATE_TIME.exec(raw.trim());
  if (!m) throw refuse();
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const millis = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const offsetHours = Number(m[10] ?? '0');
  const offsetMinutes = Number(m[11] ?? '0');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) throw refuse();
  const offset = (m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes)) * 60_000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset).toISOString();
}

/** The latest publication time accepted now: YEARS_AHEAD years on. */
function latest(now: string): string {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + YEARS_AHEAD);
  return d.toISOString();
}

/** Refuse an instant before 1970 or more than YEARS_AHEAD years ahead. */
export function checkDateBounds(iso: string, field: DateField, now: string): void {
  if (iso < EARLIEST_DATE) throw invalidInput(`${said(field)} is ${iso.slice(0, 10)}, before 1970: stories are dated from January 1, 1970 on.`);
  if (iso > latest(now)) throw invalidInput(`${said(field)} is ${iso.slice(0, 10)}, more than ${YEARS_AHEAD} years ahead: check the year.`);
}

/** An original publication date: ISO 8601 with its offset, from 1970 until now. */
export function pastDate(raw: unknown, field: DateField, now: string): string {
  const iso = parseOffsetDateTime(raw, field);
  checkDateBounds(iso, field, now);
  if (iso > now) {
    throw invalidInput(`${said(field)} is ${iso}, which has not come yet: it is the date the story was first published. To publish the story later, schedule it instead.`);
  }
  return iso;
}

/** A publication time that may lie ahead (publishing, the checklist): ISO 8601 with its offset, from 1970 until YEARS_AHEAD years on. */
export function publicationTime(raw: unknown, field: DateField, now: string): string {
  const iso = parseOffsetDateTime(raw, field);
  checkDateBounds(iso, field, now);
  return iso;
}

/** Whether two instants are the same to the second: a date sent back without its milliseconds is the same date. */
export function sameSecond(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}
