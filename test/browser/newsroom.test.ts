import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/** The newsroom's door, as a new admin meets it: setup, sign in, sign out. */
describe('newsroom sign-in, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    await context.addInitScript({ path: AXE_PATH });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectNoViolations(what: string) {
    const violations = await runAxe(page);
    expect(violations.length, `axe on ${what}:\n${describeViolations(violations)}`).toBe(0);
  }

  it('offers setup on a fresh site and creates the first admin', async () => {
    await page.goto('/admin');
    expect(new URL(page.url()).pathname).toBe('/admin/setup');
    await expectNoViolations('the setup page');
    // The code the server logged when it started without an admin.
    const code = server.loggedSetupCode();
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    await page.getByLabel('Setup code').fill(code!);
    await page.getByLabel('Your name').fill('Ana Ruiz');
    await page.getByLabel('Email').fill('ana@example.org');
    await page.getByLabel('Password').fill('short');
    // The browser itself refuses a short password before sending it.
    await page.getByRole('button', { name: 'Create admin account' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/setup');
    await page.getByLabel('Password').fill('a sturdy newsroom passphrase');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL((u) => u.pathname === '/admin');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await expectNoViolations('the dashboard');
    expect(await page.getByRole('heading', { name: 'Recently published' }).isVisible()).toBe(true);
  });

  it('signs out, refuses a wrong password with a message, and signs back in', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/sign-in');
    expect(await page.getByRole('status').textContent()).toContain('You have been signed out.');
    await expectNoViolations('the sign-in page');
    await page.getByLabel('Email').fill('ana@example.org');
    await page.getByLabel('Password').fill('not the right passphrase');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toBe('That email and password do not match an active account.');
    await expectNoViolations('the sign-in page with an error');
    await page.getByLabel('Password').fill('a sturdy newsroom passphrase');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
  });

  it('keeps the setup page gone once an admin exists', async () => {
    const response = await page.goto('/admin/setup');
    expect(response?.status()).toBe(404);
  });
});
