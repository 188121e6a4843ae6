import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { AccountRow } from '../../platform/db/schema.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { newToken, tokenHash } from '../../platform/secret-token.js';
import * as accountsRepo from './accounts.repository.js';
import type { Account } from './account.types.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import * as repo from './two-factor.repository.js';
import { type CodeKind, type TwoFactorService, wrongCode } from './two-factor.service.js';

/*
 * The step between a right password and a right code, for accounts with a
 * second factor: a random token (its hash stored, the token in an httpOnly
 * cookie) that lasts five minutes, allows five wrong codes, and is used up by
 * the right one. Wrong codes also count toward the sign-in throttle, as wrong
 * passwords do.
 */

export const SIGN_IN_STEP_MS = 5 * 60_000;
export const MAX_CODE_FAILURES = 5;

const stepGone = () => new AppError('sign_in_step_expired', 401, 'This sign-in has expired or was already used. Sign in again with your password.');

interface Deps {
  db: Db;
  clock: Clock;
  throttle: SignInThrottle;
  twoFactor: TwoFactorService;
  ipHash(ip: string): Promise<string>;
  newSession(accountId: number, userAgent: string, ip: string): Promise<string>;
  toAccount(row: AccountRow): Account;
}

export type SignInSteps = ReturnType<typeof createSignInSteps>;

export function createSignInSteps({ db, clock, throttle, twoFactor, ipHash, newSession, toAccount }: Deps) {
  /** The step and its account while the step is usable: not expired, not spent, its account active. */
  async function live(token: string | undefined) {
    if (!token || token.length > 100) return undefined;
    const step = await repo.findStep(db, tokenHash(token));
    if (!step) return undefined;
    if (step.expires_at <= clock.now().toISOString() || step.failures >= MAX_CODE_FAILURES) {
      await repo.deleteStep(db, step.id);
      return undefined;
    }
    const row = await accountsRepo.findById(db, step.account_id);
    return row && row.disabled === 0 ? { step, row } : undefined;
  }

  return {
    /** Open a step for an account whose password was right; returns its token. */
    async open(accountId: number, next: string): Promise<string> {
      const token = newToken();
      const at = clock.now();
      await repo.insertStep(db, {
        id: tokenHash(token),
        account_id: accountId,
        next: next.slice(0, 300),
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + SIGN_IN_STEP_MS).toISOString(),
      });
      return token;
    },

    async discard(token: string | undefined): Promise<void> {
      if (token && token.length <= 100) await repo.deleteStep(db, tokenHash(token));
    },

    /** Who a usable step is for, where it leads and how many wrong codes it still allows; undefined when it is not usable. */
    async find(token: string | undefined): Promise<{ account: Account; next: string; triesLeft: number } | undefined> {
      const found = await live(token);
      return found && { account: toAccount(found.row), next: found.step.next, triesLeft: MAX_CODE_FAILURES - found.step.failures };
    },

    /**
     * Finish signing in with a code (from the app, or a recovery code): a new
     * session. A wrong code is refused (401) and counted; the fifth spends the
     * step. An expired, spent or used step is refused (401 "sign_in_step_expired").
     */
    async finish(input: { token: string | undefined; code: string; ip: string; userAgent: string }): Promise<{ account: Account; token: string; next: string; kind: CodeKind }> {
      const found = await live(input.token);
      if (!found) throw stepGone();
      const code = String(input.code ?? '').trim();
      if (!code) throw invalidInput('Type the six-digit code from your authenticator app, or one of your recovery codes.');
      const attempt = await throttle.begin(found.row.email, await ipHash(input.ip), 'or sign in again later');
      const kind = await twoFactor.check(found.row.id, code);
      if (!kind) {
        const left = MAX_CODE_FAILURES - (await repo.countStepFailure(db, found.step.id));
        if (left > 0) throw wrongCode(`That code is not right. You can try ${left} more time${left === 1 ? '' : 's'}.`);
        await repo.deleteStep(db, found.step.id);
        throw new AppError('sign_in_step_expired', 401, 'Too many wrong codes. Sign in again with your password.');
      }
      // Used once: of two requests with right codes, one signs in.
      if (!(await repo.deleteStep(db, found.step.id))) throw stepGone();
      await attempt.succeeded();
      return { account: toAccount(found.row), token: await newSession(found.row.id, input.userAgent, input.ip), next: found.step.next, kind };
    },

    async prune(): Promise<void> {
      await repo.deleteExpiredSteps(db, clock.now().toISOString());
    },
  };
}
