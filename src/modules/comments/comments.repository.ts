import { type Expression, type ExpressionBuilder, PostgresAdapter, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { CommentRow, Database, NewCommentRow, ReportReason } from '../../platform/db/schema.js';
import type { Viewer } from './comments.types.js';
import { applyChange, COUNTED_COLUMNS, type CountedRow, lockArticles, repairWithin, visibleWalk } from './comments.counts.js';

/*
 * "Visible" means approved with every ancestor approved or removed by its
 * author (a removed comment stays as a placeholder so its replies keep their
 * place). A reply under a held or rejected comment is not shown, so it is not
 * counted either. A viewer also sees their own comments that wait for a
 * moderator. The recursive queries walk down from the top-level comments; the
 * same SQL runs on SQLite and PostgreSQL.
 */

export const THREAD_COLUMNS = [
  'id',
  'article_id',
  'parent_id',
  'author_name',
  'body',
  'created_at',
  'status',
  'edited_at',
  'featured',
  'reaction_count',
  'reader_id',
  'account_id',
  'visible_replies',
] as const;

export type ThreadRow = Pick<CommentRow, (typeof THREAD_COLUMNS)[number]>;

const columnList = sql.raw(THREAD_COLUMNS.join(', '));
const prefixed = (alias: string) => sql.raw(THREAD_COLUMNS.map((c) => `${alias}.${c}`).join(', '));

/** Rows as both drivers return them: numbers as numbers. */
export function normalise(r: ThreadRow): ThreadRow {
  return {
    ...r,
    id: Number(r.id),
    article_id: Number(r.article_id),
    parent_id: r.parent_id === null ? null : Number(r.parent_id),
    featured: Number(r.featured),
    reaction_count: Number(r.reaction_count),
    reader_id: r.reader_id === null ? null : Number(r.reader_id),
    account_id: r.account_id === null ? null : Number(r.account_id),
    visible_replies: Number(r.visible_replies),
  };
}

/** SQL: may this row be walked through or shown for this viewer? (Not the removed-leaf pruning, done after.) */
function shownTo(viewer: Viewer, alias = '') {
  const p = alias ? `${alias}.` : '';
  return sql<SqlBool>`(${sql.raw(p)}status in ('approved', 'deleted') or (${sql.raw(p)}status = 'pending' and (${sql.raw(p)}reader_id = ${viewer.readerId ?? -1} or ${sql.raw(p)}account_id = ${viewer.accountId ?? -1})))`;
}

/** Ids of an article's visible comments. */
export async function visibleIds(db: Db, articleId: number): Promise<number[]> {
  const { rows } = await sql<{ id: unknown }>`${visibleWalk([articleId])}
    select id from visible where status = 'approved'`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * A fingerprint of the comment states that decide what is visible (approved
 * comments and removed placeholders): any approval, hold, rejection or
 * removal changes it. One cheap query, for noticing other processes' changes.
 */
export async function visibilityFingerprint(db: Db, articleId: number): Promise<string> {
  const { rows } = await sql<{ a_n: unknown; a_sum: unknown; d_n: unknown; d_sum: unknown }>`
    select
      sum(case when status = 'approved' then 1 else 0 end) as a_n,
      sum(case when status = 'approved' then id else 0 end) as a_sum,
      sum(case when status = 'deleted' then 1 else 0 end) as d_n,
      sum(case when status = 'deleted' then id else 0 end) as d_sum
    from comments where article_id = ${articleId}`.execute(db);
  const r = rows[0];
  const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  return `${n(r?.a_n)}:${n(r?.a_sum)}:${n(r?.d_n)}:${n(r?.d_sum)}`;
}

/** Approved top-level comments before this one in oldest-first order (its number is this plus one). */
export async function approvedRootsBefore(db: Db, articleId: number, createdAt: string, id: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from comments
     where article_id = ${articleId} and parent_id is null and status = 'approved'
       and (created_at < ${createdAt} or (created_at = ${createdAt} and id < ${id}))`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Every reply below the given comments that the viewer may see (or walk through), oldest first. */
export async function descendants(db: Db, parentIds: number[], viewer: Viewer): Promise<ThreadRow[]> {
  if (parentIds.length === 0) return [];
  const { rows } = await sql<ThreadRow>`
    with recursive thread as (
      select ${columnList} from comments
       where parent_id in (${sql.join(parentIds)}) and ${shownTo(viewer)}
      union all
      select ${prefixed('c')} from comments c join thread t on c.parent_id = t.id
       where ${shownTo(viewer, 'c')}
    )
    select ${columnList} from thread order by created_at, id`.execute(db);
  return rows.map(normalise);
}

/** A comment and its ancestors, the comment first and the top-level one last. */
export async function chain(db: Db, id: number): Promise<ThreadRow[]> {
  const { rows } = await sql<ThreadRow>`
    with recursive up as (
      select ${columnList}, 0 as lvl from comments where id = ${id}
      union all
      select ${prefixed('c')}, u.lvl + 1 from comments c join up u on c.id = u.parent_id
    )
    select ${columnList} from up order by lvl`.execute(db);
  return rows.map(normalise);
}

/** Approved comments of an article newer than an id, oldest first (callers check their ancestors). */
export async function approvedAfter(db: Db, articleId: number, afterId: number, limit: number): Promise<ThreadRow[]> {
  const rows = await db
    .selectFrom('comments')
    .select([...THREAD_COLUMNS])
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(normalise);
}

/** The newest approved comment's id in an article (0 when none). */
export async function newestApprovedId(db: Db, articleId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Featured, approved comments of an article, newest first. */
export async function featured(db: Db, articleId: number, limit: number): Promise<ThreadRow[]> {
  const rows = await db
    .selectFrom('comments')
    .select([...THREAD_COLUMNS])
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    // Written out, not a parameter: so the planner knows comments_featured_idx (featured = 1) holds every row.
    .where(sql<SqlBool>`featured = 1`)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(normalise);
}

export const findById = (db: Db, id: number): Promise<CommentRow | undefined> => db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();

/*
 * Every write to the comments table that can change what shows goes through
 * this file or moderation.repository.ts, inside `counted`, so the stored
 * counts (comments.counts.ts) change by the difference in the same transaction.
 */

/** Run in the caller's transaction, or in a new one. */
const inTransaction = <T>(db: Db, run: (trx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? run(db) : db.transaction().execute(run));

/** The counted fields of a comment, read after its article is locked. */
export const countedRow = (trx: Db, id: number): Promise<CountedRow | undefined> =>
  trx
    .selectFrom('comments')
    .select([...COUNTED_COLUMNS])
    .where('id', '=', id)
    .executeTakeFirst();

/**
 * Change one comment (`write` returns the row as it is after, or undefined
 * when it changed nothing) and the stored counts by the difference, in one
 * transaction holding the lock of its article (and of `alsoArticle`, where
 * the write moves it).
 */
export async function counted<T extends CountedRow>(db: Db, id: number, write: (trx: Db) => Promise<T | undefined>, alsoArticle?: number): Promise<T | undefined> {
  return inTransaction(db, async (trx) => {
    const where = await trx.selectFrom('comments').select('article_id').where('id', '=', id).executeTakeFirst();
    await lockArticles(trx, [where?.article_id, alsoArticle].filter((a) => a !== undefined).map(Number));
    const before = await countedRow(trx, id);
    const after = await write(trx);
    if (after) await applyChange(trx, before, after);
    return after;
  });
}

export const insertComment = (db: Db, row: NewCommentRow): Promise<CommentRow> =>
  inTransaction(db, async (trx) => {
    await lockArticles(trx, [row.article_id]);
    const inserted = await trx.insertInto('comments').values(row).returningAll().executeTakeFirstOrThrow();
    await applyChange(trx, undefined, inserted);
    return inserted;
  });

export async function updateComment(db: Db, id: number, patch: Partial<Omit<CommentRow, 'id'>>): Promise<CommentRow> {
  const row = await counted(db, id, (trx) => trx.updateTable('comments').set(patch).where('id', '=', id).returningAll().executeTakeFirst(), patch.article_id);
  if (!row) throw new Error(`no comment ${id}`);
  return row;
}

/** Change a comment's stored fields as given (imports): counts changed where it was and where it is now. */
export async function replaceComment(db: Db, id: number, patch: Partial<Omit<CommentRow, 'id'>>): Promise<void> {
  await counted(
    db,
    id,
    (trx) =>
      trx
        .updateTable('comments')
        .set(patch)
        .where('id', '=', id)
        .returning([...COUNTED_COLUMNS])
        .executeTakeFirst(),
    patch.article_id,
  );
}

/** Insert many comments at once (demo and import); returns their ids in order. The touched articles' counts are recounted once after. */
export async function insertMany(db: Db, rows: NewCommentRow[]): Promise<number[]> {
  return inTransaction(db, async (trx) => {
    const articleIds = rows.map((r) => r.article_id);
    await lockArticles(trx, articleIds);
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      const inserted = await trx.insertInto('comments').values(chunk).returning('id').execute();
      ids.push(...inserted.map((r) => r.id));
    }
    await repairWithin(trx, articleIds);
    return ids;
  });
}

/**
 * Inside a transaction: wait until no other transaction holds any of these
 * keys (released at commit), so a check and the write it allows happen as
 * one. PostgreSQL takes advisory locks; SQLite runs one transaction at a time
 * on its single connection already.
 */
export async function lockKeys(trx: Db, keys: string[]): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Always in the same order, so two transactions wanting the same keys cannot deadlock.
  for (const key of [...new Set(keys)].sort()) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/** Who posted: a reader, a staff account, or a guest known only by the hash of their address. */
export type PosterKey = { readerId: number } | { accountId: number } | { ipHash: string };

function byPoster(key: PosterKey): (eb: ExpressionBuilder<Database, 'comments'>) => Expression<SqlBool> {
  if ('readerId' in key) return (eb) => eb('reader_id', '=', key.readerId);
  if ('accountId' in key) return (eb) => eb('account_id', '=', key.accountId);
  return (eb) => eb('ip_hash', '=', key.ipHash);
}

/** When this poster's comments since a moment were made, oldest first (for rate limits). */
export async function postedSince(db: Db, key: PosterKey, since: string): Promise<string[]> {
  const rows = await db.selectFrom('comments').select('created_at').where(byPoster(key)).where('created_at', '>', since).orderBy('created_at').execute();
  return rows.map((r) => r.created_at);
}

/** Whether this poster already posted the same text since a moment. */
export async function hasDuplicate(db: Db, key: PosterKey, hash: string, since: string): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where(byPoster(key)).where('body_hash', '=', hash).where('created_at', '>', since).where('status', '!=', 'deleted').executeTakeFirst();
  return row !== undefined;
}

export async function approvedCountForReader(db: Db, readerId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reader_id', '=', readerId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Which of these comments the reader has reacted to. */
export async function reactedBy(db: Db, readerId: number, commentIds: number[]): Promise<Set<number>> {
  if (commentIds.length === 0) return new Set();
  const rows = await db.selectFrom('comment_reactions').select('comment_id').where('reader_id', '=', readerId).where('comment_id', 'in', commentIds).execute();
  return new Set(rows.map((r) => Number(r.comment_id)));
}

/** Add or remove one reader's reaction and store the new total; returns it. */
export async function setReaction(db: Db, commentId: number, readerId: number, on: boolean, at: string): Promise<number> {
  if (on) {
    await db
      .insertInto('comment_reactions')
      .values({ comment_id: commentId, reader_id: readerId, created_at: at })
      .onConflict((oc) => oc.columns(['comment_id', 'reader_id']).doNothing())
      .execute();
  } else {
    await db.deleteFrom('comment_reactions').where('comment_id', '=', commentId).where('reader_id', '=', readerId).execute();
  }
  const row = await db
    .selectFrom('comment_reactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('comment_id', '=', commentId)
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  await db.updateTable('comments').set({ reaction_count: n }).where('id', '=', commentId).execute();
  return n;
}

/** Whether this reader, or this address for guests, has an open report on the comment. */
export async function hasOpenReport(db: Db, commentId: number, by: { readerId: number } | { ipHash: string }): Promise<boolean> {
  const row = await db
    .selectFrom('comment_reports')
    .select('id')
    .where('comment_id', '=', commentId)
    .where('resolved_at', 'is', null)
    .where((eb) => ('readerId' in by ? eb('reader_id', '=', by.readerId) : eb.and([eb('reader_id', 'is', null), eb('ip_hash', '=', by.ipHash)])))
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertReport(db: Db, row: { comment_id: number; reader_id: number | null; ip_hash: string; reason: ReportReason; note: string; created_at: string }): Promise<number> {
  await db
    .insertInto('comment_reports')
    .values({ ...row, resolved_at: null, resolved_by: null })
    .execute();
  const count = await db
    .selectFrom('comment_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('comment_id', '=', row.comment_id)
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  const n = Number(count.n);
  await db.updateTable('comments').set({ report_count: n }).where('id', '=', row.comment_id).execute();
  return n;
}

/** A reader's own comments, newest first, for their account page. */
export async function byReader(db: Db, readerId: number, limit: number, offset: number): Promise<{ rows: CommentRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('comments')
      .selectAll()
      .where('reader_id', '=', readerId)
      .where('status', 'not in', ['spam', 'deleted'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reader_id', '=', readerId)
      .where('status', 'not in', ['spam', 'deleted'])
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
