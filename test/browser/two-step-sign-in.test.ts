import { Secret, TOTP } from 'otpauth';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const PASSWORD = 'a sturdy newsroom passphrase';

/** What an authenticator app would show for a secret, `aheadSeconds` from now. */
const appCode = (secret: string, aheadSeconds = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + aheadSeconds * 1000 });

/** Setting up two-step sign-in from the account page, then signing in with it, at a phone's width and a desktop's. */
describe('two-step sign-in, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectNoViolations(page: Page, what: string) {
    const violations = await runAxe(page);
    expect(violations.length, `axe on ${what}:\n${describeViolations(violations)}`).toBe(0);
  }

  async function fitsWidth(page: Page, what: string) {
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll, `${what} scrolls sideways`).toBeLessThanOrEqual(inner);
  }

  for (const [label, viewport] of [
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    it(`enrols with the QR page and signs in with password and code (${label})`, async () => {
      const email = `two-step-${label}@example.org`;
      const name = `Tess ${label === 'phone' ? 'Phone' : 'Desk'}`;
      await server.services.accounts.create({ email, name, role: 'editor', password: PASSWORD });
      const context = await browser.newContext({ baseURL: server.url, viewport });
      await context.addInitScript({ path: AXE_PATH });
      const page = await context.newPage();
      try {
        await page.goto('/admin/sign-in');
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/admin');

        await page.getByRole('link', { name: `Your account: ${name}` }).click();
        await page.waitForURL((u) => u.pathname === '/admin/account');
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your account');
        expect(await page.locator('#sessions tbody tr').count()).toBe(1);
        expect(await page.locator('#sessions tbody th').textContent()).toContain('(this browser)');
        await expectNoViolations(page, 'the account page');
        await fitsWidth(page, 'the account page');

        await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
        await page.waitForURL((u) => u.pathname === '/admin/account');
        expect(await page.getByRole('img', { name: 'QR code for your authenticator app' }).isVisible()).toBe(true);
        await expectNoViolations(page, 'the account page while setting up');
        await fitsWidth(page, 'the account page while setting up');
        const secret = ((await page.locator('#two-step-secret').textContent()) ?? '').replace(/\s/g, '');
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);

        await page.getByLabel('Code from the app').fill(appCode(secret));
        await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
        await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
        expect(await page.locator('#recovery-codes li').count()).toBe(10);
        await expectNoViolations(page, 'the recovery codes');

        await page.getByRole('link', { name: 'Back to your account' }).click();
        expect(await page.locator('#two-step').textContent()).toContain('On since');
        await expectNoViolations(page, 'the account page with two-step sign-in on');

        await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/admin/sign-in');
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/admin/sign-in/code');
        await expectNoViolations(page, 'the code page');
        await fitsWidth(page, 'the code page');

        // A wrong code first: a message, and another try.
        await page.getByLabel('Code from your authenticator app').fill('000000');
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        expect(await page.getByRole('alert').textContent()).toContain('That code is not right');
        await expectNoViolations(page, 'the code page with an error');
        // The code used to turn it on cannot be used again; the next one can (within the ±30 s window).
        await page.getByLabel('Code from your authenticator app').fill(appCode(secret, 30));
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/admin');
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
      } finally {
        await context.close();
      }
    });
  }
});
