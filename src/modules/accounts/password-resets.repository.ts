import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { PasswordResetsTable } from '../../platform/db/schema.js';

/*
 * Password reset links (the password_resets table). Only the SHA-256 of a
 * link's token is stored, as token_hash.
 */

export async function insertReset(db: Db, row: Insertable<PasswordResetsTable>): Promise<void> {
  await db.insertInto('password_resets').values(row).execute();
}

export const findReset = (db: Db, tokenHash: string): Promise<Selectable<PasswordResetsTable> | undefined> =>
  db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export async function deleteReset(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('password_resets').where('token_hash', '=', tokenHash).execute();
}

/** Unused reset links (not invitations) of an account made after `since`. */
export async function countUnusedSince(db: Db, accountId: number, since: string): Promise<number> {
  const row = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('purpose', '=', 'reset')
    .where('used_at', 'is', null)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Spend a link: succeeds for exactly one caller, and only while the link is
 * unused and unexpired at `at`. Returns whether this call spent it.
 */
export async function spendReset(db: Db, tokenHash: string, at: string): Promise<boolean> {
  const result = await db.updateTable('password_resets').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', at).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Spend every unused link of an account. */
export async function spendAllOf(db: Db, accountId: number, at: string): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: at }).where('account_id', '=', accountId).where('used_at', 'is', null).execute();
}
