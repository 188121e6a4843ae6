import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EMAIL = 'mo@example.org';
const PASSWORD = 'a sturdy newsroom passphrase';

/**
 * The moderation queue in Chromium, as a moderator on the demo site works
 * it from the keyboard: j/k to move, x to tick, a to approve, o to open the
 * thread; no key does anything while typing; every page passes axe-core.
 */
describe('the moderation queue, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let queueUrl: string;
  const ids: number[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    // The shortcut script is built, not committed.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    ({ server, browser } = await startDemoAndBrowser());
    const { services } = server;
    await services.accounts.create({ email: EMAIL, name: 'Mo Moderator', role: 'moderator', password: PASSWORD });
    const [article] = await services.articles.latest(1);
    if (!article) throw new Error('the demo site should have a published article');
    for (const [i, body] of ['First in: is the harbour wall safe?', 'Second: the council voted on it in May.', 'Third: cheap casino bonus, click here'].entries()) {
      const row = await services.comments.create({
        articleId: article.id,
        authorName: `Guest ${i + 1}`,
        authorEmail: `guest${i + 1}@example.org`,
        body,
        status: 'pending',
        createdAt: new Date(Date.now() - (10 - i) * 60_000).toISOString(),
      });
      ids.push(row.id);
    }
    // An approved reply under the last one, hidden on the site while it waits.
    await services.comments.create({ articleId: article.id, parentId: ids[2]!, authorName: 'Guest 4', authorEmail: 'guest4@example.org', body: 'A reply that waits with it.', status: 'approved' });
    queueUrl = `/admin/comments?queue=pending&article=${article.id}`;
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    await context.addInitScript({ path: AXE_PATH });
    page = await context.newPage();
    // Content-Security-Policy violations and script errors show up as console errors.
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(String(err)));
    await page.goto('/admin/sign-in');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const admin = () => ({ accountId: null, role: 'admin' as const, authorId: null, name: 'test' });
  const focusedId = () => page.evaluate(() => document.activeElement?.closest('[data-moderation-item]')?.getAttribute('data-moderation-item') ?? null);

  async function expectNoViolations(what: string) {
    const violations = await runAxe(page);
    expect(violations.length, `axe on ${what}:\n${describeViolations(violations)}`).toBe(0);
  }

  it('shows the queue, accessibly, with the shortcuts listed', async () => {
    const response = await page.goto(queueUrl);
    expect(response?.status()).toBe(200);
    expect(await page.locator('[data-moderation-item]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-moderation-item'))))).toEqual(ids);
    await page.getByText('Keyboard shortcuts').click();
    expect(await page.locator('details.moderation-shortcuts').getAttribute('open')).not.toBeNull();
    await expectNoViolations('the moderation queue');
  });

  it('moves with j and k, showing where focus is, and ticks with x', async () => {
    await page.goto(queueUrl);
    expect(await focusedId()).toBeNull();
    await page.keyboard.press('j');
    expect(await focusedId()).toBe(String(ids[0]));
    await page.keyboard.press('j');
    expect(await focusedId()).toBe(String(ids[1]));
    // The focused comment is outlined.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await page.keyboard.press('k');
    expect(await focusedId()).toBe(String(ids[0]));
    await page.keyboard.press('k');
    expect(await focusedId()).toBe(String(ids[0]));
    await page.keyboard.press('x');
    expect(await page.locator(`#select-${ids[0]}`).isChecked()).toBe(true);
    await page.keyboard.press('x');
    expect(await page.locator(`#select-${ids[0]}`).isChecked()).toBe(false);
  });

  it('ignores the keys while typing in a field', async () => {
    await page.goto(queueUrl);
    await page.getByLabel('With the selected comments').focus();
    for (const key of ['j', 'a', 'x', 'o']) await page.keyboard.press(key);
    expect(new URL(page.url()).pathname).toBe('/admin/comments');
    expect((await server.services.comments.byId(ids[0]!))?.status).toBe('pending');
    expect(await page.locator(`#select-${ids[0]}`).isChecked()).toBe(false);
  });

  it('approves with a without reloading: the address stays, the comment leaves, the live region says so, the next one has focus', async () => {
    await page.goto(queueUrl);
    const before = page.url();
    let navigations = 0;
    const count = () => navigations++;
    page.on('framenavigated', count);
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('#moderation-live').textContent()).toBe('Comment approved.');
    page.off('framenavigated', count);
    expect(navigations).toBe(0);
    expect(page.url()).toBe(before);
    expect(await page.locator(`[data-moderation-item="${ids[0]}"]`).isVisible()).toBe(false);
    expect((await server.services.comments.byId(ids[0]!))?.status).toBe('approved');
    expect(await focusedId()).toBe(String(ids[1]));
    expect(await page.locator('[data-queue="pending"] .moderation-tabs__count').textContent()).toBe(`(${(await server.services.moderation.queueCounts(admin())).pending})`);
    // Undo puts it back, in place, as it was.
    await page.getByRole('button', { name: 'Undo the last decision' }).click();
    await expect.poll(() => page.locator('#moderation-live').textContent()).toBe('Undone: 1 comment is back as it was.');
    expect(await page.locator(`[data-moderation-item="${ids[0]}"]`).isVisible()).toBe(true);
    expect((await server.services.comments.byId(ids[0]!))?.status).toBe('pending');
    expect(await page.getByRole('button', { name: 'Undo the last decision' }).isVisible()).toBe(false);
    expect(page.url()).toBe(before);
  });

  it('selects every comment on the page with "Select all" and rejects them in one go, then undoes that', async () => {
    await page.goto(queueUrl);
    await page.getByLabel(/^Select all \d+ on this page$/).check();
    for (const id of ids) expect(await page.locator(`#select-${id}`).isChecked()).toBe(true);
    await page.locator(`#select-${ids[1]}`).uncheck();
    expect(await page.locator('#select-all').evaluate((el: HTMLInputElement) => el.indeterminate)).toBe(true);
    await page.locator(`#select-${ids[1]}`).check();
    await page.getByLabel('With the selected comments').selectOption('reject');
    await page.screenshot({ path: '/tmp/moderation-select-all.png' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#moderation-live').textContent()).toBe('3 comments rejected.');
    for (const id of ids) expect((await server.services.comments.byId(id))?.status).toBe('rejected');
    expect(await page.locator('[data-moderation-item]:visible').count()).toBe(0);
    await page.screenshot({ path: '/tmp/moderation-undo.png' });
    await page.getByRole('button', { name: 'Undo the last decision' }).click();
    await expect.poll(() => page.locator('#moderation-live').textContent()).toBe('Undone: 3 comments are back as they were.');
    for (const id of ids) expect((await server.services.comments.byId(id))?.status).toBe('pending');
    expect(await page.locator('[data-moderation-item]:visible').count()).toBe(3);
    expect(await page.locator('#select-all').isChecked()).toBe(false);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [360, 1280]) {
      it(`passes axe and does not overflow at ${width} px, ${colorScheme}, with the undo bar and a hidden-replies hint showing`, async () => {
        const other = await browser.newContext({ baseURL: server.url, viewport: { width, height: 900 }, colorScheme });
        await other.addInitScript({ path: AXE_PATH });
        await other.addCookies(await context.cookies());
        const p = await other.newPage();
        try {
          await p.goto(queueUrl);
          await p.locator(`form[data-decide="approve"]`).first().getByRole('button').click();
          await p.getByRole('button', { name: 'Undo the last decision' }).waitFor();
          expect(await p.locator('[data-hidden-replies]').first().textContent()).toBe('1 approved reply is hidden until this is approved.');
          expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          const violations = await runAxe(p);
          expect(violations.length, `axe on the queue (${width} px, ${colorScheme}):\n${describeViolations(violations)}`).toBe(0);
          await p.screenshot({ path: `/tmp/moderation-${width}-${colorScheme}.png`, fullPage: true });
          await p.getByRole('button', { name: 'Undo the last decision' }).click();
          await expect.poll(() => p.locator('#moderation-live').textContent()).toMatch(/^Undone/);
        } finally {
          await other.close();
        }
      });
    }
  }

  it('opens a comment in its thread with o, and that page passes axe too', async () => {
    await page.goto(queueUrl);
    // Every decision above was undone: all three wait, and the third is two steps down.
    for (let i = 0; i < 3; i++) await page.keyboard.press('j');
    await Promise.all([page.waitForURL((u) => u.pathname === `/admin/comments/${ids[2]}`), page.keyboard.press('o')]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Comment ${ids[2]}`);
    await expectNoViolations('a comment in its context');
    expect(problems).toEqual([]);
  });
});
