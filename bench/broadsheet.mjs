// Broadsheet servers for a benchmark run: started on a throw-away data dir,
// with their event-loop reports collected from their logs.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, exited, exitOf, fetchOk, freePort, makeTempDir, ROOT, spawnNode } from './processes.mjs';

const STARTUP_TIMEOUT_MS = 60_000;
/** How often a server reports its event loop (src/platform/event-loop.ts). */
export const EVENT_LOOP_INTERVAL_MS = 5_000;

function serverEnv(port, dataDir, extra = {}) {
  const env = {
    ...process.env,
    ...extra,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SITE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // Every interval's longest event-loop delay is logged, not only those over 20 ms, so each target gets a figure.
    EVENT_LOOP_WARN_MS: '0',
    // One serving process unless asked: production's default is one per core, and the figures compare processes.
    WORKERS: process.env.BENCH_WORKERS ?? '1',
  };
  // SQLite in the temp dir unless the user asks for PostgreSQL explicitly;
  // a DATABASE_URL from the shell must never be benchmarked (and seeded) by accident.
  delete env.DATABASE_URL;
  if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  return env;
}

/** Collect the server's "event loop blocked" log lines (pino JSON on stdout) as { time, maxMs, p99Ms }. */
function loopReportsOf(server) {
  server.loopReports = [];
  return (line) => {
    if (!line.includes('event loop blocked')) return;
    try {
      const { time, maxMs, p99Ms, msg } = JSON.parse(line);
      if (msg === 'event loop blocked') server.loopReports.push({ time, maxMs, p99Ms });
    } catch {
      // not a log line
    }
  };
}

/**
 * Start a Broadsheet server. The first one seeds the demo into a new data
 * dir; others (page cache off, behind a proxy) serve the same database.
 */
export async function startBroadsheet({ dataDir = makeTempDir('broadsheet-bench-data-'), seed = true, env = {}, args = [] } = {}) {
  const port = await freePort();
  const holder = {};
  // cwd is the temp dir so that a developer's ./.env (read by the CLI) cannot
  // slip a DATABASE_URL or other settings into the run.
  const server = spawnNode([path.join(ROOT, 'bin', 'broadsheet.js'), 'serve', ...(seed ? ['--demo'] : []), ...args], {
    env: serverEnv(port, dataDir, env),
    cwd: dataDir,
    onLine: (line) => holder.onLine(line),
  });
  holder.onLine = loopReportsOf(server);
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(server, base);
  if (seed && !server.output.stdout.includes('Demo content added')) {
    throw new Error('the database already had content, so --demo did not seed it and the figures would not be comparable; ' + 'point BENCH_DATABASE_URL at an empty database (see docs/benchmarks.md)');
  }
  return { server, base, dataDir };
}

/**
 * Ready means /healthz answers 200 and the CLI has printed its "is serving"
 * line (printed after listening; by then any seeding report is in stdout too).
 */
async function waitUntilReady(server, base) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited(server)) throw new Error(describeExit(server, 'Broadsheet'));
    if ((await healthy(base)) && server.output.stdout.includes('is serving')) return;
    await sleep(250);
  }
  const stderr = server.output.stderr.trim();
  throw new Error(`Broadsheet did not become ready (200 on ${base}/healthz, then its "is serving" line) within ${STARTUP_TIMEOUT_MS / 1000} s` + (stderr ? `; its stderr:\n${stderr}` : ''));
}

/** Whether the server answers /healthz with 200 within two seconds. */
export async function healthy(base) {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false; // not listening yet
  }
}

/** The article's id and page path, as the JSON API reports them. */
export async function articleInfo(base, slug) {
  const { data } = await (await fetchOk(`${base}/api/v1/articles/${slug}`)).json();
  return { id: data.id, path: new URL(data.url).pathname };
}

/** Run the broadsheet command against the run's database (e.g. to change site settings) and wait for it. */
export async function runCli(args, dataDir) {
  const child = spawnNode([path.join(ROOT, 'bin', 'broadsheet.js'), ...args], { env: serverEnv(0, dataDir), cwd: dataDir });
  if ((await exitOf(child)) !== 0) throw new Error(describeExit(child, `broadsheet ${args.join(' ')}`));
  return child.output.stdout;
}

/**
 * The longest event-loop delay the server reported over a load that ran
 * from `start` to `end` (ms since the epoch). Waits for the report of the
 * interval that holds `end`, so every interval overlapping the load is in,
 * and the next load on this server starts in a later interval.
 *
 * `measuredFrom` (when the warm-up ended) also gives `measuredMaxMs`: the
 * worst of the intervals lying wholly within the measured run, which no
 * one-time cost of the warm-up (code compiled on first use) can reach;
 * null when no interval fits.
 */
export async function worstLoopBlock(server, start, end, measuredFrom = start) {
  const deadline = Date.now() + EVENT_LOOP_INTERVAL_MS * 2 + 2_000;
  while (!server.loopReports.some((r) => r.time >= end)) {
    if (exited(server)) throw new Error(describeExit(server, 'Broadsheet'));
    if (Date.now() > deadline) throw new Error(`Broadsheet logged no "event loop blocked" report within ${(deadline - end) / 1000} s of a load ending`);
    await sleep(100);
  }
  const after = server.loopReports.find((r) => r.time >= end);
  const overlapping = server.loopReports.filter((r) => r.time > start && r.time <= after.time);
  const worstOf = (reports) => reports.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
  const worst = worstOf(overlapping);
  const within = overlapping.filter((r) => r.time - EVENT_LOOP_INTERVAL_MS >= measuredFrom && r.time <= end);
  return { maxMs: worst.maxMs, p99Ms: worst.p99Ms, intervals: overlapping.length, measuredMaxMs: within.length > 0 ? worstOf(within).maxMs : null, measuredIntervals: within.length };
}
