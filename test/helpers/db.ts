import crypto from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import type { Database } from '../../src/platform/db/schema.js';

export type TestDialect = 'sqlite' | 'postgres';

/** The dialect this run of the integration suite is for. */
export function testDialect(): TestDialect {
  const d = process.env.TEST_DIALECT ?? 'sqlite';
  if (d !== 'sqlite' && d !== 'postgres') throw new Error(`TEST_DIALECT must be sqlite or postgres, not ${d}`);
  return d;
}

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends DatabaseHandle {
  config: DatabaseConfig;
  /** Drop everything this test database created. */
  drop(): Promise<void>;
}

/**
 * Migrate a new test database. Kysely's migrator looks up its bookkeeping
 * tables through PostgreSQL's catalog, across every schema; while other test
 * files drop their schemas at the same moment, that catalog read can fail with
 * "relation … does not exist" before any migration has run. Such a failure is
 * tried again; anything else (or a failure inside a migration) is not.
 */
export async function migrateWithRetry(handle: DatabaseHandle, schema: string | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(handle.db, schema);
      return;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (attempt >= 5 || !/^migration \(unknown\) failed: .*does not exist/.test(message)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * A fresh, migrated database of its own for one test file: an in-memory
 * SQLite database, or a new schema in PostgreSQL so parallel runs never collide.
 */
export async function createTestDatabase(dialect: TestDialect = testDialect()): Promise<TestDatabase> {
  const config: DatabaseConfig =
    dialect === 'sqlite' ? { dialect: 'sqlite', url: ':memory:' } : { dialect: 'postgres', url: TEST_PG_URL, schema: `t_${process.pid}_${crypto.randomBytes(5).toString('hex')}` };
  const handle = await openDatabase(config);
  await migrateWithRetry(handle, config.schema);
  let dropped = false;
  return {
    ...handle,
    config,
    async drop() {
      if (dropped) return;
      dropped = true;
      await handle.destroy();
      if (config.dialect === 'postgres') {
        const client = new pg.Client({ connectionString: config.url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${config.schema}" CASCADE`);
        } finally {
          await client.end();
        }
      }
    },
  };
}

/** How many rows a table holds now. */
export async function countRows(db: DatabaseHandle['db'], table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
