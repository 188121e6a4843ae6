import type SQLite from 'better-sqlite3';

/*
 * Reads that share one read transaction until the event loop turns.
 *
 * In WAL mode every statement run outside a transaction opens and closes a
 * read transaction of its own: it takes and drops a shared lock on the
 * database file and a read mark in the WAL index, four system calls or so
 * around a lookup that takes a few microseconds. Measured on a small VM, a
 * primary-key lookup cost about 30 µs on its own and 2.5 µs inside a
 * transaction; an article page runs a dozen such reads.
 *
 * So the first read outside a transaction begins a (deferred, read-only)
 * transaction, the reads that follow in the same turn of the event loop run
 * inside it, and it ends at the next `setImmediate`, once the turn's
 * promises have settled. A batch therefore lasts as long as synchronous
 * work and resolved promises do: it sees one snapshot of the database, a
 * few milliseconds old at most, and never holds up another process's write
 * (WAL readers don't) nor a checkpoint for longer than that.
 *
 * Anything that may write ends the batch first: a write outside a
 * transaction, a transaction's BEGIN, a stream. A deferred transaction that
 * has read cannot upgrade to writing once another connection has written
 * (SQLITE_BUSY_SNAPSHOT), and a write inside the batch would be committed
 * only at the end of the turn.
 */
export class ReadBatch {
  #open = false;
  #scheduled = false;

  constructor(private readonly db: SQLite.Database) {}

  /** Whether the connection's current transaction is this batch (and not one that was asked for). */
  get open(): boolean {
    return this.#open;
  }

  /** Make sure the reads that follow run inside the batch. */
  join(): void {
    if (this.#open || this.db.inTransaction) return;
    this.db.exec('begin');
    this.#open = true;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.end();
      });
    }
  }

  /** End the batch, if one is open; what it read stays read. */
  end(): void {
    if (!this.#open) return;
    this.#open = false;
    // Only reads ran in it, so there is nothing to keep: a failed COMMIT (the
    // connection closed under it) leaves nothing that a rollback would not.
    try {
      this.db.exec('commit');
    } catch {
      if (this.db.inTransaction) this.db.exec('rollback');
    }
  }
}
