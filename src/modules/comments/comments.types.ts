/** A comment as a reader sees it in the thread, with its visible replies. */
export interface ThreadComment {
  id: number;
  parentId: number | null;
  /** 0 for top-level comments. */
  depth: number;
  authorName: string;
  /** Empty for a removed comment (status "removed"). */
  body: string;
  createdAt: string;
  /** Position among top-level comments in oldest-first order (1-based); null for replies. */
  number: number | null;
  /**
   * approved: visible to all. pending: the viewer's own comment awaiting a
   * moderator (no one else sees it). removed: deleted by its author but kept
   * as a "comment removed" placeholder because replies hang from it.
   */
  state: 'approved' | 'pending' | 'removed';
  editedAt: string | null;
  featured: boolean;
  /** Written by a staff member (shown with a badge). */
  staff: boolean;
  reactions: number;
  /** The viewer has reacted to it. */
  reacted: boolean;
  /** The viewer wrote it (and so may edit it until `editableUntil`, and delete it). */
  mine: boolean;
  editableUntil: string | null;
  replies: ThreadComment[];
  /** Visible replies below this comment that were not loaded ("load more replies"). */
  moreReplies: number;
}

export type ThreadSort = 'oldest' | 'newest' | 'top';
export const THREAD_SORTS: ThreadSort[] = ['oldest', 'newest', 'top'];

/** Who is looking at or acting on a thread. */
export interface Viewer {
  readerId: number | null;
  /** A signed-in staff account (comments as itself, with a badge). */
  accountId: number | null;
}

export const ANONYMOUS: Viewer = { readerId: null, accountId: null };
