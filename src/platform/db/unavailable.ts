/*
 * Which failures mean "the database cannot be used right now" rather than a
 * bug: the server is unreachable or restarting, the database or its schema is
 * gone (dropped and not yet migrated again), a failover left a read-only
 * standby. A request that fails so is answered 503 with a message a person
 * understands, and works again by itself once the database is back. A full
 * disk is not among them: it has its own answer (507 disk_full, errors.ts's
 * isDiskFull), whatever order the two are asked in.
 */

/** Node's network errors on the way to the database server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html):
 * 08… connection exceptions, 53… insufficient resources (but 53100, disk full),
 * 57P01–57P03 shutdown and start-up, 3D000 no such database, 3F000 no such
 * schema, 42P01 no such table (a schema not migrated), 25006 a read-only
 * transaction (a standby), 58030 an I/O error.
 */
const PG_STATES = new Set(['57P01', '57P02', '57P03', '3D000', '3F000', '42P01', '25006', '58030']);
const PG_CLASSES = new Set(['08', '53']);

/** What node-postgres and its pool throw, without a code, when a connection is lost or cannot be made. */
const PG_CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** SQLite's result codes for a file it cannot open or write, and failing I/O. */
const SQLITE_CODES = /^SQLITE_(CANTOPEN|READONLY|IOERR|NOTADB)/;

/** Whether `err` says the database is unreachable or unusable, rather than that our code went wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && code !== '53100' && (PG_STATES.has(code) || PG_CLASSES.has(code.slice(0, 2)))) return true;
    if (SQLITE_CODES.test(code)) return true;
    if (code === 'SQLITE_ERROR' && /^no such table: /.test(err.message)) return true;
  }
  if (PG_CONNECTION_MESSAGES.test(err.message)) return true;
  // Several addresses tried at once (localhost as ::1 and 127.0.0.1) fail as one AggregateError.
  if (err instanceof AggregateError) return err.errors.some(isDatabaseUnavailable);
  return false;
}

/**
 * Whether `err` says every pooled PostgreSQL connection stayed in use for as
 * long as a query may wait for one (node-postgres's pool, with
 * connectionTimeoutMillis): the database answers, but this process asks more
 * of it than its connections can carry. Answered 503 'busy' with a short
 * Retry-After rather than 'unavailable'.
 */
export function isPoolExhausted(err: unknown): boolean {
  return err instanceof Error && err.message === 'timeout exceeded when trying to connect' && (err as NodeJS.ErrnoException).code === undefined;
}
