import { type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * Site search: one row per article in search_documents, holding the text
 * that is searched (headline, dek, body as plain text, author and tag names)
 * and what a query filters and ranks on (status and publication time for
 * visibility, section, authors, a day number for recency). Every article is
 * here whatever its status; visibility is decided when a query runs.
 *
 * SQLite: an FTS5 table over search_documents (external content), kept in
 * step by triggers, tokenised by unicode61 with diacritics removed.
 * PostgreSQL: a weighted tsvector column the application fills (A headline,
 * B dek, authors and tags, C body) with a GIN index.
 * Frozen: later changes go in new migrations.
 */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  let table = db.schema
    .createTable('search_documents')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('dek', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('section_id', 'integer')
    // "|3|17|": the byline's author ids in order, and the tag ids, delimited so one can be matched with LIKE.
    .addColumn('author_ids', 'varchar(2000)', (c) => c.notNull())
    .addColumn('tag_ids', 'varchar(2000)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('published_at', 'varchar(32)')
    // Days since 1970 of published_at (fractional), for the recency factor; null while unpublished.
    .addColumn('published_day', pg ? 'double precision' : 'real')
    // The article's modified_at when indexed: a different one means the document is stale.
    .addColumn('source_modified_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('indexed_at', 'varchar(32)', (c) => c.notNull());
  if (pg) table = table.addColumn('document', sql`tsvector`, (c) => c.notNull());
  await table.execute();
  await db.schema.createIndex('search_documents_visible_idx').on('search_documents').columns(['status', 'published_at']).execute();

  if (pg) {
    await db.schema.createIndex('search_documents_document_idx').on('search_documents').using('gin').column('document').execute();
    return;
  }
  await sql`create virtual table search_fts using fts5(
    headline, dek, authors, tags, body,
    content='search_documents', content_rowid='article_id',
    tokenize='unicode61 remove_diacritics 2'
  )`.execute(db);
  const columns = sql.raw('headline, dek, authors, tags, body');
  const values = (row: 'new' | 'old') => sql.raw(`${row}.headline, ${row}.dek, ${row}.authors, ${row}.tags, ${row}.body`);
  await sql`create trigger search_documents_ai after insert on search_documents begin
    insert into search_fts(rowid, ${columns}) values (new.article_id, ${values('new')});
  end`.execute(db);
  await sql`create trigger search_documents_ad after delete on search_documents begin
    insert into search_fts(search_fts, rowid, ${columns}) values ('delete', old.article_id, ${values('old')});
  end`.execute(db);
  await sql`create trigger search_documents_au after update on search_documents begin
    insert into search_fts(search_fts, rowid, ${columns}) values ('delete', old.article_id, ${values('old')});
    insert into search_fts(rowid, ${columns}) values (new.article_id, ${values('new')});
  end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    for (const t of ['search_documents_ai', 'search_documents_ad', 'search_documents_au']) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
    await sql`drop table if exists search_fts`.execute(db);
  }
  await db.schema.dropTable('search_documents').ifExists().execute();
}
