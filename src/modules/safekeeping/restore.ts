import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { DatabaseConfig } from '../../config.js';
import { currentSchema, listTables } from '../../platform/db/catalog.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { migrations } from '../../platform/db/migrations/index.js';
import { listFiles, type Manifest, readManifest, verifyFiles } from './backup.manifest.js';
import { findProgram, pgRestore } from './backup.postgres.js';
import { importExport } from './export.import.js';
import { errnoOf, SafekeepingError } from './safekeeping.errors.js';

/*
 * `broadsheet restore DIR`: a backup brought back into an empty database.
 * Nothing is touched until the whole backup has been checked against its
 * manifest (every file present, none added, every checksum right), the
 * target database is known to be empty and the media folder to hold nothing.
 * Then the database, then the media files.
 */

export interface RestoreTarget {
  database: DatabaseConfig;
  dataDir: string;
}

export interface RestoreDeps {
  /** Open the configured database without migrating it (to see whether it is empty). */
  openRaw(): Promise<DatabaseHandle>;
  /** Open the configured database and migrate it to the latest schema. */
  openMigrated(): Promise<DatabaseHandle>;
  env?: NodeJS.ProcessEnv;
}

export interface RestoreSummary {
  manifest: Manifest;
  mediaFiles: number;
}

/** Refuse a backup this code cannot read, or whose database cannot go where the configuration points. */
function checkCompatible(manifest: Manifest, target: RestoreTarget): void {
  const known = Object.keys(migrations).sort();
  if (!known.includes(manifest.schemaVersion)) {
    const latest = known.at(-1) ?? '';
    throw new SafekeepingError(
      manifest.schemaVersion > latest
        ? `the backup was made by a newer Broadsheet (schema ${manifest.schemaVersion}): upgrade Broadsheet first`
        : `the backup's schema version ${manifest.schemaVersion} is unknown to this Broadsheet`,
    );
  }
  const dialect = target.database.dialect;
  if (manifest.method === 'sqlite-backup' && dialect !== 'sqlite') {
    throw new SafekeepingError('this backup is a SQLite database and DATABASE_URL points at PostgreSQL: restore it into SQLite, then move with "broadsheet export" and "broadsheet import broadsheet"');
  }
  if (manifest.method === 'pg_dump' && dialect !== 'postgres') {
    throw new SafekeepingError('this backup is a PostgreSQL dump and DATABASE_URL points at SQLite: restore it into PostgreSQL, then move with "broadsheet export" and "broadsheet import broadsheet"');
  }
  if (dialect === 'sqlite' && target.database.url === ':memory:') throw new SafekeepingError('a backup cannot be restored into an in-memory database');
}

/** DATA_DIR/media must hold no files, so no image of another site is mixed in or overwritten. */
function checkMediaEmpty(dataDir: string): void {
  const media = path.join(dataDir, 'media');
  if (!fs.existsSync(media)) return;
  const first = listFiles(media, { skipHidden: true })[0];
  if (first !== undefined) throw new SafekeepingError(`${media} already holds files (${first}): restore into a DATA_DIR whose media folder is empty`);
}

/** The SQLite file must not exist, or must have no tables. Returns whether it exists. */
function checkSqliteEmpty(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  let tables: number;
  try {
    const db = new SQLite(file, { fileMustExist: true });
    try {
      tables = (db.prepare(`select count(*) as n from sqlite_master where type = 'table'`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch (err) {
    throw new SafekeepingError(`${file} is in the way and is not a SQLite database (${(err as Error).message}): move it away`);
  }
  if (tables > 0) throw new SafekeepingError(`the database ${file} already has tables: restore into a new database (move that file away, or set DATABASE_URL to a new file)`);
  return true;
}

/** Put the backup's SQLite file in place of the (absent or empty) database file. */
function restoreSqliteFile(source: string, file: string, exists: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const staged = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.restoring`);
  try {
    fs.copyFileSync(source, staged, fs.constants.COPYFILE_EXCL);
    const copy = new SQLite(staged, { fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new SafekeepingError(`the backup's database failed SQLite's check (${String(check)})`);
    } finally {
      copy.close();
    }
    // An empty file's leftovers (write-ahead log, shared memory) must not be applied to the restored one.
    if (exists) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
    fs.renameSync(staged, file);
  } catch (err) {
    fs.rmSync(staged, { force: true });
    if (err instanceof SafekeepingError) throw err;
    throw new SafekeepingError(`cannot restore the database to ${file} (${errnoOf(err)})`);
  }
}

async function restorePostgres(manifest: Manifest, dir: string, deps: RestoreDeps, target: RestoreTarget): Promise<void> {
  const program = findProgram('pg_restore', deps.env);
  if (!program) throw new SafekeepingError('this backup is a pg_dump file and pg_restore is not installed: install the PostgreSQL client tools (Debian: postgresql-client)');
  const handle = await deps.openRaw();
  try {
    const schema = await currentSchema(handle.db);
    if (manifest.postgresSchema && manifest.postgresSchema !== schema) {
      throw new SafekeepingError(`this backup is of PostgreSQL schema "${manifest.postgresSchema}" and DATABASE_URL uses "${schema}": restore with ?schema=${manifest.postgresSchema} in DATABASE_URL`);
    }
    const tables = await listTables(handle.db, 'postgres');
    if (tables.length > 0) throw new SafekeepingError(`PostgreSQL schema "${schema}" already has tables: restore into a new database or an empty schema`);
    await sql`create schema if not exists ${sql.id(schema)}`.execute(handle.db);
  } finally {
    await handle.destroy();
  }
  await pgRestore(program, target.database, path.join(dir, manifest.database));
}

/** Copy DIR/media into DATA_DIR/media. */
function restoreMedia(dir: string, dataDir: string): number {
  const from = path.join(dir, 'media');
  if (!fs.existsSync(from)) return 0;
  const files = listFiles(from);
  for (const rel of files) {
    const target = path.join(dataDir, 'media', ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      fs.copyFileSync(path.join(from, ...rel.split('/')), target, fs.constants.COPYFILE_EXCL);
    } catch (err) {
      throw new SafekeepingError(`cannot restore media file ${rel} (${errnoOf(err)})`);
    }
  }
  return files.length;
}

/** Restore the backup in DIR into the configured, empty database and DATA_DIR. */
export async function restore(target: RestoreTarget, dir: string, deps: RestoreDeps): Promise<RestoreSummary> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    throw new SafekeepingError(errnoOf(err) === 'ENOENT' ? `${dir} does not exist: give the directory a backup was written to` : `cannot read ${dir} (${errnoOf(err)})`);
  }
  if (!stat.isDirectory()) throw new SafekeepingError(`${dir} is not a directory: give the directory a backup was written to`);
  const manifest = readManifest(dir);
  await verifyFiles(dir, manifest);
  checkCompatible(manifest, target);
  checkMediaEmpty(target.dataDir);

  if (manifest.method === 'sqlite-backup') {
    const exists = checkSqliteEmpty(target.database.url);
    restoreSqliteFile(path.join(dir, manifest.database), target.database.url, exists);
    // Bring an older backup's schema up to date.
    await (await deps.openMigrated()).destroy();
  } else if (manifest.method === 'pg_dump') {
    await restorePostgres(manifest, dir, deps, target);
    await (await deps.openMigrated()).destroy();
  } else {
    const handle = await deps.openMigrated();
    try {
      await importExport(handle, path.join(dir, manifest.database));
    } finally {
      await handle.destroy();
    }
  }
  return { manifest, mediaFiles: restoreMedia(dir, target.dataDir) };
}
