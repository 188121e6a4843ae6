import cluster from 'node:cluster';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { isAppError } from '../platform/errors.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { openAndMigrate, StartupError, startServer } from '../server.js';
import { defaultWorkers, HOUSEKEEPING_ENV, parseWorkers, runPrimary } from '../cluster.js';
import type { Channel } from '../platform/cluster-ipc.js';
import { systemClock } from '../platform/clock.js';
import { refreshStatistics } from '../platform/db/maintenance.js';
import { createServices } from '../services.js';
import { isDatabaseEmpty, seedDemo } from './demo/seed.js';
import { runSearchReindex } from './search-command.js';
import { describeRepair } from './repair-counts-command.js';
import { runSafekeepingCommand } from './safekeeping-commands.js';
import { runSettingsCommand, UsageError } from './settings-command.js';
import { parseImportArgs, runImport } from './import-command.js';
import { parseGenerateArgs, runGenerate } from './generate-command.js';

const USAGE = `Usage: broadsheet <command> [options]

Commands:
  serve [--demo] [--workers N]
                   Start the web server. With --demo, fill an empty database with demo
                   content first. --workers N (or WORKERS) serves from N processes
                   sharing the port (default: one per core in production, else 1);
                   SIGHUP restarts them one at a time (docs/scaling.md).
  migrate          Apply pending database migrations and exit.
  seed-demo        Fill an empty database with the demo site and exit.
  create-user --email EMAIL --role ROLE [--name NAME] [--password-stdin]
                   Create a staff account (roles: admin, editor, author, contributor,
                   moderator). Without --password-stdin a strong password is made
                   and printed once.
  setup-code       Print the one-time code the setup page (/admin/setup) asks for while
                   the site has no admin; the server also logs it when it starts.
  settings         Print every site setting (name, time zone, comment policy, …).
  settings set KEY=VALUE …
                   Change site settings, e.g. settings set guestComments=true
                   moderationMode=all bannedWords=word1,word2. All or nothing.
  search-reindex   Rebuild the search index from every article and exit.
  repair-counts    Recount every article's visible comments, fix the stored counts
                   that differ and print them.
  generate [--articles N] [--comments N] [--threads N,N…] [--seed S] [--json]
                   Add a large made-up site for trials and benchmarks: N published
                   stories (default 1000), N comments spread over them (default
                   ten per story) and one story per --threads size holding exactly
                   that many comments. The same --seed writes the same stories.
  import wordpress FILE [--dry-run] [--pages] [--pingbacks] [--timezone ZONE] [--uploads DIR]
                   Import a WordPress export (Tools → Export): authors, categories,
                   tags, posts, images and comments, with redirects from the old
                   addresses. Safe to run again. See docs/import-wordpress.md.
  export FILE [--with-secrets] [--format json|wxr]
                   Write the whole site to FILE as Broadsheet's JSON export
                   (docs/export-format.md), or as WXR for WordPress's importer.
  import broadsheet FILE
                   Restore a Broadsheet export into an empty database.
  backup DIR       Back up the database and media while the site serves, with
                   a manifest of checksums (docs/backup.md).
  restore DIR      Restore a backup into an empty database and DATA_DIR.
  help             Show this text.

Configuration comes from environment variables (and ./.env): PORT, HOST, SITE_URL,
DATABASE_URL, DATA_DIR, LOG_LEVEL, TRUST_PROXY, WORKERS. See README.md.`;

/** Print one line per problem and exit with the given code. */
function fail(lines: string[], code: number): never {
  for (const l of lines) process.stderr.write(`broadsheet: ${l}\n`);
  process.exit(code);
}

function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') fail([`.env: ${(err as Error).message}`], 2);
  }
}

/** The configuration from the environment and ./.env; every problem on its own line, exit 2. */
function configuration(): Config {
  loadDotEnv();
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.problems, 2);
    throw err;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  if (command === 'settings') return settingsCommand(rest);
  if (command === 'search-reindex') return searchReindexCommand(rest);
  if (command === 'repair-counts') return repairCountsCommand(rest);
  if (command === 'generate') return generateCommand(rest);
  if (command === 'import' && rest[0] === 'broadsheet') return runSafekeepingCommand('import broadsheet', rest.slice(1), configuration);
  if (command === 'export' || command === 'backup' || command === 'restore') return runSafekeepingCommand(command, rest, configuration);
  if (command === 'import') return importCommand(rest);
  let values: { demo?: boolean; workers?: string; email?: string; role?: string; name?: string; 'password-stdin'?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { demo: { type: 'boolean' }, workers: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    fail([`${(err as Error).message}`, `run "broadsheet help" for usage`], 2);
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!['serve', 'migrate', 'seed-demo', 'create-user', 'setup-code'].includes(command)) fail([`unknown command "${command}"; run "broadsheet help" for the list`], 2);
  if (values.demo && command !== 'serve') fail(['--demo only goes with "serve"'], 2);
  if (values.workers !== undefined && command !== 'serve') fail(['--workers only goes with "serve"'], 2);
  const userOptions = values.email !== undefined || values.role !== undefined || values.name !== undefined || values['password-stdin'];
  if (userOptions && command !== 'create-user') fail(['--email, --role, --name and --password-stdin only go with "create-user"'], 2);
  if (command === 'create-user' && (!values.email || !values.role)) fail(['create-user needs --email and --role, e.g. broadsheet create-user --email ana@example.org --role admin'], 2);
  const password = command === 'create-user' && values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : undefined;

  const config = configuration();
  if (command === 'serve' && cluster.isWorker) return serveAsWorker(config);
  const workers = command === 'serve' ? workerCount(values.workers, config) : 1;
  const database = await openAndMigrate(config);
  const services = createServices(database.db, systemClock);

  if (command === 'create-user') {
    const generated = password === undefined ? crypto.randomBytes(15).toString('base64url') : undefined;
    try {
      const account = await services.accounts.create({
        email: values.email!,
        role: values.role as never,
        name: values.name ?? values.email!.split('@')[0]!,
        password: password ?? generated!,
      });
      process.stdout.write(`Created ${account.role} ${account.email}.\n`);
      if (generated) process.stdout.write(`Password: ${generated}\n(shown once; keep it somewhere safe)\n`);
    } catch (err) {
      await database.destroy();
      if (isAppError(err)) fail([err.message], 1);
      throw err;
    }
    await database.destroy();
    return;
  }

  if (command === 'setup-code') {
    const code = await services.accounts.setupCode();
    await database.destroy();
    if (!code) fail(['the site has an admin already, so setup is closed: sign in at /admin/sign-in (or add accounts with create-user)'], 1);
    process.stdout.write(`Setup code: ${code}\nOpen ${config.siteUrl}/admin/setup and enter it to create the first admin.\n`);
    return;
  }

  if (command === 'migrate') {
    process.stdout.write('Database is up to date.\n');
    await database.destroy();
    return;
  }

  if (command === 'seed-demo' || values.demo) {
    const empty = await isDatabaseEmpty(services);
    if (!empty && command === 'seed-demo') {
      await database.destroy();
      fail(['the database already has articles; seed-demo only fills an empty database'], 1);
    }
    if (empty) {
      const progress = (msg: string) => process.stdout.write(`  ${msg}\n`);
      process.stdout.write('Adding demo content…\n');
      const summary = await seedDemo(services, { dataDir: config.dataDir, now: new Date(), onProgress: progress });
      await refreshStatistics(database);
      process.stdout.write(`Demo content added: ${summary.articles} articles, ${summary.comments} comments.\n`);
    }
    if (command === 'seed-demo') {
      await database.destroy();
      return;
    }
  }

  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const serving = `Broadsheet is serving ${config.siteUrl} (listening on http://${shown}:${config.port})`;
  if (workers > 1) {
    // The workers open the database themselves; this process only looks after them.
    await database.destroy();
    const metrics = config.metricsToken || config.metricsAddress ? { metrics: { address: config.metricsAddress ?? null } } : {};
    await runPrimary({ workers, onServing: () => process.stdout.write(`${serving} with ${workers} workers\n`), ...metrics }).catch((err: Error) => {
      throw new StartupError(err.message);
    });
    return;
  }
  await startServer(config, database);
  process.stdout.write(`${serving}\n`);
}

/** --workers, else WORKERS, else the default for NODE_ENV; a bad value is one line and exit 2. */
function workerCount(option: string | undefined, config: Config): number {
  const raw = option ?? process.env.WORKERS;
  if (raw === undefined || (option === undefined && raw.trim() === '')) return config.database.url === ':memory:' ? 1 : defaultWorkers(config.env);
  const from = option !== undefined ? '--workers' : 'WORKERS';
  const n = parseWorkers(raw, from);
  if (typeof n !== 'number') fail([n.problem], 2);
  if (n > 1 && config.database.url === ':memory:') fail([`${from}: an in-memory SQLite database cannot be shared by several workers; use a file or PostgreSQL`], 2);
  return n;
}

/** A worker of `serve --workers N`: the primary has migrated and seeded; serve until it says stop. */
async function serveAsWorker(config: Config): Promise<void> {
  const database = await openAndMigrate(config, { migrate: false });
  await startServer(config, database, { channel: process as unknown as Channel, housekeeping: process.env[HOUSEKEEPING_ENV] === '1' });
}

/** `broadsheet settings [set key=value …]`: positional arguments, so parsed apart from the rest. */
async function settingsCommand(args: string[]): Promise<void> {
  const database = await openAndMigrate(configuration());
  try {
    const lines = await runSettingsCommand(args, createServices(database.db, systemClock).settings);
    process.stdout.write(lines.join('\n') + '\n');
  } catch (err) {
    await database.destroy();
    if (err instanceof UsageError) fail([err.message], 2);
    if (isAppError(err)) fail([err.message], 1);
    throw err;
  }
  await database.destroy();
}

/** `broadsheet search-reindex`: index every article again. */
async function searchReindexCommand(args: string[]): Promise<void> {
  if (args.length > 0) fail([`search-reindex takes no arguments (got "${args[0]}"); run "broadsheet help" for usage`], 2);
  const database = await openAndMigrate(configuration());
  try {
    const count = await runSearchReindex(createServices(database.db, systemClock).search, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`Search index rebuilt: ${count} ${count === 1 ? 'article' : 'articles'}.\n`);
  } finally {
    await database.destroy();
  }
}

/** `broadsheet repair-counts`: recount every article's visible comments and fix the stored counts. */
async function repairCountsCommand(args: string[]): Promise<void> {
  if (args.length > 0) fail([`repair-counts takes no arguments (got "${args[0]}"); run "broadsheet help" for usage`], 2);
  const database = await openAndMigrate(configuration());
  try {
    const changes = await createServices(database.db, systemClock).comments.repairCounts();
    process.stdout.write(describeRepair(changes).join('\n') + '\n');
  } finally {
    await database.destroy();
  }
}

/** `broadsheet generate …`: a large made-up site, written in bulk. */
async function generateCommand(args: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseGenerateArgs>;
  try {
    parsed = parseGenerateArgs(args);
  } catch (err) {
    if (err instanceof UsageError) fail([err.message], 2);
    throw err;
  }
  const config = configuration();
  const database = await openAndMigrate(config);
  try {
    const services = createServices(database.db, systemClock, undefined, { dataDir: config.dataDir, ...(config.media ? { media: config.media } : {}) });
    await runGenerate(database, services, parsed, config.dataDir, process);
  } finally {
    await database.destroy();
  }
}

/** `broadsheet import wordpress FILE …`: positional arguments, so parsed apart from the rest. */
async function importCommand(args: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseImportArgs>;
  try {
    parsed = parseImportArgs(args);
  } catch (err) {
    if (err instanceof UsageError) fail([err.message], 2);
    throw err;
  }
  const config = configuration();
  const database = await openAndMigrate(config);
  let code: number;
  try {
    // Images copied from --uploads are stored under DATA_DIR/media, as uploads are.
    const services = createServices(database.db, systemClock, undefined, { dataDir: config.dataDir, ...(config.media ? { media: config.media } : {}) });
    code = await runImport(services.imports, parsed, process);
    // The import announced its stories; the search index (shared by every process) takes them in before we close.
    await services.search.settled();
  } finally {
    await database.destroy();
  }
  if (code !== 0) process.exit(code);
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof StartupError) fail([err.message], 1);
  process.stderr.write(`broadsheet: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
