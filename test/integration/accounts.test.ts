import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

const PASSWORD = 'correct horse battery staple';

describe('first admin setup', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('sends /admin to setup while no admin exists', async () => {
    const res = await adminClient(t.app).get('/admin');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/setup');
  });

  it('asks every visitor for the setup code, trusting no address or forwarding header', async () => {
    const code = await t.services.accounts.setupCode();
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    // The same page wherever the request seems to come from: the code, not the address, decides.
    for (const res of [await adminClient(t.app, '203.0.113.9').get('/admin/setup'), await adminClient(t.app).get('/admin/setup', { 'x-forwarded-for': '203.0.113.9' })]) {
      expect(res.statusCode).toBe(200);
      expect(parse(res.body).querySelector('#setupCode')?.getAttribute('name')).toBe('setupCode');
    }
  });

  it('refuses a missing or wrong setup code, from here or anywhere, and creates nobody', async () => {
    const code = (await t.services.accounts.setupCode())!;
    const wrong = code.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A'));
    for (const [address, setupCode] of [
      ['127.0.0.1', ''],
      ['127.0.0.1', wrong],
      ['203.0.113.10', wrong],
      ['203.0.113.10', 'x'.repeat(5000)],
    ] as const) {
      const c = adminClient(t.app, address);
      const _csrf = await c.csrfFrom('/admin/setup');
      const res = await c.post('/admin/setup', { _csrf, setupCode, name: 'Mallory', email: 'mallory@example.org', password: PASSWORD });
      expect(res.statusCode, `${address} ${setupCode.slice(0, 20)}`).toBe(403);
      expect(text(parse(res.body).querySelector('[role="alert"]'))).toContain('That setup code is not right');
    }
    expect(await t.services.accounts.hasAdmin()).toBe(false);
    expect(await t.services.accounts.list()).toEqual([]);
  });

  it('refuses a weak password and keeps what was typed', async () => {
    const c = adminClient(t.app);
    const _csrf = await c.csrfFrom('/admin/setup');
    const res = await c.post('/admin/setup', { _csrf, setupCode: (await t.services.accounts.setupCode())!, name: 'Ana', email: 'ana@example.org', password: 'short' });
    expect(res.statusCode).toBe(422);
    const doc = parse(res.body);
    expect(text(doc.querySelector('[role="alert"]'))).toBe('Passwords need at least 12 characters.');
    expect(doc.querySelector<HTMLInputElement>('#email')?.getAttribute('value')).toBe('ana@example.org');
    expect(await t.services.accounts.hasAdmin()).toBe(false);
  });

  it('creates the admin from any address with the code (spaces, dashes and case aside), signs them in, and then disappears', async () => {
    const c = adminClient(t.app, '198.51.100.4');
    const _csrf = await c.csrfFrom('/admin/setup');
    const setupCode = ` ${(await t.services.accounts.setupCode())!.toLowerCase().replaceAll('-', ' ')} `;
    const res = await c.post('/admin/setup', { _csrf, setupCode, name: 'Ana Ruiz', email: 'Ana@Example.org', password: PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const dashboard = await c.get('/admin');
    expect(dashboard.statusCode).toBe(200);
    expect(text(parse(dashboard.body).querySelector('h1'))).toBe('Dashboard');
    expect((await c.get('/admin/setup')).statusCode).toBe(404);
    expect(await t.services.accounts.setupCode()).toBeNull();
    const accounts = await t.services.accounts.list();
    expect(accounts.map((a) => [a.email, a.role])).toEqual([['ana@example.org', 'admin']]);
  });
});

describe('first admin setup, many at once', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('creates exactly one admin of six concurrent posts with the right code; the others get a 409', async () => {
    const setupCode = (await t.services.accounts.setupCode())!;
    const clients = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const c = adminClient(t.app, `198.51.100.${20 + i}`);
        return { c, i, _csrf: await c.csrfFrom('/admin/setup') };
      }),
    );
    const answers = await Promise.all(clients.map(({ c, i, _csrf }) => c.post('/admin/setup', { _csrf, setupCode, name: `Claimant ${i}`, email: `claimant${i}@example.org`, password: PASSWORD })));
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([303, 409, 409, 409, 409, 409]);
    for (const r of answers.filter((a) => a.statusCode === 409)) expect(text(parse(r.body).querySelector('[role="alert"]'))).toBe('The first admin has already been created. Sign in instead.');
    const accounts = await t.services.accounts.list();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.role).toBe('admin');
  });
});

describe('signing in and out', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ now: '2024-03-29T15:00:00.000Z' });
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    await t.services.accounts.create({ email: 'editor@example.org', name: 'Eda Editor', role: 'editor', password: PASSWORD });
  });
  afterAll(() => t?.close());

  it('sends visitors who are not signed in to the sign-in page', async () => {
    const res = await adminClient(t.app).get('/admin');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in?next=%2Fadmin');
  });

  it('sets an httpOnly, SameSite session cookie and answers no-store', async () => {
    const c = adminClient(t.app);
    const res = await c.signIn('editor@example.org', PASSWORD);
    expect(res.statusCode).toBe(303);
    const cookie = res.cookies.find((x) => x.name === 'bs_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    // SITE_URL is https in tests, so the cookie is Secure.
    expect(cookie.secure).toBe(true);
    const dash = await c.get('/admin');
    expect(dash.headers['cache-control']).toBe('no-store');
    expect(text(parse(dash.body).querySelector('.admin-header__who'))).toContain('Eda Editor');
    // The session token itself is not what the database keeps.
    const rows = await t.database.db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(cookie.value);
  });

  it('refuses a sign-in without a valid CSRF token and opens no session', async () => {
    const c = adminClient(t.app);
    await c.csrfFrom('/admin/sign-in');
    const before = (await t.database.db.selectFrom('sessions').select('id').execute()).length;
    for (const token of [undefined, 'forged', 'x'.repeat(43)]) {
      const res = await c.post('/admin/sign-in', { ...(token ? { _csrf: token } : {}), email: 'editor@example.org', password: PASSWORD });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('This form has expired or did not come from this site.');
    }
    expect((await t.database.db.selectFrom('sessions').select('id').execute()).length).toBe(before);
    // A token from another browser's cookie does not fit this one.
    const other = adminClient(t.app);
    const foreign = await other.csrfFrom('/admin/sign-in');
    expect((await c.post('/admin/sign-in', { _csrf: foreign, email: 'editor@example.org', password: PASSWORD })).statusCode).toBe(403);
  });

  it('says the same thing for a wrong password and an unknown email', async () => {
    const c = adminClient(t.app, '198.51.100.1');
    const wrong = await c.signIn('editor@example.org', 'not the password at all');
    const unknown = await c.signIn('nobody@example.org', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = (body: string) => text(parse(body).querySelector('[role="alert"]'));
    expect(message(wrong.body)).toBe('That email and password do not match an active account.');
    expect(message(unknown.body)).toBe(message(wrong.body));
  });

  it('locks one address out after five failures, not the real person elsewhere, and only for a while', async () => {
    const attacker = adminClient(t.app, '203.0.113.50');
    for (let i = 0; i < 5; i++) expect((await attacker.signIn('editor@example.org', `guess number ${i}`)).statusCode).toBe(401);
    const locked = await attacker.signIn('editor@example.org', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(text(parse(locked.body).querySelector('[role="alert"]'))).toMatch(/Too many failed sign-ins. Try again in \d+ minutes?/);

    const realPerson = adminClient(t.app, '192.0.2.10');
    expect((await realPerson.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);

    t.clock.advance(15 * 60_000 + 1000);
    expect((await attacker.signIn('editor@example.org', PASSWORD)).statusCode).toBe(303);
  });

  it('lets no more than five guesses sent all at once through the lock', async () => {
    const ip = '203.0.113.61';
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.services.accounts.signIn({ email: 'editor@example.org', password: `simultaneous guess ${i}`, ip, userAgent: 'test' }).then(
          () => 200,
          (e: { status: number }) => e.status,
        ),
      ),
    );
    expect(guesses.every((s) => s === 401 || s === 429)).toBe(true);
    const through = guesses.filter((s) => s === 401).length;
    expect(through).toBeLessThanOrEqual(5);
    // The guesses that got through count; the rest of the five follow, then even the right password waits.
    for (let i = through; i < 5; i++) {
      await expect(t.services.accounts.signIn({ email: 'editor@example.org', password: `later guess ${i}`, ip, userAgent: 'test' })).rejects.toMatchObject({ status: 401 });
    }
    await expect(t.services.accounts.signIn({ email: 'editor@example.org', password: PASSWORD, ip, userAgent: 'test' })).rejects.toMatchObject({ status: 429 });
    t.clock.advance(15 * 60_000 + 1000);
  });

  it('starts a new session at every sign-in and ends the old one', async () => {
    const c = adminClient(t.app, '192.0.2.20');
    await c.signIn('editor@example.org', PASSWORD);
    const first = c.jar.cookies.get('bs_session')!;
    await c.signIn('editor@example.org', PASSWORD);
    const second = c.jar.cookies.get('bs_session')!;
    expect(second).not.toBe(first);
    expect(await t.services.accounts.sessionAccount(first)).toBeUndefined();
    expect((await t.services.accounts.sessionAccount(second))?.email).toBe('editor@example.org');
  });

  it('signs out, and signs out everywhere', async () => {
    const a = adminClient(t.app, '192.0.2.30');
    const b = adminClient(t.app, '192.0.2.31');
    await a.signIn('editor@example.org', PASSWORD);
    await b.signIn('editor@example.org', PASSWORD);
    const _csrf = await a.csrfFrom('/admin');
    const out = await a.post('/admin/sign-out-everywhere', { _csrf });
    expect(out.statusCode).toBe(303);
    expect((await b.get('/admin')).statusCode).toBe(303);
    expect((await a.get('/admin')).statusCode).toBe(303);

    await a.signIn('editor@example.org', PASSWORD);
    const token = a.jar.cookies.get('bs_session')!;
    const csrf2 = await a.csrfFrom('/admin');
    expect((await a.post('/admin/sign-out', { _csrf: csrf2 })).headers.location).toBe('/admin/sign-in?signedOut');
    expect(await t.services.accounts.sessionAccount(token)).toBeUndefined();
  });

  it('ends sessions left unused for 14 days', async () => {
    const c = adminClient(t.app, '192.0.2.40');
    await c.signIn('editor@example.org', PASSWORD);
    t.clock.advance(13 * 86_400_000);
    expect((await c.get('/admin')).statusCode).toBe(200);
    t.clock.advance(13 * 86_400_000);
    expect((await c.get('/admin')).statusCode).toBe(200);
    t.clock.advance(15 * 86_400_000);
    expect((await c.get('/admin')).statusCode).toBe(303);
  });

  it('follows only safe next addresses after signing in', async () => {
    const c = adminClient(t.app, '192.0.2.50');
    const _csrf = await c.csrfFrom('/admin/sign-in');
    for (const [next, expected] of [
      ['/admin', '/admin'],
      ['https://evil.example/admin', '/admin'],
      ['//evil.example', '/admin'],
      ['/admin/../../x', '/admin'],
    ]) {
      const res = await c.post('/admin/sign-in', { _csrf, email: 'editor@example.org', password: PASSWORD, next: next! });
      expect(res.headers.location, next).toBe(expected);
    }
  });
});

describe('accounts service', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('shows a moderator no story lists and no story navigation', async () => {
    await t.services.accounts.create({ email: 'mod@example.org', name: 'Mo Moderator', role: 'moderator', password: PASSWORD });
    const c = adminClient(t.app, '192.0.2.77');
    expect((await c.signIn('mod@example.org', PASSWORD)).statusCode).toBe(303);
    const doc = parse((await c.get('/admin')).body);
    expect(doc.querySelector('#desk-drafts')).toBeNull();
    expect([...doc.querySelectorAll('nav.admin-nav a')].map((a) => text(a))).toEqual(['Dashboard', 'Comments']);
    expect((await c.get('/admin/articles')).statusCode).toBe(403);
  });

  it('refuses bad emails, roles, names, weak passwords and duplicates', async () => {
    const base = { email: 'a@example.org', name: 'A', role: 'author' as const, password: PASSWORD };
    await expect(t.services.accounts.create({ ...base, email: 'not-an-email' })).rejects.toThrow(/not an email address/);
    await expect(t.services.accounts.create({ ...base, role: 'owner' as never })).rejects.toThrow(/not a role/);
    await expect(t.services.accounts.create({ ...base, name: ' ' })).rejects.toThrow(/needs a name/);
    await expect(t.services.accounts.create({ ...base, password: 'aaaaaaaaaaaaaaa' })).rejects.toThrow(/repeats too few/);
    await expect(t.services.accounts.create({ ...base, email: 'marta@example.org', password: 'it is marta here, hi' })).rejects.toThrow(/email name/);
    await t.services.accounts.create(base);
    await expect(t.services.accounts.create({ ...base, email: 'A@EXAMPLE.ORG' })).rejects.toThrow(/already exists/);
  });
});
