import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const EMAIL = 'ana@example.org';
const PASSWORD = 'a sturdy newsroom passphrase';
const WIDTHS = [360, 1024, 1280] as const;

/** Pages the crawl always includes, whether or not a link leads there. */
const ALWAYS = ['/admin', '/admin/articles/new', '/admin/account', '/admin/account/passkeys', '/admin/settings/branding'];

async function signIn(page: Page) {
  await page.goto('/admin/sign-in');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/admin');
}

/**
 * Every admin page an admin reaches by navigation: the newsroom's and the
 * account's links, and from each list the page its first row opens. Pages
 * added to the navigation later are covered without changing this test.
 */
async function crawl(page: Page): Promise<string[]> {
  const found = new Set<string>(ALWAYS);
  const adminPath = (href: string | null): string | null => {
    if (!href) return null;
    const url = new URL(href, 'http://x');
    return url.pathname.startsWith('/admin') && url.search === '' && !url.pathname.startsWith('/admin/sign-') ? url.pathname : null;
  };
  await page.goto('/admin');
  const top = await page.locator('nav.admin-nav a, nav.admin-header__nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const lists = top.map(adminPath).filter((p): p is string => p !== null);
  for (const list of lists) {
    found.add(list);
    await page.goto(list);
    // The first row of each table or list in the page's content, and the admin page it opens.
    const firsts = await page
      .locator('main')
      .evaluate((main) =>
        [...main.querySelectorAll('tbody > tr:first-child, ul > li:first-child, ol > li:first-child')].map((row) => row.querySelector('a[href^="/admin/"]')?.getAttribute('href') ?? null),
      );
    for (const href of firsts) {
      const path = adminPath(href);
      if (path && path !== list) found.add(path);
    }
  }
  return [...found].sort();
}

/**
 * Every admin page, signed in as an admin on the demo site, at a phone's and
 * two desktop widths, in the light and the dark scheme: nothing wider than
 * the viewport (tables scroll inside their own labelled wrapper), and axe
 * finds nothing.
 */
describe('every admin page, at every width, in both schemes', () => {
  let server: DemoServer;
  let browser: Browser;
  let pages: string[] = [];

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    await server.services.accounts.create({ email: EMAIL, name: 'Ana Ruiz', role: 'admin', password: PASSWORD });
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    pages = await crawl(page);
    await context.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds the newsroom, its detail pages, the editor and the account pages', () => {
    for (const expected of ['/admin', '/admin/articles', '/admin/comments', '/admin/tokens', '/admin/settings', '/admin/articles/new', '/admin/account', '/admin/settings/branding', '/admin/media'])
      expect(pages).toContain(expected);
    // A detail page from a list: one article in the editor, one section's page.
    expect(pages.some((p) => /^\/admin\/articles\/\d+$/.test(p))).toBe(true);
    expect(pages.some((p) => /^\/admin\/sections\/\d+$/.test(p))).toBe(true);
  });

  describe.each(['light', 'dark'] as const)('in the %s scheme', (colorScheme) => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({ baseURL: server.url, colorScheme, viewport: { width: 1280, height: 900 } });
      await context.addInitScript({ path: AXE_PATH });
      page = await context.newPage();
      await signIn(page);
    });
    afterAll(async () => {
      await context?.close();
    });

    it.each(WIDTHS)(
      'at %i px, no page overflows sideways and axe finds nothing',
      async (width) => {
        await page.setViewportSize({ width, height: 900 });
        const problems: string[] = [];
        for (const path of pages) {
          const response = await page.goto(path);
          if (response?.status() !== 200) {
            problems.push(`${path}: status ${response?.status()}`);
            continue;
          }
          const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
          if (scrollWidth !== viewport) {
            const wide = await page.evaluate((vw) => {
              const out: string[] = [];
              for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > vw + 0.5 && out.length < 3) out.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right ${Math.round(r.right)})`);
              }
              return out;
            }, viewport);
            problems.push(`${path}: ${scrollWidth}px wide in a ${viewport}px viewport; first too wide: ${wide.join(', ')}`);
          }
          const violations = await runAxe(page);
          if (violations.length > 0) problems.push(`${path}: axe\n${describeViolations(violations)}`);
        }
        expect(problems, `at ${width}px (${colorScheme}):\n${problems.join('\n')}`).toEqual([]);
      },
      300_000,
    );
  });
});
