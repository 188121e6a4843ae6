import { describe, expect, it } from 'vitest';
import { COLD_START, type Counts, evidenceOf, MAX_TOKEN_WEIGHT, mergeCounts, MIN_WEIGHT, NEUTRAL_FEATURES, scoreWith, STRENGTH, type TokenCounts, tokenWeight } from './model.js';
import { CIVIL_WORDS, SEED_COUNTS, SPAM_WORDS } from './seed-words.js';
import { tokenize } from './tokenize.js';

const counts = (spamDocs: number, hamDocs: number, tokens: Record<string, TokenCounts> = {}): Counts => ({
  spamDocs,
  hamDocs,
  tokens: new Map(Object.entries(tokens)),
});
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const plain = { slope: 1, intercept: 0 };
/** Robinson's f for a feature seen in n documents, a share p of them (class sizes evened out) spam, as log-odds. */
const robinson = (p: number, n: number) => {
  const f = (STRENGTH / 2 + n * p) / (STRENGTH + n);
  return Math.log(f / (1 - f));
};

describe('scoreWith', () => {
  it('is neutral with no documents and no features', () => {
    expect(scoreWith(counts(0, 0), [])).toEqual({ score: 0.5, reasons: [] });
    expect(scoreWith(counts(0, 0), ['anything', '(link)'])).toEqual({ score: 0.5, reasons: [] });
  });

  it('averages Robinson-smoothed log-odds over the telling features, with two neutral ones', () => {
    // 8 spam and 8 ham documents: "win" in 3 spam and no ham, "vote" in 2 ham, "the" in one of each.
    const c = counts(8, 8, { win: { spam: 3, ham: 0 }, vote: { spam: 0, ham: 2 }, the: { spam: 1, ham: 1 } });
    const win = Math.log((STRENGTH / 2 + 3) / (STRENGTH / 2));
    const vote = -Math.log((STRENGTH / 2 + 2) / (STRENGTH / 2));
    expect(win).toBeCloseTo(2.663, 3);
    expect(vote).toBeCloseTo(-2.291, 3);
    expect(NEUTRAL_FEATURES).toBe(2);
    // "the" says nothing (f = ½), so it does not count toward the mean.
    const v = scoreWith(c, ['the', 'win', 'vote'], plain);
    expect(evidenceOf(c, ['the', 'win', 'vote']).evidence).toBeCloseTo((win + vote) / 4, 12);
    expect(v.score).toBeCloseTo(sigmoid((win + vote) / 4), 12);
    expect(v.reasons).toEqual([
      { token: 'win', weight: 2.663 },
      { token: 'vote', weight: -2.291 },
    ]);
    expect(scoreWith(c, ['win'], plain).score).toBeCloseTo(sigmoid(win / 3), 12);
    expect(scoreWith(c, ['vote'], plain).score).toBeCloseTo(sigmoid(vote / 3), 12);
  });

  it('evens out the class sizes, and trusts a word more the more often it was seen', () => {
    // In half of 4 spam and a quarter of 8 ham: two-thirds spam, as if both kinds were equally common.
    expect(tokenWeight({ spam: 2, ham: 2 }, 4, 8)).toBeCloseTo(robinson(2 / 3, 4), 12);
    expect(tokenWeight({ spam: 2, ham: 2 }, 8, 8)).toBe(0);
    // Always spam: once says less than ten times.
    expect(tokenWeight({ spam: 1, ham: 0 }, 100, 100)).toBeCloseTo(1.695, 3);
    expect(tokenWeight({ spam: 1, ham: 0 }, 100, 100)).toBeLessThan(tokenWeight({ spam: 2, ham: 0 }, 100, 100));
    expect(tokenWeight({ spam: 2, ham: 0 }, 100, 100)).toBeLessThan(tokenWeight({ spam: 10, ham: 0 }, 100, 100));
  });

  it('judges a word only against the comments it could have been seen in', () => {
    // The built-in list's imaginary comments speak only of listed words.
    const seeded: Counts = { spamDocs: 20, hamDocs: 20, tokens: new Map([['casino', { spam: 2, ham: 1 }]]), listedOnly: { spamDocs: 20, hamDocs: 20, tokens: new Set(['casino']) } };
    // Three comments filed as spam, none approved yet: "the" was in one of them.
    const spamOnly = mergeCounts(seeded, counts(3, 0, { the: { spam: 1, ham: 0 }, casino: { spam: 3, ham: 0 } }));
    expect(spamOnly.listedOnly).toEqual(seeded.listedOnly);
    expect(evidenceOf(spamOnly, ['the']).weighed).toEqual([]);
    expect(evidenceOf(spamOnly, ['casino']).weighed.map((r) => r.token)).toEqual(['casino']);
    // Once approved comments are learnt too, "the" is weighed against them (and against the three spam ones only).
    const both = mergeCounts(spamOnly, counts(0, 4, { the: { spam: 0, ham: 4 } }));
    expect(evidenceOf(both, ['the']).evidence).toBeCloseTo(robinson(1 / 3 / (1 / 3 + 1), 5) / 3, 12);
  });

  it('ignores words nearly as common in both kinds, however many a text has', () => {
    const tokens: Record<string, TokenCounts> = { win: { spam: 3, ham: 0 } };
    for (let i = 0; i < 300; i++) tokens[`w${i}`] = { spam: 11, ham: 10 };
    const c = counts(20, 20, tokens);
    expect(Math.abs(tokenWeight(tokens.w0!, 20, 20))).toBeLessThan(MIN_WEIGHT);
    expect(scoreWith(c, ['w0']).score).toBe(0.5);
    expect(scoreWith(c, Object.keys(tokens))).toEqual(scoreWith(c, ['win']));
  });

  it('does not push long texts to the extremes: the same words repeated in more features keep their mean', () => {
    const tokens: Record<string, TokenCounts> = {};
    for (let i = 0; i < 300; i++) tokens[`w${i}`] = { spam: 2, ham: 1 };
    const c = counts(10, 10, tokens);
    const short = scoreWith(c, ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7'], plain).score;
    const long = scoreWith(c, Object.keys(tokens), plain).score;
    // A sum over 300 features would be certain (1.0); the mean stays where one feature puts it.
    expect(long).toBeLessThan(sigmoid(robinson(2 / 3, 3)) + 1e-9);
    expect(long - short).toBeLessThan(0.05);
  });

  it('applies the calibration curve, and starts from a neutral prior whatever the class balance', () => {
    expect(scoreWith(counts(3, 1), []).score).toBe(0.5);
    expect(scoreWith(counts(0, 1000), []).score).toBe(0.5);
    expect(COLD_START.intercept).toBe(0);
    const c = counts(8, 8, { win: { spam: 6, ham: 0 } });
    const e = MAX_TOKEN_WEIGHT / 3;
    expect(scoreWith(c, ['win'], { slope: 2, intercept: -1 }).score).toBeCloseTo(sigmoid(2 * e - 1), 12);
    expect(scoreWith(c, [], { slope: 2, intercept: -1 }).score).toBeCloseTo(sigmoid(-1), 12);
  });

  it('leaves out one document of a label when asked (scoring a decision as if unlearnt)', () => {
    const c = counts(4, 4, { only: { spam: 1, ham: 0 }, both: { spam: 3, ham: 1 } });
    const out = evidenceOf(c, ['only', 'both'], 'spam');
    // "only" was seen in no other document; "both" in two other spam and one ham, of 3 spam and 4 ham.
    expect(out.weighed.map((r) => r.token)).toEqual(['both']);
    expect(out.evidence).toBeCloseTo(robinson(2 / 3 / (2 / 3 + 1 / 4), 3) / 3, 12);
    expect(evidenceOf(c, ['only', 'both']).weighed.map((r) => r.token)).toEqual(['both', 'only']);
  });

  it('clamps a single token so it cannot dominate absurdly', () => {
    const c = counts(1000, 1000, { casino: { spam: 1000, ham: 0 }, council: { spam: 0, ham: 1000 } });
    expect(tokenWeight(c.tokens.get('casino')!, 1000, 1000)).toBe(MAX_TOKEN_WEIGHT);
    expect(tokenWeight(c.tokens.get('council')!, 1000, 1000)).toBe(-MAX_TOKEN_WEIGHT);
    expect(scoreWith(c, ['casino'], plain).score).toBeCloseTo(sigmoid(MAX_TOKEN_WEIGHT / 3), 12);
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
    expect(prior).toBe(0.5);
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
      g: { spam: 11, ham: 10 }, // f ≈ 0.52: not telling, neither reported nor counted
    };
    const c = counts(20, 20, tokens);
    const v = scoreWith(c, Object.keys(tokens));
    expect(v.reasons.map((r) => r.token)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(v.reasons[0]!.weight).toBe(-v.reasons[1]!.weight);
    expect(scoreWith(c, ['g']).reasons).toEqual([]);
    expect(scoreWith(c, ['g'], plain).score).toBe(0.5);
    expect(v.reasons[4]).toEqual({ token: 'e', weight: Math.round(robinson(1, 1) * 1000) / 1000 });
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
    expect(scoreWith(SEED_COUNTS, tokenize('Thanks, I think the council reporting was fair')).score).toBeLessThan(0.25);
    expect(scoreWith(SEED_COUNTS, []).score).toBe(0.5);
  });
});
