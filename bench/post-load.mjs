// Load generator for comment posting, run by bench/run.mjs as a child process.
//
// Usage: node bench/post-load.mjs <baseUrl> <articleId> [connections] [durationSeconds] [warmupSeconds] [firstNumber]
//
// Posts guest comments through the site's own endpoint (POST /comments, as
// the page's script does: JSON, the CSRF cookie and header, the form's signed
// timing token, an empty honeypot). Each request comes "from" its own
// address (X-Forwarded-For; the server runs with TRUST_PROXY=true), as
// readers behind a proxy do, so the per-address limits stay in force without
// one address hitting them. Every body is different, so none is refused as a
// duplicate (a later run on the same database
// starts its numbering at firstNumber, default 0, so its comments differ from
// an earlier run's). Prints one JSON line: requests/s, p50, p99 and status codes.
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

const [base, articleIdArg, connectionsArg = '32', durationArg = '15', warmupArg = '2', firstArg = '0'] = process.argv.slice(2);
if (!base || !articleIdArg) throw new Error('usage: node bench/post-load.mjs <baseUrl> <articleId> [connections] [duration] [warmup]');
if (new URL(base).hostname !== '127.0.0.1') throw new Error(`refusing to load ${base}: only 127.0.0.1 targets`);
const articleId = Number(articleIdArg);
const connections = Number(connectionsArg);
const duration = Number(durationArg);
const warmup = Number(warmupArg);

// The tokens a page's script would fetch: a CSRF cookie and its header value, and the form's timing token.
const res = await fetch(`${base}/comments/form-token`);
if (!res.ok) throw new Error(`GET /comments/form-token answered ${res.status}`);
const { csrf, formToken } = await res.json();
const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
// The form refuses a post sent sooner than the site's minimum time after it was shown.
await sleep(3_500);

const WORDS = ['council', 'budget', 'reporting', 'library', 'harbour', 'schedule', 'traffic', 'school', 'funding', 'weekend', 'residents', 'plan'];
let seq = Number(firstArg);
const address = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function setupRequest(req) {
  const n = ++seq;
  const words = Array.from({ length: 8 }, (_, i) => WORDS[(n * 7 + i * 3) % WORDS.length]).join(' ');
  req.headers['x-forwarded-for'] = address(n);
  req.body = JSON.stringify({ articleId, body: `Comment ${n} from the load test: ${words}.`, name: `Reader ${n}`, email: `reader${n}@example.org`, t: formToken, website: '' });
  return req;
}

async function run(seconds) {
  const timings = [];
  const instance = autocannon({
    url: `${base}/comments`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie, 'x-csrf-token': csrf },
    requests: [{ setupRequest }],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) timings.push(responseTime);
  });
  const result = await instance;
  return { result, timings: Float64Array.from(timings).sort() };
}

if (warmup > 0) await run(warmup);
const { result, timings } = await run(duration);
process.stdout.write(JSON.stringify(summarize({ url: `${base}/comments`, connections, duration, warmup }, { result, timings })) + '\n');
