import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

/*
 * Stored visible comment counts (comment_totals, one row per article with any
 * visible comment). Every write to the comments table goes through the
 * comments repository, which refreshes the article's row in the same
 * transaction (`withTotals`), so reading a count is one indexed lookup
 * whatever the size of the thread. A refresh recounts the article's thread
 * with the same rules as the thread view (see the header of
 * comments.repository.ts): approved comments whose every ancestor is approved
 * or removed by its author. `repairTotals` recounts every article and fixes
 * what differs (the `repair-counts` command, and after an import).
 */

/** A stored count that differed from a recount, as fixed. */
export interface TotalChange {
  articleId: number;
  stored: number;
  counted: number;
}

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

/** Stored visible counts of these articles (absent: none). */
export async function storedVisible(db: Db, articleIds: number[]): Promise<Map<number, number>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db.selectFrom('comment_totals').select(['article_id', 'visible']).where('article_id', 'in', articleIds).execute();
  return new Map(rows.map((r) => [Number(r.article_id), Number(r.visible)]));
}

async function store(db: Db, articleId: number, n: number): Promise<void> {
  if (n === 0) {
    await db.deleteFrom('comment_totals').where('article_id', '=', articleId).execute();
    return;
  }
  await db
    .insertInto('comment_totals')
    .values({ article_id: articleId, visible: n })
    .onConflict((oc) => oc.column('article_id').doUpdateSet({ visible: n }))
    .execute();
}

/**
 * Inside a transaction on PostgreSQL: wait until no other transaction is
 * refreshing these articles' counts, so the recount that follows sees their
 * committed comments and neither overwrites the other with a count that
 * misses a comment. On SQLite every writing transaction begins IMMEDIATE,
 * holding the file's one write lock, so they run one at a time across processes already.
 */
async function lockArticles(trx: Db, ids: number[]): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const id of ids) await sql`select pg_advisory_xact_lock(hashtext(${`comment_totals:${id}`}))`.execute(trx);
}

/** Recount these articles' threads and store the counts (inside the caller's transaction). */
export async function refreshTotals(db: Db, articleIds: number[]): Promise<void> {
  const ids = [...new Set(articleIds)].sort((a, b) => a - b);
  await lockArticles(db, ids);
  const counted = await recountVisible(db, ids);
  for (const id of ids) await store(db, id, counted.get(id) ?? 0);
}

/**
 * Run a write to the comments table and refresh the counts of the articles it
 * touched, in one transaction (the caller's, when it is already in one).
 */
export async function withTotals<T>(db: Db, write: (trx: Db) => Promise<T>, touched: (result: T) => number[]): Promise<T> {
  const run = async (trx: Db) => {
    const result = await write(trx);
    await refreshTotals(trx, touched(result));
    return result;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Recount every article and fix each stored count that differs; returns what changed, by article id. */
export async function repairTotals(db: Db): Promise<TotalChange[]> {
  return db.transaction().execute(async (trx) => {
    const counted = await recountVisible(trx);
    const rows = await trx.selectFrom('comment_totals').select(['article_id', 'visible']).execute();
    const stored = new Map(rows.map((r) => [Number(r.article_id), Number(r.visible)]));
    const changes: TotalChange[] = [];
    for (const id of new Set([...counted.keys(), ...stored.keys()])) {
      const was = stored.get(id) ?? 0;
      const now = counted.get(id) ?? 0;
      if (was !== now) changes.push({ articleId: id, stored: was, counted: now });
    }
    changes.sort((a, b) => a.articleId - b.articleId);
    // In chunks rather than row by row: after an import every article's count is new.
    for (let i = 0; i < changes.length; i += 500) {
      const chunk = changes.slice(i, i + 500);
      await trx
        .deleteFrom('comment_totals')
        .where(
          'article_id',
          'in',
          chunk.map((c) => c.articleId),
        )
        .execute();
      const rows = chunk.filter((c) => c.counted > 0).map((c) => ({ article_id: c.articleId, visible: c.counted }));
      if (rows.length > 0) await trx.insertInto('comment_totals').values(rows).execute();
    }
    return changes;
  });
}
