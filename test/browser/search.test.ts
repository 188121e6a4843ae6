import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * A reader searching the demo site with JavaScript off: from the masthead's
 * box to the results, narrowed by section, and on to the next page.
 */

describe('searching with JavaScript off', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('searches from the masthead, narrows by section and pages through the results', async () => {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('searchbox', { name: 'Search stories' }).fill('the');
    await page.getByRole('searchbox', { name: 'Search stories' }).press('Enter');
    await page.waitForURL(/\/search\?q=the$/);
    await expect(page.locator('.search-result').count()).resolves.toBe(20);
    const count = (await page.locator('.search__count').textContent()) ?? '';
    const total = Number(/^(\d+) stories match/.exec(count)?.[1]);
    expect(total).toBeGreaterThan(20);
    await expect(page.locator('.search-result mark').first().textContent()).resolves.toMatch(/^the$/i);

    await page.getByRole('link', { name: 'More results →' }).click();
    await page.waitForURL(/\/search\?q=the&page=2$/);
    await expect(page.locator('.search-result').count()).resolves.toBe(Math.min(20, total - 20));

    await page.getByLabel('in the section').selectOption('politics');
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    // A GET form sends its empty fields too.
    await page.waitForURL(/\/search\?q=the&section=politics&author=&from=&to=$/);
    const kickers = await page.locator('.search-result .kicker').allTextContents();
    expect(kickers.length).toBeGreaterThan(0);
    expect(new Set(kickers.map((k) => k.trim().toLowerCase()))).toEqual(new Set(['politics']));
    await page.close();
  });

  it('offers search on the 404 page', async () => {
    const page = await context.newPage();
    const res = await page.goto('/no-such-story');
    expect(res?.status()).toBe(404);
    await page.getByLabel('Search for a story instead').fill('library');
    await page.getByLabel('Search for a story instead').press('Enter');
    await page.waitForURL(/\/search\?q=library$/);
    await expect(page.locator('.search-result').count()).resolves.toBeGreaterThan(0);
    await page.close();
  });
});
