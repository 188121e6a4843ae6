import type { Db } from '../../platform/db/database.js';

/*
 * Whether a staff account has a second factor for signing in. The one place
 * that decides it: the sign-in (password alone is not enough when it has) and
 * the site's "two-step sign-in required" setting (which confines those without
 * one to setting it up) both ask here. Another kind of factor (a passkey, say)
 * is added by adding its check.
 */
export async function hasSecondFactor(db: Db, accountId: number): Promise<boolean> {
  const totp = await db.selectFrom('staff_two_factor').select('account_id').where('account_id', '=', accountId).where('secret', 'is not', null).executeTakeFirst();
  return totp !== undefined;
}
