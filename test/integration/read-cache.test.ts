import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildComment, buildSection } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import type { Actor } from '../../src/modules/articles/editorial.types.js';

const ADMIN: Actor = { accountId: null, role: 'admin', authorId: null, name: 'Test editor' };

/*
 * With the page cache off, every page is built anew, but the reads that do
 * not depend on comments (the story, the latest stories, READ NEXT, the
 * sections) are kept between changes. They must never show what the
 * database no longer says once a change is announced, here or by another
 * process, nor outlive a scheduled story going live or a thread closing.
 */
describe('public reads kept between changes', () => {
  let t: TestContext;
  let articleId: number;
  const path = '/2024/03/29/kept-story';
  const page = async (url = path) => parse((await t.app.inject({ url })).body);

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z', env: { PAGE_CACHE_SECONDS: '0' } });
    const a = await buildArticle(t.services, t.clock.now(), { slug: 'kept-story', headline: 'Kept story', publishedAt: '2024-03-29T10:00:00Z', commentsCloseAt: '2024-03-29T18:00:00Z' });
    articleId = a.id;
  });
  afterAll(() => t?.close());

  it('builds the page after a comment from the story as kept, with the new comment', async () => {
    expect(text((await page()).querySelector('h1'))).toBe('Kept story');
    // Written behind the application's back: nothing announces it, so the kept story stands.
    await t.database.db.updateTable('articles').set({ headline: 'Changed quietly' }).where('id', '=', articleId).execute();
    await buildComment(t.services, articleId, { body: 'A comment that changes only the thread' });
    const after = await page();
    expect(text(after.querySelector('h1'))).toBe('Kept story');
    expect(after.body.textContent).toContain('A comment that changes only the thread');
    expect(text(after.querySelector('#comments-heading'))).toBe('1 Comment');
  });

  it('drops the story when another process announces a change to it', async () => {
    t.services.events.receive({ kind: 'article', id: articleId });
    expect(text((await page()).querySelector('h1'))).toBe('Changed quietly');
  });

  it('shows a scheduled story in the latest stories exactly when it goes live', async () => {
    await buildArticle(t.services, t.clock.now(), { slug: 'at-four', headline: 'Goes live at four', status: 'scheduled', publishedAt: '2024-03-29T16:00:00Z' });
    expect((await page('/')).body.textContent).not.toContain('Goes live at four');
    expect((await page()).body.textContent).not.toContain('Goes live at four');
    t.clock.set('2024-03-29T15:59:59.999Z');
    expect((await page()).body.textContent).not.toContain('Goes live at four');
    t.clock.set('2024-03-29T16:00:00.000Z');
    expect((await page()).body.textContent).toContain('Goes live at four');
    expect((await page('/')).body.textContent).toContain('Goes live at four');
    expect((await t.app.inject({ url: '/2024/03/29/at-four' })).statusCode).toBe(200);
  });

  it('says "Comments are closed." exactly when they close', async () => {
    t.clock.set('2024-03-29T17:59:30.000Z');
    expect((await page()).querySelector('.comments__closed')).toBeNull();
    t.clock.set('2024-03-29T18:00:00.000Z');
    expect(text((await page()).querySelector('.comments__closed'))).toBe('Comments are closed. They closed on March 29, 2024 at 6:00 PM UTC.');
  });

  it('turns a story taken down to 404 at once', async () => {
    const other = await buildArticle(t.services, t.clock.now(), { slug: 'taken-down', headline: 'To be taken down', publishedAt: '2024-03-29T11:00:00Z' });
    expect((await t.app.inject({ url: '/2024/03/29/taken-down' })).statusCode).toBe(200);
    await t.services.editorial.transition(ADMIN, other.id, 'unpublish');
    expect((await t.app.inject({ url: '/2024/03/29/taken-down' })).statusCode).toBe(404);
  });

  it('shows a renamed section in the navigation at once', async () => {
    const section = await buildSection(t.services, { name: 'Harbour' });
    const nav = async () => text((await page()).querySelector('header nav'));
    expect(await nav()).toContain('Harbour');
    await t.services.sections.update(section.id, { name: 'Waterfront' });
    expect(await nav()).toContain('Waterfront');
    expect(await nav()).not.toContain('Harbour');
  });
  it('keeps a listing’s total between changes, and counts a publish and a takedown at once', async () => {
    const total = async () => (await t.services.articles.list({ perPage: 1 })).total;
    const apiTotal = async () => (JSON.parse((await t.app.inject({ url: '/api/v1/articles?limit=1' })).body) as { meta: { total: number } }).meta.total;
    const before = await total();
    expect(await apiTotal()).toBe(before);
    // Taken down behind the application's back: nothing announces it, so the kept total stands.
    await t.database.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', articleId).execute();
    expect(await total()).toBe(before);
    t.services.events.receive({ kind: 'article', id: articleId });
    expect(await total()).toBe(before - 1);
    const published = await buildArticle(t.services, t.clock.now(), { slug: 'counted-at-once', headline: 'Counted at once', publishedAt: '2024-03-29T12:00:00Z' });
    expect(await total()).toBe(before);
    expect(await apiTotal()).toBe(before);
    await t.services.editorial.transition(ADMIN, published.id, 'unpublish');
    expect(await total()).toBe(before - 1);
    expect(await apiTotal()).toBe(before - 1);
  });
});
