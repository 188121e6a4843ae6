import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

/*
 * The header's account link as a reader meets it, in Chromium on the demo
 * site: signing up from a story ends back on the story, signed in, with the
 * header showing the reader's name, while the story stays one cached page for
 * everyone else; and on a phone the header has room for the link.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTICLE = 'rialto-cinema-reprieve';
const FROM = 'The Meridian Ledger <news@example.org>';
const READER = { email: 'hana@example.org', name: 'Hana Marlowe-Okonkwo', password: 'lanterns along the quay' };
const WAIT_MS = 10_000;

const collapse = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
});

describe.each(['sqlite', 'postgres'] as const)('the header’s account link, in Chromium (%s)', (dialect) => {
  let server: DemoServer;
  let browser: Browser;
  let smtp: TestSmtpServer;
  let storyPath: string;
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];

  async function newContext(width: number): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: 844 } });
    context.on('page', (page) => {
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`${page.url()}: console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`${page.url()}: page error: ${err.message}`));
    });
    contexts.push(context);
    return context;
  }

  /** The story as a visitor without cookies gets it: its cache header and body. */
  async function anonymousFetch(): Promise<{ cache: string | null; body: string }> {
    const res = await fetch(`${server.url}${storyPath}`);
    return { cache: res.headers.get('x-cache'), body: await res.text() };
  }

  /** Whether the page scrolls sideways. */
  const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    try {
      ({ server, browser } = await startDemoAndBrowser({ mailer: createSmtpMailer(smtp.url, FROM), dialect }));
    } catch (err) {
      await smtp.close();
      throw err;
    }
    await server.services.settings.update({ minSubmitSeconds: 0 });
    storyPath = await server.articlePath(ARTICLE);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('signs up from a story and ends back on it signed in, the header showing their name, while anonymous requests stay cache hits', async () => {
    await anonymousFetch();
    const before = await anonymousFetch();
    expect(before.cache).toBe('hit');

    const page = await (await newContext(1280)).newPage();
    await page.goto(storyPath);
    const account = page.locator('header.site-header a[data-account-link]');
    expect(collapse(await account.textContent())).toBe('Sign in');
    expect(new URL(await account.evaluate((a) => (a as HTMLAnchorElement).href)).searchParams.get('next')).toBe(storyPath);

    await Promise.all([page.waitForURL((u) => u.pathname === '/account/sign-in'), account.click()]);
    await Promise.all([page.waitForURL((u) => u.pathname === '/account/sign-up'), page.getByRole('link', { name: 'Create an account' }).click()]);
    expect(new URL(page.url()).searchParams.get('next')).toBe(storyPath);
    await page.getByLabel('Email', { exact: true }).fill(READER.email);
    await page.getByLabel('Display name', { exact: true }).fill(READER.name);
    await page.getByLabel('Password (optional)').fill(READER.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();

    await expect.poll(() => smtp.to(READER.email).length, { timeout: WAIT_MS }).toBe(1);
    const link = smtp
      .to(READER.email)[0]!
      .text.split(/\s+/)
      .find((w) => w.includes('/account/verify/'))!;
    const u = new URL(link);
    await page.goto(`${u.pathname}${u.search}`);
    await Promise.all([page.waitForURL((url) => url.pathname === storyPath), page.getByRole('button', { name: 'Continue' }).click()]);

    // Back on the story: told once, the flag taken off the address, and the header knows them.
    await expect.poll(() => page.locator('.site-notice').textContent(), { timeout: WAIT_MS }).toBe("Your address is confirmed, you're signed in.");
    expect(new URL(page.url()).searchParams.has('welcome')).toBe(false);
    await expect.poll(() => account.getAttribute('href'), { timeout: WAIT_MS }).toBe('/account');
    expect(collapse(await account.textContent())).toBe(`Account ${READER.name}`);
    expect(await overflows(page)).toBe(false);

    // A reload shows no notice again.
    await page.reload();
    await expect.poll(() => account.getAttribute('href'), { timeout: WAIT_MS }).toBe('/account');
    expect(await page.locator('.site-notice').count()).toBe(0);

    // Everyone else still gets the one cached page, without the reader in it.
    const after = await anonymousFetch();
    expect(after.cache).toBe('hit');
    expect(after.body).toBe(before.body);
    expect(after.body).not.toContain(READER.name);

    // The link leads to the account page.
    await Promise.all([page.waitForURL((url) => url.pathname === '/account'), account.click()]);
    expect(collapse(await page.locator('main').textContent())).toContain(`Signed in as ${READER.email}`);

    // On a phone, the long name fits in the header without scrolling sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(storyPath);
    await expect.poll(() => account.getAttribute('href'), { timeout: WAIT_MS }).toBe('/account');
    expect(await account.isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);
    expect(problems).toEqual([]);
  });

  it('shows "Sign in" in the header at 390 px without horizontal overflow', async () => {
    const page = await (await newContext(390)).newPage();
    await page.goto(storyPath);
    const account = page.locator('header.site-header').getByRole('link', { name: 'Sign in', exact: true });
    expect(await account.isVisible()).toBe(true);
    expect(new URL(await account.evaluate((a) => (a as HTMLAnchorElement).href)).searchParams.get('next')).toBe(storyPath);
    const box = (await account.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await overflows(page)).toBe(false);
    expect(problems).toEqual([]);
  });
});
