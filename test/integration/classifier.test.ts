import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { calibrate, countDecisions, type Decision } from '../../src/modules/comments/classifier/calibration.js';
import * as repo from '../../src/modules/comments/classifier/classifier.repository.js';
import { createClassifier, explainVerdict, type SpamLabel, type SpamVerdict } from '../../src/modules/comments/classifier/classifier.service.js';
import { COLD_START, mergeCounts, scoreWith } from '../../src/modules/comments/classifier/model.js';
import { SEED_COUNTS } from '../../src/modules/comments/classifier/seed-words.js';
import { tokenize } from '../../src/modules/comments/classifier/tokenize.js';
import type { NewCommentRow } from '../../src/platform/db/schema.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

const PROBE = 'zorblax deals at zorblax-shop';
const CIVIL = "I think the council's reporting on the budget was fair, thanks for the source";

// Comments moderators file as spam: each uses the invented product name.
const ZORBLAX_SPAM = [
  'Get zorblax now, best zorblax prices anywhere',
  'zorblax is the secret everyone is talking about, order today',
  'Limited offer on zorblax for all readers of this page',
  'Why pay more? zorblax delivered to your door tomorrow',
  'Try zorblax free, thousands of happy customers already',
];
// Ordinary comments moderators approve.
const CIVIL_HAM = [
  'The new bus timetable in the article matches what I saw on my commute',
  'I disagree with the columnist, but the figures on housing are worth reading',
  'My grandmother lived on that street for forty years and remembers the flood',
  'Good to see the library staying open on Saturdays after all',
  'The photo caption has the wrong date, it was taken in June not July',
];

describe('comment spam classifier', () => {
  let t: TestContext;
  const classifier = () => t.services.classifier;
  const row = (token: string) => t.database.db.selectFrom('classifier_tokens').select(['spam', 'ham']).where('token', '=', token).executeTakeFirst();
  const reasonTokens = (v: SpamVerdict) => v.reasons.map((r) => r.token);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('knows the built-in word list on a fresh install', async () => {
    expect(await classifier().stats()).toEqual({ spamDocs: 0, hamDocs: 0, tokens: 0 });

    const spam = await classifier().score('cheap casino bonus, click here');
    expect(spam.score).toBeGreaterThanOrEqual(0.7);
    expect(reasonTokens(spam).sort()).toEqual(['bonus', 'casino', 'cheap', 'click']);
    expect(explainVerdict(spam)).toBe('Words that raised the score: "bonus", "casino", "cheap", "click".');

    const civil = await classifier().score(CIVIL);
    expect(civil.score).toBeLessThan(0.3);
    expect(civil.reasons.every((r) => r.weight < 0)).toBe(true);
    expect(explainVerdict(civil)).toMatch(/^Words that lowered it: "[a-z]+"(, "[a-z]+")*\.$/);

    const mixed = await classifier().score('Thanks for the article, and see my casino https://casino.example');
    expect(explainVerdict(mixed)).toMatch(/^Words that raised the score: .*"casino".*"\(link\)"\. Words that lowered it: .*"article".*\.$/);

    expect(await classifier().score('')).toEqual({ score: 0.5, reasons: [], trusted: false });
    expect(explainVerdict(await classifier().score('nothing known here'))).toBe('No word moved the score much.');
    // Scoring learns nothing.
    expect(await classifier().stats()).toEqual({ spamDocs: 0, hamDocs: 0, tokens: 0 });
  });

  it('gets better with every moderator decision', async () => {
    const first = await classifier().score(PROBE);
    expect(first.score).toBeLessThan(0.7);
    expect(reasonTokens(first)).not.toContain('zorblax');

    // Civil comments approved first: they say nothing of zorblax, and the probe's score does not fall.
    let previous = first.score;
    for (const [i, text] of CIVIL_HAM.entries()) {
      await classifier().learn(text, 'ham');
      const now = (await classifier().score(PROBE)).score;
      expect(now, `after decision ${i + 1} (ham)`).toBeGreaterThanOrEqual(previous);
      expect(reasonTokens(await classifier().score(PROBE))).not.toContain('zorblax');
      previous = now;
    }
    // Then each comment filed as spam raises it, while a civil comment sharing their common words ("the", "on", "for") stays low.
    for (const [i, text] of ZORBLAX_SPAM.entries()) {
      await classifier().learn(text, 'spam');
      const now = (await classifier().score(PROBE)).score;
      expect(now, `after spam decision ${i + 1}`).toBeGreaterThan(previous);
      previous = now;
      expect((await classifier().score(CIVIL)).score, `civil comment after spam decision ${i + 1}`).toBeLessThan(0.3);
    }

    const probe = await classifier().score(PROBE);
    expect(probe.score).toBeGreaterThanOrEqual(0.7);
    expect(probe.reasons[0]?.token).toBe('zorblax');
    expect(probe.reasons[0]!.weight).toBeGreaterThan(1);

    // A comment the classifier has never seen, whose only telling word is the learnt one.
    // Ten decisions are too few to trust: the score leans to spam without holding anything.
    const unseen = await classifier().score('Has anyone here tried zorblax yet');
    expect(unseen.score).toBeGreaterThan(0.6);
    expect(unseen.trusted).toBe(false);
    expect(unseen.reasons[0]?.token).toBe('zorblax');

    const stats = await classifier().stats();
    expect(stats.spamDocs).toBe(5);
    expect(stats.hamDocs).toBe(5);
    expect(await row('zorblax')).toEqual({ spam: 5, ham: 0 });
    expect(await row('the')).toEqual({ spam: 1, ham: 5 });
    expect(await row(repo.DOCUMENTS)).toEqual({ spam: 5, ham: 5 });
  });

  it('is not fooled by zero-width or bidi characters hidden inside a learnt word', async () => {
    const plain = await classifier().score(PROBE);
    for (const hidden of ['zor\u200Bblax deals at zor\u200Dblax-shop', 'z\u2060orblax deals at zorb\uFEFFlax-shop', 'zorb\u202Elax\u202C deals at ＺＯＲＢＬＡＸ-shop']) {
      const v = await classifier().score(hidden);
      expect(v, JSON.stringify(hidden)).toEqual(plain);
    }
    // A different word really is different.
    const other = await classifier().score('zorblux deals at zorblux-shop');
    expect(other.score).toBeLessThan(plain.score);
    expect(reasonTokens(other)).not.toContain('zorblax');
  });

  it('unlearns a decision when the moderator changes their mind', async () => {
    const text = 'qwizzle frobnic glarpish bargains';
    const before = await classifier().stats();
    const fresh = (await classifier().score(text)).score;

    await classifier().learn(text, 'spam');
    expect(await classifier().stats()).toEqual({ spamDocs: before.spamDocs + 1, hamDocs: before.hamDocs, tokens: before.tokens + 4 });
    expect(await row('qwizzle')).toEqual({ spam: 1, ham: 0 });
    const asSpam = (await classifier().score(text)).score;
    expect(asSpam).toBeGreaterThan(fresh);

    // Same label again: nothing changes.
    await classifier().learn(text, 'spam', 'spam');
    expect(await classifier().stats()).toEqual({ spamDocs: before.spamDocs + 1, hamDocs: before.hamDocs, tokens: before.tokens + 4 });

    await classifier().learn(text, 'ham', 'spam');
    expect(await classifier().stats()).toEqual({ spamDocs: before.spamDocs, hamDocs: before.hamDocs + 1, tokens: before.tokens + 4 });
    expect(await row('qwizzle')).toEqual({ spam: 0, ham: 1 });
    const asHam = (await classifier().score(text)).score;
    expect(asHam).toBeLessThan(fresh);
    expect((await classifier().score(text)).reasons.map((r) => r.token)).toContain('qwizzle');

    await classifier().learn(text, 'spam', 'ham');
    expect(await classifier().stats()).toEqual({ spamDocs: before.spamDocs + 1, hamDocs: before.hamDocs, tokens: before.tokens + 4 });
    expect(await row('qwizzle')).toEqual({ spam: 1, ham: 0 });
    expect((await classifier().score(text)).score).toBeCloseTo(asSpam, 12);
  });

  it('never lets a count go below zero', async () => {
    // Unlearning what was never learnt: the spam side stays at 0, the ham side is learnt.
    await classifier().learn('plonkwidget vexmarble', 'ham', 'spam');
    expect(await row('plonkwidget')).toEqual({ spam: 0, ham: 1 });

    // Subtracting only: existing counts floor at 0, and no rows appear for unknown tokens.
    await repo.adjust(t.database.db, ['plonkwidget', 'neverseenword'], { spam: -3, ham: -5 });
    expect(await row('plonkwidget')).toEqual({ spam: 0, ham: 0 });
    expect(await row('neverseenword')).toBeUndefined();
    await expect(repo.adjust(t.database.db, ['plonkwidget'], { spam: 0.5, ham: 0 })).rejects.toThrow(RangeError);
    const min = await t.database.db
      .selectFrom('classifier_tokens')
      .select((eb) => [eb.fn.min('spam').as('spam'), eb.fn.min('ham').as('ham')])
      .executeTakeFirstOrThrow();
    expect(Number(min.spam)).toBeGreaterThanOrEqual(0);
    expect(Number(min.ham)).toBeGreaterThanOrEqual(0);
  });

  it('refuses labels it does not know, storing nothing', async () => {
    const before = await classifier().stats();
    await expect(classifier().learn('wibblequark', 'rejected' as SpamLabel)).rejects.toThrow(TypeError);
    await expect(classifier().learn('wibblequark', 'spam', 'pending' as SpamLabel)).rejects.toThrow(TypeError);
    expect(await classifier().stats()).toEqual(before);
    expect(await row('wibblequark')).toBeUndefined();
  });

  it('learns and scores inside a caller’s transaction, and a rollback leaves no trace', async () => {
    const before = await classifier().stats();
    const inside = await t.database.db.transaction().execute(async (trx) => {
      await classifier().learn('snorkelbargain megadeal', 'spam', null, trx);
      return classifier().score('snorkelbargain', trx);
    });
    expect(reasonTokens(inside)).toEqual(['snorkelbargain']);
    expect((await classifier().stats()).spamDocs).toBe(before.spamDocs + 1);

    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await classifier().learn('rollbackium trinket', 'spam', null, trx);
        throw new Error('decision abandoned');
      }),
    ).rejects.toThrow('decision abandoned');
    expect(await row('rollbackium')).toBeUndefined();
    expect((await classifier().stats()).spamDocs).toBe(before.spamDocs + 1);
  });

  it('counts every one of many simultaneous decisions exactly once', async () => {
    const before = await classifier().stats();
    await Promise.all(Array.from({ length: 20 }, (_, i) => classifier().learn(`crowdword batch${'abcdefghijklmnopqrst'[i]} offer`, i % 2 ? 'ham' : 'spam')));
    expect(await row('crowdword')).toEqual({ spam: 10, ham: 10 });
    const after = await classifier().stats();
    expect(after.spamDocs).toBe(before.spamDocs + 10);
    expect(after.hamDocs).toBe(before.hamDocs + 10);
  });
});

describe('calibration on the stored decisions', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  /** Store moderated comments (as the moderation queue does) and teach them to `classifier`. */
  async function decide(classifier: ReturnType<typeof createClassifier>, decisions: { text: string; label: SpamLabel }[]): Promise<void> {
    const article = await buildArticle(t.services, t.clock.now());
    const at = t.clock.now().toISOString();
    const rows = decisions.map((d, i): NewCommentRow => ({
      article_id: article.id,
      author_name: `Reader ${i}`,
      author_email: '',
      body: d.text,
      status: d.label === 'spam' ? 'spam' : 'approved',
      trained_as: d.label,
      created_at: at,
      updated_at: at,
    }));
    for (let i = 0; i < rows.length; i += 100)
      await t.database.db
        .insertInto('comments')
        .values(rows.slice(i, i + 100))
        .execute();
    for (const d of decisions) await classifier.learn(d.text, d.label);
  }

  /** What the score of `text` is with the counts learnt from `decisions` and the curve fitted to `fittedOn`. */
  function expected(decisions: Decision[], fittedOn: Decision[], text: string): number {
    const counts = mergeCounts(SEED_COUNTS, countDecisions(decisions));
    return scoreWith(counts, tokenize(text), calibrate(SEED_COUNTS, countDecisions(fittedOn), fittedOn)).score;
  }

  it('scores with its last fit and refits in the background, never on a comment’s way in', async () => {
    const classifier = createClassifier(t.database.db, t.clock);
    const spam = Array.from({ length: 60 }, (_, i) => ({ text: `Cheap glorbium pills offer ${i}, order glorbium at discount today`, label: 'spam' as const }));
    const ham = Array.from({ length: 60 }, (_, i) => ({ text: `The ferry timetable story ${i} was clear, and the map helped`, label: 'ham' as const }));
    const probe = 'Is the glorbium discount real, and does the ferry still run?';
    await decide(classifier, [...spam, ...ham]);
    const first = [...spam, ...ham].map((d): Decision => ({ features: tokenize(d.text), label: d.label }));

    // The process's first fit is waited for: the score already uses the fitted curve.
    const fittedScore = expected(first, first, probe);
    expect(fittedScore).not.toBeCloseTo(scoreWith(mergeCounts(SEED_COUNTS, countDecisions(first)), tokenize(probe), COLD_START).score, 3);
    expect((await classifier.score(probe)).score).toBeCloseTo(fittedScore, 8);

    // Forty more decisions change the counts at once, but the comment that sees them is scored with the curve it had.
    const more = Array.from({ length: 40 }, (_, i) => ({ text: `Ferry glorbium special ${i}, glorbium pills cheap`, label: 'spam' as const }));
    await decide(classifier, more);
    const all = [...first, ...more.map((d): Decision => ({ features: tokenize(d.text), label: d.label }))];
    const stale = expected(all, first, probe);
    const fresh = expected(all, all, probe);
    expect(Math.abs(fresh - stale)).toBeGreaterThan(1e-6);
    expect((await classifier.score(probe)).score).toBeCloseTo(stale, 8);

    // The refit that comment started lands a few turns of the event loop later.
    await vi.waitFor(async () => expect((await classifier.score(probe)).score).toBeCloseTo(fresh, 8), { timeout: 5000, interval: 5 });
  });
});
