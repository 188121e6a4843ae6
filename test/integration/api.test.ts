import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildAuthor, buildComment, buildSection } from '../helpers/factories.js';
import { createTestApp, TEST_SITE_URL, type TestContext } from '../helpers/app.js';

describe('JSON read API', () => {
  let t: TestContext;
  let articleId: number;
  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const s = t.services;
    const section = await buildSection(s, { slug: 'news', name: 'News', description: 'Daily news.' });
    const photo = await s.media.register({ url: '/media/p.jpg', mime: 'image/jpeg', width: 300, height: 300, alt: 'Portrait' });
    const author = await buildAuthor(s, { slug: 'ana-ruiz', name: 'Ana Ruiz', photoId: photo.id, links: [{ label: 'Website', url: 'https://example.org/ana' }] });
    for (let i = 0; i < 25; i++) {
      await buildArticle(s, t.clock.now(), {
        slug: `story-${i}`,
        headline: `Story ${i}`,
        sectionId: section.id,
        tags: ['council'],
        authorIds: [author.id],
        publishedAt: new Date(Date.parse('2024-03-28T00:00:00Z') + i * 60_000).toISOString(),
      });
    }
    const a = await buildArticle(s, t.clock.now(), {
      slug: 'the-story',
      headline: 'The story',
      body: 'Hello **world**.',
      sectionId: section.id,
      authorIds: [author.id],
      publishedAt: '2024-03-29T12:00:00Z',
      developing: true,
      commentPrompt: 'What do you think?',
    });
    articleId = a.id;
    await s.articles.addLiveUpdate(a.id, 'First update', '2024-03-29T12:30:00Z');
    await s.articles.addCorrection(a.id, 'Fixed a name.', '2024-03-29T12:40:00Z');
    const c1 = await buildComment(s, a.id, { body: 'Top one', createdAt: '2024-03-29T12:01:00Z' });
    const r1 = await buildComment(s, a.id, { parentId: c1.id, body: 'Reply', createdAt: '2024-03-29T12:02:00Z' });
    await buildComment(s, a.id, { parentId: r1.id, body: 'Reply to reply', createdAt: '2024-03-29T12:03:00Z' });
    await buildComment(s, a.id, { body: 'Top two', createdAt: '2024-03-29T12:04:00Z' });
    await buildComment(s, a.id, { body: 'Held', status: 'pending', createdAt: '2024-03-29T12:05:00Z' });
    await buildArticle(s, t.clock.now(), { slug: 'not-yet', status: 'scheduled', publishedAt: '2024-04-01T00:00:00Z' });
  });
  afterAll(() => t?.close());

  it('lists published articles with paging links and canonical URLs', async () => {
    const res = await t.app.inject({ url: '/api/v1/articles?limit=10' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json();
    expect(body.meta).toEqual({ page: 1, limit: 10, total: 26, pageCount: 3 });
    expect(body.data).toHaveLength(10);
    expect(body.data[0].slug).toBe('the-story');
    expect(body.data[0].url).toBe(`${TEST_SITE_URL}/2024/03/29/the-story`);
    expect(body.data[0].commentCount).toBe(4);
    expect(body.data[0].authors[0]).toEqual({ slug: 'ana-ruiz', name: 'Ana Ruiz', url: `${TEST_SITE_URL}/author/ana-ruiz` });
    expect(body.links.next).toBe('/api/v1/articles?limit=10&page=2');
    expect(body.links.prev).toBeUndefined();
    const last = (await t.app.inject({ url: body.links.next.replace('page=2', 'page=3') })).json();
    expect(last.data).toHaveLength(6);
    expect(last.links.next).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('not-yet');
  });

  it('filters by section, tag and author', async () => {
    expect((await t.app.inject({ url: '/api/v1/articles?tag=council' })).json().meta.total).toBe(25);
    expect((await t.app.inject({ url: '/api/v1/articles?section=news&author=ana-ruiz' })).json().meta.total).toBe(26);
  });

  it('returns one article with body, updates, corrections and counts', async () => {
    const { data } = (await t.app.inject({ url: '/api/v1/articles/the-story' })).json();
    expect(data.id).toBe(articleId);
    expect(data.bodyMarkdown).toBe('Hello **world**.');
    expect(data.bodyHtml).toContain('<strong>world</strong>');
    expect(data.liveUpdates).toHaveLength(1);
    expect(data.corrections[0].text).toBe('Fixed a name.');
    expect(data.commentCount).toBe(4);
    expect(data.commentsOpen).toBe(true);
    expect(data.developing).toBe(true);
    expect(data.commentPrompt).toBe('What do you think?');
    expect(data.readNext.url).toMatch(/^https:\/\/news\.example\.test\/2024\/03\/28\/story-/);
    expect(data.updatedAt).toBe('2024-03-29T12:40:00.000Z');
  });

  it('returns the approved thread in reading order with depths', async () => {
    const body = (await t.app.inject({ url: '/api/v1/articles/the-story/comments?limit=1' })).json();
    expect(body.meta).toMatchObject({ page: 1, limit: 1, total: 2, pageCount: 2, commentCount: 4, commentsOpen: true });
    expect(body.data.map((c: { body: string; depth: number; number: number | null }) => [c.body, c.depth, c.number])).toEqual([
      ['Top one', 0, 1],
      ['Reply', 1, null],
      ['Reply to reply', 2, null],
    ]);
    expect(body.data[2].url).toMatch(/\/2024\/03\/29\/the-story#comment-\d+$/);
    const page2 = (await t.app.inject({ url: '/api/v1/articles/the-story/comments?limit=1&page=2' })).json();
    expect(page2.data.map((c: { body: string }) => c.body)).toEqual(['Top two']);
    expect(page2.data[0].number).toBe(2);
  });

  it('lists sections, tags and authors', async () => {
    expect((await t.app.inject({ url: '/api/v1/sections' })).json().data).toEqual([{ slug: 'news', name: 'News', description: 'Daily news.', url: `${TEST_SITE_URL}/section/news` }]);
    expect((await t.app.inject({ url: '/api/v1/sections/news' })).json().data.name).toBe('News');
    expect((await t.app.inject({ url: '/api/v1/tags' })).json().data.map((x: { slug: string }) => x.slug)).toEqual(['council']);
    const author = (await t.app.inject({ url: '/api/v1/authors/ana-ruiz' })).json().data;
    expect(author).toMatchObject({ slug: 'ana-ruiz', photo: { url: `${TEST_SITE_URL}/media/p.jpg`, width: 300, height: 300 }, links: [{ label: 'Website', url: 'https://example.org/ana' }] });
    expect((await t.app.inject({ url: '/api/v1/authors' })).json().data).toHaveLength(1);
  });

  it('publishes an OpenAPI 3.1 document describing every endpoint', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/articles',
        '/api/v1/articles/{slug}',
        '/api/v1/articles/{slug}/comments',
        '/api/v1/authors',
        '/api/v1/authors/{slug}',
        '/api/v1/sections',
        '/api/v1/sections/{slug}',
        '/api/v1/tags',
      ]),
    );
    // Only the JSON API is documented, never the HTML pages.
    expect(paths.every((p) => p.startsWith('/api/v1/'))).toBe(true);
    const list = doc.paths['/api/v1/articles'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'page', 'section', 'tag', 'author']));
    expect(list.responses['200']).toBeDefined();
  });
});
