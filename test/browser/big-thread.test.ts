import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoArticleInfo, type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * The demo's 2,100-comment story in Chromium, on a phone and on a desktop:
 * the comment form is one click from the top of the story, any page of the
 * thread one click from its top, and comments arriving while the page is
 * open wait behind an "N new comments" button instead of moving what the
 * reader is reading.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIG = 'canal-street-bike-lanes-parking-plan';
const ARRIVAL_MS = 8000;
const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

const collapse = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Whether the element is wholly inside the viewport, as the reader sees it now. */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width;
}

// The pages' scripts are built, not committed.
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
});

describe('a 2,100-comment discussion in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let info: DemoArticleInfo;
  let articleId: number;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    // A site that takes guests' comments and publishes them at once, so the form is there for everyone.
    await server.services.settings.update({ guestComments: true, moderationMode: 'none', minSubmitSeconds: 0 });
    info = await server.article(BIG);
    expect(info.commentCount).toBeGreaterThan(2000);
    const found = await server.services.articles.findPublic(BIG);
    if (found?.kind !== 'article') throw new Error(`${BIG} is not public`);
    articleId = found.article.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(url: string, viewport: { width: number; height: number }, { live = false } = {}) {
    const context = await browser.newContext({ baseURL: server.url, viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // Listening before the page loads: the live stream may connect before goto returns.
    const listening = live ? page.waitForResponse((res) => new URL(res.url()).pathname.startsWith('/live/articles/')) : null;
    await page.goto(url);
    await listening;
    return { page, problems, close: () => context.close() };
  }

  describe.each(WIDTHS)('on a $name ($width px)', ({ width, height }) => {
    it('reaches the comment form from the top of the story with one click', async () => {
      const { page, problems, close } = await open(info.path, { width, height });
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const join = page.locator('.article__header a.discussion-link__join');
      expect(collapse(await join.textContent())).toBe('Join the discussion');
      expect(await inViewport(page, join), 'the link is in sight at the top of the story').toBe(true);
      expect(collapse(await page.locator('.article__header .discussion-link__count').textContent())).toBe(`${info.commentCount.toLocaleString('en-US')} comments`);

      await join.click();
      const box = page.locator('#respond textarea[name="body"]');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: ARRIVAL_MS }).toBe('respond-body');
      // The page may scroll smoothly there.
      await expect.poll(() => inViewport(page, box), { timeout: ARRIVAL_MS, message: 'the comment box is in sight' }).toBe(true);
      // The form is above the thread's first comment.
      const order = await page.evaluate(() => [...document.querySelectorAll('#respond, #comments ol.comment-list > li')].slice(0, 2).map((el) => el.id));
      expect(order[0]).toBe('respond');
      expect(problems).toEqual([]);
      await close();
    });

    it('goes to page 20 of the thread with one click from its top', async () => {
      const { page, problems, close } = await open(`${info.path}#comments`, { width, height });
      const nav = page.locator('#comments nav[aria-label="Comment pages"]');
      const twenty = nav.getByRole('link', { name: 'Page 20', exact: true });
      // Once the browser has scrolled to the thread (it may adjust as late content settles).
      await expect.poll(() => inViewport(page, twenty), { message: 'page 20 is in sight at the top of the thread', timeout: 5_000 }).toBe(true);
      const perPage = (await server.services.settings.get()).commentsPerPage;

      await twenty.click();
      await page.waitForURL((u) => u.searchParams.get('comments') === '20');
      expect(collapse(await nav.locator('[aria-current="page"]').textContent())).toBe('Page 20');
      expect(await page.locator('#comments').getAttribute('data-page')).toBe('20');
      expect(collapse(await page.locator('#comments ol.comment-list > li .comment__number').first().textContent())).toBe(`${19 * perPage + 1}.`);
      expect(problems).toEqual([]);
      await close();
    });
  });

  /** Post a guest comment through the site's HTTP interface, as the page's script does. */
  async function postOverHttp(body: string): Promise<number> {
    const tokenRes = await fetch(`${server.url}/comments/form-token`, { headers: { accept: 'application/json' } });
    const tokens = (await tokenRes.json()) as { csrf: string; formToken: string };
    const cookie = tokenRes.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await fetch(`${server.url}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie, 'x-csrf-token': tokens.csrf },
      body: JSON.stringify({ articleId: String(articleId), parentId: '', _csrf: tokens.csrf, t: tokens.formToken, website: '', name: 'Late Arrival', email: 'late@example.org', body }),
    });
    const answer = (await res.json()) as { id: number; status: string };
    expect(res.status, JSON.stringify(answer)).toBe(201);
    expect(answer.status).toBe('approved');
    return answer.id;
  }

  it('shows comments arriving while the page is open as "N new comments", inserting them on a click; the page does not jump', async () => {
    // Once the live stream listens.
    const { page, problems, close } = await open(`${info.path}?sort=newest`, { width: 1280, height: 800 }, { live: true });
    const reading = page.locator('#comments ol.comment-list > li.comment').nth(10);
    await reading.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -100));
    const scrollBefore = await page.evaluate(() => window.scrollY);
    const boxBefore = await reading.boundingBox();

    const first = await postOverHttp('The crossing at Mill Lane needs a signal before anything else.');
    const second = await postOverHttp('Parking on Canal Street was never the problem: deliveries are.');
    const button = page.locator('#comments button.comments__arrivals-button');
    await expect.poll(async () => collapse(await button.textContent()), { timeout: ARRIVAL_MS }).toBe('2 new comments');
    // Announced politely, for screen readers.
    await expect.poll(() => page.locator('[aria-live="polite"]').last().textContent(), { timeout: ARRIVAL_MS }).toMatch(/2 new comments/);
    // Nothing moved under the reader, and nothing was put in the list yet.
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    expect(await reading.boundingBox()).toEqual(boxBefore);
    expect(await page.locator(`#comment-${first}, #comment-${second}`).count()).toBe(0);
    expect(await inViewport(page, button), 'the button is in sight').toBe(true);

    await button.click();
    // Newest first: both at the top of the list, the newer first.
    const ids = await page.evaluate(() => [...document.querySelectorAll('#comments ol.comment-list > li.comment')].slice(0, 2).map((li) => li.id));
    expect(ids).toEqual([`comment-${second}`, `comment-${first}`]);
    await page.locator(`#comment-${second}`).waitFor({ state: 'visible' });
    expect(await button.count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});
