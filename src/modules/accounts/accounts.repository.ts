import type { Db } from '../../platform/db/database.js';
import type { AccountRow, AccountsTable, Role } from '../../platform/db/schema.js';
import type { Insertable } from 'kysely';

export const findByEmail = (db: Db, email: string): Promise<AccountRow | undefined> => db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();

export async function namesByIds(db: Db, ids: number[]): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', ids).execute();
}

export const findById = (db: Db, id: number): Promise<AccountRow | undefined> => db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();

export const insertAccount = (db: Db, row: Insertable<AccountsTable>): Promise<AccountRow> => db.insertInto('accounts').values(row).returningAll().executeTakeFirstOrThrow();

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

export async function insertSession(
  db: Db,
  row: { id: string; account_id: number; created_at: string; expires_at: string; last_seen_at: string; user_agent: string; ip_address: string },
): Promise<void> {
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

/** An account's sessions, most recently used first. */
export const sessionsOf = (db: Db, accountId: number) =>
  db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip_address'])
    .where('account_id', '=', accountId)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute();

/** End one of an account's sessions; false when it has no such session. */
export async function deleteSessionOf(db: Db, accountId: number, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** End every session of an account but one. Returns how many ended. */
export async function deleteSessionsOfExcept(db: Db, accountId: number, keep: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).where('id', '!=', keep).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

// Sign-in attempts ----------------------------------------------------------------
//
// The accounts module owns sign_in_attempts, for staff and readers alike
// (./sign-in-throttle.ts keeps the rules). Rows are keyed in `email`: a staff
// email, or a reader key ("reader:ana@example.org", "reader-mail").

/** A stored attempt: its row and when it was made. */
export interface AttemptRow {
  id: number;
  created_at: string;
}

/** Store an attempt; returns its id. */
export async function insertAttempt(db: Db, row: { key: string; ipHash: string; succeeded: boolean; at: string }): Promise<number> {
  const inserted = await db
    .insertInto('sign_in_attempts')
    .values({ email: row.key, ip_hash: row.ipHash, succeeded: row.succeeded ? 1 : 0, created_at: row.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function markAttemptSucceeded(db: Db, id: number): Promise<void> {
  await db.updateTable('sign_in_attempts').set({ succeeded: 1 }).where('id', '=', id).execute();
}

export async function deleteAttempt(db: Db, id: number): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('id', '=', id).execute();
}

/** Failed attempts for a (key, address) pair since `since`, after that pair's last success, oldest first. */
export async function failuresForPair(db: Db, key: string, ipHash: string, since: string): Promise<AttemptRow[]> {
  // By row rather than by time: a success and a failure can share a millisecond.
  const lastSuccess = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('email', '=', key)
    .where('ip_hash', '=', ipHash)
    .where('succeeded', '=', 1)
    .executeTakeFirst();
  const after = Number(lastSuccess?.id ?? 0);
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select(['id', 'created_at'])
    .where('email', '=', key)
    .where('ip_hash', '=', ipHash)
    .where('succeeded', '=', 0)
    .where('created_at', '>', since)
    .where('id', '>', after)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), created_at: r.created_at }));
}

/**
 * Failed attempts from one address since `since`, oldest first: those whose
 * key starts with `keyPrefix`, or (`outside`) those whose key does not.
 */
export async function failuresForIp(db: Db, ipHash: string, keyPrefix: string, outside: boolean, since: string): Promise<AttemptRow[]> {
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select(['id', 'created_at'])
    .where('ip_hash', '=', ipHash)
    .where('email', outside ? 'not like' : 'like', `${keyPrefix}%`)
    .where('succeeded', '=', 0)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), created_at: r.created_at }));
}

/** Rows (failed or not) with exactly this key from one address since `since`. */
export async function countForKeyFromIpSince(db: Db, key: string, ipHash: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', '=', key)
    .where('ip_hash', '=', ipHash)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Forget attempts made before `before`, of every kind. */
export async function pruneAttempts(db: Db, before: string): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('created_at', '<', before).execute();
}
