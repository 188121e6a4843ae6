import type { Db } from '../../platform/db/database.js';

/* Queries over staff_two_factor, staff_recovery_codes and staff_sign_in_steps (the accounts module's). */

export const findTwoFactor = (db: Db, accountId: number) => db.selectFrom('staff_two_factor').selectAll().where('account_id', '=', accountId).executeTakeFirst();

/** Store a pending secret for an account, keeping any confirmed one as it is. */
export async function savePendingSecret(db: Db, accountId: number, secret: string, at: string): Promise<void> {
  await db
    .insertInto('staff_two_factor')
    .values({ account_id: accountId, secret: null, pending_secret: secret, last_used_step: null, enabled_at: null, updated_at: at })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ pending_secret: secret, updated_at: at }))
    .execute();
}

/** The pending secret becomes the account's secret; returns false when it is no longer the one given (replaced meanwhile). */
export async function confirmPendingSecret(db: Db, accountId: number, secret: string, step: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('staff_two_factor')
    .set({ secret, pending_secret: null, last_used_step: step, enabled_at: at, updated_at: at })
    .where('account_id', '=', accountId)
    .where('pending_secret', '=', secret)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function clearPendingSecret(db: Db, accountId: number, at: string): Promise<void> {
  await db.updateTable('staff_two_factor').set({ pending_secret: null, updated_at: at }).where('account_id', '=', accountId).execute();
  await db.deleteFrom('staff_two_factor').where('account_id', '=', accountId).where('secret', 'is', null).execute();
}

/**
 * Record that a code of `step` was used: true only when `step` is later than
 * any used before, in one statement, so of two requests with one code only
 * one succeeds.
 */
export async function claimStep(db: Db, accountId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('staff_two_factor')
    .set({ last_used_step: step })
    .where('account_id', '=', accountId)
    .where('secret', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Two-step sign-in off: the secret and the recovery codes go. */
export async function deleteTwoFactor(db: Db, accountId: number): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('account_id', '=', accountId).execute();
  await db.deleteFrom('staff_two_factor').where('account_id', '=', accountId).execute();
}

// Recovery codes ----------------------------------------------------------------

export async function replaceRecoveryCodes(db: Db, accountId: number, hashes: string[], at: string): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('account_id', '=', accountId).execute();
  await db
    .insertInto('staff_recovery_codes')
    .values(hashes.map((code_hash) => ({ account_id: accountId, code_hash, created_at: at, used_at: null })))
    .execute();
}

/** Mark an unused code used; false when there is no such unused code. */
export async function useRecoveryCode(db: Db, accountId: number, hash: string, at: string): Promise<boolean> {
  const r = await db.updateTable('staff_recovery_codes').set({ used_at: at }).where('account_id', '=', accountId).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodes(db: Db, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// Sign-in steps --------------------------------------------------------------------

export async function insertStep(db: Db, row: { id: string; account_id: number; next: string; created_at: string; expires_at: string }): Promise<void> {
  await db
    .insertInto('staff_sign_in_steps')
    .values({ ...row, failures: 0 })
    .execute();
}

export const findStep = (db: Db, id: string) => db.selectFrom('staff_sign_in_steps').selectAll().where('id', '=', id).executeTakeFirst();

/** Count a wrong code against a step; returns the failures it now has. */
export async function countStepFailure(db: Db, id: string): Promise<number> {
  await db
    .updateTable('staff_sign_in_steps')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('id', '=', id)
    .execute();
  return Number((await findStep(db, id))?.failures ?? Number.MAX_SAFE_INTEGER);
}

/** Use a step up; false when it was already used (or is gone). */
export async function deleteStep(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('staff_sign_in_steps').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function deleteExpiredSteps(db: Db, now: string): Promise<void> {
  await db.deleteFrom('staff_sign_in_steps').where('expires_at', '<=', now).execute();
}
