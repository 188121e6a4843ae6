/**
 * English numbers as news copy writes them: every cardinal from one to
 * ninety-nine in words (hyphenated, spaced or run with a dash, any case),
 * "a hundred", digits, and the ordinals ("79th", "seventy-ninth") that
 * anniversaries take. The patterns are regular-expression sources without
 * capturing groups, to be embedded in larger patterns (flags `iu`).
 */

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const ORDINAL_UNITS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ORDINAL_TEENS = ['tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
const ORDINAL_TENS = ['twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];

/** Between the tens and the units: a hyphen (any of the dashes), or spaces. */
const JOIN = String.raw`(?:\s*[-\u2010\u2011\u2012\u2013]\s*|\s+)`;

const alt = (words: readonly string[]): string => words.join('|');

/** One to ninety-nine, or a hundred, in words ("Seventy-nine", "seventy nine", "a hundred"). */
export const CARDINAL_WORDS = String.raw`(?:(?:${alt(TENS)})(?:${JOIN}(?:${alt(UNITS)}))?|${alt(TEENS)}|${alt(UNITS)}|(?:a|one)\s+hundred)(?![\p{L}\p{N}])`;

/** A cardinal in words or digits ("79", "1,000" is not a span count). */
export const CARDINAL = String.raw`(?:${CARDINAL_WORDS}|(?<![\p{N},.])\d{1,3}(?![\p{N},.]\d|[\p{L}]))`;

/** "79th", "1st", "seventy-ninth", "hundredth". */
export const ORDINAL = String.raw`(?:(?<![\p{N},.])\d{1,3}(?:st|nd|rd|th)|(?:${alt(TENS)})${JOIN}(?:${alt(ORDINAL_UNITS)})|${alt(ORDINAL_TENS)}|${alt(ORDINAL_TEENS)}|${alt(ORDINAL_UNITS)}|(?:one\s+)?hundredth)(?![\p{L}\p{N}])`;

const VALUES = new Map<string, number>();
UNITS.forEach((w, i) => VALUES.set(w, i + 1));
TEENS.forEach((w, i) => VALUES.set(w, i + 10));
TENS.forEach((w, i) => VALUES.set(w, (i + 2) * 10));
ORDINAL_UNITS.forEach((w, i) => VALUES.set(w, i + 1));
ORDINAL_TEENS.forEach((w, i) => VALUES.set(w, i + 10));
ORDINAL_TENS.forEach((w, i) => VALUES.set(w, (i + 2) * 10));

/**
 * The value of a cardinal or ordinal as matched by CARDINAL or ORDINAL
 * ("Seventy-nine" → 79, "79th" → 79, "a hundred" → 100), or null.
 */
export function numberValue(text: string): number | null {
  const s = text.trim().toLowerCase();
  const digits = /^(\d{1,3})(?:st|nd|rd|th)?$/.exec(s);
  if (digits) return Number(digits[1]);
  if (/^(?:(?:a|one)\s+)?hundred(?:th)?$/.test(s)) return 100;
  const parts = s.split(/\s*[-\u2010\u2011\u2012\u2013]\s*|\s+/).filter(Boolean);
  if (parts.length === 1) return VALUES.get(parts[0]!) ?? null;
  if (parts.length !== 2) return null;
  const tens = VALUES.get(parts[0]!);
  const units = VALUES.get(parts[1]!);
  if (tens === undefined || units === undefined || tens % 10 !== 0 || tens < 20 || units > 9) return null;
  return tens + units;
}
