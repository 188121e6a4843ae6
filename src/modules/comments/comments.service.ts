import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { CommentRow, CommentStatus, NewCommentRow } from '../../platform/db/schema.js';
import { invalidInput, notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import type { ArticlesService } from '../articles/articles.service.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import * as repo from './comments.repository.js';

/** A comment as a reader sees it, with its visible replies. */
export interface ThreadComment {
  id: number;
  parentId: number | null;
  authorName: string;
  body: string;
  createdAt: string;
  /** Position among top-level comments (1-based); null for replies. */
  number: number | null;
  replies: ThreadComment[];
}

export interface NewComment {
  articleId: number;
  parentId?: number | null;
  authorName: string;
  authorEmail?: string;
  body: string;
  status?: CommentStatus;
  createdAt?: string;
}

export const MAX_COMMENT_LENGTH = 3000;
const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'rejected', 'deleted'];

export type CommentsService = ReturnType<typeof createCommentsService>;

/** Turn flat rows (parents before children) into nested replies under the given roots. */
export function nest(roots: ThreadComment[], rows: repo.ThreadRow[]): void {
  const byId = new Map<number, ThreadComment>(roots.map((r) => [r.id, r]));
  const replies = rows.map<ThreadComment>((row) => ({
    id: row.id,
    parentId: row.parent_id,
    authorName: row.author_name,
    body: row.body,
    createdAt: row.created_at,
    number: null,
    replies: [],
  }));
  for (const c of replies) byId.set(c.id, c);
  // Rows come oldest first, so each parent's replies keep that order.
  for (const c of replies) if (c.parentId !== null) byId.get(c.parentId)?.replies.push(c);
}

/** Validate a comment body: trimmed, non-empty, within the length limit. */
export function cleanBody(body: unknown): string {
  if (typeof body !== 'string') throw invalidInput('A comment needs some text.');
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (!text) throw invalidInput('A comment needs some text.');
  if ([...text].length > MAX_COMMENT_LENGTH) throw invalidInput(`Comments are limited to ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters.`);
  return text;
}

/** Comments: threads, their visibility and their counts. */
export function createCommentsService(db: Db, clock: Clock, events: ContentEvents, articles: Pick<ArticlesService, 'byId'>) {
  return {
    /** Store a comment. Replies must belong to the same article. */
    async create(input: NewComment): Promise<CommentRow> {
      const body = cleanBody(input.body);
      const name = input.authorName?.trim();
      if (!name || name.length > 100) throw invalidInput('A comment needs an author name of 1 to 100 characters.');
      const status = input.status ?? 'pending';
      if (!STATUSES.includes(status)) throw invalidInput(`"${status}" is not a comment status.`);
      if (!(await articles.byId(input.articleId))) throw notFound('article');
      if (input.parentId != null) {
        const parent = await repo.findById(db, input.parentId);
        if (!parent) throw invalidInput('The comment you are replying to does not exist.');
        if (parent.article_id !== input.articleId) throw invalidInput('The comment you are replying to belongs to another article.');
      }
      const at = input.createdAt ? new Date(input.createdAt).toISOString() : clock.now().toISOString();
      const row = await repo.insertComment(db, {
        article_id: input.articleId,
        parent_id: input.parentId ?? null,
        author_name: name,
        author_email: input.authorEmail?.trim() ?? '',
        body,
        status,
        created_at: at,
        updated_at: at,
      });
      events.changed({ kind: 'comment', id: row.id });
      return row;
    },

    /** Bulk insert for the demo seeder and importers; rows are trusted. */
    async insertMany(rows: NewCommentRow[]): Promise<number[]> {
      const ids = await db.transaction().execute((trx) => repo.insertMany(trx, rows));
      events.changed({ kind: 'comment' });
      return ids;
    },

    /** Visible comment counts for each article id (0 when none). */
    async counts(articleIds: number[]): Promise<Map<number, number>> {
      const found = await repo.countVisible(db, [...new Set(articleIds)]);
      return new Map(articleIds.map((id) => [id, found.get(id) ?? 0]));
    },

    /**
     * One page of an article's thread: top-level comments oldest first, each
     * numbered, with all their visible replies nested beneath.
     */
    async thread(articleId: number, page: number, perPage: number): Promise<Page<ThreadComment>> {
      const totalRoots = await repo.countVisibleRoots(db, articleId);
      const offset = (page - 1) * perPage;
      const roots = (await repo.visibleRoots(db, articleId, perPage, offset)).map<ThreadComment>((r, i) => ({
        id: r.id,
        parentId: null,
        authorName: r.author_name,
        body: r.body,
        createdAt: r.created_at,
        number: offset + i + 1,
        replies: [],
      }));
      nest(roots, await repo.visibleDescendants(db, roots.map((r) => r.id)));
      return pageOf(roots, page, perPage, totalRoots);
    },
  };
}
