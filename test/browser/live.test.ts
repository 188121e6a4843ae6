import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closingFrame } from '../../src/modules/comments/live.routes.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * live.js in Chromium against the demo server: what a reader with an article
 * open sees when comments and live updates arrive, without reloading.
 */

const DEVELOPING = 'water-main-break-floods-harbour-street';
const LONG_THREAD = 'canal-street-bike-lanes-parking-plan';
const ARRIVAL_MS = 8000;

const collapse = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('live updates in a browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let seq = 0;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    context = await browser.newContext({ baseURL: server.url });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  async function articleId(slug: string): Promise<number> {
    const found = await server.services.articles.findPublic(slug);
    if (found?.kind !== 'article') throw new Error(`${slug} is not public`);
    return found.article.id;
  }

  /** Open an article page and wait until its live stream is listening. */
  async function openLive(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    const listening = page.waitForResponse((res) => new URL(res.url()).pathname.startsWith('/live/articles/'));
    await page.goto(path);
    expect((await listening).status()).toBe(200);
    return { page, problems };
  }

  const comment = async (articleId: number, over: { parentId?: number } = {}) =>
    server.services.comments.create({ articleId, authorName: `Live Reader ${++seq}`, body: `Arrived while the page was open (${seq}).`, status: 'approved', ...over });

  it('holds a new comment for the end of the last oldest-first page behind a button, puts a reply under its parent, and updates the count', async () => {
    const info = await server.article(DEVELOPING);
    const id = await articleId(DEVELOPING);
    const { page, problems } = await openLive(info.path);
    const before = Number(collapse(await page.locator('#comments-heading').textContent()).replace(/\D/g, ''));

    const top = await comment(id);
    const button = page.locator('#comments button.comments__arrivals-button');
    await expect.poll(async () => collapse(await button.textContent()), { timeout: ARRIVAL_MS }).toBe('1 new comment');
    expect(await page.locator(`#comment-${top.id}`).count()).toBe(0);
    await button.click();
    const li = page.locator(`ol.comment-list > li#comment-${top.id}`);
    await li.waitFor({ state: 'visible', timeout: ARRIVAL_MS });
    expect(await page.locator('ol.comment-list > li').last().getAttribute('id')).toBe(`comment-${top.id}`);
    expect(await li.evaluate((el) => el.classList.contains('comment--new'))).toBe(true);
    expect(collapse(await li.locator('.comment__body').textContent())).toBe(top.body);
    await expect.poll(async () => collapse(await page.locator('#comments-heading').textContent()), { timeout: ARRIVAL_MS }).toBe(before + 1 === 1 ? '1 Comment' : `${before + 1} Comments`);

    const reply = await comment(id, { parentId: top.id });
    await page.locator(`li#comment-${top.id} > ol.comment-replies > li#comment-${reply.id}`).waitFor({ timeout: ARRIVAL_MS });
    // Announced once, politely, for screen readers.
    await expect.poll(() => page.locator('[aria-live="polite"]').last().textContent(), { timeout: ARRIVAL_MS }).toMatch(/new comment/);
    // Each arrives once, however often the stream speaks.
    expect(await page.locator(`#comment-${top.id}`).count()).toBe(1);
    expect(await page.locator(`#comment-${reply.id}`).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('adds a live update at the top of the list', async () => {
    const info = await server.article(DEVELOPING);
    const id = await articleId(DEVELOPING);
    const { page, problems } = await openLive(info.path);
    const update = await server.services.articles.addLiveUpdate(id, 'Crews have **reopened** Harbour Street.');
    const li = page.locator(`ol.live-updates > li#update-${update.id}`);
    await li.waitFor({ timeout: ARRIVAL_MS });
    expect(await page.locator('ol.live-updates > li').first().getAttribute('id')).toBe(`update-${update.id}`);
    expect(collapse(await li.locator('.live-update__body').textContent())).toBe('Crews have reopened Harbour Street.');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('drops a comment a moderator takes down', async () => {
    const info = await server.article(DEVELOPING);
    const id = await articleId(DEVELOPING);
    const doomed = await comment(id);
    const { page, problems } = await openLive(info.path);
    await page.locator(`#comment-${doomed.id}`).waitFor();
    await server.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'Test moderator' }, doomed.id, 'reject');
    await page.locator(`#comment-${doomed.id}`).waitFor({ state: 'detached', timeout: ARRIVAL_MS });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('offers a link instead where the page cannot show a new top-level comment', async () => {
    const info = await server.article(LONG_THREAD);
    const id = await articleId(LONG_THREAD);
    // The first page of a long oldest-first thread: new comments belong on its last page.
    const { page, problems } = await openLive(info.path);
    expect(Number(await page.locator('#comments').getAttribute('data-page-count'))).toBeGreaterThan(1);
    const late = await comment(id);
    const link = page.locator('.comments__live-notice a');
    await link.waitFor({ timeout: ARRIVAL_MS });
    expect(collapse(await link.textContent())).toBe('Show 1 new comment');
    expect(await link.getAttribute('href')).toBe(`/comments/${late.id}`);
    expect(await page.locator(`#comment-${late.id}`).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('counts in that link only the new comments still there, each once', async () => {
    const info = await server.article(LONG_THREAD);
    const id = await articleId(LONG_THREAD);
    const moderator = { accountId: null, role: 'admin' as const, authorId: null, name: 'Test moderator' };
    const { page, problems } = await openLive(info.path);
    const link = page.locator('.comments__live-notice a');
    const [first, second] = [await comment(id), await comment(id)];
    await expect.poll(async () => collapse(await link.textContent()), { timeout: ARRIVAL_MS }).toBe('Show 2 new comments');

    // Taken down: no longer new, and no longer where the link leads.
    await server.services.moderation.act(moderator, first.id, 'reject');
    await expect.poll(async () => collapse(await link.textContent()), { timeout: ARRIVAL_MS }).toBe('Show 1 new comment');
    expect(await link.getAttribute('href')).toBe(`/comments/${second.id}`);
    await server.services.moderation.act(moderator, second.id, 'reject');
    await link.waitFor({ state: 'detached', timeout: ARRIVAL_MS });

    // Put back, it arrives again, and counts once.
    await server.services.moderation.act(moderator, first.id, 'approve');
    await expect.poll(async () => collapse(await link.textContent()), { timeout: ARRIVAL_MS }).toBe('Show 1 new comment');
    expect(await link.getAttribute('href')).toBe(`/comments/${first.id}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('comes back within about a second when the stream ends with the last words of a closing process, and catches up', async () => {
    const info = await server.article(DEVELOPING);
    const id = await articleId(DEVELOPING);
    const page = await context.newPage();
    // The first stream is a closing process's: its last words, then the end.
    const asked: number[] = [];
    await page.route('**/live/articles/**', async (route) => {
      asked.push(Date.now());
      if (asked.length > 1) return route.continue();
      return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' }, body: `retry: 3000\n\n${closingFrame(() => 0)}` });
    });
    await page.goto(info.path);
    await expect.poll(() => asked.length, { timeout: ARRIVAL_MS }).toBe(2);
    // Asked again after the short retry (250 ms here), not the usual 3 s.
    expect(asked[1]! - asked[0]!).toBeLessThan(2000);
    // The new stream (a live process) delivers what arrives.
    const top = await comment(id);
    const button = page.locator('#comments button.comments__arrivals-button');
    await expect.poll(async () => collapse(await button.textContent()), { timeout: ARRIVAL_MS }).toBe('1 new comment');
    await button.click();
    await page.locator(`#comment-${top.id}`).waitFor({ state: 'visible', timeout: ARRIVAL_MS });
    await page.close();
  });
});
