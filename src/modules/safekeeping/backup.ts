import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { DatabaseConfig } from '../../config.js';
import { appliedMigrations, currentSchema } from '../../platform/db/catalog.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { type BackupMethod, DATABASE_FILES, listFiles, type Manifest, writeManifest } from './backup.manifest.js';
import { findProgram, pgDump } from './backup.postgres.js';
import { writeExport } from './export.writer.js';
import { assertNotPublic, writeFileAtomically } from './output-file.js';
import { errnoOf, SafekeepingError } from './safekeeping.errors.js';

/*
 * `broadsheet backup DIR`: a consistent copy of the database taken while the
 * site keeps serving, the media files, and a manifest with every file's
 * checksum, written last. SQLite is copied with its online backup API;
 * PostgreSQL with pg_dump when it is installed, otherwise as a JSON export
 * with secrets (so logins survive a restore).
 */

export interface BackupTarget {
  database: DatabaseConfig;
  dataDir: string;
}

export interface BackupDeps {
  /** Open the configured database, migrated. */
  open(): Promise<DatabaseHandle>;
  /** The moment the backup starts, and the time it finishes. */
  now(): Date;
  /** Where pg_dump is looked up (PATH). */
  env?: NodeJS.ProcessEnv;
}

export interface BackupSummary {
  manifest: Manifest;
  /** Why pg_dump was not used, when it was installed but failed. */
  note?: string;
  mediaFiles: number;
}

/** DIR must be a new or empty directory; it is made if absent. */
function prepareDirectory(dir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOTDIR') throw new SafekeepingError(`${dir} is a file: back up into a new or empty directory`);
    if (code !== 'ENOENT') throw new SafekeepingError(`cannot use ${dir} (${code})`);
    try {
      // Only its owner may read a backup: it holds password hashes.
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (mkErr) {
      throw new SafekeepingError(`cannot create ${dir} (${errnoOf(mkErr)}): choose a folder you may write to`);
    }
    entries = [];
  }
  if (entries.length > 0) throw new SafekeepingError(`${dir} is not empty: back up into a new or empty directory, so no backup is ever mixed with another`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new SafekeepingError(`cannot write to ${dir} (${errnoOf(err)})`);
  }
}

/**
 * SQLite's online backup, through a connection of its own: pages are copied
 * from one read snapshot, and the copy starts over if the site wrote between
 * two steps, so after the first step everything left goes in one step.
 * The copy is then made self-contained (no WAL) and checked.
 */
async function backupSqlite(file: string, dest: string): Promise<string> {
  if (!fs.existsSync(file)) throw new SafekeepingError(`there is no database at ${file}: nothing to back up`);
  const source = new SQLite(file, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(dest, { progress: () => 0x7fffffff });
  } catch (err) {
    throw new SafekeepingError(`SQLite could not back up ${file} (${(err as Error).message})`);
  } finally {
    source.close();
  }
  const copy = new SQLite(dest);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new SafekeepingError(`the copy of ${file} failed SQLite's check (${String(check)})`);
    const row = copy.prepare('select name from kysely_migration order by name desc limit 1').get() as { name: string } | undefined;
    if (!row) throw new SafekeepingError(`${file} was never migrated: run "broadsheet migrate" first`);
    return row.name;
  } finally {
    copy.close();
  }
}

/** Copy DATA_DIR/media into DIR/media: regular files only, never an upload still being written (hidden temporary names). */
function copyMedia(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0;
  let copied = 0;
  for (const rel of listFiles(from, { skipHidden: true })) {
    const target = path.join(to, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      fs.copyFileSync(path.join(from, ...rel.split('/')), target, fs.constants.COPYFILE_EXCL);
      copied++;
    } catch (err) {
      // Deleted since it was listed: it is no longer part of the site.
      if (errnoOf(err) !== 'ENOENT') throw new SafekeepingError(`cannot copy media file ${rel} (${errnoOf(err)})`);
    }
  }
  return copied;
}

interface DatabaseCopy {
  method: BackupMethod;
  schemaVersion: string;
  postgresSchema?: string;
  note?: string;
}

async function backupPostgres(target: BackupTarget, dir: string, deps: BackupDeps): Promise<DatabaseCopy> {
  const handle = await deps.open();
  try {
    const pgDumpProgram = findProgram('pg_dump', deps.env);
    let note: string | undefined;
    if (pgDumpProgram) {
      const schema = await currentSchema(handle.db);
      const schemaVersion = (await appliedMigrations(handle.db, 'postgres')).at(-1) ?? '';
      const file = path.join(dir, DATABASE_FILES.pg_dump);
      const problem = await pgDump(pgDumpProgram, target.database, schema, file);
      if (problem === null) return { method: 'pg_dump', schemaVersion, postgresSchema: schema };
      fs.rmSync(file, { force: true });
      note = `pg_dump failed (${problem}); the database was backed up as a JSON export instead`;
    }
    const summary = await writeFileAtomically(path.join(dir, DATABASE_FILES['json-export']), (sink) => writeExport(handle, sink, { withSecrets: true, now: deps.now() }));
    return { method: 'json-export', schemaVersion: summary.schemaVersion, ...(note ? { note } : {}) };
  } finally {
    await handle.destroy();
  }
}

/** Take a backup of the site into DIR (new or empty). */
export async function backup(target: BackupTarget, dir: string, deps: BackupDeps): Promise<BackupSummary> {
  assertNotPublic(dir, target.dataDir);
  prepareDirectory(dir);
  const createdAt = deps.now().toISOString();
  let copy: DatabaseCopy;
  if (target.database.dialect === 'sqlite') {
    if (target.database.url === ':memory:') throw new SafekeepingError('an in-memory database cannot be backed up');
    copy = { method: 'sqlite-backup', schemaVersion: await backupSqlite(target.database.url, path.join(dir, DATABASE_FILES['sqlite-backup'])) };
  } else {
    copy = await backupPostgres(target, dir, deps);
  }
  const mediaFiles = copyMedia(path.join(target.dataDir, 'media'), path.join(dir, 'media'));
  const manifest = await writeManifest(dir, {
    createdAt,
    finishedAt: deps.now().toISOString(),
    dialect: target.database.dialect,
    schemaVersion: copy.schemaVersion,
    method: copy.method,
    database: DATABASE_FILES[copy.method],
    ...(copy.postgresSchema ? { postgresSchema: copy.postgresSchema } : {}),
  });
  return { manifest, mediaFiles, ...(copy.note ? { note: copy.note } : {}) };
}
