import { type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

/*
 * axe-core on every kind of public and reader page of the demo site, in the
 * light and the dark colour scheme, on a phone (390 px) and a desktop
 * (1,280 px). Zero violations is the bar: a failure lists each
 * rule, its impact and the first elements it found, so it can be fixed
 * without rerunning anything.
 */

/** The pages to check, by name, with how to find their address. */
/** A story whose updates ended (made by the test: the demo's own developing story is still developing). */
const ENDED_SLUG = 'harbour-street-reopens-after-repairs';
/** A reader of the test's own, for the account page. */
const READER = { email: 'axe-reader@example.org', password: 'a long enough passphrase 42', name: 'Axe Reader' };

/** The page the emailed link for `purpose` opens (its token from the email the reader was sent). */
let accountLink: (purpose: 'download' | 'delete') => Promise<string>;

/** The first comment on the deep thread, for its reply, replies and permalink pages. */
async function firstComment(s: DemoServer): Promise<number> {
  const html = await (await fetch(`${s.url}${await s.articlePath('central-library-renovation-pop-up-branches')}`)).text();
  const m = /<li[^>]* id="comment-(\d+)"/.exec(html);
  if (!m) throw new Error('the deep thread shows no comment');
  return Number(m[1]);
}

const PAGES: { name: string; path(server: DemoServer): Promise<string>; status?: number; signedIn?: boolean }[] = [
  { name: 'home page', path: async () => '/' },
  { name: 'deep-thread article', path: (s) => s.articlePath('central-library-renovation-pop-up-branches') },
  { name: 'developing story', path: (s) => s.articlePath('water-main-break-floods-harbour-street') },
  { name: 'closed-comments story', path: (s) => s.articlePath('stillwater-board-votes-to-merge-elementary-schools') },
  { name: 'story with corrections', path: (s) => s.articlePath('council-approves-bus-network-redesign') },
  { name: 'page 2 of the long thread', path: async (s) => `${await s.articlePath('canal-street-bike-lanes-parking-plan')}?comments=2` },
  { name: 'section page', path: async () => '/section/news' },
  { name: 'tag page', path: async () => '/tag/libraries' },
  { name: 'author page', path: async () => '/author/ruth-castellanos' },
  { name: '404 page', path: async () => '/no-such-page' },
  { name: 'search results', path: async () => '/search?q=council+budget' },
  { name: 'search without results', path: async () => '/search?q=zzzqqq&section=politics' },
  { name: 'story no longer being updated', path: (s) => s.articlePath(ENDED_SLUG) },
  { name: 'story printed with comments', path: async (s) => `${await s.articlePath('central-library-renovation-pop-up-branches')}?print=comments` },
  { name: 'comment permalink', path: async (s) => `/comments/${await firstComment(s)}` },
  { name: 'reply page', path: async (s) => `/comments/${await firstComment(s)}/reply` },
  { name: 'replies page', path: async (s) => `/comments/${await firstComment(s)}/replies` },
  { name: 'sign-in page', path: async () => '/account/sign-in' },
  { name: 'sign-up page', path: async () => '/account/sign-up' },
  { name: 'emailed link that no longer works', path: async () => '/account/link/not-a-real-token-0123456789abcdef', status: 400 },
  { name: 'account page', path: async () => '/account', signedIn: true },
  { name: 'data download page (from the emailed link)', path: () => accountLink('download') },
  { name: 'account deletion page (from the emailed link)', path: () => accountLink('delete') },
  { name: 'account deleted page', path: async () => '/account/deleted' },
];

describe('accessibility (axe-core)', () => {
  let server: DemoServer;
  let browser: Browser;
  const paths = new Map<string, string>();

  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ({ server, browser } = await startDemoAndBrowser({ mailer: createSmtpMailer(smtp.url, 'The Meridian Ledger <news@example.org>') }));
    const s = server.services;
    const story = await s.articles.create({
      slug: ENDED_SLUG,
      headline: 'Harbour Street reopens after repairs',
      dek: 'Traffic is back to normal.',
      body: 'The street reopened this morning.',
      status: 'published',
      publishedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      developing: false,
    });
    await s.articles.addLiveUpdate(story.id, 'Crews are laying the last of the asphalt.', new Date(Date.now() - 2 * 3_600_000).toISOString());
    await s.articles.addLiveUpdate(story.id, 'The street is open in both directions.', new Date(Date.now() - 3_600_000).toISOString());
    const reader = await s.readers.createConfirmed({ email: READER.email, displayName: READER.name });
    await s.readers.setPassword(reader.id, READER.password);
    accountLink = async (purpose) => {
      const before = smtp.to(READER.email).length;
      await s.readers.requestAccountLink(reader.id, purpose, '127.0.0.1');
      for (let waited = 0; smtp.to(READER.email).length === before; waited += 50) {
        if (waited > 10_000) throw new Error(`no ${purpose} email reached the reader`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const m = new RegExp(`/account/${purpose}/[A-Za-z0-9_-]+`).exec(smtp.to(READER.email).at(-1)!.text);
      if (!m) throw new Error(`the ${purpose} email carries no link`);
      return m[0];
    };
    for (const p of PAGES) paths.set(p.name, await p.path(server));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  const variants = (['light', 'dark'] as const).flatMap((colorScheme) => [390, 1280].map((width) => ({ colorScheme, width })));

  describe.each(variants)('in the $colorScheme colour scheme at $width px', ({ colorScheme, width }) => {
    let context: BrowserContext;
    let signedIn: BrowserContext;

    beforeAll(async () => {
      context = await browser.newContext({
        baseURL: server.url,
        colorScheme,
        viewport: { width, height: 900 },
      });
      // How axe gets in: the site's Content-Security-Policy allows scripts from 'self'
      // only, so page.addScriptTag (an inline <script>) is blocked. Rather than
      // bypassCSP, which would also change what the page is allowed to load, axe is
      // added as an init script: DevTools evaluates it in every new document before
      // the page's own code, outside the page's CSP. The pages are checked exactly as
      // readers get them, under their real policy.
      await context.addInitScript({ path: AXE_PATH });
      // The reader's session, for the account page; the other pages are checked as anyone sees them, in a context of their own.
      signedIn = await browser.newContext({ baseURL: server.url, colorScheme, viewport: { width, height: 900 } });
      await signedIn.addInitScript({ path: AXE_PATH });
      const page = await signedIn.newPage();
      await page.goto('/account/sign-in');
      await page.locator('#email').fill(READER.email);
      await page.locator('#password').fill(READER.password);
      await Promise.all([page.waitForURL(/\/account$/), page.locator('#password').press('Enter')]);
      await page.close();
    });

    afterAll(async () => {
      await context?.close();
      await signedIn?.close();
    });

    // The pages are independent, so they are checked a few at a time to keep the run short.
    it.concurrent.for(PAGES.map((p) => p.name))('%s has no violations', async (name, { expect }) => {
      const spec = PAGES.find((p) => p.name === name)!;
      const page = await (spec.signedIn ? signedIn : context).newPage();
      try {
        const path = paths.get(name)!;
        const response = await page.goto(path, { waitUntil: 'load' });
        expect(response?.status()).toBe(name === '404 page' ? 404 : (spec.status ?? 200));
        // The scheme really applies: otherwise the dark runs would check the light page again.
        expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
        // The stylesheet applied (an unstyled page is black on white and would pass contrast for the wrong reason).
        expect(await page.evaluate(() => [...document.styleSheets].some((sh) => sh.href?.includes('/assets/site.css') && sh.cssRules.length > 0))).toBe(true);
        const violations = await runAxe(page);
        expect(violations.length, `axe found violations on the ${name} (${path}, ${colorScheme}, ${width} px):\n${describeViolations(violations)}\n`).toBe(0);
      } finally {
        await page.close();
      }
    });
  });
});
