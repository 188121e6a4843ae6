import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { articles } from '../../src/cli/demo/content/index.js';
import { CHECKS } from '../../src/modules/checks/checks.js';
import { evaluate, findsDefect, type Evaluation } from '../fixtures/checks/evaluate.js';
import { cleanDrafts, flawedDrafts } from '../fixtures/checks/index.js';
import { shortfalls, type Recorded } from '../fixtures/checks/recorded.js';

/*
 * The evaluation behind `npm run checks:eval` (docs/pre-publish-checks.md):
 * the figures may not fall below the recorded ones, so a change that makes a
 * check miss more, or warn on clean copy, fails here.
 */

const recorded = JSON.parse(fs.readFileSync(new URL('../fixtures/checks/recorded.json', import.meta.url), 'utf8')) as Recorded;

describe('the evaluation of the pre-publish checks', () => {
  let e: Evaluation;
  beforeAll(async () => {
    e = await evaluate();
  }, 60_000);

  it('has at least 80 original drafts, about half flawed, each flaw labelled with a check that exists', () => {
    expect(flawedDrafts.length + cleanDrafts.length).toBeGreaterThanOrEqual(80);
    expect(flawedDrafts.length).toBeGreaterThanOrEqual(40);
    expect(cleanDrafts.length).toBeGreaterThanOrEqual(40);
    const names = [...flawedDrafts, ...cleanDrafts].map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    const ids = new Set(CHECKS.map((c) => c.id));
    for (const d of flawedDrafts) {
      expect(ids.has(d.defect.kind), d.name).toBe(true);
      expect(d.body.includes(d.defect.excerpt) || d.headline.includes(d.defect.excerpt) || d.dek.includes(d.defect.excerpt), `${d.name}: the labelled words are in the draft`).toBe(true);
    }
    for (const d of [...flawedDrafts, ...cleanDrafts]) expect(Number.isNaN(Date.parse(d.publishedAt)), d.name).toBe(false);
  });

  it('reads all 47 demo articles as clean prose', () => {
    expect(articles).toHaveLength(47);
    expect(e.overall.demo).toBe(47);
  });

  it('meets the bars: 95% of flaws found, at most 5% of clean drafts and no demo article warned', () => {
    expect(e.overall.recall).toBeGreaterThanOrEqual(0.95);
    expect(e.overall.falseAlarmRate).toBeLessThanOrEqual(0.05);
    expect(e.falseAlarms.filter((f) => f.name.startsWith('demo '))).toEqual([]);
  });

  it('does at least as well as recorded, check by check', () => {
    expect(shortfalls(e, recorded)).toEqual([]);
  });

  it('counts a defect found only when the result is of its kind, serious, and points at it', () => {
    const defect = { kind: 'dropped-name', excerpt: 'in met' };
    expect(findsDefect({ id: 'dropped-name', severity: 'warning', message: '…', excerpt: 'Officials in met on Tuesday' }, defect)).toBe(true);
    expect(findsDefect({ id: 'dropped-name', severity: 'note', message: '…', excerpt: 'Officials in met on Tuesday' }, defect)).toBe(false);
    expect(findsDefect({ id: 'doubled-word', severity: 'warning', message: '…', excerpt: 'Officials in met on Tuesday' }, defect)).toBe(false);
    expect(findsDefect({ id: 'dropped-name', severity: 'warning', message: '…', excerpt: 'somewhere else' }, defect)).toBe(false);
  });

  it('fails a figure that gets worse', () => {
    const noisier: Evaluation = { ...e, checks: e.checks.map((c) => (c.check === 'quote-balance' ? { ...c, cleanWarned: 1, falseAlarmRate: 1 / e.overall.clean } : c)) };
    expect(shortfalls(noisier, recorded)).toEqual([expect.stringContaining('quote-balance false-alarm rate')]);
    const weaker: Evaluation = { ...e, overall: { ...e.overall, recall: e.overall.recall - 0.02 } };
    expect(shortfalls(weaker, recorded)).toEqual([expect.stringContaining('overall recall')]);
    const newNoise: Evaluation = { ...e, checks: [...e.checks, { check: 'missing-dek', flawed: 0, found: 0, recall: null, cleanWarned: 1, falseAlarmRate: 0.01, demoWarned: 0 }] };
    expect(shortfalls(newNoise, recorded)).toEqual([expect.stringContaining('missing-dek false-alarm rate')]);
  });
});
