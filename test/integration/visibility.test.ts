import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildComment, buildSection } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

/** Rules that hold at query time: no background job is involved. */
describe('scheduled stories, closing comments and moved stories', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await buildSection(t.services, { slug: 'news', name: 'News' });
  });
  afterAll(() => t?.close());

  it('shows a scheduled story once its time has passed, and not before', async () => {
    await buildArticle(t.services, t.clock.now(), { slug: 'embargoed', headline: 'Embargoed story', status: 'scheduled', publishedAt: '2024-03-29T16:00:00.000Z' });
    expect((await t.app.inject({ url: '/2024/03/29/embargoed' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/' })).body).not.toContain('Embargoed story');
    expect((await t.app.inject({ url: '/api/v1/articles/embargoed' })).statusCode).toBe(404);

    t.clock.set('2024-03-29T16:00:00.000Z');
    const res = await t.app.inject({ url: '/2024/03/29/embargoed' });
    expect(res.statusCode).toBe(200);
    expect(text(parse(res.body).querySelector('h1'))).toBe('Embargoed story');
    expect((await t.app.inject({ url: '/' })).body).toContain('Embargoed story');
    t.clock.set('2024-03-29T15:00:00.000Z');
  });

  it('never shows drafts, stories in review or unpublished stories', async () => {
    for (const status of ['draft', 'in_review', 'unpublished'] as const) {
      await buildArticle(t.services, t.clock.now(), { slug: `hidden-${status.replace('_', '-')}`, status, publishedAt: '2024-03-28T10:00:00Z' });
      expect((await t.app.inject({ url: `/2024/03/28/hidden-${status.replace('_', '-')}` })).statusCode, status).toBe(404);
    }
  });

  it('says "Comments are closed." when an editor closes them', async () => {
    const a = await buildArticle(t.services, t.clock.now(), { slug: 'closed-by-editor', commentStatus: 'closed', publishedAt: '2024-03-29T10:00:00Z' });
    await buildComment(t.services, a.id, { body: 'Still shown after closing.' });
    const doc = parse((await t.app.inject({ url: '/2024/03/29/closed-by-editor' })).body);
    expect(text(doc.querySelector('.comments__closed'))).toBe('Comments are closed.');
    expect(text(doc.querySelector('#comments-heading'))).toBe('1 Comment');
    expect(text(doc.querySelector('.comment__body'))).toBe('Still shown after closing.');
  });

  it('closes comments by themselves once the close time passes', async () => {
    await buildArticle(t.services, t.clock.now(), { slug: 'closes-soon', publishedAt: '2024-03-29T10:00:00Z', commentsCloseAt: '2024-03-29T17:00:00Z' });
    let doc = parse((await t.app.inject({ url: '/2024/03/29/closes-soon' })).body);
    expect(doc.querySelector('.comments__closed')).toBeNull();
    t.clock.set('2024-03-29T17:00:00.000Z');
    doc = parse((await t.app.inject({ url: '/2024/03/29/closes-soon' })).body);
    expect(text(doc.querySelector('.comments__closed'))).toBe('Comments are closed. They closed on March 29, 2024 at 5:00 PM UTC.');
    t.clock.set('2024-03-29T15:00:00.000Z');
  });

  it('applies the site policy of closing comments N days after publication', async () => {
    await buildArticle(t.services, t.clock.now(), { slug: 'old-news', publishedAt: '2024-03-01T10:00:00Z' });
    expect(parse((await t.app.inject({ url: '/2024/03/01/old-news' })).body).querySelector('.comments__closed')).toBeNull();
    await t.services.settings.update({ commentsCloseAfterDays: 14 });
    const api = (await t.app.inject({ url: '/api/v1/articles/old-news' })).json();
    expect(api.data.commentsOpen).toBe(false);
    expect(api.data.commentsCloseAt).toBe('2024-03-15T10:00:00.000Z');
    expect(text(parse((await t.app.inject({ url: '/2024/03/01/old-news' })).body).querySelector('.comments__closed'))).toBe('Comments are closed. They closed on March 15, 2024 at 10:00 AM UTC.');
    await t.services.settings.update({ commentsCloseAfterDays: 0 });
  });

  it('redirects an old slug and a wrong date to the canonical address', async () => {
    const a = await buildArticle(t.services, t.clock.now(), { slug: 'first-name', publishedAt: '2024-03-29T10:00:00Z' });
    await t.services.articles.changeSlug(a.id, 'second-name');
    const moved = await t.app.inject({ url: '/2024/03/29/first-name' });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/2024/03/29/second-name');
    const wrongDate = await t.app.inject({ url: '/2023/01/01/second-name' });
    expect(wrongDate.statusCode).toBe(301);
    expect(wrongDate.headers.location).toBe('/2024/03/29/second-name');
    const api = await t.app.inject({ url: '/api/v1/articles/first-name' });
    expect(api.statusCode).toBe(301);
    expect(api.headers.location).toBe('/api/v1/articles/second-name');
    // The old slug stays reserved for the story it redirects to.
    const other = await buildArticle(t.services, t.clock.now(), { slug: 'someone-else' });
    await expect(t.services.articles.changeSlug(other.id, 'first-name')).rejects.toThrow(/still redirects/);
    await expect(t.services.articles.create({ headline: 'Taken', slug: 'first-name' })).rejects.toThrow(/already used/);
  });

  it('dates the address in the site time zone', async () => {
    await t.services.settings.update({ timezone: 'America/Los_Angeles' });
    // 03:00 UTC on the 29th is still the 28th in Los Angeles.
    await buildArticle(t.services, t.clock.now(), { slug: 'late-night', publishedAt: '2024-03-29T03:00:00Z' });
    expect((await t.app.inject({ url: '/2024/03/28/late-night' })).statusCode).toBe(200);
    await t.services.settings.update({ timezone: 'UTC' });
  });

  it('falls back to the most related story for READ NEXT', async () => {
    const base = await buildArticle(t.services, t.clock.now(), { slug: 'harbour-base', tags: ['harbour', 'boats'], publishedAt: '2024-03-29T11:00:00Z' });
    await buildArticle(t.services, t.clock.now(), { slug: 'one-tag', headline: 'Shares one tag', tags: ['harbour'], publishedAt: '2024-03-29T12:00:00Z' });
    await buildArticle(t.services, t.clock.now(), { slug: 'two-tags', headline: 'Shares two tags', tags: ['harbour', 'boats'], publishedAt: '2024-03-20T12:00:00Z' });
    void base;
    const doc = parse((await t.app.inject({ url: '/2024/03/29/harbour-base' })).body);
    expect(text(doc.querySelector('.read-next h3'))).toBe('Shares two tags');
  });
});
