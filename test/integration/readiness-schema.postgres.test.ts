import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { migrateWithRetry } from '../helpers/db.js';

/*
 * What only PostgreSQL can show: the schema dropped under a running app (as
 * `dropdb`/`createdb` do), readiness naming it, pages answering 503 rather
 * than 500, and everything back once migrated, without a restart.
 */

async function ready(ctx: TestContext) {
  const res = await ctx.app.inject({ url: '/readyz' });
  return { status: res.statusCode, body: res.json() as { status: string; checks: Record<string, string>; failed?: { check: string; reason: string }[] }, headers: res.headers };
}

describe('readiness when the schema goes away', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ dialect: 'postgres', readiness: { cacheMs: 0 } });
  });
  afterAll(async () => ctx.close());

  it('on PostgreSQL, with its schema dropped under the running app, says the schema is not migrated, answers pages 503 instead of 500, and recovers once migrated', async () => {
    const schema = ctx.database.config.schema!;
    const admin = new pg.Client({ connectionString: ctx.database.config.url });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      const r = await ready(ctx);
      expect(r.status).toBe(503);
      expect(r.body.checks).toMatchObject({ database: 'ok', migrations: 'failed' });
      expect(r.body.failed).toEqual([{ check: 'migrations', reason: 'schema not migrated: no migrations are applied; run `broadsheet migrate`' }]);
      expect((await ctx.app.inject({ url: '/healthz' })).statusCode).toBe(200);

      const page = await ctx.app.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe('30');
      expect(page.body).toContain('temporarily unavailable');
      const api = await ctx.app.inject({ url: '/api/v1/articles' });
      expect(api.statusCode).toBe(503);
      expect(api.json().error.code).toBe('unavailable');

      // What `broadsheet migrate` does; the running process needs no restart.
      await admin.query(`CREATE SCHEMA "${schema}"`);
      await migrateWithRetry(ctx.database, schema);
    } finally {
      await admin.end();
    }
    expect((await ready(ctx)).status).toBe(200);
    expect((await ctx.app.inject({ url: '/', headers: { accept: 'text/html' } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/v1/articles' })).statusCode).toBe(200);
  });
});
