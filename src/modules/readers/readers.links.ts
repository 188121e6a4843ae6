import type { ReaderLinkPurpose } from '../../platform/db/schema.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { tokenHash } from '../../platform/secret-token.js';
import { hashPassword, passwordProblem } from '../accounts/accounts.passwords.js';
import { normaliseEmail } from '../accounts/accounts.service.js';
import type { ReadersContext } from './readers.context.js';
import type { LinkMailer, LinkOutcome } from './readers.mail.js';
import * as repo from './readers.repository.js';
import { cleanDisplayName, isEmailAddress, type Reader, TOKEN_SHAPE, toReader } from './readers.rules.js';

const LINK_PROBLEMS = {
  unknown: ['reader_link_unknown', 'We do not recognise this link. Check that you opened or copied the whole link from the email, or ask for a new one.'],
  used: ['reader_link_used', 'This link has already been used: each link works once. Sign in, or ask for a new link.'],
  expired_verify: ['reader_link_expired', 'This confirmation link has expired: links work for 24 hours. Ask for a sign-in link instead; opening it confirms your email too.'],
  expired_sign_in: ['reader_link_expired', 'This sign-in link has expired: links work for 30 minutes. Ask for a new one.'],
  expired_download: ['reader_link_expired', 'This link to download your data has expired: links work for an hour. Sign in and ask for a new one from your account page.'],
  expired_delete: ['reader_link_expired', 'This link to delete your account has expired: links work for an hour. Sign in and ask for a new one from your account page.'],
} as const;

function linkProblem(problem: 'unknown' | 'used' | 'expired', purpose: ReaderLinkPurpose): AppError {
  const key = problem === 'expired' ? (`expired_${purpose}` as const) : problem;
  const [code, message] = LINK_PROBLEMS[key];
  return new AppError(code, 400, message);
}

/** The address a sign-in link is asked for, or the 422 when it is not an email address (the same for every address: no lookup). */
export function signInLinkAddress(emailInput: string): string {
  const email = normaliseEmail(String(emailInput ?? ''));
  if (!isEmailAddress(email)) throw invalidInput('Enter your email address, such as name@example.org.');
  return email;
}

/** Signing up, confirming an email, and the emailed links that sign a reader in. */
export function createReaderLinks(ctx: ReadersContext, { sendLink }: Pick<LinkMailer, 'sendLink'>) {
  const { db, now, openSession, requireRow } = ctx;

  /** Whether a link can be used now; throws the 400 saying why not. */
  async function usableLink(token: string, purpose: ReaderLinkPurpose): Promise<{ hash: string; readerId: number }> {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) throw linkProblem('unknown', purpose);
    const hash = tokenHash(token);
    const row = await repo.findLink(db, hash);
    // A link of the other kind is not one we sent for this page.
    if (!row || row.purpose !== purpose) throw linkProblem('unknown', purpose);
    if (row.used_at !== null) throw linkProblem('used', purpose);
    if (row.expires_at <= now().toISOString()) throw linkProblem('expired', purpose);
    return { hash, readerId: row.reader_id };
  }

  return {
    /**
     * Sign up: validate, store, and email a link confirming the address. An
     * email that already has an account gets a sign-in link instead, and the
     * visitor is answered the same way, so sign-up tells no one who has an
     * account. `password` may be empty: the reader then signs in by links.
     */
    async signUp(input: { email: string; displayName: string; password?: string; ip: string; next?: string }): Promise<Reader> {
      const email = normaliseEmail(String(input.email ?? ''));
      if (!isEmailAddress(email)) throw invalidInput('Enter your email address, such as name@example.org.');
      const displayName = cleanDisplayName(input.displayName);
      await ctx.refuseStaffName(displayName);
      const password = typeof input.password === 'string' ? input.password : '';
      if (password !== '') {
        const problem = passwordProblem(password, email);
        if (problem) throw invalidInput(problem);
      }
      // Hashed whether or not the email is taken, so the answer takes as long either way.
      const hash = password ? await hashPassword(password) : null;
      const at = now().toISOString();
      const created = await repo.insertReader(db, {
        email,
        display_name: displayName,
        password_hash: hash,
        email_verified_at: null,
        created_at: at,
        updated_at: at,
      });
      if (created) {
        await sendLink(created, 'verify', input.ip, input.next);
        return toReader(created);
      }
      const existing = await repo.findByEmail(db, email);
      if (!existing) throw new Error('a reader email was taken and then gone while signing up');
      await sendLink(existing, 'existing', input.ip, input.next);
      return toReader(existing);
    },

    /**
     * Email a sign-in link to the reader with this address, if there is one
     * and they have not been sent enough lately. Answers the same in every case.
     */
    async sendSignInLink(emailInput: string, ip: string, next?: string): Promise<LinkOutcome> {
      const email = signInLinkAddress(emailInput);
      const row = await repo.findByEmail(db, email);
      if (!row) return 'no_reader';
      return sendLink(row, 'sign_in', ip, next);
    },

    /** Email a signed-in reader who has not confirmed their address a new confirmation link. */
    async resendVerification(readerId: number, ip: string): Promise<LinkOutcome> {
      const row = await requireRow(db, readerId);
      if (row.email_verified_at !== null) return 'limited';
      return sendLink(row, 'verify', ip);
    },

    /**
     * Use a link that confirms a request from the account page (download the
     * data, delete the account): once only, while it lasts. Returns whose it
     * is; opens no session.
     */
    async spendAccountLink(token: string, purpose: 'download' | 'delete'): Promise<number> {
      const { hash, readerId } = await usableLink(token, purpose);
      if (!(await repo.spendLink(db, hash, purpose, now().toISOString()))) {
        const row = await repo.findLink(db, hash);
        throw linkProblem(row?.used_at ? 'used' : row ? 'expired' : 'unknown', purpose);
      }
      return readerId;
    },

    /** Throws the 400 a link would get, without using it (for the page that asks to continue). */
    async checkLink(token: string, purpose: ReaderLinkPurpose): Promise<void> {
      await usableLink(token, purpose);
    },

    /**
     * Use an emailed link: once only, while it lasts. It proves the inbox, so
     * it confirms the email and opens a session. When a sign-in link is the
     * first proof for an account, whoever set the password or signed in before
     * had not shown they own the address: that password is dropped and those
     * sessions end, so nobody can squat an address and keep it.
     */
    async redeemLink(token: string, purpose: ReaderLinkPurpose): Promise<{ reader: Reader; sessionToken: string }> {
      const { hash, readerId } = await usableLink(token, purpose);
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        // Spending the link is the first write and succeeds once: of two
        // requests racing with one link, the second finds it used.
        if (!(await repo.spendLink(trx, hash, purpose, at))) {
          const row = await repo.findLink(trx, hash);
          throw linkProblem(row?.used_at ? 'used' : row ? 'expired' : 'unknown', purpose);
        }
        const row = await requireRow(trx, readerId);
        if (row.email_verified_at === null) {
          await repo.markVerified(trx, readerId, at);
          if (purpose === 'sign_in') {
            await repo.updateReader(trx, readerId, { password_hash: null, updated_at: at });
            await repo.deleteSessionsOf(trx, readerId);
          }
        }
        const sessionToken = await openSession(trx, readerId);
        return { reader: toReader(await requireRow(trx, readerId)), sessionToken };
      });
    },
  };
}
