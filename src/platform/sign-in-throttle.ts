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

/** A stored attempt: its row and when it was made. */
interface Attempt {
  id: number;
  created_at: string;
}

/** Failed attempts since `since` for a (key, address) pair, after that pair's last success, oldest first. */
async function failuresForPair(db: Db, key: string, ipHash: string, since: string): Promise<Attempt[]> {
  // By row rather than by time: a success and a failure can share a millisecond.
  const lastSuccess = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('email', '=', key)
    .where('ip_hash', '=', ipHash)
    .where('succeeded', '=', 1)
    .executeTakeFirst();
  const after = Number(lastSuccess?.id ?? 0);
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select(['id', 'created_at'])
    .where('email', '=', key)
    .where('ip_hash', '=', ipHash)
    .where('succeeded', '=', 0)
    .where('created_at', '>', since)
    .where('id', '>', after)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), created_at: r.created_at }));
}

/** Failed attempts of one kind from one address since `since`, oldest first. */
async function failuresForIp(db: Db, kind: AttemptKind, ipHash: string, since: string): Promise<Attempt[]> {
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select(['id', 'created_at'])
    .where('ip_hash', '=', ipHash)
    .where('email', kind === 'reader' ? 'like' : 'not like', `${READER_KEY_PREFIX}%`)
    .where('succeeded', '=', 0)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), created_at: r.created_at }));
}

export function createSignInThrottle(db: Db, clock: Clock, kind: AttemptKind) {
  const keyOf = (email: string) => (kind === 'reader' ? READER_KEY_PREFIX + email : email);

  /** When the pair or the address may try again (epoch ms; 0 or past: now), from their failures other than `own`. */
  async function lockedUntil(email: string, ipHash: string, own?: number): Promise<number> {
    const since = new Date(clock.now().getTime() - LOCK_WINDOW_MS).toISOString();
    const [pair, ip] = await Promise.all([failuresForPair(db, keyOf(email), ipHash, since), failuresForIp(db, kind, ipHash, since)]);
    const until = (all: Attempt[], max: number) => {
      const failures = own === undefined ? all : all.filter((f) => f.id !== own);
      // Unlocks when the oldest failure that still counts leaves the window.
      return failures.length < max ? 0 : Date.parse(failures[failures.length - max]!.created_at) + LOCK_WINDOW_MS;
    };
    return Math.max(until(pair, MAX_FAILURES_PER_PAIR), until(ip, MAX_FAILURES_PER_IP));
  }

  function refuse(until: number, advice: string): never {
    const seconds = Math.ceil((until - clock.now().getTime()) / 1000);
    const minutes = Math.ceil(seconds / 60);
    throw tooManyAttempts(seconds, `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, ${advice}.`);
  }

  return {
    /**
     * Start a sign-in attempt, refusing it (429 with Retry-After, `advice`
     * ending the message) while this pair or this address has failed too
     * often lately. Safe against simultaneous guesses: the attempt is stored
     * as a failure before the password is looked at, so
     * guesses sent all at once see each other and no more than the limit get
     * through. Refused (429), it leaves nothing stored; call `succeeded()`
     * once the password matched.
     */
    async begin(email: string, ipHash: string, advice: string): Promise<{ succeeded(): Promise<void> }> {
      const row = await db
        .insertInto('sign_in_attempts')
        .values({ email: keyOf(email), ip_hash: ipHash, succeeded: 0, created_at: clock.now().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      const until = await lockedUntil(email, ipHash, id);
      if (until > clock.now().getTime()) {
        await db.deleteFrom('sign_in_attempts').where('id', '=', id).execute();
        refuse(until, advice);
      }
      return {
        async succeeded() {
          await db.updateTable('sign_in_attempts').set({ succeeded: 1 }).where('id', '=', id).execute();
        },
      };
    },
  };
}
