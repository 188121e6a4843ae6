import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { CommentRow, CommentStatus, Database, NewCommentRow, ReportReason } from '../../platform/db/schema.js';
import { counted } from './comments.repository.js';

export { lockArticles } from './comments.counts.js';

/*
 * The moderators' queries over comments and their reports. Queues and
 * counts share one definition of each tab, so a tab's count always matches
 * what it lists.
 */

export type QueueName = 'pending' | 'reported' | 'spam' | 'all';

export interface QueueFilter {
  queue: QueueName;
  articleId?: number;
  readerId?: number;
  /** A further condition: the moderators' search (moderation.search.ts). */
  match?: (eb: ExpressionBuilder<Database, 'comments'>) => Expression<SqlBool>;
}

/** A comment with the few facts about its article a moderator sees beside it. */
/** A comment as the moderation pages load it (its article is looked up through the articles service). */
export type ModerationRow = CommentRow;

export interface OpenReportRow {
  comment_id: number;
  reason: ReportReason;
  note: string;
  created_at: string;
}

/** Whose comments a history is about: a reader, a staff account, or (for guests) an address hash. */
export type Commenter = { readerId: number } | { accountId: number } | { ipHash: string };

function base(db: Db) {
  return db.selectFrom('comments').selectAll('comments');
}

/** The rows of a tab, optionally narrowed to one article or one reader. */
function inQueue(eb: ExpressionBuilder<Database, 'comments'>, f: QueueFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (f.queue === 'pending') parts.push(eb('comments.status', '=', 'pending'));
  if (f.queue === 'spam') parts.push(eb('comments.status', '=', 'spam'));
  if (f.queue === 'reported') {
    // A comment its author deleted is gone from the thread: reports on it need no decision.
    parts.push(eb('comments.status', '!=', 'deleted'));
    parts.push(eb.exists(eb.selectFrom('comment_reports').select('comment_reports.id').whereRef('comment_reports.comment_id', '=', 'comments.id').where('comment_reports.resolved_at', 'is', null)));
  }
  if (f.articleId !== undefined) parts.push(eb('comments.article_id', '=', f.articleId));
  if (f.readerId !== undefined) parts.push(eb('comments.reader_id', '=', f.readerId));
  if (f.match) parts.push(f.match(eb));
  return eb.and(parts);
}

/** One page of a queue: pending oldest first (first in, first out), the others newest first. */
export function listQueue(db: Db, f: QueueFilter, limit: number, offset: number): Promise<ModerationRow[]> {
  const dir = f.queue === 'pending' ? 'asc' : 'desc';
  return base(db)
    .where((eb) => inQueue(eb, f))
    .orderBy('comments.created_at', dir)
    .orderBy('comments.id', dir)
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Which of these comments are still in a queue (e.g. still pending, still reported). */
export async function idsInQueue(db: Db, f: QueueFilter, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('comments')
    .select('id')
    .where('id', 'in', ids)
    .where((eb) => inQueue(eb, f))
    .execute();
  return rows.map((r) => Number(r.id));
}

export async function countQueue(db: Db, f: QueueFilter): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => inQueue(eb, f))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The parent and status of these comments (for walking up their threads). */
export function parentsAndStatuses(db: Db, ids: number[]): Promise<Pick<CommentRow, 'id' | 'parent_id' | 'status'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('comments').select(['id', 'parent_id', 'status']).where('id', 'in', ids).execute();
}

export const findComment = (db: Db, id: number): Promise<CommentRow | undefined> => db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();

export const findForModeration = (db: Db, id: number): Promise<ModerationRow | undefined> => base(db).where('comments.id', '=', id).executeTakeFirst();

export function findManyForModeration(db: Db, ids: number[]): Promise<ModerationRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return base(db).where('comments.id', 'in', ids).execute();
}

/**
 * Compare-and-set: change a comment only if its status and featured flag
 * are still what the moderator saw, so two moderators acting at once cannot
 * both apply (and train the classifier twice). Undefined when it had changed.
 */
export function updateIfUnchanged(db: Db, id: number, seen: Pick<CommentRow, 'status' | 'featured'>, patch: Partial<NewCommentRow>): Promise<CommentRow | undefined> {
  return counted(db, id, (trx) =>
    trx.updateTable('comments').set(patch).where('id', '=', id).where('status', '=', seen.status).where('featured', '=', seen.featured).returningAll().executeTakeFirst(),
  );
}

/** Open (unresolved) reports of these comments, oldest first. */
export function openReports(db: Db, commentIds: number[]): Promise<OpenReportRow[]> {
  if (commentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('comment_reports')
    .select(['comment_id', 'reason', 'note', 'created_at'])
    .where('comment_id', 'in', commentIds)
    .where('resolved_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Close a comment's open reports; returns how many were open. */
export async function resolveReports(db: Db, commentId: number, at: string, by: number | null): Promise<number> {
  const result = await db.updateTable('comment_reports').set({ resolved_at: at, resolved_by: by }).where('comment_id', '=', commentId).where('resolved_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A comment's ancestors, its top-level comment first. */
export async function ancestors(db: Db, comment: Pick<CommentRow, 'parent_id'>): Promise<ModerationRow[]> {
  const chain: ModerationRow[] = [];
  const seen = new Set<number>();
  let parentId = comment.parent_id;
  // Parents always exist before their replies, so this walks up to the root; the set guards against a corrupt loop.
  while (parentId !== null && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = await findForModeration(db, parentId);
    if (!parent) break;
    chain.unshift(parent);
    parentId = parent.parent_id;
  }
  return chain;
}

/** Direct replies to a comment, whatever their status, oldest first. */
export const replies = (db: Db, commentId: number): Promise<ModerationRow[]> => base(db).where('comments.parent_id', '=', commentId).orderBy('comments.created_at').orderBy('comments.id').execute();

function byCommenter(eb: ExpressionBuilder<Database, 'comments'>, who: Commenter): Expression<SqlBool> {
  if ('readerId' in who) return eb('comments.reader_id', '=', who.readerId);
  if ('accountId' in who) return eb('comments.account_id', '=', who.accountId);
  return eb.and([eb('comments.ip_hash', '=', who.ipHash), eb('comments.reader_id', 'is', null), eb('comments.account_id', 'is', null)]);
}

/** How many of this commenter's comments are in each status. */
export async function statusCounts(db: Db, who: Commenter): Promise<Map<CommentStatus, number>> {
  const rows = await db
    .selectFrom('comments')
    .select(['comments.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => byCommenter(eb, who))
    .groupBy('comments.status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** This commenter's latest comments other than `exceptId`, newest first. */
export const recentBy = (db: Db, who: Commenter, exceptId: number, limit: number): Promise<ModerationRow[]> =>
  base(db)
    .where((eb) => byCommenter(eb, who))
    .where('comments.id', '!=', exceptId)
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute();

/** A reader's comments waiting for a moderator. */
export const pendingByReader = (db: Db, readerId: number): Promise<CommentRow[]> =>
  db.selectFrom('comments').selectAll().where('reader_id', '=', readerId).where('status', '=', 'pending').orderBy('id').execute();

/** Comments filed as spam since a time (by the filter when posted, or by a moderator). */
export async function countSpamSince(db: Db, since: string): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'spam')
    .where((eb) => eb.or([eb('moderated_at', '>=', since), eb.and([eb('moderated_at', 'is', null), eb('created_at', '>=', since)])]))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
