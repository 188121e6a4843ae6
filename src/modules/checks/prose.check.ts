/**
 * Checks on the prose (headline, dek, excerpt and body text, code and web
 * addresses left out): `dropped-name`, `doubled-word` and `placeholder`.
 */
import { around, MASK, parseBody, proseSegments, q, wherePrefix, type TextSegment } from './body.check.js';
import type { CheckResult, DraftForChecks } from './checks.types.js';

interface Finding {
  start: number;
  end: number;
  message: string;
}

/** Runs `find` on every prose segment; one result per finding, with the text around it as excerpt. */
function eachSegment(draft: DraftForChecks, id: string, severity: CheckResult['severity'], find: (segment: TextSegment) => Finding[]): CheckResult[] {
  const out: CheckResult[] = [];
  for (const segment of proseSegments(draft)) {
    const findings = find(segment).sort((a, b) => a.start - b.start);
    let lastEnd = -1;
    for (const f of findings) {
      if (f.start < lastEnd) continue; // overlaps one already reported
      lastEnd = f.end;
      out.push({ id, severity, message: wherePrefix(segment.field) + f.message, excerpt: around(segment.text, f.start, f.end) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// dropped-name
// ---------------------------------------------------------------------------

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

/** `dropped-name` (warning): signs that a name or word was deleted and left a gap. */
export function droppedName(draft: DraftForChecks): CheckResult[] {
  return eachSegment(draft, 'dropped-name', 'warning', findGaps);
}

// ---------------------------------------------------------------------------
// doubled-word
// ---------------------------------------------------------------------------

/** Repetitions that are grammatical or idiomatic ("had had", "that that", "bye bye"). */
const ALLOWED_DOUBLES = new Set([
  'had',
  'that',
  'her',
  'bye',
  'ha',
  'ho',
  'hee',
  'blah',
  'tsk',
  'tut',
  'knock',
  'yada',
  'hush',
  'pom',
  'chop',
  'cha',
  'no',
  'mahi',
  'walla',
  'bora',
  'pago',
  'sing',
  'baden',
  'duran',
  'choo',
  'night',
  'there',
]);

/** A word, whitespace (a line break included) and the same word again, in any case. Letters only: "10 10" is not flagged. */
const DOUBLED = /(?<![\p{L}\p{N}'\u2019_-])(\p{L}+(?:['\u2019]\p{L}+)*)\s+\1(?![\p{L}\p{N}'\u2019_-])/giu;

/** "What it is is …", "What this is is …": grammatical. */
const WHAT_IS_IS = /\bwh\p{L}*\s+\p{L}+\s+$/iu;

function findDoubles(segment: TextSegment): Finding[] {
  const out: Finding[] = [];
  for (const m of segment.masked.matchAll(DOUBLED)) {
    const word = m[1] ?? '';
    const lower = word.toLowerCase();
    if (ALLOWED_DOUBLES.has(lower)) continue;
    if (lower === 'is' && WHAT_IS_IS.test(segment.masked.slice(0, m.index))) continue;
    const end = m.index + m[0].length;
    out.push({
      start: m.index,
      end,
      message: `${q(segment.text.slice(m.index, end).replace(/\s+/g, ' '))}: the word ${q(word)} appears twice in a row. Delete one, unless the repetition is intended.`,
    });
  }
  return out;
}

/** `doubled-word` (warning): the same word twice in a row ("the the"), across a line break too. */
export function doubledWord(draft: DraftForChecks): CheckResult[] {
  return eachSegment(draft, 'doubled-word', 'warning', findDoubles);
}

// ---------------------------------------------------------------------------
// placeholder
// ---------------------------------------------------------------------------

/**
 * Placeholder marks: "TK"/"TKTK" (capitals, whole word; not "TKO", "TK Maxx"),
 * "lorem ipsum", "XXX" (not the numeral in "Super Bowl XXX", "XXX Olympiad"),
 * "[citation needed]".
 */
const PLACEHOLDER = /(?<![\p{L}\p{N}])(?:(?:TK)+(?! Maxx)|X{3,}(?! Olympi)|lorem ipsum|\[citation needed\])(?![\p{L}\p{N}])/giu;

function placeholderMatches(masked: string): Array<{ start: number; end: number; found: string }> {
  const out: Array<{ start: number; end: number; found: string }> = [];
  for (const m of masked.matchAll(PLACEHOLDER)) {
    const found = m[0];
    // "TK" and "XXX" count only in capitals; "lorem ipsum" and "[citation needed]" in any case.
    if (/^(?:tk|x+)$/i.test(found) && found !== found.toUpperCase()) continue;
    if (/^X+$/.test(found) && /Super Bowl\s+$/i.test(masked.slice(0, m.index))) continue;
    out.push({ start: m.index, end: m.index + found.length, found });
  }
  return out;
}

function placeholderMessage(found: string, where: string): string {
  return `${where}${q(found)} is placeholder text. Replace it with the real text before publishing.`;
}

/** `placeholder` (blocker): placeholder marks left in the text, image alt text and captions, or as a link address. */
export function placeholder(draft: DraftForChecks): CheckResult[] {
  const out = eachSegment(draft, 'placeholder', 'blocker', (segment) => placeholderMatches(segment.masked).map(({ start, end, found }) => ({ start, end, message: placeholderMessage(found, '') })));
  const { images, links } = parseBody(draft.body);
  for (const image of images) {
    for (const [part, value] of [
      ['alt text', image.alt],
      ['caption', image.title],
    ] as const) {
      for (const { start, end, found } of placeholderMatches(value)) {
        out.push({
          id: 'placeholder',
          severity: 'blocker',
          message: placeholderMessage(found, `In the ${part} of the image ${image.src}: `),
          excerpt: around(value, start, end),
        });
      }
    }
  }
  for (const link of links) {
    const href = link.href.trim();
    if (link.auto || !/^(?:TK+|X{3,}|#)?$/i.test(href)) continue;
    out.push({
      id: 'placeholder',
      severity: 'blocker',
      message: `The link ${q(link.text)} has no real address (${href === '' ? 'it is empty' : q(href)}). Put in the page it should go to, or remove the link.`,
      excerpt: `[${link.text}](${link.href})`,
    });
  }
  return out;
}
