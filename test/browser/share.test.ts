import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * The share block under a story, in Chromium on the demo site: the Copy
 * button copies the story's address and says so; without clipboard
 * permission it selects the address and says how to copy it.
 */

const STORY = 'central-library-renovation-pop-up-branches';

describe('the share block, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let storyPath: string;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    storyPath = await server.articlePath(STORY);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('copies the story’s address and says so', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 } });
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      const page = await context.newPage();
      await page.goto(storyPath);
      const address = await page.locator('input.share__url').inputValue();
      expect(address).toBe(`${server.siteUrl}${storyPath}`);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await expect.poll(() => page.locator('#share-status').textContent()).toBe('Link copied.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
    } finally {
      await context.close();
    }
  });

  it('selects the address and says how to copy it when the clipboard is refused', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(storyPath);
      // No permission granted, and the clipboard refuses outright: the fallback must take over.
      await page.evaluate(() => {
        Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
      });
      await page.getByRole('button', { name: 'Copy link' }).click();
      await expect.poll(() => page.locator('#share-status').textContent()).toMatch(/^Could not copy by itself: the link is selected/);
      const selected = await page.evaluate(() => {
        const field = document.querySelector<HTMLInputElement>('input.share__url')!;
        return document.activeElement === field ? field.value.slice(field.selectionStart ?? 0, field.selectionEnd ?? 0) : '';
      });
      expect(selected).toBe(await page.locator('input.share__url').inputValue());
    } finally {
      await context.close();
    }
  });
});
