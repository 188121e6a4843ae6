import type { ReadersContext } from './readers.context.js';
import type { LinkMailer, LinkOutcome } from './readers.mail.js';
import * as repo from './readers.repository.js';

/** The profile part of a reader's data download. */
export interface ReaderProfileData {
  email: string;
  displayName: string;
  emailConfirmedAt: string | null;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
  bannedUntil: string | null;
  banReason: string;
  notifications: { replies: boolean };
}

/**
 * What a reader asks for from their account page and confirms by email:
 * their data, or the end of their account. The emailed link is the proof
 * that the request is the address owner's.
 */
export function createAccountRequests(ctx: ReadersContext, { sendLink }: Pick<LinkMailer, 'sendLink'>) {
  const { db, requireRow } = ctx;

  return {
    /** Email the reader a link that downloads their data, or confirms deleting their account (within the links' limits). */
    async requestAccountLink(readerId: number, purpose: 'download' | 'delete', ip: string): Promise<LinkOutcome> {
      return sendLink(await requireRow(db, readerId), purpose, ip);
    },

    /** What the readers module keeps about a reader, for their data download (never a hash of anything). */
    async profileData(readerId: number): Promise<ReaderProfileData> {
      const row = await requireRow(db, readerId);
      return {
        email: row.email,
        displayName: row.display_name,
        emailConfirmedAt: row.email_verified_at,
        hasPassword: row.password_hash !== null,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        bannedUntil: row.banned_until,
        banReason: row.ban_reason,
        notifications: { replies: row.notify_replies === 1 },
      };
    },

    /**
     * Delete a reader's account: the row goes, and with it their sessions and
     * emailed links, their email and their name, so the address can sign up
     * again. Their comments are the comments module's to deal with first.
     */
    async deleteAccount(readerId: number): Promise<void> {
      await db.transaction().execute((trx) => repo.deleteReader(trx, readerId));
    },
  };
}
