// One measured wrk run (https://github.com/wg/wrk), summarised in the same
// JSON shape as the autocannon runs (see stats.mjs), so the report has one path.
//
// wrk runs with 2 threads (fewer if there are fewer connections) and
// --latency; a Lua script prints the figures as JSON when it is done and,
// when asked, gives each request an X-Forwarded-For address of its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutable } from './processes.mjs';
import { round } from './stats.mjs';

/** wrk's path, or null for autocannon, as BENCH_LOAD_GENERATOR (or what is installed) says. */
export function chooseLoadGenerator(env = process.env) {
  const asked = env.BENCH_LOAD_GENERATOR ?? '';
  if (asked === 'autocannon') return null;
  if (asked !== '' && asked !== 'wrk') throw new Error(`BENCH_LOAD_GENERATOR: "${asked}" is not wrk or autocannon`);
  const wrk = findExecutable('wrk');
  if (!wrk && asked === 'wrk') throw new Error('BENCH_LOAD_GENERATOR=wrk, but wrk is not installed (Debian: apt-get install wrk)');
  return wrk;
}

const THREADS = 2;
/** As autocannon's default: an answer later than this counts as an error (wrk's own default is 2 s). */
const TIMEOUT_SECONDS = 10;
const MARK = 'BENCH_WRK_JSON ';

/*
 * setup() numbers the threads; with BENCH_SPREAD_ADDRESSES=1, request() gives
 * every request its own address (10.x.y.z, a thread's 4 million before one
 * repeats), as readers behind a proxy have. done() runs once, after every
 * thread, with the whole run's figures (latency in microseconds).
 */
const SCRIPT = `
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

if os.getenv("BENCH_SPREAD_ADDRESSES") == "1" then
  local n = 0
  function request()
    n = n + 1
    local a = (tid * 64 + math.floor(n / 65536) % 64) % 256
    wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", a, math.floor(n / 256) % 256, n % 256)
    return wrk.format()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('${MARK}{"requests":%d,"durationUs":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

/** Run wrk once for `seconds`; resolves with its figures (the JSON from done()). */
function runWrk(executable, { url, connections, acceptEncoding, spreadAddresses }, seconds) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-wrk-'));
  const script = path.join(dir, 'report.lua');
  fs.writeFileSync(script, SCRIPT);
  const threads = Math.min(THREADS, connections);
  const args = [
    `-t${threads}`,
    `-c${connections}`,
    `-d${seconds}s`,
    `--timeout`,
    `${TIMEOUT_SECONDS}s`,
    '--latency',
    '-s',
    script,
    ...(acceptEncoding ? ['-H', `Accept-Encoding: ${acceptEncoding}`] : []),
    url,
  ];
  const env = { ...process.env, BENCH_SPREAD_ADDRESSES: spreadAddresses ? '1' : '0' };
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) return reject(new Error(`wrk ${args.join(' ')} exited with code ${code}: ${(stderr || stdout).trim().slice(-2_000)}`));
      resolve({ figures: JSON.parse(line.slice(MARK.length)), threads });
    });
  });
}

/** Warm-up (discarded), then the measured run, summarised like load.mjs's autocannon runs. */
export async function measureWithWrk(executable, settings) {
  if (settings.warmup > 0) await runWrk(executable, settings, settings.warmup);
  const { figures: f, threads } = await runWrk(executable, settings, settings.duration);
  const seconds = f.durationUs / 1e6;
  const ms = (us) => round(us / 1000, 3);
  return {
    url: settings.url,
    loadGenerator: 'wrk',
    threads,
    connections: settings.connections,
    durationSeconds: settings.duration,
    warmupSeconds: settings.warmup,
    acceptEncoding: settings.acceptEncoding || null,
    spreadAddresses: settings.spreadAddresses,
    requestsPerSec: round(f.requests / seconds, 1),
    latencyP50Ms: ms(f.p50Us),
    latencyP90Ms: ms(f.p90Us),
    latencyP99Ms: ms(f.p99Us),
    latencyMaxMs: ms(f.maxUs),
    totalRequests: f.requests,
    // wrk counts answers with a status of 400 or more; the driver checks each target answers 200 before loading it.
    non2xx: f.status,
    errors: f.connect + f.read + f.write + f.timeout,
    timeouts: f.timeout,
    bytesPerSec: Math.round(f.bytes / seconds),
    statusCodes: null,
  };
}
