import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/platform/db/migrations/index.js';
import { createTestApp, type TestContext } from '../helpers/app.js';

/*
 * /healthz says the process lives; /readyz says it can serve the site: the
 * database answers, its schema carries every migration this build knows, and
 * DATA_DIR can be written with room to spare. Readiness results are not reused
 * here (cacheMs 0), since each test changes the world between requests.
 */

const NEWEST = Object.keys(migrations).sort().at(-1)!;

async function ready(ctx: TestContext) {
  const res = await ctx.app.inject({ url: '/readyz' });
  return { status: res.statusCode, body: res.json() as { status: string; checks: Record<string, string>; failed?: { check: string; reason: string }[] }, headers: res.headers };
}

describe('health and readiness', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ readiness: { cacheMs: 0 } });
  });
  afterAll(async () => ctx.close());

  it('answers ready on a good site, and alive without asking anything', async () => {
    const r = await ready(ctx);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', data_directory: 'ok', free_space: 'ok' } });
    expect(r.headers['cache-control']).toBe('no-store');
    const health = await ctx.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['cache-control']).toBe('no-store');
    expect((await ctx.app.inject({ method: 'HEAD', url: '/readyz' })).statusCode).toBe(200);
    // The probe file is gone again.
    expect(fs.readdirSync(ctx.dataDir).filter((f) => f.startsWith('.ready-'))).toEqual([]);
  });

  it('is never rate limited, however hard a load balancer polls', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 150; i++) statuses.add((await ctx.app.inject({ url: '/readyz' })).statusCode);
    expect([...statuses]).toEqual([200]);
  });

  it('is not ready while a migration this build knows is missing, and ready again once it is applied', async () => {
    const db = ctx.database.db;
    await sql`delete from ${sql.table('kysely_migration')} where name = ${NEWEST}`.execute(db);
    try {
      const r = await ready(ctx);
      expect(r.status).toBe(503);
      expect(r.body.status).toBe('not ready');
      expect(r.body.checks).toMatchObject({ database: 'ok', migrations: 'failed', data_directory: 'ok', free_space: 'ok' });
      expect(r.body.failed).toEqual([{ check: 'migrations', reason: expect.stringContaining(`schema not migrated: 1 of ${Object.keys(migrations).length} migrations are not applied`) }]);
      expect(r.body.failed?.[0]?.reason).toContain(NEWEST);
      expect(r.body.failed?.[0]?.reason).toContain('broadsheet migrate');
      expect(r.headers['cache-control']).toBe('no-store');
    } finally {
      await sql`insert into ${sql.table('kysely_migration')} (name, timestamp) values (${NEWEST}, ${new Date().toISOString()})`.execute(db);
    }
    expect((await ready(ctx)).status).toBe(200);
  });

  it('is not ready when the disk has less free space than READY_MIN_FREE_MB, or DATA_DIR cannot be written', async () => {
    const other = await createTestApp({ readiness: { cacheMs: 0 }, env: { READY_MIN_FREE_MB: '1000000000' } });
    try {
      const low = await ready(other);
      expect(low.status).toBe(503);
      expect(low.body.checks).toEqual({ database: 'ok', migrations: 'ok', data_directory: 'ok', free_space: 'failed' });
      expect(low.body.failed).toEqual([{ check: 'free_space', reason: expect.stringMatching(/^\d+ MB free on DATA_DIR's disk, below READY_MIN_FREE_MB \(1000000000 MB\)$/) }]);

      fs.rmSync(other.dataDir, { recursive: true, force: true });
      // A file where the directory was: nothing can be written under it, not even by root.
      fs.writeFileSync(other.dataDir, 'not a directory');
      const r = await ready(other);
      expect(r.status).toBe(503);
      expect(r.body.checks).toMatchObject({ database: 'ok', migrations: 'ok', data_directory: 'failed' });
      expect(r.body.failed?.find((f) => f.check === 'data_directory')?.reason).toBe('DATA_DIR is not writable (ENOTDIR)');
      expect(JSON.stringify(r.body)).not.toContain(other.dataDir);
      expect((await other.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      fs.rmSync(other.dataDir, { force: true });
      fs.mkdirSync(other.dataDir);
      await other.close();
    }
  });

  // Last: the database handle stays closed.
  it('is not ready when the database is gone, and says so without internals', async () => {
    await ctx.database.destroy();
    const r = await ready(ctx);
    expect(r.status).toBe(503);
    expect(r.body.checks).toEqual({ database: 'failed', migrations: 'skipped', data_directory: 'ok', free_space: 'ok' });
    expect(r.body.failed).toEqual([{ check: 'database', reason: expect.stringMatching(/^the database did not answer a query \(/) }]);
    expect(JSON.stringify(r.body)).not.toMatch(/ at |sqlite|postgres:\/\/|kysely|pool/i);
    expect((await ctx.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    // Whatever cookie a prober sends, being alive costs no query.
    expect((await ctx.app.inject({ url: '/healthz', cookies: { bs_reader: 'x'.repeat(43) } })).statusCode).toBe(200);
  });
});
