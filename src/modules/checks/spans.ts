/**
 * Spans of time counted back from the story's date, as written: "seventy-nine
 * years ago", "exactly ten years ago today", "nearly two decades ago", "half a
 * century ago", "three months ago to the day", "79 years to the day since",
 * and ordinal anniversaries ("the 79th anniversary", "the centenary").
 * Found in a segment's masked text; see numbers.ts for the number words.
 */
import { memoByText } from './memo.js';
import { CARDINAL, numberValue, ORDINAL } from './numbers.js';

export type Unit = 'year' | 'month' | 'week' | 'day';

/** How the count is meant: "about" (as written), exactly, nearly, more than, less than. */
export type Qualifier = 'about' | 'exact' | 'nearly' | 'over' | 'under';

/** What the span pins down: the very day ("to the day", "today"), the week, the month or the year. */
export type Anchor = 'day' | 'week' | 'month' | 'year' | null;

export interface Span {
  kind: 'ago' | 'anniversary';
  /** Where the whole phrase is, and as written. */
  start: number;
  end: number;
  text: string;
  /** The count and its unit: "two decades" is 20 years, "half a century" 50. */
  amount: number;
  unit: Unit;
  /** The count as written, with its unit: "Seventy-nine years", "half a century". */
  written: string;
  /** A round count ("a decade", "fifty years"), read with more latitude. */
  round: boolean;
  qualifier: Qualifier;
  anchor: Anchor;
}

const QUALIFIERS: Record<string, Qualifier> = {
  exactly: 'exact',
  precisely: 'exact',
  nearly: 'nearly',
  almost: 'nearly',
  'just under': 'nearly',
  'more than': 'over',
  over: 'over',
  'just over': 'over',
  'less than': 'under',
  'fewer than': 'under',
  under: 'under',
  about: 'about',
  around: 'about',
  roughly: 'about',
  some: 'about',
  approximately: 'about',
};

const QUALIFIER = Object.keys(QUALIFIERS)
  .sort((a, b) => b.length - a.length)
  .map((k) => k.replace(' ', String.raw`\s+`))
  .join('|');

const UNIT = String.raw`years?|decades?|centur(?:y|ies)|months?|weeks?|days?`;

/** "seventy-nine years", "a decade", "two decades", "half a century", "a quarter of a century". */
const AMOUNT = String.raw`(?:${CARDINAL})\s+(?:full\s+|long\s+)?(?:${UNIT})|an?\s+(?:${UNIT})|(?:half\s+a|a\s+half[-\s]?|a\s+quarter(?:\s+of\s+a|[-\s]))\s*century`;

const AGO = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(${QUALIFIER})\s+)?(${AMOUNT})\s+(?:ago|(to\s+the\s+day\s+)?since)(?:\s*,?\s+(today|to\s+the\s+day|this\s+(?:week(?:end)?|month|year)))?(?![\p{L}\p{N}])`,
  'giu',
);

const ANNIVERSARY = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:(${ORDINAL})\s+anniversary|(bi)?centen(?:ary|nial))(?![\p{L}\p{N}])`, 'giu');

function unitOf(word: string): { unit: Unit; factor: number } {
  const w = word.toLowerCase();
  if (w.startsWith('decade')) return { unit: 'year', factor: 10 };
  if (w.startsWith('centur')) return { unit: 'year', factor: 100 };
  if (w.startsWith('month')) return { unit: 'month', factor: 1 };
  if (w.startsWith('week')) return { unit: 'week', factor: 1 };
  if (w.startsWith('day')) return { unit: 'day', factor: 1 };
  return { unit: 'year', factor: 1 };
}

/** "two decades" → 20 years; null when the count is not a number we read. */
export function parseAmount(written: string): { amount: number; unit: Unit; round: boolean } | null {
  const s = written.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/half[- ]?a? ?century|a half[- ]?century/.test(s)) return { amount: 50, unit: 'year', round: true };
  if (/quarter/.test(s)) return { amount: 25, unit: 'year', round: true };
  const m = /^(.*?)\s+(?:full\s+|long\s+)?(\p{L}+)$/u.exec(s);
  if (!m) return null;
  const { unit, factor } = unitOf(m[2] ?? '');
  const n = /^an?$/.test(m[1] ?? '') ? 1 : numberValue(m[1] ?? '');
  if (n === null || n === 0) return null;
  const amount = n * factor;
  // "a decade", "fifty years", "a century" are round; "seventy-nine years" and "a year" are not.
  const round = factor > 1 || (unit === 'year' && amount >= 10 && amount % 5 === 0);
  return { amount, unit, round };
}

function anchorOf(phrase: string | undefined, sinceToTheDay: boolean): Anchor {
  if (sinceToTheDay) return 'day';
  if (!phrase) return null;
  const p = phrase.toLowerCase();
  if (p === 'today' || p.startsWith('to')) return 'day';
  if (p.includes('week')) return 'week';
  if (p.includes('month')) return 'month';
  return 'year';
}

function readSpans(masked: string): Span[] {
  const out: Span[] = [];
  for (const m of masked.matchAll(AGO)) {
    const text = m[0];
    // "It had been two years since…" counts to another moment than the story's date.
    if (/since$/i.test(text.trim()) && /\bhad\b[^.!?]*$/i.test(masked.slice(Math.max(0, m.index - 40), m.index))) continue;
    const parsed = parseAmount(m[2] ?? '');
    if (!parsed) continue;
    const qualifier = m[1] ? (QUALIFIERS[m[1].toLowerCase().replace(/\s+/g, ' ')] ?? 'about') : 'about';
    out.push({ kind: 'ago', start: m.index, end: m.index + text.length, text, written: m[2] ?? '', ...parsed, qualifier, anchor: anchorOf(m[4], Boolean(m[3])) });
  }
  for (const m of masked.matchAll(ANNIVERSARY)) {
    const text = m[0];
    const amount = m[1] ? numberValue(m[1]) : /^bi/i.test(text) ? 200 : 100;
    if (amount === null || amount === 0) continue;
    out.push({ kind: 'anniversary', start: m.index, end: m.index + text.length, text, written: m[1] ?? text, amount, unit: 'year', round: false, qualifier: 'about', anchor: null });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Every span and anniversary in the text, in order (remembered for the texts last read). */
export const spansIn: (masked: string) => readonly Span[] = memoByText(readSpans);
