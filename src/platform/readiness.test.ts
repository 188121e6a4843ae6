import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createReadiness, type ReadinessOptions } from './readiness.js';

let dir: string;
let handle: DatabaseHandle;
let time: number;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-ready-'));
  handle = await openDatabase({ dialect: 'sqlite', url: ':memory:' });
  await migrateToLatest(handle.db);
  time = 0;
});

afterEach(async () => {
  await handle.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const readiness = (options: Partial<ReadinessOptions> = {}) => createReadiness({ db: handle.db, dataDir: dir, minFreeMb: 0, now: () => time, ...options });

describe('readiness', () => {
  it('reuses one result for cacheMs after it is made, so hard polling costs one round of checks', async () => {
    const r = readiness({ cacheMs: 1000 });
    expect((await r.report()).ready).toBe(true);
    await sql`delete from kysely_migration`.execute(handle.db);
    time = 999;
    expect((await r.report()).ready).toBe(true);
    time = 1000;
    expect((await r.report()).ready).toBe(false);
  });

  it('runs one round at a time: requests during a round share it', async () => {
    const r = readiness({ cacheMs: 0 });
    const first = r.report();
    expect(r.report()).toBe(first);
    await first;
    expect(r.report()).not.toBe(first);
  });

  it('tells of each change between ready and not ready, once, with the errors behind it', async () => {
    const seen: { ready: boolean; causes: string[] }[] = [];
    const r = readiness({ cacheMs: 0, onChange: (report, errors) => seen.push({ ready: report.ready, causes: Object.keys(errors) }) });
    await r.report();
    await r.report();
    await sql`delete from kysely_migration`.execute(handle.db);
    await r.report();
    await r.report();
    expect(seen).toEqual([
      { ready: true, causes: [] },
      { ready: false, causes: ['migrations'] },
    ]);
  });

  it('accepts migrations newer than this build (another process mid-upgrade), not fewer', async () => {
    expect((await readiness({ expectedMigrations: ['20261126T0000_initial'] }).report()).ready).toBe(true);
    const report = await readiness({ expectedMigrations: ['20261126T0000_initial', '29990101T0000_future'] }).report();
    expect(report.failed).toEqual([{ check: 'migrations', reason: 'schema not migrated: 1 of 2 migrations are not applied (the newest, 29990101T0000_future, is needed); run `broadsheet migrate`' }]);
  });
});
