import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/platform/clock.js';
import { articlePath } from '../../src/platform/urls.js';
import { TEST_SITE_URL } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildArticle, buildComment } from '../helpers/factories.js';
import { captureLogs } from '../helpers/logs.js';

/*
 * Page-cache hits are answered before Fastify routes the request
 * (src/platform/page-cache-fast-path.ts). Over a real socket, a hit must be
 * exactly what the cache hook inside Fastify answers (app.inject never goes
 * through the socket, so it shows the hook's answer): same status, headers
 * and bytes, plain and compressed, HEAD and 304.
 */

const NOW = '2024-03-29T15:00:00.000Z';
let database: TestDatabase;
let app: App;
let dataDir: string;
let base: string;
let page: string;
let articleId: number;
const logs = captureLogs();

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${url}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The headers that say something about the answer (not the connection's own, nor the time it was sent, nor the request's own id). */
const meaningful = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([k]) => !['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id'].includes(k))
      .map(([k, v]): [string, string] => [k, String(v)])
      .sort((a, b) => a[0].localeCompare(b[0])),
  );

const hitsLogged = () => logs.lines.filter((l) => l.msg === 'request completed' && l.cache === 'hit').length;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
  const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  app = await buildApp({ config: { ...config, database: database.config }, database, clock: fixedClock(NOW), logger: { level: 'info', stream: logs.stream } });
  const article = await buildArticle(app.services, new Date(NOW), { body: 'A long enough body to be worth compressing. '.repeat(60) });
  articleId = article.id;
  for (let i = 0; i < 3; i++) await buildComment(app.services, article.id);
  page = articlePath(article.slug, article.published_at!, (await app.services.settings.get()).timezone);
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('page-cache hits answered before routing', () => {
  it('answers a hit over the socket exactly as the cache hook does, in every encoding', async () => {
    expect((await get(page)).headers['x-cache']).toBe('miss');
    for (const encoding of ['', 'br', 'gzip']) {
      const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
      const before = hitsLogged();
      const fast = await get(page, headers);
      expect(hitsLogged(), 'answered before routing').toBe(before + 1);
      const hook = await app.inject({ url: page, headers });
      expect(fast.status).toBe(200);
      expect(fast.headers['x-cache']).toBe('hit');
      expect(fast.headers['content-encoding']).toBe(encoding || undefined);
      expect(meaningful(fast.headers)).toEqual(meaningful(hook.headers));
      expect(fast.body.equals(hook.rawPayload)).toBe(true);
    }
  });

  it('answers HEAD with the headers alone, and 304 to a matching ETag', async () => {
    const full = await get(page, { 'accept-encoding': 'br' });
    const head = await get(page, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(meaningful(head.headers)).toEqual(meaningful(full.headers));
    const etag = String(full.headers.etag);
    const fast = await get(page, { 'accept-encoding': 'br', 'if-none-match': etag });
    const hook = await app.inject({ url: page, headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(fast.status).toBe(304);
    expect(fast.body.length).toBe(0);
    expect(meaningful(fast.headers)).toEqual(meaningful(hook.headers));
  });

  it('leaves a signed-in visitor’s request, and one with credentials, to the app', async () => {
    await get(page);
    const before = hitsLogged();
    const reader = await get(page, { cookie: 'theme=dark; bs_reader=not-a-real-session' });
    expect(reader.status).toBe(200);
    const token = await get(page, { authorization: 'Bearer not-a-real-token' });
    expect(token.status).toBe(200);
    expect(hitsLogged()).toBe(before);
    // An empty personal cookie is no session: still a hit, answered early.
    expect((await get(page, { cookie: 'bs_reader=' })).headers['x-cache']).toBe('hit');
    expect(hitsLogged()).toBe(before + 1);
  });

  it('never answers from a page the site has since changed', async () => {
    await get(page);
    expect((await get(page)).headers['x-cache']).toBe('hit');
    await buildComment(app.services, articleId, { body: 'A comment approved just now.' });
    const after = await get(page);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.body.toString()).toContain('A comment approved just now.');
  });
});
