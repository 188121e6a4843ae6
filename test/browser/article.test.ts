import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * The demo site in a real browser, as a reader would use it: follow links by
 * their visible text, look at what is on screen. The server is the real one,
 * listening on a port, on the demo newsroom `broadsheet serve --demo` shows.
 */

const DEEP_THREAD = 'central-library-renovation-pop-up-branches';
const LONG_THREAD = 'canal-street-bike-lanes-parking-plan';
const DEVELOPING = 'water-main-break-floods-harbour-street';
const CLOSED = 'stillwater-board-votes-to-merge-elementary-schools';

/** A reply three levels below a top-level comment. */
const THIRD_LEVEL_REPLY = 'ol.comment-list > li > ol.comment-replies > li > ol.comment-replies > li';

/**
 * Everything that goes wrong in a page: console errors (a Content-Security-Policy
 * violation is one), uncaught errors, failed requests and HTTP errors. Returns a
 * function listing them so far.
 *
 * A request the browser aborts because the reader left the page (a lazy image
 * that started loading as the link scrolled into view) is not a failure: an
 * aborted request counts only when no navigation followed its start.
 */
function watchForProblems(page: Page, { expected404 }: { expected404?: string } = {}): () => string[] {
  const problems: string[] = [];
  const isExpected404 = (url: string) => expected404 !== undefined && new URL(url).pathname === expected404;
  let navigations = 0;
  const startedAt = new WeakMap<object, number>();
  const aborted: { navigationsAtStart: number; text: string }[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  page.on('request', (req) => startedAt.set(req, navigations));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium reports any 4xx document as "Failed to load resource"; only the one we asked for is fine.
    if (isExpected404(msg.location().url) && msg.text().includes('status of 404')) return;
    problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? 'unknown';
    const text = `request failed: ${req.method()} ${req.url()} (${reason})`;
    if (reason === 'net::ERR_ABORTED') aborted.push({ navigationsAtStart: startedAt.get(req) ?? navigations, text });
    else problems.push(text);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !(res.status() === 404 && isExpected404(res.url()))) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return () => [...problems, ...aborted.filter((a) => a.navigationsAtStart === navigations).map((a) => a.text)];
}

const collapse = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** How many elements a locator matches that are actually visible on the page. */
/** The replies a page holds back behind its "Show N more replies" links. */
async function heldBack(page: Page): Promise<number> {
  const links = await page.locator('.comment__more a').allTextContents();
  return links.reduce((sum, t) => sum + Number(/Show (\d+) more repl/.exec(t)?.[1] ?? NaN), 0);
}

async function visibleCount(page: Page, selector: string): Promise<number> {
  const all = await page.locator(selector).all();
  const shown = await Promise.all(all.map((l) => l.isVisible()));
  return shown.filter(Boolean).length;
}

/**
 * The parts of the article page every reader sees: headline, date line,
 * byline, author box, and a comment count that matches the comments shown.
 */
async function expectArticleAnatomy(page: Page, article: Awaited<ReturnType<DemoServer['article']>>) {
  const h1 = page.locator('h1');
  expect(await h1.count()).toBe(1);
  expect(await h1.isVisible()).toBe(true);
  expect(collapse(await h1.textContent())).toBe(article.headline);

  const published = page.locator('.article__header .dateline time.dateline__published');
  expect(await published.isVisible()).toBe(true);
  expect(await published.getAttribute('datetime')).toBe(article.publishedAt);
  // A date a reader can read, e.g. "Friday, November 20, 2026", not an ISO timestamp.
  expect(collapse(await published.textContent())).toMatch(/^(?:[A-Z][a-z]+, )?[A-Z][a-z]+ \d{1,2}, \d{4}$/);

  const author = article.authors[0]!;
  const bylineLink = page.locator('.article__byline a[rel="author"]', { hasText: author.name });
  expect(await bylineLink.isVisible()).toBe(true);
  expect(await bylineLink.getAttribute('href')).toBe(`/author/${author.slug}`);

  const box = page.getByRole('region', { name: `About ${author.name}` });
  expect(await box.isVisible()).toBe(true);
  expect(await box.getByRole('link', { name: `All stories by ${author.name}` }).isVisible()).toBe(true);

  const heading = page.locator('#comments-heading');
  expect(await heading.isVisible()).toBe(true);
  const m = /^(\d[\d,]*) Comments?$/.exec(collapse(await heading.textContent()));
  expect(m, `comments heading reads "${collapse(await heading.textContent())}"`).not.toBeNull();
  const count = Number(m![1]!.replace(/,/g, ''));
  expect(count).toBe(article.commentCount);
  return count;
}

describe('the demo site in a browser', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('with JavaScript on', () => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await browser.newContext({ baseURL: server.url });
    });
    afterAll(async () => {
      await context?.close();
    });

    it('reads the deep-thread story from the front page, opens a comment link, then follows Read next', async () => {
      const article = await server.article(DEEP_THREAD);
      const page = await context.newPage();
      const problems = watchForProblems(page);

      await page.goto('/');
      let headlineLink = page.getByRole('link', { name: article.headline, exact: true });
      if ((await headlineLink.count()) === 0) {
        // Not on the front page any more: go through its section, as a reader would.
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: article.section!.name, exact: true }).click();
        await page.waitForURL(`**/section/${article.section!.slug}`);
        headlineLink = page.getByRole('link', { name: article.headline, exact: true });
      }
      await headlineLink.first().click();
      await page.waitForURL((u) => u.pathname === article.path);

      const count = await expectArticleAnatomy(page, article);
      // Every comment is on the page, or counted in a "Show N more replies" link.
      expect((await visibleCount(page, 'li.comment')) + (await heldBack(page))).toBe(count);
      // The nested thread shows, down to a reply to a reply to a reply.
      const deep = page.locator(THIRD_LEVEL_REPLY).first();
      expect(await deep.isVisible()).toBe(true);
      expect(await page.locator(`${THIRD_LEVEL_REPLY} > ol.comment-replies > li`).first().isVisible()).toBe(true);

      // A comment's time is its permalink.
      const id = await deep.getAttribute('id');
      expect(id).toMatch(/^comment-\d+$/);
      await deep.locator(':scope > article .comment__permalink').click();
      await page.waitForURL((u) => u.hash === `#${id}`);
      expect(new URL(page.url()).hash).toBe(`#${id}`);
      expect(new URL(page.url()).pathname).toBe(article.path);

      // Read next: the teaser's headline link leads to that story.
      const next = page.locator('.read-next h3 a');
      expect(await next.isVisible()).toBe(true);
      const nextHeadline = collapse(await next.textContent());
      expect(nextHeadline).toBe(article.readNext?.headline);
      await next.click();
      await page.waitForURL((u) => u.pathname !== article.path);
      expect(new URL(page.url()).pathname).toBe(await server.articlePath(article.readNext!.slug));
      expect(collapse(await page.locator('h1').textContent())).toBe(nextHeadline);

      expect(problems()).toEqual([]);
      await page.close();
    });

    it('shows a developing story with its live updates, newest first', async () => {
      const article = await server.article(DEVELOPING);
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(article.path);

      expect(collapse(await page.locator('h1').textContent())).toBe(article.headline);
      const notice = page.getByText('This story is developing.', { exact: true });
      expect(await notice.isVisible()).toBe(true);

      const times = page.locator('.live-update time');
      const stamps = await times.evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
      expect(stamps.length).toBeGreaterThanOrEqual(2);
      expect(stamps.every((s) => !Number.isNaN(Date.parse(s)))).toBe(true);
      const newestFirst = [...stamps].sort((a, b) => Date.parse(b) - Date.parse(a));
      expect(stamps).toEqual(newestFirst);
      expect(await times.first().isVisible()).toBe(true);

      expect(problems()).toEqual([]);
      await page.close();
    });

    it('answers an unknown address with the "Page not found" page and a 404', async () => {
      const page = await context.newPage();
      const problems = watchForProblems(page, { expected404: '/no-such-page' });
      const response = await page.goto('/no-such-page');
      expect(response?.status()).toBe(404);
      const heading = page.getByRole('heading', { level: 1, name: 'Page not found' });
      expect(await heading.isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: 'Go to the front page' }).isVisible()).toBe(true);
      expect(problems()).toEqual([]);
      await page.close();
    });
  });

  describe('with JavaScript off', () => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
    });
    afterAll(async () => {
      await context?.close();
    });

    it('shows the whole article and its nested thread', async () => {
      const article = await server.article(DEEP_THREAD);
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(article.path);

      const count = await expectArticleAnatomy(page, article);
      // Every comment is on the page, or counted in a "Show N more replies" link.
      expect((await visibleCount(page, 'li.comment')) + (await heldBack(page))).toBe(count);
      expect(await page.locator(THIRD_LEVEL_REPLY).first().isVisible()).toBe(true);
      expect(await page.locator('.read-next h3 a').isVisible()).toBe(true);

      expect(problems()).toEqual([]);
      await page.close();
    });

    it('pages through the 2,100-comment thread with plain links', async () => {
      const article = await server.article(LONG_THREAD);
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(article.path);

      expect(article.commentCount).toBeGreaterThan(2000);
      const heading = collapse(await page.locator('#comments-heading').textContent());
      expect(heading).toBe(`${article.commentCount.toLocaleString('en-US')} Comments`);
      const numbers = page.locator('ol.comment-list > li > article .comment__number');
      expect(collapse(await numbers.first().textContent())).toBe('1.');

      const later = page.getByRole('navigation', { name: 'Comment pages', exact: true }).getByRole('link', { name: 'Later comments →' });
      expect(await later.isVisible()).toBe(true);
      await later.click();
      await page.waitForURL((u) => u.searchParams.has('after'));
      const url = new URL(page.url());
      expect(url.pathname).toBe(article.path);
      // The next page starts after the last top-level comment of the first.
      expect(url.search + url.hash).toMatch(/^\?after=\d+#comments$/);

      expect(collapse(await numbers.first().textContent())).toBe('51.');
      expect(await numbers.first().isVisible()).toBe(true);
      expect(collapse(await page.locator('.pagination__position').first().textContent())).toMatch(/^Page 2 of \d+$/);
      expect(await page.getByRole('link', { name: '← Earlier comments' }).first().isVisible()).toBe(true);

      expect(problems()).toEqual([]);
      await page.close();
    });

    it('says so when comments are closed', async () => {
      const article = await server.article(CLOSED);
      expect(article.commentsOpen).toBe(false);
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(article.path);
      expect(collapse(await page.locator('h1').textContent())).toBe(article.headline);
      expect(await page.getByText('Comments are closed.', { exact: true }).isVisible()).toBe(true);
      expect(problems()).toEqual([]);
      await page.close();
    });
  });
});
