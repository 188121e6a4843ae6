import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildComment } from '../helpers/factories.js';
import { articlePath } from '../../src/platform/urls.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

/** Cached pages must never show what the database no longer says. */
describe('page cache', () => {
  let t: TestContext;
  let articleId: number;
  const path = '/2024/03/29/cached-story';

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const a = await buildArticle(t.services, t.clock.now(), { slug: 'cached-story', headline: 'Cached story', publishedAt: '2024-03-29T10:00:00Z', commentsCloseAt: '2024-03-29T18:00:00Z' });
    articleId = a.id;
  });
  afterAll(() => t?.close());

  it('serves the second request from memory with the same body and an ETag', async () => {
    const first = await t.app.inject({ url: path });
    expect(first.headers['x-cache']).toBe('miss');
    const second = await t.app.inject({ url: path });
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toContain('text/html');
    expect(second.headers['content-security-policy']).toBeDefined();
    expect(second.headers['cache-control']).toBe('public, max-age=0, must-revalidate, s-maxage=60');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { etag } = (await t.app.inject({ url: path })).headers;
    const again = await t.app.inject({ url: path, headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('drops pages when content changes', async () => {
    await t.app.inject({ url: path });
    await buildComment(t.services, articleId, { body: 'Fresh comment' });
    const res = await t.app.inject({ url: path });
    expect(res.headers['x-cache']).toBe('miss');
    expect(text(parse(res.body).querySelector('#comments-heading'))).toBe('1 Comment');
  });

  it('shows a scheduled story on cached pages exactly when it goes live', async () => {
    await buildArticle(t.services, t.clock.now(), { slug: 'at-four', headline: 'Goes live at four', status: 'scheduled', publishedAt: '2024-03-29T16:00:00Z' });
    expect((await t.app.inject({ url: '/' })).body).not.toContain('Goes live at four');
    expect((await t.app.inject({ url: '/' })).headers['x-cache']).toBe('hit');
    t.clock.set('2024-03-29T15:59:59.999Z');
    expect((await t.app.inject({ url: '/' })).body).not.toContain('Goes live at four');
    t.clock.set('2024-03-29T16:00:00.000Z');
    expect((await t.app.inject({ url: '/' })).body).toContain('Goes live at four');
  });

  it('says "Comments are closed." on a cached page exactly when they close', async () => {
    t.clock.set('2024-03-29T17:59:30.000Z');
    expect(parse((await t.app.inject({ url: path })).body).querySelector('.comments__closed')).toBeNull();
    t.clock.set('2024-03-29T18:00:00.000Z');
    expect(text(parse((await t.app.inject({ url: path })).body).querySelector('.comments__closed'))).toBe('Comments are closed. They closed on March 29, 2024 at 6:00 PM UTC.');
  });

  it('expires pages after the configured time even without a change', async () => {
    await t.app.inject({ url: '/' });
    t.clock.advance(59_000);
    expect((await t.app.inject({ url: '/' })).headers['x-cache']).toBe('hit');
    t.clock.advance(1_000);
    expect((await t.app.inject({ url: '/' })).headers['x-cache']).toBe('miss');
  });

  it('does not keep a page whose content changed while it was being rendered', async () => {
    t.app.pageCache.clear();
    const articles = t.services.articles;
    const original = articles.nextScheduledAt;
    let changeOnce = true;
    // The cache asks for the next scheduled story while storing the page: a comment arrives just then.
    articles.nextScheduledAt = async () => {
      if (changeOnce) {
        changeOnce = false;
        await buildComment(t.services, articleId, { body: 'Arrived mid-render.' });
      }
      return original.call(articles);
    };
    try {
      const first = await t.app.inject({ url: path });
      expect(first.body).not.toContain('Arrived mid-render.');
      const second = await t.app.inject({ url: path });
      expect(second.headers['x-cache']).toBe('miss');
      expect([...parse(second.body).querySelectorAll('.comment__body')].map((el) => text(el))).toContain('Arrived mid-render.');
    } finally {
      articles.nextScheduledAt = original;
    }
  });

  it('keeps one article page per page and order of comments, whatever else the address carries', async () => {
    t.app.pageCache.clear();
    expect((await t.app.inject({ url: `${path}?utm_source=newsletter` })).headers['x-cache']).toBe('miss');
    expect((await t.app.inject({ url: path })).headers['x-cache']).toBe('hit');
    for (let i = 0; i < 20; i++) expect((await t.app.inject({ url: `${path}?x=${i}` })).headers['x-cache']).toBe('hit');
    expect(t.app.pageCache.size).toBe(1);

    const newest = await t.app.inject({ url: `${path}?sort=newest` });
    expect(newest.headers['x-cache']).toBe('miss');
    expect(parse(newest.body).querySelector('.comments__sort a[aria-current="true"]')?.getAttribute('href')).toBe(`${path}?sort=newest#comments`);
    expect((await t.app.inject({ url: `${path}?fbclid=1&sort=newest` })).headers['x-cache']).toBe('hit');
    expect((await t.app.inject({ url: `${path}?sort=top` })).headers['x-cache']).toBe('miss');
    expect(t.app.pageCache.size).toBe(3);

    // Pages reached by key are pages of their own too.
    const top = parse((await t.app.inject({ url: path })).body)
      .querySelector('ol.comment-list > li.comment--top')
      ?.getAttribute('data-comment-id');
    expect(top).toMatch(/^\d+$/);
    for (const q of [`after=${top}`, `before=${top}`, 'last=1']) {
      expect((await t.app.inject({ url: `${path}?${q}` })).headers['x-cache'], q).toBe('miss');
      expect((await t.app.inject({ url: `${path}?utm_source=x&${q}` })).headers['x-cache'], q).toBe('hit');
    }
    expect(t.app.pageCache.size).toBe(6);
  });

  it("never stores a signed-in reader's own page, nor serves them the shared one", async () => {
    await t.services.settings.update({ guestComments: true });
    try {
      const story = await buildArticle(t.services, t.clock.now(), { headline: 'Private parts' });
      const url = articlePath(story.slug, story.published_at, 'UTC');
      const email = 'cache-reader@example.org';
      await t.services.readers.signUp({ email, displayName: 'Private Person', password: 'correct horse battery staple', ip: '192.0.2.50' });
      await t.services.readers.settled();
      const { reader, sessionToken } = await t.services.readers.signIn({ email, password: 'correct horse battery staple', ip: '192.0.2.50' });
      await buildComment(t.services, story.id, { body: 'Seen by all.' });
      await buildComment(t.services, story.id, { body: 'Held, only for its author.', status: 'pending', readerId: reader.id });
      t.app.pageCache.clear();
      expect((await t.app.inject({ url })).headers['x-cache']).toBe('miss');

      const own = await t.app.inject({ url, cookies: { bs_reader: sessionToken } });
      expect(own.headers['x-cache']).toBeUndefined();
      expect(own.headers['cache-control']).toBe('no-store');
      expect(own.body).toContain('Held, only for its author.');
      const ownTokens = [...parse(own.body).querySelectorAll('input[name="_csrf"]')].map((i) => i.getAttribute('value'));
      expect(ownTokens.length).toBeGreaterThan(0);
      expect(ownTokens.every((v) => v !== '')).toBe(true);
      expect(t.app.pageCache.size).toBe(1);

      const shared = await t.app.inject({ url });
      expect(shared.headers['x-cache']).toBe('hit');
      expect(shared.headers['set-cookie']).toBeUndefined();
      const doc = parse(shared.body);
      expect(text(doc.querySelector('#comments'))).toContain('Seen by all.');
      expect(shared.body).not.toContain('Held, only for its author.');
      expect(shared.body).not.toContain('Private Person');
      const tokens = [...doc.querySelectorAll('#respond input[name="_csrf"], #respond input[name="t"]')].map((i) => i.getAttribute('value'));
      expect(tokens).toEqual(['', '']);
    } finally {
      await t.services.settings.update({ guestComments: false });
    }
  });

  it('never caches error pages', async () => {
    expect((await t.app.inject({ url: '/2024/03/29/later-story' })).statusCode).toBe(404);
    await buildArticle(t.services, t.clock.now(), { slug: 'later-story', publishedAt: '2024-03-29T12:00:00Z' });
    expect((await t.app.inject({ url: '/2024/03/29/later-story' })).statusCode).toBe(200);
  });
});
