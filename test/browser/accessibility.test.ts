import { type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * axe-core on every kind of public page of the demo site, in the light and
 * the dark colour scheme. Zero violations is the bar: a failure lists each
 * rule, its impact and the first elements it found, so it can be fixed
 * without rerunning anything.
 */

/** The pages to check, by name, with how to find their address. */
const PAGES: { name: string; path(server: DemoServer): Promise<string> }[] = [
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
];

describe('accessibility (axe-core)', () => {
  let server: DemoServer;
  let browser: Browser;
  const paths = new Map<string, string>();

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    for (const p of PAGES) paths.set(p.name, await p.path(server));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe.each(['light', 'dark'] as const)('in the %s colour scheme', (colorScheme) => {
    let context: BrowserContext;

    beforeAll(async () => {
      context = await browser.newContext({
        baseURL: server.url,
        colorScheme,
        viewport: { width: 1280, height: 900 },
      });
      // How axe gets in: the site's Content-Security-Policy allows scripts from 'self'
      // only, so page.addScriptTag (an inline <script>) is blocked. Rather than
      // bypassCSP, which would also change what the page is allowed to load, axe is
      // added as an init script: DevTools evaluates it in every new document before
      // the page's own code, outside the page's CSP. The pages are checked exactly as
      // readers get them, under their real policy.
      await context.addInitScript({ path: AXE_PATH });
    });

    afterAll(async () => {
      await context?.close();
    });

    // The pages are independent, so they are checked a few at a time to keep the run short.
    it.concurrent.for(PAGES.map((p) => p.name))('%s has no violations', async (name, { expect }) => {
      const page = await context.newPage();
      try {
        const path = paths.get(name)!;
        const response = await page.goto(path, { waitUntil: 'load' });
        expect(response?.status()).toBe(name === '404 page' ? 404 : 200);
        // The scheme really applies: otherwise the dark runs would check the light page again.
        expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
        // The stylesheet applied (an unstyled page is black on white and would pass contrast for the wrong reason).
        expect(await page.evaluate(() => [...document.styleSheets].some((sh) => sh.href?.includes('/assets/site.css') && sh.cssRules.length > 0))).toBe(true);
        const violations = await runAxe(page);
        expect(violations.length, `axe found violations on the ${name} (${path}, ${colorScheme}):\n${describeViolations(violations)}\n`).toBe(0);
      } finally {
        await page.close();
      }
    });
  });
});
