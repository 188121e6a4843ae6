import type { Generated } from 'kysely';

/* The comments table as the application sees it (re-exported by schema.ts). */

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'rejected' | 'deleted';

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  parent_id: number | null;
  author_name: string;
  author_email: string;
  body: string;
  status: CommentStatus;
  created_at: string;
  updated_at: string;
  /** The reader who wrote it; null for guests and staff. */
  reader_id: Generated<number | null>;
  /** The staff account that wrote it (shown with a badge). */
  account_id: Generated<number | null>;
  /** HMAC of the poster's IP address under the install secret; never the address. */
  ip_hash: Generated<string>;
  /** SHA-256 of the normalised body, for duplicate detection. */
  body_hash: Generated<string>;
  edited_at: Generated<string | null>;
  featured: Generated<number>;
  /** The classifier's spam probability (0–1) when it was posted. */
  spam_score: Generated<number | null>;
  /** JSON array of { token, weight }: the words that moved the score most. */
  score_reasons: Generated<string>;
  /** Why the policy held it ("First comment from this reader", "2 links", …). */
  held_reason: Generated<string>;
  report_count: Generated<number>;
  reaction_count: Generated<number>;
  /** The label the classifier last learnt from this comment ('spam' | 'ham'). */
  trained_as: Generated<string | null>;
  moderated_by: Generated<number | null>;
  moderated_at: Generated<string | null>;
  /** Approved comments beneath that would show were this one shown (all between approved or removed by their author), kept by difference. */
  visible_replies: Generated<number>;
}

/** A comment a moderator's decision changed, kept for a minute's undo (the comments module owns it). */
export interface CommentDecisionsTable {
  id: Generated<number>;
  /** The decision's random handle; a bulk action gives all its comments one. */
  handle: string;
  account_id: number | null;
  comment_id: number;
  action: string;
  from_status: CommentStatus;
  from_featured: number;
  from_trained_as: string | null;
  from_moderated_by: number | null;
  from_moderated_at: string | null;
  to_status: CommentStatus;
  to_featured: number;
  to_trained_as: string | null;
  /** How many open reports the decision closed (closed at decided_at, by account_id). */
  reports_resolved: Generated<number>;
  decided_at: string;
  undone_at: string | null;
}
