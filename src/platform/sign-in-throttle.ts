import type { Clock } from './clock.js';
import type { Db } from './db/database.js';
import { AppError } from './errors.js';

/*
 * Sign-in throttling, for staff and readers alike, over the sign_in_attempts
 * table. Failures count per (key, address) pair, so a stranger guessing from
 * one address cannot lock the real person out from theirs, and every lock
 * ends by itself. One address is also capped across all keys of its kind.
 * Staff rows are keyed by email; reader rows by "reader:" and the email, so
 * the two kinds never count against each other.
 */

const MINUTE = 60_000;
export const LOCK_WINDOW_MS = 15 * MINUTE;
export const MAX_FAILURES_PER_PAIR = 5;
export const MAX_FAILURES_PER_IP = 30;
export const READER_KEY_PREFIX = 'reader:';

export type AttemptKind = 'staff' | 'reader';

export const tooManyAttempts = (retryAfterSeconds: number, message: string) =>
  new AppError('too_many_attempts', 429, message, { retryAfterSeconds });

/** Failed attempts since `since` for a (key, address) pair, after that pair's last success. */
async function failuresForPair(db: Db, key: string, ipHash: string, since: string): Promise<string[]> {
  const lastSuccess = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('email', '=', key)
    .where('ip_hash', '=', ipHash)
    .where('succeeded', '=', 1)
    .executeTakeFirst();
  const at = lastSuccess?.at as string | null | undefined;
  const from = at && at > since ? at : since;
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select('created_at')
    .where('email', '=', key)
    .where('ip_hash', '=', ipHash)
    .where('succeeded', '=', 0)
    .where('created_at', '>', from)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.created_at);
}

/** Failed attempts of one kind from one address since `since`. */
async function failuresForIp(db: Db, kind: AttemptKind, ipHash: string, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select('created_at')
    .where('ip_hash', '=', ipHash)
    .where('email', kind === 'reader' ? 'like' : 'not like', `${READER_KEY_PREFIX}%`)
    .where('succeeded', '=', 0)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.created_at);
}

export function createSignInThrottle(db: Db, clock: Clock, kind: AttemptKind) {
  const keyOf = (email: string) => (kind === 'reader' ? READER_KEY_PREFIX + email : email);
  return {
    /** Refuse (429 with Retry-After) while this pair or this address has failed too often lately; `advice` ends the message. */
    async check(email: string, ipHash: string, advice: string): Promise<void> {
      const at = clock.now().getTime();
      const since = new Date(at - LOCK_WINDOW_MS).toISOString();
      const [pair, ip] = await Promise.all([failuresForPair(db, keyOf(email), ipHash, since), failuresForIp(db, kind, ipHash, since)]);
      const lockedUntil = (failures: string[], max: number) =>
        // Unlocks when the oldest failure that still counts leaves the window.
        failures.length < max ? 0 : Date.parse(failures[failures.length - max]!) + LOCK_WINDOW_MS;
      const until = Math.max(lockedUntil(pair, MAX_FAILURES_PER_PAIR), lockedUntil(ip, MAX_FAILURES_PER_IP));
      if (until > at) {
        const seconds = Math.ceil((until - at) / 1000);
        const minutes = Math.ceil(seconds / 60);
        throw tooManyAttempts(seconds, `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, ${advice}.`);
      }
    },

    async record(email: string, ipHash: string, succeeded: boolean): Promise<void> {
      await db.insertInto('sign_in_attempts').values({ email: keyOf(email), ip_hash: ipHash, succeeded: succeeded ? 1 : 0, created_at: clock.now().toISOString() }).execute();
    },
  };
}
