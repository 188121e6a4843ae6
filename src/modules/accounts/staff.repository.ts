import type { Db } from '../../platform/db/database.js';
import type { Role } from '../../platform/db/schema.js';

/* The accounts module's queries for managing staff: the list, roles, disabling, deleting, invitations. */

/** Every staff account with whether two-step sign-in is on, by name. */
export const listStaff = (db: Db) =>
  db
    .selectFrom('accounts')
    .leftJoin('staff_two_factor', 'staff_two_factor.account_id', 'accounts.id')
    .select([
      'accounts.id',
      'accounts.email',
      'accounts.name',
      'accounts.role',
      'accounts.password_hash',
      'accounts.author_id',
      'accounts.disabled',
      'accounts.disabled_at',
      'accounts.last_sign_in_at',
      'accounts.created_at',
      'staff_two_factor.secret',
    ])
    .orderBy('accounts.name')
    .orderBy('accounts.id')
    .execute();

/** Active admins other than `exceptId`. */
export async function countOtherActiveAdmins(db: Db, exceptId: number): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function setRole(db: Db, id: number, role: Role, at: string): Promise<void> {
  await db.updateTable('accounts').set({ role, updated_at: at }).where('id', '=', id).execute();
}

export async function setDisabled(db: Db, id: number, disabledAt: string | null, at: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ disabled: disabledAt ? 1 : 0, disabled_at: disabledAt, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function deleteAccount(db: Db, id: number): Promise<void> {
  await db.deleteFrom('accounts').where('id', '=', id).execute();
}

export async function recordSignIn(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('accounts').set({ last_sign_in_at: at }).where('id', '=', id).execute();
}

/** Forget an account's authenticator and recovery codes: it signs in with its password (or a passkey) alone. */
export async function deleteTwoFactorOf(db: Db, accountId: number): Promise<boolean> {
  await db.deleteFrom('staff_recovery_codes').where('account_id', '=', accountId).execute();
  const result = await db.deleteFrom('staff_two_factor').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Spend every unused emailed link (reset or invitation) of an account. */
export async function spendLinksOf(db: Db, accountId: number, at: string): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: at }).where('account_id', '=', accountId).where('used_at', 'is', null).execute();
}
