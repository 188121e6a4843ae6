import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildComment } from '../helpers/factories.js';
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
    expect(text(parse((await t.app.inject({ url: path })).body).querySelector('.comments__closed'))).toBe('Comments are closed.');
  });

  it('expires pages after the configured time even without a change', async () => {
    await t.app.inject({ url: '/' });
    t.clock.advance(59_000);
    expect((await t.app.inject({ url: '/' })).headers['x-cache']).toBe('hit');
    t.clock.advance(1_000);
    expect((await t.app.inject({ url: '/' })).headers['x-cache']).toBe('miss');
  });

  it('never caches error pages', async () => {
    expect((await t.app.inject({ url: '/2024/03/29/later-story' })).statusCode).toBe(404);
    await buildArticle(t.services, t.clock.now(), { slug: 'later-story', publishedAt: '2024-03-29T12:00:00Z' });
    expect((await t.app.inject({ url: '/2024/03/29/later-story' })).statusCode).toBe(200);
  });
});
