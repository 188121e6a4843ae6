import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ApiTokensTable } from '../../platform/db/schema.js';

export type ApiTokenRow = Selectable<ApiTokensTable>;

export const insertToken = (db: Db, row: Insertable<ApiTokensTable>): Promise<ApiTokenRow> => db.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();

export const findByHash = (db: Db, hash: string): Promise<ApiTokenRow | undefined> => db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();

export const findById = (db: Db, id: number): Promise<ApiTokenRow | undefined> => db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();

/** Every token, active ones first, newest first within each group. */
export async function listTokens(db: Db): Promise<ApiTokenRow[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return [...rows.filter((r) => r.revoked_at === null), ...rows.filter((r) => r.revoked_at !== null)];
}

/** Mark a token revoked; a token revoked already keeps its first revocation time. */
export async function revokeToken(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Record use, unless it was recorded at or after `notBefore` (so busy tokens do not write on every request). */
export async function touchToken(db: Db, id: number, at: string, notBefore: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
    .execute();
}

/** Revoke every unrevoked token an account created; returns how many. */
export async function revokeTokensCreatedBy(db: Db, accountId: number, at: string): Promise<number> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('created_by', '=', accountId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
