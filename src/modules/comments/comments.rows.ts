import type { CommentRow, CommentStatus, NewCommentRow } from '../../platform/db/schema.js';
import { invalidInput, notFound } from '../../platform/errors.js';
import { bodyHash, cleanBody } from './comments.policy.js';
import * as repo from './comments.repository.js';
import type { CommentsDeps, CommentsShared } from './comments.shared.js';

/** A comment stored as given (seeding, imports, tests): no policy applies. */
export interface NewComment {
  articleId: number;
  parentId?: number | null;
  authorName: string;
  authorEmail?: string;
  body: string;
  status?: CommentStatus;
  createdAt?: string;
  readerId?: number | null;
  accountId?: number | null;
}

/** The default length limit, for callers without the site's settings at hand. */
export const MAX_COMMENT_LENGTH = 3000;
const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'rejected', 'deleted'];

/**
 * The row for a comment stored as given (seeding, imports, tests), its text
 * and fields checked; whether its article and parent exist is the caller's
 * to check.
 */
export function storedComment(input: NewComment, maxLength: number, now: string): NewCommentRow {
  const body = cleanBody(input.body, maxLength);
  const name = input.authorName?.trim();
  if (!name || name.length > 100) throw invalidInput('A comment needs an author name of 1 to 100 characters.');
  const status = input.status ?? 'pending';
  if (!STATUSES.includes(status)) throw invalidInput(`"${status}" is not a comment status.`);
  if (input.createdAt !== undefined && Number.isNaN(Date.parse(input.createdAt))) throw invalidInput("A comment's time must be an ISO-8601 date and time.");
  const at = input.createdAt ? new Date(input.createdAt).toISOString() : now;
  return {
    article_id: input.articleId,
    parent_id: input.parentId ?? null,
    author_name: name,
    author_email: input.authorEmail?.trim() ?? '',
    body,
    status,
    created_at: at,
    updated_at: at,
    reader_id: input.readerId ?? null,
    account_id: input.accountId ?? null,
    body_hash: bodyHash(body),
  };
}

/** Stored rows as they are, for other services, seeding and imports: no posting rules apply. */
export function createRowOps({ db, events, settings, articles }: CommentsDeps, { now, announce }: CommentsShared) {
  return {
    /** Look up a stored comment row by id (for other services). */
    byId(id: number): Promise<CommentRow | undefined> {
      return repo.findById(db, id);
    },

    /** Store a comment as given, without the posting rules (seeding, imports, tests). Replies must belong to the same article. */
    async create(input: NewComment): Promise<CommentRow> {
      const checked = storedComment(input, Math.max(MAX_COMMENT_LENGTH, (await settings.get()).maxCommentLength), now().toISOString());
      if (!(await articles.byId(input.articleId))) throw notFound('article');
      if (input.parentId != null) {
        const parent = await repo.findById(db, input.parentId);
        if (!parent) throw invalidInput('The comment you are replying to does not exist.');
        if (parent.article_id !== input.articleId) throw invalidInput('The comment you are replying to belongs to another article.');
      }
      const row = await repo.insertComment(db, checked);
      announce(null, row);
      return row;
    },

    /** Bulk insert for the demo seeder and importers; rows are trusted. */
    /**
     * Mark a stored comment as an editors' pick and record readers'
     * recommendations of it, as given (seeding): no moderation log, no
     * posting rules. Only approved comments can be picks.
     */
    async seedFeedback(id: number, input: { featured?: boolean; recommendedBy?: number[]; at?: string }): Promise<void> {
      const row = await repo.findById(db, id);
      if (!row) throw notFound('comment');
      const at = input.at ?? now().toISOString();
      await db.transaction().execute(async (trx) => {
        for (const readerId of input.recommendedBy ?? []) await repo.setReaction(trx, id, readerId, true, at);
        if (input.featured && row.status === 'approved') await repo.updateComment(trx, id, { featured: 1 });
      });
      events.changed({ kind: 'comment', id });
    },

    async insertMany(rows: NewCommentRow[]): Promise<number[]> {
      const ids = await db.transaction().execute((trx) => repo.insertMany(trx, rows));
      events.changed({ kind: 'comment' });
      return ids;
    },
  };
}
