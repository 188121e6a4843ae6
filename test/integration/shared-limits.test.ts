import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { type DatabaseConfig, loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { fixedClock } from '../../src/platform/clock.js';
import { type IpcMessage, relayFromWorker, type WorkerEnd } from '../../src/platform/cluster-ipc.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import { WindowCounters } from '../../src/platform/rate-limit-store.js';
import { articlePath } from '../../src/platform/urls.js';
import { TEST_SITE_URL } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../helpers/db.js';
import { buildArticle } from '../helpers/factories.js';

/*
 * Two processes serving one site, as the workers of `serve --workers 2` do:
 * two apps on one database, each with a connection of its own. On SQLite
 * they are workers talking to a primary (an in-process stand-in for the
 * cluster's IPC channel, cluster-ipc.ts); on PostgreSQL they need no primary:
 * the database counts, and LISTEN/NOTIFY carries the changes.
 */

const dialect = testDialect();
const ADMIN: Actor = { accountId: null, role: 'admin', authorId: null, name: 'Test editor' };
const clock = fixedClock('2024-03-29T15:00:00.000Z');

/** A worker's end of the channel, and the primary's view of it, delivering asynchronously as IPC does. */
class FakeChannel extends EventEmitter {
  readonly sent: IpcMessage[] = [];
  readonly end: WorkerEnd = { send: (m) => setImmediate(() => this.emit('message', structuredClone(m))), isConnected: () => true };
  constructor(private readonly primary: { ends: WorkerEnd[]; counters: WindowCounters }) {
    super();
    primary.ends.push(this.end);
  }
  send = (m: IpcMessage): boolean => {
    this.sent.push(m);
    setImmediate(() => relayFromWorker(this.end, structuredClone(m), () => this.primary.ends, this.primary.counters));
    return true;
  };
}

describe('two processes on one database', () => {
  let database: TestDatabase | undefined;
  let dir: string;
  const handles: DatabaseHandle[] = [];
  const apps: App[] = [];
  const channels: FakeChannel[] = [];
  /** The primary: the workers it talks to, and the counts it keeps. */
  const primary = { ends: [] as WorkerEnd[], counters: new WindowCounters() };
  let config: DatabaseConfig;

  async function start(): Promise<App> {
    const handle = await openDatabase(config);
    handles.push(handle);
    const channel = new FakeChannel(primary);
    channels.push(channel);
    // 70 requests at once through each process are more than the in-flight cap sheds past (64): the count is what is tested here.
    const base = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dir, LOG_LEVEL: 'silent', PAGE_CACHE_SECONDS: '600', SHED_MAX_IN_FLIGHT: '0' });
    const app = await buildApp({ config: { ...base, database: config }, database: handle, clock, worker: { channel } });
    await app.ready();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-shared-'));
    if (dialect === 'sqlite') {
      // Two connections need a file.
      config = { dialect: 'sqlite', url: path.join(dir, 'site.db') };
      const first = await openDatabase(config);
      await migrateToLatest(first.db, undefined);
      await first.destroy();
    } else {
      database = await createTestDatabase('postgres');
      config = database.config;
    }
    await start();
    await start();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const h of handles) await h.destroy();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('count one rate limit between them: 140 searches from one address, 70 through each, exactly 120 answered', async () => {
    const [a, b] = apps as [App, App];
    const search = (app: App) => app.inject({ method: 'GET', url: '/api/v1/search?q=harbour', remoteAddress: '198.51.100.4' });
    const answers = await Promise.all(Array.from({ length: 140 }, (_, i) => search(i % 2 === 0 ? a : b)));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(120);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const refused = answers.find((r) => r.statusCode === 429)!;
    expect(refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address, and another route, count apart.
    expect((await a.inject({ method: 'GET', url: '/api/v1/search?q=harbour', remoteAddress: '198.51.100.5' })).statusCode).toBe(200);
    expect((await b.inject({ method: 'GET', url: '/search?q=harbour', remoteAddress: '198.51.100.4' })).statusCode).toBe(200);
  });

  it('drop their cached pages when the other unpublishes a story, and hear each change once', async () => {
    const [a, b] = apps as [App, App];
    const made: string[] = [];
    const heard: string[] = [];
    const offA = a.services.events.onChange((c) => {
      if (!c.remote) made.push(`${c.kind}:${c.id ?? ''}`);
    });
    const offB = b.services.events.onChange((c) => {
      if (c.remote) heard.push(`${c.kind}:${c.id ?? ''}`);
    });
    const story = await buildArticle(a.services, clock.now(), { headline: 'Ferry timetable' });
    const site = await a.services.settings.get();
    const url = articlePath(story.slug, story.published_at, site.timezone);
    // The story's own announcements reach b first: one arriving late would purge b's cache after the warm-up below.
    const reachedUntil = Date.now() + 2000;
    while (heard.length < made.length && Date.now() < reachedUntil) await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual(made);
    made.length = 0;
    heard.length = 0;
    // Kept in b's cache.
    const warmUntil = Date.now() + 2000;
    while ((await b.inject({ method: 'GET', url })).headers['x-cache'] !== 'hit' && Date.now() < warmUntil) await new Promise((r) => setTimeout(r, 10));
    expect((await b.inject({ method: 'GET', url })).headers['x-cache']).toBe('hit');
    await a.services.editorial.transition(ADMIN, story.id, 'unpublish');
    const until = Date.now() + 2000;
    while (heard.length < made.length && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect((await b.inject({ method: 'GET', url })).statusCode).toBe(404);
    await new Promise((r) => setTimeout(r, 100));
    offA();
    offB();
    expect(made).toContain(`article:${story.id}`);
    expect(heard).toEqual(made);
    // On PostgreSQL the database carries changes; the workers' channel carries none, so none is heard twice.
    const overIpc = channels[0]!.sent.filter((m) => m.t === 'bs:change');
    if (dialect === 'sqlite') expect(overIpc.length).toBeGreaterThan(0);
    else expect(overIpc).toEqual([]);
  });
});
