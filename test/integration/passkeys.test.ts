import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHALLENGE_TTL_MS } from '../../src/modules/accounts/passkeys.service.js';
import type { ExportDocument } from '../../src/modules/safekeeping/export.format.js';
import { importExport } from '../../src/modules/safekeeping/export.import.js';
import { writeExport } from '../../src/modules/safekeeping/export.writer.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createServices } from '../../src/services.js';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';
import { createPasskey, signWith, type SoftPasskey } from '../helpers/webauthn.js';

const PASSWORD = 'correct horse battery staple';
const ORIGIN = TEST_SITE_URL;

describe('staff passkeys', () => {
  let t: TestContext;
  const logs = captureLogs();
  let seq = 0;
  let accountSeq = 0;

  /** A browser from an address of its own (so rate limits and the throttle stay apart), able to post JSON too. */
  function browser() {
    const address = `198.51.100.${++seq}`;
    const c = adminClient(t.app, address);
    let csrf = '';
    return {
      ...c,
      async token(url = '/admin/sign-in') {
        csrf = await c.csrfFrom(url);
        return csrf;
      },
      async json(url: string, body: unknown, headers: Record<string, string> = {}) {
        const payload = typeof body === 'string' ? body : JSON.stringify(body);
        const res = await t.app.inject({
          method: 'POST',
          url,
          remoteAddress: address,
          headers: { cookie: c.jar.header(), 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf, ...headers },
          payload,
        });
        c.jar.take(res);
        return res;
      },
    };
  }
  type Browser = ReturnType<typeof browser>;

  async function staff(role: 'editor' | 'author' = 'editor') {
    const n = ++accountSeq;
    return t.services.accounts.create({ email: `passkey${n}@example.org`, name: `Passkey User ${n}`, role, password: PASSWORD });
  }

  /** A browser signed in as a new staff member. */
  async function signedIn() {
    const account = await staff();
    const b = browser();
    expect((await b.signIn(account.email, PASSWORD)).statusCode).toBe(303);
    await b.token('/admin/account/passkeys');
    return { account, b };
  }

  async function registrationOptions(b: Browser) {
    const res = await b.json('/admin/account/passkeys/options', {});
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { options: PublicKeyCredentialCreationOptionsJSON }).options;
  }

  /** A signed-in member with a passkey added through the endpoints. */
  async function withPasskey(name = 'Work laptop'): Promise<{ account: Awaited<ReturnType<typeof staff>>; b: Browser; passkey: SoftPasskey }> {
    const { account, b } = await signedIn();
    const { passkey, response } = createPasskey(await registrationOptions(b), ORIGIN);
    const res = await b.json('/admin/account/passkeys', { name, response });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ redirect: '/admin/account/passkeys?added' });
    return { account, b, passkey };
  }

  async function signInOptions(b: Browser) {
    await b.token();
    const res = await b.json('/admin/sign-in/passkey/options', {});
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { options: PublicKeyCredentialRequestOptionsJSON }).options;
  }

  const errorOf = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string } }).error;

  beforeAll(async () => {
    t = await createTestApp({ logger: { level: 'info', stream: logs.stream } });
    await t.services.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('adding one', () => {
    it('asks for a resident key with user verification, for this site, excluding the passkeys the member has', async () => {
      const { account, b } = await withPasskey();
      const options = await registrationOptions(b);
      expect(options.rp).toEqual({ id: 'news.example.test', name: expect.any(String) });
      expect(options.user.name).toBe(account.email);
      expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
      expect(options.excludeCredentials).toHaveLength(1);
      // The same handle for every passkey of an account.
      const [stored] = await t.database.db.selectFrom('staff_passkeys').select('user_handle').where('account_id', '=', account.id).execute();
      expect(options.user.id).toBe(stored!.user_handle);
    });

    it('lists the new passkey with its name, and says it has one', async () => {
      const { account, b } = await withPasskey('Phone “Pixel”');
      const page = parse((await b.get('/admin/account/passkeys?added')).body);
      expect(text(page.querySelector('[role=status]'))).toContain('The passkey was added');
      expect(text(page.querySelector('.passkey h3'))).toBe('Phone “Pixel”');
      expect(await t.services.passkeys.hasPasskey(account.id)).toBe(true);
      expect(await t.services.passkeys.hasPasskey((await staff()).id)).toBe(false);
    });

    it('needs a signed-in member and the CSRF token', async () => {
      const stranger = browser();
      await stranger.token();
      const res = await stranger.json('/admin/account/passkeys/options', {});
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).message).toContain('signed out');
      const { b } = await signedIn();
      const forged = await b.json('/admin/account/passkeys/options', {}, { 'x-csrf-token': 'nope' });
      expect(forged.statusCode).toBe(403);
      expect(errorOf(forged).code).toBe('csrf');
    });

    it('refuses an answer made for another site, or without user verification, and a reused or expired challenge', async () => {
      const { b } = await signedIn();
      const wrongSite = createPasskey(await registrationOptions(b), 'https://evil.example');
      let res = await b.json('/admin/account/passkeys', { name: 'Key', response: wrongSite.response });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).message).toContain('another site');

      const unverified = createPasskey(await registrationOptions(b), ORIGIN, { verified: false });
      res = await b.json('/admin/account/passkeys', { name: 'Key', response: unverified.response });
      expect(res.statusCode).toBe(401);
      expect(errorOf(res).message).toContain('did not verify you');

      const good = createPasskey(await registrationOptions(b), ORIGIN);
      const challengeCookie = b.jar.cookies.get('bs_passkey')!;
      expect((await b.json('/admin/account/passkeys', { name: 'Key', response: good.response })).statusCode).toBe(200);
      // The challenge was used: the same answer again, with its cookie put back, is refused.
      b.jar.cookies.set('bs_passkey', challengeCookie);
      res = await b.json('/admin/account/passkeys', { name: 'Key again', response: good.response });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).message).toContain('expired or was already used');

      const late = createPasskey(await registrationOptions(b), ORIGIN);
      t.clock.advance(CHALLENGE_TTL_MS + 1000);
      res = await b.json('/admin/account/passkeys', { name: 'Late', response: late.response });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).message).toContain('expired');
    });

    it('ties the challenge to the session that asked for it', async () => {
      const { account, b } = await signedIn();
      const made = createPasskey(await registrationOptions(b), ORIGIN);
      // Signing in again starts a new session; the pending challenge belonged to the old one.
      expect((await b.signIn(account.email, PASSWORD)).statusCode).toBe(303);
      await b.token('/admin/account/passkeys');
      const res = await b.json('/admin/account/passkeys', { name: 'Key', response: made.response });
      expect(res.statusCode).toBe(400);
      expect(await t.services.passkeys.hasPasskey(account.id)).toBe(false);
    });

    it('refuses a name that is empty, too long or on two lines', async () => {
      const { b } = await signedIn();
      for (const name of ['  ', 'x'.repeat(101), 'two\nlines']) {
        const made = createPasskey(await registrationOptions(b), ORIGIN);
        const res = await b.json('/admin/account/passkeys', { name, response: made.response });
        expect(res.statusCode, name).toBe(422);
      }
    });

    it('answers malformed bodies with a 400, never a 500', async () => {
      const { b } = await signedIn();
      const made = createPasskey(await registrationOptions(b), ORIGIN);
      const bodies: unknown[] = [
        {},
        [],
        'null',
        '{"name":',
        { name: 'Key' },
        { name: 'Key', response: { ...made.response, id: 'not base64url!' } },
        { name: 'Key', response: { ...made.response, type: 'password' } },
        { name: 'Key', response: { ...made.response, response: { clientDataJSON: made.response.response.clientDataJSON } } },
        { name: 'Key', response: { ...made.response, response: { ...made.response.response, attestationObject: 'x'.repeat(20_000) } } },
      ];
      for (const body of bodies) {
        const res = await b.json('/admin/account/passkeys', body);
        expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(errorOf(res).message).toBeTruthy();
      }
      // Well-formed, but the bytes inside are not WebAuthn's.
      for (const broken of [
        { ...made.response.response, clientDataJSON: Buffer.from('not json').toString('base64url') },
        { ...made.response.response, attestationObject: Buffer.from('not cbor').toString('base64url') },
      ]) {
        await registrationOptions(b);
        const res = await b.json('/admin/account/passkeys', { name: 'Key', response: { ...made.response, response: broken } });
        expect(res.statusCode).toBe(400);
      }
    });
  });

  describe('signing in with one', () => {
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
      // Well-formed, but not WebAuthn inside.
      await signInOptions(b);
      const res = await b.json('/admin/sign-in/passkey', { response: { ...good, response: { ...good.response, authenticatorData: 'AAAA' } } });
      expect(res.statusCode).toBe(400);
    });
  });

  it('travels in exports only with secrets, and signs in again after an import', async () => {
    const { account, passkey } = await withPasskey('Exported key');
    const exportText = async (withSecrets: boolean) => {
      const parts: string[] = [];
      await writeExport(t.database, { write: async (s) => void parts.push(s) }, { withSecrets, now: t.clock.now() });
      return parts.join('');
    };
    const plain = JSON.parse(await exportText(false)) as ExportDocument;
    expect(plain.entities).not.toHaveProperty('staff_passkeys');
    expect(plain.entities).not.toHaveProperty('staff_passkey_challenges');
    const text = await exportText(true);
    expect((JSON.parse(text) as ExportDocument).entities.staff_passkeys).toEqual(expect.arrayContaining([expect.objectContaining({ account_id: account.id, name: 'Exported key' })]));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-passkeys-'));
    const target = await createTestDatabase();
    try {
      fs.writeFileSync(path.join(dir, 'site.json'), text);
      await importExport(target, path.join(dir, 'site.json'));
      const services = createServices(target.db, fixedClock(t.clock.now()), undefined, { siteUrl: TEST_SITE_URL });
      const { options, challengeToken } = await services.passkeys.signInOptions();
      const signedIn = await services.passkeys.signIn({ challengeToken, response: signWith(passkey, options, ORIGIN), ip: '192.0.2.1', userAgent: 'test' });
      expect(signedIn.account.email).toBe(account.email);
    } finally {
      await target.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('renaming and deleting', () => {
    async function passkeyIdOf(accountId: number) {
      const row = await t.database.db.selectFrom('staff_passkeys').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow();
      return row.id;
    }

    it('renames and deletes one’s own passkey (deleting asks for the password)', async () => {
      const { account, b } = await withPasskey();
      const id = await passkeyIdOf(account.id);
      const _csrf = await b.csrfFrom('/admin/account/passkeys');
      let res = await b.post(`/admin/account/passkeys/${id}/rename`, { _csrf, name: 'Old laptop' });
      expect(res.statusCode).toBe(303);
      expect(text(parse((await b.get('/admin/account/passkeys')).body).querySelector('.passkey h3'))).toBe('Old laptop');
      res = await b.post(`/admin/account/passkeys/${id}/rename`, { _csrf, name: '' });
      expect(res.statusCode).toBe(422);

      res = await b.post(`/admin/account/passkeys/${id}/delete`, { _csrf, password: 'not my password at all' });
      expect(res.statusCode).toBe(401);
      expect(text(parse(res.body).querySelector('[role=alert]'))).toContain('not your password');
      expect(await t.services.passkeys.hasPasskey(account.id)).toBe(true);
      res = await b.post(`/admin/account/passkeys/${id}/delete`, { password: PASSWORD });
      expect(res.statusCode).toBe(403);
      res = await b.post(`/admin/account/passkeys/${id}/delete`, { _csrf, password: PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(await t.services.passkeys.hasPasskey(account.id)).toBe(false);
    });

    it('refuses to rename or delete someone else’s passkey', async () => {
      const owner = await withPasskey();
      const id = await passkeyIdOf(owner.account.id);
      const { b } = await signedIn();
      const _csrf = await b.csrfFrom('/admin/account/passkeys');
      expect((await b.post(`/admin/account/passkeys/${id}/rename`, { _csrf, name: 'Mine now' })).statusCode).toBe(404);
      expect((await b.post(`/admin/account/passkeys/${id}/delete`, { _csrf, password: PASSWORD })).statusCode).toBe(404);
      expect((await b.post('/admin/account/passkeys/999999/delete', { _csrf, password: PASSWORD })).statusCode).toBe(404);
      expect((await t.services.passkeys.list(owner.account.id)).map((p) => p.name)).toEqual(['Work laptop']);
    });

    it('sends visitors who are not signed in to sign in', async () => {
      const b = browser();
      const res = await b.get('/admin/account/passkeys');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Faccount%2Fpasskeys');
    });
  });
});
