import { describe, expect, it } from 'vitest';
import { type Counts, MAX_PRIOR_WEIGHT, MAX_TOKEN_WEIGHT, mergeCounts, priorWeight, scoreWith, type TokenCounts, tokenWeight } from './model.js';
import { CIVIL_WORDS, SEED_COUNTS, SPAM_WORDS } from './seed-words.js';
import { tokenize } from './tokenize.js';

const counts = (spamDocs: number, hamDocs: number, tokens: Record<string, TokenCounts> = {}): Counts => ({
  spamDocs,
  hamDocs,
  tokens: new Map(Object.entries(tokens)),
});
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('scoreWith', () => {
  it('is neutral with no documents and no features', () => {
    expect(scoreWith(counts(0, 0), [])).toEqual({ score: 0.5, reasons: [] });
    expect(scoreWith(counts(0, 0), ['anything', '(link)'])).toEqual({ score: 0.5, reasons: [] });
  });

  it('computes Laplace-smoothed log-odds on hand-made counts', () => {
    // 8 spam and 8 ham documents: "win" in 6 spam and no ham, "vote" in 2 ham, "the" in one of each.
    const c = counts(8, 8, { win: { spam: 6, ham: 0 }, vote: { spam: 0, ham: 2 }, the: { spam: 1, ham: 1 } });
    // win: ln((6+1)/10) − ln((0+1)/10) = ln 7; vote: ln(1/10) − ln(3/10) = −ln 3; the: 0; prior: 0.
    const v = scoreWith(c, ['the', 'win', 'vote']);
    expect(v.score).toBeCloseTo(0.7, 12); // e^(ln 7 − ln 3) = 7/3, so p = 7/10
    expect(v.reasons).toEqual([
      { token: 'win', weight: 1.946 },
      { token: 'vote', weight: -1.099 },
    ]);
    expect(scoreWith(c, ['win']).score).toBeCloseTo(7 / 8, 12);
    expect(scoreWith(c, ['vote']).score).toBeCloseTo(1 / 4, 12);
  });

  it('uses the class balance as prior, clamped', () => {
    expect(priorWeight(3, 1)).toBeCloseTo(Math.log(2), 12);
    expect(scoreWith(counts(3, 1), []).score).toBeCloseTo(2 / 3, 12);
    expect(priorWeight(0, 1000)).toBe(-MAX_PRIOR_WEIGHT);
    expect(priorWeight(1000, 0)).toBe(MAX_PRIOR_WEIGHT);
    expect(scoreWith(counts(0, 1000), []).score).toBeCloseTo(sigmoid(-MAX_PRIOR_WEIGHT), 12);
  });

  it('clamps a single token so it cannot dominate absurdly', () => {
    const c = counts(1000, 1000, { casino: { spam: 1000, ham: 0 }, council: { spam: 0, ham: 1000 } });
    expect(tokenWeight(c.tokens.get('casino')!, 1000, 1000)).toBe(MAX_TOKEN_WEIGHT);
    expect(tokenWeight(c.tokens.get('council')!, 1000, 1000)).toBe(-MAX_TOKEN_WEIGHT);
    expect(scoreWith(c, ['casino']).score).toBeCloseTo(sigmoid(MAX_TOKEN_WEIGHT), 12);
    expect(scoreWith(c, ['casino']).reasons).toEqual([{ token: 'casino', weight: MAX_TOKEN_WEIGHT }]);
    // Two strong words for ham outweigh one for spam, however often that one was seen.
    const both = counts(1000, 1000, { casino: { spam: 1000, ham: 0 }, council: { spam: 0, ham: 1000 }, budget: { spam: 0, ham: 1000 } });
    expect(scoreWith(both, ['casino', 'council', 'budget']).score).toBeLessThan(0.5);
  });

  it('treats spam and ham symmetrically', () => {
    expect(tokenWeight({ spam: 4, ham: 1 }, 10, 20)).toBeCloseTo(-tokenWeight({ spam: 1, ham: 4 }, 20, 10), 12);
  });

  it('skips features never seen, whatever the class sizes', () => {
    const c = counts(1, 50, { ghost: { spam: 0, ham: 0 } });
    const prior = scoreWith(c, []).score;
    expect(scoreWith(c, ['ghost', 'unknown', 'words']).score).toBe(prior);
    expect(scoreWith(c, ['ghost']).reasons).toEqual([]);
  });

  it('reports at most five reasons of weight 0.1 or more, strongest first, ties by name', () => {
    const tokens: Record<string, TokenCounts> = {
      a: { spam: 5, ham: 0 },
      b: { spam: 0, ham: 5 },
      c: { spam: 3, ham: 0 },
      d: { spam: 2, ham: 0 },
      e: { spam: 1, ham: 0 },
      f: { spam: 0, ham: 1 },
      g: { spam: 11, ham: 10 }, // ln(12/11) ≈ 0.087: too small to report, still counted
    };
    const c = counts(20, 20, tokens);
    const v = scoreWith(c, Object.keys(tokens));
    expect(v.reasons.map((r) => r.token)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(v.reasons[0]!.weight).toBe(-v.reasons[1]!.weight);
    expect(scoreWith(c, ['g']).reasons).toEqual([]);
    expect(scoreWith(c, ['g']).score).toBeCloseTo(sigmoid(Math.log(12 / 11)), 12);
  });

  it('is deterministic: order and repeats of features do not change the result', () => {
    const c = counts(7, 13, { x: { spam: 3, ham: 1 }, y: { spam: 1, ham: 6 }, z: { spam: 2, ham: 2 }, w: { spam: 5, ham: 0 } });
    const one = scoreWith(c, ['x', 'y', 'z', 'w']);
    expect(scoreWith(c, ['w', 'z', 'y', 'x', 'x', 'w'])).toEqual(one);
    expect(scoreWith(c, ['x', 'y', 'z', 'w'])).toEqual(one);
  });
});

describe('mergeCounts', () => {
  it('adds documents and token counts', () => {
    const merged = mergeCounts(counts(2, 3, { a: { spam: 1, ham: 0 }, b: { spam: 0, ham: 2 } }), counts(1, 1, { a: { spam: 1, ham: 1 }, c: { spam: 1, ham: 0 } }));
    expect(merged.spamDocs).toBe(3);
    expect(merged.hamDocs).toBe(4);
    expect(Object.fromEntries(merged.tokens)).toEqual({ a: { spam: 2, ham: 1 }, b: { spam: 0, ham: 2 }, c: { spam: 1, ham: 0 } });
  });

  it('leaves its inputs untouched', () => {
    const before = JSON.stringify([...SEED_COUNTS.tokens]);
    mergeCounts(SEED_COUNTS, counts(1, 0, { casino: { spam: 1, ham: 0 } }));
    expect(JSON.stringify([...SEED_COUNTS.tokens])).toBe(before);
  });
});

describe('the built-in word list', () => {
  it('has about sixty spam words and forty civil words, distinct and in tokenized form', () => {
    expect(SPAM_WORDS.length).toBeGreaterThanOrEqual(55);
    expect(CIVIL_WORDS.length).toBeGreaterThanOrEqual(35);
    const all = [...SPAM_WORDS, ...CIVIL_WORDS];
    expect(new Set(all).size).toBe(all.length);
    for (const w of all) expect(tokenize(w), w).toEqual([w]);
  });

  it('lets no single word decide alone, but several agree past the hold score', () => {
    for (const w of SPAM_WORDS) {
      const { score } = scoreWith(SEED_COUNTS, [w]);
      expect(score, w).toBeGreaterThan(0.6);
      expect(score, w).toBeLessThan(0.7);
    }
    for (const w of CIVIL_WORDS) expect(scoreWith(SEED_COUNTS, [w]).score, w).toBeLessThan(0.4);
    expect(scoreWith(SEED_COUNTS, tokenize('Cheap casino bonus, click here')).score).toBeGreaterThanOrEqual(0.7);
    expect(scoreWith(SEED_COUNTS, tokenize('Thanks, I think the council reporting was fair')).score).toBeLessThan(0.1);
    expect(scoreWith(SEED_COUNTS, []).score).toBe(0.5);
  });
});
