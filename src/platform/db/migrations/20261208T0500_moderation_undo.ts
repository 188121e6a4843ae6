import { type Kysely, PostgresAdapter } from 'kysely';

/*
 * Moderation decisions that can still be undone: one row per comment a
 * decision changed, with the state it had before and after, grouped by the
 * decision's random handle (one handle for a whole bulk action). A decision
 * can be undone for a minute; rows older than ten minutes are deleted as new
 * decisions are made. Frozen: later changes go in new migrations.
 */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const table = db.schema.createTable('comment_decisions');
  await (isPostgres(db) ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('handle', 'varchar(32)', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('action', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_featured', 'integer', (c) => c.notNull())
    .addColumn('from_trained_as', 'varchar(10)')
    .addColumn('from_moderated_by', 'integer')
    .addColumn('from_moderated_at', 'varchar(32)')
    .addColumn('to_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('to_featured', 'integer', (c) => c.notNull())
    .addColumn('to_trained_as', 'varchar(10)')
    .addColumn('reports_resolved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('undone_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('comment_decisions_handle_idx').on('comment_decisions').column('handle').execute();
  await db.schema.createIndex('comment_decisions_comment_idx').on('comment_decisions').columns(['comment_id', 'id']).execute();
  await db.schema.createIndex('comment_decisions_decided_idx').on('comment_decisions').column('decided_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comment_decisions').execute();
}
