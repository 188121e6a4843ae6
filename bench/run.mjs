// Benchmark driver: `npm run bench` (which builds first). Starts the real
// server on a throw-away demo database, static copies of two article pages
// (served by nginx when installed) as the ceiling, loads each target in turn
// from a separate process (wrk when installed, else autocannon), prints a
// table, the ratios to the static copy and the bar, and writes
// bench/results/latest.json. See docs/benchmarks.md.
//
// Settings (environment): BENCH_CONNECTIONS (32), BENCH_DURATION (15 s),
// BENCH_WARMUP (2 s), BENCH_DATABASE_URL (unset: SQLite in a temp dir),
// BENCH_LOAD_GENERATOR (wrk | autocannon), BENCH_STATIC_SERVER (nginx | node).
import path from 'node:path';
import { articleInfo, runCli, startBroadsheet, worstLoopBlock } from './broadsheet.mjs';
import { loadPosting, timeToAppear } from './comments.mjs';
import { samplePeakRss } from './memory.mjs';
import { cleanup, describeExit, exited, exitOf, fetchOk, makeTempDir, ROOT, spawnNode, stopChild } from './processes.mjs';
import { BAR, bigThreadBar, cachedBar, eventLoopBar, failures, formatBar, formatRatios, formatTable, machine, ratio, RESULTS_FILE, uncachedBar, withVerdicts, writeResults } from './report.mjs';
import { chooseStaticServer, rawGet, saveCopy, startStaticServer } from './static-copy.mjs';
import { chooseLoadGenerator } from './wrk.mjs';

const TYPICAL_SLUG = 'central-library-renovation-pop-up-branches';
const BIG_THREAD_SLUG = 'canal-street-bike-lanes-parking-plan';
/** A word in many demo headlines, so the search page lists a full page of results. */
const SEARCH_WORD = 'valley';
/** Node's own HTTP server on the static copy: beside nginx, what one Node process can do at best. */
const NODE_STATIC = { kind: 'node', label: 'Node static server' };

function readSettings(env) {
  const int = (name, fallback, min) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name}: "${raw}" is not a whole number >= ${min}`);
    return n;
  };
  return {
    connections: int('BENCH_CONNECTIONS', BAR.connections, 1),
    duration: int('BENCH_DURATION', 15, 1),
    warmup: int('BENCH_WARMUP', 2, 0),
  };
}

// ---------------------------------------------------------------------------
// One target

/**
 * Before loading a target: one request as the load will send it must answer
 * 200 (a redirect or an error page would be measured otherwise), in the
 * encoding asked for; a second one tells whether the page cache serves it.
 */
async function preflight({ url, encoding = '', spreadAddresses = false }) {
  // Raw bytes and headers, as the load generator gets them (fetch() would ask for compression and undo it).
  const headers = { ...(encoding ? { 'accept-encoding': encoding } : {}), ...(spreadAddresses ? { 'x-forwarded-for': '10.255.255.254' } : {}) };
  const first = await rawGet(url, headers);
  if (first.status !== 200) throw new Error(`GET ${url} answered ${first.status}, expected 200`);
  const got = first.headers['content-encoding'] ?? '';
  if (got !== encoding) throw new Error(`GET ${url} asking for ${encoding || 'no encoding'} came back as "${got || 'plain'}"`);
  const second = await rawGet(url, headers);
  return second.status === 200 && second.headers['x-cache'] === 'hit';
}

/** Run bench/load.mjs against one target and return its JSON summary. */
async function load({ url, encoding = '', spreadAddresses = false }, settings) {
  const { connections, duration, warmup } = settings;
  const child = spawnNode([path.join(ROOT, 'bench', 'load.mjs'), url, connections, duration, warmup, encoding, spreadAddresses ? '1' : ''].map(String));
  if ((await exitOf(child)) !== 0) throw new Error(describeExit(child, `the load generator for ${url}`));
  return JSON.parse(child.output.stdout.trim().split('\n').at(-1));
}

/**
 * Measure one target: { name, url, server, broadsheet?, encoding?, spreadAddresses? }.
 * For a Broadsheet server, also the longest event-loop delay it reported
 * while the load (warm-up included) ran.
 */
async function measure(ctx, target, settings = ctx.settings) {
  process.stdout.write(`  ${target.name} (${new URL(target.url).pathname}${target.encoding ? `, ${target.encoding}` : ''})… `);
  const cached = await preflight(target);
  // A Broadsheet server's memory while it is loaded: the highest RSS of any one of its processes (workers included).
  const rss = target.broadsheet ? samplePeakRss(target.server.pid) : null;
  const start = Date.now();
  const result = await load(target, settings).finally(() => rss?.stop());
  const end = Date.now();
  // A server that died mid-run shows up only as connection errors; say why.
  if (exited(target.server)) throw new Error(describeExit(target.server, `the server behind ${target.url}`));
  // The warm-up runs first in the load's own process; allow it a second to start.
  const measuredFrom = start + (settings.warmup + 1) * 1000;
  const eventLoop = target.broadsheet ? await worstLoopBlock(target.server, start, end, measuredFrom) : null;
  const peakRssMb = rss ? rss.peak().perProcessMb : null;
  console.log(`${result.requestsPerSec.toFixed(1)} req/s` + (eventLoop ? `, event loop at worst ${eventLoop.maxMs} ms` : '') + (peakRssMb ? `, RSS at most ${peakRssMb} MB` : ''));
  const row = {
    name: target.name,
    group: ctx.group,
    url: target.url,
    encoding: target.encoding || null,
    pageCache: target.broadsheet ? cached : null,
    result,
    eventLoop,
    peakRssMb,
    connections: settings.connections,
  };
  ctx.rows.push(row);
  return row;
}

// ---------------------------------------------------------------------------
// Target groups, in the order they run. Each adds its rows to ctx.rows (and
// its ratios and bar lines to ctx.ratios and ctx.bar).

/**
 * Static copies of the typical and the 2,100-comment article, each next to
 * the cached page it copies, served by one Broadsheet process. When nginx
 * serves the copies (one worker per core), the same files are also served
 * by Node's own HTTP server in one process (bench/static-server.mjs): the
 * least one Node process can spend on those bytes. These rows' ratios are
 * shown, not judged: the bar judges the cached pages as production serves
 * them, one worker per core, against nginx with one worker per core
 * (multiProcess).
 */
async function cachedArticles(ctx) {
  ctx.group = 'cached articles';
  const { main } = ctx;
  const www = makeTempDir('broadsheet-bench-static-');
  const pages = [
    { key: 'typical', label: 'typical article', path: ctx.typical.path },
    { key: 'big', label: '2,100-comment article', path: ctx.bigThread.path },
  ];
  for (const page of pages) ctx.staticCopy.bytes[page.key] = await saveCopy(www, page.key, main.base + page.path);
  const { choice } = ctx.staticCopy;
  const copy = await startStaticServer(choice, www, '/typical/index.html');
  const nodeFloor = choice.kind === 'nginx' ? await startStaticServer(NODE_STATIC, www, '/typical/index.html') : null;
  ctx.staticCopy.base = copy.base;
  for (const page of pages) {
    for (const encoding of ['', 'br']) {
      const how = encoding ? ', brotli' : '';
      const suffix = encoding ? '.br' : '';
      const file = `/${page.key}/index.html${suffix}`;
      const staticRow = await measure(ctx, { name: `static ${page.label}${how} (${choice.label})`, url: copy.base + file, server: copy.server, encoding });
      ctx.staticCopy.rows[`${page.key}${suffix}`] = staticRow;
      const floorRow = nodeFloor ? await measure(ctx, { name: `static ${page.label}${how} (${NODE_STATIC.label}, 1 process)`, url: nodeFloor.base + file, server: nodeFloor.server, encoding }) : null;
      const cachedRow = await measure(ctx, { name: `cached ${page.label}${how}`, url: main.base + page.path, server: main.server, broadsheet: true, encoding });
      if (!cachedRow.pageCache) throw new Error(`${cachedRow.url} was not served from the page cache`);
      ctx.ratios.push(ratio(cachedRow.name, cachedRow, staticRow, choice.label));
      if (floorRow) ctx.ratios.push(ratio(cachedRow.name, cachedRow, floorRow, NODE_STATIC.label));
    }
  }
  if (nodeFloor) await stopChild(nodeFloor.server);
}

/** The same database served with the page cache off: what every page costs to build. */
async function pageCacheOff(ctx) {
  ctx.group = 'page cache off';
  const uncached = await startBroadsheet({ dataDir: ctx.main.dataDir, seed: false, env: { PAGE_CACHE_SECONDS: '0' } });
  ctx.uncached = uncached;
  const typical = await measure(ctx, { name: 'typical article, page cache off', url: uncached.base + ctx.typical.path, server: uncached.server, broadsheet: true });
  await measure(ctx, { name: '2,100-comment article, page cache off', url: uncached.base + ctx.bigThread.path, server: uncached.server, broadsheet: true });
  // The bar's line for a page built anew is measured as production serves it, one worker per core (multiProcess);
  // this one process is the set-up the 10,000-comment thread is compared in, and the earlier runs' figure.
  ctx.uncachedTypical = typical;
}

async function homeAndApi(ctx) {
  ctx.group = 'home and API';
  await measure(ctx, { name: 'home page', url: `${ctx.main.base}/`, server: ctx.main.server, broadsheet: true });
  await measure(ctx, { name: 'JSON API article list', url: `${ctx.main.base}/api/v1/articles`, server: ctx.main.server, broadsheet: true });
}

/**
 * The 10,000-comment thread: made by `broadsheet generate` in the same
 * database, its first page measured from the page cache and built anew,
 * the latter against the typical article built anew.
 */
async function tenThousandCommentThread(ctx) {
  ctx.group = '10,000-comment article';
  const made = JSON.parse((await runCli(['generate', '--threads', '10000', '--json'], ctx.main.dataDir)).trim().split('\n').at(-1));
  const thread = made.threads.find((t) => t.comments === 10_000);
  if (!thread) throw new Error(`broadsheet generate made no 10,000-comment thread: ${JSON.stringify(made)}`);
  await measure(ctx, { name: 'cached 10,000-comment article', url: ctx.main.base + thread.path, server: ctx.main.server, broadsheet: true });
  const built = await measure(ctx, { name: '10,000-comment article, page cache off', url: ctx.uncached.base + thread.path, server: ctx.uncached.server, broadsheet: true });
  ctx.bar.push(bigThreadBar(built, ctx.uncachedTypical));
  ctx.tenThousandPath = thread.path;
}

/**
 * How long one request holds the event loop: each page built anew, asked for
 * one request at a time, while the server reports its longest event-loop
 * delay. Under the 32-connection load above, a delay sums every request
 * handled in one turn of the loop (and the time the process waited for a
 * core), so it measures the load, not a request; here it is one request's
 * synchronous work, garbage collection included.
 */
async function eventLoopPerRequest(ctx) {
  ctx.group = 'event loop, one request at a time';
  const { base, server } = ctx.uncached;
  const one = { ...ctx.settings, connections: 1, duration: Math.max(ctx.settings.duration, 6) };
  const pages = [
    ['typical article', ctx.typical.path],
    ['2,100-comment article', ctx.bigThread.path],
    ['10,000-comment article', ctx.tenThousandPath],
    ['home page', '/'],
    ['JSON API article list', '/api/v1/articles'],
  ];
  for (const [label, pagePath] of pages) {
    const row = await measure(ctx, { name: `${label}, page cache off, 1 connection`, url: base + pagePath, server, broadsheet: true }, one);
    row.probe = true;
  }
}

/**
 * Search, then comments, on a server of its own on the same database: with
 * guests allowed and comments published at once (the time-to-page figure
 * needs them public), behind a proxy (TRUST_PROXY=true) so each simulated
 * reader has an address of its own and the per-address limits (search:
 * 120 a minute) stay in force without one address hitting them.
 */
async function searchAndComments(ctx) {
  ctx.group = 'search and comments';
  await runCli(['settings', 'set', 'guestComments=true', 'moderationMode=none'], ctx.main.dataDir);
  const posting = await startBroadsheet({ dataDir: ctx.main.dataDir, seed: false, env: { TRUST_PROXY: 'true' } });
  const found = await (await fetchOk(`${posting.base}/api/v1/search?q=${SEARCH_WORD}`)).json();
  if (!found.data?.length) throw new Error(`searching the demo for "${SEARCH_WORD}" found nothing`);
  const search = await measure(ctx, { name: `search page (q=${SEARCH_WORD})`, url: `${posting.base}/search?q=${SEARCH_WORD}`, server: posting.server, broadsheet: true, spreadAddresses: true });
  const status429 = search.result.statusCodes?.['429'] ?? (search.result.non2xx > 0 ? 'unknown' : 0);
  ctx.checks.searchRateLimited = status429;
  ctx.checks.searchPageCached = search.pageCache;
  if (search.result.non2xx > 0) console.log(`  search: ${search.result.non2xx} answers with an error status (a 429 means the rate limit was measured, not search)`);

  const typical = await articleInfo(posting.base, TYPICAL_SLUG);
  process.stdout.write('  approved comment → cached article page… ');
  ctx.appear = await timeToAppear(posting.base, typical.id, typical.path);
  console.log(`p50 ${ctx.appear.totalP50Ms} ms from posting`);
  process.stdout.write('  comment posting (POST /comments)… ');
  const start = Date.now();
  const result = await loadPosting(posting.base, typical.id, ctx.settings);
  const end = Date.now();
  if (exited(posting.server)) throw new Error(describeExit(posting.server, 'the comment-posting server'));
  const eventLoop = await worstLoopBlock(posting.server, start, end);
  console.log(`${result.requestsPerSec.toFixed(1)} req/s, event loop at worst ${eventLoop.maxMs} ms`);
  ctx.rows.push({ name: 'comment posting (guest, JSON)', group: ctx.group, url: result.url, encoding: null, pageCache: null, result, eventLoop });
}

/**
 * The multi-process set-up, as production runs it: `serve --workers 2` (one
 * per core) on the same database, with the page cache and with it off, the
 * cached pages against the same static copies as the single process.
 */
async function multiProcess(ctx) {
  ctx.group = 'two workers';
  const label = ctx.staticCopy.choice.label;
  // Each set-up measured alone: the single process built anew is done with, and its timers would share the cores.
  await stopChild(ctx.uncached.server);
  const workers = await startBroadsheet({ dataDir: ctx.main.dataDir, seed: false, args: ['--workers', '2'] });
  const pages = [
    { key: 'typical', label: 'typical article', path: ctx.typical.path },
    { key: 'big', label: '2,100-comment article', path: ctx.bigThread.path },
  ];
  for (const page of pages) {
    for (const encoding of ['', 'br']) {
      const how = encoding ? ', brotli' : '';
      const row = await measure(ctx, { name: `cached ${page.label}${how}, 2 workers`, url: workers.base + page.path, server: workers.server, broadsheet: true, encoding });
      const r = ratio(row.name, row, ctx.staticCopy.rows[`${page.key}${encoding ? '.br' : ''}`], label);
      ctx.ratios.push(r);
      ctx.bar.push(cachedBar(r, label));
    }
  }
  await stopChild(workers.server);
  const uncached = await startBroadsheet({ dataDir: ctx.main.dataDir, seed: false, args: ['--workers', '2'], env: { PAGE_CACHE_SECONDS: '0' } });
  ctx.bar.push(uncachedBar(await measure(ctx, { name: 'typical article, page cache off, 2 workers', url: uncached.base + ctx.typical.path, server: uncached.server, broadsheet: true })));
}

// Comment posting adds thousands of comments to the typical article, so it runs last: every page before it is measured as the demo made it.
const GROUPS = [cachedArticles, pageCacheOff, homeAndApi, tenThousandCommentThread, eventLoopPerRequest, multiProcess, searchAndComments];

// ---------------------------------------------------------------------------

async function main() {
  const settings = readSettings(process.env);
  const startedOn = machine();
  const database = process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite';
  const wrk = chooseLoadGenerator();
  const loadGenerator = wrk ? { name: 'wrk', path: wrk, threads: Math.min(2, settings.connections) } : { name: 'autocannon' };
  const staticChoice = chooseStaticServer();
  console.log(`Load generator: ${loadGenerator.name}${wrk ? ` (${loadGenerator.threads} threads)` : ''}; comment posting: autocannon. Static copy: ${staticChoice.label}.`);
  console.log(`Starting Broadsheet (${database}, demo content)…`);
  const main = await startBroadsheet();
  const ctx = {
    settings,
    main,
    typical: await articleInfo(main.base, TYPICAL_SLUG),
    bigThread: await articleInfo(main.base, BIG_THREAD_SLUG),
    staticCopy: { choice: staticChoice, bytes: {}, rows: {}, base: '' },
    uncached: null,
    uncachedTypical: null,
    tenThousandPath: null,
    rows: [],
    ratios: [],
    bar: [],
    checks: {},
    group: '',
    appear: null,
  };
  const { connections, duration, warmup } = settings;
  console.log(`Each target: ${connections} connections, ${warmup} s warm-up (discarded), then ${duration} s measured.`);
  for (const group of GROUPS) await group(ctx);
  ctx.bar.push(eventLoopBar(ctx.rows));
  printReport(ctx);

  writeResults({
    date: new Date().toISOString(),
    machine: startedOn,
    database,
    settings,
    loadGenerator: { ...loadGenerator, commentPosting: 'autocannon' },
    staticServer: { kind: staticChoice.kind, label: staticChoice.label, ...(staticChoice.version ? { version: staticChoice.version } : {}) },
    staticCopyBytes: ctx.staticCopy.bytes,
    targets: ctx.rows.map(({ result, ...row }) => ({ ...row, path: new URL(row.url).pathname, ...result, url: row.url })),
    ratiosToStaticCopy: ctx.ratios,
    searchAnswered429: ctx.checks.searchRateLimited,
    searchPageCached: ctx.checks.searchPageCached,
    approvedCommentToCachedPage: ctx.appear,
    bar: withVerdicts(ctx.bar),
  });
  console.log(`\nResults written to ${path.relative(process.cwd(), RESULTS_FILE)}`);

  const bad = ctx.rows.filter((r) => failures(r.result) > 0);
  if (bad.length > 0) {
    console.error(`\nFAILED: non-2xx or error responses from ${bad.map((r) => r.name).join(', ')}; these figures measure error pages, not Broadsheet.`);
    return 1;
  }
  return 0;
}

function printReport(ctx) {
  const { appear } = ctx;
  console.log('\n' + formatTable(ctx.rows) + '\n\n' + formatRatios(ctx.ratios) + '\n\n' + formatBar(ctx.bar, ctx.settings));
  const searchCache = ctx.checks.searchPageCached ? 'served from the page cache' : 'built on every request (not page-cached)';
  console.log(`\nSearch answered 429 (rate limited) ${ctx.checks.searchRateLimited} times; search pages are ${searchCache}.`);
  console.log(
    `\nApproved comment → cached article page (${appear.samples} comments): p50 ${appear.totalP50Ms} ms, max ${appear.totalMaxMs} ms from sending the comment; ` +
      `p50 ${appear.afterPostP50Ms} ms, max ${appear.afterPostMaxMs} ms after the post was answered (at most ${appear.maxReads} page read${appear.maxReads === 1 ? '' : 's'}).`,
  );
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
