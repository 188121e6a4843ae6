import { createAfterAnswer } from '../../platform/after-answer.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { createBackgroundSender, type MailOutcome } from '../../platform/background-mail.js';
import type { Mailer, MailMessage } from '../../platform/mailer.js';
import { newToken, tokenHash } from '../../platform/secret-token.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as repo from './accounts.repository.js';
import * as resets from './password-resets.repository.js';
import { hashPassword, passwordProblem } from './accounts.passwords.js';
import { normaliseEmail } from './accounts.service.js';

const MINUTE = 60_000;
/** A reset link works for this long after it is sent… */
export const RESET_LINK_TTL_MS = 60 * MINUTE;
/** …and an account is sent at most this many unused links in that time. */
export const MAX_UNUSED_LINKS_PER_HOUR = 3;

/** Link tokens are 32 random bytes, base64url: exactly 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** How sending a link went, reported once the mail server has answered. */
export type DeliveryResult = MailOutcome;

/**
 * What a request for a link led to. Only the server's log may tell these
 * apart: the person asking is answered the same way in every case.
 */
export type ResetRequestOutcome =
  { outcome: 'sent'; accountId: number; delivery: Promise<DeliveryResult> } | { outcome: 'no_account' } | { outcome: 'disabled'; accountId: number } | { outcome: 'limited'; accountId: number };

/** What a link is worth now. */
export type ResetLinkState = { state: 'valid'; accountId: number; email: string } | { state: 'unknown' } | { state: 'expired' | 'used' | 'revoked'; accountId: number };

const LINK_PROBLEMS = {
  unknown: [404, 'reset_link_unknown', 'We do not recognise this password reset link. Check that you opened or copied the whole link from the email, or ask for a new one.'],
  expired: [410, 'reset_link_expired', 'This password reset link has expired: links work for one hour after they are sent. Ask for a new one.'],
  used: [410, 'reset_link_used', 'This password reset link has already been used; each link works once. If you still need to reset your password, ask for a new link.'],
  revoked: [410, 'reset_link_revoked', 'This password reset link no longer works, because its account has been disabled. Ask an admin for help.'],
} as const;

/** The error for a link that cannot be used: 404 when unknown, 410 Gone when it was good once. */
export function linkProblem(link: Exclude<ResetLinkState, { state: 'valid' }>): AppError {
  const [status, code, message] = LINK_PROBLEMS[link.state];
  return new AppError(code, status, message, link.state === 'unknown' ? undefined : { accountId: link.accountId });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function resetMessage(to: string, name: string, siteName: string, link: string): MailMessage {
  const text = [
    `Hello ${name},`,
    '',
    `Someone, hopefully you, asked to reset the password of your ${siteName} newsroom account.`,
    'To choose a new password, open this link. It works once, for one hour:',
    '',
    link,
    '',
    'If you did not ask for this, ignore this email: your password stays as it is.',
    '',
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(name)},</p>`,
    `<p>Someone, hopefully you, asked to reset the password of your ${escapeHtml(siteName)} newsroom account.`,
    'To choose a new password, open this link. It works once, for one hour:</p>',
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    '<p>If you did not ask for this, ignore this email: your password stays as it is.</p>',
  ].join('\n');
  return { to, subject: `Reset your ${siteName} newsroom password`, text, html };
}

export interface PasswordResetDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  mailer: Mailer;
  /** The site's public address, without a trailing slash: links in emails start with it. */
  siteUrl: string;
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;

/**
 * Resetting a forgotten password by a link sent by email. Only the SHA-256
 * of a link's token is stored; a link works once, for an hour, and using
 * one ends every other link and every session of the account.
 */
export function createPasswordResetService({ db, clock, settings, mailer, siteUrl }: PasswordResetDeps) {
  const now = () => clock.now();
  const base = siteUrl.replace(/\/+$/, '');
  const sender = createBackgroundSender(mailer);
  const afterAnswer = createAfterAnswer();

  function deliver(message: MailMessage, hash: string): Promise<DeliveryResult> {
    return sender.send(message, {
      // A link that never arrived should not count against the account's limit.
      onFailure: () => resets.deleteReset(db, hash),
    });
  }

  async function linkState(token: string): Promise<ResetLinkState> {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return { state: 'unknown' };
    const row = await resets.findReset(db, tokenHash(token));
    // An invitation's link is not a reset link (./staff-invitations.ts).
    if (!row || row.purpose !== 'reset') return { state: 'unknown' };
    const accountId = row.account_id;
    if (row.used_at !== null) return { state: 'used', accountId };
    if (row.expires_at <= now().toISOString()) return { state: 'expired', accountId };
    const account = await repo.findById(db, accountId);
    if (!account || account.disabled === 1) return { state: 'revoked', accountId };
    return { state: 'valid', accountId, email: account.email };
  }

  const service = {
    /**
     * Send a reset link to the account with this email, if there is one and
     * it has not been sent too many lately. The link's email goes out in the
     * background, so the answer takes as long whether or not an email is sent.
     */
    async request(emailInput: string): Promise<ResetRequestOutcome> {
      const email = normaliseEmail(String(emailInput ?? '')).slice(0, 320);
      const account = email ? await repo.findByEmail(db, email) : undefined;
      if (!account) return { outcome: 'no_account' };
      if (account.disabled === 1) return { outcome: 'disabled', accountId: account.id };
      const at = now();
      const since = new Date(at.getTime() - RESET_LINK_TTL_MS).toISOString();
      // Stored first, then counted with the others: requests arriving together see each other.
      const token = newToken();
      const hash = tokenHash(token);
      await resets.insertReset(db, {
        token_hash: hash,
        account_id: account.id,
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + RESET_LINK_TTL_MS).toISOString(),
        used_at: null,
      });
      if ((await resets.countUnusedSince(db, account.id, since)) > MAX_UNUSED_LINKS_PER_HOUR) {
        await resets.deleteReset(db, hash);
        return { outcome: 'limited', accountId: account.id };
      }
      const site = await settings.get();
      const message = resetMessage(account.email, account.name, site.name, `${base}/admin/password-reset/${token}`);
      return { outcome: 'sent', accountId: account.id, delivery: deliver(message, hash) };
    },

    /** Whether a link may be used now, and for which account. */
    check: linkState,

    /**
     * Set a new password through a link. Refuses (422) a weak password or a
     * confirmation that differs; refuses (404/410) a link that cannot be
     * used. Otherwise, in one transaction: the new password, this link and
     * every other unused link of the account spent, all its sessions ended.
     */
    async reset(token: string, password: string, confirmation: string): Promise<{ accountId: number; sessionsEnded: number }> {
      const link = await linkState(token);
      if (link.state !== 'valid') throw linkProblem(link);
      const problem = passwordProblem(password, link.email);
      if (problem) throw invalidInput(problem, { accountId: link.accountId });
      if (password !== confirmation) throw invalidInput('The two passwords do not match. Type the same new password in both fields.', { accountId: link.accountId });
      // Hashing is slow on purpose: do it before the transaction, not inside it.
      const hash = await hashPassword(password);
      const at = now().toISOString();
      const hashed = tokenHash(token);
      return db.transaction().execute(async (trx) => {
        // Spending the link is the first write, and only succeeds once: of two
        // requests racing with the same link, the second finds it used.
        if (!(await resets.spendReset(trx, hashed, at))) {
          const row = await resets.findReset(trx, hashed);
          throw linkProblem({ state: row?.used_at ? 'used' : 'expired', accountId: link.accountId });
        }
        await repo.updatePassword(trx, link.accountId, hash, at);
        await resets.spendAllOf(trx, link.accountId, at);
        const sessionsEnded = await repo.deleteSessionsOf(trx, link.accountId);
        return { accountId: link.accountId, sessionsEnded };
      });
    },

    /**
     * A visitor asks for a reset link: everything `request` does (looking the
     * account up, making the link, sending it) starts after this returns, so
     * the answer is the same, and as quick, whether or not the address has an
     * account. `result` says how it went, for the log only.
     */
    requestInBackground(emailInput: string): { result: Promise<ResetRequestOutcome> } {
      return { result: afterAnswer.start(() => service.request(emailInput)) };
    },

    /** Wait until every request and email started so far has been handed over (or has failed). */
    async settled(): Promise<void> {
      await afterAnswer.settled();
      await sender.settled();
    },
  };
  return service;
}
