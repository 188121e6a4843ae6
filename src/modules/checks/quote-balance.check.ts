/**
 * `quote-balance` (warning): quotation marks that do not pair up within a
 * paragraph (or the headline, dek or excerpt).
 *
 * - Curly quotes say which way they face; a straight `"` is read from what is
 *   around it (a space before it opens, a space or punctuation after it
 *   closes) and, when that does not tell, from whether a quotation is open.
 * - Apostrophes are not quotes: "don't", "the workers' union", "rock ’n’
 *   roll", "’90s", "’em". A single quote is read as a quotation mark only where
 *   it can only be one, and a closing single quote with no opening one is
 *   taken for an apostrophe, never reported.
 * - Quotes inside quotes: a single quote opened inside a quotation must close
 *   before it does.
 * - A quotation running over several paragraphs opens each of them and closes
 *   only in the last: a paragraph left open is fine when the next one starts
 *   with an opening quotation mark.
 * - Code, web addresses, and a `"` right after a digit outside a quotation (12"
 *   for inches) are left alone.
 */
import { around, proseSegments, wherePrefix, type TextSegment } from './body.check.js';
import type { CheckResult, DraftForChecks } from './checks.types.js';

type Mark = 'open-double' | 'close-double' | 'open-single' | 'close-single';

interface Problem {
  kind: 'unclosed' | 'stray' | 'nested';
  at: number;
}

interface Scan {
  problems: Problem[];
  /** Quotation marks still open at the end of the paragraph. */
  open: Array<{ double: boolean; at: number }>;
  /** Whether the paragraph starts with an opening quotation mark. */
  opens: boolean;
}

/** Elisions that start with an apostrophe: "rock ’n’ roll", "’90s", "’em", "’til", "’tis", "’twas", "’cause", "’bout", "’round". */
const ELISION = /(?<![\p{L}\p{N}])['\u2018\u2019]n['\u2018\u2019](?![\p{L}\p{N}])|['\u2018\u2019](?=\d0s|\d\d(?![\p{N}])|(?:em|til|tis|twas|cause|bout|round|s)(?![\p{L}]))/giu;

const WORD = /[\p{L}\p{N}\uFFFC]/u;
/** What may come right before an opening quote. */
const BEFORE_OPEN = /[\s([{\u2014\u2013\-/\u201c\u2018"']/u;
/** What may come right after a closing quote. */
const AFTER_CLOSE = /[\s.,;:!?)\]}\u2014\u2013\-/\u201d\u2019"']/u;

function classifyStraightDouble(prev: string | undefined, next: string | undefined, doubleOpen: boolean): Mark | null {
  const opening = prev === undefined || BEFORE_OPEN.test(prev);
  const closing = next === undefined || AFTER_CLOSE.test(next);
  if (opening && !closing) return 'open-double';
  if (closing && !opening) {
    if (!doubleOpen && prev !== undefined && /\p{N}/u.test(prev)) return null; // 12" (inches)
    return 'close-double';
  }
  return doubleOpen ? 'close-double' : 'open-double';
}

function classifySingle(ch: string, prev: string | undefined, next: string | undefined): Mark | null {
  const wordBefore = prev !== undefined && WORD.test(prev);
  const wordAfter = next !== undefined && WORD.test(next);
  if (wordBefore && wordAfter) return null; // don't, O'Brien
  if (ch === '\u2018') return wordAfter || next === '"' || next === '\u201c' ? 'open-single' : null;
  if (!wordBefore && wordAfter) return ch === "'" && (prev === undefined || BEFORE_OPEN.test(prev)) ? 'open-single' : null; // ’90s typed with the wrong mark
  if (!wordAfter && (next === undefined || AFTER_CLOSE.test(next))) return 'close-single';
  return null;
}

/** The quotation marks of a paragraph, paired up. */
function scan(masked: string): Scan {
  const text = masked.replace(ELISION, (m) => 'a'.repeat(m.length));
  const stack: Array<{ double: boolean; at: number }> = [];
  const problems: Problem[] = [];
  let opens = false;
  let seenText = false;
  const doubleOpen = () => stack.some((s) => s.double);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const prev = i > 0 ? text[i - 1] : undefined;
    const next = i + 1 < text.length ? text[i + 1] : undefined;
    let mark: Mark | null = null;
    if (ch === '\u201c' || ch === '\u201e') mark = 'open-double';
    else if (ch === '\u201d') mark = 'close-double';
    else if (ch === '"') mark = classifyStraightDouble(prev, next, doubleOpen());
    else if (ch === '\u2018' || ch === '\u2019' || ch === "'") mark = classifySingle(ch, prev, next);
    if (!seenText && mark !== null && mark.startsWith('open')) opens = true;
    if (mark === null) {
      if (!/[\s*_]/.test(ch)) seenText = true;
      continue;
    }
    seenText = true;
    if (mark === 'open-double' || mark === 'open-single') {
      stack.push({ double: mark === 'open-double', at: i });
    } else if (mark === 'close-single') {
      if (stack.length > 0 && !stack[stack.length - 1]!.double) stack.pop();
    } else if (!doubleOpen()) {
      problems.push({ kind: 'stray', at: i });
    } else {
      // Close the innermost quotation; a quote opened inside it and still open was never closed.
      while (stack.length > 0 && !stack[stack.length - 1]!.double) problems.push({ kind: 'nested', at: stack.pop()!.at });
      stack.pop();
    }
  }
  return { problems, open: stack, opens };
}

const MESSAGES: Record<Problem['kind'], string> = {
  unclosed:
    'This quotation is not closed in its paragraph, and the next paragraph does not open with a quotation mark as a quotation running on would. Close it where the quoted words end, or remove the mark.',
  stray: 'This closing quotation mark has no opening one before it in the paragraph. Add the opening mark where the quoted words begin, or remove this one.',
  nested: 'This quote inside a quotation is not closed before the quotation ends. Close it with \u2019 (or \u0027) where its words end.',
};

function result(segment: TextSegment, problem: Problem): CheckResult {
  return {
    id: 'quote-balance',
    severity: 'warning',
    message: wherePrefix(segment.field) + MESSAGES[problem.kind],
    excerpt: around(segment.text, problem.at, problem.at + 1),
  };
}

export function quoteBalance(draft: DraftForChecks): CheckResult[] {
  const segments = proseSegments(draft).filter((s) => /["'\u2018\u2019\u201c\u201d\u201e]/.test(s.masked) || s.field === 'body');
  const scans = segments.map((s) => (/["'\u2018\u2019\u201c\u201d\u201e]/.test(s.masked) ? scan(s.masked) : { problems: [], open: [], opens: false }));
  const out: CheckResult[] = [];
  segments.forEach((segment, i) => {
    const { problems, open } = scans[i]!;
    const problemsHere = [...problems];
    if (open.length > 0) {
      const next = segments[i + 1];
      const runsOn = segment.field === 'body' && next?.field === 'body' && scans[i + 1]!.opens && open.some((o) => o.double);
      if (!runsOn) {
        // Report the outermost quotation left open (a nested one inside it is part of the same problem).
        problemsHere.push({ kind: 'unclosed', at: open[0]!.at });
      }
    }
    for (const p of problemsHere.sort((a, b) => a.at - b.at)) out.push(result(segment, p));
  });
  return out;
}
