import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStatistics } from '../../src/platform/db/maintenance.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

/*
 * After a bulk load (the demo, an import, `broadsheet generate`) the planner's
 * statistics are refreshed; on PostgreSQL the site's tables are vacuumed too,
 * so index-only scans (the counts of stories behind every listing's page
 * links) read the index alone rather than every table page.
 */
describe('refreshing statistics after a bulk load', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 5; i++) await buildArticle(t.services, t.clock.now());
  });
  afterAll(() => t?.close());

  it('analyses the tables on either database, and on PostgreSQL vacuums this site’s tables', async () => {
    const { db } = t.database;
    if (t.database.dialect === 'sqlite') {
      await refreshStatistics(t.database);
      const { rows } = await sql<{ tbl: string }>`select tbl from sqlite_stat1 where tbl = 'articles'`.execute(db);
      expect(rows.length).toBeGreaterThan(0);
      return;
    }
    const vacuumed = async () =>
      (
        await sql<{
          relname: string;
          schemaname: string;
        }>`select relname, schemaname from pg_stat_user_tables where last_vacuum is not null and last_analyze is not null and relname in ('articles', 'comments')`.execute(db)
      ).rows;
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
    expect((await vacuumed()).filter((r) => r.schemaname === schema)).toEqual([]);
    await refreshStatistics(t.database);
    // The statistics collector reports a moment later.
    let ours: string[] = [];
    for (let i = 0; i < 50 && ours.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ours = (await vacuumed())
        .filter((r) => r.schemaname === schema)
        .map((r) => r.relname)
        .sort();
    }
    expect(ours).toEqual(['articles', 'comments']);
  });
});
