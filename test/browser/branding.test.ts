import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { darkVariant } from '../../src/modules/settings/branding.colour.js';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';

/*
 * Branding as an admin sets it and a reader sees it: the logo, the accent
 * colour and the menu, on the home page and an article, on a phone and a
 * desktop, in the light and the dark colour scheme.
 */

const EMAIL = 'brand-admin@example.org';
const PASSWORD = 'correct horse battery staple';
const ACCENT = '#0b5d3b';

/** A wordmark logo, as a designer would export it: a PNG with a transparent background. */
const wordmark = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="160"><rect x="0" y="20" width="120" height="120" rx="16" fill="#0b5d3b"/><text x="150" y="115" font-family="DejaVu Serif, serif" font-weight="700" font-size="96" fill="#0b5d3b">The Herald</text></svg>',
    ),
  )
    .png()
    .toBuffer();

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('branding in the browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let storyPath: string;
  let menu: string[];
  let siteName: string;

  beforeAll(async () => {
    ({ server, browser } = await startDemoAndBrowser());
    await server.services.accounts.create({ email: EMAIL, name: 'Brand Admin', role: 'admin', password: PASSWORD });
    siteName = (await server.services.settings.get()).name;
    const [story] = await server.services.articles.latest(1);
    storyPath = await server.articlePath(story!.slug);
    const sections = await server.services.sections.list();
    // Two sections, the second first, and a link of the site's own.
    menu = [sections[1]!.name, 'About us', sections[0]!.name];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets an admin upload a logo and choose a colour, a menu and footer links', async () => {
    const sections = await server.services.sections.list();
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/admin/sign-in');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin');
    await page.goto('/admin/settings');
    await page.getByRole('link', { name: 'Branding and navigation' }).click();
    await page.getByLabel('Upload a logo').setInputFiles({ name: 'herald.png', mimeType: 'image/png', buffer: await wordmark() });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('The logo is uploaded');
    await page.getByLabel('Accent colour').fill(ACCENT);
    await page.getByLabel('Menu entries, one a line').fill(`${sections[1]!.slug}\nAbout us | /about\n${sections[0]!.slug}`);
    await page.getByLabel('Footer links, one a line').fill('Contact | /contact');
    await page.getByLabel('Social profiles, one a line').fill('https://bsky.app/profile/herald.example');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved.');
    await page.screenshot({ path: '/tmp/brand-admin.png', fullPage: true });
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [390, 1280]) {
      it(`shows the logo, accent colour and menu at ${width} px in the ${colorScheme} scheme, with no axe violations`, async () => {
        const context = await browser.newContext({ baseURL: server.url, colorScheme, viewport: { width, height: 900 } });
        await context.addInitScript({ path: AXE_PATH });
        const page = await context.newPage();
        try {
          for (const path of ['/', storyPath]) {
            const res = await page.goto(path);
            expect(res?.status()).toBe(200);
            const logo = page.locator('.site-title a[rel="home"] img');
            expect(await logo.getAttribute('alt', { timeout: 5000 })).toBe(siteName);
            await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth, undefined, { timeout: 5000 })).toBe(800);
            const box = (await logo.boundingBox())!;
            // In proportion, within the header and the screen.
            expect(box.width / box.height).toBeCloseTo(5, 1);
            expect(box.x).toBeGreaterThanOrEqual(0);
            expect(box.x + box.width).toBeLessThanOrEqual(width);
            expect(await page.locator('.site-nav a').allTextContents()).toEqual(menu);
            for (const name of menu) await expect.poll(() => page.locator('.site-nav').getByRole('link', { name, exact: true }).isVisible()).toBe(true);
            const linkColour = await page.getByRole('link', { name: 'Contact' }).evaluate((a) => getComputedStyle(a).color);
            expect(linkColour).toBe(rgb(colorScheme === 'light' ? ACCENT : darkVariant(ACCENT)));
            expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
            const violations = await runAxe(page);
            expect(violations.length, `axe on ${path} at ${width} px (${colorScheme}):\n${describeViolations(violations)}`).toBe(0);
            await page.screenshot({ path: `/tmp/brand-${path === '/' ? 'home' : 'article'}-${width}-${colorScheme}.png` });
          }
        } finally {
          await context.close();
        }
      });
    }
  }
});
