import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo/seed.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

/*
 * The demo shows readers' recommendations and editors' picks on first start,
 * the same ones every time it is seeded.
 */
describe('the demo’s recommendations and editors’ picks', () => {
  let t: TestContext;
  let again: TestContext;

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await seedDemo(t.services, { dataDir: t.dataDir, now: t.clock.now() });
    again = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await seedDemo(again.services, { dataDir: again.dataDir, now: again.clock.now() });
  });
  afterAll(async () => {
    await t?.close();
    await again?.close();
  });

  /** What the deep thread's page shows of them: its picks, and each comment's recommendations. */
  async function feedbackOn(c: TestContext) {
    const found = await c.services.articles.findPublic('central-library-renovation-pop-up-branches');
    if (found?.kind !== 'article') throw new Error('the demo has no deep-thread story');
    const doc = parse((await c.app.inject({ url: found.article.path })).body);
    return {
      picks: [...doc.querySelectorAll('.comment-picks .comment-pick')].map((el) => el.getAttribute('data-comment-id')),
      recommendations: [...doc.querySelectorAll('li.comment')].map((li) => [li.id, text(li.querySelector(':scope > article .comment__recommendations, :scope .comment__recommendations'))]),
    };
  }

  it('shows an editors’ pick and recommended comments on a demo thread, the same on every seeding', async () => {
    const first = await feedbackOn(t);
    expect(first.picks.length).toBeGreaterThan(0);
    expect(first.recommendations.some(([, label]) => /^\d+ recommendations?$/.test(label ?? ''))).toBe(true);
    expect(await feedbackOn(again)).toEqual(first);
  });
});
