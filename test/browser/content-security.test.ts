import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * The content security policy in a real browser (docs/security.md): on a
 * story with an aligned table, an image on another site (as an import leaves
 * them) and the demo's own pages, Chromium reports no violation, the table's
 * alignment shows (it is a class, not an inline style the policy would
 * drop), and the remote image is allowed to load.
 */

const SLUG = 'policy-check-table-and-remote-image';
const REMOTE_IMAGE = 'https://images.example.invalid/wp-content/uploads/quay.jpg';

/** Violations the page reports, collected from before its first script runs. */
async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

describe('content security policy in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    await server.services.articles.create({
      slug: SLUG,
      headline: 'Ferry riders by route',
      body: `Riders last year.\n\n| Route | Riders |\n|:--|--:|\n| Pier | 41,000 |\n\n![The quay](${REMOTE_IMAGE})`,
      status: 'published',
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reports no violation on public pages, shows the table aligned and lets the remote image load', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const list: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = list;
      document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));

    await page.goto(`${server.url}${await server.articlePath(SLUG)}`);
    await page.waitForLoadState('networkidle');
    expect(await violations(page)).toEqual([]);
    const align = await page
      .locator('.article__body td')
      .nth(1)
      .evaluate((td) => getComputedStyle(td).textAlign);
    expect(align).toBe('right');
    // Allowed by img-src https:, so the browser asks for it (the host does not exist, so it fails to load).
    expect(requested).toContain(REMOTE_IMAGE);

    for (const path of ['/', await server.articlePath('central-library-renovation-pop-up-branches'), '/search?q=library', '/admin/sign-in', '/no-such-page']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      expect(await violations(page), path).toEqual([]);
    }
    await context.close();
  });
});
