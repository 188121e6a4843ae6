import { sql } from 'kysely';
import type { Dialect } from '../../config.js';
import type { AnyDb, ColumnInfo, TableInfo } from './catalog.js';

/*
 * Copying whole tables, exactly, on either dialect: rows read in primary-key
 * order in batches (never the whole table in memory), rows written back with
 * their own ids, and id sequences read and set so that a copy hands out the
 * same next id as the original. Values come out as JSON-ready numbers,
 * strings and nulls whichever driver read them.
 */

/** A row as copied: column name → number, string or null. */
export type Row = Record<string, number | string | null>;

const DEFAULT_BATCH = 500;

/** A driver value as JSON carries it: booleans as 0/1, bigints and numeric strings of integer columns as numbers. */
export function fromDb(value: unknown, column: ColumnInfo): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return column.kind !== 'text' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value) ? Number(value) : value;
  if (Buffer.isBuffer(value)) throw new Error(`column ${column.name} holds binary data, which a copy does not carry`);
  return JSON.stringify(value);
}

/** A column reference that orders and compares the same on both dialects (text by code point). */
function keyRef(dialect: Dialect, column: ColumnInfo) {
  return dialect === 'postgres' && column.kind === 'text' ? sql`${sql.ref(column.name)} collate "C"` : sql.ref(column.name);
}

export interface StreamOptions {
  /** Only rows whose columns equal these values (or, for a list, one of them). */
  where?: Record<string, number | string | readonly (number | string)[]>;
  batchSize?: number;
}

/**
 * Every row of a table in primary-key order, read a batch at a time by key
 * (keyset pagination), so memory stays flat however big the table. Run it in
 * a transaction for a consistent view of a database in use.
 */
export async function* streamRows(db: AnyDb, dialect: Dialect, table: TableInfo, options: StreamOptions = {}): AsyncGenerator<Row> {
  if (table.primaryKey.length === 0) throw new Error(`table ${table.name} has no primary key, so it cannot be copied row by row`);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const keys = table.primaryKey.map((k) => byName.get(k)!);
  const keyRefs = sql.join(keys.map((k) => keyRef(dialect, k)));
  const filters = Object.entries(options.where ?? {}).map(([col, value]) =>
    Array.isArray(value) ? (value.length ? sql`${sql.ref(col)} in (${sql.join(value)})` : sql`1 = 0`) : sql`${sql.ref(col)} = ${value}`,
  );
  const limit = options.batchSize ?? DEFAULT_BATCH;
  let last: Row | undefined;
  for (;;) {
    const conditions = [...filters];
    if (last) {
      const after = last;
      conditions.push(sql`(${keyRefs}) > (${sql.join(keys.map((k) => sql`${after[k.name]}`))})`);
    }
    const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)} ${where} order by ${keyRefs} limit ${limit}`.execute(db);
    for (const raw of rows) {
      const row: Row = {};
      for (const c of table.columns) row[c.name] = fromDb(raw[c.name], c);
      yield row;
      last = row;
    }
    if (rows.length < limit) return;
  }
}

/** How many rows a table holds. */
export async function countRows(db: AnyDb, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** The largest batch of rows one insert may carry (both dialects cap bound parameters). */
export function insertBatchSize(table: TableInfo): number {
  return Math.max(1, Math.min(DEFAULT_BATCH, Math.floor(30_000 / Math.max(1, table.columns.length))));
}

/**
 * Insert rows exactly as given, ids included. A column a row leaves out takes
 * its default. Call with at most insertBatchSize(table) rows.
 */
export async function insertRows(db: AnyDb, table: TableInfo, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto(table.name).values(rows).execute();
}

/** Set one column of the row with this single-column key (a reference that had to wait for its target). */
export async function updateColumn(db: AnyDb, table: TableInfo, key: number | string, column: string, value: number | string | null): Promise<void> {
  const pk = table.primaryKey[0]!;
  await db
    .updateTable(table.name)
    .set({ [column]: value })
    .where(pk, '=', key)
    .execute();
}

/**
 * The highest id a table's sequence has handed out (0 if none), which can be
 * above the largest id still in the table when rows were deleted.
 */
export async function readSequence(db: AnyDb, dialect: Dialect, table: TableInfo): Promise<number> {
  if (!table.serial) return 0;
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table.name}`.execute(db);
    return Number(rows[0]?.seq ?? 0);
  }
  const { rows } = await sql<{ value: number | string | null }>`select pg_sequence_last_value(pg_get_serial_sequence(${table.name}, ${table.serial})::regclass) as value`.execute(db);
  return Number(rows[0]?.value ?? 0);
}

/**
 * Make a table's sequence continue after `value` (or after the largest id in
 * the table, if that is higher): the next row inserted without an id gets the
 * next number, on PostgreSQL as on SQLite.
 */
export async function setSequence(db: AnyDb, dialect: Dialect, table: TableInfo, value: number): Promise<void> {
  if (!table.serial) return;
  const { rows } = await sql<{ top: number | string | null }>`select max(${sql.ref(table.serial)}) as top from ${sql.table(table.name)}`.execute(db);
  const target = Math.max(value, Number(rows[0]?.top ?? 0));
  if (dialect === 'sqlite') {
    await sql`delete from sqlite_sequence where name = ${table.name}`.execute(db);
    if (target > 0) await sql`insert into sqlite_sequence (name, seq) values (${table.name}, ${target})`.execute(db);
    return;
  }
  const sequence = sql`pg_get_serial_sequence(${table.name}, ${table.serial})`;
  if (target > 0) await sql`select setval(${sequence}, ${target}, true)`.execute(db);
  else await sql`select setval(${sequence}, 1, false)`.execute(db);
}
