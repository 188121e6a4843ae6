/*
 * Turns a comment into the features the spam classifier counts.
 *
 * Words: runs of Unicode letters, combining marks and digits, lower-cased
 * after NFKC normalisation (so full-width "ｃａｓｉｎｏ" and ligatures read as
 * plain letters) and after removing invisible format characters (zero-width
 * spaces and joiners, soft hyphens, bidi controls), so "v\u200Biagra" is the
 * word "viagra". Each word counts once per comment: the model asks "does this
 * comment use the word", not "how often". Words of one character and words
 * longer than 30 (hashes, base64, unspaced scripts) carry little evidence and
 * are dropped. The scheme and "www." of links are not words: "(link)" covers them.
 *
 * Shape features, in parentheses so they can never collide with a word:
 *   (link)                  at least one http://, https:// or www. link
 *   (many links)            three or more links
 *   (all caps)              more than two-thirds of at least 12 cased letters are capitals
 *   (long repeated chars)   one non-digit character 5+ times in a row ("!!!!!", "sooooo")
 */

export const LINK = '(link)';
export const MANY_LINKS = '(many links)';
export const ALL_CAPS = '(all caps)';
export const LONG_REPEAT = '(long repeated chars)';

export const MIN_WORD_LENGTH = 2;
export const MAX_WORD_LENGTH = 30;
/** Bounds the work (and the rows touched) one very long comment can cause. */
export const MAX_WORDS = 400;

const FORMAT_CHARS = /\p{Cf}/gu;
// "https://www." is one link, not two.
const LINK_START = /\b(?:https?:\/\/(?:www\.)?|www\.)/giu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Digits are left out: "100000" is a number, not shouting.
const REPEAT = /([^\s\p{N}])\1{4,}/u;

/** The features of a comment: its distinct words in order of appearance, then its shape features. */
export function tokenize(text: string): string[] {
  // Stripped first, so a mark split from its letter by a hidden character still composes with it.
  const clean = text.replace(FORMAT_CHARS, '').normalize('NFKC');
  const links = clean.match(LINK_START)?.length ?? 0;
  const words = new Set<string>();
  for (const [word] of clean.replace(LINK_START, ' ').toLowerCase().matchAll(WORD)) {
    const length = [...word].length;
    if (length < MIN_WORD_LENGTH || length > MAX_WORD_LENGTH) continue;
    words.add(word);
    if (words.size === MAX_WORDS) break;
  }
  const features = [...words];
  if (links > 0) features.push(LINK);
  if (links >= 3) features.push(MANY_LINKS);
  if (mostlyCapitals(clean)) features.push(ALL_CAPS);
  if (REPEAT.test(clean)) features.push(LONG_REPEAT);
  return features;
}

function mostlyCapitals(text: string): boolean {
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  const lower = text.match(/\p{Ll}/gu)?.length ?? 0;
  return upper + lower >= 12 && upper * 3 > (upper + lower) * 2;
}
