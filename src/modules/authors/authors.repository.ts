import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { AuthorRow, AuthorsTable } from '../../platform/db/schema.js';

export const listAuthors = (db: Db): Promise<AuthorRow[]> => db.selectFrom('authors').selectAll().orderBy('name').execute();

export const findBySlug = (db: Db, slug: string): Promise<AuthorRow | undefined> => db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findById = (db: Db, id: number): Promise<AuthorRow | undefined> => db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();

export const findByIds = (db: Db, ids: number[]): Promise<AuthorRow[]> => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('authors').selectAll().where('id', 'in', ids).execute());

/** The id of the author holding a slug, if any. */
export async function idBySlug(db: Db, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

export const insertAuthor = (db: Db, row: Insertable<AuthorsTable>): Promise<AuthorRow> => db.insertInto('authors').values(row).returningAll().executeTakeFirstOrThrow();

/** Change an author's row; undefined when there is no such author. */
export const updateAuthor = (db: Db, id: number, patch: Updateable<AuthorsTable>): Promise<AuthorRow | undefined> =>
  db.updateTable('authors').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
