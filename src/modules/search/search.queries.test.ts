import { describe, expect, it } from 'vitest';
import { tsqueryLiteral, tsvectorLiteral } from './search.postgres.js';
import { ftsQuery } from './search.sqlite.js';

describe('queries built from words', () => {
  it('quotes every word for FTS5, four letters or more as prefixes', () => {
    expect(ftsQuery(['or', 'near', 'budget'])).toBe('"or" "near"* "budget"*');
  });

  it('writes tsquery literals of the same words', () => {
    expect(tsqueryLiteral(['or', 'near', 'budget'])).toBe("'or' & 'near':* & 'budget':*");
  });

  it('writes the document as a tsvector literal: folded words, positions, weights A (headline), B (dek, authors, tags), C (body)', () => {
    const literal = tsvectorLiteral({ headline: 'Café opens', dek: 'A new café.', authorNames: ['Ana Ruiz'], tagNames: ['Food'], body: 'The café opens today.' });
    expect(literal).toBe("'cafe':1A,5B,10C 'opens':2A,11C 'a':3B 'new':4B 'ana':6B 'ruiz':7B 'food':8B 'the':9C 'today':12C");
  });

  it('keeps at most 255 positions of a word, and positions within 16,383', () => {
    const literal = tsvectorLiteral({ headline: '', dek: '', authorNames: [], tagNames: [], body: 'word '.repeat(20_000) });
    const positions = literal.split(':')[1]!.split(',');
    expect(positions).toHaveLength(255);
    const many = tsvectorLiteral({ headline: '', dek: '', authorNames: [], tagNames: [], body: Array.from({ length: 17_000 }, (_, i) => `w${i}`).join(' ') });
    expect(many).toContain("'w16999':16383C");
  });
});
