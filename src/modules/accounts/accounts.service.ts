import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { AccountRow, Role } from '../../platform/db/schema.js';
import { AppError, conflict, invalidInput } from '../../platform/errors.js';
import { singleLine } from '../../platform/text-rules.js';
import type { SettingsService } from '../settings/settings.service.js';
import { newToken, tokenHash } from '../../platform/secret-token.js';
import { liveSession, openingTimes, type SessionStore } from '../../platform/sessions.js';
import * as repo from './accounts.repository.js';
import { recordSignIn } from './staff.repository.js';
import { hashPassword, passwordProblem, verifyPassword } from './accounts.passwords.js';
import { isRole } from './permissions.js';
import { lockFirstAdmin, setupCodeFor, setupCodeMatches } from './first-admin.js';
import { createSignInThrottle } from './sign-in-throttle.js';
import { hashIp } from '../../platform/client-address.js';
import type { Selectable } from 'kysely';
import type { SessionsTable } from '../../platform/db/schema.js';
import { createStaffSessions } from './staff-sessions.js';
import { createStaffSignIn } from './staff-sign-in.js';
import type { Account } from './account.types.js';

/** A staff account as the rest of the application sees it (./account.types.ts). */
export type { Account } from './account.types.js';

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
  authorId?: number | null;
}

const DAY = 86_400_000;
/** Session lifetimes are shared with readers: src/platform/sessions.ts. */
export { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../platform/sessions.js';
export { tokenHash } from '../../platform/secret-token.js';

/** Sign-in throttling is shared with readers (who get theirs through src/services.ts): ./sign-in-throttle.ts. */
export { LOCK_WINDOW_MS, MAX_FAILURES_PER_IP, MAX_FAILURES_PER_PAIR, tooManyAttempts } from './sign-in-throttle.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  authorId: r.author_id,
  disabled: r.disabled === 1,
});

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export type AccountsService = ReturnType<typeof createAccountsService>;

/** Open a new staff session for an account, returning its token (for the cookie): after a password, or a passkey (passkeys.service.ts). */
export async function openStaffSession(db: Db, at: Date, accountId: number, userAgent: string, ip: string): Promise<string> {
  const token = newToken();
  await repo.insertSession(db, {
    id: tokenHash(token),
    account_id: accountId,
    ...openingTimes(at),
    user_agent: userAgent.slice(0, 300),
    ip_address: ip.slice(0, 64),
  });
  await recordSignIn(db, accountId, at.toISOString());
  return token;
}

/** Whether `password` is an active account's password (to confirm a change to how it signs in). */
export async function staffPasswordMatches(db: Db, accountId: number, password: string): Promise<boolean> {
  const row = await repo.findById(db, accountId);
  return Boolean(row && row.disabled === 0 && (await verifyPassword(String(password ?? '').slice(0, 1000), row.password_hash)));
}

/** Staff accounts, their passwords and their sessions. */
export function createAccountsService(db: Db, clock: Clock, settings: SettingsService) {
  const now = () => clock.now();

  const ipHash = async (ip: string): Promise<string> => hashIp(await settings.secret(), ip);
  const sessions: SessionStore<Selectable<SessionsTable>> = {
    find: (id) => repo.findSession(db, id),
    remove: (id) => repo.deleteSession(db, id),
    touch: (id, lastSeenAt, expiresAt) => repo.touchSession(db, id, lastSeenAt, expiresAt),
  };

  const throttle = createSignInThrottle(db, clock, 'staff');

  const newSession = (accountId: number, userAgent: string, ip: string): Promise<string> => openStaffSession(db, now(), accountId, userAgent, ip);

  const signIns = createStaffSignIn({ db, clock, settings, throttle, ipHash, newSession, toAccount });

  /** A new account's row, checked and with its password hashed; every problem a 422 saying what to fix. */
  async function newAccountRow(input: NewAccount) {
    const email = normaliseEmail(input.email ?? '');
    if (!EMAIL.test(email) || email.length > 320) throw invalidInput(`"${input.email}" is not an email address.`);
    const name = input.name?.trim();
    if (!name || name.length > 200) throw invalidInput('An account needs a name of 1 to 200 characters.');
    singleLine('The name', name);
    if (!isRole(input.role)) throw invalidInput(`"${input.role}" is not a role; use admin, editor, author, contributor or moderator.`);
    const problem = passwordProblem(input.password, email);
    if (problem) throw invalidInput(problem);
    const at = now().toISOString();
    return {
      email,
      name,
      role: input.role,
      password_hash: await hashPassword(input.password),
      author_id: input.authorId ?? null,
      disabled: 0,
      created_at: at,
      updated_at: at,
      password_changed_at: at,
    };
  }

  return {
    /** Create a staff account. Emails are unique, compared without case. */
    async create(input: NewAccount): Promise<Account> {
      const row = await newAccountRow(input);
      if (await repo.findByEmail(db, row.email)) throw conflict(`An account for ${row.email} already exists.`);
      return toAccount(await repo.insertAccount(db, row));
    },

    /**
     * This installation's one-time setup code while it has no active admin
     * (printed in the server's log at start and by `broadsheet setup-code`),
     * or null once one exists.
     */
    async setupCode(): Promise<string | null> {
      if (await this.hasAdmin()) return null;
      return setupCodeFor(await settings.secret());
    },

    /**
     * Create the first admin from the setup page: only with the setup code,
     * and only once. The check that no admin exists and the insert run in one
     * transaction that waits for any other doing the same, so of many
     * requests at once exactly one creates an admin and the others get a 409.
     */
    async createFirstAdmin(input: Omit<NewAccount, 'role' | 'authorId'> & { setupCode: string }): Promise<Account> {
      if (!setupCodeMatches(await settings.secret(), input.setupCode)) {
        throw new AppError('setup_code_wrong', 403, 'That setup code is not right. Copy it from the server\'s log, or run "broadsheet setup-code" on the server.');
      }
      const row = await newAccountRow({ ...input, role: 'admin' });
      return db.transaction().execute(async (trx) => {
        await lockFirstAdmin(trx);
        if ((await repo.countActiveWithRole(trx, 'admin')) > 0) throw conflict('The first admin has already been created. Sign in instead.');
        if (await repo.findByEmail(trx, row.email)) throw conflict(`An account for ${row.email} already exists.`);
        return toAccount(await repo.insertAccount(trx, row));
      });
    },

    /** Staff members' names by account id, for other modules' lists (who made a revision, a token). */
    async namesOf(ids: number[]): Promise<Map<number, string>> {
      return new Map((await repo.namesByIds(db, [...new Set(ids)])).map((r) => [r.id, r.name]));
    },

    async byId(id: number): Promise<Account | undefined> {
      const r = await repo.findById(db, id);
      return r && toAccount(r);
    },

    async list(): Promise<Account[]> {
      return (await repo.listAccounts(db)).map(toAccount);
    },

    /** Whether an active admin exists (the setup page is offered only while none does). */
    async hasAdmin(): Promise<boolean> {
      return (await repo.countActiveWithRole(db, 'admin')) > 0;
    },

    /** Signing in with a password and, where the account has one, a second factor; two-step sign-in itself (./staff-sign-in.ts). */
    ...signIns,

    /**
     * The account a session token belongs to, or undefined when the session
     * is unknown, expired, or its account disabled. Use extends the session.
     */
    async sessionAccount(token: string | undefined): Promise<Account | undefined> {
      if (!token || token.length > 100) return undefined;
      const session = await liveSession(sessions, tokenHash(token), now());
      const row = session && (await repo.findById(db, session.account_id));
      if (!row || row.disabled === 1) return undefined;
      return toAccount(row);
    },

    /** End one session (signing out). */
    async signOut(token: string | undefined): Promise<void> {
      if (token) await repo.deleteSession(db, tokenHash(token));
    },

    /** An account's own sessions, for its account page. */
    sessions: createStaffSessions(db, now),

    /** End every session of an account, on every device. Returns how many ended. */
    async signOutEverywhere(accountId: number): Promise<number> {
      return repo.deleteSessionsOf(db, accountId);
    },

    /** Forget expired sessions and old sign-in attempts (run now and then). */
    async prune(): Promise<void> {
      const at = now();
      await repo.deleteExpiredSessions(db, at.toISOString());
      await signIns.steps.prune();
      await repo.pruneAttempts(db, new Date(at.getTime() - DAY).toISOString());
    },
  };
}
