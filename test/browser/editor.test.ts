import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePath } from '../../src/platform/urls.js';
import { utcToZonedLocal } from '../../src/platform/zoned-time.js';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASSWORD = 'a sturdy newsroom passphrase';

const QUOTE = '> The pier has stood for 140 years.\n> — [The Harbour Gazette](https://example.org/x)';
const DROPPED = "The minister met officials near , the country's second city.";
const FIXED = "The minister met officials near Haifa, the country's second city.";

const ALT = 'The harbour pier at dawn, scaffolding gone';
const CAPTION = 'The pier before the minister’s visit';
const CREDIT = 'Photo: Harbour Desk';
const NEW_SLUG = 'minister-tours-the-harbour';

/**
 * The article editor as a new editor would use it, in Chromium against the
 * real server on the demo newsroom: upload the featured image, write a
 * story, read the checklist, fix what it flags, schedule it a few seconds
 * ahead and watch it go live, then move it to a new slug and follow the
 * old address there.
 */
describe('the article editor, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let editorContext: BrowserContext;
  let page: Page;
  let timezone: string;
  const problems: string[] = [];

  beforeAll(async () => {
    // The editor's script is built, not committed.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    ({ server, browser } = await startDemoAndBrowser());
    const { services } = server;
    timezone = (await services.settings.get()).timezone;
    const editorAuthor = await services.authors.create({ slug: 'nadia-editor', name: 'Nadia Editor' });
    const contributorAuthor = await services.authors.create({ slug: 'carl-contributor', name: 'Carl Contributor' });
    await services.accounts.create({ email: 'nadia@example.org', name: 'Nadia Editor', role: 'editor', password: PASSWORD, authorId: editorAuthor.id });
    await services.accounts.create({ email: 'carl@example.org', name: 'Carl Contributor', role: 'contributor', password: PASSWORD, authorId: contributorAuthor.id });
    editorContext = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    await editorContext.addInitScript({ path: AXE_PATH });
    page = await editorContext.newPage();
    // Content-Security-Policy violations and script errors show up as console errors.
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(String(err)));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(p: Page, email: string) {
    await p.goto('/admin/sign-in');
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.waitForURL((u) => u.pathname === '/admin');
  }

  async function expectNoViolations(p: Page, what: string) {
    const violations = await runAxe(p);
    expect(violations.length, `axe on ${what}:\n${describeViolations(violations)}`).toBe(0);
  }

  /** Press Save and wait for the editor to load again, saved. */
  async function save(p: Page) {
    const loaded = p.waitForNavigation({ waitUntil: 'load' });
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await loaded;
    expect(new URL(p.url()).searchParams.get('notice')).toBe('saved');
  }

  /** The checklist items on the page, as text. */
  const checklist = (p: Page) => p.locator('.checklist__items li').allTextContents();

  let articleId: number;
  let imageId: number;
  const admin = { accountId: null, role: 'admin' as const, authorId: null, name: 'test' };

  it('lists the newsroom’s articles and creates a draft', async () => {
    await signIn(page, 'nadia@example.org');
    await page.goto('/admin/articles');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Articles');
    expect(await page.locator('.article-table tbody tr').count()).toBeGreaterThan(0);
    await expectNoViolations(page, 'the article list');

    // Filtering works as a plain GET form.
    await page.getByLabel('Status').selectOption('published');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((u) => u.searchParams.get('status') === 'published');
    expect(await page.locator('.article-table tbody tr').first().locator('.status-badge').textContent()).toBe('Published');

    await page.getByRole('link', { name: 'New article' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/articles/new');
    await page.getByLabel('Headline').fill('Minister visits the harbour');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL((u) => /^\/admin\/articles\/\d+$/.test(u.pathname));
    articleId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.getByRole('status').first().textContent()).toContain('Draft created');
    await expectNoViolations(page, 'the editor');
  });

  it('uploads the featured image from the editor, without offering it for the body as well', async () => {
    const buffer = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a6f8f' } })
      .jpeg()
      .toBuffer();
    const panel = page.locator('section[aria-labelledby="add-image-heading"]');
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe('Add an image');
    // The story has no featured image yet, so the box starts ticked.
    expect(await panel.getByLabel('Use as the featured image').isChecked()).toBe(true);
    await panel.getByLabel('Alt text').fill(ALT);
    await panel.getByLabel('Caption').fill(CAPTION);
    await panel.getByLabel('Credit').fill(CREDIT);
    await panel.getByLabel('Image', { exact: true }).setInputFiles({ name: 'pier.jpg', mimeType: 'image/jpeg', buffer });
    await panel.getByRole('button', { name: 'Upload image' }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'image-featured');
    imageId = Number(new URL(page.url()).searchParams.get('image'));

    const stored = await server.services.editorial.get(admin, articleId);
    expect(stored.featuredImageId).toBe(imageId);
    expect(await page.locator('.uploaded-image').textContent()).toContain(`Image ${imageId} uploaded and set as the featured image.`);
    // Shown above the story already, so not offered for the body as well.
    expect(await page.locator('.uploaded-image__markdown').count()).toBe(0);

    // The featured image field: its number and a thumbnail (loaded) with its alt text.
    expect(await page.locator('#featuredImageId').inputValue()).toBe(String(imageId));
    const thumb = page.locator('#editor-form .editor-image img');
    expect(await thumb.getAttribute('alt')).toBe(ALT);
    await thumb.scrollIntoViewIfNeeded(); // it loads lazily
    await expect.poll(() => thumb.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('#editor-form .editor-image figcaption').textContent()).toBe(`Image ${imageId}. Alt text: ${ALT}`);
    // Now that there is one, the box starts unticked.
    expect(await panel.getByLabel('Use as the featured image').isChecked()).toBe(false);
    await expectNoViolations(page, 'the editor after an upload');
  });

  it('autosaves, and the checklist flags a dropped name until it is fixed', async () => {
    await page.getByLabel('Dek').fill('A visit to talk about the new ferry terminal.');
    await page.getByLabel('Body', { exact: true }).fill(`${QUOTE}\n\n${DROPPED}`);
    // Leaving the field autosaves (scripts on), and says so.
    await page.getByLabel('Excerpt').focus();
    await expect.poll(() => page.locator('#autosave-status').textContent(), { timeout: 10_000 }).toMatch(/^Saved at \d{1,2}:\d{2}/);
    const version = Number(await page.locator('#editor-form input[name="baseVersion"]').inputValue());
    expect(version).toBeGreaterThan(1);

    await save(page);
    expect(await page.getByRole('status').first().textContent()).toBe('Saved.');
    const flagged = (await checklist(page)).filter((t) => t.includes('near ,'));
    expect(flagged, (await checklist(page)).join('\n')).toHaveLength(1);
    expect(flagged[0]).toMatch(/^Warning/);
    expect(await page.locator('.check[data-check="dropped-name"]').isVisible()).toBe(true);
    // The attributed quote is fine.
    expect((await checklist(page)).some((t) => t.toLowerCase().includes('attribut'))).toBe(false);

    await page.getByLabel('Body', { exact: true }).fill(`${QUOTE}\n\n${FIXED}`);
    await save(page);
    expect(await page.locator('.check[data-check="dropped-name"]').count()).toBe(0);
    expect((await checklist(page)).some((t) => t.includes('near ,'))).toBe(false);
    expect(await page.getByLabel('Body', { exact: true }).inputValue()).toBe(`${QUOTE}\n\n${FIXED}`);
  });

  it('shows a note apart from a warning, in words and style, and both pass axe', async () => {
    await page.getByLabel('Body', { exact: true }).fill(`${QUOTE}\n\n${FIXED} The minister arrived yesterday. “It is a fine day, he said.`);
    await save(page);
    const note = page.locator('.check[data-check="relative-time"]');
    const warning = page.locator('.check[data-check="quote-balance"]');
    expect(await note.getAttribute('class')).toBe('check check--note');
    expect(await note.locator('.check__severity').textContent()).toBe('Note');
    expect(await warning.getAttribute('class')).toBe('check check--warning');
    expect(await warning.locator('.check__severity').textContent()).toBe('Warning');
    // Told apart by more than colour: a dotted rule on the note, a solid one on the warning.
    expect(await note.evaluate((el) => getComputedStyle(el).borderLeftStyle)).toBe('dotted');
    expect(await warning.evaluate((el) => getComputedStyle(el).borderLeftStyle)).toBe('solid');
    await expectNoViolations(page, 'the editor with a warning and a note');

    await page.getByLabel('Body', { exact: true }).fill(`${QUOTE}\n\n${FIXED}`);
    await save(page);
  });

  it('shows a live preview of unsaved text in the real article page', async () => {
    await page.getByLabel('Live preview beside the editor').check();
    const frame = page.frameLocator('#live-preview-frame');
    await expect.poll(() => frame.locator('h1#headline').textContent(), { timeout: 10_000 }).toBe('Minister visits the harbour');
    expect(await frame.locator('.preview-banner').textContent()).toContain('Preview — not published');
    expect(await frame.locator('.article__body figure.quote figcaption').textContent()).toContain('The Harbour Gazette');
    await page.getByLabel('Headline').fill('Minister visits the harbour, unsaved');
    await expect.poll(() => frame.locator('h1#headline').textContent(), { timeout: 10_000 }).toBe('Minister visits the harbour, unsaved');
    await page.getByLabel('Live preview beside the editor').uncheck();
    // Put the saved headline back (autosave may have kept the unsaved one).
    await page.getByLabel('Headline').fill('Minister visits the harbour');
    await save(page);
  });

  it('schedules the story a few seconds ahead, in the site’s zone, and it goes live then', async () => {
    const label = await page.locator('label[for="publishAt"]').textContent();
    expect(label).toBe(`Publish at (${timezone.replace(/_/g, ' ')} time)`);
    const at = new Date(Date.now() + 8_000);
    // Whole seconds: the input has step="1".
    at.setMilliseconds(0);
    await page.getByLabel(/^Publish at/).fill(utcToZonedLocal(at.toISOString(), timezone, 'auto'));
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'schedule');
    expect(await page.locator('.editor-status .status-badge').textContent()).toBe('Scheduled');

    const stored = await server.services.editorial.get(admin, articleId);
    expect(stored.status).toBe('scheduled');
    expect(stored.publishedAt).toBe(at.toISOString());
    const publicPath = articlePath(stored.slug, stored.publishedAt, timezone);

    expect(Date.now()).toBeLessThan(at.getTime());
    expect((await fetch(server.url + publicPath)).status).toBe(404);
    let status = 0;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      status = (await fetch(server.url + publicPath)).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    const html = await (await fetch(server.url + publicPath)).text();
    expect(html).toContain('near Haifa, the country’s second city.');
  });

  it('moves the published story to a new slug, and the old address redirects there, featured image and all', async () => {
    const before = await server.services.editorial.get(admin, articleId);
    expect(before.status).toBe('published');
    const oldPath = before.path!;
    await page.goto(`/admin/articles/${articleId}`);
    await page.getByLabel('Slug', { exact: true }).fill(NEW_SLUG);
    await save(page);
    const after = await server.services.editorial.get(admin, articleId);
    expect(after.slug).toBe(NEW_SLUG);
    const newPath = after.path!;
    expect(newPath).toBe(articlePath(NEW_SLUG, after.publishedAt, timezone));
    expect(newPath).not.toBe(oldPath);
    expect(await page.getByRole('link', { name: 'View on site' }).getAttribute('href')).toBe(newPath);

    // A reader with the old address lands on the new one, through a permanent redirect.
    const res = await page.goto(oldPath);
    expect(res?.status()).toBe(200);
    const redirected = res!.request().redirectedFrom();
    expect(redirected?.url()).toBe(server.url + oldPath);
    expect((await redirected!.response())?.status()).toBe(301);
    expect(new URL(page.url()).pathname).toBe(newPath);
    expect(await page.locator('h1#headline').textContent()).toBe('Minister visits the harbour');

    // The featured image, as a responsive picture with a WebP source, caption and credit.
    const figure = page.locator('figure.article__image');
    expect(await figure.locator('picture source[type="image/webp"]').count()).toBe(1);
    const img = figure.locator('picture img');
    expect(await img.getAttribute('alt')).toBe(ALT);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 10_000 }).toBe(true);
    expect(await img.evaluate((el: HTMLImageElement) => el.currentSrc)).toMatch(/\.webp$/);
    expect(await figure.locator('figcaption .caption').textContent()).toBe(CAPTION);
    expect(await figure.locator('figcaption .credit').textContent()).toBe(CREDIT);
  });

  it('keeps every version, with an accessible revisions page', async () => {
    await page.goto(`/admin/articles/${articleId}`);
    await page.getByRole('link', { name: 'Revisions' }).click();
    await page.waitForURL((u) => u.pathname === `/admin/articles/${articleId}/revisions`);
    expect(await page.locator('.revisions-table tbody tr').count()).toBeGreaterThanOrEqual(3);
    await expectNoViolations(page, 'the revisions page');
    await page.getByRole('button', { name: 'Compare selected versions' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/revisions/diff'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Changes from version \d+ to version \d+$/);
    await expectNoViolations(page, 'a revision diff');
  });

  it('shows a contributor no Publish button', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    try {
      const p = await context.newPage();
      await signIn(p, 'carl@example.org');
      await p.goto('/admin/articles/new');
      await p.getByLabel('Headline').fill('Letters from the ferry queue');
      await p.getByRole('button', { name: 'Create draft' }).click();
      await p.waitForURL((u) => /^\/admin\/articles\/\d+$/.test(u.pathname));
      expect(await p.getByRole('button', { name: 'Submit for review' }).isVisible()).toBe(true);
      expect(await p.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
      expect(await p.getByRole('button', { name: 'Schedule', exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('ran without script errors or Content-Security-Policy violations', () => {
    expect(problems).toEqual([]);
  });
});
