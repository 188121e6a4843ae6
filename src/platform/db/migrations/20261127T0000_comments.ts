import { type Kysely, PostgresAdapter } from 'kysely';

/*
 * The discussion: reader accounts (separate from staff accounts, so a reader
 * can never gain a newsroom role) with their sessions and emailed links;
 * comment authorship, moderation and anti-abuse columns; reports; reactions;
 * the spam classifier's word counts; a per-article moderation override.
 * Frozen: later changes go in new migrations.
 */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => (pg ? t.addColumn('id', 'serial', (c: any) => c.primaryKey()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement()));

  await id(db.schema.createTable('readers'))
    .addColumn('email', 'varchar(320)', (c: any) => c.notNull().unique())
    .addColumn('display_name', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('email_verified_at', 'varchar(32)')
    .addColumn('notify_replies', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('banned_until', 'varchar(32)')
    .addColumn('ban_reason', 'varchar(500)', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();

  await db.schema
    .createTable('reader_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('reader_id', 'integer', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reader_sessions_reader_idx').on('reader_sessions').column('reader_id').execute();

  await db.schema
    .createTable('reader_links')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('reader_id', 'integer', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('reader_links_reader_idx').on('reader_links').columns(['reader_id', 'created_at']).execute();

  const comments = () => db.schema.alterTable('comments');
  await comments()
    .addColumn('reader_id', 'integer', (c) => c.references('readers.id').onDelete('set null'))
    .execute();
  await comments()
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();
  await comments()
    .addColumn('ip_hash', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute();
  await comments()
    .addColumn('body_hash', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute();
  await comments().addColumn('edited_at', 'varchar(32)').execute();
  await comments()
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await comments()
    .addColumn('spam_score', pg ? 'double precision' : 'real')
    .execute();
  await comments()
    .addColumn('score_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await comments()
    .addColumn('held_reason', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .execute();
  await comments()
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await comments()
    .addColumn('reaction_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await comments().addColumn('trained_as', 'varchar(10)').execute();
  await comments()
    .addColumn('moderated_by', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();
  await comments().addColumn('moderated_at', 'varchar(32)').execute();
  await db.schema.createIndex('comments_reader_idx').on('comments').columns(['reader_id', 'created_at']).execute();
  await db.schema.createIndex('comments_ip_idx').on('comments').columns(['ip_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_status_idx').on('comments').columns(['status', 'created_at']).execute();

  await id(db.schema.createTable('comment_reports'))
    .addColumn('comment_id', 'integer', (c: any) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reader_id', 'integer', (c: any) => c.references('readers.id').onDelete('set null'))
    .addColumn('ip_hash', 'varchar(64)', (c: any) => c.notNull().defaultTo(''))
    .addColumn('reason', 'varchar(30)', (c: any) => c.notNull())
    .addColumn('note', 'varchar(500)', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('resolved_at', 'varchar(32)')
    .addColumn('resolved_by', 'integer', (c: any) => c.references('accounts.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('comment_reports_comment_idx').on('comment_reports').columns(['comment_id', 'resolved_at']).execute();

  await db.schema
    .createTable('comment_reactions')
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reader_id', 'integer', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_reactions_pk', ['comment_id', 'reader_id'])
    .execute();

  await db.schema
    .createTable('classifier_tokens')
    .addColumn('token', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('spam', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ham', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.alterTable('articles').addColumn('comment_moderation', 'varchar(20)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('comment_moderation').execute();
  for (const t of ['classifier_tokens', 'comment_reactions', 'comment_reports']) await db.schema.dropTable(t).ifExists().execute();
  for (const i of ['comments_reader_idx', 'comments_ip_idx', 'comments_status_idx']) await db.schema.dropIndex(i).ifExists().execute();
  for (const col of [
    'reader_id',
    'account_id',
    'ip_hash',
    'body_hash',
    'edited_at',
    'featured',
    'spam_score',
    'score_reasons',
    'held_reason',
    'report_count',
    'reaction_count',
    'trained_as',
    'moderated_by',
    'moderated_at',
  ]) {
    await db.schema.alterTable('comments').dropColumn(col).execute();
  }
  for (const t of ['reader_links', 'reader_sessions', 'readers']) await db.schema.dropTable(t).ifExists().execute();
}
