import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Dialect } from '../../config.js';
import { errnoOf, SafekeepingError } from './safekeeping.errors.js';

/*
 * A backup directory's manifest.json: what the backup is (format version,
 * when it was taken, of which database and schema, by which method) and every
 * file in it with its size and SHA-256. It is written last, so a backup cut
 * short has none; a restore checks every file against it before touching
 * anything.
 */

export const MANIFEST = 'manifest.json';
export const BACKUP_FORMAT = 'broadsheet-backup';
export const BACKUP_VERSION = 1;

/** How the database was copied. */
export type BackupMethod = 'sqlite-backup' | 'pg_dump' | 'json-export';
export const DATABASE_FILES: Record<BackupMethod, string> = { 'sqlite-backup': 'database.sqlite', pg_dump: 'database.pgdump', 'json-export': 'database.json' };

export interface ManifestFile {
  /** Relative to the backup directory, with "/" between folders. */
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** When the backup started: it holds everything the site had stored by then. */
  createdAt: string;
  finishedAt: string;
  dialect: Dialect;
  /** The last migration the database had applied. */
  schemaVersion: string;
  method: BackupMethod;
  /** The database file, one of `files`. */
  database: string;
  /** pg_dump backups: the PostgreSQL schema the tables were in. */
  postgresSchema?: string;
  files: ManifestFile[];
}

/** Every regular file under `root`, as sorted relative paths; refuses links and other special files. */
export function listFiles(root: string, options: { skipHidden?: boolean } = {}): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (options.skipHidden && entry.name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (entry.isFile()) out.push(rel);
      else throw new SafekeepingError(`${path.join(root, rel)} is not a regular file or folder`);
    }
  };
  walk(root, '');
  return out;
}

/** A file's size and SHA-256, read as a stream. */
export async function fingerprint(file: string): Promise<{ size: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Fingerprint every file of the backup and write manifest.json, under a temporary name first. */
export async function writeManifest(dir: string, fields: Omit<Manifest, 'format' | 'version' | 'files'>): Promise<Manifest> {
  const files: ManifestFile[] = [];
  for (const rel of listFiles(dir)) files.push({ path: rel, ...(await fingerprint(path.join(dir, ...rel.split('/')))) });
  const manifest: Manifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, ...fields, files };
  const tmp = path.join(dir, `.${MANIFEST}.partial`);
  try {
    const handle = await fs.promises.open(tmp, 'wx', 0o600);
    await handle.writeFile(JSON.stringify(manifest, null, 2) + '\n');
    await handle.sync();
    await handle.close();
    await fs.promises.rename(tmp, path.join(dir, MANIFEST));
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw new SafekeepingError(`cannot write ${path.join(dir, MANIFEST)} (${errnoOf(err)})`);
  }
  return manifest;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The manifest, read and checked for shape; refuses a directory without one. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') throw new SafekeepingError(`${dir} has no ${MANIFEST}: it is not a complete Broadsheet backup (a backup cut short has none)`);
    throw new SafekeepingError(`cannot read ${file} (${errnoOf(err)})`);
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new SafekeepingError(`${file} is not valid JSON: the backup is damaged`);
  }
  if (!isObject(m) || m.format !== BACKUP_FORMAT) throw new SafekeepingError(`${file} is not a Broadsheet backup manifest`);
  if (m.version !== BACKUP_VERSION) throw new SafekeepingError(`${file} is backup format version ${JSON.stringify(m.version)}; this Broadsheet reads version ${BACKUP_VERSION}`);
  const method = m.method as BackupMethod;
  const filesOk =
    Array.isArray(m.files) && m.files.every((f) => isObject(f) && typeof f.path === 'string' && Number.isSafeInteger(f.size) && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256));
  if (!(method in DATABASE_FILES) || (m.dialect !== 'sqlite' && m.dialect !== 'postgres') || typeof m.schemaVersion !== 'string' || typeof m.createdAt !== 'string' || !filesOk) {
    throw new SafekeepingError(`${file} is incomplete or damaged: it does not say what the backup holds`);
  }
  const manifest = m as unknown as Manifest;
  if (manifest.database !== DATABASE_FILES[method] || !manifest.files.some((f) => f.path === manifest.database)) {
    throw new SafekeepingError(`${file} does not list the database file ${DATABASE_FILES[method]}`);
  }
  return manifest;
}

/**
 * Check every file against the manifest: none missing, none added, none
 * changed. Refuses, naming the first file that differs.
 */
export async function verifyFiles(dir: string, manifest: Manifest): Promise<void> {
  const present = new Set(listFiles(dir).filter((f) => f !== MANIFEST));
  for (const f of manifest.files) {
    if (!present.has(f.path)) throw new SafekeepingError(`${path.join(dir, f.path)} is missing: the backup is incomplete`);
    present.delete(f.path);
    const actual = await fingerprint(path.join(dir, ...f.path.split('/')));
    if (actual.size !== f.size || actual.sha256 !== f.sha256)
      throw new SafekeepingError(`${path.join(dir, f.path)} has changed since the backup was taken (its checksum does not match): the backup is damaged`);
  }
  const extra = [...present][0];
  if (extra !== undefined) throw new SafekeepingError(`${path.join(dir, extra)} is not part of the backup (the manifest does not list it): remove it or use the backup as it was made`);
}
