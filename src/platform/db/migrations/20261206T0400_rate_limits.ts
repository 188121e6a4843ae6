import type { Kysely } from 'kysely';

/*
 * Rate-limit counts in the database, so that every process serving the site
 * from PostgreSQL (the workers of one machine, and other machines) counts
 * against one limit instead of each its own: one row per route and client,
 * counted up with an atomic upsert and reset when its window has passed.
 * Rows whose window has passed are deleted from time to time (the index).
 * Frozen: later changes go in new migrations.
 */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('resets_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_resets_idx').on('rate_limit_hits').column('resets_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
}
