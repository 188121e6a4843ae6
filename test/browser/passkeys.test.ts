import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import { AXE_PATH, describeViolations, runAxe } from '../helpers/axe.js';
import { CHROMIUM_LAUNCH_OPTIONS } from '../helpers/server.js';

/*
 * A passkey, end to end, in Chromium with its virtual authenticator (a
 * platform authenticator that keeps resident keys and verifies the user):
 * sign in with a password, add a passkey, sign out, sign in with the passkey
 * alone. The site's address must be the one the browser uses, as the
 * relying party id is its host: here http://localhost:PORT, a secure context.
 */

const PASSWORD = 'a sturdy newsroom passphrase';

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('passkeys, in a browser', () => {
  let app: App;
  let browser: Browser;
  let baseURL: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-passkeys-'));
    const port = await freePort();
    baseURL = `http://localhost:${port}`;
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${path.join(dataDir, 'broadsheet.db')}`, SITE_URL: baseURL });
    const database = await openDatabase(config.database);
    await migrateToLatest(database.db);
    app = await buildApp({ config, database });
    await app.listen({ port, host: '127.0.0.1' });
    await app.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectNoViolations(page: Page, what: string) {
    const violations = await runAxe(page);
    expect(violations.length, `axe on ${what}:\n${describeViolations(violations)}`).toBe(0);
  }

  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 375, height: 740 }],
  ] as const) {
    it(`adds a passkey and signs in with it alone (${label})`, async () => {
      const email = `${label}@example.org`;
      await app.services.accounts.create({ email, name: `Casey ${label}`, role: 'editor', password: PASSWORD });
      const context = await browser.newContext({ baseURL, viewport });
      await context.addInitScript({ path: AXE_PATH });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(msg.text());
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
      });
      try {
        await page.goto('/admin/sign-in');
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/admin');

        await page.getByRole('link', { name: 'Passkeys' }).click();
        await page.waitForURL((u) => u.pathname === '/admin/account/passkeys');
        expect(await page.getByText('You have no passkeys yet.').isVisible()).toBe(true);
        await expectNoViolations(page, 'the passkeys page');
        await page.getByLabel('Name', { exact: true }).fill('This laptop');
        await page.getByRole('button', { name: 'Add a passkey' }).click();
        await page.waitForURL((u) => u.pathname === '/admin/account/passkeys' && u.searchParams.has('added'));
        expect(await page.getByRole('status').textContent()).toContain('The passkey was added');
        expect(await page.getByRole('heading', { level: 3 }).first().textContent()).toBe('This laptop');
        await expectNoViolations(page, 'the passkeys page with a passkey');
        // Nothing wider than the screen: the rename and delete forms wrap.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
        expect(credentials).toHaveLength(1);
        expect(credentials[0]!.isResidentCredential).toBe(true);

        await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/admin/sign-in');
        await expectNoViolations(page, 'the sign-in page with its passkey button');
        await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
        await page.waitForURL((u) => u.pathname === '/admin');
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
        expect(await page.getByText(`Casey ${label}`).first().isVisible()).toBe(true);
        // The passkey's use was recorded.
        const [stored] = await app.services.passkeys.list((await app.services.accounts.list()).find((a) => a.email === email)!.id);
        expect(stored!.lastUsedAt).not.toBeNull();
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('says so in the page when the browser holds no passkey for this site', async () => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    // A key without the passkey this site knows: the browser finds nothing to sign in with.
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true } });
    try {
      await page.goto('/admin/sign-in');
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(/No passkey was used|could not use a passkey/);
      expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    } finally {
      await context.close();
    }
  });

  it('keeps the passkey button out of sight without JavaScript; the password form still works', async () => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto('/admin/sign-in');
      expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).isVisible()).toBe(false);
      await page.getByLabel('Email').fill('admin@example.org');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/admin');
      await page.goto('/admin/account/passkeys');
      expect(await page.getByText('Adding a passkey needs a browser that supports passkeys').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Add a passkey' }).isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });
});
