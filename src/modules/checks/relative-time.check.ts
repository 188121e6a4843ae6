/**
 * `relative-time`: words whose meaning depends on the day the story goes out
 * ("yesterday", "this morning", "last Tuesday", "next month", "two weeks
 * ago"), read for the publication day in the site's time zone.
 *
 * - A warning when a weekday or a date written right next to the phrase
 *   disagrees with it ("yesterday, Wednesday, Nov. 6," in a story published on
 *   a Friday), or when a date in the same sentence contradicts a span of
 *   months, weeks or days ("two weeks ago, on March 1,").
 * - Otherwise a note: the phrase is right for this publication day and will be
 *   wrong on another, so the editor sees what it will read as.
 */
import { around, proseSegments, q, wherePrefix, type TextSegment } from './body.check.js';
import { dateLabel, fromSerial, monthLabel, monthsBefore, mondayOf, publication, publicationClause, serial, WEEKDAY_NAMES, weekdayLabel, weekdayOf, type Day, type Publication } from './calendar.js';
import type { CheckContext, CheckResult, DraftForChecks } from './checks.types.js';
import { reconcile } from './span-dates.js';
import { spansIn } from './spans.js';
import { appositionAfter, placeDay, spanOf, weekdayNumber, writtenLabel, type Apposition } from './text-dates.js';

const WEEKDAYS = WEEKDAY_NAMES.join('|');

const RELATIVE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+(?:night|week|month|year)|next\s+(?:week|month|year)|last\s+(?:${WEEKDAYS}))(?![\p{L}\p{N}])`,
  'giu',
);

/** "the last week of June", "his last year in office", "the next month": not relative to publication. */
const DETERMINER_BEFORE = /(?:^|[^\p{L}])(?:the|a|that|this|its|his|her|their|our|my|your|every|each|whose)\s+$/iu;

/** Where a sentence (or a quotation, or a heading) starts: a capital there is not a name. */
const SENTENCE_START = /(?:^|[.!?:;]["'\u201d\u2019)\]]*\s+|["\u201c\u2018'([\u2014\u2013-]\s*)$/u;

/** What a phrase refers to: a day, a week (its Monday), a month or a year. */
type Target =
  | { kind: 'day'; day: number; /** "last Tuesday" may also mean the Tuesday a week before the latest one. */ orDay?: number }
  | { kind: 'week'; monday: number }
  | { kind: 'month'; y: number; m: number }
  | { kind: 'year'; y: number };

function targetOf(phrase: string, pub: Day): Target {
  const p = serial(pub);
  const lastWeekday = /^last (\p{L}+)$/u.exec(phrase);
  if (lastWeekday && !['night', 'week', 'month', 'year'].includes(lastWeekday[1]!)) {
    const back = (weekdayOf(pub) - weekdayNumber(lastWeekday[1]!) + 7) % 7 || 7;
    return { kind: 'day', day: p - back, orDay: p - back - 7 };
  }
  switch (phrase) {
    case 'yesterday':
    case 'last night':
      return { kind: 'day', day: p - 1 };
    case 'tomorrow':
      return { kind: 'day', day: p + 1 };
    case 'last week':
      return { kind: 'week', monday: mondayOf(p) - 7 };
    case 'next week':
      return { kind: 'week', monday: mondayOf(p) + 7 };
    case 'last month':
    case 'next month': {
      const d = monthsBefore(pub, phrase === 'last month' ? 1 : -1);
      return { kind: 'month', y: d.y, m: d.m };
    }
    case 'last year':
      return { kind: 'year', y: pub.y - 1 };
    case 'next year':
      return { kind: 'year', y: pub.y + 1 };
    default:
      return { kind: 'day', day: p };
  }
}

/** What the phrase will read as, for the note. */
function reading(phrase: string, target: Target, pub: Day): string {
  const label = (n: number) => weekdayLabel(fromSerial(n), pub.y);
  switch (target.kind) {
    case 'week':
      return `the week of ${label(target.monday)}`;
    case 'month':
      return monthLabel(target.y, target.m, pub.y);
    case 'year':
      return String(target.y);
    default:
      if (phrase === 'this morning') return `the morning of ${label(target.day)}`;
      if (phrase === 'this afternoon') return `the afternoon of ${label(target.day)}`;
      if (phrase === 'this evening' || phrase === 'tonight') return `the evening of ${label(target.day)}`;
      if (phrase === 'last night') return `the night of ${label(target.day)}`;
      return label(target.day);
  }
}

/** Why the weekday or date written next to the phrase disagrees with it, or null when it agrees (or says nothing checkable). */
function disagreement(target: Target, next: Apposition, pub: Day): string | null {
  const date = next.date;
  if (date?.precision === 'day' && date.month !== null && date.day !== null) {
    const day = placeDay(date.month, date.day, date.year, pub);
    if (!day) return null;
    const n = serial(day);
    const ok =
      target.kind === 'day'
        ? n === target.day || n === target.orDay
        : target.kind === 'week'
          ? n >= target.monday && n <= target.monday + 6
          : target.kind === 'month'
            ? day.y === target.y && day.m === target.m
            : day.y === target.y;
    return ok ? null : `the text gives the date as ${dateLabel(day)}`;
  }
  if (date?.precision === 'month' && date.year === null && target.kind === 'month') {
    return date.month === target.m ? null : `the text says ${writtenLabel(date)}`;
  }
  if (date && (target.kind === 'month' || target.kind === 'year')) {
    const range = spanOf(date);
    if (!range) return null;
    const ok = target.kind === 'year' ? range.from.y === target.y : range.from.y === target.y && range.from.m === target.m && range.to.m === target.m;
    return ok ? null : `the text says ${writtenLabel(date)}`;
  }
  if (next.weekday !== null && next.weekday >= 0 && target.kind === 'day' && weekdayOf(fromSerial(target.day)) !== next.weekday) {
    return `the text calls it ${WEEKDAY_NAMES[next.weekday]}`;
  }
  return null;
}

interface Occurrence {
  segment: TextSegment;
  start: number;
  end: number;
}

interface Notes {
  add(key: string, shown: string, occurrence: Occurrence, reads: string): void;
  results(pub: Publication): CheckResult[];
}

function noteBook(): Notes {
  const found = new Map<string, { shown: string; reads: string; occurrences: Occurrence[] }>();
  return {
    add(key, shown, occurrence, reads) {
      const entry = found.get(key) ?? { shown, reads, occurrences: [] };
      entry.occurrences.push(occurrence);
      found.set(key, entry);
    },
    results(pub) {
      return [...found.values()].map(({ shown, reads, occurrences }) => {
        const first = occurrences[0]!;
        const times = occurrences.length > 1 ? ` (used ${occurrences.length} times)` : '';
        return {
          id: 'relative-time',
          severity: 'note',
          message: `${wherePrefix(first.segment.field)}${q(shown)}${times} will read as ${reads} ${publicationClause(pub)} \u2014 check it matches the events.`,
          excerpt: around(first.segment.text, first.start, first.end),
        };
      });
    },
  };
}

/** Whether a match is a relative phrase at all (not "the last week of June", "the Today programme", part of "ten years ago today"). */
function isRelative(segment: TextSegment, start: number, text: string): boolean {
  const before = segment.masked.slice(0, start);
  const after = segment.masked.slice(start + text.length);
  if (/^(?:last|next)/i.test(text) && (DETERMINER_BEFORE.test(before) || /^\s+of\b/i.test(after))) return false;
  if (/USA\s+$/.test(before)) return false; // the newspaper
  if (/\bago\s*,?\s+$/i.test(before)) return false; // "ten years ago today": a span, read by `anniversary`
  // A capital in mid-sentence is a name: "the Today programme", "The Tonight Show". Headlines may be in title case.
  if (segment.field !== 'headline' && /^\p{Lu}/u.test(text) && !/^last\s/i.test(text) && !SENTENCE_START.test(before)) return false;
  return true;
}

export function relativeTime(draft: DraftForChecks, ctx: CheckContext): CheckResult[] {
  const pub = publication(draft, ctx);
  const warnings: CheckResult[] = [];
  const notes = noteBook();
  for (const segment of proseSegments(draft)) {
    for (const m of segment.masked.matchAll(RELATIVE)) {
      const text = m[0];
      if (!isRelative(segment, m.index, text)) continue;
      const phrase = text.toLowerCase().replace(/\s+/g, ' ');
      // As the editor reads it in running text: "last Tuesday", "yesterday".
      const shown = phrase.replace(/\p{L}+$/u, (w) => (WEEKDAY_NAMES.some((d) => d.toLowerCase() === w) ? w.charAt(0).toUpperCase() + w.slice(1) : w));
      const target = targetOf(phrase, pub.day);
      const end = m.index + text.length;
      const next = appositionAfter(segment.masked, end);
      const why = next ? disagreement(target, next, pub.day) : null;
      if (why) {
        const until = next?.date?.end ?? end + 1;
        warnings.push({
          id: 'relative-time',
          severity: 'warning',
          message: `${wherePrefix(segment.field)}${q(shown)} is ${reading(phrase, target, pub.day)} ${publicationClause(pub)}, but ${why}. Correct the phrase or the date, or check the publication date.`,
          excerpt: around(segment.text, m.index, Math.max(end, until)),
        });
        continue;
      }
      notes.add(phrase, shown, { segment, start: m.index, end }, reading(phrase, target, pub.day));
    }
    for (const span of spansIn(segment.masked)) {
      if (span.kind !== 'ago' || span.unit === 'year') continue;
      const verdict = reconcile(span, segment.masked, pub.day);
      const shown = span.text.toLowerCase().replace(/\s+/g, ' ');
      if (!verdict.fits && verdict.date) {
        warnings.push({
          id: 'relative-time',
          severity: 'warning',
          message: `${wherePrefix(segment.field)}${q(shown)} is ${verdict.allowed.label} ${publicationClause(pub)}, but the text dates the event to ${writtenLabel(verdict.date)}. Correct the phrase or the date, or check the publication date.`,
          excerpt: around(segment.text, span.start, span.end),
        });
        continue;
      }
      const exact = verdict.allowed.exact;
      const reads = span.unit === 'month' ? monthLabel(exact.y, exact.m, pub.day.y) : weekdayLabel(exact, pub.day.y);
      notes.add(shown, shown, { segment, start: span.start, end: span.end }, reads);
    }
  }
  return [...warnings, ...notes.results(pub)];
}
