import { sql } from 'kysely';
import type { Dialect } from '../../config.js';
import { type AnyDb, describeTables, type TableInfo } from '../../platform/db/catalog.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { countRows, insertBatchSize, insertRows, type Row, setSequence, updateColumn } from '../../platform/db/table-copy.js';
import { ENTITY_ORDER, type ExportedTable, type ExportHeader, SECRET_SETTINGS, SITE_TABLE, treatmentOf } from './export.format.js';
import { checkFile, checkReferences, checkRow, fileEvents, rowKey } from './export.validate.js';
import { assertClassified } from './export.writer.js';
import { SafekeepingError } from './safekeeping.errors.js';

/*
 * `broadsheet import broadsheet FILE`: an export restored into an empty
 * database, exactly: every row with its id, the id counters, the settings.
 * The file is checked from end to end first (export.validate.ts), then written
 * in one transaction, so a refused or failed import stores nothing.
 */

export interface ImportSummary {
  schemaVersion: string;
  secrets: boolean;
  counts: Partial<Record<ExportedTable, number>>;
}

/**
 * Refuse a database that holds anything an import would add to: any row of an
 * exported or derived table, or any setting (the installation secret alone
 * does not count: a server that started once made it).
 */
export async function assertEmpty(db: AnyDb, tables: Map<string, TableInfo>): Promise<void> {
  // The format's order: the first entity named is the one an operator recognises soonest.
  const derived = [...tables.keys()].filter((name) => treatmentOf(name) === 'derived');
  for (const name of [...ENTITY_ORDER, ...derived]) {
    const n = await countRows(db, name);
    if (n > 0) throw new SafekeepingError(`the database is not empty (${name} has ${n} row${n === 1 ? '' : 's'}): import into a new, empty database`);
  }
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(SITE_TABLE)} where ${sql.ref('key')} not in (${sql.join([...SECRET_SETTINGS])})`.execute(db);
  if (Number(rows[0]?.n ?? 0) > 0) throw new SafekeepingError('the database is not empty (it has site settings): import into a new, empty database');
}

async function writeSite(db: AnyDb, site: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(site).sort();
  const secrets = keys.filter((k) => SECRET_SETTINGS.includes(k));
  // The file's installation secret replaces the one a first start made.
  if (secrets.length) await db.deleteFrom(SITE_TABLE).where('key', 'in', secrets).execute();
  for (const key of keys)
    await db
      .insertInto(SITE_TABLE)
      .values({ key, value: JSON.stringify(site[key]) })
      .execute();
}

/** Inserts one entity's rows in batches; a row referring to one of its own entity not yet stored is linked once that one is. */
class EntityWriter {
  private batch: Row[] = [];
  private signature = '';
  private readonly stored = new Set<number | string>();
  private readonly batchKeys = new Set<number | string>();
  private readonly later: { key: number | string; column: string; value: number | string }[] = [];
  private readonly selfRefs: string[];
  private readonly size: number;

  constructor(
    private readonly db: AnyDb,
    private readonly table: TableInfo,
  ) {
    this.selfRefs = table.foreignKeys.filter((fk) => fk.table === table.name).map((fk) => fk.column);
    this.size = insertBatchSize(table);
  }

  async add(row: Row): Promise<void> {
    const key = rowKey(this.table, row);
    for (const column of this.selfRefs) {
      const target = row[column];
      if (target === null || target === undefined || this.stored.has(target) || this.batchKeys.has(target)) continue;
      this.later.push({ key, column, value: target });
      row[column] = null;
    }
    const signature = Object.keys(row).join(',');
    if (this.batch.length >= this.size || (this.batch.length > 0 && signature !== this.signature)) await this.flush();
    this.signature = signature;
    this.batch.push(row);
    if (this.selfRefs.length) this.batchKeys.add(key);
  }

  private async flush(): Promise<void> {
    await insertRows(this.db, this.table, this.batch);
    for (const k of this.batchKeys) this.stored.add(k);
    this.batch = [];
    this.batchKeys.clear();
  }

  async finish(): Promise<void> {
    await this.flush();
    for (const { key, column, value } of this.later) await updateColumn(this.db, this.table, key, column, value);
  }
}

/** Third pass: everything, in one transaction. */
async function writeFile(db: AnyDb, dialect: Dialect, file: string, tables: Map<string, TableInfo>, header: ExportHeader, progress: (line: string) => void): Promise<void> {
  await writeSite(db, header.site);
  let writer: EntityWriter | undefined;
  for await (const ev of fileEvents(file)) {
    if (ev.type === 'entity') {
      await writer?.finish();
      progress(`storing ${ev.name}`);
      writer = new EntityWriter(db, tables.get(ev.name)!);
    } else if (ev.type === 'row') {
      const entity = ev.entity as ExportedTable;
      await writer!.add(checkRow(entity, tables.get(entity)!, ev.index, ev.value));
    }
  }
  await writer?.finish();
  for (const [name, table] of tables) {
    if (treatmentOf(name) !== 'exported' || !table.serial) continue;
    await setSequence(db, dialect, table, header.sequences[name as ExportedTable] ?? 0);
  }
}

/** Restore an export file into the (empty, migrated) database, telling `progress` what it is doing. Throws a SafekeepingError, having stored nothing, when it cannot. */
export async function importExport(handle: DatabaseHandle, file: string, progress: (line: string) => void = () => {}): Promise<ImportSummary> {
  const { db, dialect } = handle;
  const tables = await describeTables(db, dialect);
  assertClassified(tables);
  await assertEmpty(db, tables);
  progress('checking the file');
  const checked = await checkFile(file, tables);
  progress('checking references');
  await checkReferences(file, tables, checked.keys);
  checked.keys.clear();
  try {
    await db.transaction().execute((trx) => writeFile(trx, dialect, file, tables, checked.header, progress));
  } catch (err) {
    if (err instanceof SafekeepingError) throw err;
    // A constraint the checks do not cover (a repeated slug or email, say): nothing was stored.
    throw new SafekeepingError(`${file} could not be stored, so nothing was (${(err as Error).message.split('\n')[0]})`);
  }
  return { schemaVersion: checked.header.schemaVersion, secrets: checked.header.secrets, counts: checked.counts };
}
