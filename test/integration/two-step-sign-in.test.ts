import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importExport } from '../../src/modules/safekeeping/export.import.js';
import { writeExport } from '../../src/modules/safekeeping/export.writer.js';
import { createServices } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { codeAt, timeStep } from '../../src/modules/accounts/two-factor.totp.js';
import { STAFF_SESSION_COOKIE, STAFF_SIGN_IN_STEP_COOKIE } from '../../src/platform/cookies.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';
import { type CheckedPage, describeNuErrors, nuErrors } from '../helpers/nu-checker.js';

const PASSWORD = 'correct horse battery staple';
const alert = (body: string) => text(parse(body).querySelector('[role="alert"]'));
type Client = ReturnType<typeof adminClient>;

/** A signed-in client's account page: set up two-step sign-in, confirm it; returns the secret and the recovery codes shown. */
async function enrol(t: TestContext, c: Client): Promise<{ secret: string; codes: string[] }> {
  const _csrf = await c.csrfFrom('/admin/account');
  expect((await c.post('/admin/account/two-step/begin', { _csrf })).statusCode).toBe(303);
  const page = parse((await c.get('/admin/account')).body);
  const secret = text(page.querySelector('#two-step-secret')).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(page.querySelector('svg.qr-code path')?.getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
  const done = await c.post('/admin/account/two-step/confirm', { _csrf, code: codeAt(secret, timeStep(t.clock.now())) });
  expect(done.statusCode).toBe(200);
  const codes = [...parse(done.body).querySelectorAll('#recovery-codes code')].map((el) => text(el));
  return { secret, codes };
}

/** Password first: answers the redirect to the code step. */
async function passwordStep(c: Client, email: string, next?: string) {
  const _csrf = await c.csrfFrom('/admin/sign-in');
  return c.post('/admin/sign-in', { _csrf, email, password: PASSWORD, ...(next ? { next } : {}) });
}

async function codeStep(c: Client, code: string) {
  const _csrf = await c.csrfFrom('/admin/sign-in/code');
  return c.post('/admin/sign-in/code', { _csrf, code });
}

describe('two-step sign-in', () => {
  let t: TestContext;
  let secret: string;
  let recovery: string[];
  const email = 'ada@example.org';
  const step = () => codeAt(secret, timeStep(t.clock.now()));

  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await t.services.accounts.create({ email, name: 'Ada Admin', role: 'admin', password: PASSWORD });
    const c = adminClient(t.app);
    expect((await c.signIn(email, PASSWORD)).statusCode).toBe(303);
    // A wrong code does not turn it on.
    const _csrf = await c.csrfFrom('/admin/account');
    await c.post('/admin/account/two-step/begin', { _csrf });
    const wrong = await c.post('/admin/account/two-step/confirm', { _csrf, code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(alert(wrong.body)).toContain('That code is not right');
    ({ secret, codes: recovery } = await enrol(t, c));
    t.clock.advance(60_000);
  });
  afterAll(() => t?.close());

  it('shows ten recovery codes once, and the account page says it is on', async () => {
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    for (const code of recovery) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const c = adminClient(t.app);
    await passwordStep(c, email);
    await codeStep(c, step());
    const page = (await c.get('/admin/account')).body;
    expect(text(parse(page).querySelector('#two-step'))).toContain('On since');
    expect(page).not.toContain(recovery[0]);
    expect(parse(page).querySelector('#two-step-secret')).toBeNull();
    t.clock.advance(30_000);
  });

  it('gives no session for the password alone, and /admin stays closed', async () => {
    const c = adminClient(t.app);
    const res = await passwordStep(c, email);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in/code');
    expect(c.jar.cookies.has(STAFF_SESSION_COOKIE)).toBe(false);
    expect(c.jar.cookies.has(STAFF_SIGN_IN_STEP_COOKIE)).toBe(true);
    const admin = await c.get('/admin');
    expect(admin.statusCode).toBe(303);
    expect(admin.headers.location).toMatch(/^\/admin\/sign-in/);
    // The service refuses a password-only sign-in too.
    await expect(t.services.accounts.signIn({ email, password: PASSWORD, ip: '192.0.2.1', userAgent: 'test' })).rejects.toMatchObject({ status: 401, code: 'second_step_required' });
  });

  it('signs in with a right code, to where the sign-in was going, and refuses that code again', async () => {
    const c = adminClient(t.app);
    const first = await passwordStep(c, email, '/admin/articles');
    expect(first.headers.location).toBe('/admin/sign-in/code');
    const code = step();
    const res = await codeStep(c, code);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/articles');
    expect(c.jar.cookies.has(STAFF_SESSION_COOKIE)).toBe(true);
    expect(c.jar.cookies.has(STAFF_SIGN_IN_STEP_COOKIE)).toBe(false);
    expect((await c.get('/admin')).statusCode).toBe(200);

    // The same code, within its 30 seconds, from another browser: refused.
    const other = adminClient(t.app);
    await passwordStep(other, email);
    const again = await codeStep(other, code);
    expect(again.statusCode).toBe(401);
    expect(alert(again.body)).toContain('That code is not right');
    expect(other.jar.cookies.has(STAFF_SESSION_COOKIE)).toBe(false);
    // …and so is the previous step's code, once a later one was used.
    expect((await codeStep(other, codeAt(secret, timeStep(t.clock.now()) - 1))).statusCode).toBe(401);
    t.clock.advance(30_000);
    expect((await codeStep(other, step())).statusCode).toBe(303);
  });

  it('accepts a recovery code once, with spaces and capitals as typed', async () => {
    const c = adminClient(t.app);
    await passwordStep(c, email);
    const res = await codeStep(c, ` ${recovery[0]!.toUpperCase().replaceAll('-', ' ')} `);
    expect(res.statusCode).toBe(303);
    expect((await c.get('/admin')).statusCode).toBe(200);
    const d = adminClient(t.app);
    await passwordStep(d, email);
    const again = await codeStep(d, recovery[0]!);
    expect(again.statusCode).toBe(401);
    expect(d.jar.cookies.has(STAFF_SESSION_COOKIE)).toBe(false);
    expect(text(parse((await c.get('/admin/account')).body).querySelector('#two-step'))).toContain('9 unused recovery codes');
  });

  it('voids the step after five wrong codes, even for a right one after', async () => {
    const c = adminClient(t.app, '198.51.100.20');
    await passwordStep(c, email);
    for (let i = 1; i <= 4; i++) {
      const res = await codeStep(c, '123456');
      expect(res.statusCode).toBe(401);
      expect(alert(res.body)).toContain(`try ${5 - i} more time`);
    }
    const fifth = await codeStep(c, 'not-a-code');
    expect(fifth.statusCode).toBe(401);
    expect(alert(fifth.body)).toContain('Too many wrong codes');
    expect(parse(fifth.body).querySelector('a[href="/admin/sign-in"]')).not.toBeNull();
    t.clock.advance(30_000);
    const late = await c.post('/admin/sign-in/code', { _csrf: await c.csrfFrom('/admin/sign-in'), code: step() });
    expect(late.statusCode).toBe(401);
    expect(alert(late.body)).toContain('expired or was already used');
    expect(c.jar.cookies.has(STAFF_SESSION_COOKIE)).toBe(false);
    // The wrong codes counted toward the sign-in throttle: this address is locked out for this account.
    const locked = await passwordStep(c, email);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('lets a step last five minutes and no longer', async () => {
    const c = adminClient(t.app, '198.51.100.21');
    await passwordStep(c, email);
    const _csrf = await c.csrfFrom('/admin/sign-in/code');
    t.clock.advance(5 * 60_000 + 1000);
    const res = await c.post('/admin/sign-in/code', { _csrf, code: step() });
    expect(res.statusCode).toBe(401);
    expect(alert(res.body)).toContain('expired');
    expect(c.jar.cookies.has(STAFF_SESSION_COOKIE)).toBe(false);
    expect((await c.get('/admin/sign-in/code')).statusCode).toBe(401);
  });

  it('makes new recovery codes that replace the old ones, and refuses what makes no sense in the state it is in', async () => {
    const c = adminClient(t.app, '198.51.100.23');
    await passwordStep(c, email);
    // The code step refuses a form without its token, and opens nothing.
    t.clock.advance(30_000);
    expect((await c.post('/admin/sign-in/code', { code: step() })).statusCode).toBe(403);
    expect(c.jar.cookies.has(STAFF_SESSION_COOKIE)).toBe(false);
    expect((await codeStep(c, step())).statusCode).toBe(303);
    const _csrf = await c.csrfFrom('/admin/account');
    const begin = await c.post('/admin/account/two-step/begin', { _csrf });
    expect(begin.statusCode).toBe(409);
    expect(text(parse(begin.body).querySelector('[role="alert"]'))).toContain('already on');
    expect((await c.post('/admin/account/two-step/confirm', { _csrf, code: step() })).statusCode).toBe(409);

    const fresh = await c.post('/admin/account/two-step/recovery-codes', { _csrf });
    expect(fresh.statusCode).toBe(200);
    const codes = [...parse(fresh.body).querySelectorAll('#recovery-codes code')].map((el) => text(el));
    expect(codes).toHaveLength(10);
    expect(codes).not.toContain(recovery[1]);
    const d = adminClient(t.app, '198.51.100.24');
    await passwordStep(d, email);
    expect((await codeStep(d, recovery[1]!)).statusCode).toBe(401);
    expect((await codeStep(d, codes[0]!)).statusCode).toBe(303);
    recovery = codes.slice(1);
  });

  it('turns off only with the password or a current code', async () => {
    const c = adminClient(t.app, '198.51.100.22');
    await passwordStep(c, email);
    t.clock.advance(30_000);
    expect((await codeStep(c, step())).statusCode).toBe(303);
    const _csrf = await c.csrfFrom('/admin/account');
    const wrong = await c.post('/admin/account/two-step/turn-off', { _csrf, passwordOrCode: 'not my password at all' });
    expect(wrong.statusCode).toBe(401);
    expect(alert(wrong.body)).toContain('neither your password nor a current code');
    expect((await c.post('/admin/account/two-step/turn-off', { passwordOrCode: PASSWORD })).statusCode).toBe(403);
    const off = await c.post('/admin/account/two-step/turn-off', { _csrf, passwordOrCode: PASSWORD });
    expect(off.statusCode).toBe(303);
    expect(off.headers.location).toBe('/admin/account?turnedOff');
    const d = adminClient(t.app, '198.51.100.22');
    expect((await passwordStep(d, email)).headers.location).toBe('/admin');
    const again = await c.post('/admin/account/two-step/recovery-codes', { _csrf });
    expect(again.statusCode).toBe(409);
    expect(text(parse(again.body).querySelector('[role="alert"]'))).toContain('set that up first');
    expect((await c.post('/admin/account/two-step/confirm', { _csrf, code: '123456' })).statusCode).toBe(409);
  });
});

describe('two-step sign-in pages, checked by the Nu Html Checker', () => {
  let t: TestContext;
  afterAll(() => t?.close());

  it('are valid HTML in every state', { timeout: 120_000 }, async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await t.services.accounts.create({ email: 'val@example.org', name: 'Val Id', role: 'admin', password: PASSWORD });
    const pages: CheckedPage[] = [];
    const keep = (url: string, res: { body: string }) => void pages.push({ url, html: res.body });
    const c = adminClient(t.app);
    await c.signIn('val@example.org', PASSWORD);
    keep('/admin/account (off)', await c.get('/admin/account'));
    const _csrf = await c.csrfFrom('/admin/account');
    await c.post('/admin/account/two-step/begin', { _csrf });
    const setting = await c.get('/admin/account');
    keep('/admin/account (setting up)', setting);
    keep('POST /admin/account/two-step/confirm (wrong code)', await c.post('/admin/account/two-step/confirm', { _csrf, code: '000000' }));
    const secret = text(parse(setting.body).querySelector('#two-step-secret')).replace(/\s/g, '');
    keep('POST /admin/account/two-step/confirm', await c.post('/admin/account/two-step/confirm', { _csrf, code: codeAt(secret, timeStep(t.clock.now())) }));
    keep('/admin/account (on)', await c.get('/admin/account'));
    const d = adminClient(t.app);
    await passwordStep(d, 'val@example.org');
    keep('/admin/sign-in/code', await d.get('/admin/sign-in/code'));
    keep('POST /admin/sign-in/code (wrong)', await codeStep(d, '111111'));
    keep('/admin/sign-in/code (expired)', await adminClient(t.app).get('/admin/sign-in/code'));
    const errors = await nuErrors(pages);
    expect(errors, describeNuErrors(errors)).toEqual([]);
  });
});

describe('two-step sign-in across an export and import', () => {
  let t: TestContext;
  const targets: TestDatabase[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-two-step-export-'));
  afterAll(async () => {
    for (const d of targets) await d.drop();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The site exported to a file, and imported into a fresh database: its services. */
  async function roundTrip(withSecrets: boolean) {
    const parts: string[] = [];
    await writeExport(t.database, { write: async (s) => void parts.push(s) }, { withSecrets, now: t.clock.now() });
    const file = path.join(dir, `site-${withSecrets}.json`);
    fs.writeFileSync(file, parts.join(''));
    const target = await createTestDatabase();
    targets.push(target);
    await importExport(target, file);
    return { text: parts.join(''), services: createServices(target.db, t.clock) };
  }

  it('keeps the key and recovery codes with --with-secrets, and leaves them out without', async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    const account = await t.services.accounts.create({ email: 'exp@example.org', name: 'Ex Port', role: 'admin', password: PASSWORD });
    await t.services.accounts.twoFactor.begin(account.id);
    const secret = (await t.services.accounts.twoFactor.status(account)).pending!.secret;
    const codes = await t.services.accounts.twoFactor.confirm(account.id, codeAt(secret, timeStep(t.clock.now())));
    t.clock.advance(60_000);
    const input = { email: 'exp@example.org', password: PASSWORD, ip: '192.0.2.9', userAgent: 'test' };

    const full = await roundTrip(true);
    expect(full.text).toContain(secret);
    await expect(full.services.accounts.signIn(input)).rejects.toMatchObject({ code: 'second_step_required' });
    const begun = await full.services.accounts.beginSignIn(input);
    expect('step' in begun).toBe(true);
    const done = await full.services.accounts.steps.finish({ token: 'step' in begun ? begun.step : '', code: codes[0]!, ip: '192.0.2.9', userAgent: 'test' });
    expect(done.kind).toBe('recovery');

    const plain = await roundTrip(false);
    expect(plain.text).not.toContain(secret);
    expect(plain.text).not.toContain('staff_recovery_codes');
  });
});
