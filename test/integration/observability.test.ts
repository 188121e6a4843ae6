import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ANONYMOUS } from '../../src/modules/comments/comments.types.js';
import { closeMetricsListener, listenForMetrics } from '../../src/platform/metrics-http.js';
import { articlePath } from '../../src/platform/urls.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';
import { captureLogs } from '../helpers/logs.js';
import { AppError } from '../../src/platform/errors.js';

/*
 * Request ids (every answer has one, every log line of the request carries
 * it, an incoming one is kept only from a trusted proxy) and /metrics (only
 * with the token; routes by pattern; fast-path hits counted).
 */

const NOW = '2024-03-29T15:00:00.000Z';
const TOKEN = 'metrics-token-for-tests-0123456789';
/** What this process makes: a hex prefix, a dash, a base-36 counter. */
const OWN_ID = /^[0-9a-f]{8}-[0-9a-z]+$/;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(base: string, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${url}`, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(t: TestContext): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

/** The value of one sample in the text format, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const m = /^[a-z_:]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const found = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[2]);
  }
  return undefined;
}

describe('request ids and metrics', () => {
  let t: TestContext;
  let page: string;
  let slug: string;
  let articleId: number;
  let base: string;
  const logs = captureLogs();

  const metrics = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    // Trusted: a proxy range, and loopback (where the socket tests come from).
    t = await createTestApp({ now: NOW, env: { LOG_LEVEL: 'info', METRICS_TOKEN: TOKEN, TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }, logger: { level: 'info', stream: logs.stream } });
    const article = await buildArticle(t.services, new Date(NOW), { slug: 'a-story-with-a-secret-slug' });
    slug = article.slug;
    articleId = article.id;
    page = articlePath(article.slug, article.published_at!, (await t.services.settings.get()).timezone);
    base = await listen(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('gives every answer a well-formed id of its own: a page, the API, a missing page, a malformed URL, a refusal', async () => {
    const answers = await Promise.all([
      t.app.inject({ method: 'GET', url: page }),
      t.app.inject({ method: 'GET', url: '/api/v1/sections' }),
      t.app.inject({ method: 'GET', url: '/no/such/page' }),
      t.app.inject({ method: 'GET', url: '/api/v1/no-such-endpoint' }),
      t.app.inject({ method: 'GET', url: '/%E0%A4%A' }),
      t.app.inject({ method: 'GET', url: '/metrics' }),
      t.app.inject({ method: 'GET', url: '/healthz' }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 404, 404, 400, 401, 200]);
    const ids = answers.map((a) => String(a.headers['x-request-id']));
    for (const id of ids) expect(id).toMatch(OWN_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows the id of a failure on our side, in JSON and on the error page, and logs the failure under it', async () => {
    const spy = vi.spyOn(t.services.sections, 'list').mockRejectedValue(new Error('the disk caught fire'));
    try {
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/sections' });
      expect(api.statusCode).toBe(500);
      const id = String(api.headers['x-request-id']);
      expect(id).toMatch(OWN_ID);
      expect(api.json()).toEqual({ error: { code: 'internal', message: expect.any(String), requestId: id } });
      expect(api.body).not.toContain('disk caught fire');
      const failed = logs.lines.find((l) => l.msg === 'request failed' && l.reqId === id);
      expect(failed).toBeDefined();
    } finally {
      spy.mockRestore();
    }
    // A 4xx names no reference: there is nothing for the operator to look up.
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/sections/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.requestId).toBeUndefined();
  });

  it('logs a busy refusal as one warning without a stack: load, not a fault', async () => {
    const busy = new AppError('busy', 503, 'The site is busy saving other changes; try again in a moment.', { retryAfterSeconds: 1 });
    const spy = vi.spyOn(t.services.sections, 'list').mockRejectedValue(busy);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/sections' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json().error.code).toBe('busy');
      const id = String(res.headers['x-request-id']);
      const mine = logs.lines.filter((l) => l.reqId === id);
      expect(mine.filter((l) => l.msg === 'request failed')).toEqual([]);
      const warning = mine.find((l) => l.msg === 'answered 503 busy: The site is busy saving other changes; try again in a moment.');
      expect(warning).toMatchObject({ level: 40, code: 'busy', status: 503 });
      expect(warning?.err).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });

  it('shows the reference on the HTML error page of a 5xx', async () => {
    const spy = vi.spyOn(t.services.search, 'search').mockRejectedValue(new Error('the index is gone'));
    try {
      const res = await t.app.inject({ method: 'GET', url: '/search?q=budget', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const id = String(res.headers['x-request-id']);
      expect(id).toMatch(OWN_ID);
      expect(res.body).toContain(`quote the reference <code>${id}</code>`);
      expect(res.body).not.toContain('the index is gone');
    } finally {
      spy.mockRestore();
    }
    // A missing page shows none.
    expect((await t.app.inject({ method: 'GET', url: '/no/such/page' })).body).not.toContain('quote the reference');
  });

  it('keeps a well-formed id only from a trusted proxy, and never a malformed one', async () => {
    const ask = (remoteAddress: string, id: string) => t.app.inject({ method: 'GET', url: '/api/v1/sections', remoteAddress, headers: { 'x-request-id': id } });
    expect((await ask('10.1.2.3', 'edge-7f3a')).headers['x-request-id']).toBe('edge-7f3a');
    expect((await ask('203.0.113.9', 'forged-by-a-client')).headers['x-request-id']).toMatch(OWN_ID);
    for (const bad of ['has a space', 'x'.repeat(129), 'ünïcode', 'tab\there']) {
      const id = String((await ask('10.1.2.3', bad)).headers['x-request-id']);
      expect(id, bad).toMatch(OWN_ID);
    }
    // Kept ids are what the log lines carry.
    expect(logs.lines.some((l) => l.reqId === 'edge-7f3a' && l.msg === 'request completed')).toBe(true);
    expect(logs.lines.some((l) => l.reqId === 'forged-by-a-client')).toBe(false);
  });

  it('puts the id in every log line of the request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    const id = res.headers['x-request-id'];
    const mine = logs.lines.filter((l) => l.reqId === id);
    expect(mine.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    // Every line that is about a request carries its id.
    for (const l of logs.lines.filter((x) => x.req !== undefined || x.res !== undefined)) expect(l.reqId, JSON.stringify(l)).toBeDefined();
  });

  it('gives cached hits answered before routing an id too, over a real socket, logged under it', async () => {
    // The page is cached by now (the first test asked for it); if not, this stores it.
    const first = await get(base, page);
    const hit = await get(base, page);
    const again = await get(base, page);
    expect([hit.headers['x-cache'], again.headers['x-cache']]).toEqual(['hit', 'hit']);
    for (const a of [first, hit, again]) expect(String(a.headers['x-request-id'])).toMatch(OWN_ID);
    expect(new Set([first, hit, again].map((a) => a.headers['x-request-id'])).size).toBe(3);
    const logged = logs.lines.find((l) => l.cache === 'hit' && l.reqId === hit.headers['x-request-id']);
    expect(logged?.msg).toBe('request completed');
    // From a trusted proxy (loopback here), the fast path keeps a well-formed id and ignores a malformed one.
    expect((await get(base, page, { 'x-request-id': 'edge-hit-1' })).headers['x-request-id']).toBe('edge-hit-1');
    const bad = await get(base, page, { 'x-request-id': 'x'.repeat(200) });
    expect(bad.headers['x-cache']).toBe('hit');
    expect(String(bad.headers['x-request-id'])).toMatch(OWN_ID);
  });

  it('refuses /metrics without the right token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.json().error.code).toBe('unauthorized');
      expect(res.body).not.toContain('# HELP');
    }
    const over = await get(base, '/metrics', { authorization: 'Bearer nope' });
    expect(over.status).toBe(401);
  });

  it('answers the text format with the token: requests by route pattern, never by URL', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/sections' });
    const before = await metrics();
    const route = { method: 'GET', route: '/api/v1/sections', status: '2xx' };
    const count = sample(before, 'broadsheet_http_requests_total', route) ?? 0;
    await t.app.inject({ method: 'GET', url: '/api/v1/sections?unused=1' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const after = res.body;
    expect(sample(after, 'broadsheet_http_requests_total', route)).toBe(count + 1);
    expect(sample(after, 'broadsheet_http_request_duration_seconds_count', route)).toBe(count + 1);
    expect(sample(after, 'broadsheet_http_requests_total', { route: 'unmatched', status: '4xx' })).toBeGreaterThan(0);
    // Malformed URLs are refused before routing, and counted all the same.
    const unmatched = sample(after, 'broadsheet_http_requests_total', { method: 'GET', route: 'unmatched', status: '4xx' })!;
    await t.app.inject({ method: 'GET', url: '/%E0%A4%A' });
    await t.app.inject({ method: 'GET', url: `/${'x'.repeat(300)}` });
    expect(sample(await metrics(), 'broadsheet_http_requests_total', { method: 'GET', route: 'unmatched', status: '4xx' })).toBe(unmatched + 2);
    // The article page is counted under its pattern; neither its slug nor any query string is a label.
    expect(after).not.toContain(slug);
    expect(after).not.toContain('unused');
    expect(after).not.toContain('no/such/page');
    expect(after).not.toContain(TOKEN);
    const routes = new Set([...after.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));
    expect([...routes].some((r) => r!.includes(':'))).toBe(true);
    // The process's own metrics come along.
    expect(after).toContain('process_cpu_seconds_total');
    expect(after).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts cache hits, those answered before routing under their own route', async () => {
    const before = await metrics();
    const hits = sample(before, 'broadsheet_page_cache_requests_total', { result: 'hit' }) ?? 0;
    const fast = sample(before, 'broadsheet_http_requests_total', { method: 'GET', route: 'page-cache-hit', status: '2xx' }) ?? 0;
    const hit = await get(base, page);
    expect(hit.headers['x-cache']).toBe('hit');
    const after = await metrics();
    expect(sample(after, 'broadsheet_page_cache_requests_total', { result: 'hit' })).toBe(hits + 1);
    expect(sample(after, 'broadsheet_http_requests_total', { method: 'GET', route: 'page-cache-hit', status: '2xx' })).toBe(fast + 1);
    expect(sample(after, 'broadsheet_http_request_duration_seconds_count', { route: 'page-cache-hit', status: '2xx' })).toBe(fast + 1);
    expect(sample(after, 'broadsheet_page_cache_requests_total', { result: 'miss' })).toBeGreaterThan(0);
    expect(sample(after, 'broadsheet_page_cache_entries')).toBeGreaterThan(0);
  });

  it('shows live streams, the image pool, email and comment decisions by outcome', async () => {
    const before = await metrics();
    expect(sample(before, 'broadsheet_live_streams')).toBe(0);
    expect(sample(before, 'broadsheet_media_pool_jobs', { state: 'running' })).toBe(0);
    expect(sample(before, 'broadsheet_media_pool_jobs', { state: 'waiting' })).toBe(0);
    expect(sample(before, 'broadsheet_media_pool_slots')).toBeGreaterThan(0);
    expect(sample(before, 'broadsheet_mail_sending')).toBe(0);
    expect(sample(before, 'broadsheet_mail_total', { result: 'failed' })).toBe(0);
    const held = sample(before, 'broadsheet_comment_decisions_total', { outcome: 'held', decided_by: 'rules' });
    expect(held).toBe(0);
    await t.services.settings.update({ guestComments: true, moderationMode: 'first_time' });
    const posted = await t.services.comments.post({ articleId, viewer: ANONYMOUS, guest: { name: 'Guest', email: 'guest@example.org' }, body: 'A first comment from a guest.', ip: '198.51.100.7' });
    expect(posted.status).toBe('pending');
    await t.services.moderation.act({ accountId: null, role: 'admin', authorId: null, name: 'moderator' }, posted.comment.id, 'approve');
    const after = await metrics();
    expect(sample(after, 'broadsheet_comment_decisions_total', { outcome: 'held', decided_by: 'rules' })).toBe(1);
    expect(sample(after, 'broadsheet_comment_decisions_total', { outcome: 'accepted', decided_by: 'moderator' })).toBe(1);
    expect(sample(after, 'broadsheet_comment_decisions_total', { outcome: 'rejected', decided_by: 'rules' })).toBe(0);
    // Who commented is nobody's label.
    expect(after).not.toContain('guest@example.org');
    expect(after).not.toContain('198.51.100.7');
  });

  it('serves the same metrics on a METRICS_ADDRESS listener, and nothing else there', async () => {
    const server = await listenForMetrics(
      { host: '127.0.0.1', port: 0 },
      () => t.app.metrics!.text(),
      () => {},
    );
    try {
      const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await get(at, '/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain('broadsheet_http_requests_total');
      for (const other of ['/', '/metrics/x', '/admin']) expect((await get(at, other)).status, other).toBe(404);
    } finally {
      await closeMetricsListener(server);
    }
  });
});

describe('without METRICS_TOKEN or TRUST_PROXY', () => {
  let t: TestContext;
  let base: string;
  let page: string;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    const article = await buildArticle(t.services, new Date(NOW));
    page = articlePath(article.slug, article.published_at!, (await t.services.settings.get()).timezone);
    base = await listen(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has no /metrics: it is a missing page like any other', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('# HELP');
    expect(t.app.metrics).toBeNull();
  });

  it('ignores every incoming id, on the fast path too', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/sections', headers: { 'x-request-id': 'forged-by-a-client' } });
    expect(String(res.headers['x-request-id'])).toMatch(OWN_ID);
    await get(base, page);
    const hit = await get(base, page, { 'x-request-id': 'forged-by-a-client' });
    expect(hit.headers['x-cache']).toBe('hit');
    expect(String(hit.headers['x-request-id'])).toMatch(OWN_ID);
  });
});
