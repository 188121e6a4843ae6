/**
 * Dates written in the text, found in a segment's masked text (code and web
 * addresses left out): to the day ("March 3, 2024", "3 March", "2024-03-03",
 * "March 3" without a year), to the month ("September 1943") and to the year
 * ("in 1943"). Month names must be capitalised; numeric dates such as
 * "3/3/2023" are not read (US and European order disagree).
 */
import { daysInMonth, serial, type Day } from './calendar.js';
import { memoByText } from './memo.js';

export const MONTH = String.raw`(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?!\p{L})`;
const YEAR = String.raw`(?:,?\s+(\d{4})(?!\p{N}))?`;
const ORDINAL_SUFFIX = String.raw`(?:st|nd|rd|th)?`;

/** "March 3", "Mar. 3rd", "March 3, 2024" */
const MONTH_DAY = new RegExp(String.raw`(?<![\p{L}\p{N}])${MONTH}\s+(\d{1,2})${ORDINAL_SUFFIX}(?![\p{L}\p{N}])${YEAR}`, 'gu');
/** "3 March", "3rd of March 2023" */
const DAY_MONTH = new RegExp(String.raw`(?<![\p{L}\p{N}.,])(\d{1,2})${ORDINAL_SUFFIX}\s+(?:of\s+)?${MONTH}${YEAR}`, 'gu');
/** "2023-03-03" */
const ISO_DATE = /(?<![\p{N}\-/.])(\d{4})-(\d{2})-(\d{2})(?![\p{N}])/gu;
/** "September 1943", "Sept. of 1943" */
const MONTH_YEAR = new RegExp(String.raw`(?<![\p{L}\p{N}])${MONTH}\s+(?:of\s+)?(\d{4})(?![\p{N}])`, 'gu');
/** A year on its own, after a word that introduces one ("in 1943", "since 2011", "the 1943 uprising"). Not "the 1940s", not "1943 people". */
const YEAR_ONLY =
  /(?<=(?:^|[^\p{L}])(?:in|of|since|from|until|till|by|during|before|after|year|early|late|mid|spring|summer|autumn|fall|winter|the|its|their|that)[\s-]+|\()(1[5-9]\d{2}|20\d{2})(?![\p{L}\p{N}'\u2019]|\s*(?:%|percent|people|residents|homes|households|units|tons|votes|jobs|cases|feet|metres|meters|miles|acres|members|pounds|dollars))/giu;

const MONTH_NUMBER: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

export const monthNumber = (name: string): number => MONTH_NUMBER[name.slice(0, 3).toLowerCase()] ?? 0;

/** A date as written: to the day (month and day, the year when written), to the month, or to the year. */
export interface TextDate {
  /** As written. */
  text: string;
  start: number;
  end: number;
  precision: 'day' | 'month' | 'year';
  year: number | null;
  /** 1–12, or null for a year alone. */
  month: number | null;
  /** Null unless precision is 'day'. */
  day: number | null;
}

function readDates(masked: string): TextDate[] {
  const raw: TextDate[] = [];
  const add = (m: RegExpMatchArray, precision: TextDate['precision'], year: string | undefined, month: number | null, day: string | undefined) =>
    raw.push({
      text: m[0],
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
      precision,
      year: year === undefined ? null : Number(year),
      month,
      day: day === undefined ? null : Number(day),
    });
  for (const m of masked.matchAll(MONTH_DAY)) add(m, 'day', m[3], monthNumber(m[1] ?? ''), m[2]);
  for (const m of masked.matchAll(DAY_MONTH)) add(m, 'day', m[3], monthNumber(m[2] ?? ''), m[1]);
  for (const m of masked.matchAll(ISO_DATE)) add(m, 'day', m[1], Number(m[2]), m[3]);
  for (const m of masked.matchAll(MONTH_YEAR)) add(m, 'month', m[2], monthNumber(m[1] ?? ''), undefined);
  for (const m of masked.matchAll(YEAR_ONLY)) add(m, 'year', m[1], null, undefined);
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextDate[] = [];
  let end = -1;
  for (const d of raw) {
    if (d.start < end) continue;
    if (d.month !== null && (d.month < 1 || d.month > 12)) continue;
    if (d.day !== null && (d.day < 1 || d.day > daysInMonth(d.year ?? 2000, d.month ?? 1))) continue; // a yearless February 29 is possible
    end = d.end;
    out.push(d);
  }
  return out;
}

/** Every date in the text, in order, none overlapping (the longer reading wins: "March 3, 2024" over "March"); remembered for the texts last read. */
export const datesIn: (masked: string) => readonly TextDate[] = memoByText(readDates);

/** A day written without a year gets the year (publication's, or either side) that puts it nearest the publication day. */
export function placeDay(month: number, day: number, year: number | null, pub: Day): Day | null {
  if (year !== null) return { y: year, m: month, d: day };
  let best: Day | null = null;
  for (const y of [pub.y - 1, pub.y, pub.y + 1]) {
    if (day > daysInMonth(y, month)) continue;
    const candidate = { y, m: month, d: day };
    if (!best || Math.abs(serial(candidate) - serial(pub)) < Math.abs(serial(best) - serial(pub))) best = candidate;
  }
  return best;
}

/** A date to the day with its year, a yearless one placed nearest the publication day (see placeDay); other dates as they are. */
export function withYear(date: TextDate, pub: Day): TextDate {
  if (date.year !== null || date.precision !== 'day' || date.month === null || date.day === null) return date;
  const day = placeDay(date.month, date.day, null, pub);
  return day ? { ...date, year: day.y } : date;
}

/** The first and last day a written date can mean; null for a date written without a year. */
export function spanOf(date: TextDate): { from: Day; to: Day } | null {
  if (date.year === null) return null;
  if (date.precision === 'day') {
    const day = { y: date.year, m: date.month ?? 1, d: date.day ?? 1 };
    return { from: day, to: day };
  }
  if (date.precision === 'month') {
    const m = date.month ?? 1;
    return { from: { y: date.year, m, d: 1 }, to: { y: date.year, m, d: daysInMonth(date.year, m) } };
  }
  return { from: { y: date.year, m: 1, d: 1 }, to: { y: date.year, m: 12, d: 31 } };
}

/** How the text dates something, for messages: "September 1943", "1943", "September 29, 1943". */
export function writtenLabel(date: TextDate): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const month = date.month === null ? '' : months[date.month - 1];
  if (date.precision === 'year') return String(date.year);
  if (date.precision === 'month') return date.year === null ? `${month}` : `${month} ${date.year}`;
  return `${month} ${date.day}${date.year === null ? '' : `, ${date.year}`}`;
}

/** A weekday name, capitalised, in full or abbreviated with a full stop ("Wed."). */
export const WEEKDAY = String.raw`(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon\.|Tues?\.|Wed\.|Thu(?:rs?)?\.|Fri\.|Sat\.|Sun\.)(?!\p{L})`;

const WEEKDAY_NUMBER: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** 0 = Sunday … 6 = Saturday, for a name matched by WEEKDAY. */
export const weekdayNumber = (name: string): number => WEEKDAY_NUMBER[name.slice(0, 3).toLowerCase()] ?? -1;

/** What is written right next to a phrase, after a comma, a bracket or a dash ("yesterday, Wednesday, Nov. 6,"): a weekday, a date, or both. */
export interface Apposition {
  weekday: number | null;
  /** The weekday as written. */
  weekdayText: string;
  date: TextDate | null;
}

const APPOSITION = new RegExp(String.raw`^(?:['\u2019]s)?\s*(?:,|\(|\u2014|\u2013|\s-\s)\s*(?:on\s+|in\s+)?(?:${WEEKDAY}(?:\s*,\s*|\s+|\s*\)))?`, 'u');

/** A month name on its own, closed by punctuation: "next month, in May," (not "May Chen", not "May 3"). */
const MONTH_ALONE = new RegExp(String.raw`^${MONTH}(?=\s*[,.;:)!?\u2014\u2013]|\s*$)`, 'u');

/** The weekday and date written right after offset `at` in the masked text, if any. */
export function appositionAfter(masked: string, at: number): Apposition | null {
  const rest = masked.slice(at, at + 80);
  const m = APPOSITION.exec(rest);
  if (!m) return null;
  const after = m[0].length;
  let date = datesIn(rest).find((d) => d.start === after) ?? null;
  const month = date ? null : MONTH_ALONE.exec(rest.slice(after));
  if (month) date = { text: month[0], start: after, end: after + month[0].length, precision: 'month', year: null, month: monthNumber(month[1] ?? ''), day: null };
  if (!m[1] && !date) return null;
  return { weekday: m[1] ? weekdayNumber(m[1]) : null, weekdayText: m[1] ?? '', date: date ? { ...date, start: date.start + at, end: date.end + at } : null };
}
