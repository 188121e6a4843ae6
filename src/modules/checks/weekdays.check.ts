/**
 * `weekday` (warning): a weekday written with a date ("On Wednesday, November
 * 6", "Wed., Nov. 6, 2024", "November 6 (Wednesday)", "March 3, a Sunday")
 * that the calendar contradicts. A date without a year is read in the
 * publication year; near New Year, the year either side counts as well when it
 * puts the date within three months of publication.
 */
import { around, proseSegments, wherePrefix } from './body.check.js';
import { daysInMonth, publication, serial, WEEKDAY_NAMES, weekdayOf, type Day } from './calendar.js';
import type { CheckContext, CheckResult, DraftForChecks } from './checks.types.js';
import { datesIn, WEEKDAY, weekdayNumber, type TextDate } from './text-dates.js';

/** A yearless date is also read in the year before or after publication when that puts it this close to publication. */
export const NEAR_NEW_YEAR_DAYS = 92;

/** The weekday right before the date: "Wednesday, ", "Wednesday ", "Wed., the ", "Wednesday (". */
const WEEKDAY_BEFORE = new RegExp(String.raw`(?<![\p{L}])${WEEKDAY}(?:\s*,\s*|\s+|\s*\(\s*)(?:the\s+)?$`, 'u');
/** The weekday right after the date: " (Wednesday)", ", a Wednesday", ", which was a Wednesday". */
const WEEKDAY_AFTER = new RegExp(String.raw`^(?:\s*\(\s*|,?\s+(?:which\s+(?:was|is|will\s+be)\s+|that\s+(?:was|is)\s+)?a\s+)${WEEKDAY}`, 'u');

interface Pairing {
  weekday: number;
  /** Where the weekday and date are, together. */
  start: number;
  end: number;
}

function pairing(masked: string, date: TextDate): Pairing | null {
  const before = WEEKDAY_BEFORE.exec(masked.slice(Math.max(0, date.start - 30), date.start));
  if (before?.[1]) return { weekday: weekdayNumber(before[1]), start: date.start - before[0].length, end: date.end };
  const after = WEEKDAY_AFTER.exec(masked.slice(date.end, date.end + 40));
  if (after?.[1]) return { weekday: weekdayNumber(after[1]), start: date.start, end: date.end + after[0].length };
  return null;
}

/** The years the date may be in: the one written, else the publication year and, near New Year, the year either side. */
function candidateYears(date: TextDate, pub: Day): number[] {
  if (date.year !== null) return [date.year];
  const p = serial(pub);
  const years = [pub.y];
  for (const y of [pub.y - 1, pub.y + 1]) {
    if ((date.day ?? 1) > daysInMonth(y, date.month ?? 1)) continue;
    if (Math.abs(serial({ y, m: date.month ?? 1, d: date.day ?? 1 }) - p) <= NEAR_NEW_YEAR_DAYS) years.push(y);
  }
  return years;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function weekday(draft: DraftForChecks, ctx: CheckContext): CheckResult[] {
  const out: CheckResult[] = [];
  let pub: Day | null = null;
  for (const segment of proseSegments(draft)) {
    if (!/(?:day|\b(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.)/.test(segment.masked)) continue;
    for (const date of datesIn(segment.masked)) {
      if (date.precision !== 'day' || date.month === null || date.day === null) continue;
      const pair = pairing(segment.masked, date);
      if (!pair || pair.weekday < 0) continue;
      pub ??= publication(draft, ctx).day;
      const years = candidateYears(date, pub).filter((y) => date.day! <= daysInMonth(y, date.month!));
      if (years.length === 0 || years.some((y) => weekdayOf({ y, m: date.month!, d: date.day! }) === pair.weekday)) continue;
      const y = years[0]!;
      const actual = WEEKDAY_NAMES[weekdayOf({ y, m: date.month, d: date.day })];
      const written = `${MONTHS[date.month - 1]} ${date.day}, ${y}`;
      const which = date.year === null ? ` (no year is written, so the year of publication, ${y}, is assumed)` : '';
      out.push({
        id: 'weekday',
        severity: 'warning',
        message: `${wherePrefix(segment.field)}${written} is a ${actual}, not a ${WEEKDAY_NAMES[pair.weekday]}${which}. Correct the weekday or the date.`,
        excerpt: around(segment.text, pair.start, pair.end),
      });
    }
  }
  return out;
}
