import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as migration from '../../src/platform/db/migrations/20261206T0400_comment_subtree_counts.js';
import type { CommentStatus } from '../../src/platform/db/schema.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';

/*
 * The migration that adds the counts kept by difference fills them in for
 * comments already there: undone and run again over a thread with held,
 * removed and deep comments, it stores what the writes themselves stored.
 */

const NOW = '2024-03-29T15:00:00.000Z';

describe('the migration to counts kept by difference', () => {
  let t: TestContext;
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
  });
  afterAll(() => t?.close());

  async function snapshot() {
    const replies = await db().selectFrom('comments').select(['id', 'visible_replies']).orderBy('id').execute();
    const totals = await db().selectFrom('comment_totals').select(['article_id', 'visible', 'visible_roots']).orderBy('article_id').execute();
    return { replies: replies.map((r) => [Number(r.id), Number(r.visible_replies)]), totals: totals.map((r) => [Number(r.article_id), Number(r.visible), Number(r.visible_roots)]) };
  }

  it('backfills every comment and article as the writes keep them', async () => {
    const statuses: CommentStatus[] = ['approved', 'approved', 'deleted', 'pending', 'approved', 'rejected', 'approved', 'deleted', 'approved'];
    for (let a = 0; a < 2; a++) {
      const articleId = (await buildArticle(t.services, t.clock.now(), { slug: `migrated-${a}`, headline: `Migrated ${a}` })).id;
      const ids: number[] = [];
      for (let i = 0; i < 60; i++) {
        const parentId = i % 7 === 0 || ids.length === 0 ? null : ids[(i * 5 + a) % ids.length]!;
        ids.push((await t.services.comments.create({ articleId, parentId, authorName: `Migrated ${i}`, body: `Migrated thought ${i}.`, status: statuses[(i + a) % statuses.length]! })).id);
      }
    }
    const kept = await snapshot();
    expect(kept.replies.some(([, n]) => n! > 2)).toBe(true);
    expect(kept.totals).toHaveLength(2);

    await migration.down(db());
    await migration.up(db());
    expect(await snapshot()).toEqual(kept);
    expect(await t.services.comments.repairCounts()).toEqual([]);
  });
});
