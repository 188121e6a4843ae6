import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as migration from '../../src/platform/db/migrations/20261208T0100_revision_kinds.js';
import { createTestApp, type TestContext } from '../helpers/app.js';

/*
 * The migration that gives revisions their kind marks the ones already kept
 * as saves, and gives every story whose version had no revision (workflow
 * steps raised the version without keeping one) a revision of that version.
 */

const NOW = '2024-03-29T15:00:00.000Z';

describe('the migration to revision kinds', () => {
  let t: TestContext;
  const db = () => t.database.db;
  const staff = { accountId: null, role: 'admin' as const, authorId: null, name: 'test' };

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
  });
  afterAll(() => t?.close());

  it('marks kept revisions as saves and fills the versions that had none', async () => {
    const ed = t.services.editorial;
    const a = await ed.create(staff, { headline: 'Pier reopens' });
    const saved = await ed.update(staff, a.id, { body: 'The pier reopened on Monday.', dek: 'After repairs.' }, a.version);
    const published = await ed.transition(staff, a.id, 'publish');
    const untouched = await ed.create(staff, { headline: 'A draft nobody moved' });
    // As before the migration: the step raised the version without a revision.
    await db().deleteFrom('article_revisions').where('article_id', '=', a.id).where('version', '=', published.version).execute();

    await migration.down(db());
    await migration.up(db());

    const rows = await db().selectFrom('article_revisions').select(['article_id', 'version', 'kind', 'body', 'fields']).orderBy('article_id').orderBy('version').execute();
    expect(rows.map((r) => [Number(r.article_id), Number(r.version), r.kind])).toEqual([
      [a.id, 1, 'save'],
      [a.id, saved.version, 'save'],
      [a.id, published.version, 'workflow'],
      [untouched.id, 1, 'save'],
    ]);
    const filled = rows.find((r) => Number(r.version) === published.version)!;
    expect(filled.body).toBe('The pier reopened on Monday.');
    expect(filled.fields).toBe(rows.find((r) => Number(r.version) === saved.version)!.fields);
    const history = await ed.revisions(staff, a.id);
    expect(history[0]).toMatchObject({ version: published.version, kind: 'workflow', changed: [] });
    expect((await ed.get(staff, a.id)).version).toBe(history[0]!.version);
  });
});
