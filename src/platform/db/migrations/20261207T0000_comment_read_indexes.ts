import { type Kysely, sql } from 'kysely';

/*
 * Two reads that every article page and every live stream makes had no index
 * of their own, and sorted all of an article's approved comments to find a
 * few (5.6 ms of a 10,000-comment article's page, most of what a page built
 * anew costs there):
 * - an article's newest approved comment (where a page's live stream starts)
 *   and the approved comments after one (what a live stream sends): by
 *   (article, status, id);
 * - an article's featured comments (editors' picks): a partial index over
 *   the few comments featured, newest first;
 * - the first replies of each comment on a page: comments_replies_idx now
 *   holds the columns that say whether a reply shows (status,
 *   visible_replies), so each parent's range is read from the index alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_article_status_id_idx').on('comments').columns(['article_id', 'status', 'id']).execute();
  await sql`create index comments_featured_idx on comments (article_id, created_at) where featured = 1`.execute(db);
  await db.schema.dropIndex('comments_replies_idx').execute();
  await db.schema.createIndex('comments_replies_idx').on('comments').columns(['parent_id', 'created_at', 'id', 'status', 'visible_replies']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_replies_idx').execute();
  await db.schema.createIndex('comments_replies_idx').on('comments').columns(['parent_id', 'created_at', 'id']).execute();
  await db.schema.dropIndex('comments_featured_idx').execute();
  await db.schema.dropIndex('comments_article_status_id_idx').execute();
}
