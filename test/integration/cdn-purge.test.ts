import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { articlePath } from '../../src/platform/urls.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

/*
 * A CDN in front: every cacheable page carries its surrogate keys, and with
 * PURGE_URL set each change POSTs the keys of the pages it affects.
 */

const ADMIN: Actor = { accountId: null, role: 'admin', authorId: null, name: 'Test editor' };

interface PurgeServer {
  url: string;
  received: string[][];
  /** What the next requests are answered with. */
  status: number;
  /** How long answers are held back. */
  delayMs: number;
  close(): Promise<void>;
}

async function purgeServer(): Promise<PurgeServer> {
  const s: PurgeServer = {
    url: '',
    received: [],
    status: 200,
    delayMs: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.headers['content-type'] === 'application/json') s.received.push((JSON.parse(body) as { keys: string[] }).keys);
      setTimeout(() => res.writeHead(s.status).end(), s.delayMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge?token=secret`;
  return s;
}

async function until(what: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('surrogate keys and the CDN purge', () => {
  let t: TestContext;
  let purge: PurgeServer;

  beforeAll(async () => {
    purge = await purgeServer();
    t = await createTestApp({ env: { PURGE_URL: purge.url, PAGE_CACHE_SECONDS: '600' } });
  });
  afterAll(async () => {
    await t?.close();
    await purge?.close();
  });

  async function pathOf(id: number) {
    const row = await t.services.articles.byId(id);
    return articlePath(row!.slug, row!.published_at, (await t.services.settings.get()).timezone);
  }

  it('marks a story’s page with its key, the other pages with the listings’ key, on a miss and on a hit alike', async () => {
    const story = await buildArticle(t.services, t.clock.now());
    const url = await pathOf(story.id);
    for (const cache of ['miss', 'hit']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.headers['x-cache']).toBe(cache);
      expect(page.headers['surrogate-key']).toBe(`site article-${story.id}`);
      expect(page.headers['cache-tag']).toBe(`site,article-${story.id}`);
      const home = await t.app.inject({ method: 'GET', url: '/' });
      expect(home.headers['x-cache']).toBe(cache);
      expect(home.headers['surrogate-key']).toBe('site lists');
      expect(home.headers['cache-tag']).toBe('site,lists');
    }
    const feed = await t.app.inject({ method: 'GET', url: '/feed' });
    expect(feed.headers['surrogate-key']).toBe('site lists');
    // Not for the CDN: the newsroom, the API and answers that are not pages.
    for (const other of ['/admin/login', '/api/v1/articles', '/no-such-page']) {
      expect((await t.app.inject({ method: 'GET', url: other })).headers['surrogate-key'], other).toBeUndefined();
    }
  });

  it('POSTs the keys a change affects: a story’s page and the listings; for settings, everything', async () => {
    const story = await buildArticle(t.services, t.clock.now());
    await until(() => purge.received.some((k) => k.includes(`article-${story.id}`)));
    purge.received.length = 0;

    await t.services.editorial.update(ADMIN, story.id, { headline: 'A new headline' }, story.version);
    await until(() => purge.received.length > 0);
    expect(purge.received).toEqual([[`article-${story.id}`, 'lists']]);

    purge.received.length = 0;
    await t.services.settings.update({ name: 'The Harbour Gazette' });
    await until(() => purge.received.length > 0);
    expect(purge.received).toEqual([['site']]);
  });

  it('gathers changes made together into one purge', async () => {
    purge.received.length = 0;
    const [one, two] = await Promise.all([buildArticle(t.services, t.clock.now()), buildArticle(t.services, t.clock.now())]);
    await until(() => purge.received.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(purge.received).toHaveLength(1);
    expect([...purge.received[0]!].sort()).toEqual([`article-${one.id}`, `article-${two.id}`, 'lists'].sort());
  });

  it('never holds a change up, whether the purge address fails or hangs', async () => {
    const story = await buildArticle(t.services, t.clock.now());
    purge.status = 500;
    purge.delayMs = 3000;
    purge.received.length = 0;
    const began = Date.now();
    await t.services.editorial.update(ADMIN, story.id, { headline: 'Changed while the CDN is slow' }, story.version);
    const page = await t.app.inject({ method: 'GET', url: await pathOf(story.id) });
    expect(Date.now() - began).toBeLessThan(1000);
    expect(page.body).toContain('Changed while the CDN is slow');
    await until(() => purge.received.length > 0);
    purge.status = 200;
    purge.delayMs = 0;
  });
});

describe('PURGE_URL', () => {
  it('is optional, and refused unless it is an http or https address, without showing its password', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).purgeUrl).toBeNull();
    expect(loadConfig({ NODE_ENV: 'test', PURGE_URL: 'https://cdn.example.org/purge' }).purgeUrl).toBe('https://cdn.example.org/purge');
    for (const bad of ['not a url', 'ftp://cdn.example.org/purge', 'https://user:hunter2@']) {
      let err: unknown;
      try {
        loadConfig({ NODE_ENV: 'test', PURGE_URL: bad });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toMatch(/^PURGE_URL: .* is not an http:\/\/ or https:\/\/ address/);
      expect((err as ConfigError).message).not.toContain('hunter2');
    }
  });
});
