import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { type DatabaseConfig, loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { TEST_SITE_URL } from '../helpers/app.js';
import { migrateWithRetry, TEST_PG_URL } from '../helpers/db.js';

/*
 * The PostgreSQL server goes away under a running app and comes back. The app
 * reaches the server through a TCP relay the test cuts and restores, as a
 * network fault or a server restart would: every connection is dropped and new
 * ones are refused until it is back.
 */

/** A TCP relay to `target` that can be cut (closing every connection through it) and restored on the same port. */
function relay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  return {
    get port() {
      return port;
    },
    async start(): Promise<void> {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', end);
          s.on('close', end);
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
      port = (server.address() as net.AddressInfo).port;
    },
    async cut(): Promise<void> {
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      for (const s of sockets) s.destroy();
      sockets.clear();
      await closed;
      server = null;
    },
  };
}

describe('the database going away and coming back', () => {
  const target = new URL(TEST_PG_URL);
  const link = relay({ host: target.hostname, port: Number(target.port || 5432) });
  const schema = `t_outage_${crypto.randomBytes(5).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-outage-'));
  let database: DatabaseHandle;
  let app: App;

  beforeAll(async () => {
    await link.start();
    const url = new URL(TEST_PG_URL);
    url.hostname = '127.0.0.1';
    url.port = String(link.port);
    const dbConfig: DatabaseConfig = { dialect: 'postgres', url: url.toString(), schema };
    database = await openDatabase(dbConfig);
    await migrateWithRetry(database, schema);
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await buildApp({ config: { ...config, database: dbConfig }, database, clock: fixedClock('2024-03-29T15:00:00.000Z'), readiness: { cacheMs: 0 } });
    await app.ready();
  });

  afterAll(async () => {
    await link.cut();
    await app.close();
    await database.destroy();
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with a clear message meanwhile, stays alive, and serves again by itself', async () => {
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/articles' })).statusCode).toBe(200);

    await link.cut();
    const down = await app.inject({ url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'not ready', checks: { database: 'failed', migrations: 'skipped' } });
    // A connection the pool still held when the link was cut may be the one asked first.
    expect(down.json().failed).toEqual([{ check: 'database', reason: expect.stringMatching(/^the database did not answer a query \((ECONNREFUSED|connection lost)\)$/) }]);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const page = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('30');
    expect(page.body).toContain('temporarily unavailable');
    const api = await app.inject({ url: '/api/v1/articles' });
    expect(api.statusCode).toBe(503);
    expect(api.json()).toEqual({ error: { code: 'unavailable', message: expect.stringContaining('temporarily unavailable'), requestId: api.headers['x-request-id'] } });

    await link.start();
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/articles' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/', headers: { accept: 'text/html' } })).statusCode).toBe(200);
  });
});
