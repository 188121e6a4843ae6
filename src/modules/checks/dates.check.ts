/**
 * Checks that compare the text with the publication date: `relative-time`
 * (words such as "yesterday" whose meaning depends on the day the story goes
 * out) and `date-distance` (explicit dates far from the publication date).
 *
 * All calendar arithmetic is on calendar days in the site's time zone: the
 * publication instant (or "now", when no publication date is set yet) is
 * turned into a day there, and everything else is whole days from it.
 */
import { calendarDate } from '../../platform/time.js';
import { around, proseSegments, q, wherePrefix, type TextSegment } from './body.check.js';
import type { CheckContext, CheckResult, DraftForChecks } from './checks.types.js';

// ---------------------------------------------------------------------------
// Calendar days
// ---------------------------------------------------------------------------

interface Day {
  y: number;
  /** 1–12 */
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;

const serial = (day: Day): number => Math.round(Date.UTC(day.y, day.m - 1, day.d) / DAY_MS);

function fromSerial(n: number): Day {
  const t = new Date(n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The calendar day of an instant in the zone (UTC when the zone is not a valid IANA name). */
function zonedDay(instant: Date, timezone: string): Day {
  let c: { year: string; month: string; day: string };
  try {
    c = calendarDate(instant.toISOString(), timezone);
  } catch {
    c = calendarDate(instant.toISOString(), 'UTC');
  }
  return { y: Number(c.year), m: Number(c.month), d: Number(c.day) };
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(day: Day, options: Intl.DateTimeFormatOptions): string {
  const key = JSON.stringify(options);
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    formats.set(key, f);
  }
  return f.format(new Date(serial(day) * DAY_MS));
}

/** "Thursday, March 28", with ", 2023" when the year is not `refYear`. */
const weekdayLabel = (day: Day, refYear: number): string => format(day, { weekday: 'long', month: 'long', day: 'numeric', ...(day.y !== refYear ? { year: 'numeric' } : {}) });

/** "March 3, 2023" */
const dateLabel = (day: Day): string => format(day, { month: 'long', day: 'numeric', year: 'numeric' });

interface Publication {
  day: Day;
  /** Whether a publication date is set (otherwise "now" stands in for it). */
  scheduled: boolean;
  /** The current year in the site's zone, to decide when a label needs its year. */
  nowYear: number;
}

function publication(draft: DraftForChecks, ctx: CheckContext): Publication {
  const nowDay = zonedDay(ctx.now, draft.siteTimezone);
  const at = draft.publishedAt === null ? Number.NaN : Date.parse(draft.publishedAt);
  if (Number.isNaN(at)) return { day: nowDay, scheduled: false, nowYear: nowDay.y };
  return { day: zonedDay(new Date(at), draft.siteTimezone), scheduled: true, nowYear: nowDay.y };
}

// ---------------------------------------------------------------------------
// relative-time
// ---------------------------------------------------------------------------

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  'twenty-five': 25,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  'seventy-five': 75,
  eighty: 80,
  ninety: 90,
  hundred: 100,
};

const RELATIVE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+(?:night|week|month|year)|next\s+(?:week|month|year)|(` +
    Object.keys(NUMBER_WORDS)
      .sort((a, b) => b.length - a.length)
      .join('|') +
    String.raw`|\d{1,4})\s+years?\s+ago\s+to\s+the\s+day)(?![\p{L}\p{N}])`,
  'giu',
);

/** "the last week of June", "his last year in office", "the next month": not relative to publication. */
const DETERMINER_BEFORE = /(?:^|[^\p{L}])(?:the|a|that|this|its|his|her|their|our|my|your|every|each|whose)\s+$/iu;

/** Where a sentence (or a quotation, or a heading) starts: a capital there is not a name. */
const SENTENCE_START = /(?:^|[.!?:;]["'\u201d\u2019)\]]*\s+|["\u201c\u2018'([\u2014\u2013-]\s*)$/u;

interface Occurrence {
  segment: TextSegment;
  start: number;
  end: number;
}

function normalisePhrase(found: string, years: string | undefined): string {
  if (years === undefined) return found.toLowerCase().replace(/\s+/g, ' ');
  const n = NUMBER_WORDS[years.toLowerCase()] ?? Number(years);
  return `${n} ${n === 1 ? 'year' : 'years'} ago to the day`;
}

function mondayOf(n: number): number {
  const weekday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0
  return n - weekday;
}

/** What the phrase refers to, for a story published on `pub`. */
function reading(phrase: string, pub: Day): string {
  const p = serial(pub);
  const label = (n: number) => weekdayLabel(fromSerial(n), pub.y);
  const month = (delta: number) => {
    const total = pub.y * 12 + (pub.m - 1) + delta;
    const day: Day = { y: Math.floor(total / 12), m: (total % 12) + 1, d: 1 };
    return format(day, { month: 'long', ...(day.y !== pub.y ? { year: 'numeric' } : {}) });
  };
  switch (phrase) {
    case 'yesterday':
      return label(p - 1);
    case 'today':
      return label(p);
    case 'tomorrow':
      return label(p + 1);
    case 'this morning':
      return `the morning of ${label(p)}`;
    case 'this afternoon':
      return `the afternoon of ${label(p)}`;
    case 'this evening':
    case 'tonight':
      return `the evening of ${label(p)}`;
    case 'last night':
      return `the night of ${label(p - 1)}`;
    case 'last week':
      return `the week of ${label(mondayOf(p) - 7)}`;
    case 'next week':
      return `the week of ${label(mondayOf(p) + 7)}`;
    case 'last month':
      return month(-1);
    case 'next month':
      return month(1);
    case 'last year':
      return String(pub.y - 1);
    case 'next year':
      return String(pub.y + 1);
    default: {
      const n = Number(/^\d+/.exec(phrase)?.[0] ?? '0');
      const y = pub.y - n;
      return dateLabelWithWeekday({ y, m: pub.m, d: Math.min(pub.d, daysInMonth(y, pub.m)) });
    }
  }
}

const dateLabelWithWeekday = (day: Day): string => format(day, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

function publicationClause(pub: Publication): string {
  const label = weekdayLabel(pub.day, pub.nowYear);
  return pub.scheduled ? `for a story published ${label}` : `if the story is published today (${label})`;
}

/**
 * `relative-time` (warning): "yesterday", "tonight", "last week"… and
 * "N years ago to the day", anywhere outside code; one result per phrase.
 */
export function relativeTime(draft: DraftForChecks, ctx: CheckContext): CheckResult[] {
  /** By phrase ("5 years ago to the day" for "five years ago to the day"): the phrase as first written, and where. */
  const found = new Map<string, { shown: string; occurrences: Occurrence[] }>();
  for (const segment of proseSegments(draft)) {
    const { masked } = segment;
    for (const m of masked.matchAll(RELATIVE)) {
      const before = masked.slice(0, m.index);
      const text = m[0];
      if (/^(?:last|next)/i.test(text) && (DETERMINER_BEFORE.test(before) || /^\s+of\b/i.test(masked.slice(m.index + text.length)))) continue;
      if (/USA\s+$/.test(before)) continue; // the newspaper
      // A capital in mid-sentence is a name: "the Today programme", "The Tonight Show". Headlines may be in title case.
      if (segment.field !== 'headline' && /^\p{Lu}/u.test(text) && !SENTENCE_START.test(before)) continue;
      const key = normalisePhrase(text, m[1]);
      const entry = found.get(key) ?? { shown: text.replace(/\s+/g, ' ').toLowerCase(), occurrences: [] };
      entry.occurrences.push({ segment, start: m.index, end: m.index + text.length });
      found.set(key, entry);
    }
  }
  if (found.size === 0) return [];

  const pub = publication(draft, ctx);
  const out: CheckResult[] = [];
  for (const [phrase, { shown, occurrences }] of found) {
    const first = occurrences[0]!;
    const times = occurrences.length > 1 ? ` (used ${occurrences.length} times)` : '';
    out.push({
      id: 'relative-time',
      severity: 'warning',
      message: `${wherePrefix(first.segment.field)}${q(shown)}${times} will read as ${reading(phrase, pub.day)} ${publicationClause(pub)} \u2014 check it matches the events.`,
      excerpt: around(first.segment.text, first.start, first.end),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// date-distance
// ---------------------------------------------------------------------------

/** Days before publication beyond which a date is "far" in the past. */
export const DAYS_BEFORE = 30;
/** Days after publication beyond which a date is "far" in the future. */
export const DAYS_AFTER = 60;

const MONTH = String.raw`(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?!\p{L})`;
const YEAR = String.raw`(?:,?\s+(\d{4})(?!\p{N}))?`;
const ORDINAL = String.raw`(?:st|nd|rd|th)?`;

/** "March 3", "Mar. 3rd", "March 3, 2024" */
const MONTH_DAY = new RegExp(String.raw`(?<![\p{L}\p{N}])${MONTH}\s+(\d{1,2})${ORDINAL}(?![\p{L}\p{N}])${YEAR}`, 'gu');
/** "3 March", "3rd of March 2023" */
const DAY_MONTH = new RegExp(String.raw`(?<![\p{L}\p{N}.,])(\d{1,2})${ORDINAL}\s+(?:of\s+)?${MONTH}${YEAR}`, 'gu');
/** "2023-03-03" */
const ISO_DATE = /(?<![\p{N}\-/.])(\d{4})-(\d{2})-(\d{2})(?![\p{N}])/gu;

const MONTH_NUMBER: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

interface TextDate {
  /** As written. */
  text: string;
  segment: TextSegment;
  start: number;
  month: number;
  day: number;
  year: number | null;
}

function datesIn(segment: TextSegment): TextDate[] {
  const raw: TextDate[] = [];
  const { masked } = segment;
  const add = (m: RegExpMatchArray, month: number, day: string | undefined, year: string | undefined) =>
    raw.push({ text: m[0], segment, start: m.index ?? 0, month, day: Number(day), year: year === undefined ? null : Number(year) });
  for (const m of masked.matchAll(MONTH_DAY)) add(m, MONTH_NUMBER[(m[1] ?? '').slice(0, 3).toLowerCase()] ?? 0, m[2], m[3]);
  for (const m of masked.matchAll(DAY_MONTH)) add(m, MONTH_NUMBER[(m[2] ?? '').slice(0, 3).toLowerCase()] ?? 0, m[1], m[3]);
  for (const m of masked.matchAll(ISO_DATE)) add(m, Number(m[2]), m[3], m[1]);
  raw.sort((a, b) => a.start - b.start);
  const out: TextDate[] = [];
  let end = -1;
  for (const d of raw) {
    if (d.start < end) continue;
    end = d.start + d.text.length;
    const leapYear = d.year ?? 2000; // a yearless February 29 is possible
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysInMonth(leapYear, d.month)) continue;
    out.push(d);
  }
  return out;
}

/** The date's day; a date written without a year gets the year that puts it nearest the publication day. */
function resolve(date: TextDate, pub: Day): Day | null {
  if (date.year !== null) return { y: date.year, m: date.month, d: date.day };
  let best: Day | null = null;
  for (const y of [pub.y - 1, pub.y, pub.y + 1]) {
    if (date.day > daysInMonth(y, date.month)) continue;
    const day = { y, m: date.month, d: date.day };
    if (!best || Math.abs(serial(day) - serial(pub)) < Math.abs(serial(best) - serial(pub))) best = day;
  }
  return best;
}

const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/**
 * `date-distance` (warning): the text names dates to the day, and none of them
 * is within DAYS_BEFORE days before or DAYS_AFTER days after publication.
 */
export function dateDistance(draft: DraftForChecks, ctx: CheckContext): CheckResult[] {
  const found = proseSegments(draft).flatMap(datesIn);
  if (found.length === 0) return [];
  const pub = publication(draft, ctx);
  const p = serial(pub.day);

  const dated = found.flatMap((date) => {
    const day = resolve(date, pub.day);
    return day ? [{ date, day, delta: serial(day) - p }] : [];
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
      excerpt: around(nearest.date.segment.text, nearest.date.start, nearest.date.start + nearest.date.text.length, 20),
    },
  ];
}
