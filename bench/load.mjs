// Load generator for one target, run by bench/run.mjs as a child process so the
// driver's own work never competes with it inside one event loop.
//
// Usage: node bench/load.mjs <url> [connections] [durationSeconds] [warmupSeconds] [acceptEncoding] [spreadAddresses]
// (missing arguments fall back to BENCH_CONNECTIONS, BENCH_DURATION,
// BENCH_WARMUP, then 32, 15 and 2). Runs a warm-up (discarded), then the
// measured run, and prints the summary as one JSON line on stdout. With an
// acceptEncoding (br, gzip), every request asks for that encoding; with
// spreadAddresses "1", every request carries an X-Forwarded-For address of
// its own (for a server with TRUST_PROXY=true).
//
// Uses wrk when it is installed, else autocannon; BENCH_LOAD_GENERATOR=wrk
// or autocannon chooses.
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';
import { chooseLoadGenerator, measureWithWrk } from './wrk.mjs';

/** A whole number >= min from the first defined source, or the fallback. */
function intSetting(name, raw, fallback, min) {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}: "${raw}" is not a whole number >= ${min}`);
  return n;
}

function readSettings(argv, env) {
  const [url, connections, duration, warmup, acceptEncoding = '', spread = ''] = argv;
  if (!url) throw new Error('usage: node bench/load.mjs <url> [connections] [duration] [warmup] [acceptEncoding] [spreadAddresses]');
  // Bounded by design: only local targets.
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`refusing to load ${url}: only 127.0.0.1 targets`);
  return {
    url,
    connections: intSetting('connections', connections ?? env.BENCH_CONNECTIONS, 32, 1),
    duration: intSetting('duration', duration ?? env.BENCH_DURATION, 15, 1),
    warmup: intSetting('warmup', warmup ?? env.BENCH_WARMUP, 2, 0),
    acceptEncoding,
    spreadAddresses: spread === '1',
  };
}

let seq = 0;
const address = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** One autocannon run; resolves with its result and the 2xx response times in ms. */
async function runAutocannon({ url, connections, acceptEncoding, spreadAddresses }, duration) {
  const timings = [];
  const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
  const spread = (req) => {
    req.headers['x-forwarded-for'] = address(++seq);
    return req;
  };
  const instance = autocannon({ url, connections, duration, pipelining: 1, headers, ...(spreadAddresses ? { requests: [{ setupRequest: spread }] } : {}) });
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
  const wrk = chooseLoadGenerator();
  if (wrk) {
    process.stdout.write(JSON.stringify(await measureWithWrk(wrk, settings)) + '\n');
    return;
  }
  // Warm-up: lets V8 optimise the hot paths (and SQLite fill its page cache)
  // before measuring; its figures are thrown away.
  if (settings.warmup > 0) await runAutocannon(settings, settings.warmup);
  const measured = await runAutocannon(settings, settings.duration);
  process.stdout.write(JSON.stringify(summarize(settings, measured)) + '\n');
}

main().catch((err) => {
  process.stderr.write(`bench/load: ${err?.message ?? err}\n`);
  process.exit(1);
});
