import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { articlePath } from '../../src/platform/urls.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { testDialect } from '../helpers/db.js';
import { buildArticle } from '../helpers/factories.js';

/*
 * What holds for every process on either database: its own changes reach
 * its cached pages at once, and settings heard to change are not kept from
 * an older read. Changes crossing processes on PostgreSQL are tested in
 * cross-process.postgres.test.ts.
 */

const dialect = testDialect();
const ADMIN: Actor = { accountId: null, role: 'admin', authorId: null, name: 'Test editor' };

describe('one process', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ env: { PAGE_CACHE_SECONDS: '600' } });
  });
  afterAll(async () => t?.close());

  it('has a change feed on PostgreSQL only, and its own changes reach its cached pages at once', async () => {
    expect(t.app.changeFeed === null).toBe(dialect === 'sqlite');
    const story = await buildArticle(t.services, t.clock.now(), { headline: 'Ferry timetable' });
    const site = await t.services.settings.get();
    const url = articlePath(story.slug, story.published_at, site.timezone);
    await t.app.inject({ method: 'GET', url });
    const hit = await t.app.inject({ method: 'GET', url });
    expect(hit.headers['x-cache']).toBe('hit');
    await t.services.editorial.update(ADMIN, story.id, { headline: 'Ferry timetable changes' }, story.version);
    const after = await t.app.inject({ method: 'GET', url });
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.body).toContain('Ferry timetable changes');
    await t.services.editorial.transition(ADMIN, story.id, 'unpublish');
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
  });
});

describe('settings heard to change while being read', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('are not kept from a read that began before the change', async () => {
    // Nothing cached: the next read goes to the database.
    t.services.events.receive({ kind: 'settings' });
    const reading = t.services.settings.get();
    // Another process's change is heard while that read is under way: what the read returns may predate the change.
    t.services.events.receive({ kind: 'settings' });
    await reading;
    const json = JSON.stringify('Heard mid-read');
    await t.database.db
      .insertInto('settings')
      .values({ key: 'name', value: json })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
      .execute();
    expect((await t.services.settings.get()).name).toBe('Heard mid-read');
  });
});

describe('reads that share a snapshot (SQLite, sqlite-read-batch.ts)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('end when a request arrives, so it reads what any process committed before it came', async () => {
    const original = t.database.freshReads;
    let calls = 0;
    t.database.freshReads = () => {
      calls += 1;
      original();
    };
    try {
      await t.app.inject({ method: 'GET', url: '/healthz' });
      await t.app.inject({ method: 'GET', url: '/' });
      expect(calls).toBe(2);
    } finally {
      t.database.freshReads = original;
    }
  });
});
