import { type Kysely, sql } from 'kysely';

/*
 * Counts kept by difference: each comment's `visible_replies` (the approved
 * comments beneath it that would show were it shown: every comment between
 * them approved or removed by its author) and each article's `visible_roots`
 * (top-level comments that take a place in the thread: approved ones, and
 * removed ones with something shown beneath). The comments module changes
 * them by the difference with every comment change, walking up the ancestor
 * chain, so no write recounts a thread.
 *
 * Indexes for the thread's pages (test/integration/query-plans.test.ts
 * explains them on both databases): top-level comments in each order the
 * thread offers, carrying the columns that decide whether a comment takes a
 * place, so paging (by key, or by offset for old links) and numbering read
 * the index only; and the replies of a comment in reading order.
 * Frozen: later changes go in new migrations.
 */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('visible_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('comment_totals')
    .addColumn('visible_roots', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('comments_roots_idx').on('comments').columns(['article_id', 'parent_id', 'created_at', 'id', 'status', 'visible_replies']).execute();
  await sql`create index comments_roots_top_idx on comments (article_id, parent_id, reaction_count desc, created_at, id, status, visible_replies)`.execute(db);
  await db.schema.createIndex('comments_replies_idx').on('comments').columns(['parent_id', 'created_at', 'id']).execute();
  await db.schema.dropIndex('comments_parent_idx').execute();

  // Backfill: every comment's approved descendants reached through approved or removed ones.
  await sql`
    with recursive walk(anc, id, status) as (
      select parent_id, id, status from comments where parent_id is not null
      union all
      select w.anc, c.id, c.status from comments c join walk w on c.parent_id = w.id
       where w.status in ('approved', 'deleted')
    )
    update comments set visible_replies = counted.n
      from (select anc, count(*) as n from walk where status = 'approved' group by anc) counted
     where comments.id = counted.anc`.execute(db);
  await sql`
    update comment_totals set visible_roots = (
      select count(*) from comments r
       where r.article_id = comment_totals.article_id and r.parent_id is null
         and (r.status = 'approved' or (r.status = 'deleted' and r.visible_replies > 0)))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_parent_idx').on('comments').column('parent_id').execute();
  for (const i of ['comments_replies_idx', 'comments_roots_top_idx', 'comments_roots_idx']) await db.schema.dropIndex(i).execute();
  await db.schema.alterTable('comment_totals').dropColumn('visible_roots').execute();
  await db.schema.alterTable('comments').dropColumn('visible_replies').execute();
}
