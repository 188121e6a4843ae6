import type { CommentStatus } from '../../platform/db/schema.js';
import { articlePath } from '../../platform/urls.js';
import * as repo from './comments.repository.js';
import type { CommentsDeps, CommentsShared } from './comments.shared.js';

/** The name a closed account's kept comments show. */
export const DELETED_READER_NAME = 'Deleted reader';

/** What becomes of a reader's comments when they delete their account: kept under "Deleted reader", or removed. */
export type DeletedAccountComments = 'keep' | 'remove';

/** One of a reader's comments, as their data download lists it. */
export interface ReaderDataComment {
  id: number;
  articleHeadline: string;
  articlePath: string;
  parentId: number | null;
  body: string;
  status: CommentStatus;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
}

/** A comment the reader recommended. */
export interface ReaderDataReaction {
  commentId: number;
  articleHeadline: string;
  articlePath: string;
  createdAt: string;
}

/**
 * A reader's part in the discussion, for their data download, and what
 * happens to it when they delete their account. Counts stay right (every
 * status change goes through the counted writes) and every change is
 * announced, so cached pages showing those comments are dropped.
 */
export function createReaderDataOps({ db, settings, articles, events }: CommentsDeps, { now, announce }: CommentsShared) {
  /** Headline and path of each article, by id. */
  async function placesOf(articleIds: number[]): Promise<Map<number, { headline: string; path: string }>> {
    const site = await settings.get();
    const found = await Promise.all([...new Set(articleIds)].map((id) => articles.byId(id)));
    return new Map(found.filter((a) => a !== undefined).map((a) => [a.id, { headline: a.headline, path: articlePath(a.slug, a.published_at, site.timezone) }]));
  }

  return {
    /** Every comment the reader wrote (whatever became of it) and every comment they recommended, oldest first. */
    async readerData(readerId: number): Promise<{ comments: ReaderDataComment[]; reactions: ReaderDataReaction[] }> {
      const [rows, reactions] = await Promise.all([
        db.selectFrom('comments').selectAll().where('reader_id', '=', readerId).orderBy('created_at').orderBy('id').execute(),
        db
          .selectFrom('comment_reactions')
          .innerJoin('comments', 'comments.id', 'comment_reactions.comment_id')
          .select(['comment_reactions.comment_id', 'comment_reactions.created_at', 'comments.article_id'])
          .where('comment_reactions.reader_id', '=', readerId)
          .orderBy('comment_reactions.created_at')
          .execute(),
      ]);
      const places = await placesOf([...rows.map((r) => r.article_id), ...reactions.map((r) => r.article_id)]);
      const place = (id: number) => places.get(id) ?? { headline: '', path: '' };
      return {
        comments: rows.map((r) => ({
          id: r.id,
          articleHeadline: place(r.article_id).headline,
          articlePath: place(r.article_id).path,
          parentId: r.parent_id,
          body: r.body,
          status: r.status,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          editedAt: r.edited_at,
        })),
        reactions: reactions.map((r) => ({ commentId: r.comment_id, articleHeadline: place(r.article_id).headline, articlePath: place(r.article_id).path, createdAt: r.created_at })),
      };
    },

    /**
     * Before a reader's account goes: take back their recommendations, then
     * either remove their comments (as if they had deleted each: placeholders
     * stay while replies hang from them) or keep them; either way the comments
     * lose the reader's name, address and link to the account, and show as
     * "Deleted reader". Returns how many comments were changed.
     */
    async forgetReader(readerId: number, mode: DeletedAccountComments): Promise<number> {
      const at = now().toISOString();
      const reacted = await db.selectFrom('comment_reactions').select('comment_id').where('reader_id', '=', readerId).execute();
      for (const { comment_id: id } of reacted) {
        await db.transaction().execute(async (trx) => {
          await repo.lockKeys(trx, [`comment-reaction:${id}`]);
          await repo.setReaction(trx, id, readerId, false, at);
        });
        events.changed({ kind: 'comment', id });
      }
      const rows = await db.selectFrom('comments').select(['id', 'status']).where('reader_id', '=', readerId).orderBy('id').execute();
      for (const row of rows) {
        const anonymous = { author_name: DELETED_READER_NAME, author_email: '', reader_id: null, updated_at: at };
        const patch = mode === 'remove' && row.status !== 'deleted' ? { ...anonymous, status: 'deleted' as const, body: '', featured: 0 } : anonymous;
        const updated = await repo.updateComment(db, row.id, patch);
        announce(row.status, updated);
      }
      return rows.length;
    },
  };
}
