// Load generator for bench/overload.mjs, run as a child process so the
// driver's sampling never competes with it inside one event loop.
//
// Usage: node bench/overload-load.mjs <plan.json>
// The plan: { base, connections, duration, rate (0 = closed loop: each
// connection sends its next request when the last is answered; otherwise
// open loop at that many requests a second in all), mix: { pages, api,
// articleId }, form: { csrf, formToken, cookie }, firstNumber }.
//
// Every connection goes round the same mix: article pages, the home page,
// the API's article list, and a comment post (as the page's script posts
// it). Each request comes "from" its own address (X-Forwarded-For; the
// server runs with TRUST_PROXY=true) so the per-address limits stay in force
// without one address hitting them. Prints one JSON line: what was sent and
// answered, the status counts, and the latencies of admitted (2xx/3xx) answers.
import fs from 'node:fs';
import autocannon from 'autocannon';
import { percentile, round } from './stats.mjs';

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (new URL(plan.base).hostname !== '127.0.0.1') throw new Error(`refusing to load ${plan.base}: only 127.0.0.1 targets`);

let seq = plan.firstNumber ?? 0;
const address = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

const get = (path, accept) => ({
  method: 'GET',
  path,
  setupRequest(req) {
    req.headers = { ...req.headers, accept, 'x-forwarded-for': address(++seq) };
    return req;
  },
});

const post = {
  method: 'POST',
  path: '/comments',
  setupRequest(req) {
    const n = ++seq;
    req.headers = {
      ...req.headers,
      'content-type': 'application/json',
      accept: 'application/json',
      cookie: plan.form.cookie,
      'x-csrf-token': plan.form.csrf,
      'x-forwarded-for': address(n),
    };
    req.body = JSON.stringify({
      articleId: plan.mix.articleId,
      body: `Overload comment ${n}: is the site still answering?`,
      name: `Reader ${n}`,
      email: `reader${n}@example.org`,
      t: plan.form.formToken,
      website: '',
    });
    return req;
  },
};

const HTML = 'text/html';
const requests = [...plan.mix.pages.slice(0, 3).map((p) => get(p, HTML)), get('/', HTML), get(plan.mix.api, 'application/json'), ...plan.mix.pages.slice(3).map((p) => get(p, HTML)), post];

const statuses = {};
const admitted = [];
const instance = autocannon({
  url: plan.base,
  connections: plan.connections,
  duration: plan.duration,
  timeout: 10,
  requests,
  ...(plan.rate > 0 ? { overallRate: plan.rate } : {}),
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  if (statusCode < 400) admitted.push(responseTime);
});
const result = await instance;

const count = (test) =>
  Object.entries(statuses)
    .filter(([code]) => test(Number(code)))
    .reduce((n, [, c]) => n + c, 0);
const answered = count(() => true);
const sorted = Float64Array.from(admitted).sort();
console.log(
  JSON.stringify({
    connections: plan.connections,
    durationSeconds: plan.duration,
    offeredPerSecond: plan.rate > 0 ? plan.rate : null,
    sent: result.requests.sent,
    answered,
    answeredPerSecond: round(answered / plan.duration, 1),
    admittedPerSecond: round(admitted.length / plan.duration, 1),
    status: {
      '2xx': count((c) => c >= 200 && c < 300),
      '3xx': count((c) => c >= 300 && c < 400),
      '4xx': count((c) => c >= 400 && c < 500),
      503: count((c) => c === 503),
      other5xx: count((c) => c >= 500 && c !== 503),
    },
    byCode: statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    admittedLatencyMs: { p50: round(percentile(sorted, 50), 1), p99: round(percentile(sorted, 99), 1), max: round(sorted.at(-1) ?? null, 1) },
  }),
);
