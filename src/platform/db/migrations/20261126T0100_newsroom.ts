import { type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * The newsroom: staff accounts and their sessions, sign-in attempts (for rate
 * limits and lockouts), password resets, API tokens, article revisions and
 * workflow bookkeeping, an audit log, and image variants for media.
 * Frozen: later changes go in new migrations.
 */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => (pg ? t.addColumn('id', 'serial', (c: any) => c.primaryKey()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement()));

  await id(db.schema.createTable('accounts'))
    .addColumn('email', 'varchar(320)', (c: any) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('role', 'varchar(20)', (c: any) => c.notNull())
    .addColumn('password_hash', 'text', (c: any) => c.notNull())
    .addColumn('author_id', 'integer', (c: any) => c.references('authors.id').onDelete('set null'))
    .addColumn('disabled', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('password_changed_at', 'varchar(32)', (c: any) => c.notNull())
    .addCheckConstraint('accounts_role_check', sql`role in ('admin','editor','author','contributor','moderator')`)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('user_agent', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();

  await id(db.schema.createTable('sign_in_attempts'))
    .addColumn('email', 'varchar(320)', (c: any) => c.notNull())
    .addColumn('ip_hash', 'varchar(64)', (c: any) => c.notNull())
    .addColumn('succeeded', 'integer', (c: any) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_attempts_email_idx').on('sign_in_attempts').columns(['email', 'created_at']).execute();
  await db.schema.createIndex('sign_in_attempts_ip_idx').on('sign_in_attempts').columns(['ip_hash', 'created_at']).execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .execute();

  await id(db.schema.createTable('api_tokens'))
    .addColumn('name', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c: any) => c.notNull().unique())
    .addColumn('role', 'varchar(20)', (c: any) => c.notNull())
    .addColumn('created_by', 'integer', (c: any) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('last_used_at', 'varchar(32)')
    .addColumn('revoked_at', 'varchar(32)')
    .execute();

  await id(db.schema.createTable('article_revisions'))
    .addColumn('article_id', 'integer', (c: any) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c: any) => c.notNull())
    .addColumn('headline', 'text', (c: any) => c.notNull())
    .addColumn('dek', 'text', (c: any) => c.notNull())
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('fields', 'text', (c: any) => c.notNull().defaultTo('{}'))
    .addColumn('account_id', 'integer', (c: any) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_article_idx').on('article_revisions').columns(['article_id', 'version']).unique().execute();

  await db.schema
    .alterTable('articles')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('articles').addColumn('created_by', 'integer').execute();
  await db.schema.alterTable('articles').addColumn('status_changed_at', 'varchar(32)').execute();
  await db.schema.alterTable('articles').addColumn('status_changed_by', 'integer').execute();

  await id(db.schema.createTable('audit_log'))
    .addColumn('account_id', 'integer', (c: any) => c.references('accounts.id').onDelete('set null'))
    .addColumn('action', 'varchar(100)', (c: any) => c.notNull())
    .addColumn('subject_type', 'varchar(50)', (c: any) => c.notNull())
    .addColumn('subject_id', 'integer')
    .addColumn('details', 'text', (c: any) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject_type', 'subject_id', 'created_at']).execute();

  await db.schema
    .alterTable('media')
    .addColumn('variants', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('media').addColumn('bytes', 'integer').execute();
  await db.schema.alterTable('media').addColumn('storage_key', 'varchar(500)').execute();
  await db.schema
    .alterTable('media')
    .addColumn('original_name', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const col of ['variants', 'bytes', 'storage_key', 'original_name']) await db.schema.alterTable('media').dropColumn(col).execute();
  for (const col of ['version', 'created_by', 'status_changed_at', 'status_changed_by']) await db.schema.alterTable('articles').dropColumn(col).execute();
  for (const t of ['audit_log', 'article_revisions', 'api_tokens', 'password_resets', 'sign_in_attempts', 'sessions', 'accounts']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
