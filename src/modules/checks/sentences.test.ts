import { describe, expect, it } from 'vitest';
import { sentenceAt, sentencesOf } from './sentences.js';

const split = (text: string) => sentencesOf(text).map((s) => text.slice(s.start, s.end));

describe('sentences', () => {
  it('splits at full stops, question and exclamation marks before a capital, keeping closing quotes', () => {
    expect(split('The pier burned. “Why?” she asked! “Because.” It was 1982.')).toEqual(['The pier burned.', '“Why?” she asked!', '“Because.”', 'It was 1982.']);
  });

  it('does not split after abbreviations, initials or a.m.', () => {
    expect(split('Mr. Ruiz met Sen. Ortiz on Sept. 3 at 10 a.m. Then J. R. Hale spoke. The U.S. Navy agreed.')).toEqual([
      'Mr. Ruiz met Sen. Ortiz on Sept. 3 at 10 a.m. Then J. R. Hale spoke.',
      'The U.S. Navy agreed.',
    ]);
  });

  it('finds the sentence holding an offset', () => {
    const text = 'One. Two. Three.';
    const sentences = sentencesOf(text);
    expect(sentenceAt(sentences, text.indexOf('Two'))).toBe(1);
    expect(sentenceAt(sentences, text.length)).toBe(2);
  });
});
