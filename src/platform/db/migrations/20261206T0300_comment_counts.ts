import { type Kysely, sql } from 'kysely';

/*
 * Stored comment counts: comment_totals holds each article's visible comment
 * count (approved comments readers can see), kept by the comments module in
 * the same transaction as every comment change, so listings and article pages
 * read one row instead of walking the thread. Articles without a row have
 * none. Backfilled here from a recount with the same rules as the thread
 * (`status || ''`: each step through the parent index, see comments.counts.ts).
 *
 * Indexes for the hot paths that had none (test/integration/query-plans.test.ts
 * explains them on both databases): the home listing walks articles newest
 * first by published_at whatever their status list, then stops at its limit.
 * Frozen: later changes go in new migrations.
 */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comment_totals')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('visible', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_published_idx').on('articles').columns(['published_at', 'id']).execute();

  await sql`
    insert into comment_totals (article_id, visible)
    with recursive visible(id, article_id, status) as (
      select id, article_id, status from comments where parent_id is null and status in ('approved', 'deleted')
      union all
      select c.id, c.article_id, c.status from comments c join visible v on c.parent_id = v.id
       where (c.status || '') in ('approved', 'deleted')
    )
    select article_id, count(*) from visible where status = 'approved' group by article_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_published_idx').execute();
  await db.schema.dropTable('comment_totals').execute();
}
