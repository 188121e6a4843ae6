// `npm run bench:overload`: Broadsheet at twice its capacity sheds load and
// never breaks (docs/benchmarks.md#overload).
//
// Seeds the demo into a throw-away SQLite database (or BENCH_DATABASE_URL),
// then for one worker, and for the default of one per core (BENCH_OVERLOAD_WORKERS,
// e.g. "1" or "1,2"; "1,default" unless set):
//  1. starts Broadsheet with the page cache off, so every page is rendered;
//  2. measures its capacity: a closed loop (each of 16 connections sends its
//     next request when the last is answered) on the mix for 8 s;
//  3. offers twice that as an open loop (a fixed rate, whatever the answers)
//     for BENCH_OVERLOAD_SECONDS (20), sampling the server's resident memory
//     (all its processes) every second.
// The mix: article pages, the home page, the API's article list and comment
// posts (bench/overload-load.mjs). Prints what was offered and answered, the
// status counts, the latencies of admitted answers and the memory, writes
// bench/results/overload.json, and exits 1 when any answer was a 5xx other
// than 503 (the shedding) or memory grew without bound (RSS_RULE below).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli, startBroadsheet } from './broadsheet.mjs';
import { cleanup, describeExit, exitOf, fetchOk, makeTempDir, ROOT, spawnNode, stopChild } from './processes.mjs';
import { treeRss } from './memory.mjs';
import { machine } from './report.mjs';
import { round } from './stats.mjs';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'overload.json');
const CAPACITY_CONNECTIONS = 16;
const CAPACITY_WARMUP_SECONDS = 2;
const CAPACITY_SECONDS = 8;
const OVERLOAD_SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 20);
/** After the load: how long memory is still watched, to see it settle. */
const SETTLE_SECONDS = 4;
/**
 * Bounded memory. A queue that grows at a steady rate makes the second half's
 * highest RSS well above the first half's; the garbage collector's sawtooth
 * does not. So: the highest RSS of the overload's second half is at most
 * GROWTH_ALLOWED above the first half's, and RSS never rises more than
 * MAX_RISE_MB per serving process above where it was when the overload began.
 */
const GROWTH_ALLOWED = 0.5;
const MAX_RISE_MB = 256;
const RSS_RULE = `the highest RSS in the overload's second half is at most ${GROWTH_ALLOWED * 100}% above the first half's, and RSS never rises more than ${MAX_RISE_MB} MB per serving process above where it began`;

// ---------------------------------------------------------------------------
// Memory of a process and its descendants (the workers of `serve --workers N`)

const treeRssMb = (pid) => round(treeRss(pid).reduce((kb, p) => kb + p.kb, 0) / 1024, 1);

/** RSS every second from now until stop(); each sample is [seconds since start, MB]. */
function sampleRss(pid) {
  const started = performance.now();
  const samples = [[0, treeRssMb(pid)]];
  const timer = setInterval(() => samples.push([round((performance.now() - started) / 1000, 1), treeRssMb(pid)]), 1000);
  return {
    samples,
    stop: () => clearInterval(timer),
  };
}

// ---------------------------------------------------------------------------

async function load(plan) {
  const dir = makeTempDir('broadsheet-overload-plan-');
  const file = path.join(dir, 'plan.json');
  fs.writeFileSync(file, JSON.stringify(plan));
  const child = spawnNode([path.join(ROOT, 'bench', 'overload-load.mjs'), file]);
  if ((await exitOf(child)) !== 0) throw new Error(describeExit(child, 'the overload load generator'));
  return JSON.parse(child.output.stdout.trim().split('\n').at(-1));
}

/** What the load needs of the site: article pages, the API list, an article open to comments, the comment form's tokens. */
async function mixOf(base) {
  const { data } = await (await fetchOk(`${base}/api/v1/articles?limit=20`)).json();
  if (!data?.length) throw new Error('the demo has no articles');
  const pages = data.slice(0, 6).map((a) => new URL(a.url).pathname);
  const tokens = await fetchOk(`${base}/comments/form-token`);
  const { csrf, formToken } = await tokens.json();
  const cookie = (tokens.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  // The form refuses a post sent sooner than the site's minimum time after it was shown.
  await sleep(3_500);
  return { mix: { pages, api: '/api/v1/articles?limit=10', articleId: data[0].id }, form: { csrf, formToken, cookie } };
}

let numbered = 0;

/** Ready as a load balancer sees it: /readyz answers 200 (a process starting up may shed for its first second). */
async function ready(base) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/readyz`).catch(() => null);
    await res?.arrayBuffer();
    if (res?.status === 200) return;
    await sleep(250);
  }
  throw new Error(`${base}/readyz did not answer 200 within 30 s`);
}

async function start(dataDir, workersArgs, env = {}) {
  const started = await startBroadsheet({ dataDir, seed: false, args: workersArgs, env: { PAGE_CACHE_SECONDS: '0', TRUST_PROXY: 'true', ...env } });
  await ready(started.base);
  return started;
}

/**
 * Capacity: what the server answers at most, on a server with shedding off
 * (so that a busy machine's pauses do not turn the measurement into one of 503s).
 */
async function measureCapacity(dataDir, workersArgs) {
  process.stdout.write(`  capacity (shedding off; closed loop, ${CAPACITY_CONNECTIONS} connections, ${CAPACITY_SECONDS} s)… `);
  const { server, base } = await start(dataDir, workersArgs, { SHED_MAX_EVENT_LOOP_DELAY_MS: '0', SHED_MAX_IN_FLIGHT: '0' });
  try {
    const { mix, form } = await mixOf(base);
    const plan = (duration) => ({ base, connections: CAPACITY_CONNECTIONS, duration, rate: 0, mix, form, firstNumber: (numbered += 1_000_000) });
    await load(plan(CAPACITY_WARMUP_SECONDS));
    const capacity = await load(plan(CAPACITY_SECONDS));
    const perSecond = round((capacity.answered - capacity.status['503']) / CAPACITY_SECONDS, 1);
    console.log(`${perSecond} req/s, p99 ${capacity.admittedLatencyMs.p99} ms`);
    if (perSecond < 1) throw new Error(`capacity measured as ${perSecond} req/s: ${JSON.stringify(capacity)}`);
    return { ...capacity, perSecond };
  } finally {
    await stopChild(server);
  }
}

async function runOne(label, workersArgs, dataDir) {
  console.log(`\n${label}, page cache off:`);
  const capacity = await measureCapacity(dataDir, workersArgs);
  const capacityPerSecond = capacity.perSecond;
  const { server, base } = await start(dataDir, workersArgs);
  try {
    const { mix, form } = await mixOf(base);
    const plan = (connections, duration, rate) => ({ base, connections, duration, rate, mix, form, firstNumber: (numbered += 1_000_000) });

    const rate = Math.max(2, Math.round(capacityPerSecond * 2));
    // Enough connections that the offered rate holds while answers take up to about a second.
    const connections = Math.min(1000, Math.max(64, rate));
    process.stdout.write(`  overload (open loop, ${rate} req/s offered on ${connections} connections, ${OVERLOAD_SECONDS} s)… `);
    await sleep(1000);
    const rss = sampleRss(server.pid);
    const overload = await load(plan(connections, OVERLOAD_SECONDS, rate));
    const loadEnd = rss.samples.at(-1)[0];
    await sleep(SETTLE_SECONDS * 1000);
    rss.stop();
    console.log('done');
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(describeExit(server, 'Broadsheet'));

    const during = rss.samples.filter(([t]) => t <= loadEnd);
    const peak = (points) => Math.max(...points.map(([, mb]) => mb));
    const startMb = rss.samples[0][1];
    const maxMb = peak(during);
    const firstHalfMaxMb = peak(during.filter(([t]) => t < loadEnd / 2));
    const secondHalfMaxMb = peak(during.filter(([t]) => t >= loadEnd / 2));
    const processes = Number(workersArgs[1] ?? 1);
    const memory = { startMb, maxMb, firstHalfMaxMb, secondHalfMaxMb, endOfLoadMb: during.at(-1)[1], afterSettleMb: rss.samples.at(-1)[1], samples: rss.samples };
    const bounded = secondHalfMaxMb <= firstHalfMaxMb * (1 + GROWTH_ALLOWED) && maxMb - startMb <= MAX_RISE_MB * processes;
    const run = { label, workers: workersArgs[1] ?? '1', capacity, overload, memory, bounded, pass: overload.status.other5xx === 0 && bounded };
    printRun(run);
    return run;
  } finally {
    await stopChild(server);
  }
}

function printRun(r) {
  const o = r.overload;
  const s = o.status;
  console.log(`  capacity      ${r.capacity.perSecond} req/s (closed loop, ${CAPACITY_CONNECTIONS} connections)`);
  console.log(`  offered       ${o.offeredPerSecond} req/s for ${o.durationSeconds} s (sent ${o.sent})`);
  console.log(`  answered      ${o.answeredPerSecond} req/s, of which admitted ${o.admittedPerSecond} req/s`);
  console.log(`  status        200/2xx ${s['2xx']}  3xx ${s['3xx']}  4xx ${s['4xx']}  503 shed ${s['503']}  other 5xx ${s.other5xx}  (errors ${o.errors}, of which timeouts ${o.timeouts})`);
  console.log(`  admitted      p50 ${o.admittedLatencyMs.p50} ms, p99 ${o.admittedLatencyMs.p99} ms, max ${o.admittedLatencyMs.max} ms`);
  const m = r.memory;
  console.log(
    `  RSS           start ${m.startMb} MB, max ${m.maxMb} MB (first half ${m.firstHalfMaxMb}, second half ${m.secondHalfMaxMb}), end of load ${m.endOfLoadMb} MB, ${SETTLE_SECONDS} s later ${m.afterSettleMb} MB`,
  );
  console.log(`  verdict       ${r.pass ? 'PASS' : 'FAIL'}${s.other5xx > 0 ? ' — 5xx other than 503' : ''}${r.bounded ? '' : ' — memory not bounded'}`);
}

async function main() {
  const startedOn = machine();
  const database = process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite';
  const perCore = Math.min(8, os.availableParallelism());
  const asked = (process.env.BENCH_OVERLOAD_WORKERS ?? '1,default').split(',').map((w) => w.trim());
  const workerRuns = asked.map((w) => (w === 'default' ? perCore : Number(w)));
  if (workerRuns.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_OVERLOAD_WORKERS: "${process.env.BENCH_OVERLOAD_WORKERS}" is not a list of worker counts, e.g. 1,default`);
  console.log(`Seeding the demo (${database})…`);
  const dataDir = makeTempDir('broadsheet-overload-data-');
  const seeded = await startBroadsheet({ dataDir });
  await stopChild(seeded.server);
  await runCli(['settings', 'set', 'guestComments=true', 'moderationMode=none'], dataDir);
  const runs = [];
  for (const n of [...new Set(workerRuns)])
    runs.push(await runOne(n === 1 ? '1 worker' : `${n} workers${n === perCore ? ' (the default: one per core)' : ''}`, n === 1 ? [] : ['--workers', String(n)], dataDir));

  console.log(`\nOverload at 2× measured capacity (${database}; machine load average at start ${startedOn.loadAverageAtStart.join(', ')} on ${startedOn.cores} cores)`);
  for (const r of runs) console.log(`  ${r.label}: ${r.pass ? 'PASS' : 'FAIL'}`);
  console.log(`\nRules: no answer may be a 5xx other than 503 (shed, with Retry-After); memory is bounded when ${RSS_RULE}.`);
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify({ date: new Date().toISOString(), machine: startedOn, database, rules: { status: 'no 5xx other than 503', memory: RSS_RULE }, runs }, null, 2) + '\n');
  console.log(`Results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  return runs.every((r) => r.pass) ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`\nbench:overload failed: ${err.message}`);
} finally {
  await cleanup();
}
process.exit(code);
