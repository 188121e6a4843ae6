import type { CommentRow } from '../../platform/db/schema.js';
import type * as repo from './comments.repository.js';
import type { ThreadComment, Viewer } from './comments.types.js';

/* A thread's comments as the viewer sees them: rows presented, hung under their parents, capped. */

/** Replies shown under each top-level comment on a page of the thread; the rest load on demand. */
export const REPLIES_SHOWN = 3;
export interface ViewContext {
  viewer: Viewer;
  reacted: Set<number>;
  editWindowMs: number;
}

/** Whether the viewer wrote this comment. */
export const isMine = (row: Pick<CommentRow, 'reader_id' | 'account_id'>, viewer: Viewer) =>
  (viewer.readerId !== null && row.reader_id === viewer.readerId) || (viewer.accountId !== null && row.account_id === viewer.accountId);

/** A stored row as the viewer sees it (without replies). */
export function present(row: repo.ThreadRow, depth: number, ctx: ViewContext): ThreadComment {
  const state = row.status === 'approved' ? 'approved' : row.status === 'pending' ? 'pending' : 'removed';
  const mine = state !== 'removed' && isMine(row, ctx.viewer);
  return {
    id: row.id,
    parentId: row.parent_id,
    depth,
    authorName: state === 'removed' ? '' : row.author_name,
    body: state === 'removed' ? '' : row.body,
    createdAt: row.created_at,
    number: null,
    state,
    editedAt: state === 'removed' ? null : row.edited_at,
    featured: state === 'approved' && row.featured === 1,
    staff: row.account_id !== null && state !== 'removed',
    reactions: state === 'approved' ? row.reaction_count : 0,
    reacted: ctx.reacted.has(row.id),
    mine,
    editableUntil: mine && ctx.editWindowMs > 0 ? new Date(Date.parse(row.created_at) + ctx.editWindowMs).toISOString() : null,
    replies: [],
    moreReplies: 0,
  };
}

/** Hang rows (oldest first) under their parents, then drop removed comments left without replies. */
export function grow(roots: ThreadComment[], rows: repo.ThreadRow[], ctx: ViewContext): void {
  const byId = new Map<number, ThreadComment>(roots.map((r) => [r.id, r]));
  for (const row of rows) {
    const parent = row.parent_id === null ? undefined : byId.get(row.parent_id);
    if (!parent) continue; // its parent was not shown to this viewer
    const c = present(row, parent.depth + 1, ctx);
    parent.replies.push(c);
    byId.set(c.id, c);
  }
  const prune = (c: ThreadComment): boolean => {
    c.replies = c.replies.filter(prune);
    return c.state !== 'removed' || c.replies.length > 0;
  };
  roots.forEach(prune);
}

/** The replies of a comment in reading order (depth first, oldest first at each level). */
export function readingOrder(c: ThreadComment): ThreadComment[] {
  const out: ThreadComment[] = [];
  const walk = (x: ThreadComment) => {
    for (const r of x.replies) {
      out.push(r);
      walk(r);
    }
  };
  walk(c);
  return out;
}

/**
 * Keep the first `limit` replies in reading order; say on the top-level
 * comment how many replies it has beyond those shown (`total`: its stored
 * visible replies, plus the viewer's own held ones beneath it).
 */
export function cap(root: ThreadComment, limit: number, total: number): void {
  const all = readingOrder(root);
  const kept = new Set(all.slice(0, limit).map((c) => c.id));
  const trim = (c: ThreadComment) => {
    c.replies = c.replies.filter((r) => kept.has(r.id));
    c.replies.forEach(trim);
  };
  if (all.length > limit) trim(root);
  const shown = readingOrder(root).filter((c) => c.state !== 'removed').length;
  root.moreReplies = Math.max(0, total - shown);
}
