import type { DatabaseHandle } from '../../platform/db/database.js';
import { type AnyDb, appliedMigrations, describeTables, type TableInfo } from '../../platform/db/catalog.js';
import { readSequence, type Row, streamRows } from '../../platform/db/table-copy.js';
import { DERIVED_COLUMNS, ENTITIES, ENTITY_ORDER, EXPORT_FORMAT, EXPORT_VERSION, type ExportedTable, type ExportHeader, SECRET_SETTINGS, SITE_TABLE, treatmentOf } from './export.format.js';
import type { TextSink } from './output-file.js';
import { SafekeepingError } from './safekeeping.errors.js';

/*
 * The export writer: the whole site as one JSON document (export.format.ts),
 * read inside one transaction so the document is a consistent picture of a
 * site that keeps serving, and written entity by entity, row by row, so no
 * table is ever held in memory. Byte for byte the same for the same data,
 * except for "exportedAt".
 */

export interface ExportOptions {
  /** Include password hashes, API tokens and the installation secret. */
  withSecrets: boolean;
  /** The time written as exportedAt. */
  now: Date;
  /** Told after each entity is written, for progress on a terminal. */
  onEntity?: (entity: ExportedTable, rows: number) => void;
}

export interface ExportSummary {
  schemaVersion: string;
  /** Rows written per entity. */
  counts: Record<ExportedTable, number>;
}

const FORMAT_FILE = 'src/modules/safekeeping/export.format.ts';

/**
 * Refuse to export a database the format does not fully know: a table that is
 * not classified, or an entity whose columns differ from the format's fields.
 * Whoever adds a table or a column must say how exports carry it, or backups
 * would silently lose it.
 */
export function assertClassified(tables: Map<string, TableInfo>): void {
  for (const [name, table] of tables) {
    const treatment = treatmentOf(name);
    if (treatment === undefined) {
      throw new SafekeepingError(
        `table "${name}" is not classified by the export format: add it to ENTITIES (exported) or OMITTED (ephemeral, derived, bookkeeping) in ${FORMAT_FILE} and to docs/export-format.md`,
      );
    }
    if (treatment !== 'exported') continue;
    const fields = ENTITIES[name as ExportedTable].fields;
    const derived: readonly string[] = (DERIVED_COLUMNS as Partial<Record<string, readonly string[]>>)[name] ?? [];
    const extra = table.columns.find((c) => !fields.includes(c.name) && !derived.includes(c.name));
    if (extra) throw new SafekeepingError(`column ${name}.${extra.name} is not in the export format: add it to ${name}'s fields (or DERIVED_COLUMNS) in ${FORMAT_FILE} and to docs/export-format.md`);
    const gone = fields.find((f) => !table.columns.some((c) => c.name === f));
    if (gone) throw new SafekeepingError(`the export format lists ${name}.${gone}, which this database does not have: run "broadsheet migrate" first`);
  }
  for (const name of [...ENTITY_ORDER, SITE_TABLE]) {
    if (!tables.has(name)) throw new SafekeepingError(`this database has no "${name}" table: run "broadsheet migrate" first`);
  }
}

/**
 * Run `read` in one transaction that sees the database as it was when it
 * started, while the site goes on writing: SQLite's WAL gives every
 * transaction its snapshot (read only: it never takes the write lock);
 * PostgreSQL needs REPEATABLE READ.
 */
export function inSnapshot<T>(handle: DatabaseHandle, read: (db: AnyDb) => Promise<T>): Promise<T> {
  const builder = handle.db.transaction();
  const tx = handle.dialect === 'postgres' ? builder.setIsolationLevel('repeatable read').setAccessMode('read only') : builder.setAccessMode('read only');
  return tx.execute((trx) => read(trx));
}

/** A row as the format writes it: its fields in the format's order, secrets left out unless asked for. */
export function formatRow(entity: ExportedTable, row: Row, withSecrets: boolean): Record<string, unknown> {
  const format = ENTITIES[entity];
  const out: Record<string, unknown> = {};
  for (const field of format.fields) {
    if (!withSecrets && format.secretFields && field in format.secretFields) continue;
    out[field] = row[field];
  }
  return out;
}

/** The site settings, key by key in code-point order, their JSON values parsed. */
async function readSite(db: AnyDb, dialect: DatabaseHandle['dialect'], table: TableInfo, withSecrets: boolean): Promise<Record<string, unknown>> {
  const site: Record<string, unknown> = {};
  for await (const row of streamRows(db, dialect, table)) {
    const key = String(row.key);
    if (!withSecrets && SECRET_SETTINGS.includes(key)) continue;
    const text = String(row.value);
    try {
      site[key] = JSON.parse(text) as unknown;
    } catch {
      // Only a hand-edited value is not JSON; it travels as the text it is.
      site[key] = text;
    }
  }
  return site;
}

/** Write the whole site to `out` as a Broadsheet export document. */
export async function writeExport(handle: DatabaseHandle, out: TextSink, options: ExportOptions): Promise<ExportSummary> {
  const { dialect } = handle;
  return inSnapshot(handle, async (db) => {
    const tables = await describeTables(db, dialect);
    assertClassified(tables);
    const migrations = await appliedMigrations(db, dialect);
    const schemaVersion = migrations.at(-1);
    if (!schemaVersion) throw new SafekeepingError('this database was never migrated: run "broadsheet migrate" first');
    const entities = ENTITY_ORDER.filter((e) => options.withSecrets || !ENTITIES[e].secret);

    const sequences: ExportHeader['sequences'] = {};
    for (const entity of entities) {
      const table = tables.get(entity)!;
      if (table.serial) sequences[entity] = await readSequence(db, dialect, table);
    }
    const header: ExportHeader = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: options.now.toISOString(),
      schemaVersion,
      secrets: options.withSecrets,
      site: await readSite(db, dialect, tables.get(SITE_TABLE)!, options.withSecrets),
      sequences,
    };
    await out.write(
      '{' +
        Object.entries(header)
          .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
          .join(',\n') +
        ',\n"entities":{',
    );

    const counts = {} as Record<ExportedTable, number>;
    for (const [i, entity] of entities.entries()) {
      await out.write(`${i === 0 ? '' : ','}\n${JSON.stringify(entity)}:[`);
      let n = 0;
      for await (const row of streamRows(db, dialect, tables.get(entity)!)) {
        await out.write(`${n === 0 ? '' : ','}\n${JSON.stringify(formatRow(entity, row, options.withSecrets))}`);
        n++;
      }
      await out.write(n === 0 ? ']' : '\n]');
      counts[entity] = n;
      options.onEntity?.(entity, n);
    }
    await out.write('\n}}\n');
    return { schemaVersion, counts };
  });
}
