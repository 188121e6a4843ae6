import { describe, expect, it } from 'vitest';
import { COLD_START, type Counts, evidenceOf, MAX_TOKEN_WEIGHT, mergeCounts, NEUTRAL_FEATURES, scoreWith, type TokenCounts, tokenWeight } from './model.js';
import { CIVIL_WORDS, SEED_COUNTS, SPAM_WORDS } from './seed-words.js';
import { tokenize } from './tokenize.js';

const counts = (spamDocs: number, hamDocs: number, tokens: Record<string, TokenCounts> = {}): Counts => ({
  spamDocs,
  hamDocs,
  tokens: new Map(Object.entries(tokens)),
});
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const plain = { slope: 1, intercept: 0 };

describe('scoreWith', () => {
  it('is neutral with no documents and no features', () => {
    expect(scoreWith(counts(0, 0), [])).toEqual({ score: 0.5, reasons: [] });
    expect(scoreWith(counts(0, 0), ['anything', '(link)'])).toEqual({ score: 0.5, reasons: [] });
  });

  it('averages Laplace-smoothed log-odds over the features seen, with two neutral ones', () => {
    // 8 spam and 8 ham documents: "win" in 6 spam and no ham, "vote" in 2 ham, "the" in one of each.
    const c = counts(8, 8, { win: { spam: 6, ham: 0 }, vote: { spam: 0, ham: 2 }, the: { spam: 1, ham: 1 } });
    // win: ln((6+1)/10) − ln((0+1)/10) = ln 7; vote: ln(1/10) − ln(3/10) = −ln 3; the: 0.
    expect(NEUTRAL_FEATURES).toBe(2);
    const v = scoreWith(c, ['the', 'win', 'vote'], plain);
    expect(evidenceOf(c, ['the', 'win', 'vote']).evidence).toBeCloseTo((Math.log(7) - Math.log(3)) / 5, 12);
    expect(v.score).toBeCloseTo(sigmoid((Math.log(7) - Math.log(3)) / 5), 12);
    expect(v.reasons).toEqual([
      { token: 'win', weight: 1.946 },
      { token: 'vote', weight: -1.099 },
    ]);
    expect(scoreWith(c, ['win'], plain).score).toBeCloseTo(sigmoid(Math.log(7) / 3), 12);
    expect(scoreWith(c, ['vote'], plain).score).toBeCloseTo(sigmoid(-Math.log(3) / 3), 12);
  });

  it('does not push long texts to the extremes: the same words repeated in more features keep their mean', () => {
    const tokens: Record<string, TokenCounts> = {};
    for (let i = 0; i < 300; i++) tokens[`w${i}`] = { spam: 2, ham: 1 };
    const c = counts(10, 10, tokens);
    const short = scoreWith(c, ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7']).score;
    const long = scoreWith(c, Object.keys(tokens)).score;
    expect(long).toBeLessThan(0.8);
    expect(long - short).toBeLessThan(0.05);
  });

  it('applies the calibration curve, and starts from a neutral prior whatever the class balance', () => {
    expect(scoreWith(counts(3, 1), []).score).toBe(0.5);
    expect(scoreWith(counts(0, 1000), []).score).toBe(0.5);
    expect(COLD_START.intercept).toBe(0);
    const c = counts(8, 8, { win: { spam: 6, ham: 0 } });
    const e = Math.log(7) / 3;
    expect(scoreWith(c, ['win'], { slope: 2, intercept: -1 }).score).toBeCloseTo(sigmoid(2 * e - 1), 12);
    expect(scoreWith(c, [], { slope: 2, intercept: -1 }).score).toBeCloseTo(sigmoid(-1), 12);
  });

  it('leaves out one document of a label when asked (scoring a decision as if unlearnt)', () => {
    const c = counts(3, 3, { only: { spam: 1, ham: 0 }, both: { spam: 2, ham: 1 } });
    const out = evidenceOf(c, ['only', 'both'], 'spam');
    // "only" was seen in no other document; "both" in one other spam and one ham of 2 spam and 3 ham.
    expect(out.weighed.map((r) => r.token)).toEqual(['both']);
    expect(out.evidence).toBeCloseTo((Math.log(2 / 4) - Math.log(2 / 5)) / 3, 12);
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
      g: { spam: 11, ham: 10 }, // ln(12/11) ≈ 0.087: too small to report, still counted
    };
    const c = counts(20, 20, tokens);
    const v = scoreWith(c, Object.keys(tokens));
    expect(v.reasons.map((r) => r.token)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(v.reasons[0]!.weight).toBe(-v.reasons[1]!.weight);
    expect(scoreWith(c, ['g']).reasons).toEqual([]);
    expect(scoreWith(c, ['g'], plain).score).toBeCloseTo(sigmoid(Math.log(12 / 11) / 3), 12);
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
    expect(scoreWith(SEED_COUNTS, tokenize('Thanks, I think the council reporting was fair')).score).toBeLessThan(0.2);
    expect(scoreWith(SEED_COUNTS, []).score).toBe(0.5);
  });
});
