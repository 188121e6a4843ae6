import { describe, expect, it } from 'vitest';
import { ALL_CAPS, LINK, LONG_REPEAT, MANY_LINKS, MAX_WORDS, tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('lower-cases words and counts each once, in order of first use', () => {
    expect(tokenize('Council budget: the Council agreed the budget.')).toEqual(['council', 'budget', 'the', 'agreed']);
  });

  it('drops one-letter words and words longer than 30 characters', () => {
    const thirty = 'abcdefghij'.repeat(3);
    expect(tokenize(`a I ok ${thirty} ${thirty}k`)).toEqual(['ok', thirty]);
  });

  it('splits on punctuation, hyphens and apostrophes', () => {
    expect(tokenize("zorblax-shop's best_deal (today)")).toEqual(['zorblax', 'shop', 'best', 'deal', 'today']);
  });

  it('keeps letters and digits of any script, with their combining marks', () => {
    expect(tokenize('Café 2024 Добрый день नमस्ते')).toEqual(['café', '2024', 'добрый', 'день', 'नमस्ते']);
  });

  it('sees through zero-width, soft-hyphen and bidi control characters', () => {
    const hidden = ['v\u200Biagra', 'v\u200Ciagra', 'v\u200Diagra', 'v\u2060iagra', 'v\uFEFFiagra', 'v\u00ADiagra', 'v\u202Eiagra\u202C', 'v\u2066iagra\u2069', 'v\u200Fiagra'];
    for (const word of hidden) expect(tokenize(word), JSON.stringify(word)).toEqual(['viagra']);
  });

  it('normalises full-width letters and ligatures (NFKC)', () => {
    expect(tokenize('ＣＡＳＩＮＯ ﬁnance')).toEqual(['casino', 'finance']);
  });

  it('marks links without counting their scheme or www as words', () => {
    expect(tokenize('see https://www.example.org/report')).toEqual(['see', 'example', 'org', 'report', LINK]);
    expect(tokenize('see www.example.org and http://example.net')).toEqual(['see', 'example', 'org', 'and', 'net', LINK]);
    // "http" as a plain word is a word, and a bare domain is not a link.
    expect(tokenize('the http protocol, example.org')).toEqual(['the', 'http', 'protocol', 'example', 'org']);
  });

  it('marks three or more links as many links', () => {
    const two = 'https://a.example https://b.example';
    expect(tokenize(two)).not.toContain(MANY_LINKS);
    expect(tokenize(`${two} www.c.example`)).toEqual(expect.arrayContaining([LINK, MANY_LINKS]));
  });

  it('marks shouting only when most of a reasonable amount of text is capitals', () => {
    expect(tokenize('BUY NOW BEFORE IT IS GONE')).toContain(ALL_CAPS);
    expect(tokenize('BUY NOW')).not.toContain(ALL_CAPS); // too short to tell
    expect(tokenize('The NHS and the BBC reported on the EU summit')).not.toContain(ALL_CAPS);
    expect(tokenize('ЭТО ОЧЕНЬ ВАЖНАЯ НОВОСТЬ')).toContain(ALL_CAPS);
  });

  it('marks a character repeated five or more times, but not long numbers', () => {
    expect(tokenize('wow!!!!!')).toContain(LONG_REPEAT);
    expect(tokenize('soooooo good')).toContain(LONG_REPEAT);
    expect(tokenize('wow!!!! sooo')).not.toContain(LONG_REPEAT);
    expect(tokenize('a grant of 1000000 pounds')).not.toContain(LONG_REPEAT);
  });

  it('gives no features for empty or symbol-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('?! … — 😀')).toEqual([]);
  });

  it('keeps at most MAX_WORDS words, plus the shape features', () => {
    const words = Array.from({ length: MAX_WORDS + 50 }, (_, i) => `w${i}`);
    const features = tokenize(`${words.join(' ')} https://spam.example`);
    expect(features.slice(0, MAX_WORDS)).toEqual(words.slice(0, MAX_WORDS));
    expect(features.slice(MAX_WORDS)).toEqual([LINK]);
  });
});
