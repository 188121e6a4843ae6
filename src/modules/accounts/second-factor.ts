import type { Db } from '../../platform/db/database.js';

/*
 * Whether a staff account has a second factor for signing in. The one place
 * that decides it: the sign-in (password alone is not enough when it has) and
 * the site's "two-step sign-in required" setting (which confines those without
 * one to setting it up) both ask here. A passkey is not counted: it is another
 * way in, not a second step after the password, so an account with a passkey
 * and no codes could still be opened with its password alone.
 */
export async function hasSecondFactor(db: Db, accountId: number): Promise<boolean> {
  const totp = await db.selectFrom('staff_two_factor').select('account_id').where('account_id', '=', accountId).where('secret', 'is not', null).executeTakeFirst();
  return totp !== undefined;
}
