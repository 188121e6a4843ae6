import type { Db } from '../../platform/db/database.js';
import type { ImportLinksTable } from '../../platform/db/schema.js';
import type { Selectable } from 'kysely';

/** One thing an import brought over, and what it became. */
export type ImportLink = Selectable<ImportLinksTable>;

export const findLink = (db: Db, source: string, kind: string, id: string): Promise<ImportLink | undefined> =>
  db.selectFrom('import_links').selectAll().where('source', '=', source).where('source_kind', '=', kind).where('source_id', '=', id).executeTakeFirst();

export async function insertLink(db: Db, row: Omit<ImportLink, 'id'>): Promise<void> {
  await db.insertInto('import_links').values(row).execute();
}

export async function updateLink(db: Db, id: number, patch: Partial<Omit<ImportLink, 'id' | 'source' | 'source_kind' | 'source_id'>>): Promise<void> {
  await db.updateTable('import_links').set(patch).where('id', '=', id).execute();
}
