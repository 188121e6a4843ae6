import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

/*
 * What the live stream asks the database about an article with open pages.
 * The pulse is the one query a poll makes per watched article; only when it
 * moves does the stream look further.
 */

export interface Pulse {
  /**
   * A fingerprint of the comment states that decide what is visible:
   * approved comments and removed placeholders (which keep their replies in
   * the thread). Any approval, hold, rejection or removal changes it.
   */
  comments: string;
  /** The newest live update's id (0 when none). */
  lastUpdate: number;
}

/** The article's pulse: comment fingerprint and newest live update, in one statement. */
export async function pulse(db: Db, articleId: number): Promise<Pulse> {
  const { rows } = await sql<{ a_n: unknown; a_sum: unknown; d_n: unknown; d_sum: unknown; last_update: unknown }>`
    select
      sum(case when c.status = 'approved' then 1 else 0 end) as a_n,
      sum(case when c.status = 'approved' then c.id else 0 end) as a_sum,
      sum(case when c.status = 'deleted' then 1 else 0 end) as d_n,
      sum(case when c.status = 'deleted' then c.id else 0 end) as d_sum,
      (select max(u.id) from live_updates u where u.article_id = ${articleId}) as last_update
    from comments c where c.article_id = ${articleId}`.execute(db);
  const r = rows[0];
  const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  return {
    comments: `${n(r?.a_n)}:${n(r?.a_sum)}:${n(r?.d_n)}:${n(r?.d_sum)}`,
    lastUpdate: n(r?.last_update),
  };
}

/**
 * Ids of the article's visible comments: approved, below nothing but approved
 * comments and removed placeholders (the thread's own rule).
 */
export async function visibleIds(db: Db, articleId: number): Promise<number[]> {
  const { rows } = await sql<{ id: unknown }>`
    with recursive walk(id, status) as (
      select id, status from comments
       where article_id = ${articleId} and parent_id is null and status in ('approved', 'deleted')
      union all
      select c.id, c.status from comments c join walk w on c.parent_id = w.id
       where c.status in ('approved', 'deleted')
    )
    select id from walk where status = 'approved'`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * The newest approved comment and live update of an article: where a page
 * rendered now stands, whichever page of the thread it shows.
 */
export async function newest(db: Db, articleId: number): Promise<{ comment: number; update: number }> {
  const { rows } = await sql<{ newest_comment: unknown; newest_update: unknown }>`
    select
      (select max(c.id) from comments c where c.article_id = ${articleId} and c.status = 'approved') as newest_comment,
      (select max(u.id) from live_updates u where u.article_id = ${articleId}) as newest_update`.execute(db);
  const r = rows[0];
  return { comment: Number(r?.newest_comment ?? 0), update: Number(r?.newest_update ?? 0) };
}
