import crypto from 'node:crypto';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, badRequest, invalidInput, notFound } from '../../platform/errors.js';
import { hashIp } from '../../platform/client-address.js';
import { newToken, tokenHash } from '../../platform/secret-token.js';
import { singleLine } from '../../platform/text-rules.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type Account, type AccountsService, openStaffSession, staffPasswordMatches } from './accounts.service.js';
import * as repo from './passkeys.repository.js';
import { createSignInThrottle } from './sign-in-throttle.js';

/*
 * Passkeys: WebAuthn credentials staff sign in with, without a password.
 * The relying party is the site: its id is SITE_URL's host and the only
 * origin accepted is SITE_URL's, so a passkey works on this address alone
 * (moving the site to another domain leaves every passkey behind).
 * Every passkey requires user verification (a PIN, a fingerprint, a face),
 * so a passkey sign-in is a full sign-in: something held and something known
 * or been. Challenges are stored here, used once, for five minutes, and tied
 * to the browser's passkey cookie (and, to add a passkey, to its session).
 */

export const CHALLENGE_TTL_MS = 5 * 60_000;
export const MAX_PASSKEY_NAME_LENGTH = 100;
/** Enough for anyone's devices; more is a sign something is adding them for someone. */
export const MAX_PASSKEYS_PER_ACCOUNT = 20;
/** The throttle's key for failures with a passkey this site does not know (counted per address, like a wrong email). */
const UNKNOWN_PASSKEY_KEY = 'passkey:unknown';

/** A passkey as its owner sees it in the list. */
export interface Passkey {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

/** Options for the browser, and the value for the passkey cookie that ties its answer to them. */
export interface Ceremony<O> {
  options: O;
  challengeToken: string;
}

const toPasskey = (r: repo.PasskeyRow): Passkey => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, backedUp: r.backed_up === 1 });

const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

function transportsOf(json: string): AuthenticatorTransportFuture[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? (list.filter((t) => typeof t === 'string' && TRANSPORTS.has(t)) as AuthenticatorTransportFuture[]) : [];
  } catch {
    return [];
  }
}

/** A passkey's name: trimmed, one line of 1 to 100 characters. */
export function passkeyName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name || name.length > MAX_PASSKEY_NAME_LENGTH) throw invalidInput(`Give the passkey a name of 1 to ${MAX_PASSKEY_NAME_LENGTH} characters, such as “Work laptop”.`);
  singleLine('The name', name);
  return name;
}

const expired = (what: string) => badRequest(`This request to ${what} has expired or was already used. Try again.`);

/**
 * What the WebAuthn library refused, as a 4xx the person understands: a
 * response made for another site (origin or relying party), one that does
 * not answer this request's challenge, an authenticator that did not verify
 * the person, or one that cannot be read at all.
 */
function refusal(err: unknown, what: string): AppError {
  const message = err instanceof Error ? err.message : '';
  if (/origin|RP ID/i.test(message)) return badRequest(`This passkey answer was made for another site. ${what} at this site’s own address.`);
  if (/challenge/i.test(message)) return badRequest('This passkey answer does not belong to this request. Try again.');
  if (/user verification/i.test(message))
    return new AppError('invalid_credentials', 401, 'The passkey did not verify you (with a PIN, fingerprint or face). Try again, and confirm it is you when asked.');
  if (/user not present/i.test(message)) return new AppError('invalid_credentials', 401, 'The passkey was used without you confirming it. Try again.');
  return badRequest('This passkey answer could not be read. Try again, or use your password.');
}

/** The relying party: the site's host, and its origin. */
export function relyingParty(siteUrl: string): { id: string; origin: string } {
  const url = new URL(siteUrl);
  return { id: url.hostname, origin: url.origin };
}

/**
 * Check a passkey's signed answer to `challenge`; the authenticator's new
 * counter. A counter that did not move on (when the authenticator keeps one)
 * means a copy of the passkey may exist: refused, with `details.possibleClone`
 * for the log.
 */
async function checkAssertion(rp: { id: string; origin: string }, passkey: repo.PasskeyRow, challenge: string, response: AuthenticationResponseJSON, accountId: number): Promise<number> {
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // The counter is checked below, once the signature is known to be good.
      credential: { id: passkey.credential_id, publicKey: Buffer.from(passkey.public_key, 'base64url'), counter: 0, transports: transportsOf(passkey.transports) },
      requireUserVerification: true,
    });
  } catch (err) {
    throw refusal(err, 'Sign in');
  }
  if (!verification.verified) throw new AppError('invalid_credentials', 401, 'The passkey’s signature did not verify. Try again, or sign in with your password.');
  const counter = verification.authenticationInfo.newCounter;
  const seen = Number(passkey.counter);
  if ((counter > 0 || seen > 0) && counter <= seen) {
    throw new AppError('invalid_credentials', 401, 'This passkey was refused: its use counter went backwards, which can mean it was copied. Sign in with your password, and tell an admin.', {
      possibleClone: true,
      accountId,
      passkeyId: passkey.id,
    });
  }
  return counter;
}

export type PasskeysService = ReturnType<typeof createPasskeysService>;

export function createPasskeysService({ db, clock, settings, accounts, siteUrl }: { db: Db; clock: Clock; settings: SettingsService; accounts: AccountsService; siteUrl: string }) {
  const rp = relyingParty(siteUrl);
  const throttle = createSignInThrottle(db, clock, 'staff');
  const now = () => clock.now();
  const expiresAt = () => new Date(now().getTime() + CHALLENGE_TTL_MS).toISOString();

  /** Take the challenge the passkey cookie names: gone from the database whatever happens next. */
  async function takeChallenge(challengeToken: string | undefined, purpose: 'register' | 'sign-in', what: string): Promise<repo.ChallengeRow> {
    const row = challengeToken && challengeToken.length <= 100 ? await repo.takeChallenge(db, tokenHash(challengeToken)) : undefined;
    if (!row || row.purpose !== purpose || row.expires_at <= now().toISOString()) throw expired(what);
    return row;
  }

  return {
    async list(accountId: number): Promise<Passkey[]> {
      return (await repo.listForAccount(db, accountId)).map(toPasskey);
    },

    /** Whether the account has a passkey (a second factor of its own, for checks that ask for one). */
    async hasPasskey(accountId: number): Promise<boolean> {
      return (await repo.countForAccount(db, accountId)) > 0;
    },

    /** Options to create a passkey for a signed-in account, tied to its session. */
    async registrationOptions(account: Account, sessionToken: string): Promise<Ceremony<PublicKeyCredentialCreationOptionsJSON>> {
      const existing = await repo.listForAccount(db, account.id);
      if (existing.length >= MAX_PASSKEYS_PER_ACCOUNT) throw invalidInput(`You already have ${MAX_PASSKEYS_PER_ACCOUNT} passkeys. Delete one you no longer use first.`);
      // One handle per account, kept with its passkeys: a new one only when it has none.
      const userHandle = existing[0]?.user_handle ?? crypto.randomBytes(32).toString('base64url');
      const site = await settings.get();
      const options = await generateRegistrationOptions({
        rpName: site.name,
        rpID: rp.id,
        userName: account.email,
        userDisplayName: account.name,
        userID: Buffer.from(userHandle, 'base64url'),
        attestationType: 'none',
        timeout: CHALLENGE_TTL_MS,
        excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: transportsOf(p.transports) })),
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      });
      const sessionId = tokenHash(sessionToken);
      const challengeToken = newToken();
      await repo.pruneChallenges(db, now().toISOString(), sessionId);
      await repo.insertChallenge(db, {
        id: tokenHash(challengeToken),
        purpose: 'register',
        challenge: options.challenge,
        account_id: account.id,
        session_id: sessionId,
        user_handle: userHandle,
        expires_at: expiresAt(),
      });
      return { options, challengeToken };
    },

    /** Check the browser's new credential against the challenge and store it under `name`. */
    async register(account: Account, input: { sessionToken: string; challengeToken: string | undefined; name: string; response: RegistrationResponseJSON }): Promise<Passkey> {
      const name = passkeyName(input.name);
      const challenge = await takeChallenge(input.challengeToken, 'register', 'add a passkey');
      if (challenge.account_id !== account.id || challenge.session_id !== tokenHash(input.sessionToken) || !challenge.user_handle) throw expired('add a passkey');
      let verification;
      try {
        verification = await verifyRegistrationResponse({
          response: input.response,
          expectedChallenge: challenge.challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: true,
        });
      } catch (err) {
        throw refusal(err, 'Add it');
      }
      if (!verification.verified) throw badRequest('The passkey could not be verified. Try again.');
      const { credential, credentialBackedUp } = verification.registrationInfo;
      if (await repo.findByCredentialId(db, credential.id)) throw new AppError('conflict', 409, 'This passkey is already registered on this site.');
      const at = now().toISOString();
      await repo.insertPasskey(db, {
        account_id: account.id,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: JSON.stringify((input.response.response.transports ?? []).filter((t) => TRANSPORTS.has(t))),
        user_handle: challenge.user_handle,
        name,
        backed_up: credentialBackedUp ? 1 : 0,
        created_at: at,
        last_used_at: null,
      });
      const stored = await repo.findByCredentialId(db, credential.id);
      return toPasskey(stored!);
    },

    async rename(accountId: number, id: number, rawName: string): Promise<void> {
      const name = passkeyName(rawName);
      if (!(await repo.renamePasskey(db, accountId, id, name))) throw notFound('passkey');
    },

    /** Delete one of the account's own passkeys, once its password confirms it is them. */
    async remove(accountId: number, id: number, password: string): Promise<void> {
      if (!(await staffPasswordMatches(db, accountId, password))) throw new AppError('invalid_credentials', 401, 'That is not your password. Enter the password you sign in with to delete a passkey.');
      if (!(await repo.deletePasskey(db, accountId, id))) throw notFound('passkey');
    },

    /** Options to sign in with any passkey of this site the browser holds (discoverable credentials). */
    async signInOptions(): Promise<Ceremony<PublicKeyCredentialRequestOptionsJSON>> {
      const options = await generateAuthenticationOptions({ rpID: rp.id, allowCredentials: [], userVerification: 'required', timeout: CHALLENGE_TTL_MS });
      const challengeToken = newToken();
      await repo.pruneChallenges(db, now().toISOString());
      await repo.insertChallenge(db, {
        id: tokenHash(challengeToken),
        purpose: 'sign-in',
        challenge: options.challenge,
        account_id: null,
        session_id: null,
        user_handle: null,
        expires_at: expiresAt(),
      });
      return { options, challengeToken };
    },

    /**
     * Check a passkey's answer and open a session, counted by the same
     * sign-in throttle as passwords (per account and address, and per
     * address). See checkAssertion for a counter that goes backwards.
     */
    async signIn(input: { challengeToken: string | undefined; response: AuthenticationResponseJSON; ip: string; userAgent: string }): Promise<{ account: Account; token: string }> {
      const challenge = await takeChallenge(input.challengeToken, 'sign-in', 'sign in with a passkey');
      const passkey = await repo.findByCredentialId(db, input.response.id);
      const owner = passkey && (await accounts.byId(passkey.account_id));
      const attempt = await throttle.begin(owner?.email ?? UNKNOWN_PASSKEY_KEY, hashIp(await settings.secret(), input.ip), 'or sign in with your password');
      const userHandle = input.response.response.userHandle;
      if (!passkey || !owner || owner.disabled || (userHandle !== undefined && userHandle !== passkey.user_handle)) {
        throw new AppError('invalid_credentials', 401, 'This passkey is not registered for an active account on this site. Sign in with your password.');
      }
      const counter = await checkAssertion(rp, passkey, challenge.challenge, input.response, owner.id);
      if (!(await repo.recordUse(db, passkey.id, passkey.counter, counter, now().toISOString()))) {
        throw new AppError('invalid_credentials', 401, 'This passkey was used twice at once. Try again.');
      }
      await attempt.succeeded();
      return { account: owner, token: await openStaffSession(db, now(), owner.id, input.userAgent, input.ip) };
    },
  };
}
