import type SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SelectQueryNode, type TransactionSettings } from 'kysely';
import { AppError } from '../errors.js';
import { ReadBatch } from './sqlite-read-batch.js';

/*
 * Kysely's SQLite driver, made safe for several processes writing one file
 * (`broadsheet serve --workers N`, or a command run while the site serves).
 *
 * SQLite has one writer at a time. A plain BEGIN starts reading and asks for
 * the write lock at the first write; if another process wrote in between,
 * that write fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT),
 * whatever the busy timeout. So every transaction that may write begins
 * IMMEDIATE: it takes the write lock first, or waits for it. Transactions
 * that only read (accessMode 'read only', e.g. an export) begin DEFERRED and
 * never take it: with WAL, readers and the writer never wait for each other.
 *
 * Waiting: better-sqlite3 is synchronous, and SQLite's own busy timeout
 * sleeps inside the call, holding up the whole process. So the busy timeout
 * is short (BUSY_TIMEOUT_MS) and, when it runs out, the wait goes on without
 * blocking: the process's connection is handed back (its other queries go
 * ahead), then the write is tried again after a short, growing, jittered
 * pause. A write still waiting after `busyLimitMs` fails with a 503 'busy'
 * ("try again"), never with SQLite's "database is locked". Single writes
 * outside a transaction wait the same way.
 *
 * Reads outside a transaction share one read transaction until the event
 * loop turns (sqlite-read-batch.ts), which saves the cost of opening one per
 * statement.
 */

/** How long SQLite itself waits for the lock inside one synchronous call, in ms. */
export const BUSY_TIMEOUT_MS = 10;
/** How long a write waits for the lock in all before giving up with 'busy', by default. */
export const DEFAULT_BUSY_LIMIT_MS = 15_000;
const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 50;

export interface WaitingSqliteOptions {
  database: SQLite.Database;
  /** How long a write may wait for the write lock before failing with 'busy'. */
  busyLimitMs?: number;
}

/** The lock stayed taken for longer than the limit: the answer is 503, "try again". */
export function busyError(): AppError {
  return new AppError('busy', 503, 'The site is busy saving other changes; try again in a moment.', { retryAfterSeconds: 1 });
}

/** SQLITE_BUSY and its extended codes (_SNAPSHOT, _RECOVERY, _TIMEOUT). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** SQLite has one connection per process: whoever holds this uses it. */
class ConnectionMutex {
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }

  unlock(): void {
    const release = this.#release;
    this.#held = undefined;
    this.#release = undefined;
    release?.();
  }
}

class WaitingConnection implements DatabaseConnection {
  constructor(
    readonly db: SQLite.Database,
    readonly batch: ReadBatch,
    readonly waitFor: <T>(attempt: () => T) => Promise<T>,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Inside a transaction this process already holds the write lock (or only reads).
    if (this.db.inTransaction && !this.batch.open) return Promise.resolve(this.#run<R>(compiledQuery));
    const stmt = this.db.prepare(compiledQuery.sql);
    if (stmt.readonly && stmt.reader) {
      return this.waitFor(() => {
        this.batch.join();
        return this.#run<R>(compiledQuery, stmt);
      });
    }
    // Ended on every try: while this write waits for another process's lock, this
    // connection's reads go on, and each may open a new batch.
    return this.waitFor(() => {
      this.batch.end();
      return this.#run<R>(compiledQuery, stmt);
    });
  }

  #run<R>({ sql, parameters }: CompiledQuery, stmt = this.db.prepare(sql)): QueryResult<R> {
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('SQLite streams only select queries');
    // A stream outlives the turn, and the connection is busy while it iterates: it reads on its own.
    this.batch.end();
    for (const row of this.db.prepare(sql).iterate(parameters)) yield { rows: [row as R] };
  }
}

export class WaitingSqliteDriver implements Driver {
  readonly #mutex = new ConnectionMutex();
  readonly #db: SQLite.Database;
  readonly #limitMs: number;
  readonly #connection: WaitingConnection;
  readonly #batch: ReadBatch;

  constructor({ database, busyLimitMs = DEFAULT_BUSY_LIMIT_MS }: WaitingSqliteOptions) {
    this.#db = database;
    this.#limitMs = busyLimitMs;
    this.#batch = new ReadBatch(database);
    this.#connection = new WaitingConnection(database, this.#batch, (attempt) => this.#waitFor(attempt));
  }

  async init(): Promise<void> {}

  /** End the reads' shared snapshot now rather than when the loop turns (DatabaseHandle.freshReads). */
  endReadBatch(): void {
    this.#batch.end();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  /**
   * Run `attempt` (called holding the connection) until it does not fail
   * with SQLITE_BUSY; between tries the connection is let go, so this
   * process's reads go on while it waits for another process's write.
   */
  async #waitFor<T>(attempt: () => T): Promise<T> {
    const started = Date.now();
    let wait = FIRST_PAUSE_MS;
    for (;;) {
      try {
        return attempt();
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (Date.now() - started >= this.#limitMs) throw busyError();
      }
      this.#mutex.unlock();
      await pause(wait / 2 + Math.random() * wait);
      wait = Math.min(wait * 2, LONGEST_PAUSE_MS);
      await this.#mutex.lock();
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    this.#batch.end();
    if (settings.accessMode === 'read only') {
      this.#db.exec('begin');
      return;
    }
    // Retried here rather than in executeQuery: a BEGIN IMMEDIATE that got the lock is never retried.
    // The batch ended on every try too: reads that ran while this waited may have opened one.
    await this.#waitFor(() => {
      this.#batch.end();
      this.#db.exec('begin immediate');
    });
    void connection;
  }

  async commitTransaction(): Promise<void> {
    this.#db.exec('commit');
  }

  /**
   * After some failures (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) SQLite has
   * already rolled the transaction back itself; a second ROLLBACK would fail
   * with "no transaction is active" and hide the error that mattered.
   */
  async rollbackTransaction(): Promise<void> {
    if (this.#db.inTransaction) this.#db.exec('rollback');
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#batch.end();
    this.#db.close();
  }
}
