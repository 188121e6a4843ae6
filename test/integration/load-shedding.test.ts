import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestApp, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { buildArticle } from '../helpers/factories.js';
import { captureLogs } from '../helpers/logs.js';

/*
 * Under overload a request is answered 503 at once, with Retry-After and the
 * usual error body; /healthz still says alive and /readyz says not ready.
 * Pressure is switched on and off on cue (the `pressure` signal, sampled
 * every 100 ms); one test blocks the event loop for real.
 */

const SAMPLE_MS = 100;

describe('load shedding', () => {
  let ctx: TestContext;
  let pressed = false;
  const logs = captureLogs();
  let slug: string;

  beforeAll(async () => {
    ctx = await createTestApp({
      readiness: { cacheMs: 0 },
      logger: { level: 'warn', stream: logs.stream },
      shedding: { sampleIntervalMs: SAMPLE_MS, pressure: () => pressed },
    });
    slug = (await buildArticle(ctx.services, ctx.clock.now())).slug;
  });
  afterAll(async () => ctx.close());

  async function press(on: boolean) {
    pressed = on;
    await vi.waitFor(async () => expect((await ctx.app.inject({ url: '/api/v1/articles' })).statusCode).toBe(on ? 503 : 200));
  }

  it('changes nothing while not under pressure', async () => {
    for (const url of ['/', `/api/v1/articles/${slug}`, '/api/v1/articles', '/healthz']) {
      const res = await ctx.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['retry-after'], url).toBeUndefined();
    }
    const ready = await ctx.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', data_directory: 'ok', free_space: 'ok' } });
    expect(logs.lines.filter((l) => String(l.msg).startsWith('shedding'))).toEqual([]);
  });

  it('answers 503 with Retry-After and the usual error body, as JSON or as a page, while under pressure', async () => {
    await press(true);
    try {
      const api = await ctx.app.inject({ url: '/api/v1/articles' });
      expect(api.statusCode).toBe(503);
      expect(api.headers['retry-after']).toBe('5');
      expect(api.headers['cache-control']).toBe('no-store');
      expect(api.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(api.json()).toEqual({ error: { code: 'overloaded', message: 'The site is very busy right now. Please try again in a few seconds.' } });
      // The security headers are sent with it, as with any answer.
      expect(api.headers['x-content-type-options']).toBe('nosniff');

      const page = await ctx.app.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<title>Busy — please try again</title>');
      expect(page.body).toContain('Please try again in a few seconds.');

      const post = await ctx.app.inject({ method: 'POST', url: '/comments', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'body=hello' });
      expect(post.statusCode).toBe(503);
      const live = await ctx.app.inject({ url: '/live/articles/1', headers: { accept: 'text/event-stream' } });
      expect(live.statusCode).toBe(503);
      expect(live.headers['retry-after']).toBe('5');
    } finally {
      await press(false);
    }
  });

  it('keeps /healthz alive and /readyz not ready while shedding, and ready again after', async () => {
    await press(true);
    try {
      const health = await ctx.app.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await ctx.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'not ready',
        checks: { database: 'ok', migrations: 'ok', data_directory: 'ok', free_space: 'ok' },
        failed: [{ check: 'load', reason: 'shedding load: the process reports itself overloaded' }],
      });
      expect(ready.headers['cache-control']).toBe('no-store');
    } finally {
      await press(false);
    }
    expect((await ctx.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: `/api/v1/articles/${slug}` })).statusCode).toBe(200);
  });

  it('logs shedding at most about once a second, not once a request', async () => {
    await press(true);
    try {
      const before = logs.lines.length;
      for (let i = 0; i < 50; i++) expect((await ctx.app.inject({ url: '/api/v1/articles' })).statusCode).toBe(503);
      const shedLines = logs.lines.slice(before).filter((l) => l.msg === 'shedding load: answering 503 with Retry-After');
      expect(shedLines.length).toBeLessThanOrEqual(1);
      // Requests answered 503 on purpose are not logged as failures.
      expect(logs.lines.slice(before).filter((l) => l.msg === 'request failed')).toEqual([]);
    } finally {
      await press(false);
    }
    const line = logs.lines.find((l) => l.msg === 'shedding load: answering 503 with Retry-After');
    expect(line).toMatchObject({ level: 40, reason: 'the process reports itself overloaded' });
    expect(line?.shed).toBeGreaterThanOrEqual(1);
  });
});

describe('load shedding on its thresholds', () => {
  it('sheds while the event loop is held past SHED_MAX_EVENT_LOOP_DELAY_MS', async () => {
    const ctx = await createTestApp({ env: { SHED_MAX_EVENT_LOOP_DELAY_MS: '30' }, readiness: { cacheMs: 0 }, shedding: { sampleIntervalMs: 100 } });
    try {
      expect((await ctx.app.inject({ url: '/api/v1/articles' })).statusCode).toBe(200);
      await vi.waitFor(
        async () => {
          // Hold the loop, then let the sampler (overdue by now) see it.
          const until = Date.now() + 400;
          while (Date.now() < until) {
            /* busy */
          }
          await new Promise((resolve) => setImmediate(resolve));
          const res = await ctx.app.inject({ url: '/readyz' });
          expect(res.statusCode).toBe(503);
          expect(res.json().failed[0].reason).toMatch(/^shedding load: the event loop is delayed \d+ ms, over SHED_MAX_EVENT_LOOP_DELAY_MS \(30\)$/);
        },
        { timeout: 5000, interval: 10 },
      );
      // Once the loop runs freely again, the next samples let requests through.
      await vi.waitFor(async () => expect((await ctx.app.inject({ url: '/api/v1/articles' })).statusCode).toBe(200), { timeout: 3000 });
    } finally {
      await ctx.close();
    }
  });

  it('does not take the pauses of its own start for load', async () => {
    const database = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-shed-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHED_MAX_EVENT_LOOP_DELAY_MS: '30' });
    const app = await buildApp({ config: { ...config, database: database.config }, database, shedding: { sampleIntervalMs: 100 } });
    try {
      // Start-up work after the sampler began (as loading and migrating are in a real start).
      const until = Date.now() + 500;
      while (Date.now() < until) {
        /* busy */
      }
      await app.ready();
      // The sample that saw the pause has been taken by now.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const res = await app.inject({ url: '/api/v1/articles' });
      expect(res.statusCode).toBe(200);
    } finally {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('sheds a request while SHED_MAX_IN_FLIGHT are being answered, and admits again once one ends', async () => {
    const database = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-shed-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHED_MAX_IN_FLIGHT: '2' });
    const app = await buildApp({ config: { ...config, database: database.config }, database });
    // A page that takes as long as the test says.
    let open: () => void = () => {};
    const held = new Promise<void>((resolve) => (open = resolve));
    app.get('/held', async () => {
      await held;
      return { held: false };
    });
    try {
      await app.ready();
      const first = app.inject({ url: '/held' });
      const second = app.inject({ url: '/held' });
      // Both are in flight once /readyz (never counted) says so.
      await vi.waitFor(async () => {
        const ready = await app.inject({ url: '/readyz' });
        expect(ready.statusCode).toBe(503);
        expect(ready.json().failed).toEqual([{ check: 'load', reason: 'shedding load: 2 requests in flight, at SHED_MAX_IN_FLIGHT (2)' }]);
      });
      const res = await app.inject({ url: '/api/v1/articles' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({ error: { code: 'overloaded', message: 'The site is very busy right now. Please try again in a few seconds.' } });
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      open();
      // The admitted requests finish as they would have.
      expect((await first).statusCode).toBe(200);
      expect((await second).statusCode).toBe(200);
      // Answered requests give their places back: many in a row are all admitted.
      for (let i = 0; i < 5; i++) expect((await app.inject({ url: '/api/v1/articles' })).statusCode).toBe(200);
    } finally {
      open();
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('holds no place for a client still sending its body', async () => {
    const ctx = await createTestApp({ env: { SHED_MAX_IN_FLIGHT: '1' } });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as net.AddressInfo;
    const slow = net.connect(port, '127.0.0.1');
    try {
      await new Promise<void>((resolve) => slow.once('connect', resolve));
      slow.write('POST /comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < 3; i++) expect((await fetch(`http://127.0.0.1:${port}/api/v1/articles`)).status).toBe(200);
    } finally {
      slow.destroy();
      await ctx.close();
    }
  });
});
