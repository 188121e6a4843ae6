import fs from 'node:fs';
import { type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMMENT_LENGTH } from '../../src/modules/comments/comments.service.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * Hundreds of XSS payloads posted as approved comments (and a few as author
 * names) on a demo story, every page of its thread opened in Chromium: nothing
 * may run, nothing may load from elsewhere, and every payload reads as text.
 */

const ARTICLE = 'central-library-renovation-pop-up-branches';
const FIXTURE = new URL('../fixtures/xss-payloads.txt', import.meta.url);

/** One payload a line; the two characters `\n` inside a line stand for a newline. */
const PAYLOADS = fs
  .readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => line.replaceAll('\\n', '\n'));

/** Payloads shown as author names: short ones, spread over the list. */
const NAME_PAYLOADS = PAYLOADS.filter((p) => p.trim().length <= 100 && !p.includes('\n'))
  .filter((_, i) => i % 17 === 0)
  .slice(0, 10);

/** Text as a reader sees it, for comparison: no whitespace, no bidi controls (the renderer drops them). */
const comparable = (s: string) => s.replace(/[\u202A-\u202E\u2066-\u2069]/g, '').replace(/\s+/g, '');
/** Links may be shortened or lose zero-width characters, so only link-free payloads are compared whole. */
const hasLink = (s: string) => /https?:\/\/|www\./i.test(s);

interface PageReport {
  scripts: number;
  handlers: string[];
  badHrefs: string[];
  targets: number;
  forbidden: string[];
  comments: { author: string; body: string }[];
}

describe('comments and author names full of XSS payloads, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let articlePath: string;
  let pageCount: number;
  let skipped = 0;
  const offSite: string[] = [];

  beforeAll(async () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(200);
    expect(NAME_PAYLOADS).toHaveLength(10);
    ({ server, browser } = await startDemoAndBrowser());

    const found = await server.services.articles.findPublic(ARTICLE);
    if (found?.kind !== 'article') throw new Error(`demo article ${ARTICLE} not found`);
    const articleId = found.article.id;
    for (const [i, body] of PAYLOADS.entries()) {
      if ([...body.trim()].length > MAX_COMMENT_LENGTH) {
        skipped++;
        continue;
      }
      await server.services.comments.create({ articleId, authorName: `Payload ${i + 1}`, body, status: 'approved' });
    }
    for (const [i, name] of NAME_PAYLOADS.entries()) {
      await server.services.comments.create({ articleId, authorName: name, body: `Name payload ${i + 1}`, status: 'approved' });
    }
    articlePath = await server.articlePath(ARTICLE);
    const { commentsPerPage } = await server.services.settings.get();
    pageCount = (await server.services.comments.thread(articleId, { page: 1, perPage: commentsPerPage })).pageCount;

    context = await browser.newContext({ baseURL: server.url });
    await context.addInitScript(() => {
      (window as any).__xss = 0;
      for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        (window as any)[name] = () => {
          (window as any).__xss++;
        };
      }
    });
    context.on('request', (req) => {
      if (!req.url().startsWith(`${server.url}/`)) offSite.push(req.url());
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('runs nothing, loads nothing from elsewhere, and shows every payload as text', async () => {
    expect(skipped).toBe(0);
    expect(pageCount).toBeGreaterThan(1);
    const failures: string[] = [];
    const seen = new Map<string, string>();
    let dialogs = 0;

    for (let n = 1; n <= pageCount; n++) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss().catch(() => {});
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));

      const response = await page.goto(n === 1 ? articlePath : `${articlePath}?comments=${n}`, { waitUntil: 'load' });
      expect(response?.status(), `page ${n}`).toBe(200);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(300);

      const xss = await page.evaluate(() => (window as any).__xss as number);
      const report = await page.evaluate((): PageReport => {
        const comments = document.querySelector('#comments');
        if (!comments) throw new Error('no #comments');
        const all = [...comments.querySelectorAll('*')];
        const bodies = [...comments.querySelectorAll('.comment__body')];
        return {
          scripts: comments.querySelectorAll('script').length,
          handlers: all.flatMap((el) => el.getAttributeNames().filter((a) => a.toLowerCase().startsWith('on')).map((a) => `<${el.localName} ${a}>`)),
          badHrefs: [...comments.querySelectorAll('.comment__body a[href]')].map((a) => a.getAttribute('href') ?? '').filter((h) => !/^https?:\/\//.test(h)),
          targets: comments.querySelectorAll('.comment__body a[target]').length,
          forbidden: bodies.flatMap((b) => [...b.querySelectorAll('iframe, object, embed, svg, math, form, input, style, img, script, link, meta, base')].map((el) => el.localName)),
          comments: [...comments.querySelectorAll('li.comment')].map((li) => ({
            author: li.querySelector(':scope > article .comment__author')?.textContent ?? '',
            body: li.querySelector(':scope > article .comment__body')?.textContent ?? '',
          })),
        };
      });

      const where = `page ${n}`;
      if (xss !== 0) failures.push(`${where}: __xss = ${xss}`);
      if (report.scripts !== 0) failures.push(`${where}: ${report.scripts} <script> in #comments`);
      for (const h of report.handlers) failures.push(`${where}: event handler ${h}`);
      for (const h of report.badHrefs) failures.push(`${where}: link to ${h}`);
      if (report.targets !== 0) failures.push(`${where}: ${report.targets} links with a target`);
      for (const el of report.forbidden) failures.push(`${where}: <${el}> in a comment body`);
      for (const e of errors) failures.push(`${where}: ${e}`);
      for (const c of report.comments) seen.set(c.author, c.body);
      await page.close();
    }

    if (dialogs !== 0) failures.push(`${dialogs} dialogs opened`);
    for (const url of offSite) failures.push(`off-site request: ${url}`);

    // Every payload is on some page, as text.
    for (const [i, payload] of PAYLOADS.entries()) {
      const body = seen.get(`Payload ${i + 1}`);
      if (body === undefined) failures.push(`payload ${i + 1} not shown`);
      else if (!hasLink(payload) && comparable(body) !== comparable(payload)) failures.push(`payload ${i + 1} reads ${JSON.stringify(body)}`);
    }
    for (const [i, name] of NAME_PAYLOADS.entries()) {
      const entry = [...seen.entries()].find(([, body]) => body === `Name payload ${i + 1}`);
      if (!entry) failures.push(`name payload ${i + 1} not shown`);
      else if (comparable(entry[0]) !== comparable(name)) failures.push(`name payload ${i + 1} reads ${JSON.stringify(entry[0])}`);
    }
    expect(failures).toEqual([]);
  });

  it('shows the first payload as visible text', async () => {
    const first = PAYLOADS[0]!;
    expect(first).toBe('<script>alert(1)</script>');
    const page = await context.newPage();
    // Payload 1 is the first comment posted after the demo's, so find its page.
    for (let n = 1; n <= pageCount; n++) {
      await page.goto(n === 1 ? articlePath : `${articlePath}?comments=${n}`);
      const body = page.locator('li.comment', { has: page.locator('.comment__author', { hasText: /^Payload 1$/ }) }).locator('.comment__body');
      if ((await body.count()) === 0) continue;
      expect(await body.first().textContent()).toBe(first);
      expect(await body.first().isVisible()).toBe(true);
      expect(await page.evaluate(() => (window as any).__xss as number)).toBe(0);
      await page.close();
      return;
    }
    throw new Error('Payload 1 is on no page of the thread');
  });
});
