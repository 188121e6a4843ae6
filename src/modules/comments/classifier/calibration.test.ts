import { describe, expect, it } from 'vitest';
import { calibrate, countDecisions, fitPlatt, MIN_DECISIONS_EACH, trusted } from './calibration.js';
import { COLD_START, mergeCounts, scoreWith } from './model.js';
import { SEED_COUNTS } from './seed-words.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('fitPlatt', () => {
  it('keeps the cold start when either kind of decision is missing', () => {
    expect(fitPlatt([])).toEqual(COLD_START);
    expect(fitPlatt([{ evidence: 1, spam: true }])).toEqual(COLD_START);
    expect(fitPlatt([{ evidence: -1, spam: false }])).toEqual(COLD_START);
  });

  it('fits a curve whose probabilities match the observed rates', () => {
    // At evidence 1, 7 in 10 are spam; at −1, 2 in 10: a calibrated curve gives about 0.7 and 0.2.
    const points = [
      ...Array.from({ length: 700 }, () => ({ evidence: 1, spam: true })),
      ...Array.from({ length: 300 }, () => ({ evidence: 1, spam: false })),
      ...Array.from({ length: 200 }, () => ({ evidence: -1, spam: true })),
      ...Array.from({ length: 800 }, () => ({ evidence: -1, spam: false })),
    ];
    const c = fitPlatt(points);
    expect(sigmoid(c.slope + c.intercept)).toBeCloseTo(0.7, 2);
    expect(sigmoid(-c.slope + c.intercept)).toBeCloseTo(0.2, 2);
  });

  it('is not certain of anything after a handful of separable decisions', () => {
    const c = fitPlatt([
      { evidence: 0.5, spam: true },
      { evidence: 0.6, spam: true },
      { evidence: -0.5, spam: false },
      { evidence: -0.4, spam: false },
    ]);
    expect(Number.isFinite(c.slope) && Number.isFinite(c.intercept)).toBe(true);
    expect(sigmoid(c.slope * 0.6 + c.intercept)).toBeLessThan(0.95);
    expect(sigmoid(c.slope * -0.5 + c.intercept)).toBeGreaterThan(0.05);
  });
});

describe('trusted', () => {
  it(`needs ${MIN_DECISIONS_EACH} decisions of each kind`, () => {
    expect(trusted(MIN_DECISIONS_EACH, MIN_DECISIONS_EACH)).toBe(true);
    expect(trusted(MIN_DECISIONS_EACH - 1, 1000)).toBe(false);
    expect(trusted(1000, MIN_DECISIONS_EACH - 1)).toBe(false);
  });
});

describe('calibrate', () => {
  it('scores each decision without itself, so words seen only once do not make the fit overconfident', () => {
    // Each spam uses one unique word and each ham another: left out, none of them is evidence.
    const decisions = Array.from({ length: 40 }, (_, i) => ({ features: [`unique${i}`], label: i % 2 ? ('spam' as const) : ('ham' as const) }));
    const learnt = countDecisions(decisions);
    const c = calibrate({ spamDocs: 0, hamDocs: 0, tokens: new Map() }, learnt, decisions);
    // No evidence at all: the curve stays at the cold start's neutral intercept, not a steep slope.
    expect(c.intercept).toBeCloseTo(0, 6);
    expect(c.slope).toBeCloseTo(COLD_START.slope, 6);
  });

  it('learns the site’s balance: a site with much more ham scores unknown text below 0.5', () => {
    const decisions = [
      ...Array.from({ length: 20 }, (_, i) => ({ features: ['win', `s${i}`], label: 'spam' as const })),
      ...Array.from({ length: 80 }, (_, i) => ({ features: ['council', `h${i}`], label: 'ham' as const })),
    ];
    const learnt = countDecisions(decisions);
    const c = calibrate(SEED_COUNTS, learnt, decisions);
    const counts = mergeCounts(SEED_COUNTS, learnt);
    expect(scoreWith(counts, ['unknownword'], c).score).toBeLessThan(0.5);
    expect(scoreWith(counts, ['win'], c).score).toBeGreaterThan(0.9);
    expect(scoreWith(counts, ['council'], c).score).toBeLessThan(0.1);
  });
});
