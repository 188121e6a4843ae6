import type { Updateable } from 'kysely';
import type { ReadersTable } from '../../platform/db/schema.js';
import { badRequest, invalidInput } from '../../platform/errors.js';
import { tokenHash } from '../../platform/secret-token.js';
import { hashPassword, passwordProblem } from '../accounts/accounts.passwords.js';
import type { ReadersContext } from './readers.context.js';
import * as repo from './readers.repository.js';
import { cleanDisplayName, type Reader, readUnsubscribe, signUnsubscribe, TOKEN_SHAPE, toReader } from './readers.rules.js';

/** Readers' profiles and accounts: looking them up, names, reply emails, passwords. */
export function createReaderProfiles(ctx: ReadersContext) {
  const { db, settings, now, requireRow, change } = ctx;

  return {
    async byId(id: number): Promise<Reader | undefined> {
      const row = await repo.findById(db, id);
      return row && toReader(row);
    },

    /** A reader whose email counts as confirmed, stored as given (seeding a demo site): no email is sent. */
    async createConfirmed(input: { email: string; displayName: string; at?: string }): Promise<Reader> {
      const at = input.at ?? now().toISOString();
      const row = await repo.insertReader(db, { email: input.email, display_name: cleanDisplayName(input.displayName), password_hash: null, email_verified_at: at, created_at: at, updated_at: at });
      if (!row) throw invalidInput('A reader with this email already exists.');
      return toReader(row);
    },

    async byIds(ids: number[]): Promise<Map<number, Reader>> {
      const rows = await repo.findByIds(db, [...new Set(ids)]);
      return new Map(rows.map((r) => [r.id, toReader(r)]));
    },

    /** Change a reader's display name or reply emails; 422 for a bad name, 404 for no such reader. */
    async update(id: number, patch: { displayName?: string; notifyReplies?: boolean }): Promise<Reader> {
      const set: Updateable<ReadersTable> = {};
      if (patch.displayName !== undefined) {
        set.display_name = cleanDisplayName(patch.displayName);
        await ctx.refuseStaffName(set.display_name);
      }
      if (patch.notifyReplies !== undefined) {
        if (typeof patch.notifyReplies !== 'boolean') throw invalidInput('notifyReplies must be true or false.');
        set.notify_replies = patch.notifyReplies ? 1 : 0;
      }
      return change(db, id, set);
    },

    /**
     * Set or change a reader's password (422 when it is weak). Every other
     * session of the reader ends; pass the current one's token to keep it.
     */
    async setPassword(id: number, password: string, keepSessionToken?: string): Promise<void> {
      const row = await requireRow(db, id);
      const problem = passwordProblem(password, row.email);
      if (problem) throw invalidInput(problem);
      const hash = await hashPassword(password);
      await change(db, id, { password_hash: hash });
      const keep = keepSessionToken && TOKEN_SHAPE.test(keepSessionToken) ? tokenHash(keepSessionToken) : undefined;
      await repo.deleteSessionsOf(db, id, keep);
    },

    /** Whether the reader has a password (otherwise they sign in by emailed links). */
    async hasPassword(id: number): Promise<boolean> {
      return (await requireRow(db, id)).password_hash !== null;
    },

    /** A token for the reader's one-click unsubscribe links: signed, never expiring. */
    async unsubscribeToken(readerId: number): Promise<string> {
      return signUnsubscribe(await settings.secret(), readerId);
    },

    /** Turn reply emails off for the reader an unsubscribe token was made for; 400 for a token we did not sign. */
    async unsubscribe(token: string): Promise<Reader> {
      const id = readUnsubscribe(await settings.secret(), token);
      const invalid = () => badRequest('This unsubscribe link is not valid. Check that you opened the whole link from the email, or turn reply emails off on your account page.');
      if (id === undefined) throw invalid();
      const row = await repo.updateReader(db, id, { notify_replies: 0, updated_at: now().toISOString() });
      if (!row) throw invalid();
      return toReader(row);
    },
  };
}
