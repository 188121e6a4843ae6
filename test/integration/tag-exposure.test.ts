import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { adminClient } from '../helpers/admin.js';
import { buildArticle } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

const PASSWORD = 'correct horse battery staple';
const EDITOR: Actor = { accountId: null, role: 'editor', authorId: null, name: 'Test editor' };
const SLUG = 'embargoedmergertag';

/** A tag becomes public only once a published story carries it, and stops being public when none does. */
describe('tags typed on unpublished stories', () => {
  let t: TestContext;
  let draftId: number;
  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await buildArticle(t.services, t.clock.now(), { headline: 'Public story', tags: ['Harbour'] });
    draftId = (await buildArticle(t.services, t.clock.now(), { headline: 'Merger draft', status: 'draft', publishedAt: null, tags: ['EmbargoedMergerTag'] })).id;
    // An old address (as an import leaves) that leads to the tag's page.
    const tagId = (await t.services.sections.tagBySlug(SLUG))!.id;
    await t.database.db.transaction().execute((trx) => t.services.redirects.record(trx, ['/topics/old-merger-archive/'], 'tag', tagId));
    await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
  });
  afterAll(() => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const publicTagSlugs = async () => ((await get('/api/v1/tags')).json() as { data: { slug: string }[] }).data.map((d) => d.slug);

  async function expectHidden() {
    expect(await publicTagSlugs()).not.toContain(SLUG);
    expect(await publicTagSlugs()).toContain('harbour');
    expect((await get(`/tag/${SLUG}`)).statusCode).toBe(404);
    const old = await get('/topics/old-merger-archive');
    expect(old.statusCode).toBe(404);
    expect(JSON.stringify(old.headers) + old.body).not.toContain(SLUG);
    for (const feed of ['feed', 'feed.atom', 'feed.json']) expect((await get(`/tag/${SLUG}/${feed}`)).statusCode, feed).toBe(404);
    expect((await get(`/api/v1/articles?tag=${SLUG}`)).statusCode).toBe(404);
    const sitemap = await get('/sitemaps/tags.xml');
    expect(sitemap.statusCode).toBe(200);
    expect(sitemap.body).not.toContain(`/tag/${SLUG}`);
  }

  async function expectShown() {
    expect(await publicTagSlugs()).toContain(SLUG);
    const page = await get(`/tag/${SLUG}`);
    expect(page.statusCode).toBe(200);
    expect(text(parse(page.body).querySelector('h1'))).toBe('EmbargoedMergerTag');
    expect((await get(`/tag/${SLUG}/feed`)).statusCode).toBe(200);
    const old = await get('/topics/old-merger-archive');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toContain(`/tag/${SLUG}`);
    expect((await get(`/api/v1/articles?tag=${SLUG}`)).statusCode).toBe(200);
    expect((await get('/sitemaps/tags.xml')).body).toContain(`/tag/${SLUG}`);
  }

  it('keeps a draft’s tag out of every public list, page, feed and filter', async () => {
    await expectHidden();
  });

  it('still shows the tag to the newsroom, which can reuse it', async () => {
    expect((await t.services.sections.listTags()).map((tag) => tag.slug)).toContain(SLUG);
    const c = adminClient(t.app, '192.0.2.40');
    expect((await c.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
    const res = await c.get('/admin/tags');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('EmbargoedMergerTag');
  });

  it('keeps it hidden while the story is in review or scheduled for later, and shows it once the time comes', async () => {
    await t.services.editorial.transition(EDITOR, draftId, 'submit');
    await expectHidden();
    const at = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    await t.services.editorial.transition(EDITOR, draftId, 'schedule', { publishAt: at });
    await expectHidden();
    t.clock.advance(2 * 3_600_000);
    await expectShown();
  });

  it('hides it again when the last story carrying it is unpublished, cached pages included', async () => {
    // Warm the page cache with the public answers first.
    await expectShown();
    await t.services.editorial.transition(EDITOR, draftId, 'unpublish');
    await expectHidden();
  });
});
