import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import type { MailMessage } from '../../platform/mailer.js';
import { tokenHash } from '../../platform/secret-token.js';
import type { AuditService } from '../audit/audit.service.js';
import * as repo from './accounts.repository.js';
import * as resets from './password-resets.repository.js';
import { hashPassword, passwordProblem } from './accounts.passwords.js';

/*
 * Invitations: the emailed link with which an invited person chooses their
 * first password. They share password reset links' table and rules (only a
 * token's SHA-256 is stored; a link works once, until it expires), with
 * purpose 'invite' and a week to use them.
 */

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The invitation email. */
export function invitationMessage({ to, name, inviter, siteName, link }: { to: string; name: string; inviter: string; siteName: string; link: string }): MailMessage {
  const lines = [
    `Hello ${name},`,
    '',
    `${inviter} has invited you to the ${siteName} newsroom.`,
    'To accept, open this link and choose your password. It works once, for seven days:',
    '',
    link,
    '',
    'If you did not expect this, ignore this email.',
    '',
  ];
  const html = [
    `<p>Hello ${escapeHtml(name)},</p>`,
    `<p>${escapeHtml(inviter)} has invited you to the ${escapeHtml(siteName)} newsroom.`,
    'To accept, open this link and choose your password. It works once, for seven days:</p>',
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    '<p>If you did not expect this, ignore this email.</p>',
  ].join('\n');
  return { to, subject: `You are invited to the ${siteName} newsroom`, text: lines.join('\n'), html };
}

/** What an invitation link is worth now. */
export type InvitationState = { state: 'valid'; accountId: number; email: string; name: string } | { state: 'unknown' | 'expired' | 'used' };

const PROBLEMS = {
  unknown: [404, 'We do not recognise this invitation link. Check that you opened or copied the whole link from the email, or ask an admin to invite you again.'],
  expired: [410, 'This invitation has expired: invitations work for seven days. Ask an admin to invite you again.'],
  used: [410, 'This invitation has already been used or was withdrawn. If you have chosen your password, sign in; otherwise ask an admin to invite you again.'],
} as const;

/** The error for an invitation that cannot be used: 404 when unknown, 410 Gone when it was good once. */
export function invitationProblem(link: Exclude<InvitationState, { state: 'valid' }>): AppError {
  const [status, message] = PROBLEMS[link.state];
  return new AppError(`invitation_${link.state}`, status, message);
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;

export function createInvitationsService({ db, clock, audit }: { db: Db; clock: Clock; audit: Pick<AuditService, 'record'> }) {
  async function check(token: string): Promise<InvitationState> {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return { state: 'unknown' };
    const row = await resets.findReset(db, tokenHash(token));
    if (!row || row.purpose !== 'invite') return { state: 'unknown' };
    if (row.used_at !== null) return { state: 'used' };
    if (row.expires_at <= clock.now().toISOString()) return { state: 'expired' };
    const account = await repo.findById(db, row.account_id);
    if (!account || account.disabled === 1) return { state: 'used' };
    return { state: 'valid', accountId: account.id, email: account.email, name: account.name };
  }

  return {
    check,

    /** Accept an invitation: the account's first password, the link spent. Refuses a weak password (422) or an unusable link (404/410). */
    async accept(token: string, password: string, confirmation: string): Promise<{ accountId: number }> {
      const link = await check(token);
      if (link.state !== 'valid') throw invitationProblem(link);
      const problem = passwordProblem(password, link.email);
      if (problem) throw invalidInput(problem);
      if (password !== confirmation) throw invalidInput('The two passwords do not match. Type the same password in both fields.');
      const hash = await hashPassword(password);
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        if (!(await resets.spendReset(trx, tokenHash(token), at))) throw invitationProblem({ state: 'used' });
        await repo.updatePassword(trx, link.accountId, hash, at);
        await resets.spendAllOf(trx, link.accountId, at);
        await audit.record({ accountId: link.accountId, action: 'account.invitation_accepted', subjectType: 'account', subjectId: link.accountId }, trx);
      });
      return { accountId: link.accountId };
    },
  };
}
