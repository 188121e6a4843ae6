import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

const PASSWORD = 'a sturdy newsroom passphrase';

/** Sign in as a person would, in a context of its own. */
async function signIn(browser: Browser, server: DemoServer, email: string, options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, colorScheme: options.colorScheme ?? 'light', viewport: { width: options.width ?? 1280, height: 900 } });
  await context.addInitScript({ path: AXE_PATH });
  const page = await context.newPage();
  await page.goto('/admin/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/admin');
  return { context, page };
}

/** /admin/staff in Chromium: disabling an account ends its open session elsewhere; the pages pass axe and fit phones. */
describe('staff management, in a browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let memberId: number;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    await server.services.accounts.create({ email: 'ana@example.org', name: 'Ana Ruiz', role: 'admin', password: PASSWORD });
    memberId = (await server.services.accounts.create({ email: 'leo.a.very.long.address.for.a.reporter@newsroom.example.org', name: 'Leo Reporter', role: 'editor', password: PASSWORD })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("disabling an account ends its open session in another browser on that browser's next request", async () => {
    const admin = await signIn(browser, server, 'ana@example.org');
    const member = await signIn(browser, server, 'leo.a.very.long.address.for.a.reporter@newsroom.example.org');
    try {
      await admin.page.goto('/admin');
      await admin.page.getByRole('link', { name: 'Staff', exact: true }).click();
      await admin.page.getByRole('link', { name: 'Leo Reporter' }).click();
      await admin.page.getByLabel("Yes, disable Leo Reporter's account").check();
      await admin.page.getByRole('button', { name: 'Disable account' }).click();
      await admin.page.waitForURL((u) => u.search === '?disabled');
      expect(await admin.page.getByRole('status').textContent()).toContain('Account disabled');
      await admin.page.screenshot({ path: '/tmp/staff-disabled.png', fullPage: true });

      // The member's browser, still on its page, is sent to sign in by its next request.
      await member.page.goto('/admin/articles');
      expect(new URL(member.page.url()).pathname).toBe('/admin/sign-in');

      await admin.page.getByRole('button', { name: 'Enable account' }).click();
      await admin.page.waitForURL((u) => u.search === '?enabled');
    } finally {
      await admin.context.close();
      await member.context.close();
    }
  });

  describe.each(['light', 'dark'] as const)('in the %s colour scheme', (colorScheme) => {
    it.each([360, 390, 1280])('the list and an account page pass axe and fit %i px', async (width) => {
      const { context, page } = await signIn(browser, server, 'ana@example.org', { colorScheme, width });
      try {
        for (const path of ['/admin/staff', `/admin/staff/${memberId}`]) {
          expect((await page.goto(path))?.status()).toBe(200);
          const violations = await runAxe(page);
          expect(violations.length, `axe on ${path} (${colorScheme}, ${width}px):\n${describeViolations(violations)}`).toBe(0);
          const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
              .slice(0, 5)
              .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
              .join(', '),
          );
          expect(scroll, `${path} at ${width}px: ${wide}`).toBeLessThanOrEqual(inner!);
        }
        if (width === 360) await page.screenshot({ path: `/tmp/staff-${colorScheme}-360.png`, fullPage: true });
      } finally {
        await context.close();
      }
    });
  });
});
