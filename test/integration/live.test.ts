import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, type BuildOptions, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { fixedClock } from '../../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import type { CommentStatus } from '../../src/platform/db/schema.js';
import { updateComment } from '../../src/modules/comments/comments.repository.js';
import { parse, TEST_SITE_URL, text } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../helpers/db.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import { buildArticle } from '../helpers/factories.js';
import { openSse, type SseEvent, type SseStream } from '../helpers/sse.js';
import { DRAIN_GRACE_MS, gracefulCloser } from '../../src/platform/graceful-close.js';

/*
 * Live updates over a real socket: the app listens on a free port and the
 * test reads the event stream as a browser would. A short poll interval lets
 * the tests see changes made behind the app's back (another process, or a
 * row changed without a signal) within a second.
 */

const POLL_MS = 100;
const ADMIN: Actor = { accountId: null, role: 'admin', authorId: null, name: 'Test editor' };

interface Running {
  app: App;
  url: string;
  close(): Promise<void>;
}

async function start(database: DatabaseHandle & { config: TestDatabase['config'] }, clock: ReturnType<typeof fixedClock>, live: BuildOptions['live'] = {}): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-live-'));
  const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const app = await buildApp({ config: { ...config, database: database.config }, database, clock, live: { pollMs: POLL_MS, ...live } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  let closed = false;
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const json = (e: SseEvent) => JSON.parse(e.data) as Record<string, unknown>;
const isComment = (id: number) => (e: SseEvent) => e.event === 'comment' && json(e).id === id;

describe('live updates on open article pages', () => {
  let database: TestDatabase;
  const clock = fixedClock('2024-03-29T15:00:00.000Z');
  let s: Running;
  const streams: SseStream[] = [];
  let seq = 0;

  async function article(over: Parameters<typeof buildArticle>[2] = {}) {
    return buildArticle(s.app.services, clock.now(), over);
  }
  async function comment(articleId: number, over: { status?: CommentStatus; parentId?: number; body?: string } = {}) {
    const n = ++seq;
    return s.app.services.comments.create({ articleId, authorName: `Reader ${n}`, body: over.body ?? `Live comment ${n}.`, status: 'approved', ...over });
  }
  async function open(articleId: number, query = '', headers: Record<string, string> = {}, base = s.url) {
    const stream = await openSse(`${base}/live/articles/${articleId}${query}`, headers);
    streams.push(stream);
    return stream;
  }
  /** Change a comment's status behind the app's back, as another process would (no signal; the stored counts follow, as they do in every process). */
  async function setStatus(id: number, status: CommentStatus) {
    await updateComment(database.db, id, { status });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    s = await start(database, clock);
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await s.close();
    await database.drop();
  });

  it('answers with an event stream that no cache keeps, and tells the browser how soon to reconnect', async () => {
    const a = await article();
    const stream = await open(a.id, '?since=c0-u0');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-store');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.headers.get('x-cache')).toBeNull();
    expect(stream.headers.get('etag')).toBeNull();
    // The page's count comes first, so a page that reconnects after a while is right again.
    const first = await stream.next();
    expect(first.event).toBe('count');
    expect(json(first)).toEqual({ count: 0, label: '0 Comments' });
    expect(first.id).toBe('c0-u0');
    expect(stream.retry()).toBe(3000);
    stream.close();
  });

  it('sends a comment approved after connecting, rendered as the thread renders it, then the new count', async () => {
    const a = await article();
    const stream = await open(a.id, '?since=c0-u0');
    await stream.until((e) => e.event === 'count');
    const c = await comment(a.id, { body: 'First!\n\nSecond paragraph with www.example.org in it.' });
    const got = await stream.next();
    expect(got.event).toBe('comment');
    expect(got.id).toBe(`c${c.id}-u0`);
    const data = json(got);
    expect(data).toMatchObject({ id: c.id, parentId: null, depth: 0 });
    const doc = parse(`<ol class="comment-list">${String(data.html)}</ol>`);
    const li = doc.querySelector(`li#comment-${c.id}`);
    expect(li).not.toBeNull();
    expect(li?.getAttribute('data-comment-id')).toBe(String(c.id));
    expect(li?.classList.contains('comment--top')).toBe(true);
    expect(text(li?.querySelector('.comment__author'))).toBe(c.author_name);
    expect(text(li?.querySelector('.comment__number'))).toBe('1.');
    expect([...(li?.querySelectorAll('.comment__body p') ?? [])].map((p) => text(p))).toEqual(['First!', 'Second paragraph with www.example.org in it.']);
    expect(li?.querySelector('.comment__body a')?.getAttribute('href')).toBe('https://www.example.org/');
    const count = await stream.next();
    expect(count.event).toBe('count');
    expect(json(count)).toEqual({ count: 1, label: '1 Comment' });
    expect(count.id).toBe(`c${c.id}-u0`);
    stream.close();
  });

  it('sends replies with their parent and depth, and counts every visible comment', async () => {
    const a = await article();
    const root = await comment(a.id);
    const stream = await open(a.id, `?since=c${root.id}-u0`);
    expect(json(await stream.next())).toMatchObject({ count: 1 });
    const reply = await comment(a.id, { parentId: root.id });
    const got = (await stream.until(isComment(reply.id))).event;
    expect(json(got)).toMatchObject({ id: reply.id, parentId: root.id, depth: 1 });
    const li = parse(`<ol>${String(json(got).html)}</ol>`).querySelector(`li#comment-${reply.id}`);
    expect(li?.classList.contains('comment--reply')).toBe(true);
    expect(li?.querySelector('.comment__number')).toBeNull();
    const count = await stream.until((e) => e.event === 'count');
    expect(json(count.event)).toEqual({ count: 2, label: '2 Comments' });
    expect((await s.app.services.comments.counts([a.id])).get(a.id)).toBe(2);
    stream.close();
  });

  it('never sends a comment waiting for a moderator, nor one rejected or marked as spam', async () => {
    const a = await article();
    const stream = await open(a.id, '?since=c0-u0');
    await stream.until((e) => e.event === 'count');
    const pending = await comment(a.id, { status: 'pending' });
    const spam = await comment(a.id, { status: 'spam' });
    const rejected = await comment(a.id, { status: 'rejected' });
    const approved = await comment(a.id);
    const { skipped } = await stream.until(isComment(approved.id));
    expect(skipped).toEqual([]);
    // Wait for a full poll round beyond the last change, then look at everything received.
    await new Promise((r) => setTimeout(r, POLL_MS * 3));
    const ids = stream.events.filter((e) => e.event === 'comment').map((e) => json(e).id);
    expect(ids).toEqual([approved.id]);
    expect(stream.events.map((e) => e.data).join('\n')).not.toMatch(new RegExp(`"id":(${pending.id}|${spam.id}|${rejected.id})\\b`));
    stream.close();
  });

  it('on reconnection with Last-Event-ID, sends only what was missed, without duplicates', async () => {
    const a = await article();
    const first = await comment(a.id);
    const one = await open(a.id, '?since=c0-u0');
    const got = (await one.until(isComment(first.id))).event;
    await one.until((e) => e.event === 'count');
    one.close();
    await vi.waitFor(() => expect(s.app.live.listeners()).toBe(0));

    const missed = [await comment(a.id), await comment(a.id)];
    // The page's ?since is older than what it received: the browser's Last-Event-ID wins.
    const two = await open(a.id, '?since=c0-u0', { 'last-event-id': got.id });
    const received = [(await two.next()).event, (await two.next()).event, (await two.next()).event];
    expect(received).toEqual(['comment', 'comment', 'count']);
    expect(two.events.slice(0, 2).map((e) => json(e).id)).toEqual(missed.map((c) => c.id));
    expect(json(two.events[2]!)).toMatchObject({ count: 3 });
    const later = await comment(a.id);
    await two.until(isComment(later.id));
    await new Promise((r) => setTimeout(r, POLL_MS * 3));
    const ids = two.events.filter((e) => e.event === 'comment').map((e) => json(e).id);
    expect(ids).toEqual([...missed.map((c) => c.id), later.id]);
    expect(new Set(ids).size).toBe(ids.length);
    two.close();
  });

  it('catches a page far behind all the way up, a batch at a time, with nothing else happening', async () => {
    const a = await article();
    const made: number[] = [];
    for (let i = 0; i < 130; i++) made.push((await comment(a.id)).id);
    const stream = await open(a.id, '?since=c0-u0');
    await stream.until((e) => e.event === 'comment' && json(e).id === made[made.length - 1], 10_000);
    await new Promise((r) => setTimeout(r, POLL_MS * 3));
    const ids = stream.events.filter((e) => e.event === 'comment').map((e) => json(e).id);
    expect(ids).toEqual(made);
    expect(stream.events.at(-1)?.id).toBe(`c${made[made.length - 1]}-u0`);
    stream.close();
  });

  it('sends every one of more than a batch of older comments approved at once', async () => {
    const a = await article();
    const held: number[] = [];
    for (let i = 0; i < 130; i++) held.push((await comment(a.id, { status: 'pending' })).id);
    const newer = await comment(a.id);
    const stream = await open(a.id, `?since=c${newer.id}-u0`);
    await stream.until((e) => e.event === 'count');
    // All at once, as another process's bulk decision would land between two polls.
    await database.db.transaction().execute(async (trx) => {
      for (const id of held) await updateComment(trx, id, { status: 'approved' });
    });
    await stream.until((e) => e.event === 'count' && json(e).count === 131, 10_000);
    await new Promise((r) => setTimeout(r, POLL_MS * 3));
    const ids = stream.events.filter((e) => e.event === 'comment').map((e) => json(e).id as number);
    expect(ids.sort((x, y) => x - y)).toEqual(held);
    stream.close();
  });

  it("gives pages a cursor at the thread's newest approved comment and live update, whichever page they show", async () => {
    const a = await article({ developing: true });
    expect(await s.app.live.cursor(a.id)).toEqual({ comment: 0, update: 0 });
    const root = await comment(a.id);
    const reply = await comment(a.id, { parentId: root.id });
    await comment(a.id, { status: 'pending' });
    const update = await s.app.services.articles.addLiveUpdate(a.id, 'An update.');
    const cursor = await s.app.live.cursor(a.id);
    expect(cursor).toEqual({ comment: reply.id, update: update.id });
    // A page holding that cursor is told nothing it already has.
    const stream = await open(a.id, `?since=c${cursor.comment}-u${cursor.update}`);
    const first = await stream.next();
    expect(first.event).toBe('count');
    const fresh = await comment(a.id);
    const { skipped } = await stream.until(isComment(fresh.id));
    expect(skipped).toEqual([]);
    stream.close();
  });

  it('starts from now when the page gives no cursor', async () => {
    const a = await article();
    const old = await comment(a.id);
    const stream = await open(a.id);
    const count = await stream.next();
    expect(count.event).toBe('count');
    expect(count.id).toBe(`c${old.id}-u0`);
    const fresh = await comment(a.id);
    const { skipped } = await stream.until(isComment(fresh.id));
    expect(skipped).toEqual([]);
    stream.close();
  });

  it('tells pages to drop a comment that is no longer visible, even when the change came from elsewhere', async () => {
    const a = await article();
    const root = await comment(a.id);
    const reply = await comment(a.id, { parentId: root.id });
    const stream = await open(a.id, `?since=c${reply.id}-u0`);
    expect(json(await stream.next())).toMatchObject({ count: 2 });
    // No signal: only the poll can notice. The reply goes with its parent.
    await setStatus(root.id, 'rejected');
    const removed = [await stream.next(), await stream.next()];
    expect(removed.map((e) => e.event)).toEqual(['removed', 'removed']);
    expect(removed.map((e) => json(e).id).sort()).toEqual([root.id, reply.id].sort());
    const count = await stream.next();
    expect(count.event).toBe('count');
    expect(json(count)).toEqual({ count: 0, label: '0 Comments' });
    stream.close();
  });

  it('sends a comment a moderator approves late, below the page cursor, exactly once', async () => {
    const a = await article();
    const held = await comment(a.id, { status: 'pending' });
    const newer = await comment(a.id);
    const stream = await open(a.id, `?since=c${newer.id}-u0`);
    await stream.until((e) => e.event === 'count');
    await setStatus(held.id, 'approved');
    s.app.services.commentSignals.emit('visible', { ...held, status: 'approved' });
    const got = (await stream.until(isComment(held.id))).event;
    // The cursor stays where it was: the page already has everything above it.
    expect(got.id).toBe(`c${newer.id}-u0`);
    expect(json(await stream.next())).toMatchObject({ count: 2 });
    await new Promise((r) => setTimeout(r, POLL_MS * 3));
    expect(stream.events.filter(isComment(held.id))).toHaveLength(1);
    stream.close();
  });

  it('keeps a reply approved under a held comment off the stream until its parent is approved too', async () => {
    const a = await article();
    const parent = await comment(a.id, { status: 'pending' });
    const reply = await comment(a.id, { parentId: parent.id, status: 'pending' });
    const stream = await open(a.id, '?since=c0-u0');
    await stream.until((e) => e.event === 'count');
    await s.app.services.moderation.act(ADMIN, reply.id, 'approve');
    await new Promise((r) => setTimeout(r, POLL_MS * 3));
    expect(stream.events.filter((e) => e.event === 'comment')).toEqual([]);
    expect(stream.events.map((e) => e.data).join('\n')).not.toMatch(new RegExp(`"id":${reply.id}\\b`));

    await s.app.services.moderation.act(ADMIN, parent.id, 'approve');
    const got = [(await stream.until((e) => e.event === 'comment')).event, await stream.next()];
    expect(got.map((e) => json(e).id)).toEqual([parent.id, reply.id]);
    expect(json((await stream.until((e) => e.event === 'count')).event)).toMatchObject({ count: 2 });
    stream.close();
  });

  it('sends live updates as the article page lists them, newest last in the stream', async () => {
    const a = await article({ developing: true });
    const before = await s.app.services.articles.addLiveUpdate(a.id, 'The first update.');
    const stream = await open(a.id, `?since=c0-u${before.id}`);
    await stream.until((e) => e.event === 'count');
    const update = await s.app.services.editorial.addLiveUpdate(ADMIN, a.id, 'Police have **closed** the bridge.');
    const got = await stream.next();
    expect(got.event).toBe('update');
    expect(got.id).toBe(`c0-u${update.id}`);
    const data = json(got);
    expect(data.id).toBe(update.id);
    const li = parse(`<ol class="live-updates">${String(data.html)}</ol>`).querySelector(`li#update-${update.id}`);
    expect(li?.classList.contains('live-update')).toBe(true);
    expect(li?.querySelector('time')?.getAttribute('datetime')).toBe(update.createdAt);
    expect(text(li?.querySelector('.live-update__body'))).toBe('Police have closed the bridge.');
    expect(text(li?.querySelector('.live-update__body strong'))).toBe('closed');

    // The same markup as the page itself shows for that update.
    const page = await s.app.inject({ method: 'GET', url: (await s.app.services.articles.findPublic(a.slug).then((f) => (f?.kind === 'article' ? f.article.path : '')))! });
    const onPage = parse(page.body).querySelector(`li#update-${update.id}`);
    expect(onPage?.outerHTML).toBe(li?.outerHTML);

    // A reconnecting page from before both updates receives both, oldest first.
    const again = await open(a.id, '?since=c0-u0');
    const [u1, u2] = [await again.next(), await again.next()];
    expect([u1.event, u2.event]).toEqual(['count', 'update']);
    expect(json(u2).id).toBe(before.id);
    expect(json(await again.next())).toMatchObject({ id: update.id });
    stream.close();
    again.close();
  });

  it('streams updates for articles whose comments are closed', async () => {
    const a = await article({ commentStatus: 'closed', developing: true });
    const stream = await open(a.id, '?since=c0-u0');
    expect(stream.status).toBe(200);
    await stream.until((e) => e.event === 'count');
    const update = await s.app.services.articles.addLiveUpdate(a.id, 'Still developing.');
    expect(json((await stream.until((e) => e.event === 'update')).event)).toMatchObject({ id: update.id });
    stream.close();
  });

  it('ends the stream when the article stops being public', async () => {
    const a = await article();
    const stream = await open(a.id, '?since=c0-u0');
    await stream.until((e) => e.event === 'count');
    await s.app.services.editorial.transition(ADMIN, a.id, 'unpublish');
    await stream.ended;
    expect(stream.isEnded()).toBe(true);
    // Not a closing process: the browser is not asked to hurry back (it will find the story gone).
    expect(stream.comments).not.toContain('closing; reconnect');
    expect(stream.retry()).toBe(3000);
    const res = await s.app.inject({ method: 'GET', url: `/live/articles/${a.id}`, headers: { accept: 'text/event-stream' } });
    expect(res.statusCode).toBe(404);
  });

  it('answers 404 for unknown, unpublished, future and malformed article ids, and 400 for a malformed cursor', async () => {
    const listening = s.app.live.listeners();
    const draft = await article({ status: 'draft', publishedAt: null });
    const future = await article({ status: 'scheduled', publishedAt: new Date(clock.now().getTime() + 3_600_000).toISOString() });
    const published = await article();
    for (const url of [
      '/live/articles/999999',
      `/live/articles/${draft.id}`,
      `/live/articles/${future.id}`,
      '/live/articles/abc',
      '/live/articles/0',
      '/live/articles/99999999999',
      '/live/articles/-1',
      '/live/articles/1.5',
    ]) {
      const res = await s.app.inject({ method: 'GET', url, headers: { accept: 'text/event-stream' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).not.toMatch(/event-stream/);
    }
    for (const [query, headers] of [
      ['?since=yesterday', {}],
      ['?since=c1-u2&since=c3-u4', {}],
      ['?since=c99999999999-u0', {}],
      ['', { 'last-event-id': 'c1' }],
    ] as const) {
      const res = await s.app.inject({ method: 'GET', url: `/live/articles/${published.id}${query}`, headers: { accept: 'text/event-stream', ...headers } });
      expect(res.statusCode, query || JSON.stringify(headers)).toBe(400);
      expect(JSON.parse(res.body).error.message).toMatch(/c123-u45/);
    }
    expect(s.app.live.listeners()).toBe(listening);
  });

  it('forgets a page as soon as it disconnects', async () => {
    const a = await article();
    const before = s.app.live.listeners();
    const stream = await open(a.id, '?since=c0-u0');
    await stream.next();
    expect(s.app.live.listeners()).toBe(before + 1);
    stream.close();
    await vi.waitFor(() => expect(s.app.live.listeners()).toBe(before));
  });
});

describe('live update limits and shutdown', () => {
  let database: TestDatabase;
  const clock = fixedClock('2024-03-29T15:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('refuses streams beyond the per-process cap with 503 and Retry-After, and beyond the per-address cap with 429', async () => {
    const s = await start(database, clock, { maxListeners: 2, maxPerAddress: 1 });
    try {
      const a = await buildArticle(s.app.services, clock.now());
      const one = await openSse(`${s.url}/live/articles/${a.id}`);
      expect(one.status).toBe(200);
      const sameAddress = await openSse(`${s.url}/live/articles/${a.id}`);
      expect(sameAddress.status).toBe(429);
      expect(Number(sameAddress.headers.get('retry-after'))).toBeGreaterThan(0);
      one.close();
      await vi.waitFor(() => expect(s.app.live.listeners()).toBe(0));

      const capped = await start(database, clock, { maxListeners: 1 });
      try {
        const first = await openSse(`${capped.url}/live/articles/${a.id}`);
        await first.next();
        const refused = await openSse(`${capped.url}/live/articles/${a.id}`);
        expect(refused.status).toBe(503);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        first.close();
      } finally {
        await capped.close();
      }
    } finally {
      await s.close();
    }
  });

  it('holds to both caps when many streams are asked for at the same moment', async () => {
    const s = await start(database, clock, { maxListeners: 3, maxPerAddress: 2 });
    const capped = await start(database, clock, { maxListeners: 2, maxPerAddress: 50 });
    const opened: SseStream[] = [];
    const burst = async (url: string, n: number) => {
      const got = await Promise.all(Array.from({ length: n }, () => openSse(url)));
      opened.push(...got);
      return got;
    };
    try {
      const a = await buildArticle(s.app.services, clock.now());
      // A script opening streams all at once must not slip past the checks while the article is looked up.
      const one = await burst(`${s.url}/live/articles/${a.id}`, 8);
      expect(one.map((x) => x.status).sort()).toEqual([200, 200, 429, 429, 429, 429, 429, 429]);
      const two = await burst(`${capped.url}/live/articles/${a.id}`, 6);
      expect(two.map((x) => x.status).sort()).toEqual([200, 200, 503, 503, 503, 503]);
      await Promise.all([...one, ...two].filter((x) => x.status === 200).map((x) => x.next()));
      expect(s.app.live.listeners()).toBe(2);
      expect(capped.app.live.listeners()).toBe(2);

      // Places taken while a request was refused, or by streams that ended, are given back.
      for (const x of opened) x.close();
      await vi.waitFor(() => expect(s.app.live.listeners()).toBe(0));
      for (let i = 0; i < 3; i++) {
        const unknown = await s.app.inject({ method: 'GET', url: '/live/articles/999999', headers: { accept: 'text/event-stream' } });
        expect(unknown.statusCode).toBe(404);
      }
      expect((await burst(`${s.url}/live/articles/${a.id}`, 2)).map((x) => x.status)).toEqual([200, 200]);
    } finally {
      for (const x of opened) x.close();
      await capped.close();
      await s.close();
    }
  });

  it('keeps the connection alive with comment lines', async () => {
    const s = await start(database, clock, { heartbeatMs: 50 });
    try {
      const a = await buildArticle(s.app.services, clock.now());
      const stream = await openSse(`${s.url}/live/articles/${a.id}`);
      await vi.waitFor(() => expect(stream.comments.length).toBeGreaterThanOrEqual(2), { timeout: 2000 });
      expect(stream.comments.every((c) => c === 'keep-alive')).toBe(true);
      stream.close();
    } finally {
      await s.close();
    }
  });

  it('ends open streams when the app closes, and closes promptly', async () => {
    const s = await start(database, clock);
    const a = await buildArticle(s.app.services, clock.now());
    const streams = [await openSse(`${s.url}/live/articles/${a.id}`), await openSse(`${s.url}/live/articles/${a.id}`)];
    await Promise.all(streams.map((x) => x.next()));
    const began = Date.now();
    await s.close();
    await Promise.all(streams.map((x) => x.ended));
    expect(streams.every((x) => x.isEnded())).toBe(true);
    expect(Date.now() - began).toBeLessThan(2000);
    expect(s.app.live.listeners()).toBe(0);
  });
  it('on a graceful close (SIGTERM, a rolling restart) tells open streams to come back soon, ends them, and does not wait for them', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-live-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await buildApp({ config: { ...config, database: database.config }, database, clock, live: { pollMs: POLL_MS } });
    // As server.ts closes on SIGTERM: the closer counts connections from before listening.
    const closeGracefully = gracefulCloser(app);
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      const a = await buildArticle(app.services, clock.now());
      const streams = [await openSse(`http://127.0.0.1:${port}/live/articles/${a.id}`), await openSse(`http://127.0.0.1:${port}/live/articles/${a.id}`)];
      await Promise.all(streams.map((x) => x.next()));
      expect(streams.map((x) => x.retry())).toEqual([3000, 3000]);
      const began = Date.now();
      await closeGracefully();
      await Promise.all(streams.map((x) => x.ended));
      // Well within the drain's grace (DRAIN_GRACE_MS), let alone a kill timeout.
      expect(Date.now() - began).toBeLessThan(DRAIN_GRACE_MS);
      for (const x of streams) {
        expect(x.isEnded()).toBe(true);
        expect(x.comments).toContain('closing; reconnect');
        // The browser reconnects (to another worker) within a second or so, not all at the same moment.
        expect(x.retry()).toBeGreaterThanOrEqual(250);
        expect(x.retry()).toBeLessThan(1250);
      }
      expect(app.live.listeners()).toBe(0);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * Two apps on one database, as two processes would run: on PostgreSQL a
 * shared schema, on SQLite a shared file (an in-memory database cannot be
 * shared, so this test makes a file of its own).
 */
async function sharedDatabase(): Promise<{ database: TestDatabase; second: DatabaseHandle }> {
  if (testDialect() === 'postgres') {
    const database = await createTestDatabase('postgres');
    return { database, second: await openDatabase(database.config) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-live-'));
  const config = { dialect: 'sqlite' as const, url: path.join(dir, 'shared.db') };
  const first = await openDatabase(config);
  await migrateToLatest(first.db);
  const database: TestDatabase = {
    ...first,
    config,
    async drop() {
      await first.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return { database, second: await openDatabase(config) };
}

describe('live updates across processes sharing one database', () => {
  let database: TestDatabase;
  let second: DatabaseHandle;
  const clock = fixedClock('2024-03-29T15:00:00.000Z');
  let one: Running;
  let two: Running;

  beforeAll(async () => {
    ({ database, second } = await sharedDatabase());
    one = await start(database, clock);
    two = await start({ ...second, config: database.config }, clock);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await second?.destroy();
    await database?.drop();
  });

  it("delivers another process's comments, removals and live updates within the poll interval", async () => {
    const a = await buildArticle(one.app.services, clock.now(), { developing: true });
    const stream = await openSse(`${one.url}/live/articles/${a.id}?since=c0-u0`);
    try {
      await stream.until((e) => e.event === 'count');
      const c = await two.app.services.comments.create({ articleId: a.id, authorName: 'Elsewhere', body: 'Posted through the other process.', status: 'approved' });
      const started = Date.now();
      const got = (await stream.until(isComment(c.id), POLL_MS * 20)).event;
      expect(Date.now() - started).toBeLessThan(POLL_MS * 20);
      expect(text(parse(`<ol>${String(json(got).html)}</ol>`).querySelector(`#comment-${c.id} .comment__body`))).toBe('Posted through the other process.');
      expect(json(await stream.next())).toMatchObject({ count: 1 });

      const update = await two.app.services.articles.addLiveUpdate(a.id, 'From the other desk.');
      expect(json((await stream.until((e) => e.event === 'update', POLL_MS * 20)).event)).toMatchObject({ id: update.id });

      await updateComment(second.db, c.id, { status: 'rejected' });
      expect(json((await stream.until((e) => e.event === 'removed', POLL_MS * 20)).event)).toEqual({ id: c.id });
      expect(stream.events.filter(isComment(c.id))).toHaveLength(1);
    } finally {
      stream.close();
    }
  });
});
