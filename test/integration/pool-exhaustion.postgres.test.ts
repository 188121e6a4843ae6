import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { TEST_SITE_URL } from '../helpers/app.js';
import { captureLogs } from '../helpers/logs.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/*
 * Under load on PostgreSQL every pooled connection can be in use. A request
 * then waits for one a bounded time (connectionTimeoutMillis, shortened here)
 * and is answered 503 'busy' with Retry-After: never a 500, never a wait
 * without end. Here the pool's ten connections are held by hand.
 */

const POOL_SIZE = 10;

describe('a PostgreSQL pool with every connection in use', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let app: App;
  let dataDir: string;
  const logs = captureLogs();

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    handle = await openDatabase(database.config, { poolWaitMs: 300 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-pool-'));
    const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    app = await buildApp({ config: { ...config, database: database.config }, database: handle, logger: { level: 'warn', stream: logs.stream } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await handle.destroy();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Hold every connection of the pool until the returned function is called. */
  async function holdEveryConnection(): Promise<() => Promise<void>> {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const holders = Array.from({ length: POOL_SIZE }, () =>
      handle.db.connection().execute(async (conn) => {
        await sql`select 1`.execute(conn);
        held++;
        await gate;
      }),
    );
    while (held < POOL_SIZE) await new Promise((resolve) => setTimeout(resolve, 10));
    return async () => {
      release();
      await Promise.all(holders);
    };
  }

  it('answers 503 busy with Retry-After, as JSON and as a page, after a bounded wait', async () => {
    expect((await app.inject({ url: '/api/v1/articles' })).statusCode).toBe(200);
    const release = await holdEveryConnection();
    try {
      const began = Date.now();
      const api = await app.inject({ url: '/api/v1/articles' });
      expect(Date.now() - began).toBeLessThan(3000);
      expect(api.statusCode).toBe(503);
      expect(api.headers['retry-after']).toBe('5');
      // A 5xx names the request's id, so a reader can quote it.
      expect(api.json()).toEqual({ error: { code: 'busy', message: 'The site is very busy right now. Please try again in a few seconds.', requestId: api.headers['x-request-id'] } });

      const page = await app.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe('5');
      expect(page.body).toContain('The site is very busy right now.');
    } finally {
      await release();
    }
    // Logged as load, once a request, without a stack; never as a failure.
    expect(logs.lines.filter((l) => l.msg === 'request failed')).toEqual([]);
    expect(logs.lines.some((l) => l.msg === 'answered 503 busy: no database connection came free in time' && l.level === 40)).toBe(true);
    // And once connections come free, the site answers again.
    expect((await app.inject({ url: '/api/v1/articles' })).statusCode).toBe(200);
  });
});
