// At-size benchmark: `npm run bench:large` (which builds first). On a
// throw-away database, measures the demo site, then adds a large site with
// `broadsheet generate` (timed) and measures the same pages again, plus the
// 10,000- and 100,000-comment threads; the page cache is off throughout, so
// every request builds its page. Records the server's peak RSS and the
// database's size, prints a table with the at-size / demo-size ratios and
// writes bench/results/large-<sqlite|postgres>.json. See docs/benchmarks.md.
//
// Settings (environment): BENCH_ARTICLES (100000), BENCH_COMMENTS (1000000),
// BENCH_CONNECTIONS (32), BENCH_DURATION (10 s), BENCH_WARMUP (2 s),
// BENCH_DATABASE_URL (unset: SQLite in a temp dir).
import fs from 'node:fs';
import path from 'node:path';
import {
  articleInfo,
  cleanup,
  databaseMb,
  describeExit,
  drained,
  exited,
  machine,
  makeTempDir,
  readSettings,
  ROOT,
  runCli,
  runLoad,
  serverEnv,
  spawnNode,
  startBroadsheet,
  stopChild,
  waitForExit,
} from './large-lib.mjs';
import { samplePeakRss } from './memory.mjs';

const TYPICAL_SLUG = 'central-library-renovation-pop-up-branches';
const BIG_THREAD_SLUG = 'canal-street-bike-lanes-parking-plan';
/** Comments are posted to another story, so the measured article keeps its size between the two rounds. */
const POSTING_SLUG = 'housing-starts-slow-loan-rates';
const SECTION_PATH = '/section/news';
const SEARCH_WORDS = ['council', 'library', 'harbour', 'budget', 'school', 'river', 'parking', 'housing'];
const THREADS = [10_000, 100_000];

const settings = readSettings(process.env);
const database = process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite';
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', `large-${database}.json`);

/** Load every target on a fresh server (page cache off) and note its peak memory. */
async function measureRound(label, dataDir, targets) {
  const { server, base } = await startBroadsheet(dataDir, { PAGE_CACHE_SECONDS: '0', TRUST_PROXY: 'true' });
  // The server is a primary and its workers (one per core by default): each process's peak counts.
  const rss = samplePeakRss(server.pid);
  const rows = [];
  try {
    const { connections, duration, warmup } = settings;
    for (const t of targets) {
      await drained(base);
      process.stdout.write(`  [${label}] ${t.name}… `);
      let result;
      if (t.kind === 'page') {
        const pagePath = typeof t.path === 'function' ? await t.path(base) : t.path;
        result = await runLoad('load.mjs', [base + pagePath, connections, duration, warmup, ''], `the load generator for ${pagePath}`);
      } else if (t.kind === 'search') {
        result = await runLoad('search-load.mjs', [base, SEARCH_WORDS.join(','), connections, duration, warmup], 'the search load generator');
      } else {
        const { id } = await articleInfo(base, POSTING_SLUG);
        // Numbered on from the earlier round's comments, so none is refused as a duplicate.
        result = await runLoad('post-load.mjs', [base, id, connections, duration, warmup, label === 'demo' ? 0 : 1_000_000], 'the comment-posting load generator');
      }
      if (exited(server)) throw new Error(describeExit(server, 'the server'));
      console.log(`${result.requestsPerSec.toFixed(1)} req/s, p50 ${fmt(result.latencyP50Ms)} ms`);
      rows.push({ name: t.name, result });
    }
  } finally {
    rss.stop();
    await stopChild(server);
  }
  const peak = rss.peak();
  return { rows, peakRssMb: peak.perProcessMb, peakRssTotalMb: peak.totalMb };
}

const fmt = (n) => (n === null || n === undefined ? '-' : n.toFixed(2));

/** Run `broadsheet generate`, timed, sampling its memory; returns its JSON summary with the wall time and peak RSS. */
async function generateLarge(dataDir) {
  const args = ['generate', '--articles', settings.articles, '--comments', settings.comments, '--threads', THREADS.join(','), '--json'].map(String);
  console.log(
    `Generating ${settings.articles.toLocaleString('en-US')} stories and ${settings.comments.toLocaleString('en-US')} comments, threads of ${THREADS.map((t) => t.toLocaleString('en-US')).join(' and ')}…`,
  );
  const started = performance.now();
  const child = spawnNode([path.join(ROOT, 'bin', 'broadsheet.js'), ...args], { env: serverEnv(0, dataDir), cwd: dataDir });
  const rss = samplePeakRss(child.pid);
  let lastShown = '';
  const ticker = setInterval(() => {
    const line = child.output.stderr.trim().split('\n').at(-1) ?? '';
    if (line && line !== lastShown) console.log(`    ${line}`);
    lastShown = line;
  }, 10_000);
  const code = await waitForExit(child);
  clearInterval(ticker);
  const peak = rss.stop().perProcessMb;
  if (code !== 0) throw new Error(describeExit(child, 'broadsheet generate'));
  const summary = JSON.parse(child.output.stdout.trim().split('\n').at(-1));
  return { ...summary, wallSeconds: Number(((performance.now() - started) / 1000).toFixed(1)), peakRssMb: peak };
}

function formatTable(demo, large) {
  const header = ['target', 'demo req/s', 'demo p50', 'large req/s', 'large p50', 'large p99', 'p50 ×', 'errors'];
  const cells = large.rows.map(({ name, result: r }) => {
    const d = demo.rows.find((x) => x.name === name || x.name === DEMO_COUNTERPART[name])?.result;
    const ratio = d && d.latencyP50Ms ? (r.latencyP50Ms / d.latencyP50Ms).toFixed(2) : '-';
    return [name, d ? d.requestsPerSec.toFixed(1) : '-', d ? fmt(d.latencyP50Ms) : '-', r.requestsPerSec.toFixed(1), fmt(r.latencyP50Ms), fmt(r.latencyP99Ms), ratio, String(r.non2xx + r.errors)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** At demo size the big threads do not exist yet: they are compared with the demo's 2,100-comment thread. */
const DEMO_COUNTERPART = { '10,000-comment article': '2,100-comment demo article', '100,000-comment article': '2,100-comment demo article' };

async function main() {
  const dataDir = makeTempDir('broadsheet-bench-large-');
  console.log(`Seeding the demo (${database})…`);
  const seeded = await runCli(['seed-demo'], dataDir).catch((err) => {
    throw new Error(`${err.message}\n(seed-demo fills only an empty database: point BENCH_DATABASE_URL at an empty one, see docs/benchmarks.md)`);
  });
  void seeded;
  // Guests may post and are published at once, as in bench/run.mjs.
  await runCli(['settings', 'set', 'guestComments=true', 'moderationMode=none'], dataDir);

  const common = [
    { name: 'typical article', kind: 'page', path: async (base) => (await articleInfo(base, TYPICAL_SLUG)).path },
    { name: 'home page', kind: 'page', path: '/' },
    { name: 'section page', kind: 'page', path: SECTION_PATH },
    { name: 'JSON API article list', kind: 'page', path: '/api/v1/articles' },
  ];
  const posting = { name: 'comment posting', kind: 'post' };
  // Last: at size a search can outlast its load in the database (PostgreSQL goes on running a query whose
  // client has gone), and the targets measured after it would share the machine with it.
  const search = { name: 'search', kind: 'search' };
  console.log(`Each target: ${settings.connections} connections, ${settings.warmup} s warm-up, ${settings.duration} s measured; page cache off.`);

  const demoDbMb = await databaseMb(dataDir);
  const demo = await measureRound('demo', dataDir, [
    ...common,
    { name: '2,100-comment demo article', kind: 'page', path: async (base) => (await articleInfo(base, BIG_THREAD_SLUG)).path },
    posting,
    search,
  ]);

  const generated = await generateLarge(dataDir);
  console.log(`  generate: ${generated.wallSeconds} s (its own figure ${generated.seconds} s), peak RSS ${generated.peakRssMb} MB`);
  const threadTargets = generated.threads.map((t) => ({ name: `${t.comments.toLocaleString('en-US')}-comment article`, kind: 'page', path: t.path }));
  const largeDbMb = await databaseMb(dataDir);
  const large = await measureRound('large', dataDir, [...common, ...threadTargets, posting, search]);

  console.log('\n' + formatTable(demo, large));
  console.log(
    `\nServer peak RSS of any one process: demo ${demo.peakRssMb} MB, at size ${large.peakRssMb} MB (all its processes together: ${demo.peakRssTotalMb} and ${large.peakRssTotalMb} MB). generate: ${generated.peakRssMb} MB.`,
  );
  console.log(`Database on disk: demo ${demoDbMb} MB, at size ${largeDbMb} MB. generate took ${generated.wallSeconds} s.`);

  const pageRatio = (name) => {
    const l = large.rows.find((r) => r.name === name)?.result;
    const d = demo.rows.find((r) => r.name === (DEMO_COUNTERPART[name] ?? name))?.result;
    return l && d && d.latencyP50Ms ? Number((l.latencyP50Ms / d.latencyP50Ms).toFixed(2)) : null;
  };
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    database,
    settings,
    generate: generated,
    database_mb: { demo: demoDbMb, large: largeDbMb },
    peakRssMb: { demo: demo.peakRssMb, large: large.peakRssMb, generate: generated.peakRssMb },
    peakRssTotalMb: { demo: demo.peakRssTotalMb, large: large.peakRssTotalMb },
    demo: demo.rows.map(({ name, result }) => ({ name, ...result })),
    large: large.rows.map(({ name, result }) => ({ name, ...result })),
    p50Ratios: Object.fromEntries(large.rows.map((r) => [r.name, pageRatio(r.name)])),
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nResults written to ${path.relative(process.cwd(), RESULTS_FILE)}`);

  const bad = [...demo.rows, ...large.rows].filter((r) => r.result.non2xx + r.result.errors > 0);
  if (bad.length > 0) {
    console.error(`\nFAILED: non-2xx or error responses from ${bad.map((r) => r.name).join(', ')}; these figures measure error pages.`);
    return 1;
  }
  return 0;
}

let interrupted = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping…`);
    void cleanup().finally(() => process.exit(code));
  });
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  if (!interrupted) console.error(`\nbench:large: ${err?.message ?? err}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
