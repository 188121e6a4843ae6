/**
 * `dropped-name` (warning): signs that a name (or another word) was deleted
 * and left a gap, as happens when a name is cut for legal reasons or at a
 * source's request.
 *
 * - Stray punctuation and spacing: "near , the country's second city",
 *   "'s Ministry of Defense", "( )", two spaces between words.
 * - Grammatical gaps without stray punctuation, found with an English
 *   part-of-speech tagger (grammar-gaps.ts): "Officials in met on Tuesday",
 *   "the key city of liberated.", "to retake Eastern from the forces".
 */
import { eachSegment, MASK, q, type Finding, type TextSegment } from './body.check.js';
import type { CheckResult, DraftForChecks } from './checks.types.js';
import { grammarGaps } from './grammar-gaps.js';
import { sentencesOf } from './sentences.js';

/** Words that cannot end a phrase: an article or preposition right before punctuation means something is missing. */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'at',
  'by',
  'to',
  'for',
  'from',
  'with',
  'about',
  'near',
  'into',
  'than',
  'as',
  'and',
  'or',
  'between',
  'among',
  'against',
  'like',
  'says',
  'said',
]);

const PUNCT_NAMES: Record<string, string> = {
  ',': 'comma',
  '.': 'full stop',
  ';': 'semicolon',
  ':': 'colon',
  '!': 'exclamation mark',
  '?': 'question mark',
};

/** Ellipses ("...", ". . .", "…") are masked first: a space before one is normal. */
const ELLIPSIS = /\.(?:[ \u00a0]?\.){2,}|\u2026/g;

/** A space (or several) between a character and punctuation that ends a phrase: "near , the", "said ." */
const SPACE_BEFORE_PUNCT = /(?<=[^\s\uFFFC])[ \t\u00a0]+([,.;:!?])(?=[\s"'\u201d\u2019)\]]|$)/gu;

/**
 * "the" or "an" right against punctuation ("the.", "an,"), and "according to,".
 * Not "a", which also labels options ("sections a, b and c"); "a.m." and
 * "a.k.a." never match since a letter follows the full stop.
 */
const DANGLING_WORD = /(?<![\p{L}\p{N}'\u2019.])(the|an|according to)([,.;:!?])(?![\p{L}\p{N}])/gu;

/** "'s" with nothing before it: at the start, after a space, an opening quote or bracket ("'s-Hertogenbosch" aside). */
const ORPHAN_POSSESSIVE = /(?<=^|[\s"\u201c\u2018([])['\u2019\u2018]s(?![\p{L}\p{N}'\u2019-])/gu;

/** Empty brackets or empty curly quotes: "( )", "[]", "“ ”". */
const EMPTY_PAIR = /(?<![\p{L}\p{N}_])\([ \t\u00a0]*\)|(?<![\p{L}\p{N}_\]])\[[ \t\u00a0]*\](?!\()|\u201c[ \t\u00a0]*\u201d/gu;

/** Two or more spaces between two words: "the  minister". */
const DOUBLE_SPACE = /(?<=[\p{L}\p{N}])[ \u00a0]{2,}(?=[\p{L}\p{N}])/gu;

function wordBefore(text: string, index: number): string {
  return /([\p{L}\p{N}'\u2019]+)\s*$/u.exec(text.slice(0, index))?.[1] ?? '';
}

function findGaps(segment: TextSegment): Finding[] {
  const masked = segment.masked.replace(ELLIPSIS, (m) => MASK.repeat(m.length));
  const out: Finding[] = [];

  for (const m of masked.matchAll(SPACE_BEFORE_PUNCT)) {
    const punct = m[1] ?? '';
    const end = m.index + m[0].length;
    // "3 : 1" is a ratio or score.
    if (punct === ':' && /\d$/.test(masked.slice(0, m.index)) && /^\s*\d/.test(masked.slice(end))) continue;
    const word = wordBefore(masked, m.index);
    const name = PUNCT_NAMES[punct] ?? punct;
    const shown = q(`${word} ${punct}`);
    const message = FUNCTION_WORDS.has(word.toLowerCase())
      ? `${shown}: a space before the ${name} after ${q(word)} suggests a name or word was deleted there. Restore it, or remove the space.`
      : `${shown}: a space before the ${name} suggests a name or word was deleted there. Restore it, or remove the space.`;
    out.push({ start: m.index, end, message });
  }

  for (const m of masked.matchAll(DANGLING_WORD)) {
    const word = m[1] ?? '';
    const end = m.index + m[0].length;
    const name = PUNCT_NAMES[m[2] ?? ''] ?? m[2];
    out.push({
      start: m.index,
      end,
      message: `${q(m[0])}: ${q(word)} right before a ${name} suggests the name or word after it was deleted. Restore it.`,
    });
  }

  for (const m of masked.matchAll(ORPHAN_POSSESSIVE)) {
    const end = m.index + m[0].length;
    const next = /^[\p{L}\p{N}]+/u.exec(masked.slice(end).trimStart())?.[0] ?? '';
    out.push({
      start: m.index,
      end,
      message: `${q(`${m[0]} ${next}`.trim())}: a possessive with nothing before it suggests the name it belongs to was deleted. Restore the name.`,
    });
  }

  for (const m of masked.matchAll(EMPTY_PAIR)) {
    const end = m.index + m[0].length;
    const what = m[0].startsWith('(') ? 'parentheses' : m[0].startsWith('[') ? 'brackets' : 'quotation marks';
    const shown = m[0].startsWith('\u201c') ? m[0] : q(m[0]);
    out.push({ start: m.index, end, message: `${shown}: empty ${what} suggest what was inside them was deleted. Restore it, or remove them.` });
  }

  for (const m of masked.matchAll(DOUBLE_SPACE)) {
    const end = m.index + m[0].length;
    const before = wordBefore(masked, m.index);
    const after = /^[\p{L}\p{N}'\u2019]+/u.exec(masked.slice(end))?.[0] ?? '';
    out.push({
      start: m.index,
      end,
      message: `${q(`${before}${m[0]}${after}`)}: ${m[0].length} spaces between ${q(before)} and ${q(after)} suggest a word was cut there. Restore it, or remove the extra space.`,
    });
  }
  return out;
}

/** Gaps with stray punctuation and grammatical gaps, in one segment. */
function allGaps(segment: TextSegment): Finding[] {
  const masked = segment.masked.replace(ELLIPSIS, (m) => MASK.repeat(m.length));
  return [...findGaps(segment), ...grammarGaps(masked, sentencesOf(masked))];
}

/** `dropped-name` (warning): signs that a name or word was deleted and left a gap. */
export function droppedName(draft: DraftForChecks): CheckResult[] {
  return eachSegment(draft, 'dropped-name', 'warning', allGaps);
}
