import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';

/*
 * Bulk writing for `broadsheet generate`: ids reserved up front (so replies
 * can name their parents without reading anything back) and rows written in
 * multi-row INSERTs, many to a transaction.
 */

/** Rows per INSERT: 1,000 rows of at most 25 columns stay far under PostgreSQL's 65,535 parameters and SQLite's 32,766. */
export const ROWS_PER_INSERT = 1000;

type IdTable = 'articles' | 'comments';

/**
 * Reserve `n` consecutive ids in a table and return the first. Another
 * process inserting meanwhile gets ids after the block: on SQLite the
 * AUTOINCREMENT counter (sqlite_sequence) is moved past it, on PostgreSQL
 * the column's sequence, while the table is locked against inserts.
 */
export async function reserveIds(db: Db, dialect: 'sqlite' | 'postgres', table: IdTable, n: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await sql`lock table ${sql.table(table)} in exclusive mode`.execute(trx);
      const { rows } = await sql<{ first: unknown }>`select greatest(nextval(pg_get_serial_sequence(${table}, 'id')), (select coalesce(max(id), 0) + 1 from ${sql.table(table)})) as first`.execute(
        trx,
      );
      const first = Number(rows[0]!.first);
      if (n > 0) await sql`select setval(pg_get_serial_sequence(${table}, 'id'), ${first + n - 1})`.execute(trx);
      return first;
    }
    const { rows } = await sql<{ seq: unknown }>`select seq from sqlite_sequence where name = ${table}`.execute(trx);
    const max = await trx
      .selectFrom(table)
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    const first = Math.max(Number(rows[0]?.seq ?? 0), Number(max?.max ?? 0)) + 1;
    const last = first + n - 1;
    if (rows.length > 0) await sql`update sqlite_sequence set seq = ${last} where name = ${table}`.execute(trx);
    else await sql`insert into sqlite_sequence (name, seq) values (${table}, ${last})`.execute(trx);
    return first;
  });
}

/** Insert rows into a table, ROWS_PER_INSERT at a time (inside the caller's transaction). */
export async function insertRows<T extends keyof Database>(trx: Db, table: T, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    // The rows are built to the table's shape by the generator; Kysely's per-table value types are not worth threading through here.
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_INSERT) as never)
      .execute();
  }
}
