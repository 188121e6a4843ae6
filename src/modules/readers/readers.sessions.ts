import { AppError } from '../../platform/errors.js';
import { tokenHash } from '../../platform/secret-token.js';
import { liveSession } from '../../platform/sessions.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../accounts/accounts.passwords.js';
import { normaliseEmail } from '../accounts/accounts.service.js';
import { READER_KEY_PREFIX } from '../accounts/sign-in-throttle.js';
import type { ReadersContext } from './readers.context.js';
import * as repo from './readers.repository.js';
import { type Reader, TOKEN_SHAPE, toReader } from './readers.rules.js';

/** Signing in by password (throttled by the accounts module), and the sessions readers hold. */
export function createReaderSessions(ctx: ReadersContext) {
  const { db, now, ipHash, throttle, openSession, sessions } = ctx;

  return {
    /**
     * Check an email and password and open a session. Every failure answers
     * the same way, whether the email is unknown, has no password, or the
     * password is wrong. Unconfirmed readers may sign in (not comment).
     */
    async signIn(input: { email: string; password: string; ip: string }): Promise<{ reader: Reader; sessionToken: string }> {
      const email = normaliseEmail(String(input.email ?? '')).slice(0, 320 - READER_KEY_PREFIX.length);
      const ipH = await ipHash(input.ip);
      // Counted as a failure until the password matches, so guesses sent at once cannot all slip past the limit.
      const attempt = await throttle.begin(email, ipH, 'or ask for a sign-in link by email');
      const row = email ? await repo.findByEmail(db, email) : undefined;
      const password = String(input.password ?? '').slice(0, 1000);
      const ok = row?.password_hash ? await verifyPassword(password, row.password_hash) : (await verifyPassword(password, await DUMMY_HASH_PROMISE), false);
      if (!ok || !row) {
        throw new AppError('invalid_credentials', 401, 'That email and password do not match. If you signed up without a password, ask for a sign-in link instead.');
      }
      await attempt.succeeded();
      return { reader: toReader(row), sessionToken: await openSession(db, row.id) };
    },

    /**
     * The reader a session token belongs to, or undefined when the token is
     * malformed (no query then), unknown or expired. Use extends the session,
     * up to its hard limit.
     */
    async session(token: string | undefined): Promise<Reader | undefined> {
      if (!token || !TOKEN_SHAPE.test(token)) return undefined;
      const session = await liveSession(sessions, tokenHash(token), now());
      const row = session && (await repo.findById(db, session.reader_id));
      return row ? toReader(row) : undefined;
    },

    /** End one session (signing out). */
    async signOut(token: string | undefined): Promise<void> {
      if (token && TOKEN_SHAPE.test(token)) await repo.deleteSession(db, tokenHash(token));
    },
  };
}
