import type SQLite from 'better-sqlite3';

/** How many distinct statements to keep compiled (lists of `in (?, ?, …)` make a few variants of each query). */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Keep compiled statements for reuse. Kysely's SQLite driver prepares every
 * query anew, and compiling SQL costs more than running most of ours (a
 * page's 30 lookups spent about a third of their time in `prepare`). Reused
 * statements run exactly as fresh ones: SQLite recompiles a statement by
 * itself when the schema changes. A statement still busy (an open iterator)
 * is never handed out twice: such a call gets a fresh one.
 */
export function cacheStatements(conn: SQLite.Database, size = STATEMENT_CACHE_SIZE): SQLite.Database {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, SQLite.Statement>();
  const cached = (source: string): SQLite.Statement => {
    const hit = cache.get(source);
    if (hit) {
      if (hit.busy) return prepare(source);
      // Map order doubles as recency order for eviction.
      cache.delete(source);
      cache.set(source, hit);
      return hit;
    }
    const stmt = prepare(source);
    cache.set(source, stmt);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return stmt;
  };
  // Kysely calls prepare(sql) on the handle it is given; the connection's own methods stay as they are.
  return new Proxy(conn, {
    get(target, prop) {
      if (prop === 'prepare') return cached;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
