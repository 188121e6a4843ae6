/**
 * Reconciling a span of time ("seventy-nine years ago to the day", "the 79th
 * anniversary") with the dates the text gives: which days the span allows for
 * the event, given the story's publication day, which written dates it may
 * refer to (the same sentence, and for spans that pin a day or an
 * anniversary the sentences around it), and whether one of them fits.
 */
import { dateLabel, daysInMonth, fromSerial, monthLabel, monthsBefore, serial, yearsBefore, type Day } from './calendar.js';
import { sentenceAt, sentencesOf } from './sentences.js';
import type { Span } from './spans.js';
import { datesIn, spanOf, withYear, type TextDate } from './text-dates.js';

const YEAR_DAYS = 365.25;

/** The day exactly `span` before `pub`. */
export function spanStart(span: Span, pub: Day): Day {
  const p = serial(pub);
  switch (span.unit) {
    case 'year':
      return yearsBefore(pub, span.amount);
    case 'month':
      return monthsBefore(pub, span.amount);
    case 'week':
      return fromSerial(p - 7 * span.amount);
    default:
      return fromSerial(p - span.amount);
  }
}

/** How far a count as written may be from the exact one, in days: a year either way, more for round counts. */
function tolerance(span: Span): number {
  if (span.unit === 'year') return (span.round ? Math.max(1, span.amount * 0.1) + 1 : 1) * YEAR_DAYS;
  if (span.unit === 'month') return 31;
  if (span.unit === 'week') return 7;
  return 1;
}

/** How far off a date may be and still be read as the event the span counts from (beyond it, the date is about something else). */
export function plausibleGap(span: Span): number {
  if (span.unit === 'year') return Math.max(3, span.amount * 0.34) * YEAR_DAYS;
  // Months, weeks and days are only read against a date in the same sentence, which is nearly always the event's.
  return Math.max(92, 3 * (serial({ y: 2000, m: 1, d: 1 }) - serial(spanStart(span, { y: 2000, m: 1, d: 1 }))));
}

/** The days (serials, inclusive) on which the event may have happened, and how to say it. */
export interface Allowed {
  from: number;
  to: number;
  /** "March 29, 1945", "March 1945", "1945", "before March 29, 2022". */
  label: string;
  /** The exact day the count gives. */
  exact: Day;
}

export function allowedDays(span: Span, pub: Day): Allowed {
  const exact = spanStart(span, pub);
  const e = serial(exact);
  const p = serial(pub);
  if (span.kind === 'anniversary') return { from: e - 45, to: e + 45, label: dateLabel(exact), exact };
  const anchor = span.anchor ?? (span.qualifier === 'exact' ? 'day' : null);
  if (anchor === 'day') return { from: e, to: e, label: dateLabel(exact), exact };
  if (anchor === 'week') return { from: e - 6, to: e + 6, label: `the week of ${dateLabel(exact)}`, exact };
  if (anchor === 'month') {
    const first = serial({ y: exact.y, m: exact.m, d: 1 });
    return { from: first, to: first + daysInMonth(exact.y, exact.m) - 1, label: monthLabel(exact.y, exact.m, Number.NaN), exact };
  }
  if (anchor === 'year') return { from: serial({ y: exact.y, m: 1, d: 1 }), to: serial({ y: exact.y, m: 12, d: 31 }), label: String(exact.y), exact };
  const tol = tolerance(span);
  switch (span.qualifier) {
    case 'over':
      return { from: Number.NEGATIVE_INFINITY, to: e, label: `before ${dateLabel(exact)}`, exact };
    case 'under':
      return { from: e, to: p, label: `after ${dateLabel(exact)}`, exact };
    case 'nearly':
      return { from: Math.round(e - tol / 4), to: Math.round(e + tol), label: `just after ${dateLabel(exact)}`, exact };
    default:
      return { from: Math.round(e - tol), to: Math.round(e + tol), label: span.unit === 'year' ? `around ${monthLabel(exact.y, exact.m, Number.NaN)}` : `around ${dateLabel(exact)}`, exact };
  }
}

/** Days between the allowed days and a written date (0 when they meet); null for a date that cannot be placed (no year) or that lies after publication. */
export function gapTo(allowed: Allowed, date: TextDate, pub: Day): number | null {
  const range = spanOf(date);
  if (!range) return null;
  const from = serial(range.from);
  const to = serial(range.to);
  if (from > serial(pub)) return null;
  return Math.max(0, from - allowed.to, allowed.from - to);
}

export interface Verdict {
  allowed: Allowed;
  /** The written date the span is read against: the one that fits, else the nearest that is plausibly the same event. */
  date: TextDate | null;
  fits: boolean;
}

/**
 * Reads a span found at [start, end) of `masked` against the dates around it:
 * the same sentence for every span, and the sentence before and the two after
 * for spans that pin a day (or a week, a month) and for anniversaries.
 */
export function reconcile(span: Span, masked: string, pub: Day): Verdict {
  const allowed = allowedDays(span, pub);
  const sentences = sentencesOf(masked);
  const here = sentenceAt(sentences, span.start);
  const wide = span.kind === 'anniversary' || span.anchor !== null || span.qualifier === 'exact';
  const first = sentences[wide ? Math.max(0, here - 1) : here];
  const last = sentences[wide ? Math.min(sentences.length - 1, here + 2) : here];
  const lo = first?.start ?? 0;
  const hi = last?.end ?? masked.length;
  const window = masked.slice(lo, hi);
  let nearest: { date: TextDate; gap: number; distance: number } | null = null;
  for (const found of datesIn(window)) {
    const date = withYear({ ...found, start: found.start + lo, end: found.end + lo }, pub);
    // The span's own words are not a date ("the 1943 uprising" is, "79 years" is not).
    if (date.start < span.end && date.end > span.start) continue;
    const gap = gapTo(allowed, date, pub);
    if (gap === null) continue;
    if (gap === 0) return { allowed, date, fits: true };
    // Prefer the same sentence, then the nearest in the text.
    const distance = Math.abs(date.start - span.start) + (sentenceAt(sentences, date.start) === here ? 0 : masked.length);
    if (gap <= plausibleGap(span) && (!nearest || distance < nearest.distance)) nearest = { date, gap, distance };
  }
  return { allowed, date: nearest?.date ?? null, fits: false };
}
