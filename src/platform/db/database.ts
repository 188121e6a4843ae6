import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type DatabaseConfig, redactUrl } from '../../config.js';
import type { Database } from './schema.js';
import { cacheStatements } from './sqlite-statements.js';
import { BUSY_TIMEOUT_MS, WaitingSqliteDriver } from './sqlite-driver.js';

export type Db = Kysely<Database>;

/** A database handle together with the facts code needs about it. */
export interface DatabaseHandle {
  db: Db;
  dialect: DatabaseConfig['dialect'];
  /**
   * Read what other processes have committed from now on. On SQLite, reads
   * share a snapshot until the event loop turns (sqlite-read-batch.ts); a
   * process told of another's change calls this before it drops its caches,
   * so nothing it builds afterwards comes from the older snapshot. Nothing
   * to do on PostgreSQL, where each query reads what is committed.
   */
  freshReads(): void;
  destroy(): Promise<void>;
}

/** The database could not be opened; `message` is one line for the operator. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

// PostgreSQL returns COUNT(*) and BIGINT as strings; every count we make fits a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Open the configured database and check that it answers. Fails with a
 * DatabaseUnavailableError naming what is wrong (unreachable server,
 * unwritable directory), never a stack trace.
 */
export async function openDatabase(config: DatabaseConfig, options: { busyLimitMs?: number; poolWaitMs?: number } = {}): Promise<DatabaseHandle> {
  if (config.dialect === 'sqlite') return openSqlite(config.url, options.busyLimitMs);
  return openPostgres(config, options.poolWaitMs);
}

/** How long a query waits for a PostgreSQL connection (one of the pool's, or a new one) before failing: 503 'busy' when all were in use. */
export const POOL_WAIT_MS = 5000;

function openSqlite(file: string, busyLimitMs: number | undefined): DatabaseHandle {
  if (file !== ':memory:') {
    const dir = path.dirname(file);
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      throw new DatabaseUnavailableError(`data directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  let conn: SQLite.Database;
  try {
    conn = new SQLite(file);
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    conn.pragma('foreign_keys = ON');
    // Short: longer waits go on without blocking the process (sqlite-driver.ts).
    conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (err) {
    throw new DatabaseUnavailableError(`cannot open SQLite database ${file} (${(err as Error).message})`);
  }
  const dialect = new WaitingSqliteDialect(cacheStatements(conn), busyLimitMs);
  const db = new Kysely<Database>({ dialect });
  return { db, dialect: 'sqlite', freshReads: () => dialect.driver?.endReadBatch(), destroy: () => db.destroy() };
}

/** SQLite as Kysely speaks it, with write transactions that begin IMMEDIATE and wait without blocking (sqlite-driver.ts). */
class WaitingSqliteDialect extends SqliteDialect {
  driver: WaitingSqliteDriver | undefined;

  constructor(
    private readonly conn: SQLite.Database,
    private readonly busyLimitMs: number | undefined,
  ) {
    super({ database: conn });
  }

  override createDriver() {
    this.driver = new WaitingSqliteDriver({ database: this.conn, ...(this.busyLimitMs !== undefined ? { busyLimitMs: this.busyLimitMs } : {}) });
    return this.driver;
  }
}

async function openPostgres(config: DatabaseConfig, poolWaitMs = POOL_WAIT_MS): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    // Bounds the wait in the pool's queue too: under load, a request waits this long at most, then is answered 503 'busy'.
    connectionTimeoutMillis: poolWaitMs,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  // An idle client losing its server must not crash the process.
  pool.on('error', () => {});
  // Nor one lent out between two queries (inside a transaction, or not yet
  // given back): pg emits its lost connection as an 'error' event, which
  // with no listener is thrown. The query waiting on it fails on its own,
  // and the pool drops the client when it is given back.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const client = await pool.connect();
    try {
      if (config.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema}"`);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    const e = err as NodeJS.ErrnoException;
    throw new DatabaseUnavailableError(`cannot connect to ${redactUrl(config.url)} (${e.code ?? ''}${e.code ? ': ' : ''}${e.message})`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', freshReads: () => {}, destroy: () => db.destroy() };
}

/** Check the database still answers (used by the readiness check). */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
