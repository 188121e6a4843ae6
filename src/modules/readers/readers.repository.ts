import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ReaderLinkPurpose, ReaderLinksTable, ReaderRow, ReadersTable } from '../../platform/db/schema.js';

// Readers ---------------------------------------------------------------------

export const findByEmail = (db: Db, email: string): Promise<ReaderRow | undefined> => db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();

export const findById = (db: Db, id: number): Promise<ReaderRow | undefined> => db.selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirst();

export const findByIds = (db: Db, ids: number[]): Promise<ReaderRow[]> => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('readers').selectAll().where('id', 'in', ids).execute());

/** Insert a reader unless the email is taken; undefined when it was (a racing sign-up included). */
export const insertReader = (db: Db, row: Insertable<ReadersTable>): Promise<ReaderRow | undefined> =>
  db
    .insertInto('readers')
    .values(row)
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();

/** Change a reader's row; undefined when there is no such reader. */
export const updateReader = (db: Db, id: number, patch: Updateable<ReadersTable>): Promise<ReaderRow | undefined> =>
  db.updateTable('readers').set(patch).where('id', '=', id).returningAll().executeTakeFirst();

/** Mark the email proven, keeping the first time it was. */
export async function markVerified(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('readers').set({ email_verified_at: at, updated_at: at }).where('id', '=', id).where('email_verified_at', 'is', null).execute();
}

/** Delete a reader with their sessions and emailed links. */
export async function deleteReader(db: Db, id: number): Promise<void> {
  await db.deleteFrom('reader_sessions').where('reader_id', '=', id).execute();
  await db.deleteFrom('reader_links').where('reader_id', '=', id).execute();
  await db.deleteFrom('readers').where('id', '=', id).execute();
}

// Sessions --------------------------------------------------------------------

export async function insertSession(db: Db, row: { id: string; reader_id: number; created_at: string; expires_at: string; last_seen_at: string }): Promise<void> {
  await db.insertInto('reader_sessions').values(row).execute();
}

export const findSession = (db: Db, id: string) => db.selectFrom('reader_sessions').selectAll().where('id', '=', id).executeTakeFirst();

export async function touchSession(db: Db, id: string, lastSeen: string, expiresAt: string): Promise<void> {
  await db.updateTable('reader_sessions').set({ last_seen_at: lastSeen, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('reader_sessions').where('id', '=', id).execute();
}

/** End every session of a reader but `keep` (a session id, if any). Returns how many ended. */
export async function deleteSessionsOf(db: Db, readerId: number, keep?: string): Promise<number> {
  let q = db.deleteFrom('reader_sessions').where('reader_id', '=', readerId);
  if (keep) q = q.where('id', '!=', keep);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('reader_sessions').where('expires_at', '<=', now).execute();
}

// Emailed links -----------------------------------------------------------------

export async function insertLink(db: Db, row: Insertable<ReaderLinksTable>): Promise<void> {
  await db.insertInto('reader_links').values(row).execute();
}

export const findLink = (db: Db, tokenHash: string) => db.selectFrom('reader_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/**
 * Spend a link: succeeds for exactly one caller, and only while the link is
 * unused and unexpired. Returns whether this call spent it.
 */
export async function spendLink(db: Db, tokenHash: string, purpose: ReaderLinkPurpose, at: string): Promise<boolean> {
  const result = await db
    .updateTable('reader_links')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteLink(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('reader_links').where('token_hash', '=', tokenHash).execute();
}

/** Unused links sent to a reader since `since`, whatever their purpose. */
export async function countUnusedLinksSince(db: Db, readerId: number, since: string): Promise<number> {
  const row = await db
    .selectFrom('reader_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reader_id', '=', readerId)
    .where('used_at', 'is', null)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function deleteExpiredLinks(db: Db, now: string): Promise<void> {
  await db.deleteFrom('reader_links').where('expires_at', '<=', now).execute();
}
