import { type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * PostgreSQL: search_documents rows over 1 KB keep their long values (the
 * body's text and the tsvector) in the table's TOAST storage. Finding a
 * common word's matches visits every match's row for the filters (status,
 * publication time, section); with the body and the vector kept in the row
 * (up to 2 KB each, compressed), 100,000 stories filled 166 MB and the
 * 14,000 rows of one word spread over 11,000 pages, more than the default
 * shared_buffers holds: 100 ms a search. At 1 KB the table is 49 MB and the
 * same search reads 5,800 pages from memory: 40 ms. The long values are
 * read only for the page's results (snippets) and the matches ranked.
 *
 * The setting applies to rows as they are written: new and updated
 * documents, and every document after `broadsheet search-reindex`.
 * SQLite keeps FTS5's own index apart from the rows and needs nothing.
 */
export const SEARCH_TOAST_TARGET_BYTES = 1024;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table search_documents set (toast_tuple_target = ${sql.lit(SEARCH_TOAST_TARGET_BYTES)})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table search_documents reset (toast_tuple_target)`.execute(db);
}
