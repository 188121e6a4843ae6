import { type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * The initial schema. Frozen: later changes go in new migrations.
 * Times are ISO-8601 UTC text and booleans 0/1 integers on both dialects.
 */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => (pg ? t.addColumn('id', 'serial', (c: any) => c.primaryKey()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement()));

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('sections'))
    .addColumn('slug', 'varchar(200)', (c: any) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();

  await id(db.schema.createTable('tags'))
    .addColumn('slug', 'varchar(200)', (c: any) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();

  await id(db.schema.createTable('media'))
    .addColumn('url', 'varchar(1000)', (c: any) => c.notNull().unique())
    .addColumn('mime', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('alt', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();

  await id(db.schema.createTable('authors'))
    .addColumn('slug', 'varchar(200)', (c: any) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('bio', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('photo_id', 'integer', (c: any) => c.references('media.id').onDelete('set null'))
    .addColumn('links', 'text', (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();

  await id(db.schema.createTable('articles'))
    .addColumn('slug', 'varchar(200)', (c: any) => c.notNull().unique())
    .addColumn('headline', 'text', (c: any) => c.notNull())
    .addColumn('dek', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('excerpt', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('section_id', 'integer', (c: any) => c.references('sections.id').onDelete('set null'))
    .addColumn('status', 'varchar(20)', (c: any) => c.notNull().defaultTo('draft'))
    .addColumn('published_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('modified_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('featured_image_id', 'integer', (c: any) => c.references('media.id').onDelete('set null'))
    .addColumn('developing', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('read_next_id', 'integer', (c: any) => c.references('articles.id').onDelete('set null'))
    .addColumn('comment_prompt', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('comment_status', 'varchar(10)', (c: any) => c.notNull().defaultTo('open'))
    .addColumn('comments_close_at', 'varchar(32)')
    .addCheckConstraint('articles_status_check', sql`status in ('draft','in_review','scheduled','published','unpublished')`)
    .addCheckConstraint('articles_comment_status_check', sql`comment_status in ('open','closed')`)
    .execute();
  await db.schema.createIndex('articles_visible_idx').on('articles').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('articles_section_idx').on('articles').columns(['section_id', 'published_at']).execute();

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute();
  await db.schema.createIndex('article_authors_author_idx').on('article_authors').column('author_id').execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_tag_idx').on('article_tags').column('tag_id').execute();

  await db.schema
    .createTable('article_slugs')
    .addColumn('slug', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('live_updates'))
    .addColumn('article_id', 'integer', (c: any) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('live_updates_article_idx').on('live_updates').columns(['article_id', 'created_at']).execute();

  await id(db.schema.createTable('corrections'))
    .addColumn('article_id', 'integer', (c: any) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('corrections_article_idx').on('corrections').columns(['article_id', 'created_at']).execute();

  await id(db.schema.createTable('comments'))
    .addColumn('article_id', 'integer', (c: any) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c: any) => c.references('comments.id').onDelete('cascade'))
    .addColumn('author_name', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('author_email', 'varchar(320)', (c: any) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('status', 'varchar(20)', (c: any) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .addCheckConstraint('comments_status_check', sql`status in ('pending','approved','spam','rejected','deleted')`)
    .execute();
  await db.schema.createIndex('comments_article_idx').on('comments').columns(['article_id', 'status', 'parent_id', 'created_at']).execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').column('parent_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['comments', 'corrections', 'live_updates', 'article_slugs', 'article_tags', 'article_authors', 'articles', 'authors', 'media', 'tags', 'sections', 'settings']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
