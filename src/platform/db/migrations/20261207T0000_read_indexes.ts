import { type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * Reads that every article page, every live stream and every section page
 * makes, which grew with the data. An article's page sorted all of its
 * approved comments to find a few (5.6 ms of a 10,000-comment article's
 * page, most of what a page built anew costs there):
 * - an article's newest approved comment (where a page's live stream starts)
 *   and the approved comments after one (what a live stream sends): by
 *   (article, status, id);
 * - an article's featured comments (editors' picks): a partial index over
 *   the few comments featured, newest first;
 * - the first replies of each comment on a page: comments_replies_idx now
 *   holds the columns that say whether a reply shows (status,
 *   visible_replies), so each parent's range is read from the index alone;
 * - a section page's total of published stories (for its page links):
 *   articles_section_idx now holds status too, so the count reads the index
 *   alone (37 ms -> 0.9 ms for a section of 20,000 stories);
 * - on SQLite, a search's matches joined to their documents: each match
 *   read its whole document row (body and all) to check whether it may be
 *   shown; search_documents_hits_idx holds what that check and the ranking
 *   read, so a common word's 14,000 matches are counted in 9 ms, not 34
 *   (search.sqlite.ts names the index).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_article_status_id_idx').on('comments').columns(['article_id', 'status', 'id']).execute();
  await sql`create index comments_featured_idx on comments (article_id, created_at) where featured = 1`.execute(db);
  await db.schema.dropIndex('comments_replies_idx').execute();
  await db.schema.createIndex('comments_replies_idx').on('comments').columns(['parent_id', 'created_at', 'id', 'status', 'visible_replies']).execute();
  await db.schema.dropIndex('articles_section_idx').execute();
  await db.schema.createIndex('articles_section_idx').on('articles').columns(['section_id', 'published_at', 'status']).execute();
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await db.schema.createIndex('search_documents_hits_idx').on('search_documents').columns(['article_id', 'status', 'published_at', 'published_day', 'section_id']).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await db.schema.dropIndex('search_documents_hits_idx').execute();
  await db.schema.dropIndex('articles_section_idx').execute();
  await db.schema.createIndex('articles_section_idx').on('articles').columns(['section_id', 'published_at']).execute();
  await db.schema.dropIndex('comments_replies_idx').execute();
  await db.schema.createIndex('comments_replies_idx').on('comments').columns(['parent_id', 'created_at', 'id']).execute();
  await db.schema.dropIndex('comments_featured_idx').execute();
  await db.schema.dropIndex('comments_article_status_id_idx').execute();
}
