import { type Kysely, PostgresAdapter } from 'kysely';

/*
 * Imports from other systems (WordPress first): what each import made, so a
 * second run finds it again and notices what changed; and the old addresses
 * that now lead to imported stories, sections, tags and authors.
 * Frozen: later changes go in new migrations.
 */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => (pg ? t.addColumn('id', 'serial', (c: any) => c.primaryKey()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement()));

  // One row per thing an import brought over: the source site and the thing's
  // kind and id there, what it became here, and a hash of what was imported.
  await id(db.schema.createTable('import_links'))
    .addColumn('source', 'varchar(500)', (c: any) => c.notNull())
    .addColumn('source_kind', 'varchar(20)', (c: any) => c.notNull())
    .addColumn('source_id', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('target_kind', 'varchar(20)', (c: any) => c.notNull())
    .addColumn('target_id', 'integer', (c: any) => c.notNull())
    .addColumn('content_hash', 'varchar(64)', (c: any) => c.notNull())
    // The article's version right after the import, to notice edits made here since.
    .addColumn('target_version', 'integer')
    // What the source had that no column here holds (an author's email, a commenter's web address), as JSON.
    .addColumn('details', 'text', (c: any) => c.notNull().defaultTo('{}'))
    .addColumn('imported_at', 'varchar(32)', (c: any) => c.notNull())
    .addUniqueConstraint('import_links_source_uq', ['source', 'source_kind', 'source_id'])
    .execute();
  await db.schema.createIndex('import_links_target_idx').on('import_links').columns(['target_kind', 'target_id']).execute();

  // Old addresses (a normalised path, with the query for WordPress's "?p=123"
  // forms) and what they lead to; the target's current address is looked up
  // when the old one is requested.
  await db.schema
    .createTable('redirects')
    .addColumn('path', 'varchar(1000)', (c) => c.primaryKey())
    .addColumn('target_kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('redirects_target_idx').on('redirects').columns(['target_kind', 'target_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('redirects').execute();
  await db.schema.dropTable('import_links').execute();
}
