import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleWalk } from './comments.counts.js';

/** A comment as an article's comments feed carries it. */
export interface FeedComment {
  id: number;
  authorName: string;
  /** Plain text, as the commenter wrote it. */
  body: string;
  createdAt: string;
  editedAt: string | null;
}

/** The newest approved comments readers can see under an article (the same rule as the thread and its count), newest first. */
async function newestVisible(db: Db, articleId: number, limit: number): Promise<FeedComment[]> {
  const { rows } = await sql<{ id: unknown; author_name: string; body: string; created_at: string; edited_at: string | null }>`${visibleWalk([articleId])}
    select c.id, c.author_name, c.body, c.created_at, c.edited_at from comments c
     where c.id in (select id from visible where status = 'approved')
     order by c.created_at desc, c.id desc
     limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), authorName: r.author_name, body: r.body, createdAt: r.created_at, editedAt: r.edited_at }));
}

/** What the feeds ask the comments module for. */
export function createCommentFeedReads({ db }: { db: Db }) {
  return {
    /** The newest `limit` approved, visible comments of an article, newest first (never pending, rejected, spam or deleted ones). */
    newestForFeed(articleId: number, limit: number): Promise<FeedComment[]> {
      return newestVisible(db, articleId, limit);
    },
  };
}
