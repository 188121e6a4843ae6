import { repairTotals, type TotalChange } from './comments.counts.js';
import { createEditingOps } from './comments.editing.js';
import { createFeedbackOps } from './comments.feedback.js';
import { createCommentFeedReads } from './comments.feed-queries.js';
import { createPostingOps } from './comments.posting.js';
import { createReaderDataOps } from './comments.reader-data.js';
import { createRowOps } from './comments.rows.js';
import { type CommentsDeps, createCommentsShared } from './comments.shared.js';
import { createThreadReader } from './comments.thread.js';

export { REPLIES_SHOWN } from './comments.thread.js';
export type { ThreadComment } from './comments.types.js';
export type { ThreadAt, ThreadPage } from './comments.thread-page.js';
export type { FeedComment } from './comments.feed-queries.js';
export type { TotalChange } from './comments.counts.js';
export { DELETED_READER_NAME, type DeletedAccountComments, type ReaderDataComment, type ReaderDataReaction } from './comments.reader-data.js';

export type CommentsService = ReturnType<typeof createCommentsService>;

/** Comments: posting, editing, deleting, reporting and reacting, with the site's policy; and reading threads. */
export function createCommentsService(deps: CommentsDeps) {
  const { db, clock, settings, articles } = deps;
  const threads = createThreadReader({ db, clock, settings, articles });
  const shared = createCommentsShared(deps);
  return {
    ...threads,
    ...createPostingOps(deps, shared),
    ...createEditingOps(deps, shared),
    ...createFeedbackOps(deps, shared, threads),
    ...createRowOps(deps, shared),
    ...createCommentFeedReads(deps),
    ...createReaderDataOps(deps, shared),
    /** Recount every article's visible comments and fix the stored counts that differ; returns what changed. */
    repairCounts(): Promise<TotalChange[]> {
      return repairTotals(db);
    },
  };
}
