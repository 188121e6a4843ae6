import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { StaffPasskeyChallengesTable, StaffPasskeysTable } from '../../platform/db/schema.passkeys.js';

/* Every query on staff_passkeys and staff_passkey_challenges (the accounts module owns both). */

export type PasskeyRow = Selectable<StaffPasskeysTable>;
export type ChallengeRow = Selectable<StaffPasskeyChallengesTable>;

export const listForAccount = (db: Db, accountId: number): Promise<PasskeyRow[]> =>
  db.selectFrom('staff_passkeys').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();

export const findByCredentialId = (db: Db, credentialId: string): Promise<PasskeyRow | undefined> =>
  db.selectFrom('staff_passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();

export async function countForAccount(db: Db, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('staff_passkeys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertPasskey(db: Db, row: Insertable<StaffPasskeysTable>): Promise<void> {
  await db.insertInto('staff_passkeys').values(row).execute();
}

/** Rename one of an account's passkeys; false when it has no such passkey. */
export async function renamePasskey(db: Db, accountId: number, id: number, name: string): Promise<boolean> {
  const r = await db.updateTable('staff_passkeys').set({ name }).where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Delete one of an account's passkeys; false when it has no such passkey. */
export async function deletePasskey(db: Db, accountId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('staff_passkeys').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * Record a use: the new counter and the time, only if the stored counter is
 * still `seen` (two uses at once with the same counter: one wins). False when
 * another use got there first.
 */
export async function recordUse(db: Db, id: number, seen: number, counter: number, at: string): Promise<boolean> {
  const r = await db.updateTable('staff_passkeys').set({ counter, last_used_at: at }).where('id', '=', id).where('counter', '=', seen).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Challenges -------------------------------------------------------------------

export async function insertChallenge(db: Db, row: ChallengeRow): Promise<void> {
  await db.insertInto('staff_passkey_challenges').values(row).execute();
}

/** Take a challenge out (whatever it turns out to be, it cannot be used again). */
export const takeChallenge = (db: Db, id: string): Promise<ChallengeRow | undefined> => db.deleteFrom('staff_passkey_challenges').where('id', '=', id).returningAll().executeTakeFirst();

/** Forget challenges that have expired, and any other this session asked for (one pending registration per session). */
export async function pruneChallenges(db: Db, now: string, sessionId?: string): Promise<void> {
  await db
    .deleteFrom('staff_passkey_challenges')
    .where((eb) => (sessionId ? eb.or([eb('expires_at', '<=', now), eb('session_id', '=', sessionId)]) : eb('expires_at', '<=', now)))
    .execute();
}
