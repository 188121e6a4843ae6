import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { systemClock } from '../platform/clock.js';
import { type DatabaseHandle, DatabaseUnavailableError, openDatabase } from '../platform/db/database.js';
import { refreshStatistics } from '../platform/db/maintenance.js';
import { openAndMigrate, StartupError } from '../server.js';
import { createServices } from '../services.js';
import { backup } from '../modules/safekeeping/backup.js';
import { importExport } from '../modules/safekeeping/export.import.js';
import { writeExport } from '../modules/safekeeping/export.writer.js';
import { assertNotPublic, openOutputFile } from '../modules/safekeeping/output-file.js';
import { restore } from '../modules/safekeeping/restore.js';
import { SafekeepingError } from '../modules/safekeeping/safekeeping.errors.js';
import { writeWxr } from '../modules/safekeeping/wxr.export.js';

/*
 * The safekeeping commands: export (Broadsheet's JSON format, or WXR for
 * WordPress), import broadsheet, backup and restore. Each prints what it did
 * on success; a refusal is one line on stderr and exit code 1, a mistake in
 * the command itself one line and exit code 2.
 */

/** Print one line and exit with the code. */
function fail(line: string, code: number): never {
  process.stderr.write(`broadsheet: ${line}\n`);
  process.exit(code);
}

/** Progress lines, on a terminal only: a log or cron mail gets the summary alone. */
const progress = (line: string) => {
  if (process.stdout.isTTY) process.stdout.write(`  ${line}\n`);
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "47 articles, 2,100 comments, …" from per-entity counts. */
function describeCounts(counts: Partial<Record<string, number>>): string {
  const names: [string, string, string?][] = [
    ['articles', 'article'],
    ['comments', 'comment'],
    ['authors', 'author'],
    ['sections', 'section'],
    ['tags', 'tag'],
    ['media', 'image', 'images'],
    ['accounts', 'staff account'],
    ['readers', 'reader'],
  ];
  return names.map(([key, one, many]) => plural(counts[key] ?? 0, one, many)).join(', ');
}

/** One positional argument and the given options, or exit 2 saying what is wrong. */
function arguments_(args: string[], usage: string, options: Record<string, { type: 'boolean' | 'string' }> = {}) {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    if (positionals.length !== 1) fail(`${positionals.length === 0 ? 'missing' : 'too many'} arguments; usage: ${usage}`, 2);
    return { values: values as Record<string, string | boolean | undefined>, target: positionals[0]! };
  } catch (err) {
    fail(`${(err as Error).message}; usage: ${usage}`, 2);
  }
}

async function exportCommand(args: string[], configuration: () => Config): Promise<void> {
  const usage = 'broadsheet export FILE [--with-secrets] [--format json|wxr]';
  const { values, target } = arguments_(args, usage, { 'with-secrets': { type: 'boolean' }, format: { type: 'string' } });
  const format = (values.format as string | undefined) ?? 'json';
  if (format !== 'json' && format !== 'wxr') fail(`--format takes json or wxr, not "${format}"`, 2);
  if (format === 'wxr' && values['with-secrets']) fail('--with-secrets only goes with the JSON format; a WXR file never holds secrets', 2);
  const config = configuration();
  assertNotPublic(target, config.dataDir);
  const out = await openOutputFile(target);
  let database: DatabaseHandle | undefined;
  try {
    database = await openAndMigrate(config);
    const now = systemClock.now();
    if (format === 'wxr') {
      const site = await createServices(database.db, systemClock).settings.get();
      const summary = await writeWxr(database, out, { siteUrl: config.siteUrl, site, now });
      await out.commit();
      process.stdout.write(`Exported ${target} (WXR 1.2, for WordPress): ${plural(summary.posts, 'post')}, ${plural(summary.attachments, 'attachment')}, ${plural(summary.comments, 'comment')}.\n`);
      return;
    }
    const withSecrets = values['with-secrets'] === true;
    const summary = await writeExport(database, out, { withSecrets, now, onEntity: (entity, rows) => progress(`${entity}: ${rows.toLocaleString('en-US')}`) });
    await out.commit();
    process.stdout.write(`Exported ${target}: ${describeCounts(summary.counts)} (schema ${summary.schemaVersion}).\n`);
    process.stdout.write(
      withSecrets
        ? 'It holds password hashes, API tokens and the installation secret: keep it as safe as the database.\n'
        : 'Password hashes, API tokens and the installation secret are left out (add --with-secrets to keep them).\n',
    );
  } catch (err) {
    await out.abort();
    throw err;
  } finally {
    await database?.destroy();
  }
}

async function importCommand(args: string[], configuration: () => Config): Promise<void> {
  const { target } = arguments_(args, 'broadsheet import broadsheet FILE');
  const database = await openAndMigrate(configuration());
  try {
    const summary = await importExport(database, path.resolve(target), progress);
    await refreshStatistics(database);
    process.stdout.write(`Imported ${target}: ${describeCounts(summary.counts)} (exported at schema ${summary.schemaVersion}).\n`);
    if (!summary.secrets) process.stdout.write('The file held no password hashes: staff set a new password with "Forgot your password?", readers sign in by emailed link.\n');
    // Derived tables are rebuilt by the modules that own them: the search index from the stories, the comment counts from the comments.
    const services = createServices(database.db, systemClock);
    const indexed = await services.search.rebuild();
    process.stdout.write(`Search index rebuilt: ${plural(indexed, 'article')}.\n`);
    await services.comments.repairCounts();
    process.stdout.write('Comment counts rebuilt.\n');
  } finally {
    await database.destroy();
  }
}

/** Open the configured database as it is (no migrations), with an unreachable one reported in one line. */
async function openRaw(config: Config): Promise<DatabaseHandle> {
  try {
    return await openDatabase(config.database);
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) throw new StartupError(`DATABASE_URL: ${err.message}`);
    throw err;
  }
}

async function backupCommand(args: string[], configuration: () => Config): Promise<void> {
  const { target } = arguments_(args, 'broadsheet backup DIR');
  const config = configuration();
  const dir = path.resolve(target);
  const summary = await backup({ database: config.database, dataDir: config.dataDir }, dir, { open: () => openAndMigrate(config), now: () => systemClock.now() });
  if (summary.note) process.stdout.write(`Note: ${summary.note}.\n`);
  const { manifest } = summary;
  process.stdout.write(
    `Backed up to ${target}: the database (${manifest.method}, schema ${manifest.schemaVersion}) and ${plural(summary.mediaFiles, 'media file')}, as of ${manifest.createdAt}; ${path.join(target, 'manifest.json')} lists ${plural(manifest.files.length, 'file')} with their checksums.\n`,
  );
}

async function restoreCommand(args: string[], configuration: () => Config): Promise<void> {
  const { target } = arguments_(args, 'broadsheet restore DIR');
  const config = configuration();
  const summary = await restore({ database: config.database, dataDir: config.dataDir }, path.resolve(target), { openRaw: () => openRaw(config), openMigrated: () => openAndMigrate(config) });
  const { manifest } = summary;
  // An export-method backup carries no derived tables: recount the comments (a database file or dump only confirms its counts).
  const database = await openAndMigrate(config);
  try {
    await createServices(database.db, systemClock).comments.repairCounts();
  } finally {
    await database.destroy();
  }
  process.stdout.write(`Restored the backup taken at ${manifest.createdAt} (${manifest.method}) and ${plural(summary.mediaFiles, 'media file')}.\n`);
}

const COMMANDS = { export: exportCommand, 'import broadsheet': importCommand, backup: backupCommand, restore: restoreCommand };

/** Run a safekeeping command; a refusal exits 1 with its one line. */
export async function runSafekeepingCommand(command: keyof typeof COMMANDS, args: string[], configuration: () => Config): Promise<void> {
  try {
    await COMMANDS[command](args, configuration);
  } catch (err) {
    if (err instanceof SafekeepingError) fail(err.message, 1);
    throw err;
  }
}
