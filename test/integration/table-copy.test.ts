import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations, describeTables, listTables, type TableInfo } from '../../src/platform/db/catalog.js';
import { migrations } from '../../src/platform/db/migrations/index.js';
import { insertRows, readSequence, type Row, setSequence, streamRows } from '../../src/platform/db/table-copy.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/*
 * platform/db's catalog and table copying on each dialect: what the database
 * says about its tables, rows read back in key order across many small
 * batches (keyset paging, text keys by code point), and id sequences.
 */

describe('table catalog and copying', () => {
  let d: TestDatabase;
  let tables: Map<string, TableInfo>;
  const all = async (table: string, options: Parameters<typeof streamRows>[3] = {}) => {
    const rows: Row[] = [];
    for await (const row of streamRows(d.db, d.dialect, tables.get(table)!, options)) rows.push(row);
    return rows;
  };

  beforeAll(async () => {
    d = await createTestDatabase();
    tables = await describeTables(d.db, d.dialect);
  });
  afterAll(() => d.drop());

  it('reads tables, columns, keys, references and sequences from the database itself', async () => {
    expect(await listTables(d.db, d.dialect)).toEqual(expect.arrayContaining(['articles', 'comments', 'kysely_migration', 'settings']));
    const comments = tables.get('comments')!;
    expect(comments.primaryKey).toEqual(['id']);
    expect(comments.serial).toBe('id');
    expect(comments.foreignKeys).toEqual(
      expect.arrayContaining([
        { column: 'parent_id', table: 'comments', refColumn: 'id' },
        { column: 'article_id', table: 'articles', refColumn: 'id' },
      ]),
    );
    const byName = new Map(comments.columns.map((c) => [c.name, c]));
    expect(byName.get('spam_score')).toMatchObject({ kind: 'real', nullable: true });
    expect(byName.get('featured')).toMatchObject({ kind: 'integer', nullable: false, hasDefault: true });
    expect(byName.get('body')).toMatchObject({ kind: 'text', nullable: false, hasDefault: false });
    expect(tables.get('comment_reactions')!.primaryKey).toEqual(['comment_id', 'reader_id']);
    expect(tables.get('settings')).toMatchObject({ primaryKey: ['key'], serial: null });
    expect(await appliedMigrations(d.db, d.dialect)).toEqual(Object.keys(migrations).sort());
  });

  it('streams rows in key order across batches, text keys by code point, with filters', async () => {
    const keys = ['b', 'B', 'a', 'é', 'Z', '10', '9', 'aa', 'ä'];
    await insertRows(
      d.db,
      tables.get('settings')!,
      keys.map((key) => ({ key, value: JSON.stringify(key) })),
    );
    expect((await all('settings', { batchSize: 2 })).map((r) => r.key)).toEqual([...keys].sort());

    const at = '2024-03-29T15:00:00.000Z';
    await insertRows(
      d.db,
      tables.get('tags')!,
      [7, 3, 11, 1, 5].map((id) => ({ id, slug: `tag-${id}`, name: `Tag ${id}`, created_at: at })),
    );
    await insertRows(d.db, tables.get('articles')!, [
      { id: 2, slug: 'two', headline: 'Two', status: 'draft', created_at: at, modified_at: at },
      { id: 4, slug: 'four', headline: 'Four', status: 'draft', created_at: at, modified_at: at },
    ]);
    await insertRows(d.db, tables.get('article_tags')!, [
      { article_id: 4, tag_id: 1 },
      { article_id: 2, tag_id: 7 },
      { article_id: 2, tag_id: 3 },
      { article_id: 4, tag_id: 11 },
      { article_id: 2, tag_id: 5 },
    ]);
    expect((await all('tags', { batchSize: 2 })).map((r) => r.id)).toEqual([1, 3, 5, 7, 11]);
    expect((await all('article_tags', { batchSize: 2 })).map((r) => `${r.article_id}:${r.tag_id}`)).toEqual(['2:3', '2:5', '2:7', '4:1', '4:11']);
    expect((await all('article_tags', { batchSize: 1, where: { article_id: 4 } })).map((r) => r.tag_id)).toEqual([1, 11]);
    expect((await all('tags', { where: { id: [3, 11, 99] } })).map((r) => r.slug)).toEqual(['tag-3', 'tag-11']);
    expect(await all('tags', { where: { id: [] } })).toEqual([]);
    const article = (await all('articles', { where: { id: 2 } }))[0]!;
    expect(article).toMatchObject({ id: 2, developing: 0, version: 1, section_id: null, comment_status: 'open' });
  });

  it('reads and sets id sequences, never below the largest id', async () => {
    const sections = tables.get('sections')!;
    expect(await readSequence(d.db, d.dialect, sections)).toBe(0);
    await insertRows(d.db, sections, [{ id: 4, slug: 'four', name: 'Four', description: '', position: 0, created_at: '2024-03-29T15:00:00.000Z' }]);
    await setSequence(d.db, d.dialect, sections, 40);
    expect(await readSequence(d.db, d.dialect, sections)).toBe(40);
    const next = await d.db
      .insertInto('sections')
      .values({ slug: 'next', name: 'Next', description: '', position: 1, created_at: '2024-03-29T15:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(next.id).toBe(41);
    await setSequence(d.db, d.dialect, sections, 2);
    expect(await readSequence(d.db, d.dialect, sections)).toBe(41);
    expect(await readSequence(d.db, d.dialect, tables.get('settings')!)).toBe(0);
  });
});
