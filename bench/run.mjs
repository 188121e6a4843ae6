// Benchmark driver: `npm run bench` (which builds first). Starts the real
// server on a throw-away demo database, a static copy of one article page as
// the ceiling, loads each target in turn from a separate process, prints a
// table and writes bench/results/latest.json. See docs/benchmarks.md.
//
// Settings (environment): BENCH_CONNECTIONS (10), BENCH_DURATION (10 s),
// BENCH_WARMUP (2 s), BENCH_DATABASE_URL (unset: SQLite in a temp dir).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { percentile, round } from './stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.json');
const STARTUP_TIMEOUT_MS = 60_000;

const TYPICAL_SLUG = 'central-library-renovation-pop-up-branches';
const BIG_THREAD_SLUG = 'canal-street-bike-lanes-parking-plan';

// ---------------------------------------------------------------------------
// Cleanup: every child process and temp dir registers here, and cleanup runs
// exactly once, whether the run succeeds, fails or is interrupted.

const children = new Set();
const tempDirs = [];
let cleaning = null;

function cleanup() {
  cleaning ??= (async () => {
    await Promise.all([...children].map(stopChild));
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}

function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM (the server closes cleanly on it), then SIGKILL if it lingers. */
async function stopChild(child) {
  if (!exited(child)) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const late = await Promise.race([gone.then(() => false), sleep(5_000).then(() => true)]);
    if (late) {
      child.kill('SIGKILL');
      await gone;
    }
  }
  children.delete(child);
}

// ---------------------------------------------------------------------------
// Child processes

/**
 * Spawn a Node script, keeping the last few KB of its output for error
 * messages. Reading the pipes also matters: a child blocks once a pipe that
 * nobody drains fills up.
 */
function spawnNode(args, { env = process.env, cwd = ROOT, stderr = 'pipe' } = {}) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', stderr] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.output = { stdout: '', stderr: '' };
  const keep = (name) => (chunk) => {
    child.output[name] = (child.output[name] + chunk).slice(-16_384);
  };
  child.stdout.setEncoding('utf8').on('data', keep('stdout'));
  child.stderr?.setEncoding('utf8').on('data', keep('stderr'));
  return child;
}

function describeExit(child, what) {
  const how = child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
  const stderr = child.output.stderr.trim();
  // The server logs (pino, JSON) go to stdout, so show its tail as well.
  const stdoutTail = child.output.stdout.trim().split('\n').slice(-20).join('\n');
  return [`${what} exited (${how})`, stderr ? `its stderr:\n${stderr}` : 'nothing on its stderr', ...(stdoutTail ? [`last lines of its stdout:\n${stdoutTail}`] : [])].join('\n');
}

/** A port that was free a moment ago (the server needs it up front for SITE_URL). */
function freePort() {
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
  };
  // SQLite in the temp dir unless the user asks for PostgreSQL explicitly;
  // a DATABASE_URL from the shell must never be benchmarked (and seeded) by accident.
  delete env.DATABASE_URL;
  if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  return env;
}

/**
 * Start a Broadsheet server. The first one seeds the demo into a new data
 * dir; a second one (with the page cache off) serves the same database.
 */
async function startBroadsheet({ dataDir = makeTempDir('broadsheet-bench-data-'), seed = true, env = {} } = {}) {
  const port = await freePort();
  // cwd is the temp dir so that a developer's ./.env (read by the CLI) cannot
  // slip a DATABASE_URL or other settings into the run.
  const server = spawnNode([path.join(ROOT, 'bin', 'broadsheet.js'), 'serve', ...(seed ? ['--demo'] : [])], {
    env: serverEnv(port, dataDir, env),
    cwd: dataDir,
  });
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

async function healthy(base) {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false; // not listening yet
  }
}

async function fetchOk(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}, expected 200`);
  return res;
}

/** The article's page path, as the JSON API reports it. */
async function articlePath(base, slug) {
  return (await articleInfo(base, slug)).path;
}

async function articleInfo(base, slug) {
  const { data } = await (await fetchOk(`${base}/api/v1/articles/${slug}`)).json();
  return { id: data.id, path: new URL(data.url).pathname };
}

/** Run the broadsheet command against the run's database (e.g. to change site settings) and wait for it. */
async function runCli(args, dataDir) {
  const child = spawnNode([path.join(ROOT, 'bin', 'broadsheet.js'), ...args], { env: serverEnv(0, dataDir), cwd: dataDir });
  const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(describeExit(child, `broadsheet ${args.join(' ')}`));
}

// ---------------------------------------------------------------------------
// The static copy

async function startStaticCopy(pageUrl) {
  const dir = makeTempDir('broadsheet-bench-static-');
  const html = Buffer.from(await (await fetchOk(pageUrl)).arrayBuffer());
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  const server = spawnNode([path.join(ROOT, 'bench', 'static-server.mjs'), dir]);
  const port = await waitForPortLine(server);
  return { server, base: `http://127.0.0.1:${port}`, bytes: html.length };
}

/** The static server prints {"port":N} once listening. */
async function waitForPortLine(server) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const line = server.output.stdout.split('\n').find((l) => l.startsWith('{'));
    if (line) return JSON.parse(line).port;
    if (exited(server)) throw new Error(describeExit(server, 'the static server'));
    await sleep(50);
  }
  throw new Error('the static server did not start listening within 10 s');
}

// ---------------------------------------------------------------------------
// Load

function readSettings(env) {
  const int = (name, fallback, min) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name}: "${raw}" is not a whole number >= ${min}`);
    return n;
  };
  return {
    connections: int('BENCH_CONNECTIONS', 10, 1),
    duration: int('BENCH_DURATION', 10, 1),
    warmup: int('BENCH_WARMUP', 2, 0),
  };
}

/** Run bench/post-load.mjs (comment posting) and return its JSON summary. */
async function loadPosting(base, articleId, settings) {
  const { connections, duration, warmup } = settings;
  const child = spawnNode([path.join(ROOT, 'bench', 'post-load.mjs'), base, articleId, connections, duration, warmup].map(String));
  const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(describeExit(child, 'the comment-posting load generator'));
  return JSON.parse(child.output.stdout.trim().split('\n').at(-1));
}

/**
 * From a comment being posted (published at once) to the cached article
 * page showing it: post, then read the page (newest first) until the comment
 * is there. The page is served from the page cache before each post, so this
 * measures the cache letting go of a stale page, not a cold start.
 */
async function timeToAppear(base, articleId, pagePath, samples = 20) {
  const tokens = await fetchOk(`${base}/comments/form-token`);
  const { csrf, formToken } = await tokens.json();
  const cookie = (tokens.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  await sleep(3_500); // the form's minimum time between showing and sending
  const page = `${base}${pagePath}?sort=newest`;
  const runs = [];
  for (let i = 0; i < samples; i++) {
    await (await fetchOk(page)).text();
    const warm = await fetchOk(page);
    await warm.text();
    if (warm.headers.get('x-cache') !== 'hit') throw new Error(`${page} was not served from the page cache before posting`);
    const started = performance.now();
    const res = await fetch(`${base}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie, 'x-csrf-token': csrf, 'x-forwarded-for': `10.200.0.${i + 1}` },
      body: JSON.stringify({
        articleId,
        body: `Timing comment ${i + 1}: the harbour plan deserves a second look.`,
        name: `Timer ${i + 1}`,
        email: `timer${i + 1}@example.org`,
        t: formToken,
        website: '',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const posted = await res.json();
    if (res.status !== 201 || posted.status !== 'approved') throw new Error(`posting a timing comment answered ${res.status} ${JSON.stringify(posted)}`);
    const postedAt = performance.now();
    let reads = 0;
    for (;;) {
      reads++;
      const html = await (await fetchOk(page)).text();
      if (html.includes(`id="comment-${posted.id}"`)) break;
      if (performance.now() - postedAt > 30_000) throw new Error(`comment ${posted.id} did not appear on ${page} within 30 s`);
      await sleep(5);
    }
    runs.push({ totalMs: performance.now() - started, afterPostMs: performance.now() - postedAt, reads });
  }
  const sorted = (k) => runs.map((r) => r[k]).sort((a, b) => a - b);
  const total = sorted('totalMs');
  const after = sorted('afterPostMs');
  return {
    samples,
    totalP50Ms: round(percentile(total, 50), 2),
    totalMaxMs: round(total.at(-1), 2),
    afterPostP50Ms: round(percentile(after, 50), 2),
    afterPostMaxMs: round(after.at(-1), 2),
    maxReads: Math.max(...runs.map((r) => r.reads)),
  };
}

/** Run bench/load.mjs against one URL and return its JSON summary. */
async function load(url, settings, acceptEncoding = '') {
  const { connections, duration, warmup } = settings;
  const child = spawnNode([path.join(ROOT, 'bench', 'load.mjs'), url, connections, duration, warmup, acceptEncoding].map(String));
  const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(describeExit(child, `the load generator for ${url}`));
  const line = child.output.stdout.trim().split('\n').at(-1);
  return JSON.parse(line);
}

// ---------------------------------------------------------------------------
// Report

const failures = (r) => r.non2xx + r.errors;

function formatTable(rows) {
  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx+errors'];
  const cells = rows.map(({ name, result: r }) => [name, r.requestsPerSec.toFixed(1), fmtMs(r.latencyP50Ms), fmtMs(r.latencyP99Ms), String(failures(r))]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // Text left-aligned, numbers right-aligned.
  const line = (c) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

const fmtMs = (ms) => (ms === null ? '-' : ms.toFixed(2));

function ratios(article, staticCopy) {
  return {
    reqPerSecPercent: (100 * article.requestsPerSec) / staticCopy.requestsPerSec,
    p50Multiple: article.latencyP50Ms / staticCopy.latencyP50Ms,
    p99Multiple: article.latencyP99Ms / staticCopy.latencyP99Ms,
  };
}

function formatRatios(r) {
  return ['Broadsheet article / static copy:', `  req/s  ${r.reqPerSecPercent.toFixed(1)}%`, `  p50    ${r.p50Multiple.toFixed(1)}x`, `  p99    ${r.p99Multiple.toFixed(1)}x`].join('\n');
}

function writeResults(report) {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(report, null, 2) + '\n');
}

function machine() {
  const cpus = os.cpus();
  return { cores: cpus.length, cpu: cpus[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}` };
}

// ---------------------------------------------------------------------------

async function main() {
  const settings = readSettings(process.env);
  const database = process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite';
  console.log(`Starting Broadsheet (${database}, demo content)…`);
  const broadsheet = await startBroadsheet();
  const { base } = broadsheet;
  // The same database, served with the page cache off: what every page costs to build.
  const uncached = await startBroadsheet({ dataDir: broadsheet.dataDir, seed: false, env: { PAGE_CACHE_SECONDS: '0' } });

  const articlePathname = await articlePath(base, TYPICAL_SLUG);
  const bigThreadPathname = await articlePath(base, BIG_THREAD_SLUG);
  const staticCopy = await startStaticCopy(base + articlePathname);

  const targets = [
    { name: 'static copy of the article', url: `${staticCopy.base}/`, server: staticCopy.server },
    { name: 'Broadsheet article page', url: base + articlePathname, server: broadsheet.server },
    { name: 'static copy, brotli', url: `${staticCopy.base}/`, server: staticCopy.server, encoding: 'br' },
    { name: 'Broadsheet article page, brotli', url: base + articlePathname, server: broadsheet.server, encoding: 'br' },
    { name: '2,100-comment article, brotli', url: base + bigThreadPathname, server: broadsheet.server, encoding: 'br' },
    { name: 'Broadsheet article, page cache off', url: uncached.base + articlePathname, server: uncached.server },
    { name: 'Broadsheet 2,100-comment article', url: base + bigThreadPathname, server: broadsheet.server },
    { name: '2,100-comment article, cache off', url: uncached.base + bigThreadPathname, server: uncached.server },
    { name: 'Broadsheet home page', url: `${base}/`, server: broadsheet.server },
    { name: 'JSON API article list', url: `${base}/api/v1/articles`, server: broadsheet.server },
  ];

  const { connections, duration, warmup } = settings;
  console.log(`Each target: ${connections} connections, ${warmup} s warm-up (discarded), then ${duration} s measured.`);
  const rows = [];
  for (const { name, url, server, encoding = '' } of targets) {
    process.stdout.write(`  ${name} (${new URL(url).pathname})… `);
    const result = await load(url, settings, encoding);
    // A server that died mid-run shows up only as connection errors; say why.
    if (exited(server)) throw new Error(describeExit(server, `the server behind ${url}`));
    console.log(`${result.requestsPerSec.toFixed(1)} req/s`);
    rows.push({ name, url, result });
  }

  // Comments: a server of its own on the same database, with guests allowed and
  // comments published at once (the time-to-page figure needs them public),
  // behind a proxy so each simulated reader has an address of its own.
  await runCli(['settings', 'set', 'guestComments=true', 'moderationMode=none'], broadsheet.dataDir);
  const posting = await startBroadsheet({ dataDir: broadsheet.dataDir, seed: false, env: { TRUST_PROXY: 'true' } });
  const typical = await articleInfo(posting.base, TYPICAL_SLUG);
  process.stdout.write('  approved comment → cached article page… ');
  const appear = await timeToAppear(posting.base, typical.id, typical.path);
  console.log(`p50 ${appear.totalP50Ms} ms from posting`);
  process.stdout.write('  comment posting (POST /comments)… ');
  const postingResult = await loadPosting(posting.base, typical.id, settings);
  if (exited(posting.server)) throw new Error(describeExit(posting.server, 'the comment-posting server'));
  console.log(`${postingResult.requestsPerSec.toFixed(1)} req/s`);
  rows.push({ name: 'comment posting (guest, JSON)', url: postingResult.url, result: postingResult });

  const row = (name) => rows.find((r) => r.name === name).result;
  const ratio = ratios(row('Broadsheet article page'), row('static copy of the article'));
  const brotliRatio = ratios(row('Broadsheet article page, brotli'), row('static copy, brotli'));
  const uncachedRatio = ratios(row('Broadsheet article, page cache off'), row('static copy of the article'));
  console.log(
    '\n' +
      formatTable(rows) +
      '\n\n' +
      formatRatios(ratio) +
      '\n\n' +
      formatRatios(brotliRatio).replace('Broadsheet article / static copy', 'Broadsheet article / static copy, both brotli') +
      '\n\n' +
      formatRatios(uncachedRatio).replace('Broadsheet article', 'Broadsheet article, page cache off'),
  );
  console.log(
    `\nApproved comment → cached article page (${appear.samples} comments): p50 ${appear.totalP50Ms} ms, max ${appear.totalMaxMs} ms from sending the comment; ` +
      `p50 ${appear.afterPostP50Ms} ms, max ${appear.afterPostMaxMs} ms after the post was answered (at most ${appear.maxReads} page read${appear.maxReads === 1 ? '' : 's'}).`,
  );

  writeResults({
    date: new Date().toISOString(),
    machine: machine(),
    database,
    settings,
    staticCopyBytes: staticCopy.bytes,
    targets: rows.map(({ name, result }) => ({ name, path: new URL(result.url).pathname, ...result })),
    articleVsStaticCopy: ratio,
    brotliArticleVsStaticCopy: brotliRatio,
    uncachedArticleVsStaticCopy: uncachedRatio,
    approvedCommentToCachedPage: appear,
  });
  console.log(`\nResults written to ${path.relative(process.cwd(), RESULTS_FILE)}`);

  const bad = rows.filter((r) => failures(r.result) > 0);
  if (bad.length > 0) {
    console.error(`\nFAILED: non-2xx or error responses from ${bad.map((r) => r.name).join(', ')}; these figures measure error pages, not Broadsheet.`);
    return 1;
  }
  return 0;
}

// Ctrl-C or a kill: stop the servers and remove temp dirs before leaving.
let interrupted = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping servers…`);
    void cleanup().finally(() => process.exit(code));
  });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  // After an interrupt, the failures are just the children we stopped.
  if (!interrupted) console.error(`\nbench: ${err?.message ?? err}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
