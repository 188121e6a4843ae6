import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoTone } from '../fixtures/images/images.js';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const EMAIL = 'ana@example.org';
const PASSWORD = 'a sturdy newsroom passphrase';

/**
 * The site-structure pages of the newsroom (sections, tags, authors,
 * settings) in Chromium, signed in as an admin on the demo site: each page
 * and its error and confirmation states pass axe-core with zero violations,
 * in the light and the dark colour scheme.
 */
describe('newsroom site-structure pages, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;
  /** Pages to check, by name: address on the demo site. */
  const pages = new Map<string, string>();

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    await server.services.accounts.create({ email: EMAIL, name: 'Ana Ruiz', role: 'admin', password: PASSWORD });

    const [sections, tags, authors] = await Promise.all([server.services.sections.listDetailed(), server.services.sections.listTagsWithCounts(), server.services.authors.list()]);
    const used = sections.find((x) => x.articleCount > 0);
    const tag = tags.find((x) => x.articleCount > 0);
    const withLinks = authors.find((a) => a.photo && a.links.length > 0);
    if (!used || !tag || !withLinks) throw new Error('the demo site should have a section and a tag in use, and an author with a photo and links');
    pages.set('sections', '/admin/sections');
    pages.set('section edit', `/admin/sections/${used.id}`);
    pages.set('tags', '/admin/tags');
    pages.set('tag edit', `/admin/tags/${tag.id}`);
    pages.set('authors', '/admin/authors');
    pages.set('author edit', `/admin/authors/${withLinks.id}`);
    pages.set('settings', '/admin/settings');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe.each(['light', 'dark'] as const)('in the %s colour scheme', (colorScheme) => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({ baseURL: server.url, colorScheme, viewport: { width: 1280, height: 900 } });
      await context.addInitScript({ path: AXE_PATH });
      page = await context.newPage();
      await page.goto('/admin/sign-in');
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/admin');
    });
    afterAll(async () => {
      await context?.close();
    });

    async function expectNoViolations(what: string) {
      const violations = await runAxe(page);
      expect(violations.length, `axe on ${what} (${colorScheme}):\n${describeViolations(violations)}`).toBe(0);
    }

    it.each(['sections', 'section edit', 'tags', 'tag edit', 'authors', 'author edit', 'settings'])('the %s page has no axe violations', async (name) => {
      const response = await page.goto(pages.get(name)!);
      expect(response?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
      await expectNoViolations(`the ${name} page`);
    });

    it('shows a refused change and a saved one accessibly', async () => {
      // A refused section: the slug is taken (the browser's own checks pass, the server says no).
      await page.goto('/admin/sections');
      const taken = (await server.services.sections.list())[0]!;
      await page.getByLabel('Name', { exact: true }).fill('Another desk');
      await page.getByLabel('Slug', { exact: true }).fill(taken.slug);
      await page.getByRole('button', { name: 'Create section' }).click();
      expect(await page.getByRole('alert').textContent()).toBe(`A section with the slug "${taken.slug}" already exists.`);
      await expectNoViolations('the sections page with an error');

      // Settings: refused, then saved.
      await page.goto(pages.get('settings')!);
      await page.getByLabel('Locale').fill('no such locale');
      await page.getByRole('button', { name: 'Save settings' }).click();
      expect(await page.getByRole('alert').textContent()).toBe('"no such locale" is not a supported locale; use a tag such as en-GB.');
      await expectNoViolations('the settings page with an error');
      await page.getByLabel('Locale').fill('en-GB');
      await page.getByLabel('Time zone').selectOption('Europe/London');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.waitForURL((u) => u.pathname === '/admin/settings' && u.search === '?saved');
      expect(await page.getByRole('status').textContent()).toBe('Saved.');
      await expectNoViolations('the settings page after saving');
    });

    it('edits an author with the keyboard-friendly link rows', async () => {
      await page.goto(pages.get('author edit')!);
      const rows = page.locator('fieldset.link-row');
      const n = await rows.count();
      // Existing links, then three blank rows to fill in.
      const blank = rows.nth(n - 3);
      await blank.getByLabel('Label').fill('Newsletter');
      await blank.getByLabel('URL').fill('https://letters.example.org');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL((u) => u.search === '?saved');
      expect(await page.getByRole('status').textContent()).toBe('Saved.');
      expect(await page.locator('fieldset.link-row').count()).toBe(n + 1);
      await expectNoViolations('the author page after saving');
    });

    it('uploads an author photo from the file picker', async () => {
      await page.goto(pages.get('author edit')!);
      const before = await page.locator('.author-photo img').getAttribute('src');
      await page.getByLabel('Alt text').fill('The reporter, smiling');
      await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'portrait.png', mimeType: 'image/png', buffer: await twoTone('png', 320, 320) });
      await page.getByRole('button', { name: 'Upload photo' }).click();
      await page.waitForURL((u) => u.search === '?photo');
      expect(await page.getByRole('status').textContent()).toBe('Photo uploaded.');
      const img = page.locator('.author-photo img');
      expect(await img.getAttribute('alt')).toBe('The reporter, smiling');
      expect(await img.getAttribute('src')).not.toBe(before);
      // The stored image loads (the CSP allows /media/ from 'self').
      expect(
        await img.evaluate(async (el: HTMLImageElement) => {
          await el.decode();
          return el.naturalWidth;
        }),
      ).toBe(320);
      await expectNoViolations('the author page after uploading a photo');
    });
  });
});
