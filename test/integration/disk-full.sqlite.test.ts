import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle, buildSection } from '../helpers/factories.js';
import { captureLogs } from '../helpers/logs.js';

const MESSAGE = "The server's disk is full; nothing was saved. Please try again later.";

/**
 * A full disk is told as such: 507 "the server's disk is full; nothing was
 * saved", logged as disk full, and what was stored before stays intact. On
 * SQLite the database's page limit stands in for the disk; PostgreSQL's
 * disk_full (53100) is mapped the same way (src/platform/errors.test.ts).
 */
describe('a full disk', () => {
  let t: TestContext;
  const logs = captureLogs();
  let address = 0;

  beforeAll(async () => {
    t = await createTestApp({ dialect: 'sqlite', logger: { level: 'info', stream: logs.stream } });
    const s = await buildSection(t.services, { slug: 'news', name: 'News' });
    await buildArticle(t.services, t.clock.now(), { slug: 'real-story', sectionId: s.id, publishedAt: '2024-03-29T10:00:00Z' });
    await t.services.settings.update({ guestComments: true });
  });
  afterAll(() => t?.close());

  /** A guest's comment through the API, each from an address of its own (no rate limit in the way). */
  const post = async (body: string) => {
    const c = adminClient(t.app, `203.0.113.${++address}`);
    const session = await c.get('/api/v1/session');
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/articles/real-story/comments',
      remoteAddress: `203.0.113.${address}`,
      headers: { cookie: c.jar.header(), 'x-csrf-token': session.json().csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ body, name: 'Guest Person', email: `guest${address}@example.org` }),
    });
  };
  const stored = () => t.database.db.selectFrom('comments').select(['id', 'body']).orderBy('id').execute();

  it('answers 507, logs "disk full", and keeps what was stored', async () => {
    const first = await post('The first comment, written while there was room.');
    expect(first.statusCode, first.body).toBe(201);
    const before = await stored();

    // No page more than the database has now: the next write that needs one fails with SQLITE_FULL.
    const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(t.database.db)).rows[0]!.page_count;
    await sql.raw(`pragma max_page_count = ${pages}`).execute(t.database.db);
    let full;
    for (let i = 0; i < 200 && !full; i++) {
      const res = await post(`Comment number ${i} with enough words to need room: ${'harbour ferry council '.repeat(40)}`);
      if (res.statusCode !== 201) full = res;
    }
    expect(full, 'no write ever filled the database').toBeDefined();
    expect(full!.statusCode, full!.body).toBe(507);
    expect(full!.json().error).toEqual({ code: 'disk_full', message: MESSAGE, requestId: full!.headers['x-request-id'] });

    const line = logs.lines.find((l) => l.diskFull === true);
    expect(line?.msg).toBe('disk full: the write failed and nothing was saved');
    expect(logs.raw()).not.toMatch(/cannot rollback/);

    // What was stored before is intact, and the failed write left nothing half-done.
    const after = await stored();
    expect(after.slice(0, before.length)).toEqual(before);
    expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.database.db)).rows[0]!.integrity_check).toBe('ok');
    const thread = await t.app.inject({ url: '/api/v1/articles/real-story/comments' });
    expect(thread.statusCode).toBe(200);

    // With room again, writing works again.
    await sql.raw('pragma max_page_count = 1073741823').execute(t.database.db);
    expect((await post('Room again, so this one is kept.')).statusCode).toBe(201);
  });
});
