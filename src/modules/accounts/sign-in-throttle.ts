import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './accounts.repository.js';

/*
 * Sign-in throttling, for staff and readers alike, over the sign_in_attempts
 * table (which the accounts module owns: every query is in
 * accounts.repository.ts). Failures count per (key, address) pair, so a
 * stranger guessing from one address cannot lock the real person out from
 * theirs, and every lock ends by itself. One address is also capped across
 * all keys of its kind. Staff rows are keyed by email; reader rows by
 * "reader:" and the email, so the two kinds never count against each other.
 * The readers module gets its throttle through src/services.ts.
 */

const MINUTE = 60_000;
export const LOCK_WINDOW_MS = 15 * MINUTE;
export const MAX_FAILURES_PER_PAIR = 5;
export const MAX_FAILURES_PER_IP = 30;
export const READER_KEY_PREFIX = 'reader:';
/** The key emails asked for by readers are counted under: never a staff email, never a reader's sign-in key. */
const READER_MAIL_KEY = 'reader-mail';

export type AttemptKind = 'staff' | 'reader';

export const tooManyAttempts = (retryAfterSeconds: number, message: string) => new AppError('too_many_attempts', 429, message, { retryAfterSeconds });

/** A sign-in attempt under way: counted as a failure until `succeeded()`. */
export interface SignInAttempt {
  succeeded(): Promise<void>;
}

export interface SignInThrottle {
  /**
   * Start a sign-in attempt, refusing it (429 with Retry-After, `advice`
   * ending the message) while this pair or this address has failed too
   * often lately. Safe against simultaneous guesses: the attempt is stored
   * as a failure before the password is looked at, so guesses sent all at
   * once see each other and no more than the limit get through. Refused
   * (429), it leaves nothing stored; call `succeeded()` once the password
   * matched.
   */
  begin(email: string, ipHash: string, advice: string): Promise<SignInAttempt>;
}

/** An email an address asked for, noted: how many that address asked for lately, and how to take this one back. */
export interface MailRequest {
  /** Requests from the address within the window, this one included. */
  fromAddress: number;
  /** Take the request back (it went over a limit, and no email went out). */
  withdraw(): Promise<void>;
}

/** What the readers module needs: password sign-in throttling, and counting the emails an address asks for. */
export interface ReaderSignInThrottle extends SignInThrottle {
  /**
   * Note that an email is to go out at an address's request, and count that
   * address's requests in the last `windowMs` (stored first, so requests
   * arriving together see each other). Stored as a success, so no failure
   * count ever sees it.
   */
  noteMailRequest(ipHash: string, windowMs: number): Promise<MailRequest>;
}

export function createSignInThrottle(db: Db, clock: Clock, kind: AttemptKind): SignInThrottle {
  const keyOf = (email: string) => (kind === 'reader' ? READER_KEY_PREFIX + email : email);

  /** When the pair or the address may try again (epoch ms; 0 or past: now), from their failures other than `own`. */
  async function lockedUntil(email: string, ipHash: string, own?: number): Promise<number> {
    const since = new Date(clock.now().getTime() - LOCK_WINDOW_MS).toISOString();
    const [pair, ip] = await Promise.all([repo.failuresForPair(db, keyOf(email), ipHash, since), repo.failuresForIp(db, ipHash, READER_KEY_PREFIX, kind !== 'reader', since)]);
    const until = (all: repo.AttemptRow[], max: number) => {
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
    async begin(email, ipHash, advice) {
      const id = await repo.insertAttempt(db, { key: keyOf(email), ipHash, succeeded: false, at: clock.now().toISOString() });
      const until = await lockedUntil(email, ipHash, id);
      if (until > clock.now().getTime()) {
        await repo.deleteAttempt(db, id);
        refuse(until, advice);
      }
      return { succeeded: () => repo.markAttemptSucceeded(db, id) };
    },
  };
}

/** The readers' throttle: sign-ins keyed apart from staff, and the emails an address asks for. */
export function createReaderSignInThrottle(db: Db, clock: Clock): ReaderSignInThrottle {
  return {
    ...createSignInThrottle(db, clock, 'reader'),
    async noteMailRequest(ipHash, windowMs) {
      const at = clock.now();
      const id = await repo.insertAttempt(db, { key: READER_MAIL_KEY, ipHash, succeeded: true, at: at.toISOString() });
      const since = new Date(at.getTime() - windowMs).toISOString();
      return {
        fromAddress: await repo.countForKeyFromIpSince(db, READER_MAIL_KEY, ipHash, since),
        withdraw: () => repo.deleteAttempt(db, id),
      };
    },
  };
}
