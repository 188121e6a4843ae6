import type { ColumnInfo, TableInfo } from '../../platform/db/catalog.js';
import { migrations } from '../../platform/db/migrations/index.js';
import type { Row } from '../../platform/db/table-copy.js';
import { ENTITIES, ENTITY_ORDER, EXPORT_FORMAT, EXPORT_VERSION, type ExportedTable, type ExportHeader, HEADER_FIELDS } from './export.format.js';
import { readExportEvents, ScanError, type ScanEvent } from './export.scanner.js';
import { SafekeepingError } from './safekeeping.errors.js';

/*
 * Checking an export file before anything is written: the header (format,
 * version, a schema this code knows), every row of every entity (known
 * fields, the right types, no null where the database allows none, no
 * duplicate keys), and every reference by id (to a row the file holds).
 * Two passes over the file, holding only each entity's keys.
 */

/** The events of FILE, with a file that is not JSON of the right shape refused in one line. */
export async function* fileEvents(file: string): AsyncGenerator<ScanEvent> {
  try {
    yield* readExportEvents(file);
  } catch (err) {
    if (err instanceof ScanError) throw new SafekeepingError(`${file} is not a Broadsheet export (${err.message})`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SafekeepingError(`${file} does not exist`);
    if (code === 'EISDIR') throw new SafekeepingError(`${file} is a directory, not an export file`);
    if (code) throw new SafekeepingError(`cannot read ${file} (${code})`);
    throw err;
  }
}

/** What the first pass learnt: the header, and each entity's keys and row count. */
export interface CheckedFile {
  header: ExportHeader;
  counts: Partial<Record<ExportedTable, number>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MIGRATION_NAMES = Object.keys(migrations).sort();

/** Why a header field's value is refused, or null when it is fine. */
function headerProblem(key: string, value: unknown): string | null {
  switch (key) {
    case 'format':
      return value === EXPORT_FORMAT ? null : 'it is not a Broadsheet export ("format" is not "broadsheet-export")';
    case 'version':
      return value === EXPORT_VERSION ? null : `it is export format version ${JSON.stringify(value)}; this Broadsheet reads version ${EXPORT_VERSION}`;
    case 'exportedAt':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? null : '"exportedAt" is not a date and time';
    case 'schemaVersion': {
      if (typeof value !== 'string') return '"schemaVersion" is not a migration name';
      if (MIGRATION_NAMES.includes(value)) return null;
      const latest = MIGRATION_NAMES.at(-1) ?? '';
      return value > latest
        ? `it was made by a newer Broadsheet (schema ${value}, this one knows up to ${latest}): upgrade Broadsheet first`
        : `its schema version ${value} is unknown to this Broadsheet`;
    }
    case 'secrets':
      return typeof value === 'boolean' ? null : '"secrets" is not true or false';
    case 'site':
      return isObject(value) ? null : '"site" is not an object of settings';
    case 'sequences':
      if (!isObject(value)) return '"sequences" is not an object';
      for (const [table, n] of Object.entries(value)) {
        if (!(table in ENTITIES)) return `"sequences" names "${table}", which is not an entity`;
        if (!Number.isSafeInteger(n) || (n as number) < 0) return `"sequences.${table}" is not a whole number`;
      }
      return null;
    default:
      return `it has an unknown field "${key}"`;
  }
}

/** Why a value does not fit a column, or null. */
function valueProblem(value: unknown, column: ColumnInfo): string | null {
  if (value === null) return column.nullable ? null : 'must not be null';
  if (column.kind === 'integer') return Number.isSafeInteger(value) ? null : 'must be a whole number';
  if (column.kind === 'real') return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
  return typeof value === 'string' ? null : 'must be text';
}

/** The key a row is known by: its id, or its composite key as JSON. */
export function rowKey(table: TableInfo, row: Record<string, unknown>): number | string {
  if (table.primaryKey.length === 1) return row[table.primaryKey[0]!] as number | string;
  return JSON.stringify(table.primaryKey.map((k) => row[k]));
}

/** Where a row is, for messages: "comments row 3 (id 12)". */
export function rowName(entity: string, index: number, row: Record<string, unknown> | undefined): string {
  const id = row && typeof row.id === 'number' ? ` (id ${row.id})` : '';
  return `${entity} row ${index + 1}${id}`;
}

/**
 * A row of the file as the database will take it: every column the row has,
 * and the stored stand-in for a secret it left out. Throws when a field is
 * unknown, missing, or of the wrong type.
 */
export function checkRow(entity: ExportedTable, table: TableInfo, index: number, value: unknown): Row {
  if (!isObject(value)) throw new Error(`${rowName(entity, index, undefined)} is not an object`);
  const format = ENTITIES[entity];
  const where = rowName(entity, index, value);
  const unknown = Object.keys(value).find((k) => !format.fields.includes(k));
  if (unknown !== undefined) throw new Error(`${where} has an unknown field "${unknown}"`);
  const row: Row = {};
  for (const column of table.columns) {
    let v = value[column.name];
    if (v === undefined && format.secretFields && column.name in format.secretFields) v = format.secretFields[column.name];
    if (v === undefined) {
      // A field an older export did not have takes the column's default.
      if (column.hasDefault || column.nullable) continue;
      throw new Error(`${where} has no "${column.name}"`);
    }
    const problem = valueProblem(v, column);
    if (problem) throw new Error(`${where}: "${column.name}" ${problem}`);
    row[column.name] = v as number | string | null;
  }
  for (const k of table.primaryKey) if (row[k] === undefined || row[k] === null) throw new Error(`${where} has no "${k}"`);
  return row;
}

/**
 * First pass: header and rows. Returns the header and, per entity, the keys
 * of its rows (for the references pass).
 */
export async function checkFile(file: string, tables: Map<string, TableInfo>): Promise<CheckedFile & { keys: Map<ExportedTable, Set<number | string>> }> {
  const header: Partial<Record<string, unknown>> = {};
  const keys = new Map<ExportedTable, Set<number | string>>();
  const counts: CheckedFile['counts'] = {};
  let sawEntity = false;
  let position = -1;
  const refuse = (problem: string): never => {
    throw new SafekeepingError(`${file}: ${problem}`);
  };
  for await (const ev of fileEvents(file)) {
    if (ev.type === 'header') {
      if (Object.keys(header).length === 0 && ev.key !== 'format') refuse('it is not a Broadsheet export (it does not begin with "format")');
      if (ev.key in header) refuse(`"${ev.key}" appears twice`);
      const problem = headerProblem(ev.key, ev.value);
      if (problem) refuse(problem);
      if (sawEntity) refuse(`"${ev.key}" comes after "entities"; the header must come first`);
      header[ev.key] = ev.value;
    } else if (ev.type === 'entity') {
      if (!sawEntity) {
        const missing = HEADER_FIELDS.find((f) => !(f in header));
        if (missing) refuse(missing === 'format' ? 'it is not a Broadsheet export (it has no "format")' : `its header has no "${missing}"`);
      }
      sawEntity = true;
      const at = ENTITY_ORDER.indexOf(ev.name as ExportedTable);
      if (at < 0) refuse(`"${ev.name}" is not an entity of the export format`);
      if (at <= position) refuse(`"${ev.name}" is out of order or repeated; entities come in the order ${ENTITY_ORDER.join(', ')}`);
      position = at;
      keys.set(ev.name as ExportedTable, new Set());
      counts[ev.name as ExportedTable] = 0;
    } else {
      const entity = ev.entity as ExportedTable;
      const table = tables.get(entity)!;
      let row: Row;
      try {
        row = checkRow(entity, table, ev.index, ev.value);
      } catch (err) {
        refuse((err as Error).message);
      }
      const key = rowKey(table, row!);
      const seen = keys.get(entity)!;
      if (seen.has(key)) refuse(`${rowName(entity, ev.index, row!)} repeats the key of an earlier row`);
      seen.add(key);
      counts[entity] = (counts[entity] ?? 0) + 1;
    }
  }
  if (!('format' in header)) refuse('it is not a Broadsheet export (it has no "format")');
  if (!sawEntity) refuse('it has no "entities"');
  return { header: header as unknown as ExportHeader, counts, keys };
}

/** Second pass: every reference by id points at a row of the file. */
export async function checkReferences(file: string, tables: Map<string, TableInfo>, keys: Map<ExportedTable, Set<number | string>>): Promise<void> {
  for await (const ev of fileEvents(file)) {
    if (ev.type !== 'row') continue;
    const entity = ev.entity as ExportedTable;
    const table = tables.get(entity)!;
    const row = ev.value as Record<string, unknown>;
    for (const fk of table.foreignKeys) {
      const value = row[fk.column];
      if (value === null || value === undefined) continue;
      const target = tables.get(fk.table);
      const known = keys.get(fk.table as ExportedTable);
      if (!target || target.primaryKey.length !== 1 || target.primaryKey[0] !== fk.refColumn) continue;
      if (!known?.has(value as number)) {
        throw new SafekeepingError(`${file}: ${rowName(entity, ev.index, row)}: "${fk.column}" is ${JSON.stringify(value)}, which is no ${fk.table} row of the file`);
      }
    }
  }
}
