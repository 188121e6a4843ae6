import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../../config.js';

/*
 * What the database itself says about its tables: names, columns, primary
 * keys, foreign keys and id sequences, read from SQLite's pragmas or
 * PostgreSQL's catalog (the current schema only). The code that copies a
 * whole database (export, import, backup) works from this rather than from a
 * list kept by hand, so it sees every table and column there is.
 */

/** Any Kysely handle or transaction; the catalog reads tables the typed schema may not know. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** How a column's values look in JSON: whole numbers, other numbers, or text. */
export type ColumnKind = 'integer' | 'real' | 'text';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
  /** The column has a default, so an insert may leave it out. */
  hasDefault: boolean;
}

export interface ForeignKey {
  column: string;
  table: string;
  refColumn: string;
}

export interface TableInfo {
  name: string;
  /** In the order the table declares them. */
  columns: ColumnInfo[];
  /** The primary key's columns, in key order. */
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  /** The integer id column a sequence numbers (serial, AUTOINCREMENT), or null. */
  serial: string | null;
}

/** The tables Kysely's migrator keeps its own bookkeeping in. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

function kindOf(declared: string): ColumnKind {
  const t = declared.toLowerCase();
  if (t.includes('int')) return 'integer';
  if (/real|double|float|numeric|decimal/.test(t)) return 'real';
  return 'text';
}

/** Every table of the database (SQLite) or of the current schema (PostgreSQL), by name. */
export async function listTables(db: AnyDb, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

async function describeSqlite(db: AnyDb, table: string): Promise<TableInfo> {
  const { rows: cols } = await sql<{
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
    pk: number;
  }>`select name, type, "notnull", dflt_value, pk from pragma_table_info(${table}) order by cid`.execute(db);
  const { rows: fks } = await sql<{ table: string; from: string; to: string | null }>`select "table", "from", "to" from pragma_foreign_key_list(${table})`.execute(db);
  const { rows: master } = await sql<{ sql: string | null }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const primaryKey = cols
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const onlyKey = primaryKey.length === 1 ? cols.find((c) => c.name === primaryKey[0]) : undefined;
  const autoincrement = /\bautoincrement\b/i.test(master[0]?.sql ?? '');
  return {
    name: table,
    // An INTEGER PRIMARY KEY is the rowid: never null, numbered by SQLite.
    columns: cols.map((c) => ({ name: c.name, kind: kindOf(c.type), nullable: c.notnull === 0 && c.pk === 0, hasDefault: c.dflt_value !== null || (c === onlyKey && kindOf(c.type) === 'integer') })),
    primaryKey,
    foreignKeys: fks.map((f) => ({ column: f.from, table: f.table, refColumn: f.to ?? 'id' })),
    serial: onlyKey && autoincrement && kindOf(onlyKey.type) === 'integer' ? onlyKey.name : null,
  };
}

async function describePostgres(db: AnyDb, table: string): Promise<TableInfo> {
  const { rows: cols } = await sql<{ name: string; type: string; nullable: string; dflt: string | null }>`select column_name as name, data_type as type, is_nullable as nullable, column_default as dflt
    from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  const { rows: keys } = await sql<{ kind: string; column: string; ref_table: string | null; ref_column: string | null; position: number }>`
    select c.contype as kind, a.attname as column, rt.relname as ref_table, ra.attname as ref_column, k.position
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    cross join lateral unnest(c.conkey) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
    left join pg_class rt on rt.oid = c.confrelid
    left join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[k.position]
    where n.nspname = current_schema() and t.relname = ${table} and c.contype in ('p', 'f')
    order by c.conname, k.position`.execute(db);
  const primaryKey = keys
    .filter((k) => k.kind === 'p')
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((k) => k.column);
  const serialColumn = primaryKey.length === 1 ? cols.find((c) => c.name === primaryKey[0] && /^nextval\(/.test(c.dflt ?? '')) : undefined;
  return {
    name: table,
    columns: cols.map((c) => ({ name: c.name, kind: kindOf(c.type), nullable: c.nullable === 'YES', hasDefault: c.dflt !== null })),
    primaryKey,
    foreignKeys: keys.filter((k) => k.kind === 'f').map((k) => ({ column: k.column, table: k.ref_table ?? '', refColumn: k.ref_column ?? 'id' })),
    serial: serialColumn ? serialColumn.name : null,
  };
}

/** One table's columns, keys and sequence. */
export function describeTable(db: AnyDb, dialect: Dialect, table: string): Promise<TableInfo> {
  return dialect === 'sqlite' ? describeSqlite(db, table) : describePostgres(db, table);
}

/** Every table, described, by name. */
export async function describeTables(db: AnyDb, dialect: Dialect): Promise<Map<string, TableInfo>> {
  const out = new Map<string, TableInfo>();
  for (const name of await listTables(db, dialect)) out.set(name, await describeTable(db, dialect, name));
  return out;
}

/** The migrations applied to this database, oldest first; empty when it was never migrated. */
export async function appliedMigrations(db: AnyDb, dialect: Dialect): Promise<string[]> {
  const tables = await listTables(db, dialect);
  if (!tables.includes('kysely_migration')) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** PostgreSQL: the schema unqualified names resolve to (the configured one, or public). */
export async function currentSchema(db: AnyDb): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}
