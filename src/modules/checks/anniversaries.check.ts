/**
 * `anniversary`: spans of years counted back from the story's date ("seventy-
 * nine years ago to the day", "a decade ago", "79 years to the day since")
 * and ordinal anniversaries ("the 79th anniversary"), read against the dates
 * the text gives the event (see span-dates.ts) and the publication day in the
 * site's time zone.
 *
 * - A warning when they contradict each other, showing both dates.
 * - A note for an "ago" span that fits or has no date to fit: it is right for
 *   this publication day and will date as the story ages.
 */
import { around, proseSegments, q, wherePrefix, type TextSegment } from './body.check.js';
import { dateLabel, fullDateLabel, monthLabel, publication, publicationClause, type Day, type Publication } from './calendar.js';
import type { CheckContext, CheckResult, DraftForChecks } from './checks.types.js';
import { reconcile, type Verdict } from './span-dates.js';
import { spansIn, type Span } from './spans.js';
import { writtenLabel, type TextDate } from './text-dates.js';

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const flat = (s: string): string => s.replace(/\s+/g, ' ');

const ADVICE = 'Check the count, the date in the text, or the publication date.';

/** When the anniversary of `date` falls, `years` later, as precisely as the date is written. */
function anniversaryLabel(date: TextDate, years: number): string {
  const y = (date.year ?? 0) + years;
  if (date.precision === 'day') return `on ${dateLabel({ y, m: date.month ?? 1, d: date.day ?? 1 })}`;
  if (date.precision === 'month') return `in ${monthLabel(y, date.month ?? 1, Number.NaN)}`;
  return `in ${y}`;
}

function pubLabel(pub: Publication): string {
  return pub.scheduled ? dateLabel(pub.day) : `today, ${dateLabel(pub.day)} (the story has no publication date yet)`;
}

function contradiction(span: Span, verdict: Verdict, date: TextDate, pub: Publication): string {
  const written = writtenLabel(date);
  if (span.kind === 'anniversary') {
    return `The ${flat(span.written)} anniversary of an event the text dates to ${written} falls ${anniversaryLabel(date, span.amount)}, but the story is dated ${pubLabel(pub)}. ${ADVICE}`;
  }
  const count = `${cap(flat(span.written))} before ${pubLabel(pub)} is`;
  if (span.anchor !== null || span.qualifier === 'exact') {
    return `${count} ${verdict.allowed.label}, while the text dates the event to ${written}: ${q(flat(span.text))} does not fit. ${ADVICE}`;
  }
  return `${count} ${dateLabel(verdict.allowed.exact)}, so ${q(flat(span.text))} means ${verdict.allowed.label}, while the text dates the event to ${written}. ${ADVICE}`;
}

/** What an "ago" span reads as, for the note. */
function reading(span: Span, verdict: Verdict, pub: Day): string {
  const exact = verdict.allowed.exact;
  const anchor = span.anchor ?? (span.qualifier === 'exact' ? 'day' : null);
  if (anchor === 'day') return fullDateLabel(exact);
  if (anchor === 'week') return `the week of ${fullDateLabel(exact)}`;
  if (anchor === 'month') return monthLabel(exact.y, exact.m, Number.NaN);
  if (anchor === 'year' || span.unit === 'year') return span.qualifier === 'about' ? String(exact.y) : verdict.allowed.label;
  return monthLabel(exact.y, exact.m, pub.y);
}

/** Whether the span pins a day, a week or a month ("to the day", "this week", "exactly"). */
const pinned = (span: Span): boolean => (span.anchor !== null && span.anchor !== 'year') || span.qualifier === 'exact';

interface Found {
  segment: TextSegment;
  span: Span;
  verdict: Verdict;
}

/** Every year span and anniversary in the draft, each read against the dates around it. */
function yearSpans(draft: DraftForChecks, pub: Day): Found[] {
  const out: Found[] = [];
  for (const segment of proseSegments(draft)) {
    for (const span of spansIn(segment.masked)) {
      if (span.unit !== 'year') continue;
      out.push({ segment, span, verdict: reconcile(span, segment.masked, pub) });
    }
  }
  return out;
}

/** Where (start offsets) the dates that a span or anniversary accounts for sit in a segment, so `date-distance` leaves them alone. */
export function datesExplainedBySpans(segment: TextSegment, pub: Day): Set<number> {
  const out = new Set<number>();
  for (const span of spansIn(segment.masked)) {
    const verdict = reconcile(span, segment.masked, pub);
    if (verdict.date) out.add(verdict.date.start);
  }
  return out;
}

export function anniversary(draft: DraftForChecks, ctx: CheckContext): CheckResult[] {
  const pub = publication(draft, ctx);
  const found = yearSpans(draft, pub.day);
  const warnings: CheckResult[] = [];
  const notes = new Map<string, { first: Found; count: number }>();
  for (const f of found) {
    const { segment, span, verdict } = f;
    if (!verdict.fits && verdict.date) {
      warnings.push({
        id: 'anniversary',
        severity: 'warning',
        message: wherePrefix(segment.field) + contradiction(span, verdict, verdict.date, pub),
        excerpt: around(segment.text, span.start, span.end),
      });
      continue;
    }
    if (span.kind !== 'ago') continue;
    const key = flat(span.text).toLowerCase();
    const entry = notes.get(key);
    if (entry) entry.count++;
    else notes.set(key, { first: f, count: 1 });
  }
  const out = [...warnings];
  for (const [phrase, { first, count }] of notes) {
    const { segment, span, verdict } = first;
    const times = count > 1 ? ` (used ${count} times)` : '';
    const match = verdict.fits && verdict.date ? `, matching ${writtenLabel(verdict.date)} in the text` : '';
    out.push({
      id: 'anniversary',
      severity: 'note',
      message: `${wherePrefix(segment.field)}${q(phrase)}${times} reads as ${reading(span, verdict, pub.day)} ${publicationClause(pub)}${match}. ${pinned(span) ? 'It holds only for that publication date.' : 'It will go out of date as the story ages.'}`,
      excerpt: around(segment.text, span.start, span.end),
    });
  }
  return out;
}
