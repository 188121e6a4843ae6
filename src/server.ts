import fs from 'node:fs';
import path from 'node:path';
import { type App, buildApp } from './app.js';
import type { Config } from './config.js';
import { type DatabaseHandle, DatabaseUnavailableError, openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrator.js';
import { startEventLoopMonitor } from './platform/event-loop.js';
import { gracefulCloser } from './platform/graceful-close.js';
import { type Channel, isIpcMessage, leaveCluster } from './platform/cluster-ipc.js';
import { closeMetricsListener, listenForMetrics } from './platform/metrics-http.js';
import { DEFAULT_HEAP_GROWTH_PERCENT, tuneHeap } from './platform/heap-tuning.js';

/** A problem that stops the process, reported as one line naming what to fix. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Check the data directory exists (creating it) and can be written to. */
export function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(path.join(dataDir, 'media'), { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
    fs.accessSync(path.join(dataDir, 'media'), fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new StartupError(`DATA_DIR: ${dataDir} is not a writable directory (${code})`);
  }
}

/** Open the database and bring its schema up to date (unless another process just did: `migrate: false`). */
export async function openAndMigrate(config: Config, { migrate = true }: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  prepareDataDir(config.dataDir);
  let database: DatabaseHandle;
  try {
    database = await openDatabase(config.database);
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) {
      const which = config.database.dialect === 'sqlite' && !process.env.DATABASE_URL ? 'DATA_DIR' : 'DATABASE_URL';
      throw new StartupError(`${which}: ${err.message}`);
    }
    throw err;
  }
  if (!migrate) return database;
  try {
    await migrateToLatest(database.db, config.database.schema);
  } catch (err) {
    await database.destroy();
    throw new StartupError(`database: ${(err as Error).message}`);
  }
  return database;
}

/** How often expired sessions, used links and old sign-in attempts are deleted. */
const HOUSEKEEPING_MS = 60 * 60_000;

/**
 * Now and every hour: forget what has expired (staff and reader sessions,
 * emailed links, sign-in attempts older than a day). Several processes doing
 * it at once is harmless: each is a plain delete of expired rows.
 */
function startHousekeeping(app: App): NodeJS.Timeout {
  const run = async () => {
    try {
      await app.services.accounts.prune();
      await app.services.readers.prune();
    } catch (err) {
      app.log.error({ err }, 'housekeeping failed');
    }
  };
  void run();
  const timer = setInterval(() => void run(), HOUSEKEEPING_MS);
  timer.unref();
  return timer;
}

/** METRICS_ADDRESS: /metrics on a listener of its own, closed with the app. */
async function listenOnMetricsAddress(app: App, config: Config, database: DatabaseHandle): Promise<void> {
  const address = config.metricsAddress;
  const metrics = app.metrics;
  if (!address || !metrics) return;
  try {
    const server = await listenForMetrics(
      address,
      () => metrics.text(),
      (err) => app.log.error({ err }, 'gathering the metrics failed'),
    );
    app.addHook('onClose', () => closeMetricsListener(server));
  } catch (err) {
    await app.close();
    await database.destroy();
    throw new StartupError(`METRICS_ADDRESS: cannot listen on ${address.host}:${address.port} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** How a worker of `serve --workers N` runs (cluster.ts). */
export interface WorkerRole {
  /** The channel to the primary process. */
  channel: Channel;
  /** Whether this worker does the housekeeping (one of them does). */
  housekeeping: boolean;
}

/**
 * Listen, and close cleanly on SIGINT/SIGTERM (in-flight requests finish). A
 * worker also closes when its primary asks ('bs:stop') or goes away.
 */
export async function startServer(config: Config, database: DatabaseHandle, worker?: WorkerRole): Promise<App> {
  tuneHeap(config.heapGrowthPercent ?? DEFAULT_HEAP_GROWTH_PERCENT);
  const app = await buildApp({ config, database, ...(worker ? { worker } : {}) });
  const eventLoop = startEventLoopMonitor({ log: app.log, warnMs: config.eventLoopWarnMs ?? 20 });
  app.addHook('onClose', async () => eventLoop.stop());
  const closeGracefully = gracefulCloser(app);
  // Under --workers the primary listens on METRICS_ADDRESS, for every worker at once.
  if (!worker) await listenOnMetricsAddress(app, config, database);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await database.destroy();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new StartupError(`PORT: ${config.port} is already in use on ${config.host}; stop the other server or set PORT`);
    if (e.code === 'EACCES') throw new StartupError(`PORT: not allowed to listen on ${config.port} (ports below 1024 need privileges)`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new StartupError(`HOST: cannot listen on "${config.host}" (${e.code})`);
    throw err;
  }
  const housekeeping = !worker || worker.housekeeping ? startHousekeeping(app) : undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(housekeeping);
    app.log.info({ signal }, 'shutting down');
    await closeGracefully();
    await database.destroy();
    if (worker && signal !== 'primary gone') await leaveCluster(worker.channel);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  if (worker) {
    worker.channel.on('message', (m) => {
      if (isIpcMessage(m) && m.t === 'bs:stop') void shutdown('stop');
    });
    process.once('disconnect', () => void shutdown('primary gone'));
  }
  return app;
}
