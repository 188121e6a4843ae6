// Load generator for site search, run by bench/large.mjs as a child process.
//
// Usage: node bench/search-load.mjs <baseUrl> <words,comma,separated> [connections] [durationSeconds] [warmupSeconds]
//
// Each request searches for the next word of the list and comes "from" an
// address of its own (X-Forwarded-For; the server runs with
// TRUST_PROXY=true), as readers behind a proxy do, so search's per-address
// rate limit stays in force without one address hitting it. Prints one JSON
// line: requests/s, p50, p99 and status codes.
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';

const [base, wordsArg, connectionsArg = '10', durationArg = '10', warmupArg = '2'] = process.argv.slice(2);
if (!base || !wordsArg) throw new Error('usage: node bench/search-load.mjs <baseUrl> <words> [connections] [duration] [warmup]');
if (new URL(base).hostname !== '127.0.0.1') throw new Error(`refusing to load ${base}: only 127.0.0.1 targets`);
const words = wordsArg.split(',').filter(Boolean);
const connections = Number(connectionsArg);
const duration = Number(durationArg);
const warmup = Number(warmupArg);

let seq = 0;
const address = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function setupRequest(req) {
  const n = ++seq;
  req.path = `/search?q=${encodeURIComponent(words[n % words.length])}`;
  req.headers = { ...req.headers, 'x-forwarded-for': address(n) };
  return req;
}

async function run(seconds) {
  const timings = [];
  const instance = autocannon({ url: `${base}/search`, connections, duration: seconds, requests: [{ method: 'GET', setupRequest }] });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) timings.push(responseTime);
  });
  const result = await instance;
  return { result, timings: Float64Array.from(timings).sort() };
}

if (warmup > 0) await run(warmup);
const { result, timings } = await run(duration);
process.stdout.write(JSON.stringify(summarize({ url: `${base}/search?q=${words[0]}`, connections, duration, warmup }, { result, timings })) + '\n');
