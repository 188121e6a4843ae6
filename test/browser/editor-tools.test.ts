import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASSWORD = 'a sturdy newsroom passphrase';
const EMAIL = 'rosa@example.org';

/**
 * The editor's writing tools, in Chromium against the real server: a layout
 * that fits every width, the Markdown toolbar and its shortcuts, Ctrl+S,
 * images dropped into the body, the live word count, the checklist that
 * follows autosave, and the question before "Publish now".
 */
describe('the editor’s writing tools, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const staff = { accountId: null, role: 'admin' as const, authorId: null, name: 'test' };

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    ({ server, browser } = await startDemoAndBrowser());
    const author = await server.services.authors.create({ slug: 'rosa-editor', name: 'Rosa Editor' });
    await server.services.accounts.create({ email: EMAIL, name: 'Rosa Editor', role: 'editor', password: PASSWORD, authorId: author.id });
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    await context.addInitScript({ path: AXE_PATH });
    page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(String(err)));
    await signIn(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(p: Page) {
    await p.goto('/admin/sign-in');
    await p.getByLabel('Email').fill(EMAIL);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.waitForURL((u) => u.pathname === '/admin');
  }

  /** A new draft with this body, opened in the editor. */
  async function openDraft(headline: string, body: string): Promise<number> {
    const created = await server.services.editorial.create(staff, { headline });
    const article = await server.services.editorial.update(staff, created.id, { body, dek: 'A dek for the story.' }, created.version);
    await page.goto(`/admin/articles/${article.id}`);
    await page.locator('#md-toolbar').waitFor({ state: 'visible' });
    return article.id;
  }

  const bodyBox = () => page.getByLabel('Body', { exact: true });

  /** Select `text` in the body. */
  async function select(text: string) {
    await bodyBox().evaluate((ta: HTMLTextAreaElement, t) => {
      const at = ta.value.indexOf(t);
      ta.focus();
      ta.setSelectionRange(at, at + t.length);
    }, text);
  }

  it('fits every width from 360 px up, with the side panel beside the body only when there is room', async () => {
    const id = await openDraft('A story to measure', 'The harbour reopened on Monday after a winter of repairs.');
    for (const width of [360, 390, 1024, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/admin/articles/${id}`);
      const { scroll, viewport, sideLeft, formRight, sideTop, formBottom } = await page.evaluate(() => {
        const side = document.querySelector('.editor-side')!.getBoundingClientRect();
        const form = document.querySelector('#editor-form')!.getBoundingClientRect();
        return { scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth, sideLeft: side.left, formRight: form.right, sideTop: side.top, formBottom: form.bottom };
      });
      expect(scroll, `page width at ${width} px`).toBe(viewport);
      if (width >= 1024) expect(sideLeft, `side panel beside the body at ${width} px`).toBeGreaterThanOrEqual(formRight);
      else expect(sideTop, `side panel below the body at ${width} px`).toBeGreaterThanOrEqual(formBottom);
      if (width === 360) await page.screenshot({ path: '/tmp/editor-360.png', fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/admin/articles/${id}`);
    await page.screenshot({ path: '/tmp/editor-1280.png' });
  });

  it('has a labelled formatting toolbar whose Bold wraps the selection, with Ctrl+I and Ctrl+K as shortcuts', async () => {
    await openDraft('Toolbar story', 'The council voted to close the pier.');
    const toolbar = page.getByRole('toolbar', { name: 'Formatting (Markdown)' });
    const bold = toolbar.getByRole('button', { name: 'Bold (Ctrl+B)' });
    expect(await bold.getAttribute('aria-keyshortcuts')).toBe('Control+B Meta+B');
    expect(await bold.getAttribute('title')).toContain('Ctrl+B');
    for (const name of ['Italic (Ctrl+I)', 'Link (Ctrl+K)', 'Heading', 'Bulleted list', 'Attributed quote', 'Pull quote', 'Image']) {
      expect(await toolbar.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    }

    await select('voted');
    await bold.click();
    expect(await bodyBox().inputValue()).toBe('The council **voted** to close the pier.');
    // The selection stays on the word: a second click takes the bold off.
    await bold.click();
    expect(await bodyBox().inputValue()).toBe('The council voted to close the pier.');

    await select('close');
    await page.keyboard.press('Control+i');
    expect(await bodyBox().inputValue()).toBe('The council voted to *close* the pier.');
    await select('the pier');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('https://example.org/pier');
    expect(await bodyBox().inputValue()).toBe('The council voted to *close* [the pier](https://example.org/pier).');

    await select('The council');
    await toolbar.getByRole('button', { name: 'Attributed quote' }).click();
    await page.keyboard.type('The Harbour Gazette');
    expect(await bodyBox().inputValue()).toBe('> The council\n> — [The Harbour Gazette](https://)\n\nvoted to *close* [the pier](https://example.org/pier).');

    // One tab stop; arrow keys move along the buttons.
    await bold.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-md'))).toBe('italic');
    expect(problems).toEqual([]);
  });

  it('saves with Ctrl+S instead of opening the browser’s save dialog', async () => {
    const id = await openDraft('Ctrl S story', 'First words.');
    await bodyBox().fill('Words saved with the keyboard.');
    const loaded = page.waitForURL((u) => u.searchParams.get('notice') === 'saved');
    await page.keyboard.press('Control+s');
    await loaded;
    expect((await server.services.editorial.get(staff, id)).body).toBe('Words saved with the keyboard.');
    expect(await page.getByRole('status').first().textContent()).toBe('Saved.');
  });

  it('counts words and reading time as the body is typed', async () => {
    await openDraft('Counting story', 'One two three.');
    expect(await page.locator('#body-count').textContent()).toBe('3 words · 1 min read');
    await bodyBox().fill(Array.from({ length: 690 }, () => 'word').join(' '));
    await expect.poll(() => page.locator('#body-count').textContent()).toBe('690 words · 3 min read');
  });

  it('refreshes the checklist with every autosave', async () => {
    await page.goto('/admin/articles');
    const created = await server.services.editorial.create(staff, { headline: 'An empty story' });
    await page.goto(`/admin/articles/${created.id}`);
    expect(await page.locator('.check[data-check="empty-body"]').count()).toBe(1);
    await bodyBox().fill('The harbour reopened on Monday after a winter of repairs.');
    await page.getByLabel('Excerpt').focus();
    await expect.poll(() => page.locator('#autosave-status').textContent(), { timeout: 10_000 }).toMatch(/^Saved at/);
    // No reload: the blocker went with the save that fixed it.
    expect(await page.locator('.check[data-check="empty-body"]').count()).toBe(0);
    expect(await page.locator('#checklist-results .field-help').textContent()).toContain('Checked on the saved version.');
  });

  it('uploads an image dropped into the body and puts its Markdown at the cursor', async () => {
    const id = await openDraft('Dropped image story', 'Before the photo.\n\nAfter the photo.');
    await select('\n\nAfter');
    await bodyBox().evaluate((ta: HTMLTextAreaElement) => ta.setSelectionRange(ta.selectionStart, ta.selectionStart));
    // A real PNG, drawn in the page, in a DataTransfer as a person's drop would carry it.
    const dataTransfer = await page.evaluateHandle(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 200;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#3a6f8f';
      ctx.fillRect(0, 0, 320, 200);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'harbour.png', { type: 'image/png' }));
      return dt;
    });
    await bodyBox().dispatchEvent('drop', { dataTransfer });
    // The media library needs alt text: a dialog asks for it.
    const ask = page.getByRole('dialog', { name: 'Add harbour.png to the body' });
    await ask.getByLabel('Alt text').fill('The harbour at dawn');
    await ask.getByRole('button', { name: 'Upload image' }).click();
    // A placeholder holds the place, then becomes the image.
    await expect.poll(() => bodyBox().inputValue(), { timeout: 15_000 }).toMatch(/^Before the photo\.\n\n!\[The harbour at dawn\]\(\/media\/uploads\/[^ )]+\.png\)\n\nAfter the photo\.$/);
    expect(await page.locator('#body-upload-status').textContent()).toContain('harbour.png uploaded');

    // Something that is not an image is refused with a message, and nothing is left in the body.
    const before = await bodyBox().inputValue();
    const textFile = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['not a picture'], 'notes.txt', { type: 'text/plain' }));
      return dt;
    });
    await bodyBox().dispatchEvent('drop', { dataTransfer: textFile });
    expect(await page.locator('#body-upload-status').textContent()).toContain('Only images');
    expect(await bodyBox().inputValue()).toBe(before);

    // A file the server refuses (an image type, but not an image): the placeholder goes, the message says why.
    const fake = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['GIF89a but not really'], 'broken.gif', { type: 'image/gif' }));
      return dt;
    });
    await bodyBox().dispatchEvent('drop', { dataTransfer: fake });
    await page.getByRole('dialog').getByLabel('Alt text').fill('Not really an image');
    await page.getByRole('dialog').getByRole('button', { name: 'Upload image' }).click();
    await expect.poll(() => page.locator('#body-upload-status').textContent(), { timeout: 15_000 }).toMatch(/^broken\.gif was not uploaded: /);
    expect(await bodyBox().inputValue()).toBe(before);
    expect(await page.locator('#body-upload-status').getAttribute('class')).toContain('autosave-status--error');
    await page.getByLabel('Excerpt').focus();
    await expect.poll(() => page.locator('#autosave-status').textContent(), { timeout: 10_000 }).toMatch(/^Saved at/);
    expect((await server.services.editorial.get(staff, id)).body).toBe(before);
  });

  it('drops an image at the top of the body, picks it from the library as the featured image, and the checklist warns it shows twice', async () => {
    // Earlier tests' refused uploads leave their console errors behind: only this test's count.
    const problemsBefore = problems.length;
    const id = await openDraft('The ferry slip, seen twice', 'The ferry slip reopened on Monday.');
    // The cursor at the very start: the dropped image becomes the body's first.
    await bodyBox().evaluate((ta: HTMLTextAreaElement) => {
      ta.focus();
      ta.setSelectionRange(0, 0);
    });
    const dataTransfer = await page.evaluateHandle(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 400;
      canvas.height = 300;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#8f5a3a';
      ctx.fillRect(0, 0, 400, 300);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'ferry-slip.png', { type: 'image/png' }));
      return dt;
    });
    await bodyBox().dispatchEvent('drop', { dataTransfer });
    const ask = page.getByRole('dialog', { name: 'Add ferry-slip.png to the body' });
    await ask.getByLabel('Alt text').fill('The ferry slip under repair');
    await ask.getByRole('button', { name: 'Upload image' }).click();
    await expect.poll(() => bodyBox().inputValue(), { timeout: 15_000 }).toMatch(/^!\[The ferry slip under repair\]\(\/media\/uploads\/[^ )]+\.png\)\n\nThe ferry slip reopened on Monday\.$/);

    // The same image, chosen from the library as the featured image.
    const field = page.getByRole('group', { name: 'Featured image' });
    await field.getByRole('link', { name: 'Choose image' }).click();
    const library = page.getByRole('dialog', { name: 'Choose an image' });
    await library.getByLabel('Search images').fill('ferry slip under repair');
    await library.getByRole('button', { name: 'Search' }).click();
    await library.getByText('1 image shown.').waitFor();
    await library.getByRole('button', { name: 'Use as featured image' }).click();
    await library.waitFor({ state: 'hidden' });
    await field.getByRole('img', { name: 'The ferry slip under repair' }).waitFor();

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'saved');
    const warning = page.locator('.check[data-check="featured-image-repeated"]');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/featured image/i);
    const saved = await server.services.editorial.get(staff, id);
    expect(saved.featuredImageId).not.toBeNull();
    expect(saved.body).toMatch(/^!\[The ferry slip under repair\]/);
    expect(problems.slice(problemsBefore)).toEqual([]);
  });

  it('asks before “Publish now”, and publishes only on yes', async () => {
    const id = await openDraft('A story to publish', 'The harbour reopened on Monday after a winter of repairs.');
    await page.getByRole('button', { name: 'Publish now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish this story now?' });
    await dialog.waitFor();
    await page.screenshot({ path: '/tmp/editor-confirm.png' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.count()).toBe(0);
    expect((await server.services.editorial.get(staff, id)).status).toBe('draft');

    await page.getByRole('button', { name: 'Publish now' }).click();
    const published = page.waitForURL((u) => u.searchParams.get('notice') === 'publish');
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, publish now' }).click();
    await published;
    expect((await server.services.editorial.get(staff, id)).status).toBe('published');
  });

  describe.each(['light', 'dark'] as const)('in the %s colour scheme', (colorScheme) => {
    it('passes axe on the editor, at phone and desktop widths', async () => {
      const id = await openDraft(`Axe story ${colorScheme}`, '## A heading\n\nThe harbour reopened on Monday after a winter of repairs.');
      const ctx = await browser.newContext({ baseURL: server.url, colorScheme, viewport: { width: 390, height: 900 } });
      await ctx.addInitScript({ path: AXE_PATH });
      const p = await ctx.newPage();
      await signIn(p);
      for (const width of [390, 1280]) {
        await p.setViewportSize({ width, height: 900 });
        await p.goto(`/admin/articles/${id}`);
        await p.locator('#md-toolbar').waitFor({ state: 'visible' });
        const violations = await runAxe(p);
        expect(violations.length, `axe on the editor at ${width} px (${colorScheme}):\n${describeViolations(violations)}`).toBe(0);
      }
      await p.screenshot({ path: `/tmp/editor-${colorScheme}.png` });
      await ctx.close();
    });
  });
});
