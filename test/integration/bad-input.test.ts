import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, buildSection } from '../helpers/factories.js';
import { createTestApp, parse, type TestContext, text } from '../helpers/app.js';

const STACK = /\n\s+at |node_modules|\.ts:\d+/;

/** Bad input ends in a clear 4xx, never a 500 or a stack trace. */
describe('bad input', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
    const s = await buildSection(t.services, { slug: 'news', name: 'News' });
    await buildArticle(t.services, t.clock.now(), { slug: 'real-story', sectionId: s.id, publishedAt: '2024-03-29T10:00:00Z' });
  });
  afterAll(() => t?.close());

  it('shows the 404 page for unknown paths and slugs', async () => {
    for (const url of ['/nothing-here', '/2024/03/29/no-such-story', '/2024/03/29/Real_Story', '/2024/13/99/real-story/extra', '/section/', '/.env', '/media/../../etc/passwd']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('text/html');
      const doc = parse(res.body);
      expect(text(doc.querySelector('h1')), url).toBe('Page not found');
      expect(doc.querySelector('a[href="/"]'), url).not.toBeNull();
      expect(res.body, url).not.toMatch(STACK);
    }
  });

  it('answers 414 with the error page for an absurdly long slug', async () => {
    const res = await t.app.inject({ url: `/2024/03/29/${'a'.repeat(400)}` });
    expect(res.statusCode).toBe(414);
    expect(text(parse(res.body).querySelector('.error-page p:not(.error-page__status)'))).toBe('That address is too long.');
  });

  it('answers 4xx for malformed addresses and query strings', async () => {
    for (const url of ['/%E0%A4%A', '/section/%zz', '/section/news?page=%zz', '/section/news?page=1&page=2', `/section/news?page=${'9'.repeat(5000)}`]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.body, url).not.toMatch(STACK);
    }
  });

  it('answers JSON errors under /api and to clients that want JSON', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/v1/nope', 404, /No such API endpoint/],
      ['/api/v1/articles?limit=1000', 400, /limit/],
      ['/api/v1/articles?page=abc', 400, /page/],
      ['/api/v1/articles?page=0', 400, /page/],
      ['/api/v1/articles?page=999', 404, /page/],
      ['/api/v1/articles?section=no-such-section', 404, /section/],
      ['/api/v1/articles/NOT_A_SLUG', 400, /slug/],
      ['/api/v1/articles/missing-story', 404, /article/],
      ['/api/v1/articles/missing-story/comments', 404, /article/],
      ['/api/v1/authors/nobody', 404, /author/],
    ];
    for (const [url, status, message] of cases) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(status);
      const body = res.json();
      expect(body.error.message, url).toMatch(message);
      expect(typeof body.error.code, url).toBe('string');
      expect(res.body, url).not.toMatch(STACK);
    }
    const wantsJson = await t.app.inject({ url: '/nothing-here', headers: { accept: 'application/json' } });
    expect(wantsJson.statusCode).toBe(404);
    expect(wantsJson.json().error.code).toBe('not_found');
  });

  it('answers 431 to oversized headers and addresses on a real socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    // Raw sockets, so the client reads the answer even though the server stops reading early.
    const statusOf = (head: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
        let data = '';
        socket.on('data', (d) => (data += d.toString('latin1')));
        socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
        socket.on('error', (err) => (data ? resolve(data.split('\r\n')[0] ?? '') : reject(err)));
      });
    expect(await statusOf(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20 * 1024)}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await statusOf(`GET /section/news?q=${'y'.repeat(20 * 1024)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
  });

  it('hides internals when the database fails', async () => {
    const broken = await createTestApp();
    await broken.database.destroy();
    for (const [url, status] of [
      ['/', 500],
      ['/api/v1/articles', 500],
      ['/readyz', 503],
    ] as const) {
      const res = await broken.app.inject({ url });
      expect(res.statusCode, url).toBe(status);
      expect(res.body, url).not.toMatch(STACK);
      expect(res.body, url).not.toMatch(/sqlite|postgres|kysely|pool/i);
    }
    // The process itself still lives: restarting it would not bring the database back.
    expect((await broken.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await broken.close();
  });
});
