import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { tokenHash } from '../../src/modules/accounts/accounts.service.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import { adminClient } from '../helpers/admin.js';
import { captureLogs } from '../helpers/logs.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'violet lantern over quiet harbour';
const FROM = 'Broadsheet <no-reply@news.example.test>';
const NOTICE = 'If an account exists for that address, we have sent a link to reset its password. The link works for one hour.';
const LINK = new RegExp(`${TEST_SITE_URL.replace(/\./g, '\\.')}(/admin/password-reset/([A-Za-z0-9_-]{43}))(?![A-Za-z0-9_-])`);

/** The path of the reset link in an email, and its token. */
function linkIn(mail: ReceivedMail): { path: string; token: string } {
  const m = LINK.exec(mail.text);
  if (!m) throw new Error(`no reset link in: ${mail.text}`);
  return { path: m[1]!, token: m[2]! };
}

describe('password reset by emailed link', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let seq = 0;
  /** A browser from an address of its own, so the per-address rate limit stays out of the way. */
  const browser = () => adminClient(t.app, `192.0.2.${++seq}`);
  let accountSeq = 0;
  async function account(role: 'editor' | 'author' = 'editor') {
    const n = ++accountSeq;
    return t.services.accounts.create({ email: `staff${n}@example.org`, name: `Staff Member ${n}`, role, password: PASSWORD });
  }

  /** Ask for a link as a visitor would, and wait until any email has been handed over. */
  async function requestLink(email: string, c = browser()) {
    const _csrf = await c.csrfFrom('/admin/password-reset');
    const res = await c.post('/admin/password-reset', { _csrf, email });
    await t.services.passwordResets.settled();
    return res;
  }

  async function linkFor(email: string): Promise<{ path: string; token: string }> {
    const before = smtp.to(email).length;
    expect((await requestLink(email)).statusCode).toBe(200);
    const mails = smtp.to(email);
    expect(mails).toHaveLength(before + 1);
    return linkIn(mails[mails.length - 1]!);
  }

  /** Submit the new-password form of a link, as a browser that opened it. */
  async function choose(linkPath: string, password: string, confirmation = password, c = browser()) {
    const _csrf = await c.csrfFrom(linkPath);
    return c.post(linkPath, { _csrf, password, confirmation });
  }

  const signsIn = async (email: string, password: string) => (await browser().signIn(email, password)).statusCode === 303;
  const resetRows = (accountId: number) => t.database.db.selectFrom('password_resets').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(smtp.url, FROM) });
    // An admin exists, so the newsroom asks visitors to sign in rather than to set up.
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('offers a form asking for the email address', async () => {
    const res = await browser().get('/admin/password-reset');
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    expect(text(doc.querySelector('h1'))).toBe('Reset your password');
    expect(doc.querySelector('form[action="/admin/password-reset"] input[name="email"][type="email"]')).not.toBeNull();
    expect(doc.querySelector('form input[name="_csrf"]')).not.toBeNull();
  });

  it('emails exactly one working link to a known address, storing only its hash', async () => {
    const a = await account();
    const res = await requestLink('  STAFF1@Example.org ');
    expect(res.statusCode).toBe(200);
    expect(text(parse(res.body).querySelector('[role="status"]'))).toBe(NOTICE);

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.envelope.to).toEqual([a.email]);
    expect(mail.to).toBe(a.email);
    expect(mail.from).toBe(FROM);
    expect(mail.subject).toBe('Reset your Broadsheet newsroom password');
    expect(mail.text).toContain('Hello Staff Member 1,');
    const link = linkIn(mail);
    expect(mail.html).toContain(`href="${TEST_SITE_URL}${link.path}"`);
    expect(Buffer.from(link.token, 'base64url')).toHaveLength(32);

    const rows = await resetRows(a.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(tokenHash(link.token));
    expect(rows[0]!.token_hash).not.toContain(link.token);
    expect(rows[0]!.created_at).toBe(t.clock.now().toISOString());
    expect(rows[0]!.expires_at).toBe(new Date(t.clock.now().getTime() + 3_600_000).toISOString());
    expect(rows[0]!.used_at).toBeNull();

    const form = await browser().get(link.path);
    expect(form.statusCode).toBe(200);
    const doc = parse(form.body);
    expect(text(doc.querySelector('h1'))).toBe('Choose a new password');
    expect(text(doc.querySelector('main'))).toContain(a.email);
    expect(doc.querySelector(`form[action="${link.path}"] input[name="password"][type="password"]`)).not.toBeNull();
    expect(doc.querySelector(`form[action="${link.path}"] input[name="confirmation"][type="password"]`)).not.toBeNull();
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const a = await account();
    const known = await requestLink(a.email);
    const sent = smtp.messages.length;
    const unknown = await requestLink('nobody@example.org');
    expect(smtp.messages).toHaveLength(sent);
    expect(smtp.to('nobody@example.org')).toEqual([]);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(text(parse(unknown.body).querySelector('main'))).toBe(text(parse(known.body).querySelector('main')));
    expect(text(parse(unknown.body).querySelector('main'))).toContain(NOTICE);
  });

  it('refuses a weak password or a mismatch with 422 and changes nothing', async () => {
    const a = await account();
    const link = await linkFor(a.email);

    const weak = await choose(link.path, 'short');
    expect(weak.statusCode).toBe(422);
    expect(text(parse(weak.body).querySelector('[role="alert"]'))).toBe('Passwords need at least 12 characters.');
    expect(parse(weak.body).querySelector(`form[action="${link.path}"]`)).not.toBeNull();

    const mismatch = await choose(link.path, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    expect(mismatch.statusCode).toBe(422);
    expect(text(parse(mismatch.body).querySelector('[role="alert"]'))).toMatch(/do not match/);

    expect(await signsIn(a.email, PASSWORD)).toBe(true);
    expect((await resetRows(a.id))[0]!.used_at).toBeNull();
    expect((await browser().get(link.path)).statusCode).toBe(200);
  });

  it('changes the password, ends every session and every other link, and works only once', async () => {
    const a = await account();
    const before = browser();
    expect((await before.signIn(a.email, PASSWORD)).statusCode).toBe(303);
    expect((await before.get('/admin')).statusCode).toBe(200);
    const older = await linkFor(a.email);
    const link = await linkFor(a.email);

    const res = await choose(link.path, NEW_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/password-reset/done');
    const done = await browser().get('/admin/password-reset/done');
    expect(done.statusCode).toBe(200);
    expect(text(parse(done.body).querySelector('[role="status"]'))).toBe('Your password has been changed. Sign in with the new one.');
    expect(parse(done.body).querySelector('a[href="/admin/sign-in"]')).not.toBeNull();

    expect(await signsIn(a.email, PASSWORD)).toBe(false);
    expect(await signsIn(a.email, NEW_PASSWORD)).toBe(true);

    // The browser signed in before the reset has been signed out.
    const after = await before.get('/admin');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/admin\/sign-in/);
    const sessions = await t.database.db.selectFrom('sessions').select('id').where('account_id', '=', a.id).execute();
    expect(sessions).toHaveLength(1); // the one the new password just opened

    for (const used of [link, older]) {
      const again = await browser().get(used.path);
      expect(again.statusCode).toBe(410);
      expect(text(parse(again.body).querySelector('[role="alert"]'))).toMatch(/already been used/);
      expect(parse(again.body).querySelector('a[href="/admin/password-reset"]')).not.toBeNull();
    }
    // No form is offered any more; posting one anyway is refused too.
    const c = browser();
    const _csrf = await c.csrfFrom('/admin/password-reset');
    const post = await c.post(link.path, { _csrf, password: 'another fine passphrase', confirmation: 'another fine passphrase' });
    expect(post.statusCode).toBe(410);
    expect(await signsIn(a.email, NEW_PASSWORD)).toBe(true);
    expect((await resetRows(a.id)).every((r) => r.used_at !== null)).toBe(true);
  });

  it('lets only one of two simultaneous uses of a link through', async () => {
    const a = await account();
    const link = await linkFor(a.email);
    const c = browser();
    const _csrf = await c.csrfFrom(link.path);
    const results = await Promise.all(['first racing passphrase', 'second racing passphrase'].map((password) => c.post(link.path, { _csrf, password, confirmation: password })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    const winner = results[0]!.statusCode === 303 ? 'first racing passphrase' : 'second racing passphrase';
    expect(await signsIn(a.email, winner)).toBe(true);
  });

  it('refuses a forged or unknown link with 404', async () => {
    const forged = `/admin/password-reset/${crypto.randomBytes(32).toString('base64url')}`;
    const res = await browser().get(forged);
    expect(res.statusCode).toBe(404);
    expect(text(parse(res.body).querySelector('[role="alert"]'))).toMatch(/do not recognise this password reset link/);
    expect(parse(res.body).querySelector('a[href="/admin/password-reset"]')).not.toBeNull();
    expect((await browser().get('/admin/password-reset/not-a-token')).statusCode).toBe(404);

    const c = browser();
    const _csrf = await c.csrfFrom('/admin/password-reset');
    expect((await c.post(forged, { _csrf, password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).statusCode).toBe(404);
  });

  it('refuses a form without its CSRF token with 403 and changes nothing', async () => {
    const a = await account();
    const link = await linkFor(a.email);
    const c = browser();
    await c.get(link.path);
    const res = await c.post(link.path, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(text(parse(res.body).querySelector('[role="alert"]'))).toMatch(/expired or did not come from this site/);
    expect(await signsIn(a.email, PASSWORD)).toBe(true);
    expect((await resetRows(a.id))[0]!.used_at).toBeNull();
    expect((await c.get(link.path)).statusCode).toBe(200);

    const sent = smtp.messages.length;
    const asking = browser();
    await asking.get('/admin/password-reset');
    const request = await asking.post('/admin/password-reset', { email: a.email });
    await t.services.passwordResets.settled();
    expect(request.statusCode).toBe(403);
    expect(smtp.messages).toHaveLength(sent);
  });

  it('sends at most three links an hour to one account, answering the same', async () => {
    const a = await account();
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await requestLink(a.email);
      expect(res.statusCode).toBe(200);
      answers.push(text(parse(res.body).querySelector('main')));
    }
    expect(new Set(answers).size).toBe(1);
    expect(smtp.to(a.email)).toHaveLength(3);
    expect(await resetRows(a.id)).toHaveLength(3);
  });

  it('sends no more than three links however many requests arrive at once', async () => {
    const a = await account();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => t.services.passwordResets.request(a.email)));
    await t.services.passwordResets.settled();
    const sent = outcomes.filter((o) => o.outcome === 'sent').length;
    expect(sent).toBeLessThanOrEqual(3);
    expect(smtp.to(a.email)).toHaveLength(sent);
    expect(await resetRows(a.id)).toHaveLength(sent);
  });

  it('limits requests from one address to five in 15 minutes', async () => {
    const c = browser();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await requestLink(`someone${i}@example.org`, c)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('refuses a link after an hour with 410, changing nothing, and sends again once the hour is over', async () => {
    const a = await account();
    for (let i = 0; i < 3; i++) await linkFor(a.email);
    const link = linkIn(smtp.to(a.email)[2]!);
    const c = browser();
    const _csrf = await c.csrfFrom(link.path);
    t.clock.advance(61 * 60_000);

    const res = await c.get(link.path);
    expect(res.statusCode).toBe(410);
    expect(text(parse(res.body).querySelector('[role="alert"]'))).toMatch(/has expired/);
    expect(parse(res.body).querySelector('a[href="/admin/password-reset"]')).not.toBeNull();
    expect((await c.post(link.path, { _csrf, password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).statusCode).toBe(410);
    expect(await signsIn(a.email, PASSWORD)).toBe(true);

    const fresh = await linkFor(a.email);
    expect((await browser().get(fresh.path)).statusCode).toBe(200);
  });

  it('sends no link to a disabled account, and stops links of one disabled since', async () => {
    const a = await account();
    const link = await linkFor(a.email);
    await t.database.db.updateTable('accounts').set({ disabled: 1 }).where('id', '=', a.id).execute();
    const res = await browser().get(link.path);
    expect(res.statusCode).toBe(410);
    const sent = smtp.to(a.email).length;
    expect((await requestLink(a.email)).statusCode).toBe(200);
    expect(smtp.to(a.email)).toHaveLength(sent);
  });
});

describe('password reset logs', () => {
  let database: TestDatabase;
  let app: App;
  let smtp: TestSmtpServer;
  let dataDir: string;
  const logs = captureLogs();
  const { lines } = logs;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    app = await buildApp({
      config: { ...config, database: database.config },
      database,
      clock: fixedClock('2024-03-29T15:00:00.000Z'),
      mailer: createSmtpMailer(smtp.url, FROM),
      logger: { level: 'info', stream: logs.stream },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await smtp?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs each outcome with the account id, never the token, the address or the email', async () => {
    const a = await app.services.accounts.create({ email: 'logged@example.org', name: 'Lo Logged', role: 'author', password: PASSWORD });
    const c = adminClient(app, '198.51.100.7');
    const ask = async (email: string) => {
      const _csrf = await c.csrfFrom('/admin/password-reset');
      await c.post('/admin/password-reset', { _csrf, email });
      await app.services.passwordResets.settled();
    };
    await ask(a.email);
    await ask('unknown-person@example.org');
    const link = linkIn(smtp.messages[0]!);
    const _csrf = await c.csrfFrom(link.path);
    await c.post(link.path, { _csrf, password: 'short', confirmation: 'short' });
    await c.post(link.path, { _csrf, password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    await c.get(link.path);

    const byMsg = (msg: string) => lines.filter((l) => l.msg === msg);
    expect(byMsg('password reset link issued')).toEqual([expect.objectContaining({ level: 30, accountId: a.id })]);
    expect(byMsg('password reset email sent')).toEqual([expect.objectContaining({ level: 30, accountId: a.id })]);
    expect(byMsg('password reset requested for an address without an account')).toHaveLength(1);
    expect(byMsg('password reset link opened')).toEqual([expect.objectContaining({ accountId: a.id })]);
    expect(byMsg('password reset refused').map((l) => [l.accountId, l.code])).toEqual([[a.id, 'invalid_input']]);
    expect(byMsg('password reset by email link')).toEqual([expect.objectContaining({ level: 30, accountId: a.id, sessionsEnded: 0 })]);
    expect(byMsg('password reset link refused').map((l) => [l.accountId, l.code])).toEqual([[a.id, 'reset_link_used']]);

    // Request lines name the route, with the token masked.
    const urls = lines.filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url);
    expect(urls).toContain('/admin/password-reset/[token]');
    expect(logs.raw()).not.toContain(link.token);
    expect(logs.raw()).not.toContain(tokenHash(link.token));
    expect(logs.raw()).not.toContain(a.email);
    expect(logs.raw()).not.toContain('unknown-person@example.org');
    expect(logs.raw()).not.toContain('hopefully you');
    expect(logs.raw()).not.toContain(NEW_PASSWORD);
  });
});
