import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { fixedClock } from '../../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { articlePath } from '../../src/platform/urls.js';
import { TEST_SITE_URL } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../helpers/db.js';
import { buildArticle } from '../helpers/factories.js';
import { openSse, type SseEvent, type SseStream } from '../helpers/sse.js';

/*
 * Changes seen by every process within a second. On PostgreSQL two servers
 * share one schema, each listening on its own port; a change made through
 * one must show on the other's pages and live streams in under a second.
 * The page cache never expires by itself here (the clock stands still) and
 * the live hubs' fallback poll is a minute, so nothing but the processes'
 * notifications can make that happen. This file runs on PostgreSQL only
 * (vitest.config.ts keeps *.postgres.test.ts out of the SQLite run); what
 * holds for one SQLite process is in cross-process.test.ts.
 */

if (testDialect() !== 'postgres') throw new Error('cross-process.postgres.test.ts runs on PostgreSQL only (the integration-postgres project)');
const ADMIN: Actor = { accountId: null, role: 'admin', authorId: null, name: 'Test editor' };
/** Far longer than any wait here: the live hubs' poll cannot be what delivers a change. */
const POLL_MS = 60_000;
const LIMIT_MS = 1000;

interface Server {
  app: App;
  url: string;
  close(): Promise<void>;
}

async function startServer(database: DatabaseHandle, config: TestDatabase['config'], clock: ReturnType<typeof fixedClock>): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cross-'));
  const base = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent', PAGE_CACHE_SECONDS: '600' });
  const app = await buildApp({ config: { ...base, database: config }, database, clock, live: { pollMs: POLL_MS } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      // The test's own fetch client may keep sockets open, idle or unused, that would hold the close up.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Ask every 50 ms until `seen` holds; returns how long it took, or fails after `limit` (twice the promise, so a slow answer shows its time). */
async function timeUntil(seen: () => Promise<boolean>, limit = LIMIT_MS * 2): Promise<number> {
  const began = Date.now();
  for (;;) {
    if (await seen()) return Date.now() - began;
    if (Date.now() - began > limit) throw new Error(`not seen within ${limit} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const json = (e: SseEvent) => JSON.parse(e.data) as Record<string, unknown>;

describe('two processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let second: DatabaseHandle;
  const clock = fixedClock('2024-03-29T15:00:00.000Z');
  let a: Server;
  let b: Server;
  const streams: SseStream[] = [];

  async function get(server: Server, url: string) {
    const res = await fetch(`${server.url}${url}`);
    return { status: res.status, cache: res.headers.get('x-cache'), body: await res.text() };
  }
  /**
   * Load a page on B until it comes from B's cache, so only a purge can change
   * what B shows (the notification of the story's own creation may arrive
   * after the first load, and purge it).
   */
  async function warm(url: string) {
    let last = await get(b, url);
    await timeUntil(async () => (last = await get(b, url)).cache === 'hit');
    return last;
  }
  async function pathOf(id: number) {
    const row = await a.app.services.articles.byId(id);
    const site = await a.app.services.settings.get();
    return articlePath(row!.slug, row!.published_at, site.timezone);
  }
  async function stream(server: Server, articleId: number) {
    const s = await openSse(`${server.url}/live/articles/${articleId}?since=c0-u0`);
    streams.push(s);
    expect(s.status).toBe(200);
    await s.until((e) => e.event === 'count');
    return s;
  }

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    second = await openDatabase(database.config);
    a = await startServer(database, database.config, clock);
    b = await startServer(second, database.config, clock);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await a?.close();
    await b?.close();
    await second?.destroy();
    await database?.drop();
  });

  it('listens on a channel of its own schema', () => {
    expect(a.app.changeFeed?.listening()).toBe(true);
    expect(b.app.changeFeed?.listening()).toBe(true);
    expect(a.app.changeFeed?.channel).toBe(`broadsheet_changes_${database.config.schema}`);
    expect(a.app.changeFeed?.origin).not.toBe(b.app.changeFeed?.origin);
  });

  it('shows a story published on one process on the other’s home page within a second', async () => {
    const draft = await buildArticle(a.app.services, clock.now(), { status: 'draft', publishedAt: null, headline: 'Harbour bridge reopens' });
    expect((await warm('/')).body).not.toContain('Harbour bridge reopens');
    await a.app.services.editorial.transition(ADMIN, draft.id, 'publish');
    const took = await timeUntil(async () => (await get(b, '/')).body.includes('Harbour bridge reopens'));
    expect(took).toBeLessThan(LIMIT_MS);
    expect((await get(b, await pathOf(draft.id))).status).toBe(200);
  });

  it('shows an edit and a live update on the other’s page and open live stream within a second', async () => {
    const story = await buildArticle(a.app.services, clock.now(), { headline: 'Council meets tonight', developing: true });
    const url = await pathOf(story.id);
    expect((await warm(url)).body).toContain('Council meets tonight');
    const live = await stream(b, story.id);

    await a.app.services.editorial.update(ADMIN, story.id, { headline: 'Council meeting postponed' }, story.version);
    const took = await timeUntil(async () => (await get(b, url)).body.includes('Council meeting postponed'));
    expect(took).toBeLessThan(LIMIT_MS);

    const update = await a.app.services.articles.addLiveUpdate(story.id, 'The meeting moves to Thursday.');
    const began = Date.now();
    const got = (await live.until((e) => e.event === 'update', LIMIT_MS * 2)).event;
    expect(Date.now() - began).toBeLessThan(LIMIT_MS);
    expect(json(got)).toMatchObject({ id: update.id });
  });

  it('delivers a comment posted on one process to the other’s live stream and page within a second', async () => {
    const story = await buildArticle(a.app.services, clock.now());
    const url = await pathOf(story.id);
    await warm(url);
    const live = await stream(b, story.id);

    const c = await a.app.services.comments.create({ articleId: story.id, authorName: 'Elsewhere', body: 'Posted through the other process.', status: 'approved' });
    const began = Date.now();
    const got = (await live.until((e) => e.event === 'comment', LIMIT_MS * 2)).event;
    expect(Date.now() - began).toBeLessThan(LIMIT_MS);
    expect(json(got)).toMatchObject({ id: c.id });
    const took = await timeUntil(async () => (await get(b, url)).body.includes('Posted through the other process.'));
    expect(took).toBeLessThan(LIMIT_MS);
  });

  it('applies a settings change made on one process to the other’s pages within a second', async () => {
    expect((await warm('/')).body).not.toContain('The Harbour Gazette');
    await a.app.services.settings.update({ name: 'The Harbour Gazette' });
    const took = await timeUntil(async () => (await get(b, '/')).body.includes('The Harbour Gazette'));
    expect(took).toBeLessThan(LIMIT_MS);
    expect((await b.app.services.settings.get()).name).toBe('The Harbour Gazette');
  });

  it('takes a story down everywhere within a second: the other’s page answers 404 and its open streams end', async () => {
    const story = await buildArticle(a.app.services, clock.now(), { headline: 'A story that must go' });
    const url = await pathOf(story.id);
    await warm(url);
    const live = await stream(b, story.id);

    await a.app.services.editorial.transition(ADMIN, story.id, 'unpublish');
    const began = Date.now();
    await Promise.race([live.ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), LIMIT_MS * 2))]);
    expect(Date.now() - began).toBeLessThan(LIMIT_MS);
    const took = await timeUntil(async () => (await get(b, url)).status === 404);
    expect(took).toBeLessThan(LIMIT_MS);
    expect((await get(b, `/live/articles/${story.id}`)).status).toBe(404);
  });

  it('listens again after losing its connection, and drops what it may have missed meanwhile', async () => {
    const story = await buildArticle(a.app.services, clock.now(), { headline: 'Before the outage' });
    const url = await pathOf(story.id);
    await warm(url);
    // A change nobody announced, as one lost while the listener was down would be.
    await database.db.updateTable('articles').set({ headline: 'Changed during the outage' }).where('id', '=', story.id).execute();
    expect((await get(b, url)).body).toContain('Before the outage');

    const feed = b.app.changeFeed!;
    const pid = feed.backendPid();
    expect(pid).toEqual(expect.any(Number));
    await sql`select pg_terminate_backend(${pid})`.execute(database.db);
    const took = await timeUntil(async () => feed.reconnects() === 1 && feed.listening(), 5000);
    expect(took).toBeLessThan(LIMIT_MS);
    expect(feed.backendPid()).not.toBe(pid);
    expect((await get(b, url)).body).toContain('Changed during the outage');

    // And it hears the other process again.
    await a.app.services.editorial.update(ADMIN, story.id, { headline: 'After the outage' }, (await a.app.services.articles.byId(story.id))!.version);
    expect(await timeUntil(async () => (await get(b, url)).body.includes('After the outage'))).toBeLessThan(LIMIT_MS);
  });
});
