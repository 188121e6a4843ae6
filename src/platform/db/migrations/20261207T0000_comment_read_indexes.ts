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
 *   the few comments featured, newest first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_article_status_id_idx').on('comments').columns(['article_id', 'status', 'id']).execute();
  await sql`create index comments_featured_idx on comments (article_id, created_at) where featured = 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_featured_idx').execute();
  await db.schema.dropIndex('comments_article_status_id_idx').execute();
}
