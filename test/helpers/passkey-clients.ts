import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { adminClient } from './admin.js';
import { TEST_SITE_URL } from './app.js';
import { createPasskey, type SoftPasskey } from './webauthn.js';

export const PASSKEY_PASSWORD = 'correct horse battery staple';
export const PASSKEY_ORIGIN = TEST_SITE_URL;

/** The { code, message } of a JSON error answer. */
export const errorOf = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string } }).error;

/**
 * Browsers for the passkey endpoints, on the app `app()` returns: each from
 * an address of its own (so rate limits and the sign-in throttle stay
 * apart), keeping cookies, and able to post JSON with the page's CSRF token.
 */
export function passkeyClients(app: () => App) {
  let seq = 0;
  let accountSeq = 0;

  function browser() {
    const address = `198.51.100.${++seq}`;
    const c = adminClient(app(), address);
    let csrf = '';
    return {
      ...c,
      /** Take the CSRF token from a page's form, for the JSON posts that follow. */
      async token(url = '/admin/sign-in') {
        csrf = await c.csrfFrom(url);
        return csrf;
      },
      async json(url: string, body: unknown, headers: Record<string, string> = {}) {
        const payload = typeof body === 'string' ? body : JSON.stringify(body);
        const res = await app().inject({
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
    return app().services.accounts.create({ email: `passkey${n}@example.org`, name: `Passkey User ${n}`, role, password: PASSKEY_PASSWORD });
  }

  /** A browser signed in as a new staff member, holding the passkeys page's CSRF token. */
  async function signedIn() {
    const account = await staff();
    const b = browser();
    expect((await b.signIn(account.email, PASSKEY_PASSWORD)).statusCode).toBe(303);
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
    const { passkey, response } = createPasskey(await registrationOptions(b), PASSKEY_ORIGIN);
    const res = await b.json('/admin/account/passkeys', { name, response });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ redirect: '/admin/account/passkeys?added' });
    return { account, b, passkey };
  }

  /** Sign-in options, as the sign-in page's script asks for them. */
  async function signInOptions(b: Browser) {
    await b.token();
    const res = await b.json('/admin/sign-in/passkey/options', {});
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { options: PublicKeyCredentialRequestOptionsJSON }).options;
  }

  return { browser, staff, signedIn, registrationOptions, withPasskey, signInOptions };
}
