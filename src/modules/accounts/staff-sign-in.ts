import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { AccountRow, Role } from '../../platform/db/schema.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as repo from './accounts.repository.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './accounts.passwords.js';
import type { Account } from './account.types.js';
import { hasSecondFactor } from './second-factor.js';
import { createSignInSteps } from './sign-in-steps.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { createTwoFactorService, wrongCode } from './two-factor.service.js';
import { looksLikeTotp } from './two-factor.totp.js';

/*
 * Staff sign-in: the password, then (for an account with a second factor) a
 * code; and the rules around two-step sign-in that need the password or the
 * site's settings. Part of the accounts service.
 */

interface Deps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  throttle: SignInThrottle;
  ipHash(ip: string): Promise<string>;
  newSession(accountId: number, userAgent: string, ip: string): Promise<string>;
  toAccount(row: AccountRow): Account;
}

/** Which roles a value of the twoFactorRequiredFor setting covers (an unknown value: none). */
export function rolesRequiringSecondFactor(required: string): Role[] {
  if (required === 'admins') return ['admin'];
  if (required === 'admins-and-editors') return ['admin', 'editor'];
  return [];
}

export function createStaffSignIn({ db, clock, settings, throttle, ipHash, newSession, toAccount }: Deps) {
  const twoFactor = createTwoFactorService(db, clock, settings);
  const steps = createSignInSteps({ db, clock, throttle, twoFactor, ipHash, newSession, toAccount });

  /** Check an email and password, counted by the throttle; the account when they match an active one. Every failure answers alike. */
  async function checkPassword(input: { email: string; password: string; ip: string }): Promise<AccountRow> {
    const email = String(input.email ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 320);
    const attempt = await throttle.begin(email, await ipHash(input.ip), 'or reset your password');
    const row = email ? await repo.findByEmail(db, email) : undefined;
    const password = String(input.password ?? '').slice(0, 1000);
    const ok = row ? await verifyPassword(password, row.password_hash) : (await verifyPassword(password, await DUMMY_HASH_PROMISE), false);
    if (!ok || !row || row.disabled === 1) throw new AppError('invalid_credentials', 401, 'That email and password do not match an active account.');
    await attempt.succeeded();
    return row;
  }

  /**
   * The first step of signing in: an email and password. An account without
   * a second factor gets a session; one with gets a sign-in step (five
   * minutes, used once) to finish with a code (`steps.finish`), never a
   * session for the password alone. Every failure answers the same way
   * whether or not the email exists.
   */
  async function beginSignIn(input: {
    email: string;
    password: string;
    ip: string;
    userAgent: string;
    next?: string;
  }): Promise<{ account: Account; token: string } | { account: Account; step: string }> {
    const row = await checkPassword(input);
    if (await hasSecondFactor(db, row.id)) return { account: toAccount(row), step: await steps.open(row.id, input.next ?? '/admin') };
    return { account: toAccount(row), token: await newSession(row.id, input.userAgent, input.ip) };
  }

  return {
    beginSignIn,

    /**
     * Check an email and password and open a new session, for an account
     * without a second factor; one with is refused (401
     * "second_step_required"): the password alone never opens its session.
     */
    async signIn(input: { email: string; password: string; ip: string; userAgent: string }): Promise<{ account: Account; token: string }> {
      const begun = await beginSignIn(input);
      if ('step' in begun) {
        await steps.discard(begun.step);
        throw new AppError('second_step_required', 401, 'This account uses two-step sign-in: sign in at /admin/sign-in with your password and a code.');
      }
      return begun;
    },

    /** Sign-ins waiting for their second step. */
    steps,

    /** Two-step sign-in: setting it up, recovery codes, checking codes. */
    twoFactor,

    /**
     * Whether this account must set up two-step sign-in before anything else:
     * the site requires it for the account's role and it has no second factor.
     */
    async mustSetUpSecondFactor(account: Account): Promise<boolean> {
      const roles = rolesRequiringSecondFactor((await settings.get()).twoFactorRequiredFor);
      return roles.includes(account.role) && !(await hasSecondFactor(db, account.id));
    },

    /**
     * Turn two-step sign-in off, with the account's password or a current
     * code from the app; wrong ones count toward the sign-in throttle.
     */
    async turnOffTwoFactor(account: Account, passwordOrCode: string, ip: string): Promise<void> {
      const typed = String(passwordOrCode ?? '').slice(0, 1000);
      if (!typed) throw invalidInput('Type your password, or a code from your authenticator app, to turn two-step sign-in off.');
      const attempt = await throttle.begin(account.email, await ipHash(ip), 'or sign out and back in');
      const row = await repo.findById(db, account.id);
      const ok = looksLikeTotp(typed) ? (await twoFactor.check(account.id, typed, { recovery: false })) !== null : Boolean(row && (await verifyPassword(typed, row.password_hash)));
      if (!ok) throw wrongCode('That is neither your password nor a current code from your app.');
      await attempt.succeeded();
      await twoFactor.disable(account.id);
    },
  };
}
