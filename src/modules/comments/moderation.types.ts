import type { CommentRow, CommentStatus, ReportReason } from '../../platform/db/schema.js';
import type { AuditEntry } from '../audit/audit.service.js';
import type * as repo from './moderation.repository.js';
import type { CommentSearch } from './moderation.search.js';

/* The moderation service's vocabulary: its queues, actions, limits, and the shapes of what it answers. */

export type QueueName = repo.QueueName;
export const QUEUES: readonly QueueName[] = ['pending', 'reported', 'spam', 'all'];
export const isQueueName = (v: unknown): v is QueueName => QUEUES.includes(v as QueueName);

export type ModerationAction = 'approve' | 'reject' | 'spam' | 'feature' | 'unfeature';
export const MODERATION_ACTIONS: readonly ModerationAction[] = ['approve', 'reject', 'spam', 'feature', 'unfeature'];
export const isModerationAction = (v: unknown): v is ModerationAction => MODERATION_ACTIONS.includes(v as ModerationAction);

/** At most this many comments in one bulk action. */
export const MAX_BULK = 200;
/** Ban and moderation notes are kept to this length. */
export const MAX_NOTE = 500;
/** The longest suspension offered, in days; longer is a ban. */
export const MAX_SUSPEND_DAYS = 3650;

/** Who wrote a comment, as a moderator needs to know them. */
export type CommentAuthor =
  | { kind: 'guest'; name: string; email: string }
  | { kind: 'reader'; readerId: number; name: string; email: string; verified: boolean; bannedUntil: string | null; banned: boolean; banReason: string }
  | { kind: 'staff'; accountId: number; name: string };

export interface ScoreReason {
  token: string;
  /** Log-odds contribution: above 0 raised the spam score, below 0 lowered it. */
  weight: number;
}

/** The open reports of a comment, summed up. */
export interface ReportSummary {
  open: number;
  /** How many reports gave each reason, most frequent first. */
  reasons: { reason: ReportReason; count: number }[];
  /** What reporters wrote, oldest first (empty notes left out). */
  notes: { reason: ReportReason; note: string; createdAt: string }[];
}

/** One comment as the moderation queue shows it. */
export interface QueueItem {
  id: number;
  parentId: number | null;
  article: { id: number; headline: string; /** Null while readers cannot see the article. */ path: string | null };
  author: CommentAuthor;
  body: string;
  status: CommentStatus;
  createdAt: string;
  editedAt: string | null;
  featured: boolean;
  spamScore: number | null;
  scoreReasons: ScoreReason[];
  heldReason: string;
  reports: ReportSummary;
  moderatedAt: string | null;
  /** Held, rejected or spam: how many approved replies beneath it readers cannot see because of it. */
  hiddenReplies: number;
  /** Approved but unseen: the nearest comment above it that readers cannot see (pending, rejected or spam). */
  hiddenBy: { id: number; status: CommentStatus } | null;
}

export interface QueueQuery {
  queue: QueueName;
  page: number;
  perPage: number;
  articleId?: number;
  readerId?: number;
  /** Text to look for in the comments, their commenters and their stories (moderation.search.ts). */
  search?: CommentSearch;
}

/** Everything around one comment that helps decide about it. */
export interface CommentContext {
  comment: QueueItem;
  /** The comments it replies to, the top-level one first. */
  ancestors: QueueItem[];
  /** Its direct replies, whatever their status, oldest first. */
  replies: QueueItem[];
  /** The commenter's record: their comments by status, and their latest others. Null when they cannot be told apart (imported guests). */
  history: { counts: Record<CommentStatus, number>; recent: QueueItem[] } | null;
  /** What moderators did with this comment, newest first. */
  log: AuditEntry[];
  /** Bans and suspensions of its reader, newest first (empty for guests and staff). */
  readerLog: AuditEntry[];
}

export interface ActResult {
  comment: CommentRow;
  /** False when the comment already was as asked (nothing stored, nothing recorded). */
  changed: boolean;
  /** When it changed: the handle that undoes it, and until when (moderation.undo.ts). */
  undo?: UndoHandle;
}

/** What undoes a decision, and until when. */
export interface UndoHandle {
  handle: string;
  until: string;
}

export interface BulkResult {
  done: number;
  /** Comments left as they were, with the error's code and its message. */
  skipped: { id: number; code: string; message: string }[];
  /** The comments the action changed (those already as asked are done but unchanged). */
  changed: number[];
  /** When any changed: what undoes them all. */
  undo?: UndoHandle;
}

export interface BanInput {
  /** null bans for good; a number suspends for that many days. */
  days: number | null;
  reason: string;
  /** Also reject the reader's comments that wait in the queue. */
  removeComments?: boolean;
}
