// Helpers for bench/large.mjs: servers on a temp data dir (with a longer
// start-up allowance than bench/run.mjs's, for a database of a million
// comments), the load generators, and sampling a process's memory. Child
// processes and temp dirs are bench/processes.mjs's, shared with bench/run.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { healthy } from './broadsheet.mjs';
import { describeExit, exitOf, exited, freePort, ROOT, spawnNode } from './processes.mjs';

export { articleInfo } from './broadsheet.mjs';
export { cleanup, describeExit, exited, fetchOk, makeTempDir, ROOT, spawnNode, stopChild } from './processes.mjs';
export const waitForExit = exitOf;

const STARTUP_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------
// Broadsheet

/** The server's environment: SQLite in the data dir unless BENCH_DATABASE_URL names PostgreSQL; never a DATABASE_URL from the shell. */
export function serverEnv(port, dataDir, extra = {}) {
  const env = { ...process.env, ...extra, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SITE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  return env;
}

/** Run `broadsheet ARGS…` on the run's database to the end; its child process (output kept). */
export async function runCli(args, dataDir) {
  const child = spawnNode([path.join(ROOT, 'bin', 'broadsheet.js'), ...args], { env: serverEnv(0, dataDir), cwd: dataDir });
  const code = await waitForExit(child);
  if (code !== 0) throw new Error(describeExit(child, `broadsheet ${args.join(' ')}`));
  return child;
}

/** Start `broadsheet serve` on the data dir (cwd there, so no project .env is read) and wait until it serves. */
export async function startBroadsheet(dataDir, env = {}) {
  const port = await freePort();
  const server = spawnNode([path.join(ROOT, 'bin', 'broadsheet.js'), 'serve'], { env: serverEnv(port, dataDir, env), cwd: dataDir });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited(server)) throw new Error(describeExit(server, 'Broadsheet'));
    if ((await healthy(base)) && server.output.stdout.includes('is serving')) return { server, base };
    await sleep(250);
  }
  throw new Error(`Broadsheet did not become ready on ${base} within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

/**
 * Wait until the server answers /healthz (which asks the database) within a
 * second again: requests a timed-out load left queued would otherwise be
 * counted against the next target. Up to three minutes.
 */
export async function drained(base) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // still busy
    }
    await sleep(500);
  }
  throw new Error(`${base} was still busy three minutes after the last load`);
}

// ---------------------------------------------------------------------------
// Load

export function readSettings(env) {
  const int = (name, fallback, min) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name}: "${raw}" is not a whole number >= ${min}`);
    return n;
  };
  return {
    connections: int('BENCH_CONNECTIONS', 32, 1),
    duration: int('BENCH_DURATION', 10, 1),
    warmup: int('BENCH_WARMUP', 2, 0),
    articles: int('BENCH_ARTICLES', 100_000, 0),
    comments: int('BENCH_COMMENTS', 1_000_000, 0),
  };
}

/** Run a load generator script (bench/load.mjs, post-load.mjs, search-load.mjs) and return its JSON summary. */
export async function runLoad(script, args, what) {
  const child = spawnNode([path.join(ROOT, 'bench', script), ...args.map(String)]);
  const code = await waitForExit(child);
  if (code !== 0) throw new Error(describeExit(child, what));
  return JSON.parse(child.output.stdout.trim().split('\n').at(-1));
}

// ---------------------------------------------------------------------------
// Memory and disk

/** The database's size on disk in MB: the SQLite file and its WAL, or the PostgreSQL schema's (or database's) relations. */
export async function databaseMb(dataDir) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const bytes = ['broadsheet.db', 'broadsheet.db-wal', 'broadsheet.db-shm'].map((f) => fs.statSync(path.join(dataDir, f), { throwIfNoEntry: false })?.size ?? 0).reduce((a, b) => a + b, 0);
    return Math.round(bytes / 1024 / 1024);
  }
  const { default: pg } = await import('pg');
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const { rows } = schema
      ? await client.query(
          `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r', 'm')`,
          [schema],
        )
      : await client.query('select pg_database_size(current_database())::bigint as bytes');
    return Math.round(Number(rows[0].bytes) / 1024 / 1024);
  } finally {
    await client.end();
  }
}

export function machine() {
  const cpus = os.cpus();
  return { cores: cpus.length, cpu: cpus[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}` };
}
