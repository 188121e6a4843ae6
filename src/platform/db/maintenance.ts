import { sql } from 'kysely';
import type { DatabaseHandle } from './database.js';

/**
 * Refresh the query planner's statistics. Run after bulk loads (demo, imports):
 * without it PostgreSQL plans the comment-thread queries for empty tables
 * until autovacuum catches up, and they run a hundred times slower.
 */
export async function refreshStatistics({ db, dialect }: DatabaseHandle): Promise<void> {
  await sql`analyze`.execute(db);
  if (dialect === 'sqlite') await sql`pragma optimize`.execute(db);
}
