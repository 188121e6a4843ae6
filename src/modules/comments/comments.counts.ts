import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { CommentStatus } from '../../platform/db/schema.js';

/*
 * Stored counts, kept by difference in the same transaction as every change
 * to a comment (see the header of comments.repository.ts for what shows):
 *
 * - comments.visible_replies: the approved comments beneath a comment that
 *   would show were it shown (every comment between approved or removed by
 *   its author), whatever its own status;
 * - comment_totals.visible: an article's visible comments (the count readers
 *   see), and comment_totals.visible_roots: its top-level comments that take
 *   a place in the thread (approved ones, and removed ones with something
 *   shown beneath). One row per article with any; absent means none.
 *
 * A change to a comment (inserted, status changed, moved) changes what it
 * adds to its parent by a difference, which is added to each ancestor in
 * turn while the ancestor lets it through (approved or removed); reaching
 * the top, it changes the article's totals. Depth is small, so a write costs
 * a few single-row updates whatever the size of the thread. Every update is
 * `x = x + delta`; on PostgreSQL the writer first takes the article's
 * advisory lock, so the statuses and counts it reads on the way up cannot
 * change under it. `repairTotals` recounts everything and fixes what differs
 * (the `repair-counts` command, and after bulk loads and imports).
 */

/** The fields of a comment that its counts depend on. */
export interface CountedRow {
  id: number;
  article_id: number;
  parent_id: number | null;
  status: CommentStatus;
  visible_replies: number;
}

export const COUNTED_COLUMNS = ['id', 'article_id', 'parent_id', 'status', 'visible_replies'] as const;

/** A stored count that differed from a recount, as fixed: an article's visible total or top-level places, or a comment's visible replies. */
export interface TotalChange {
  kind: 'visible' | 'roots' | 'replies';
  articleId: number;
  /** The comment, for 'replies'. */
  commentId?: number;
  stored: number;
  counted: number;
}

/** Whether a comment lets the comments beneath it show. */
const passes = (status: CommentStatus) => status === 'approved' || status === 'deleted';
/** What a comment adds to its parent's visible replies (or, at the top, to the article's total). */
const upward = (r: Pick<CountedRow, 'status' | 'visible_replies'>) => (r.status === 'approved' ? 1 : 0) + (passes(r.status) ? Number(r.visible_replies) : 0);
/** Whether a top-level comment takes a place in the thread. */
const place = (status: CommentStatus, visibleReplies: number) => (status === 'approved' || (status === 'deleted' && visibleReplies > 0) ? 1 : 0);

/**
 * The visibility walk: from the top-level comments of these articles (every
 * article when undefined) down through approved ones and removed
 * placeholders. Rows with status 'approved' are the visible comments.
 * `status || ''` keeps SQLite from walking each step through the status index
 * (every approved comment, once per comment reached) instead of the parent index.
 */
export const visibleWalk = (articleIds?: number[]) => sql`
    with recursive visible(id, article_id, status) as (
      select id, article_id, status from comments
       where ${articleIds === undefined ? sql`` : sql`article_id in (${sql.join(articleIds)}) and`} parent_id is null and status in ('approved', 'deleted')
      union all
      select c.id, c.article_id, c.status from comments c join visible v on c.parent_id = v.id
       where (c.status || '') in ('approved', 'deleted')
    )`;

/** Visible comments per article, counted from the comments themselves; all articles when `articleIds` is undefined. Absent: none. */
export async function recountVisible(db: Db, articleIds?: number[]): Promise<Map<number, number>> {
  if (articleIds?.length === 0) return new Map();
  const { rows } = await sql<{ article_id: unknown; n: unknown }>`${visibleWalk(articleIds)}
    select article_id, count(*) as n from visible where status = 'approved' group by article_id`.execute(db);
  return new Map(rows.map((r) => [Number(r.article_id), Number(r.n)]));
}

/** Every comment's visible replies, counted (absent: none); only those of these articles' comments when given. */
export async function recountReplies(db: Db, articleIds?: number[]): Promise<Map<number, number>> {
  if (articleIds?.length === 0) return new Map();
  const { rows } = await sql<{ anc: unknown; n: unknown }>`
    with recursive walk(anc, id, status) as (
      select parent_id, id, status from comments
       where ${articleIds === undefined ? sql`` : sql`article_id in (${sql.join(articleIds)}) and`} parent_id is not null
      union all
      select w.anc, c.id, c.status from comments c join walk w on c.parent_id = w.id
       where w.status in ('approved', 'deleted')
    )
    select anc, count(*) as n from walk where status = 'approved' group by anc`.execute(db);
  return new Map(rows.map((r) => [Number(r.anc), Number(r.n)]));
}

/** Top-level places per article, from the stored visible replies (run after those are right). */
async function recountRoots(db: Db, articleIds?: number[]): Promise<Map<number, number>> {
  if (articleIds?.length === 0) return new Map();
  const { rows } = await sql<{ article_id: unknown; n: unknown }>`
    select article_id, count(*) as n from comments
     where ${articleIds === undefined ? sql`` : sql`article_id in (${sql.join(articleIds)}) and`} parent_id is null
       and (status = 'approved' or (status = 'deleted' and visible_replies > 0))
     group by article_id`.execute(db);
  return new Map(rows.map((r) => [Number(r.article_id), Number(r.n)]));
}

/** Stored visible counts of these articles (absent: none). */
export async function storedVisible(db: Db, articleIds: number[]): Promise<Map<number, number>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db.selectFrom('comment_totals').select(['article_id', 'visible']).where('article_id', 'in', articleIds).execute();
  return new Map(rows.map((r) => [Number(r.article_id), Number(r.visible)]));
}

/** The article's stored totals: its top-level places and its visible comments (0 when none). */
export async function storedTotals(db: Db, articleId: number): Promise<{ roots: number; visible: number }> {
  const row = await db.selectFrom('comment_totals').select(['visible_roots', 'visible']).where('article_id', '=', articleId).executeTakeFirst();
  return { roots: Number(row?.visible_roots ?? 0), visible: Number(row?.visible ?? 0) };
}

/**
 * Inside a transaction on PostgreSQL: wait until no other transaction is
 * changing these articles' comments (released at commit), always in the same
 * order. On SQLite every writing transaction begins IMMEDIATE, holding the
 * file's one write lock, so they run one at a time across processes already.
 */
export async function lockArticles(trx: Db, ids: number[]): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) await sql`select pg_advisory_xact_lock(hashtext(${`comment_totals:${id}`}))`.execute(trx);
}

/** Add to an article's totals; a row that reaches nothing goes. */
async function bumpTotals(trx: Db, articleId: number, visible: number, roots: number): Promise<void> {
  if (visible === 0 && roots === 0) return;
  await trx
    .insertInto('comment_totals')
    .values({ article_id: articleId, visible, visible_roots: roots })
    .onConflict((oc) =>
      oc.column('article_id').doUpdateSet({
        visible: sql`comment_totals.visible + excluded.visible`,
        visible_roots: sql`comment_totals.visible_roots + excluded.visible_roots`,
      }),
    )
    .execute();
  await trx.deleteFrom('comment_totals').where('article_id', '=', articleId).where('visible', '=', 0).where('visible_roots', '=', 0).execute();
}

/** Add `delta` visible replies under `parentId` and up its ancestors while they let it through; at the top, to the article. */
async function propagate(trx: Db, articleId: number, parentId: number, delta: number): Promise<void> {
  let id: number | null = parentId;
  while (id !== null && delta !== 0) {
    const row = await trx
      .updateTable('comments')
      .set({ visible_replies: sql`visible_replies + ${delta}` })
      .where('id', '=', id)
      .returning(['parent_id', 'status', 'visible_replies'])
      .executeTakeFirst();
    if (!row || !passes(row.status)) return;
    if (row.parent_id === null) {
      const now = Number(row.visible_replies);
      return bumpTotals(trx, articleId, delta, place(row.status, now) - place(row.status, now - delta));
    }
    id = Number(row.parent_id);
  }
}

/** What a comment adds where it hangs: +1 or -1 times its contribution. */
async function contribute(trx: Db, r: CountedRow, sign: 1 | -1): Promise<void> {
  if (r.parent_id === null) return bumpTotals(trx, Number(r.article_id), sign * upward(r), sign * place(r.status, Number(r.visible_replies)));
  return propagate(trx, Number(r.article_id), Number(r.parent_id), sign * upward(r));
}

/**
 * Inside the writer's transaction, holding the article's lock: a comment
 * changed from `before` (undefined: it is new) to `after`; change the counts
 * by the difference.
 */
export async function applyChange(trx: Db, before: CountedRow | undefined, after: CountedRow | undefined): Promise<void> {
  if (before && after && Number(before.article_id) === Number(after.article_id) && before.parent_id === after.parent_id) {
    const d = upward(after) - upward(before);
    if (after.parent_id === null) {
      return bumpTotals(trx, Number(after.article_id), d, place(after.status, Number(after.visible_replies)) - place(before.status, Number(before.visible_replies)));
    }
    return propagate(trx, Number(after.article_id), Number(after.parent_id), d);
  }
  if (before) await contribute(trx, before, -1);
  if (after) await contribute(trx, after, 1);
}

/** Compare stored and counted values by key; the differences, by key. */
function differences(stored: Map<number, number>, counted: Map<number, number>): { id: number; stored: number; counted: number }[] {
  const out: { id: number; stored: number; counted: number }[] = [];
  for (const id of new Set([...stored.keys(), ...counted.keys()])) {
    const was = stored.get(id) ?? 0;
    const now = counted.get(id) ?? 0;
    if (was !== now) out.push({ id, stored: was, counted: now });
  }
  return out.sort((a, b) => a.id - b.id);
}

/**
 * Recount and fix, inside the caller's transaction: every comment's visible
 * replies, then each article's totals; only these articles when given (a bulk
 * load). Returns what changed.
 */
export async function repairWithin(trx: Db, articleIds?: number[]): Promise<TotalChange[]> {
  const ids = articleIds === undefined ? undefined : [...new Set(articleIds)];
  if (ids) await lockArticles(trx, ids);
  const changes: TotalChange[] = [];

  const replyRows = await (
    ids === undefined
      ? trx.selectFrom('comments').select(['id', 'article_id', 'visible_replies']).where('visible_replies', '<>', 0)
      : trx
          .selectFrom('comments')
          .select(['id', 'article_id', 'visible_replies'])
          .where('article_id', 'in', ids.length > 0 ? ids : [-1])
          .where('visible_replies', '<>', 0)
  ).execute();
  const storedReplies = new Map(replyRows.map((r) => [Number(r.id), Number(r.visible_replies)]));
  const countedReplies = await recountReplies(trx, ids);
  const replyDiffs = differences(storedReplies, countedReplies);
  if (replyDiffs.length > 0) {
    const articleOf = new Map(replyRows.map((r) => [Number(r.id), Number(r.article_id)]));
    const missing = replyDiffs.filter((d) => !articleOf.has(d.id)).map((d) => d.id);
    for (let i = 0; i < missing.length; i += 500) {
      const rows = await trx
        .selectFrom('comments')
        .select(['id', 'article_id'])
        .where('id', 'in', missing.slice(i, i + 500))
        .execute();
      for (const r of rows) articleOf.set(Number(r.id), Number(r.article_id));
    }
    for (const d of replyDiffs) {
      await trx.updateTable('comments').set({ visible_replies: d.counted }).where('id', '=', d.id).execute();
      changes.push({ kind: 'replies', articleId: articleOf.get(d.id) ?? 0, commentId: d.id, stored: d.stored, counted: d.counted });
    }
  }

  const totalRows = await (
    ids === undefined
      ? trx.selectFrom('comment_totals').select(['article_id', 'visible', 'visible_roots'])
      : trx
          .selectFrom('comment_totals')
          .select(['article_id', 'visible', 'visible_roots'])
          .where('article_id', 'in', ids.length > 0 ? ids : [-1])
  ).execute();
  const [visible, roots] = await Promise.all([recountVisible(trx, ids), recountRoots(trx, ids)]);
  const visibleDiffs = differences(new Map(totalRows.map((r) => [Number(r.article_id), Number(r.visible)])), visible);
  const rootDiffs = differences(new Map(totalRows.map((r) => [Number(r.article_id), Number(r.visible_roots)])), roots);
  for (const d of visibleDiffs) changes.push({ kind: 'visible', articleId: d.id, stored: d.stored, counted: d.counted });
  for (const d of rootDiffs) changes.push({ kind: 'roots', articleId: d.id, stored: d.stored, counted: d.counted });
  const fix = [...new Set([...visibleDiffs, ...rootDiffs].map((d) => d.id))].sort((a, b) => a - b);
  // In chunks rather than row by row: after an import every article's totals are new.
  for (let i = 0; i < fix.length; i += 500) {
    const chunk = fix.slice(i, i + 500);
    await trx.deleteFrom('comment_totals').where('article_id', 'in', chunk).execute();
    const rows = chunk.map((id) => ({ article_id: id, visible: visible.get(id) ?? 0, visible_roots: roots.get(id) ?? 0 })).filter((r) => r.visible > 0 || r.visible_roots > 0);
    if (rows.length > 0) await trx.insertInto('comment_totals').values(rows).execute();
  }
  const order = { visible: 0, roots: 1, replies: 2 };
  return changes.sort((a, b) => a.articleId - b.articleId || order[a.kind] - order[b.kind] || (a.commentId ?? 0) - (b.commentId ?? 0));
}

/** Recount every comment and article and fix each stored count that differs; returns what changed. */
export function repairTotals(db: Db): Promise<TotalChange[]> {
  return db.transaction().execute((trx) => repairWithin(trx));
}
