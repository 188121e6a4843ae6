import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WxrError } from '../../src/modules/imports/wxr.xml.js';
import { isAppError } from '../../src/platform/errors.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { damage, edit, SMALL } from '../helpers/wxr-mutations.js';

/*
 * Property test of the WordPress import, to the database: real exports,
 * damaged or made awkward (test/helpers/wxr-mutations.ts), either import
 * (a report, then the stories can be read back) or are refused with a
 * WxrError that gives the line and the reason, never another error, and a
 * refused file leaves every table as it was. The seed changes from run to
 * run; a failure prints it and the smallest mutation.
 */

describe('importing mangled WordPress exports', () => {
  let t: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-fuzz-'));
  let n = 0;

  /** Rows in the tables an import writes. */
  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of ['articles', 'comments', 'authors', 'sections', 'tags', 'media', 'import_links', 'redirects']) {
      const row = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db);
      out[table] = Number(row.rows[0]!.n);
    }
    return out;
  }

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a damaged export, or refuses it with a line and a reason and changes nothing', async () => {
    const outcomes = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: SMALL.length - 1 }),
        fc.oneof(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.array(fc.oneof(edit, damage), { minLength: 1, maxLength: 2 })),
        fc.boolean(),
        async (which, mutations, dryRun) => {
          let bytes: Buffer = SMALL[which]!;
          for (const m of mutations as Array<(b: Buffer) => Buffer>) bytes = m(bytes);
          const file = path.join(dir, `f${++n}.xml`);
          fs.writeFileSync(file, bytes);
          const before = await counts();
          try {
            const report = await t.services.imports.importWordPress(file, { timezone: 'America/Chicago', dryRun, pages: true, pingbacks: true });
            outcomes.imported++;
            expect(report.dryRun).toBe(dryRun);
            if (dryRun) expect(await counts()).toEqual(before);
            // What was imported can be read back and shown.
            const latest = await t.services.articles.latest(5, []);
            for (const a of latest) expect((await t.app.inject({ url: `/api/v1/articles/${a.slug}` })).statusCode).toBeLessThan(500);
          } catch (err) {
            if (!(err instanceof WxrError) && !isAppError(err)) throw err;
            outcomes.refused++;
            expect(err.message.trim()).not.toBe('');
            expect(await counts()).toEqual(before);
          } finally {
            fs.rmSync(file, { force: true });
          }
        },
      ),
      { numRuns: 100 },
    );
    expect(outcomes.imported).toBeGreaterThan(0);
  }, 180_000);
});
