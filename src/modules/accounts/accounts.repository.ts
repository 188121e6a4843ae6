import type { Db } from '../../platform/db/database.js';
import type { AccountRow, AccountsTable, Role } from '../../platform/db/schema.js';
import type { Insertable } from 'kysely';

export const findByEmail = (db: Db, email: string): Promise<AccountRow | undefined> =>
  db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();

export async function namesByIds(db: Db, ids: number[]): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', ids).execute();
}

export const findById = (db: Db, id: number): Promise<AccountRow | undefined> =>
  db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();

export const insertAccount = (db: Db, row: Insertable<AccountsTable>): Promise<AccountRow> =>
  db.insertInto('accounts').values(row).returningAll().executeTakeFirstOrThrow();

export const listAccounts = (db: Db): Promise<AccountRow[]> => db.selectFrom('accounts').selectAll().orderBy('name').execute();

export async function countActiveWithRole(db: Db, role: Role): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .where('disabled', '=', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updatePassword(db: Db, id: number, hash: string, at: string): Promise<void> {
  await db.updateTable('accounts').set({ password_hash: hash, password_changed_at: at, updated_at: at }).where('id', '=', id).execute();
}

// Sessions -------------------------------------------------------------------

export async function insertSession(db: Db, row: { id: string; account_id: number; created_at: string; expires_at: string; last_seen_at: string; user_agent: string }): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export const findSession = (db: Db, id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();

export async function touchSession(db: Db, id: string, lastSeen: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeen, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Db, accountId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}


export async function pruneAttempts(db: Db, before: string): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('created_at', '<', before).execute();
}
