import cluster, { type Worker } from 'node:cluster';
import type http from 'node:http';
import os from 'node:os';
import { AggregatorRegistry } from 'prom-client';
import { relayFromWorker, type WorkerEnd } from './platform/cluster-ipc.js';
import { closeMetricsListener, listenForMetrics } from './platform/metrics-http.js';
import { WindowCounters } from './platform/rate-limit-store.js';

/*
 * `broadsheet serve --workers N` with N > 1: this (primary) process has
 * already opened the database, migrated it and seeded the demo; it forks N
 * workers (node:cluster) that share the port, and serves nothing itself. It
 * passes changes between workers and keeps the shared rate-limit counts
 * (cluster-ipc.ts), replaces a worker that dies, restarts them one at a
 * time on SIGHUP and stops them all gracefully on SIGTERM/SIGINT.
 */

/** The most workers `--workers` accepts. */
export const MAX_WORKERS = 64;

/** The default number of workers: one per core in production, one in development and tests. */
export function defaultWorkers(env: string): number {
  return env === 'production' ? Math.min(MAX_WORKERS, os.availableParallelism()) : 1;
}

/** `--workers` or WORKERS read as a number of workers; a one-line problem when it is not one. */
export function parseWorkers(raw: string, from: string): number | { problem: string } {
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_WORKERS) return { problem: `${from}: "${raw}" is not a whole number of workers from 1 to ${MAX_WORKERS}` };
  return n;
}

/** The environment variable that tells a worker whether it does the housekeeping. */
export const HOUSEKEEPING_ENV = 'BROADSHEET_WORKER_HOUSEKEEPING';

/** A replacement for a worker that died waits this long, doubling with each death in the last minute, up to the longest. */
const FIRST_RESTART_DELAY_MS = 100;
const LONGEST_RESTART_DELAY_MS = 10_000;
/** A worker that has not closed this long after being asked is killed. */
const STOP_TIMEOUT_MS = 30_000;

export interface PrimaryOptions {
  workers: number;
  /** Told once, when every worker first listens. */
  onServing: () => void;
  /** One line for the operator (stderr by default). */
  log?: (line: string) => void;
  /** Closes the primary's own database handle on the way out. */
  close?: () => Promise<void>;
  /**
   * Metrics shown (METRICS_TOKEN or METRICS_ADDRESS): the primary sums every
   * worker's, for a worker asked /metrics and on METRICS_ADDRESS, where it
   * listens itself. Prometheus then sees one server, whichever worker it reaches.
   */
  metrics?: { address: { host: string; port: number } | null };
}

interface Slot {
  index: number;
  worker: Worker | undefined;
}

/** Every worker's metrics summed, and the METRICS_ADDRESS listener if one is asked for. Rejects when it cannot listen. */
async function primaryMetrics(options: PrimaryOptions['metrics'], log: (line: string) => void): Promise<{ gather?: () => Promise<string>; server?: http.Server }> {
  if (!options) return {};
  const aggregator = new AggregatorRegistry();
  const gather = () => aggregator.clusterMetrics();
  if (!options.address) return { gather };
  const { host, port } = options.address;
  try {
    const server = await listenForMetrics(options.address, gather, (err) => log(`gathering the workers' metrics failed: ${err instanceof Error ? err.message : String(err)}`));
    return { gather, server };
  } catch (err) {
    throw new Error(`METRICS_ADDRESS: cannot listen on ${host}:${port} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
}

/** Start the metrics (when shown) and the workers; rejects, before any worker starts, when METRICS_ADDRESS cannot be listened on. */
export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const log = options.log ?? ((l) => process.stderr.write(`broadsheet: ${l}\n`));
  const { gather, server } = await primaryMetrics(options.metrics, log);
  superviseWorkers(
    {
      ...options,
      log,
      close: async () => {
        if (server) await closeMetricsListener(server);
        await (options.close ?? (async () => {}))();
      },
    },
    gather,
  );
}

function superviseWorkers({ workers: count, onServing, log, close }: PrimaryOptions & Required<Pick<PrimaryOptions, 'log' | 'close'>>, gather: (() => Promise<string>) | undefined): void {
  const counters = new WindowCounters();
  const ends = new Map<Worker, WorkerEnd>();
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({ index, worker: undefined }));
  /** Workers being stopped on purpose (a restart, the shutdown): their exit is expected. */
  const retiring = new Set<Worker>();
  /** Workers that have listened: they close gracefully when asked; the others are still starting and are simply ended. */
  const listened = new WeakSet<Worker>();
  const deaths: number[] = [];
  let served = false;
  let stopping = false;
  let restarting = false;

  const fork = (slot: Slot): Worker => {
    const worker = cluster.fork({ [HOUSEKEEPING_ENV]: slot.index === 0 ? '1' : '0' });
    const end: WorkerEnd = { send: (m) => worker.send(m), isConnected: () => worker.isConnected() };
    ends.set(worker, end);
    worker.on('message', (m: unknown) => relayFromWorker(end, m, () => ends.values(), counters, gather));
    worker.once('listening', () => listened.add(worker));
    worker.on('exit', (code, signal) => {
      ends.delete(worker);
      if (retiring.delete(worker) || stopping) return;
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (!served) {
        // A worker that cannot start (the port taken, the database unreachable) has said why; the others would fail the same way.
        log(`a worker exited (${how}) before serving; stopping`);
        void stopAll(1);
        return;
      }
      const now = Date.now();
      deaths.push(now);
      while (deaths.length > 0 && deaths[0]! < now - 60_000) deaths.shift();
      const delay = Math.min(LONGEST_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (deaths.length - 1));
      log(`worker ${worker.process.pid} exited unexpectedly (${how}); starting another in ${(delay / 1000).toFixed(1)} s`);
      setTimeout(() => {
        if (!stopping && !slot.worker) slot.worker = fork(slot);
      }, delay).unref();
    });
    return worker;
  };

  const listening = (worker: Worker) =>
    new Promise<boolean>((resolve) => {
      const onListening = () => {
        worker.off('exit', onExit);
        resolve(true);
      };
      const onExit = () => {
        worker.off('listening', onListening);
        resolve(false);
      };
      worker.once('listening', onListening);
      worker.once('exit', onExit);
    });

  /** Ask a worker to close (in-flight requests finish), and wait for it to exit. */
  const stop = (worker: Worker) =>
    new Promise<void>((resolve) => {
      if (worker.isDead()) return resolve();
      retiring.add(worker);
      const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (listened.has(worker) && worker.isConnected()) worker.send({ t: 'bs:stop' });
      else worker.process.kill('SIGTERM');
    });

  const stopAll = async (code: number) => {
    stopping = true;
    await Promise.all(slots.map((s) => (s.worker ? stop(s.worker) : undefined)));
    await close().catch(() => {});
    process.exit(code);
  };

  /** One worker at a time: start its replacement, wait until it listens, then stop the old one. The port always has a listener. */
  const rollingRestart = async () => {
    if (restarting || stopping || !served) return;
    restarting = true;
    log(`restarting ${count} worker${count === 1 ? '' : 's'} one at a time`);
    for (const slot of slots) {
      if (stopping) break;
      const old = slot.worker;
      const fresh = fork(slot);
      if (old) retiring.add(old);
      slot.worker = fresh;
      if (!(await listening(fresh))) {
        log('a new worker exited before listening; keeping the running one');
        slot.worker = old;
        if (old) retiring.delete(old);
        continue;
      }
      if (old) await stop(old);
    }
    restarting = false;
    if (!stopping) log('restart done');
  };

  process.once('SIGTERM', () => void stopAll(0));
  process.once('SIGINT', () => void stopAll(0));
  process.on('SIGHUP', () => void rollingRestart());

  for (const slot of slots) slot.worker = fork(slot);
  void Promise.all(slots.map((s) => listening(s.worker!))).then((all) => {
    if (!all.every(Boolean) || stopping) return;
    served = true;
    onServing();
  });
}
