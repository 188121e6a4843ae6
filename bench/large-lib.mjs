// Helpers for bench/large.mjs: child processes, servers on a temp data dir,
// the load generators, and sampling a process's memory. Several are small
// copies of bench/run.mjs's, kept apart so either script can change alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STARTUP_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------
// Cleanup: every child process and temp dir registers here.

const children = new Set();
const tempDirs = [];
let cleaning = null;

export function cleanup() {
  cleaning ??= (async () => {
    await Promise.all([...children].map(stopChild));
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}

export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM (the server closes cleanly on it), then SIGKILL if it lingers. */
export async function stopChild(child) {
  if (!exited(child)) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const late = await Promise.race([gone.then(() => false), sleep(10_000).then(() => true)]);
    if (late) {
      child.kill('SIGKILL');
      await gone;
    }
  }
  children.delete(child);
}

/** Spawn a Node script, keeping the last few KB of its output (and draining its pipes). */
export function spawnNode(args, { env = process.env, cwd = ROOT } = {}) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.output = { stdout: '', stderr: '' };
  const keep = (name) => (chunk) => {
    child.output[name] = (child.output[name] + chunk).slice(-16_384);
  };
  child.stdout.setEncoding('utf8').on('data', keep('stdout'));
  child.stderr.setEncoding('utf8').on('data', keep('stderr'));
  return child;
}

export function describeExit(child, what) {
  const how = child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
  const stderr = child.output.stderr.trim();
  const stdoutTail = child.output.stdout.trim().split('\n').slice(-20).join('\n');
  return [`${what} exited (${how})`, stderr ? `its stderr:\n${stderr}` : 'nothing on its stderr', ...(stdoutTail ? [`last lines of its stdout:\n${stdoutTail}`] : [])].join('\n');
}

export const waitForExit = (child) => new Promise((resolve) => (exited(child) ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c))));

/** A port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

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

async function healthy(base) {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
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

export async function fetchOk(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}, expected 200`);
  return res;
}

/** An article's id and page path, as the JSON API reports them. */
export async function articleInfo(base, slug) {
  const { data } = await (await fetchOk(`${base}/api/v1/articles/${slug}`)).json();
  return { id: data.id, path: new URL(data.url).pathname };
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

/** A process's resident memory in MB now (Linux: /proc/PID/status VmRSS), or null once it is gone. */
export function rssMb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Sample a process's RSS every 500 ms until stopped; `peak()` is the highest seen. */
export function sampleRss(pid) {
  let peak = rssMb(pid) ?? 0;
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now !== null && now > peak) peak = now;
  }, 500);
  return {
    peak: () => Math.round(peak),
    stop() {
      clearInterval(timer);
      return Math.round(peak);
    },
  };
}

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
