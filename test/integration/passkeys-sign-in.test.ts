import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHALLENGE_TTL_MS } from '../../src/modules/accounts/passkeys.service.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { captureLogs } from '../helpers/logs.js';
import { errorOf, PASSKEY_ORIGIN as ORIGIN, PASSKEY_PASSWORD as PASSWORD, passkeyClients } from '../helpers/passkey-clients.js';
import { signWith } from '../helpers/webauthn.js';

describe('staff passkeys: signing in with one', () => {
  let t: TestContext;
  const logs = captureLogs();
  const { browser, withPasskey, signInOptions } = passkeyClients(() => t.app);

  beforeAll(async () => {
    t = await createTestApp({ logger: { level: 'info', stream: logs.stream } });
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in, honours next, and records the use', async () => {
    const { account, passkey } = await withPasskey();
    const b = browser();
    const options = await signInOptions(b);
    expect(options.rpId).toBe('news.example.test');
    expect(options.userVerification).toBe('required');
    expect(options.allowCredentials ?? []).toEqual([]);
    const res = await b.json('/admin/sign-in/passkey', { response: signWith(passkey, options, ORIGIN), next: '/admin/articles' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ redirect: '/admin/articles' });
    expect(b.jar.cookies.has('bs_session')).toBe(true);
    expect((await b.get('/admin')).statusCode).toBe(200);
    const [row] = await t.database.db.selectFrom('staff_passkeys').selectAll().where('account_id', '=', account.id).execute();
    expect(row!.counter).toBe(1);
    expect(row!.last_used_at).toBe(t.clock.now().toISOString());
    expect(logs.lines.some((l) => l.msg === 'signed in with a passkey' && l.accountId === account.id)).toBe(true);
  });

  it('sends a next that leaves the newsroom to the dashboard', async () => {
    const { passkey } = await withPasskey();
    const b = browser();
    const options = await signInOptions(b);
    const res = await b.json('/admin/sign-in/passkey', { response: signWith(passkey, options, ORIGIN), next: 'https://evil.example/admin' });
    expect(res.json()).toEqual({ redirect: '/admin' });
  });

  it('refuses a reused challenge and an expired one', async () => {
    const { passkey } = await withPasskey();
    const b = browser();
    const options = await signInOptions(b);
    const answer = signWith(passkey, options, ORIGIN);
    const challengeCookie = b.jar.cookies.get('bs_passkey')!;
    expect((await b.json('/admin/sign-in/passkey', { response: answer })).statusCode).toBe(200);
    // The same answer again (a replay), with the challenge's cookie put back, and from another browser.
    b.jar.cookies.set('bs_passkey', challengeCookie);
    let res = await b.json('/admin/sign-in/passkey', { response: answer });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).message).toContain('expired or was already used');
    const other = browser();
    await other.token();
    expect((await other.json('/admin/sign-in/passkey', { response: answer })).statusCode).toBe(400);

    const later = browser();
    const fresh = await signInOptions(later);
    t.clock.advance(CHALLENGE_TTL_MS + 1000);
    res = await later.json('/admin/sign-in/passkey', { response: signWith(passkey, fresh, ORIGIN) });
    expect(res.statusCode).toBe(400);
    expect(later.jar.cookies.has('bs_session')).toBe(false);
  });

  it('refuses a passkey the site does not know, a bad signature, another origin and no user verification', async () => {
    const { passkey } = await withPasskey();
    const stranger = { ...passkey, id: Buffer.from('unknown credential').toString('base64url') };
    const cases: [Parameters<typeof signWith>, number, string][] = [
      [[stranger, undefined as never, ORIGIN], 401, 'not registered'],
      [[passkey, undefined as never, ORIGIN, { breakSignature: true }], 401, 'signature did not verify'],
      [[passkey, undefined as never, 'https://evil.example'], 400, 'another site'],
      [[passkey, undefined as never, ORIGIN, { verified: false }], 401, 'did not verify you'],
      [[passkey, undefined as never, ORIGIN, { challenge: 'c29tZXRoaW5nIGVsc2U' }], 400, 'does not belong'],
    ];
    for (const [[key, , origin, knobs], status, message] of cases) {
      const b = browser();
      const options = await signInOptions(b);
      const res = await b.json('/admin/sign-in/passkey', { response: signWith(key, options, origin, knobs) });
      expect(res.statusCode, message).toBe(status);
      expect(errorOf(res).message).toContain(message);
      expect(b.jar.cookies.has('bs_session')).toBe(false);
    }
  });

  it('refuses, and logs, a counter that goes backwards', async () => {
    const { account, passkey } = await withPasskey();
    const b = browser();
    expect((await b.json('/admin/sign-in/passkey', { response: signWith(passkey, await signInOptions(b), ORIGIN, { counter: 7 }) })).statusCode).toBe(200);
    const clone = browser();
    const res = await clone.json('/admin/sign-in/passkey', { response: signWith(passkey, await signInOptions(clone), ORIGIN, { counter: 7 }) });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).message).toContain('copied');
    expect(clone.jar.cookies.has('bs_session')).toBe(false);
    expect(logs.lines.some((l) => l.level === 40 && l.accountId === account.id && String(l.msg).includes('cloned authenticator'))).toBe(true);
  });

  it('refuses a disabled account’s passkey', async () => {
    const { account, passkey } = await withPasskey();
    await t.database.db.updateTable('accounts').set({ disabled: 1 }).where('id', '=', account.id).execute();
    const b = browser();
    const res = await b.json('/admin/sign-in/passkey', { response: signWith(passkey, await signInOptions(b), ORIGIN) });
    expect(res.statusCode).toBe(401);
  });

  it('counts failures with the password sign-in throttle', async () => {
    const { account, passkey } = await withPasskey();
    const b = browser();
    for (let i = 0; i < 5; i++) {
      const res = await b.json('/admin/sign-in/passkey', { response: signWith(passkey, await signInOptions(b), ORIGIN, { breakSignature: true }) });
      expect(res.statusCode).toBe(401);
    }
    // Locked for this account from this address, even with a good answer, and for the password too.
    const res = await b.json('/admin/sign-in/passkey', { response: signWith(passkey, await signInOptions(b), ORIGIN) });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect((await b.signIn(account.email, PASSWORD)).statusCode).toBe(429);
  });

  it('needs the CSRF token, and answers malformed bodies with a 400', async () => {
    const b = browser();
    await b.token();
    const forged = await b.json('/admin/sign-in/passkey/options', {}, { 'x-csrf-token': '' });
    expect(forged.statusCode).toBe(403);
    const { passkey } = await withPasskey();
    const good = signWith(passkey, await signInOptions(b), ORIGIN);
    for (const body of [
      {},
      [],
      '{',
      { response: null },
      { response: { ...good, rawId: 7 } },
      { response: { ...good, response: { ...good.response, signature: '' } } },
      { response: good, next: 'x'.repeat(3000) },
    ]) {
      const res = await b.json('/admin/sign-in/passkey', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    // Not JSON at all, and far too large: refused before the endpoint, still with a 4xx.
    const plain = await b.json('/admin/sign-in/passkey', 'response=1', { 'content-type': 'text/plain' });
    expect(plain.statusCode).toBeGreaterThanOrEqual(400);
    expect(plain.statusCode).toBeLessThan(500);
    expect((await b.json('/admin/sign-in/passkey', { response: good, padding: 'x'.repeat(1_100_000) })).statusCode).toBe(413);
    // Well-formed, but not WebAuthn inside.
    await signInOptions(b);
    const res = await b.json('/admin/sign-in/passkey', { response: { ...good, response: { ...good.response, authenticatorData: 'AAAA' } } });
    expect(res.statusCode).toBe(400);
  });
});
