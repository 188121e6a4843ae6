import fs from 'node:fs';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeTables } from '../../platform/db/catalog.js';
import { type DatabaseHandle, openDatabase } from '../../platform/db/database.js';
import { migrateToLatest } from '../../platform/db/migrator.js';
import { ENTITIES, OMITTED, SITE_TABLE, treatmentOf } from './export.format.js';
import { assertClassified, writeExport } from './export.writer.js';

/*
 * Every table the migrations create must be classified by the export format,
 * and documented: a table nobody classified is a table backups would lose.
 */

describe('export format classification', () => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openDatabase({ dialect: 'sqlite', url: ':memory:' });
    await migrateToLatest(handle.db);
  });
  afterEach(() => handle.destroy());

  const exportTo = (h: DatabaseHandle) => writeExport(h, { write: async () => {} }, { withSecrets: false, now: new Date() });

  it('classifies every table and column the migrations create', async () => {
    const tables = await describeTables(handle.db, 'sqlite');
    for (const name of tables.keys()) expect(treatmentOf(name), name).toBeDefined();
    expect(() => assertClassified(tables)).not.toThrow();
    for (const name of Object.keys(ENTITIES)) expect(tables.has(name), name).toBe(true);
  });

  it('documents the treatment of every table in docs/export-format.md', () => {
    const doc = fs.readFileSync(new URL('../../../docs/export-format.md', import.meta.url), 'utf8');
    for (const name of [...Object.keys(ENTITIES), ...Object.keys(OMITTED), SITE_TABLE]) expect(doc, name).toContain(`\`${name}\``);
    for (const [name, format] of Object.entries(ENTITIES)) for (const field of format.fields) expect(doc, `${name}.${field}`).toContain(`\`${field}\``);
  });

  it('refuses, loudly, to export a database with a table it does not classify', async () => {
    await sql`create table web_mentions (id integer primary key, source_url text not null)`.execute(handle.db);
    await expect(exportTo(handle)).rejects.toThrow('table "web_mentions" is not classified by the export format');
  });

  it('refuses a column the format does not list, and a listed column the database lacks', async () => {
    await sql`alter table articles add column subtitle text`.execute(handle.db);
    await expect(exportTo(handle)).rejects.toThrow(/^column articles\.subtitle is not in the export format: add it to articles's fields/);
    await sql`alter table articles drop column subtitle`.execute(handle.db);
    await sql`alter table tags drop column created_at`.execute(handle.db);
    await expect(exportTo(handle)).rejects.toThrow('the export format lists tags.created_at, which this database does not have: run "broadsheet migrate" first');
  });
});
