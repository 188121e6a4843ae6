import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHALLENGE_TTL_MS } from '../../src/modules/accounts/passkeys.service.js';
import type { ExportDocument } from '../../src/modules/safekeeping/export.format.js';
import { importExport } from '../../src/modules/safekeeping/export.import.js';
import { writeExport } from '../../src/modules/safekeeping/export.writer.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createServices } from '../../src/services.js';
import { createTestApp, parse, TEST_SITE_URL, type TestContext, text } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { errorOf, PASSKEY_ORIGIN, PASSKEY_PASSWORD, passkeyClients } from '../helpers/passkey-clients.js';
import { createPasskey, signWith } from '../helpers/webauthn.js';

const PASSWORD = PASSKEY_PASSWORD;
const ORIGIN = PASSKEY_ORIGIN;

describe('staff passkeys: adding, renaming, deleting, exporting', () => {
  let t: TestContext;
  const { browser, staff, signedIn, registrationOptions, withPasskey } = passkeyClients(() => t.app);

  beforeAll(async () => {
    t = await createTestApp();
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
