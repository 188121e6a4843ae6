import { PostgresAdapter } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { createPostgresSearchRepository } from './search.postgres.js';
import type { SearchRepository } from './search.repository.js';
import { createSqliteSearchRepository } from './search.sqlite.js';

/** The search index for the database `db` talks to; nothing else needs to know which it is. */
export function createSearchRepository(db: Db): SearchRepository {
  return db.getExecutor().adapter instanceof PostgresAdapter ? createPostgresSearchRepository(db) : createSqliteSearchRepository(db);
}
