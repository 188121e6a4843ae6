import type { Db } from '../../platform/db/database.js';
import type { RedirectsTable } from '../../platform/db/schema.js';

export type RedirectRow = RedirectsTable;

export const findByPath = (db: Db, path: string): Promise<RedirectRow | undefined> => db.selectFrom('redirects').selectAll().where('path', '=', path).executeTakeFirst();

export async function insertRedirect(db: Db, row: RedirectRow): Promise<void> {
  await db.insertInto('redirects').values(row).execute();
}

/** Let an address lead to a thing, replacing wherever it led before. */
export async function replaceRedirect(db: Db, row: RedirectRow): Promise<void> {
  await db.deleteFrom('redirects').where('path', '=', row.path).execute();
  await db.insertInto('redirects').values(row).execute();
}
