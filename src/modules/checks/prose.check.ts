/**
 * Checks on the prose (headline, dek, excerpt and body text, code and web
 * addresses left out): `doubled-word` and `placeholder`. (`dropped-name` is
 * in dropped-names.check.ts.)
 */
import { around, eachSegment, parseBody, q, type Finding, type TextSegment } from './body.check.js';
import type { CheckResult, DraftForChecks } from './checks.types.js';

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
