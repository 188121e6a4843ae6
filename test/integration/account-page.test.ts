import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt, timeStep } from '../../src/modules/accounts/two-factor.totp.js';
import { STAFF_SESSION_COOKIE } from '../../src/platform/cookies.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

const PASSWORD = 'correct horse battery staple';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
type Client = ReturnType<typeof adminClient>;

async function signInWith(c: Client, email: string, userAgent: string) {
  const _csrf = await c.csrfFrom('/admin/sign-in');
  return c.post('/admin/sign-in', { _csrf, email, password: PASSWORD }, { 'user-agent': userAgent });
}

describe('two-step sign-in required by the site', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
    await t.services.accounts.create({ email: 'author@example.org', name: 'Abe Author', role: 'author', password: PASSWORD });
  });
  afterAll(() => t?.close());

  it('is set on the settings page, and refuses a value not offered', async () => {
    const admin = adminClient(t.app);
    await admin.signIn('admin@example.org', PASSWORD);
    const page = parse((await admin.get('/admin/settings')).body);
    expect([...page.querySelectorAll('#settings-two-factor option')].map((o) => o.getAttribute('value'))).toEqual(['nobody', 'admins', 'admins-and-editors']);
    const _csrf = await admin.csrfFrom('/admin/settings');
    const form = { _csrf, name: 'Gazette', tagline: '', timezone: 'UTC', locale: 'en-US', commentsCloseAfterDays: '0', commentsPerPage: '50' };
    const bad = await admin.post('/admin/settings', { ...form, twoFactorRequiredFor: 'everyone' });
    expect(bad.statusCode).toBe(422);
    expect(text(parse(bad.body).querySelector('[role="alert"]'))).toContain('Choose who two-step sign-in is required for');
    await expect(t.services.settings.update({ twoFactorRequiredFor: 'all' as never })).rejects.toMatchObject({ status: 422 });
    expect((await admin.post('/admin/settings', { ...form, twoFactorRequiredFor: 'admins-and-editors' })).statusCode).toBe(303);
    expect((await t.services.settings.get()).twoFactorRequiredFor).toBe('admins-and-editors');
  });

  it('confines an editor without a second factor to their account page until they set one up', async () => {
    await t.services.settings.update({ twoFactorRequiredFor: 'admins-and-editors' });
    const ed = adminClient(t.app);
    const signedIn = await ed.signIn('editor@example.org', PASSWORD);
    expect(signedIn.statusCode).toBe(303);
    for (const path of ['/admin', '/admin/articles', '/admin/articles/new', '/admin/comments']) {
      const res = await ed.get(path);
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location, path).toBe('/admin/account?setUpRequired');
    }
    const _csrf = await ed.csrfFrom('/admin/account');
    // A form elsewhere is refused the same way, and does nothing.
    const post = await ed.post('/admin/sections', { _csrf, name: 'Sneaky' });
    expect(post.headers.location).toBe('/admin/account?setUpRequired');
    expect((await t.services.sections.listDetailed()).map((x) => x.name)).not.toContain('Sneaky');
    const page = await ed.get('/admin/account');
    expect(page.statusCode).toBe(200);
    expect(text(parse(page.body).querySelector('#two-step-required'))).toContain('requires two-step sign-in for your role');

    // Authors are not covered by this choice.
    const au = adminClient(t.app);
    await au.signIn('author@example.org', PASSWORD);
    expect((await au.get('/admin')).statusCode).toBe(200);

    // Setting it up opens the newsroom.
    await ed.post('/admin/account/two-step/begin', { _csrf });
    const secret = text(parse((await ed.get('/admin/account')).body).querySelector('#two-step-secret')).replace(/\s/g, '');
    expect((await ed.post('/admin/account/two-step/confirm', { _csrf, code: codeAt(secret, timeStep(t.clock.now())) })).statusCode).toBe(200);
    expect((await ed.get('/admin')).statusCode).toBe(200);
  });

  it('lets the confined sign out', async () => {
    await t.services.settings.update({ twoFactorRequiredFor: 'admins' });
    const admin = adminClient(t.app);
    await admin.signIn('admin@example.org', PASSWORD);
    expect((await admin.get('/admin/settings')).headers.location).toBe('/admin/account?setUpRequired');
    const _csrf = await admin.csrfFrom('/admin/account');
    const out = await admin.post('/admin/sign-out', { _csrf });
    expect(out.headers.location).toBe('/admin/sign-in?signedOut');
    expect(admin.jar.cookies.has(STAFF_SESSION_COOKIE)).toBe(false);
    await t.services.settings.update({ twoFactorRequiredFor: 'nobody' });
  });
});

describe('the account page: sessions', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
    await t.services.accounts.create({ email: 'ed@example.org', name: 'Ed <b>Bold</b>', role: 'editor', password: PASSWORD });
    await t.services.accounts.create({ email: 'other@example.org', name: 'Other', role: 'editor', password: PASSWORD });
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  });
  afterAll(() => t?.close());

  it('lists the person’s own sessions, this one marked, and signs one out, whose cookie then no longer works', async () => {
    const desk = adminClient(t.app, '192.0.2.10');
    const phone = adminClient(t.app, '198.51.100.7');
    const stranger = adminClient(t.app, '203.0.113.1');
    await signInWith(desk, 'ed@example.org', FIREFOX);
    t.clock.advance(60_000);
    await signInWith(phone, 'ed@example.org', `${PHONE}<script>alert(1)</script>`);
    await signInWith(stranger, 'other@example.org', FIREFOX);

    const res = await desk.get('/admin/account');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)');
    const doc = parse(res.body);
    expect(text(doc.querySelector('.account-facts'))).toContain('Ed <b>Bold</b>');
    const rows = [...doc.querySelectorAll('#sessions tbody tr')];
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => text(r.querySelector('th')))).toEqual(['Safari on iPhone', 'Firefox on Linux (this browser)']);
    expect(text(rows[0]!.querySelectorAll('td')[0])).toBe('198.51.100.7');
    expect(text(rows[1]!.querySelectorAll('td')[0])).toBe('192.0.2.10');
    expect(rows[1]!.querySelector('form')).toBeNull();

    const _csrf = doc.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
    const phoneSession = rows[0]!.querySelector<HTMLInputElement>('input[name="session"]')!.getAttribute('value')!;
    expect((await phone.get('/admin')).statusCode).toBe(200);
    // Without the form's token: refused.
    expect((await desk.post('/admin/account/sessions/sign-out', { session: phoneSession })).statusCode).toBe(403);
    const out = await desk.post('/admin/account/sessions/sign-out', { _csrf, session: phoneSession });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/admin/account?sessionEnded#sessions');
    const gone = await phone.get('/admin');
    expect(gone.statusCode).toBe(303);
    expect(gone.headers.location).toMatch(/^\/admin\/sign-in/);
    expect((await desk.get('/admin')).statusCode).toBe(200);

    // Again, or someone else's session, or nonsense: a 404 saying so, and nothing ends.
    const strangerSession = (await t.services.accounts.sessions.list((await t.services.accounts.list()).find((a) => a.email === 'other@example.org')!.id, undefined))[0]!.id;
    for (const session of [phoneSession, strangerSession, 'x'.repeat(64), '']) {
      const res2 = await desk.post('/admin/account/sessions/sign-out', { _csrf, session });
      expect(res2.statusCode, session).toBe(404);
      expect(text(parse(res2.body).querySelector('[role="alert"]'))).toContain('signed out already');
    }
    expect((await stranger.get('/admin')).statusCode).toBe(200);
  });

  it('signs out everywhere else, keeping this browser', async () => {
    const a = adminClient(t.app);
    const b = adminClient(t.app);
    const c = adminClient(t.app);
    for (const x of [a, b, c]) await signInWith(x, 'ed@example.org', FIREFOX);
    const _csrf = await a.csrfFrom('/admin/account');
    const res = await a.post('/admin/account/sessions/sign-out-others', { _csrf });
    expect(res.headers.location).toBe('/admin/account?othersEnded#sessions');
    expect((await a.get('/admin')).statusCode).toBe(200);
    expect((await b.get('/admin')).statusCode).toBe(303);
    expect((await c.get('/admin')).statusCode).toBe(303);
    const page = parse((await a.get('/admin/account?othersEnded')).body);
    expect(page.querySelectorAll('#sessions tbody tr')).toHaveLength(1);
    expect(text(page.querySelector('#sessions'))).toContain('You are signed in nowhere else.');
    expect(text(page.querySelector('[role="status"]'))).toBe('You are signed out everywhere else.');
  });

  it('updates “last seen” at most every few minutes', async () => {
    const a = adminClient(t.app);
    await signInWith(a, 'ed@example.org', FIREFOX);
    const lastSeen = async () =>
      parse((await a.get('/admin/account')).body)
        .querySelector('.session--current td:nth-of-type(3) time')
        ?.getAttribute('datetime');
    const first = await lastSeen();
    t.clock.advance(30_000);
    expect(await lastSeen()).toBe(first);
    t.clock.advance(10 * 60_000);
    expect(await lastSeen()).toBe(t.clock.now().toISOString());
  });
});
