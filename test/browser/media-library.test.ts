import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EMAIL = 'nadia@example.org';
const PASSWORD = 'a sturdy newsroom passphrase';
const ALT = 'Fishing boats in the harbour at low tide';

async function signIn(page: Page) {
  await page.goto('/admin/sign-in');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/admin');
}

/**
 * The media library and the editor's picker in Chromium, on the demo site,
 * signed in as an editor: choosing a featured image in the dialog and
 * saving; the library passing axe in both colour schemes, and fitting a
 * phone and a desktop without sideways scrolling.
 */
describe('the media library, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let imageId: number;
  let articleId: number;

  beforeAll(async () => {
    // The picker's script is built, not committed.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    ({ server, browser } = await startDemoAndBrowser());
    const { services } = server;
    await services.accounts.create({ email: EMAIL, name: 'Nadia Editor', role: 'editor', password: PASSWORD });
    const data = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2a6f97' } })
      .jpeg()
      .toBuffer();
    imageId = (await services.mediaUploader.upload({ data, originalName: 'low-tide-boats.jpg', alt: ALT, caption: 'Low tide on Sunday.', credit: 'Photo: Harbour Desk' })).id;
    const admin = { accountId: null, role: 'admin' as const, authorId: null, name: 'test' };
    articleId = (await services.editorial.create(admin, { headline: 'Boats return to the harbour', body: 'The fleet came back.' })).id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('chooses a featured image in the picker dialog, saves it, and shows its thumbnail', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(String(err)));
    await signIn(page);
    await page.goto(`/admin/articles/${articleId}`);
    const field = page.getByRole('group', { name: 'Featured image' });
    await expect(field.getByText('No featured image.').isVisible()).resolves.toBe(true);
    await field.getByRole('link', { name: 'Choose image' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose an image' });
    await dialog.waitFor();
    await dialog.getByLabel('Search images').fill('low tide');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.getByText('1 image shown.').waitFor();
    await dialog.getByRole('button', { name: 'Use as featured image' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await field.getByRole('img', { name: ALT }).waitFor();
    expect(await page.locator('input[name="featuredImageId"]').inputValue()).toBe(String(imageId));
    await page.screenshot({ path: '/tmp/media-picker-chosen.png' });

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'saved');
    const thumb = page.getByRole('group', { name: 'Featured image' }).getByRole('img', { name: ALT });
    await thumb.waitFor();
    expect(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const admin = { accountId: null, role: 'admin' as const, authorId: null, name: 'test' };
    expect((await server.services.editorial.get(admin, articleId)).featuredImageId).toBe(imageId);

    // Insert into body: the image's Markdown lands at the cursor.
    await page.locator('textarea#body').click();
    await page.keyboard.press('End');
    await page.getByRole('link', { name: 'Choose image' }).click();
    await page.getByRole('dialog', { name: 'Choose an image' }).getByRole('button', { name: 'Insert into body' }).first().click();
    expect(await page.locator('textarea#body').inputValue()).toMatch(/^The fleet came back\.\n\n!\[.+\]\(\/media\//);

    // Remove empties the field.
    await page.getByRole('button', { name: 'Remove' }).click();
    expect(await page.locator('input[name="featuredImageId"]').inputValue()).toBe('');
    await page.getByText('No featured image.').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  describe.each(['light', 'dark'] as const)('in the %s colour scheme', (colorScheme) => {
    it('has no axe violations on the library, an image page and the picker, and fits 360 and 1,280 px', async () => {
      const context = await browser.newContext({ baseURL: server.url, colorScheme, viewport: { width: 1280, height: 900 } });
      await context.addInitScript({ path: AXE_PATH });
      const page = await context.newPage();
      await signIn(page);
      for (const url of ['/admin/media', `/admin/media/${imageId}`, `/admin/media?pick=featured&article=${articleId}`, `/admin/media/${imageId}/delete`]) {
        for (const width of [1280, 360]) {
          await page.setViewportSize({ width, height: 900 });
          const res = await page.goto(url);
          expect(res?.status(), url).toBeLessThan(500);
          const violations = await runAxe(page);
          expect(violations.length, `axe on ${url} at ${width} px (${colorScheme}):\n${describeViolations(violations)}`).toBe(0);
          const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          expect(scroll, `${url} at ${width} px scrolls sideways`).toBeLessThanOrEqual(inner);
        }
      }
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto('/admin/media');
      await page.screenshot({ path: `/tmp/media-library-360-${colorScheme}.png`, fullPage: false });
      await context.close();
    });
  });
});
