import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

/** Decode a response body by its Content-Encoding. */
function decoded(body: Buffer, encoding: string | undefined): string {
  if (encoding === 'br') return zlib.brotliDecompressSync(body).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}

describe('compression', () => {
  let t: TestContext;
  let path: string;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await buildArticle(t.services, t.clock.now(), { slug: 'pier-vote', body: 'The council voted 7–2 to close the pier for the winter.\n\n'.repeat(40) });
    path = `/2024/03/29/${a.slug}`;
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  it('sends cached pages in brotli or gzip as the browser accepts, the same page in every encoding', async () => {
    const plain = await get(path);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
    ] as const) {
      // The first asks a page already in the cache; a second asks again (the compressed bytes are kept).
      for (let i = 0; i < 2; i++) {
        const res = await get(path, { 'accept-encoding': accept });
        expect(res.headers['content-encoding'], accept).toBe(encoding);
        expect(res.headers['x-cache']).toBe('hit');
        expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
        expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
        expect(decoded(res.rawPayload, encoding)).toBe(plain.body);
      }
    }
  });

  it('compresses the page the request that fills the cache gets, too', async () => {
    t.app.pageCache.clear();
    const res = await get(path, { 'accept-encoding': 'br' });
    expect(res.headers['x-cache']).toBe('miss');
    expect(res.headers['content-encoding']).toBe('br');
    expect(decoded(res.rawPayload, 'br')).toContain('close the pier');
  });

  it('gives each encoding its own ETag, and answers 304 to any of them', async () => {
    const plain = await get(path);
    const br = await get(path, { 'accept-encoding': 'br' });
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    for (const etag of [plain.headers.etag, br.headers.etag]) {
      const again = await get(path, { 'accept-encoding': 'br', 'if-none-match': String(etag) });
      expect(again.statusCode, String(etag)).toBe(304);
      expect(again.rawPayload.length).toBe(0);
    }
  });

  it('compresses the JSON API and stylesheets on the way out, and leaves small answers alone', async () => {
    for (let i = 0; i < 5; i++) await buildArticle(t.services, t.clock.now());
    const api = await get('/api/v1/articles', { 'accept-encoding': 'br' });
    expect(api.statusCode).toBe(200);
    expect(api.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decoded(api.rawPayload, 'br')).meta.total).toBe(6);

    const css = await get('/assets/site.css', { 'accept-encoding': 'gzip' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(decoded(css.rawPayload, 'gzip')).toContain('{');

    const health = await get('/healthz', { 'accept-encoding': 'br' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('never compresses live update streams, whose events must arrive as they are written', async () => {
    const live = await createTestApp();
    try {
      const a = await buildArticle(live.services, live.clock.now());
      await live.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = live.app.server.address() as { port: number };
      const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: `/live/articles/${a.id}`, headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
          resolve(res.headers);
          req.destroy();
        });
        req.on('error', reject);
      });
      expect(headers['content-type']).toMatch(/text\/event-stream/);
      expect(headers['content-encoding']).toBeUndefined();
    } finally {
      await live.close();
    }
  });
});
