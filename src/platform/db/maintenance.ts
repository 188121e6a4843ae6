import { sql } from 'kysely';
import type { DatabaseHandle } from './database.js';

/**
 * Refresh the query planner's statistics. Run after bulk loads (demo, imports):
 * without it PostgreSQL plans the comment-thread queries for empty tables
 * until autovacuum catches up, and they run a hundred times slower. On
 * PostgreSQL it vacuums too: an index-only scan (a section's or the site's
 * count of stories) reads every row's table page until vacuum has marked the
 * pages all-visible; after 100,000 stories were loaded, counting a section's
 * 20,000 took 185 ms before and 12 ms after.
 */
export async function refreshStatistics({ db, dialect }: DatabaseHandle): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`analyze`.execute(db);
    await sql`pragma optimize`.execute(db);
  } else {
    // This site's tables only (the database may hold other schemas), outside a transaction (VACUUM refuses one).
    const { rows } = await sql<{ name: string }>`select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables where schemaname = current_schema()`.execute(db);
    if (rows.length > 0) await sql`vacuum analyze ${sql.raw(rows.map((r) => r.name).join(', '))}`.execute(db);
  }
}
