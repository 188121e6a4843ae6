/**
 * Sentences of a text segment, as offsets, for checks that look at "the same
 * or nearby sentences". A full stop after a common abbreviation ("Sept.",
 * "Mr.", "St.") or an initial ("J. R.") does not end a sentence.
 */
import { memoByText } from './memo.js';

export interface Sentence {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(
  'mr mrs ms dr st sen rep gov gen col lt sgt capt cmdr adm prof rev hon jr sr inc co corp ltd no nos vs ave blvd rd mt ft jan feb mar apr jun jul aug sep sept oct nov dec fig est approx dept univ'.split(
    ' ',
  ),
);

/** A sentence ends at . ! or ? (with closing quotes or brackets after it) followed by a space and what can start a sentence. */
const END = /[.!?\u2026]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018([]?[\p{Lu}\p{N}])/gu;

function readSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (const m of text.matchAll(END)) {
    if (m[0].startsWith('.')) {
      const word = /([\p{L}.]+)$/u.exec(text.slice(0, m.index))?.[1] ?? '';
      if (ABBREVIATIONS.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word) || /\.\p{L}$/u.test(word)) continue;
    }
    const end = m.index + m[0].length;
    out.push({ start, end });
    start = end;
    while (start < text.length && /\s/.test(text[start]!)) start++;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

/** The sentences of a text, in order (remembered for the texts last read). */
export const sentencesOf: (text: string) => readonly Sentence[] = memoByText(readSentences);

/** The index of the sentence holding offset `at`. */
export function sentenceAt(sentences: readonly Sentence[], at: number): number {
  for (let i = 0; i < sentences.length; i++) if (at < sentences[i]!.end) return i;
  return Math.max(0, sentences.length - 1);
}
