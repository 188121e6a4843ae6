import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const EMAIL = 'ana@example.org';
const PASSWORD = 'a sturdy newsroom passphrase';

async function signIn(page: Page) {
  await page.goto('/admin/sign-in');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/admin');
}

async function createToken(page: Page, name: string) {
  await page.goto('/admin/tokens');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByRole('heading', { name: `Token “${name}” created` }).waitFor();
}

/** /admin/tokens in Chromium: copying a new token, and revoking one after confirming. */
describe('API tokens page, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    await server.services.accounts.create({ email: EMAIL, name: 'Ana Ruiz', role: 'admin', password: PASSWORD });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('with JavaScript', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await context.addInitScript({ path: AXE_PATH });
      page = await context.newPage();
      await signIn(page);
    });
    afterAll(async () => {
      await context?.close();
    });

    it('copies the new token to the clipboard and says so', async () => {
      await createToken(page, 'CMS sync');
      const token = await page.getByLabel(/^Token \(/).inputValue();
      expect(token.length).toBeGreaterThan(20);
      const status = page.locator('#new-token-copied');
      expect(await status.textContent()).toBe('');
      await page.getByRole('button', { name: 'Copy token' }).click();
      await expect.poll(() => status.textContent()).toBe('Copied.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
      await page.screenshot({ path: '/tmp/adminui-tokens-390.png', fullPage: true });
      const violations = await runAxe(page);
      expect(violations.length, describeViolations(violations)).toBe(0);
    });

    it('revokes only after the confirmation is opened and its button pressed', async () => {
      await createToken(page, 'Wire importer');
      await page.goto('/admin/tokens');
      const row = page.getByRole('row', { name: /Wire importer/ });
      const revoke = row.getByRole('button', { name: 'Revoke “Wire importer”' });
      expect(await revoke.isVisible()).toBe(false);
      await row.locator('summary').click();
      expect(await row.getByText('Integrations using “Wire importer” will be refused at once.').isVisible()).toBe(true);
      await page.screenshot({ path: '/tmp/adminui-tokens-confirm-390.png', fullPage: true });
      const violations = await runAxe(page);
      expect(violations.length, describeViolations(violations)).toBe(0);
      await revoke.click();
      await page.waitForURL((u) => u.search === '?revoked');
      expect(await page.getByRole('status').first().textContent()).toContain('The token was revoked');
      expect(await page.getByRole('row', { name: /Wire importer/ }).textContent()).toContain('Revoked');
    });
  });

  it('without JavaScript, hides the copy button and leaves the token to select', async () => {
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signIn(page);
      await createToken(page, 'No script');
      expect(await page.getByRole('button', { name: 'Copy token' }).count()).toBe(0);
      const field = page.getByLabel(/^Token \(/);
      expect(await field.isVisible()).toBe(true);
      expect(await field.getAttribute('readonly')).not.toBeNull();
      expect(await field.inputValue()).toMatch(/\S{20,}/);
    } finally {
      await context.close();
    }
  });
});
