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
  /** Visible replies below this comment that were not loaded ("Show N more replies"). */
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

/** A new comment or reply, as posted through the site's form or the API. */
export interface PostInput {
  articleId: number;
  parentId?: number | null;
  body: string;
  viewer: Viewer;
  /** A guest's name and email (only where the site allows guests; ignored for readers and staff). */
  guest?: { name: string; email: string };
  /** The poster's address; the service keeps only a salted hash of it. */
  ip: string;
  /**
   * From the HTML form: the honeypot field (people leave it empty) and the
   * signed token saying when the form was shown (see issueFormToken). Both are
   * checked when `viaForm` is true; API clients are held to rate limits instead.
   */
  viaForm?: boolean;
  honeypot?: string;
  formToken?: string;
}

export interface PostResult {
  comment: ThreadComment;
  /** approved: visible now; pending: waiting for a moderator. */
  status: 'approved' | 'pending';
  /** Why it was held, in words for the poster ('' when approved). */
  heldReason: string;
}

export type ReportReasonInput = 'spam' | 'abuse' | 'off_topic' | 'misinformation' | 'other';

/** Where a comment lives, for permalinks: the article, its top-level ancestor and the page of the thread that holds it. */
export interface CommentLocation {
  commentId: number;
  articleId: number;
  rootId: number;
  /** Page of the oldest-first thread holding the top-level ancestor. */
  page: number;
  /** Whether the comment is beyond the replies shown on that page (then it is on the ancestor's replies page). */
  inMoreReplies: boolean;
}

/** A reader's own comment, for their account page. */
export interface OwnComment {
  id: number;
  articleId: number;
  articleHeadline: string;
  articlePath: string;
  body: string;
  status: 'approved' | 'pending' | 'rejected' | 'removed';
  createdAt: string;
  editedAt: string | null;
}
