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
import { asksForHelp, COMMAND_USAGE, commandUsage, USAGE } from './usage.js';
import { parseUsersArgs, runUsersCommand } from './users-command.js';
import { createMailer } from '../platform/mailer.js';

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
  if (command === '--help' || command === '-h') return helpCommand([]);
  if (command === 'help') return helpCommand(rest);
  if (Object.hasOwn(COMMAND_USAGE, command) && asksForHelp(rest)) {
    process.stdout.write(commandUsage(command) + '\n');
    return;
  }
  if (command === 'users') return usersCommand(rest);
  if (command === 'settings') return settingsCommand(rest);
  if (command === 'search-reindex') return searchReindexCommand(rest);
  if (command === 'repair-counts') return repairCountsCommand(rest);
  if (command === 'generate') return generateCommand(rest);
  if (command === 'import' && rest[0] === 'broadsheet') return runSafekeepingCommand('import broadsheet', rest.slice(1), configuration);
  if (command === 'export' || command === 'backup' || command === 'restore') return runSafekeepingCommand(command, rest, configuration);
  if (command === 'import') return importCommand(rest);
  if (!Object.hasOwn(COMMAND_USAGE, command)) fail([`unknown command "${command}"; run "broadsheet help" for the list`], 2);
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
    const banner = await newsroomBanner(config, services);
    await database.destroy();
    const metrics = config.metricsToken || config.metricsAddress ? { metrics: { address: config.metricsAddress ?? null } } : {};
    await runPrimary({ workers, onServing: () => process.stdout.write(`${serving} with ${workers} workers\n${banner}\n`), ...metrics }).catch((err: Error) => {
      throw new StartupError(err.message);
    });
    return;
  }
  await startServer(config, database);
  process.stdout.write(`${serving}\n${await newsroomBanner(config, services)}\n`);
}

/** Where a newcomer goes next: the newsroom, and how the first admin is made while there is none. */
async function newsroomBanner(config: Config, services: ReturnType<typeof createServices>): Promise<string> {
  const lines = [`The newsroom is at ${config.siteUrl}/admin`];
  if (!(await services.accounts.hasAdmin())) {
    lines.push(`No admin yet: open ${config.siteUrl}/admin/setup with the setup code ("broadsheet setup-code" prints it), or run "broadsheet create-user --email EMAIL --role admin".`);
  }
  return lines.join('\n');
}

/** `broadsheet help [COMMAND]`: every command, or one command's usage. */
function helpCommand(args: string[]): void {
  const [topic, ...extra] = args;
  if (topic === undefined) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (topic === '--help' || topic === '-h') {
    process.stdout.write(commandUsage('help') + '\n');
    return;
  }
  if (!Object.hasOwn(COMMAND_USAGE, topic)) fail([`unknown command "${topic}"; run "broadsheet help" for the list`], 2);
  if (extra.length > 0) fail([`help takes one command (got "${extra.join(' ')}" after "${topic}")`], 2);
  process.stdout.write(commandUsage(topic) + '\n');
}

/** `broadsheet users …`: the staff page's actions on the command line (./users-command.ts). */
async function usersCommand(args: string[]): Promise<void> {
  let request: ReturnType<typeof parseUsersArgs>;
  try {
    request = parseUsersArgs(args);
  } catch (err) {
    if (err instanceof UsageError) fail([err.message], 2);
    throw err;
  }
  const config = configuration();
  const database = await openAndMigrate(config);
  try {
    // Invitations are emailed as the server would send them: SMTP_URL, else DATA_DIR/outbox.
    const services = createServices(database.db, systemClock, undefined, { mailer: createMailer(config), siteUrl: config.siteUrl, dataDir: config.dataDir });
    const lines = await runUsersCommand(request, services.staff);
    process.stdout.write(lines.join('\n') + '\n');
  } catch (err) {
    await database.destroy();
    if (isAppError(err)) fail([err.message], 1);
    throw err;
  }
  await database.destroy();
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
