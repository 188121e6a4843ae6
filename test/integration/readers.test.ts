import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../../src/modules/accounts/accounts.service.js';
import { articlePath } from '../../src/platform/urls.js';
import { READER_COOKIE } from '../../src/platform/cookies.js';
import { installReaderSession } from '../../src/modules/readers/readers.request.js';
import { isBanned, PERMANENT_BAN_UNTIL, type Reader, type ReaderMailResult } from '../../src/modules/readers/readers.service.js';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/platform/clock.js';
import { AppError } from '../../src/platform/errors.js';
import { createSmtpMailer, type Mailer } from '../../src/platform/mailer.js';
import { adminClient } from '../helpers/admin.js';
import { captureLogs } from '../helpers/logs.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildArticle } from '../helpers/factories.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const FROM = 'Broadsheet <no-reply@news.example.test>';
const PASSWORD = 'correct horse battery staple';
const OTHER_PASSWORD = 'violet lantern over quiet harbour';
const LINK = new RegExp(`${TEST_SITE_URL.replace(/\./g, '\\.')}(/account/(verify|link)/([A-Za-z0-9_-]{43}))(?:\\?next=(\\S+))?`);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SAME_ANSWER_SIGN_UP = 'We have sent an email to the address you gave. Open the link in it to confirm your address and sign in.';

/** The emailed link in a message: its path, kind, token and `next`, if any. */
function linkIn(mail: ReceivedMail): { path: string; kind: 'verify' | 'link'; token: string; next: string | undefined } {
  const m = LINK.exec(mail.text);
  if (!m) throw new Error(`no reader link in: ${mail.text}`);
  return { path: m[1]!, kind: m[2] as 'verify' | 'link', token: m[3]!, next: m[4] === undefined ? undefined : decodeURIComponent(m[4]) };
}

describe('reader accounts', () => {
  let t: TestContext;
  let smtp: TestSmtpServer;
  let ipSeq = 0;
  let emailSeq = 0;
  /** A browser from an address of its own, so per-address limits stay out of the way unless a test means them. */
  const browser = (ip = `198.18.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`) => adminClient(t.app, ip);
  const freshEmail = () => `reader${++emailSeq}@example.org`;
  const readerRow = (email: string) => t.database.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();
  const linkRows = (readerId: number) => t.database.db.selectFrom('reader_links').selectAll().where('reader_id', '=', readerId).orderBy('created_at').execute();
  const mailsTo = (email: string) => smtp.to(email);
  const lastMailTo = (email: string) => {
    const all = mailsTo(email);
    if (all.length === 0) throw new Error(`no mail to ${email}`);
    return all[all.length - 1]!;
  };
  const alert = (body: string) => text(parse(body).querySelector('[role="alert"]'));
  const mainText = (body: string) => text(parse(body).querySelector('main'));

  /** Fill in and send the sign-up form as a visitor would. */
  async function signUpForm(fields: { email: string; displayName: string; password?: string; next?: string }, c = browser()) {
    const _csrf = await c.csrfFrom('/account/sign-up');
    const res = await c.post('/account/sign-up', { _csrf, email: fields.email, displayName: fields.displayName, password: fields.password ?? '', ...(fields.next ? { next: fields.next } : {}) });
    await t.services.readers.settled();
    return res;
  }

  /** Open an emailed link and press Continue in the same browser. */
  async function follow(path: string, c = browser()) {
    const page = await c.get(path);
    expect(page.statusCode).toBe(200);
    const form = parse(page.body).querySelector('main form');
    const _csrf = form?.querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';
    const next = form?.querySelector('input[name="next"]')?.getAttribute('value');
    return c.post(path, { _csrf, ...(next ? { next } : {}) });
  }

  /** A reader who signed up (with or without a password) and confirmed their email, signed in in the returned browser. */
  async function signedInReader(options: { password?: string; name?: string } = {}) {
    const email = freshEmail();
    const c = browser();
    expect((await signUpForm({ email, displayName: options.name ?? 'Ana Ruiz', ...(options.password ? { password: options.password } : {}) }, c)).statusCode).toBe(200);
    expect((await follow(linkIn(lastMailTo(email)).path, c)).statusCode).toBe(303);
    const reader = (await t.services.readers.byId((await readerRow(email))!.id))!;
    return { c, email, reader, token: c.jar.cookies.get(READER_COOKIE)! };
  }

  /** Ask for a sign-in link through the form. */
  async function askForLink(email: string, c = browser(), next?: string) {
    const _csrf = await c.csrfFrom(next ? `/account/sign-in?next=${encodeURIComponent(next)}` : '/account/sign-in');
    const form = parse((await c.get(next ? `/account/sign-in?next=${encodeURIComponent(next)}` : '/account/sign-in')).body).querySelector('form[action="/account/sign-in"]');
    const nextValue = form?.querySelector('input[name="next"]')?.getAttribute('value');
    const res = await c.post('/account/sign-in/link', { _csrf, email, ...(nextValue ? { next: nextValue } : {}) });
    await t.services.readers.settled();
    return res;
  }

  async function passwordSignIn(email: string, password: string, c = browser()) {
    const _csrf = await c.csrfFrom('/account/sign-in');
    return c.post('/account/sign-in', { _csrf, email, password });
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ mailer: createSmtpMailer(smtp.url, FROM) });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  describe('signing up and confirming the email', () => {
    it('offers a sign-up form that works without JavaScript, with the password optional', async () => {
      const res = await browser().get('/account/sign-up');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const doc = parse(res.body);
      expect(text(doc.querySelector('h1'))).toBe('Create an account');
      // The site's own chrome around it.
      expect(doc.querySelector('header.site-header a[rel="home"]')).not.toBeNull();
      const form = doc.querySelector('form[action="/account/sign-up"][method="post"]')!;
      expect(form.querySelector('input[name="_csrf"]')?.getAttribute('value')).toBeTruthy();
      expect(form.querySelector('input[name="email"][type="email"][required]')).not.toBeNull();
      expect(form.querySelector('input[name="displayName"][required][maxlength="50"]')).not.toBeNull();
      const password = form.querySelector('input[name="password"][type="password"]')!;
      expect(password.hasAttribute('required')).toBe(false);
      expect(text(doc.getElementById(password.getAttribute('aria-describedby')!))).toMatch(/^Leave empty to sign in by emailed links\./);
      // Only the header's account link script, which the form does not need.
      expect([...doc.querySelectorAll('script')].map((s) => s.getAttribute('src')?.replace(/\?.*$/, ''))).toEqual(['/assets/account-header.js']);
    });

    it('emails a confirmation link; opening it does not use it; Continue signs in and confirms the email', async () => {
      const email = freshEmail();
      const c = browser();
      const res = await signUpForm({ email: `  ${email.toUpperCase()} `, displayName: '  Ana   Ruiz ' }, c);
      expect(res.statusCode).toBe(200);
      expect(text(parse(res.body).querySelector('h1'))).toBe('Check your email');
      expect(text(parse(res.body).querySelector('[role="status"]'))).toBe(SAME_ANSWER_SIGN_UP);

      const row = (await readerRow(email))!;
      expect(row.display_name).toBe('Ana Ruiz');
      expect(row.password_hash).toBeNull();
      expect(row.email_verified_at).toBeNull();
      expect(row.notify_replies).toBe(1);

      expect(mailsTo(email)).toHaveLength(1);
      const mail = lastMailTo(email);
      expect(mail.subject).toBe('Confirm your email for Broadsheet');
      expect(mail.from).toBe(FROM);
      expect(mail.html).toContain('Hello Ana Ruiz,');
      expect(mail.text).toContain('Hello Ana Ruiz,');
      const link = linkIn(mail);
      expect(link.kind).toBe('verify');
      expect(link.next).toBeUndefined();
      const [stored] = await linkRows(row.id);
      expect(stored!.token_hash).toBe(tokenHash(link.token));
      expect(stored!.purpose).toBe('verify');
      expect(stored!.expires_at).toBe(new Date(t.clock.now().getTime() + DAY).toISOString());

      // A mail scanner (or the person) opening the link twice spends nothing.
      for (let i = 0; i < 2; i++) {
        const page = await browser().get(link.path);
        expect(page.statusCode).toBe(200);
        expect(page.headers['cache-control']).toBe('no-store');
        expect(page.headers['referrer-policy']).toBe('no-referrer');
        const doc = parse(page.body);
        expect(text(doc.querySelector('h1'))).toBe('Confirm your email');
        const form = doc.querySelector(`main form[method="post"][action="${link.path}"]`)!;
        expect(text(form.querySelector('button'))).toBe('Continue');
        expect(form.querySelector('input[name="_csrf"]')).not.toBeNull();
      }
      expect((await linkRows(row.id))[0]!.used_at).toBeNull();
      expect((await readerRow(email))!.email_verified_at).toBeNull();

      const done = await follow(link.path, c);
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe('/account?welcome=confirmed');
      const set = (done.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; secure?: boolean; path?: string; maxAge?: number }[]).find((k) => k.name === READER_COOKIE)!;
      expect(set.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(set.httpOnly).toBe(true);
      expect(set.sameSite).toBe('Lax');
      expect(set.secure).toBe(true);
      expect(set.path).toBe('/');
      expect(set.maxAge).toBe(30 * 24 * 3600);
      // Only the token's hash is stored.
      const session = await t.database.db.selectFrom('reader_sessions').selectAll().where('reader_id', '=', row.id).executeTakeFirstOrThrow();
      expect(session.id).toBe(tokenHash(set.value));

      expect((await readerRow(email))!.email_verified_at).toBe(t.clock.now().toISOString());
      const account = await c.get('/account');
      expect(account.statusCode).toBe(200);
      expect(account.headers['cache-control']).toBe('no-store');
      const doc = parse(account.body);
      expect(text(doc.querySelector('h1'))).toBe('Your account');
      expect(doc.querySelector('input[name="displayName"]')?.getAttribute('value')).toBe('Ana Ruiz');
      expect(mainText(account.body)).toContain(email);
      expect(mainText(account.body)).not.toContain('Confirm your email to comment');
    });

    it('refuses a used link with 400, on opening it and on pressing Continue', async () => {
      const { email } = await signedInReader();
      const link = linkIn(lastMailTo(email));
      const again = await browser().get(link.path);
      expect(again.statusCode).toBe(400);
      expect(text(parse(again.body).querySelector('h1'))).toBe('This link does not work');
      expect(alert(again.body)).toBe('This link has already been used: each link works once. Sign in, or ask for a new link.');
      expect(parse(again.body).querySelector('main form')).toBeNull();

      const c = browser();
      const _csrf = await c.csrfFrom('/account/sign-in');
      const post = await c.post(link.path, { _csrf });
      expect(post.statusCode).toBe(400);
      expect(alert(post.body)).toMatch(/already been used/);
      expect(c.jar.cookies.has(READER_COOKIE)).toBe(false);
    });

    it('refuses unknown and malformed links with 400', async () => {
      for (const path of [`/account/verify/${'A'.repeat(43)}`, '/account/verify/short', `/account/link/${'b'.repeat(43)}`]) {
        const res = await browser().get(path);
        expect(res.statusCode).toBe(400);
        expect(alert(res.body)).toMatch(/^We do not recognise this link\./);
      }
    });

    it('refuses a confirmation link after 24 hours, and leaves the email unconfirmed', async () => {
      const email = freshEmail();
      await signUpForm({ email, displayName: 'Late Larry' });
      const link = linkIn(lastMailTo(email));
      t.clock.advance(DAY - 1000);
      expect((await browser().get(link.path)).statusCode).toBe(200);
      t.clock.advance(1000);
      const expired = await browser().get(link.path);
      expect(expired.statusCode).toBe(400);
      expect(alert(expired.body)).toMatch(/^This confirmation link has expired: links work for 24 hours\./);
      const c = browser();
      const _csrf = await c.csrfFrom('/account/sign-in');
      expect((await c.post(link.path, { _csrf })).statusCode).toBe(400);
      expect((await readerRow(email))!.email_verified_at).toBeNull();
      expect(c.jar.cookies.has(READER_COOKIE)).toBe(false);
    });

    it('does not let a confirmation link be used as a sign-in link', async () => {
      const email = freshEmail();
      await signUpForm({ email, displayName: 'Mixed Up' });
      const link = linkIn(lastMailTo(email));
      const res = await browser().get(`/account/link/${link.token}`);
      expect(res.statusCode).toBe(400);
      expect(alert(res.body)).toMatch(/^We do not recognise this link/);
      expect((await browser().get(link.path)).statusCode).toBe(200);
    });

    it('answers a sign-up for a taken email exactly like a new one, and emails a sign-in link instead', async () => {
      const { email, reader } = await signedInReader({ password: PASSWORD, name: 'Original Owner' });
      const freshAddress = freshEmail();
      const fresh = await signUpForm({ email: freshAddress, displayName: 'Someone New', password: OTHER_PASSWORD });
      const before = mailsTo(email).length;
      const taken = await signUpForm({ email: email.toUpperCase(), displayName: 'Someone Else', password: OTHER_PASSWORD });
      expect(taken.statusCode).toBe(fresh.statusCode);
      expect(mainText(taken.body)).toBe(mainText(fresh.body));

      expect(mailsTo(email)).toHaveLength(before + 1);
      const mail = lastMailTo(email);
      expect(mail.subject).toBe('You already have an account at Broadsheet');
      expect(mail.text).toContain('Hello Original Owner,');
      expect(mail.text).toContain('You already have an account, so nothing new was created.');
      const link = linkIn(mail);
      expect(link.kind).toBe('link');

      // Nothing about the account changed: one row, same name, same password.
      expect(await t.database.db.selectFrom('readers').select('id').where('email', '=', email).execute()).toHaveLength(1);
      expect((await t.services.readers.byId(reader.id))!.displayName).toBe('Original Owner');
      expect((await passwordSignIn(email, PASSWORD)).statusCode).toBe(303);
      expect((await passwordSignIn(email, OTHER_PASSWORD)).statusCode).toBe(401);

      const c = browser();
      expect((await follow(link.path, c)).statusCode).toBe(303);
      expect(
        parse((await c.get('/account')).body)
          .querySelector('input[name="displayName"]')
          ?.getAttribute('value'),
      ).toBe('Original Owner');
    });

    it('refuses bad display names with 422, keeps what was typed, and stores and sends nothing', async () => {
      const cases: [string, RegExp][] = [
        ['', /^Choose a display name/],
        ['   ', /^Choose a display name/],
        ['x'.repeat(51), /^Display names are limited to 50 characters\.$/],
        ['\u202Egnp.exe', /invisible or control characters/],
        ['\u200B\u200B\u200B', /invisible or control characters/],
        ['....', /at least one letter or digit/],
      ];
      const sent = smtp.messages.length;
      for (const [displayName, message] of cases) {
        const email = freshEmail();
        const res = await signUpForm({ email, displayName });
        expect(res.statusCode, JSON.stringify(displayName)).toBe(422);
        expect(alert(res.body)).toMatch(message);
        const form = parse(res.body).querySelector('form[action="/account/sign-up"]')!;
        expect(form.querySelector('input[name="email"]')?.getAttribute('value')).toBe(email);
        expect(form.querySelector('input[name="password"]')?.getAttribute('value') ?? '').toBe('');
        expect(await readerRow(email)).toBeUndefined();
      }
      // Exactly 50 characters is fine.
      const ok = freshEmail();
      expect((await signUpForm({ email: ok, displayName: 'y'.repeat(50) })).statusCode).toBe(200);
      expect((await readerRow(ok))!.display_name).toBe('y'.repeat(50));
      expect(smtp.messages.length).toBe(sent + 1);
    });

    it('refuses a bad email or a weak password with 422', async () => {
      const notEmail = await signUpForm({ email: 'not-an-address', displayName: 'Ana' });
      expect(notEmail.statusCode).toBe(422);
      expect(alert(notEmail.body)).toBe('Enter your email address, such as name@example.org.');
      const email = freshEmail();
      const weak = await signUpForm({ email, displayName: 'Ana', password: 'short' });
      expect(weak.statusCode).toBe(422);
      expect(alert(weak.body)).toBe('Passwords need at least 12 characters.');
      expect(await readerRow(email)).toBeUndefined();
    });

    it('carries a safe next path through the emailed link, and drops an unsafe one', async () => {
      const email = freshEmail();
      const c = browser();
      const page = parse((await c.get('/account/sign-up?next=%2F2024%2F03%2F29%2Fa-story%23comments')).body);
      expect(page.querySelector('form[action="/account/sign-up"] input[name="next"]')?.getAttribute('value')).toBe('/2024/03/29/a-story#comments');
      await signUpForm({ email, displayName: 'Nia Next', next: '/2024/03/29/a-story#comments' }, c);
      const link = linkIn(lastMailTo(email));
      expect(link.next).toBe('/2024/03/29/a-story#comments');
      const res = await follow(`${link.path}?next=${encodeURIComponent(link.next!)}`, c);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/2024/03/29/a-story?welcome=confirmed#comments');

      const other = freshEmail();
      await signUpForm({ email: other, displayName: 'Eve Elsewhere', next: '//evil.example/' });
      const unsafe = linkIn(lastMailTo(other));
      expect(unsafe.next).toBeUndefined();
      const viaForged = await follow(`${unsafe.path}?next=${encodeURIComponent('https://evil.example/')}`);
      expect(viaForged.headers.location).toBe('/account?welcome=confirmed');
    });

    it('goes to the account page, not to an error, when next holds what a Location header cannot carry', async () => {
      const email = freshEmail();
      const c = browser();
      await signUpForm({ email, displayName: 'Uma Unicode', password: PASSWORD, next: '/café' }, c);
      const link = linkIn(lastMailTo(email));
      expect(link.next).toBeUndefined();
      // A hand-made link with such a next spends the link and still signs in.
      const viaLink = await follow(`${link.path}?next=${encodeURIComponent('/café')}`, c);
      expect(viaLink.statusCode).toBe(303);
      expect(viaLink.headers.location).toBe('/account?welcome=confirmed');
      expect(c.jar.cookies.has(READER_COOKIE)).toBe(true);

      const other = browser();
      const _csrf = await other.csrfFrom('/account/sign-in');
      const res = await other.post('/account/sign-in', { _csrf, email, password: PASSWORD, next: '/€' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account?welcome=signed-in');
      expect(other.jar.cookies.has(READER_COOKIE)).toBe(true);
    });

    it('offers unconfirmed readers a new confirmation link from their account page', async () => {
      const email = freshEmail();
      await signUpForm({ email, displayName: 'Pat Password', password: PASSWORD });
      const c = browser();
      expect((await passwordSignIn(email, PASSWORD, c)).statusCode).toBe(303);
      const page = await c.get('/account');
      const section = parse(page.body).querySelector('.account-verify')!;
      expect(text(section.querySelector('h2'))).toBe('Confirm your email to comment');
      const _csrf = section.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
      const res = await c.post('/account/verify-email', { _csrf });
      await t.services.readers.settled();
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account?saved=verification');
      expect(mailsTo(email)).toHaveLength(2);
      expect(lastMailTo(email).subject).toBe('Confirm your email for Broadsheet');
      expect((await follow(linkIn(lastMailTo(email)).path, c)).statusCode).toBe(303);
      expect(parse((await c.get('/account')).body).querySelector('.account-verify')).toBeNull();
    });
  });

  describe('signing in by emailed link', () => {
    it('answers the same for a known and an unknown address, and emails only the known one', async () => {
      const { email } = await signedInReader();
      const before = smtp.messages.length;
      const known = await askForLink(email);
      const unknown = await askForLink('nobody-here@example.org');
      expect(known.statusCode).toBe(200);
      expect(unknown.statusCode).toBe(200);
      expect(mainText(unknown.body)).toBe(mainText(known.body));
      expect(text(parse(known.body).querySelector('[role="status"]'))).toBe('If an account exists for that address, we have sent it a sign-in link. The link works once, within 30 minutes.');
      expect(smtp.messages.length).toBe(before + 1);
      expect(smtp.to('nobody-here@example.org')).toEqual([]);
      const mail = lastMailTo(email);
      expect(mail.subject).toBe('Your sign-in link for Broadsheet');
      expect(linkIn(mail).kind).toBe('link');
    });

    it('signs in once with the link, to the page the reader came from', async () => {
      const { email, reader } = await signedInReader();
      await askForLink(email, browser(), '/2024/03/29/some-story#respond');
      const link = linkIn(lastMailTo(email));
      expect(link.next).toBe('/2024/03/29/some-story#respond');
      const rows = await linkRows(reader.id);
      expect(rows[rows.length - 1]!.expires_at).toBe(new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString());

      const c = browser();
      const page = await c.get(`${link.path}?next=${encodeURIComponent(link.next!)}`);
      expect(text(parse(page.body).querySelector('h1'))).toBe('Sign in');
      const res = await follow(`${link.path}?next=${encodeURIComponent(link.next!)}`, c);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/2024/03/29/some-story?welcome=signed-in#respond');
      expect((await c.get('/account')).statusCode).toBe(200);
      expect((await browser().get(link.path)).statusCode).toBe(400);
    });

    it('refuses a sign-in link after 30 minutes', async () => {
      const { email } = await signedInReader();
      await askForLink(email);
      const link = linkIn(lastMailTo(email));
      t.clock.advance(30 * MINUTE);
      const res = await browser().get(link.path);
      expect(res.statusCode).toBe(400);
      expect(alert(res.body)).toBe('This sign-in link has expired: links work for 30 minutes. Ask for a new one.');
    });

    it('sends at most three unused links an hour to one reader, quietly', async () => {
      const { email } = await signedInReader();
      const before = mailsTo(email).length;
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await askForLink(email));
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(answers.map((r) => mainText(r.body))).size).toBe(1);
      expect(mailsTo(email)).toHaveLength(before + 3);
      t.clock.advance(HOUR);
      await askForLink(email);
      expect(mailsTo(email)).toHaveLength(before + 4);
    });

    it('sends no more than three links to one reader, or twenty emails for one address, however many requests arrive at once', async () => {
      const { email, reader } = await signedInReader();
      const before = mailsTo(email).length;
      const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => t.services.readers.sendSignInLink(email, `192.0.2.${100 + i}`)));
      expect(burst.filter((o) => o === 'sent').length).toBeLessThanOrEqual(3);
      // Asked for one at a time afterwards, the reader gets what is left of the three, and no more.
      for (let i = 0; i < 4; i++) await t.services.readers.sendSignInLink(email, `192.0.2.${110 + i}`);
      await t.services.readers.settled();
      expect(mailsTo(email)).toHaveLength(before + 3);
      expect((await linkRows(reader.id)).filter((l) => l.used_at === null)).toHaveLength(3);

      // One address asking for many readers at once, then one at a time: twenty emails in all.
      const ip = '192.0.2.250';
      const emails = Array.from({ length: 45 }, () => freshEmail());
      for (const e of emails) await t.services.readers.signUp({ email: e, displayName: 'Many Readers', ip: '192.0.2.251' });
      const atOnce = await Promise.all(emails.slice(0, 24).map((e) => t.services.readers.sendSignInLink(e, ip)));
      expect(atOnce.filter((o) => o === 'sent').length).toBeLessThanOrEqual(20);
      const oneByOne = [];
      for (const e of emails.slice(24)) oneByOne.push(await t.services.readers.sendSignInLink(e, ip));
      expect(oneByOne.at(-1)).toBe('limited');
      await t.services.readers.settled();
      expect(emails.flatMap((e) => mailsTo(e).filter((m) => linkIn(m).kind === 'link'))).toHaveLength(20);
      t.clock.advance(HOUR);
    });

    it('refuses a request without an email address with 422', async () => {
      const c = browser();
      const _csrf = await c.csrfFrom('/account/sign-in');
      const res = await c.post('/account/sign-in/link', { _csrf, email: '' });
      expect(res.statusCode).toBe(422);
      expect(alert(res.body)).toBe('Enter your email address, such as name@example.org.');
    });

    it('takes back an unconfirmed account from whoever set its password, when the owner proves the inbox', async () => {
      const email = freshEmail();
      // Someone signs up with an address that is not theirs, and signs in with the password they chose.
      await signUpForm({ email, displayName: 'Squatter', password: OTHER_PASSWORD });
      const squatter = browser();
      expect((await passwordSignIn(email, OTHER_PASSWORD, squatter)).statusCode).toBe(303);
      expect((await squatter.get('/account')).statusCode).toBe(200);

      // The owner of the inbox asks for a sign-in link and uses it.
      await askForLink(email);
      const owner = browser();
      expect((await follow(linkIn(lastMailTo(email)).path, owner)).statusCode).toBe(303);
      const row = (await readerRow(email))!;
      expect(row.email_verified_at).not.toBeNull();
      expect(row.password_hash).toBeNull();
      expect((await squatter.get('/account')).statusCode).toBe(303);
      expect((await passwordSignIn(email, OTHER_PASSWORD)).statusCode).toBe(401);
      expect((await owner.get('/account')).statusCode).toBe(200);
    });
  });

  describe('signing in by password', () => {
    it('signs in with the right password, also before the email is confirmed', async () => {
      const email = freshEmail();
      await signUpForm({ email, displayName: 'Pia Password', password: PASSWORD });
      const c = browser();
      const page = parse((await c.get('/account/sign-in')).body);
      expect(page.querySelector('form[action="/account/sign-in"] input[name="password"][type="password"]')).not.toBeNull();
      expect(text(page.querySelector('form[action="/account/sign-in"] button[formaction="/account/sign-in/link"][formnovalidate]'))).toBe('Email me a sign-in link');

      const res = await passwordSignIn(email, PASSWORD, c);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account?welcome=signed-in');
      const account = await c.get('/account');
      expect(account.statusCode).toBe(200);
      expect(text(parse(account.body).querySelector('.account-verify h2'))).toBe('Confirm your email to comment');
      const reader = (await t.services.readers.session(c.jar.cookies.get(READER_COOKIE)))!;
      expect(reader.verified).toBe(false);
      // Signed in, the sign-in page sends the reader on.
      const again = await c.get('/account/sign-in?next=%2F2024%2F01%2F01%2Fx');
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe('/2024/01/01/x');
    });

    it('says the same for a wrong password, an unknown email and an account without a password', async () => {
      const { email: withPassword } = await signedInReader({ password: PASSWORD });
      const { email: linkOnly } = await signedInReader();
      const answers = await Promise.all([passwordSignIn(withPassword, OTHER_PASSWORD), passwordSignIn('nobody@example.org', PASSWORD), passwordSignIn(linkOnly, PASSWORD)]);
      for (const res of answers) {
        expect(res.statusCode).toBe(401);
        expect(alert(res.body)).toBe('That email and password do not match. If you signed up without a password, ask for a sign-in link instead.');
        expect(res.cookies.some((k: { name: string }) => k.name === READER_COOKIE)).toBe(false);
      }
      // The email typed is kept; the password is not.
      const form = parse(answers[0]!.body).querySelector('form[action="/account/sign-in"]')!;
      expect(form.querySelector('input[name="email"]')?.getAttribute('value')).toBe(withPassword);
      expect(form.querySelector('input[name="password"]')?.getAttribute('value') ?? '').toBe('');
    });

    it('locks one address out after five failures with 429 and Retry-After, not the reader elsewhere, and only for a while', async () => {
      const { email } = await signedInReader({ password: PASSWORD });
      const attacker = browser('203.0.113.77');
      for (let i = 0; i < 5; i++) expect((await passwordSignIn(email, `wrong guess ${i}`, attacker)).statusCode).toBe(401);
      const locked = await passwordSignIn(email, PASSWORD, attacker);
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(alert(locked.body)).toMatch(/^Too many failed sign-ins\. Try again in \d+ minutes?, or ask for a sign-in link by email\.$/);
      expect(attacker.jar.cookies.has(READER_COOKIE)).toBe(false);

      expect((await passwordSignIn(email, PASSWORD, browser('192.0.2.201'))).statusCode).toBe(303);

      t.clock.advance(15 * MINUTE + 1000);
      expect((await passwordSignIn(email, PASSWORD, attacker)).statusCode).toBe(303);
    });

    it('lets no more than five guesses sent all at once through, and stores none of those it refused', async () => {
      const { email } = await signedInReader({ password: PASSWORD });
      const ip = '203.0.113.88';
      const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => t.services.readers.signIn({ email, password: `simultaneous guess ${i}`, ip }).catch((e: unknown) => e as AppError)));
      const statuses = guesses.map((g) => (g as AppError).status);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      const through = statuses.filter((s) => s === 401).length;
      expect(through).toBeLessThanOrEqual(5);
      const stored = await t.database.db.selectFrom('sign_in_attempts').select('succeeded').where('email', '=', `reader:${email}`).execute();
      expect(stored.map((r) => r.succeeded)).toEqual(Array(through).fill(0));
      // The guesses that got through count; the rest of the five follow, then even the right password waits.
      for (let i = through; i < 5; i++) await expect(t.services.readers.signIn({ email, password: `later guess ${i}`, ip })).rejects.toMatchObject({ status: 401 });
      await expect(t.services.readers.signIn({ email, password: PASSWORD, ip })).rejects.toMatchObject({ status: 429 });
      t.clock.advance(15 * MINUTE + 1000);
      await expect(t.services.readers.signIn({ email, password: PASSWORD, ip })).resolves.toMatchObject({ reader: { email } });
    });

    it('caps failures from one address across every email', async () => {
      const ip = '203.0.113.99';
      const tryOnce = (n: number) => t.services.readers.signIn({ email: `guess${n}@example.org`, password: 'not the password', ip });
      for (let i = 0; i < 30; i++) await expect(tryOnce(i)).rejects.toMatchObject({ status: 401 });
      const err = await tryOnce(30).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(429);
      expect((err as AppError).details?.retryAfterSeconds).toBeGreaterThan(0);
      // Another address is not affected.
      await expect(t.services.readers.signIn({ email: 'guess0@example.org', password: 'not the password', ip: '203.0.113.100' })).rejects.toMatchObject({ status: 401 });
      t.clock.advance(15 * MINUTE + 1000);
    });
  });

  describe('the account page', () => {
    it('sends visitors who are not signed in to sign in', async () => {
      const res = await browser().get('/account');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account/sign-in?next=%2Faccount');
    });

    it('saves the display name and the reply-email choice', async () => {
      const { c, reader } = await signedInReader({ name: 'Before Name' });
      const doc = parse((await c.get('/account')).body);
      const form = doc.querySelector('form[action="/account"]')!;
      expect(form.querySelector('input[name="notifyReplies"][type="checkbox"]')?.hasAttribute('checked')).toBe(true);
      expect(text(doc.querySelector('label[for="notifyReplies"]'))).toBe('Email me when someone replies to me');
      const _csrf = form.querySelector('input[name="_csrf"]')!.getAttribute('value')!;

      // An unchecked box is simply absent from the form.
      const res = await c.post('/account', { _csrf, displayName: ' After  Name ' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account?saved=profile');
      const after = (await t.services.readers.byId(reader.id))!;
      expect(after.displayName).toBe('After Name');
      expect(after.notifyReplies).toBe(false);
      const page = parse((await c.get('/account?saved=profile')).body);
      expect(text(page.querySelector('[role="status"]'))).toBe('Your profile has been saved.');
      expect(page.querySelector('input[name="notifyReplies"]')?.hasAttribute('checked')).toBe(false);

      expect((await c.post('/account', { _csrf, displayName: 'After Name', notifyReplies: '1' })).statusCode).toBe(303);
      expect((await t.services.readers.byId(reader.id))!.notifyReplies).toBe(true);
    });

    it('shows no notice for a ?saved= value it does not know, whatever the name', async () => {
      const { c } = await signedInReader();
      for (const saved of ['nothing', 'constructor', 'toString', '__proto__']) {
        const res = await c.get(`/account?saved=${saved}`);
        expect(res.statusCode, saved).toBe(200);
        expect(parse(res.body).querySelector('[role="status"]'), saved).toBeNull();
      }
    });

    it('refuses a bad display name with 422 on the account page and changes nothing', async () => {
      const { c, reader } = await signedInReader({ name: 'Stays Put' });
      const _csrf = await c.csrfFrom('/account');
      const res = await c.post('/account', { _csrf, displayName: '\u200B', notifyReplies: '' });
      expect(res.statusCode).toBe(422);
      const doc = parse(res.body);
      expect(text(doc.querySelector('[role="alert"]'))).toMatch(/invisible or control characters/);
      expect(doc.querySelector('section[aria-labelledby="profile-heading"] [role="alert"]')).not.toBeNull();
      const after = (await t.services.readers.byId(reader.id))!;
      expect(after.displayName).toBe('Stays Put');
      expect(after.notifyReplies).toBe(true);
    });

    it('sets a password for a reader who had none, keeping this session and ending the others', async () => {
      const { c, email, token } = await signedInReader();
      const elsewhere = browser();
      await askForLink(email, elsewhere);
      expect((await follow(linkIn(lastMailTo(email)).path, elsewhere)).statusCode).toBe(303);
      expect((await elsewhere.get('/account')).statusCode).toBe(200);

      const page = parse((await c.get('/account')).body);
      expect(text(page.querySelector('form[action="/account/password"] button'))).toBe('Set password');
      const _csrf = page.querySelector('form[action="/account/password"] input[name="_csrf"]')!.getAttribute('value')!;
      const mismatch = await c.post('/account/password', { _csrf, password: PASSWORD, confirmation: `${PASSWORD}!` });
      expect(mismatch.statusCode).toBe(422);
      expect(text(parse(mismatch.body).querySelector('section[aria-labelledby="password-heading"] [role="alert"]'))).toMatch(/do not match/);
      const weak = await c.post('/account/password', { _csrf, password: 'aaaaaaaaaaaaaaaa', confirmation: 'aaaaaaaaaaaaaaaa' });
      expect(weak.statusCode).toBe(422);
      expect((await passwordSignIn(email, PASSWORD)).statusCode).toBe(401);

      const res = await c.post('/account/password', { _csrf, password: PASSWORD, confirmation: PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account?saved=password');
      expect((await c.get('/account')).statusCode).toBe(200);
      expect(c.jar.cookies.get(READER_COOKIE)).toBe(token);
      expect((await elsewhere.get('/account')).statusCode).toBe(303);
      expect((await passwordSignIn(email, PASSWORD)).statusCode).toBe(303);
      expect(text(parse((await c.get('/account')).body).querySelector('form[action="/account/password"] button'))).toBe('Change password');
    });

    it("lists the reader's own comments, newest first, with permalinks and delete buttons, page by page", async () => {
      const { c, reader } = await signedInReader({ name: 'Chatty Cat' });
      const empty = parse((await c.get('/account')).body);
      expect(text(empty.querySelector('#your-comments .empty'))).toBe('You have not commented yet.');

      const other = await signedInReader();
      const article = await buildArticle(t.services, t.clock.now(), { headline: 'Harbour plans approved' });
      const path = articlePath(article.slug, article.published_at, 'UTC');
      const start = t.clock.now().getTime();
      const ids: number[] = [];
      for (let i = 0; i < 21; i++) {
        const row = await t.services.comments.create({
          articleId: article.id,
          authorName: 'Chatty Cat',
          body: `My comment number ${i}.`,
          status: i === 20 ? 'pending' : 'approved',
          readerId: reader.id,
          createdAt: new Date(start - (21 - i) * MINUTE).toISOString(),
        });
        ids.push(row.id);
      }
      const foreign = await t.services.comments.create({ articleId: article.id, authorName: 'Someone', body: 'Not mine.', status: 'approved', readerId: other.reader.id });

      const res = await c.get('/account');
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      const csrf = doc.querySelector('form[action="/account"] input[name="_csrf"]')!.getAttribute('value');
      const items = [...doc.querySelectorAll('#your-comments ol.own-comments > li')];
      expect(items).toHaveLength(20);
      const newest = items[0]!;
      expect(newest.querySelector('a')?.getAttribute('href')).toBe(`${path}#comment-${ids[20]}`);
      expect(text(newest.querySelector('a'))).toBe('Harbour plans approved');
      expect(text(newest.querySelector('.own-comment__body'))).toBe('My comment number 20.');
      expect(text(newest.querySelector('.own-comment__status'))).toBe('Awaiting moderation');
      const del = newest.querySelector('form[method="post"]')!;
      expect(del.getAttribute('action')).toBe(`/comments/${ids[20]}/delete`);
      expect(del.querySelector('input[name="_csrf"]')?.getAttribute('value')).toBe(csrf);
      expect(text(del.querySelector('button'))).toBe('Delete');
      expect(text(items[1]!.querySelector('.own-comment__status'))).toBe('Published');
      expect(res.body).not.toContain(`#comment-${foreign.id}`);
      expect(doc.querySelector('#your-comments nav.pagination a[rel="next"]')?.getAttribute('href')).toBe('/account?page=2#your-comments');

      const second = parse((await c.get('/account?page=2')).body);
      const rest = [...second.querySelectorAll('#your-comments ol.own-comments > li')];
      expect(rest).toHaveLength(1);
      expect(rest[0]!.querySelector('a')?.getAttribute('href')).toBe(`${path}#comment-${ids[0]}`);
      expect((await c.get('/account?page=3')).statusCode).toBe(404);
      expect((await c.get('/account?page=two')).statusCode).toBe(400);
    });

    it('signs out, ending the session for good', async () => {
      const { c, token, reader } = await signedInReader();
      const _csrf = await c.csrfFrom('/account');
      const res = await c.post('/account/sign-out', { _csrf });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/account/sign-in?signedOut');
      expect(c.jar.cookies.has(READER_COOKIE)).toBe(false);
      expect(text(parse((await c.get('/account/sign-in?signedOut')).body).querySelector('[role="status"]'))).toBe('You have been signed out.');
      expect(await t.services.readers.session(token)).toBeUndefined();
      // Replaying the old cookie gets nowhere, and the stale cookie is cleared.
      const replay = await t.app.inject({ method: 'GET', url: '/account', cookies: { [READER_COOKIE]: token } });
      expect(replay.statusCode).toBe(303);
      expect(replay.cookies.find((k: { name: string }) => k.name === READER_COOKIE)?.value).toBe('');
      // Signing in again with the stale cookie still in the browser replaces it.
      c.jar.cookies.set(READER_COOKIE, token);
      const { email } = (await t.services.readers.byId(reader.id))!;
      await askForLink(email, c);
      expect((await follow(linkIn(lastMailTo(email)).path, c)).statusCode).toBe(303);
      expect(c.jar.cookies.get(READER_COOKIE)).not.toBe(token);
      expect((await c.get('/account')).statusCode).toBe(200);
    });
  });

  describe('CSRF', () => {
    it('refuses forged forms with 403 and changes nothing', async () => {
      const { c, reader, token, email } = await signedInReader({ name: 'Guarded Gil' });
      const forged = [undefined, 'forged', 'x'.repeat(43)];
      for (const _csrf of forged) {
        const f: Record<string, string> = _csrf === undefined ? {} : { _csrf };
        const signUpEmail = freshEmail();
        const attempts = await Promise.all([
          c.post('/account', { ...f, displayName: 'Hijacked' }),
          c.post('/account/password', { ...f, password: OTHER_PASSWORD, confirmation: OTHER_PASSWORD }),
          c.post('/account/sign-out', { ...f }),
          c.post('/account/verify-email', { ...f }),
          browser().post('/account/sign-up', { ...f, email: signUpEmail, displayName: 'Forged Fay' }),
          browser().post('/account/sign-in', { ...f, email, password: PASSWORD }),
          browser().post('/account/sign-in/link', { ...f, email }),
        ]);
        for (const res of attempts) {
          expect(res.statusCode).toBe(403);
          expect(mainText(res.body)).toContain('This form has expired or did not come from this site.');
        }
        expect(await readerRow(signUpEmail)).toBeUndefined();
      }
      await t.services.readers.settled();
      const after = (await t.services.readers.byId(reader.id))!;
      expect(after.displayName).toBe('Guarded Gil');
      expect(await t.services.readers.session(token)).toBeDefined();
      expect((await passwordSignIn(email, OTHER_PASSWORD)).statusCode).toBe(401);
      // A token from another browser's cookie does not fit this one.
      const foreign = await browser().csrfFrom('/account/sign-in');
      expect((await c.post('/account', { _csrf: foreign, displayName: 'Hijacked' })).statusCode).toBe(403);
      expect((await t.services.readers.byId(reader.id))!.displayName).toBe('Guarded Gil');
    });

    it('does not spend an emailed link on a forged Continue', async () => {
      const email = freshEmail();
      await signUpForm({ email, displayName: 'Link Keeper' });
      const link = linkIn(lastMailTo(email));
      const res = await browser().post(link.path, { _csrf: 'forged' });
      expect(res.statusCode).toBe(403);
      const row = (await readerRow(email))!;
      expect((await linkRows(row.id))[0]!.used_at).toBeNull();
      expect(row.email_verified_at).toBeNull();
      expect((await follow(link.path)).statusCode).toBe(303);
    });
  });

  describe('bans', () => {
    it('suspends until a time, shows it on the account page, and ends by itself', async () => {
      const { c, reader } = await signedInReader();
      const until = new Date(t.clock.now().getTime() + 2 * DAY).toISOString();
      const banned = await t.services.readers.ban(reader.id, { until, reason: '  Personal attacks  ' });
      expect(banned.bannedUntil).toBe(until);
      expect(banned.banReason).toBe('Personal attacks');
      expect(isBanned(banned, t.clock.now())).toBe(true);
      expect(t.services.readers.isBanned(banned, t.clock.now())).toBe(true);

      const doc = parse((await c.get('/account')).body);
      const notice = doc.querySelector('.account-ban')!;
      expect(text(notice.querySelector('h2'))).toBe("You can't comment at the moment");
      expect(notice.querySelector(`time[datetime="${until}"]`)).not.toBeNull();
      expect(text(notice)).toContain("You can't comment until");
      expect(text(notice)).toContain('Reason: Personal attacks');

      expect(isBanned(banned, new Date(Date.parse(until) - 1))).toBe(true);
      expect(isBanned(banned, new Date(until))).toBe(false);
      t.clock.set(until);
      expect(parse((await c.get('/account')).body).querySelector('.account-ban')).toBeNull();
    });

    it('bans for good, inside a transaction too, and lifts bans', async () => {
      const { c, reader } = await signedInReader();
      const banned = await t.database.db.transaction().execute((trx) => t.services.readers.ban(reader.id, { until: null, reason: 'Spam' }, trx));
      expect(banned.bannedUntil).toBe(PERMANENT_BAN_UNTIL);
      expect(isBanned(banned, new Date('9000-01-01T00:00:00.000Z'))).toBe(true);
      expect(text(parse((await c.get('/account')).body).querySelector('.account-ban [role="status"]'))).toBe('Your account has been banned from commenting.');
      const lifted = await t.services.readers.unban(reader.id);
      expect(lifted.bannedUntil).toBeNull();
      expect(lifted.banReason).toBe('');
      expect(isBanned(lifted, t.clock.now())).toBe(false);
    });

    it('refuses a suspension ending in the past or not a date, and an unknown reader', async () => {
      const { reader } = await signedInReader();
      for (const until of [t.clock.now().toISOString(), 'next tuesday']) {
        await expect(t.services.readers.ban(reader.id, { until, reason: '' })).rejects.toMatchObject({ status: 422 });
      }
      await expect(t.services.readers.ban(reader.id, { until: null, reason: 'x'.repeat(501) })).rejects.toMatchObject({ status: 422 });
      expect((await t.services.readers.byId(reader.id))!.bannedUntil).toBeNull();
      await expect(t.services.readers.ban(999_999, { until: null, reason: '' })).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('unsubscribing', () => {
    it('turns reply emails off with the signed token, and refuses a tampered one with 400', async () => {
      const a = await signedInReader();
      const b = await signedInReader();
      const token = await t.services.readers.unsubscribeToken(a.reader.id);
      expect(await t.services.readers.unsubscribeToken(a.reader.id)).toBe(token);

      const [, mac] = token.split('.');
      for (const bad of [`${b.reader.id}.${mac}`, `${a.reader.id}.${mac!.slice(1)}x`, 'nonsense', '']) {
        const err = await t.services.readers.unsubscribe(bad).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(400);
      }
      expect((await t.services.readers.byId(a.reader.id))!.notifyReplies).toBe(true);
      expect((await t.services.readers.byId(b.reader.id))!.notifyReplies).toBe(true);

      const reader = await t.services.readers.unsubscribe(token);
      expect(reader.id).toBe(a.reader.id);
      expect(reader.notifyReplies).toBe(false);
      expect((await t.services.readers.byId(a.reader.id))!.notifyReplies).toBe(false);
      expect((await t.services.readers.byId(b.reader.id))!.notifyReplies).toBe(true);
      // Using it again is harmless.
      expect((await t.services.readers.unsubscribe(token)).notifyReplies).toBe(false);
    });
  });

  describe('req.reader', () => {
    /** A small app with the same hook, answering with what the hook found, and counting session lookups. */
    async function probe() {
      const lookups: (string | undefined)[] = [];
      const app = Fastify();
      await app.register(cookie);
      installReaderSession(app, {
        readers: {
          ...t.services.readers,
          session: (token: string | undefined) => {
            lookups.push(token);
            return t.services.readers.session(token);
          },
        },
      });
      app.get('/who', async (req) => ({ reader: req.reader as Reader | null }));
      app.get('/assets/x.css', async (req) => ({ reader: req.reader as Reader | null }));
      await app.ready();
      const who = async (token?: string, url = '/who') =>
        (await app.inject({ method: 'GET', url, ...(token !== undefined ? { cookies: { [READER_COOKIE]: token } } : {}) })).json<{ reader: Reader | null }>().reader;
      return { app, lookups, who };
    }

    it('is null without the cookie, with no lookup at all', async () => {
      const { app, lookups, who } = await probe();
      expect(await who()).toBeNull();
      expect(lookups).toEqual([]);
      await app.close();
    });

    it('is the reader for a live session, and null for a garbage or ended one', async () => {
      const { reader, token } = await signedInReader({ name: 'Hook Hana' });
      const { app, who } = await probe();
      const found = await who(token);
      expect(found?.id).toBe(reader.id);
      expect(found?.displayName).toBe('Hook Hana');
      expect(found?.verified).toBe(true);
      expect(await who('garbage')).toBeNull();
      expect(await who('x'.repeat(43))).toBeNull();
      expect(await who('')).toBeNull();
      // Static files do not look the reader up.
      expect(await who(token, '/assets/x.css')).toBeNull();
      await app.close();
    });

    it('is null once a session has gone unused for 14 days', async () => {
      const { reader, token } = await signedInReader();
      const { app, who } = await probe();
      t.clock.advance(14 * DAY - MINUTE);
      // Used just in time: the session is extended by 14 days from now.
      expect((await who(token))?.id).toBe(reader.id);
      t.clock.advance(14 * DAY - MINUTE);
      expect((await who(token))?.id).toBe(reader.id);
      t.clock.advance(14 * DAY);
      expect(await who(token)).toBeNull();
      // Once ended it stays ended.
      t.clock.set(new Date(t.clock.now().getTime() - 14 * DAY));
      expect(await who(token)).toBeNull();
      t.clock.advance(14 * DAY);
      await app.close();
    });

    it('is null 30 days after signing in, however often the session was used', async () => {
      const { reader, token } = await signedInReader();
      const { app, who } = await probe();
      const start = t.clock.now().getTime();
      for (let day = 5; day < 30; day += 5) {
        t.clock.set(new Date(start + day * DAY));
        expect((await who(token))?.id, `day ${day}`).toBe(reader.id);
      }
      t.clock.set(new Date(start + 30 * DAY - 1000));
      expect((await who(token))?.id).toBe(reader.id);
      t.clock.set(new Date(start + 30 * DAY));
      expect(await who(token)).toBeNull();
      await app.close();
    });

    it('is set on the real app, so /account tells a signed-in reader from a visitor with a stale cookie', async () => {
      const { token } = await signedInReader();
      const ok = await t.app.inject({ method: 'GET', url: '/account', cookies: { [READER_COOKIE]: token } });
      expect(ok.statusCode).toBe(200);
      const stale = await t.app.inject({ method: 'GET', url: '/account', cookies: { [READER_COOKIE]: 'not-a-session' } });
      expect(stale.statusCode).toBe(303);
    });
  });

  describe('when the mail server fails', () => {
    let broken: TestContext;
    beforeAll(async () => {
      // A port nothing listens on: the server is "down".
      const down = await startSmtpServer();
      const url = down.url;
      await down.close();
      broken = await createTestApp({ mailer: createSmtpMailer(url, FROM) });
    });
    afterAll(async () => {
      await broken?.close();
    });

    it('answers the visitor the same, logs the failure without the link, and does not count the link', async () => {
      const results: ReaderMailResult[] = [];
      const stop = broken.services.readers.onMailResult((r) => results.push(r));
      const c = adminClient(broken.app, '192.0.2.250');
      const _csrf = await c.csrfFrom('/account/sign-up');
      const email = 'unlucky@example.org';
      const res = await c.post('/account/sign-up', { _csrf, email, displayName: 'Unlucky Una', password: '' });
      await broken.services.readers.settled();
      stop();
      expect(res.statusCode).toBe(200);
      expect(text(parse(res.body).querySelector('[role="status"]'))).toBe(SAME_ANSWER_SIGN_UP);
      const row = await broken.database.db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ ok: false, readerId: row.id, kind: 'verify' });
      expect(JSON.stringify(results[0])).not.toContain(email);
      expect(JSON.stringify(results[0])).not.toContain('/account/verify/');
      // The link that never arrived is gone, so it does not count against the reader's hourly limit.
      expect(await broken.database.db.selectFrom('reader_links').select('token_hash').where('reader_id', '=', row.id).execute()).toEqual([]);
    });
  });
});

describe('reader account logs', () => {
  let database: TestDatabase;
  let app: App;
  let smtp: TestSmtpServer;
  let dataDir: string;
  const logs = captureLogs();
  const { lines } = logs;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const down = await startSmtpServer();
    const deadUrl = down.url;
    await down.close();
    const live = createSmtpMailer(smtp.url, FROM);
    const dead = createSmtpMailer(deadUrl, FROM);
    // Addresses at down.example go to a mail server that is not there.
    const mailer: Mailer = { send: (m) => (m.to.endsWith('@down.example') ? dead : live).send(m) };
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    app = await buildApp({ config: { ...config, database: database.config }, database, clock: fixedClock('2024-03-29T15:00:00.000Z'), mailer, logger: { level: 'info', stream: logs.stream } });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await smtp?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs outcomes with the reader id, never a token, an address, a password or an email text', async () => {
    const c = adminClient(app, '198.51.100.40');
    const signUp = async (email: string, password = '') => {
      const _csrf = await c.csrfFrom('/account/sign-up');
      const res = await c.post('/account/sign-up', { _csrf, email, displayName: 'Logan Logged', password });
      await app.services.readers.settled();
      return res;
    };
    expect((await signUp('logged@example.org', PASSWORD)).statusCode).toBe(200);
    expect((await signUp('bounced@down.example')).statusCode).toBe(200);
    const link = linkIn(smtp.messages[0]!);
    const _csrf = await c.csrfFrom(link.path);
    expect((await c.post(link.path, { _csrf })).statusCode).toBe(303);
    const session = c.jar.cookies.get(READER_COOKIE)!;
    await c.get(link.path);
    await c.get('/account');

    const logged = (await app.services.readers.session(session))!;
    const bounced = (await database.db.selectFrom('readers').select('id').where('email', '=', 'bounced@down.example').executeTakeFirstOrThrow()).id;
    const byMsg = (msg: string) => lines.filter((l) => l.msg === msg);
    expect(byMsg('reader email sent')).toEqual([expect.objectContaining({ level: 30, readerId: logged.id, mail: 'verify' })]);
    expect(byMsg('reader email could not be sent')).toEqual([
      expect.objectContaining({ level: 50, readerId: bounced, mail: 'verify', error: expect.objectContaining({ message: expect.stringMatching(/^SMTP delivery failed/) }) }),
    ]);
    expect(byMsg('reader signed in by emailed link')).toEqual([expect.objectContaining({ readerId: logged.id, purpose: 'verify' })]);
    expect(byMsg('reader link refused').map((l) => l.code)).toEqual(['reader_link_used']);

    const urls = lines.filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url);
    expect(urls).toContain('/account/verify/[token]');
    for (const secret of [link.token, tokenHash(link.token), session, tokenHash(session), 'logged@example.org', 'bounced@down.example', PASSWORD, 'Hello Logan']) {
      expect(logs.raw()).not.toContain(secret);
    }
  });
});
