// Load generator for one target, run by bench/run.mjs as a child process so the
// driver's own work never competes with it inside one event loop.
//
// Usage: node bench/load.mjs <url> [connections] [durationSeconds] [warmupSeconds] [acceptEncoding]
// (missing arguments fall back to BENCH_CONNECTIONS, BENCH_DURATION,
// BENCH_WARMUP, then 10, 10 and 2). Runs a warm-up (discarded), then the
// measured run, and prints the summary as one JSON line on stdout. With an
// acceptEncoding (br, gzip), every request asks for that encoding.
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';

/** A whole number >= min from the first defined source, or the fallback. */
function intSetting(name, raw, fallback, min) {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}: "${raw}" is not a whole number >= ${min}`);
  return n;
}

function readSettings(argv, env) {
  const [url, connections, duration, warmup, acceptEncoding = ''] = argv;
  if (!url) throw new Error('usage: node bench/load.mjs <url> [connections] [duration] [warmup]');
  // Bounded by design: only local targets.
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`refusing to load ${url}: only 127.0.0.1 targets`);
  return {
    url,
    connections: intSetting('connections', connections ?? env.BENCH_CONNECTIONS, 10, 1),
    duration: intSetting('duration', duration ?? env.BENCH_DURATION, 10, 1),
    warmup: intSetting('warmup', warmup ?? env.BENCH_WARMUP, 2, 0),
    acceptEncoding,
  };
}

/** One autocannon run; resolves with its result and the 2xx response times in ms. */
async function runOnce({ url, connections, duration, acceptEncoding }) {
  const timings = [];
  const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
  const instance = autocannon({ url, connections, duration, pipelining: 1, headers });
  // Like autocannon's histogram, count only 2xx latencies.
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    const status = Number(statusCode);
    if (status >= 200 && status < 300) timings.push(responseTime);
  });
  const result = await instance;
  return { result, timings: Float64Array.from(timings).sort() };
}

async function main() {
  const settings = readSettings(process.argv.slice(2), process.env);
  // Warm-up: lets V8 optimise the hot paths (and SQLite fill its page cache)
  // before measuring; its figures are thrown away.
  if (settings.warmup > 0) await runOnce({ ...settings, duration: settings.warmup });
  const measured = await runOnce(settings);
  process.stdout.write(JSON.stringify(summarize(settings, measured)) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench/load: ${err?.message ?? err}\n`);
  process.exit(1);
});
