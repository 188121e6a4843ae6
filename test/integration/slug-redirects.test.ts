import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle, buildAuthor, buildSection } from '../helpers/factories.js';

/** Old section, tag and author addresses lead on (301) after a change of slug. */
describe('slug changes of sections, tags and authors', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const get = (url: string) => t.app.inject({ url });
  async function expectRedirect(from: string, to: string) {
    const res = await get(from);
    expect([from, res.statusCode, res.headers.location]).toEqual([from, 301, to]);
  }

  it('a section: the old address leads to the new one, chains collapse, going back makes no loop, and a new section taking the old slug wins', async () => {
    const section = await buildSection(t.services, { slug: 'climate', name: 'Climate' });
    await buildArticle(t.services, t.clock.now(), { sectionId: section.id });
    expect((await get('/section/climate')).statusCode).toBe(200);

    await t.services.sections.update(section.id, { slug: 'environment' });
    await expectRedirect('/section/climate', '/section/environment');
    expect((await get('/section/environment')).statusCode).toBe(200);

    await t.services.sections.update(section.id, { slug: 'planet' });
    // Both older addresses lead straight to the newest, not through each other.
    await expectRedirect('/section/climate', '/section/planet');
    await expectRedirect('/section/environment', '/section/planet');

    // Back to the first slug: it serves the page; no address leads to itself.
    await t.services.sections.update(section.id, { slug: 'climate' });
    expect((await get('/section/climate')).statusCode).toBe(200);
    await expectRedirect('/section/planet', '/section/climate');

    // A new section with an old slug is served, not redirected.
    const newcomer = await buildSection(t.services, { slug: 'environment', name: 'Environment' });
    expect((await get('/section/environment')).statusCode).toBe(200);
    // And when that one moves on, its old address follows it, not the first section.
    await t.services.sections.update(newcomer.id, { slug: 'nature' });
    await expectRedirect('/section/environment', '/section/nature');
  });

  it('a tag carried by a published story', async () => {
    const article = await buildArticle(t.services, t.clock.now(), { tags: ['Heat Waves'] });
    const tag = (await t.services.sections.listTagsWithCounts()).find((x) => x.name === 'Heat Waves');
    expect(tag, `article ${article.id} should carry the tag`).toBeDefined();
    const old = `/tag/${tag!.slug}`;
    expect((await get(old)).statusCode).toBe(200);
    await t.services.sections.updateTag(tag!.id, { slug: 'heatwaves' });
    await expectRedirect(old, '/tag/heatwaves');
    expect((await get('/tag/heatwaves')).statusCode).toBe(200);
  });

  it('an author', async () => {
    const author = await buildAuthor(t.services, { slug: 'jo-bloggs', name: 'Jo Bloggs' });
    await buildArticle(t.services, t.clock.now(), { authorIds: [author.id] });
    expect((await get('/author/jo-bloggs')).statusCode).toBe(200);
    await t.services.authors.update(author.id, { slug: 'jo-bloggs-smith' });
    await expectRedirect('/author/jo-bloggs', '/author/jo-bloggs-smith');
    await expectRedirect('/author/jo-bloggs?page=2', '/author/jo-bloggs-smith');
  });
});
