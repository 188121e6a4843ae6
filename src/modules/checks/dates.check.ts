/**
 * `date-distance` (warning): the text names dates to the day, and none of
 * them is near the publication date.
 *
 * All calendar arithmetic is on calendar days in the site's time zone: the
 * publication instant (or "now", when no publication date is set yet) is
 * turned into a day there, and everything else is whole days from it.
 */
import { datesExplainedBySpans } from './anniversaries.check.js';
import { around, proseSegments, type TextSegment } from './body.check.js';
import { dateLabel, publication, serial, type Day } from './calendar.js';
import type { CheckContext, CheckResult, DraftForChecks } from './checks.types.js';
import { datesIn, placeDay, type TextDate } from './text-dates.js';

/** Days before publication beyond which a date is "far" in the past. */
export const DAYS_BEFORE = 30;
/** Days after publication beyond which a date is "far" in the future. */
export const DAYS_AFTER = 60;

interface DatedText {
  date: TextDate;
  segment: TextSegment;
}

/** The dates to the day in a segment, except those a span or an anniversary accounts for ("79 years ago, on September 29, 1943"). */
function dayDatesIn(segment: TextSegment, pub: Day): DatedText[] {
  const found = datesIn(segment.masked).filter((d) => d.precision === 'day');
  if (found.length === 0) return [];
  const explained = datesExplainedBySpans(segment, pub);
  return found.filter((d) => !explained.has(d.start)).map((date) => ({ date, segment }));
}

/** The date's day; a date written without a year gets the year that puts it nearest the publication day. */
function resolve(date: TextDate, pub: Day): Day | null {
  if (date.month === null || date.day === null) return null;
  return placeDay(date.month, date.day, date.year, pub);
}

const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/**
 * `date-distance` (warning): the text names dates to the day, and none of them
 * is within DAYS_BEFORE days before or DAYS_AFTER days after publication.
 */
export function dateDistance(draft: DraftForChecks, ctx: CheckContext): CheckResult[] {
  const pub = publication(draft, ctx);
  const found = proseSegments(draft).flatMap((segment) => dayDatesIn(segment, pub.day));
  if (found.length === 0) return [];
  const p = serial(pub.day);

  const dated = found.flatMap(({ date, segment }) => {
    const day = resolve(date, pub.day);
    return day ? [{ date, segment, day, delta: serial(day) - p }] : [];
  });
  if (dated.length === 0) return [];
  if (dated.some(({ delta }) => delta >= -DAYS_BEFORE && delta <= DAYS_AFTER)) return [];

  const labels = [...new Set(dated.map(({ day }) => dateLabel(day)))];
  const list = labels.length > 3 ? `${labels.slice(0, 3).join('; ')} and ${labels.length - 3} more` : labels.join('; ');
  const nearest = dated.reduce((a, b) => (Math.abs(b.delta) < Math.abs(a.delta) ? b : a));
  const pubLabel = pub.scheduled ? `its publication on ${dateLabel(pub.day)}` : `today (${dateLabel(pub.day)}), when it would go out if published now`;
  const one = labels.length === 1;
  const subject = one ? `The story's date (${list}) is` : `The story's dates (${list}) are`;
  const orMore = one ? '' : ' or more';

  let message: string;
  if (dated.every(({ delta }) => delta < 0)) {
    message = `${subject} ${days(-nearest.delta)}${orMore} before ${pubLabel}`;
  } else if (dated.every(({ delta }) => delta > 0)) {
    message = `${subject} ${days(nearest.delta)}${orMore} after ${pubLabel}`;
  } else {
    message =
      `None of the story's dates (${list}) is within ${DAYS_BEFORE} days before or ${DAYS_AFTER} days after ${pubLabel}; ` +
      `the nearest, ${dateLabel(nearest.day)}, is ${days(Math.abs(nearest.delta))} ${nearest.delta < 0 ? 'before' : 'after'}`;
  }
  return [
    {
      id: 'date-distance',
      severity: 'warning',
      message: `${message}; check the publication date or the dates in the text.`,
      excerpt: around(nearest.segment.text, nearest.date.start, nearest.date.end, 20),
    },
  ];
}
