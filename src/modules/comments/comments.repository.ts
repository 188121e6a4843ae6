import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { CommentRow, NewCommentRow } from '../../platform/db/schema.js';

export type ThreadRow = Pick<CommentRow, 'id' | 'parent_id' | 'author_name' | 'body' | 'created_at'>;

/*
 * "Visible" means approved with every ancestor approved: a reply under a held
 * or removed comment is not shown, so it is not counted either. The recursive
 * queries below walk down from approved top-level comments; the same SQL runs
 * on SQLite and PostgreSQL.
 */

/** Visible comment counts per article. Articles without comments are absent. */
export async function countVisible(db: Db, articleIds: number[]): Promise<Map<number, number>> {
  if (articleIds.length === 0) return new Map();
  const { rows } = await sql<{ article_id: number; n: number }>`
    with recursive visible(id, article_id) as (
      select id, article_id from comments
       where article_id in (${sql.join(articleIds)}) and parent_id is null and status = 'approved'
      union all
      select c.id, c.article_id from comments c join visible v on c.parent_id = v.id
       where c.status = 'approved'
    )
    select article_id, count(*) as n from visible group by article_id`.execute(db);
  return new Map(rows.map((r) => [Number(r.article_id), Number(r.n)]));
}

export async function countVisibleRoots(db: Db, articleId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .where('parent_id', 'is', null)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function visibleRoots(db: Db, articleId: number, limit: number, offset: number): Promise<ThreadRow[]> {
  return db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'author_name', 'body', 'created_at'])
    .where('article_id', '=', articleId)
    .where('parent_id', 'is', null)
    .where('status', '=', 'approved')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Every visible reply below the given comments, oldest first. */
export async function visibleDescendants(db: Db, rootIds: number[]): Promise<ThreadRow[]> {
  if (rootIds.length === 0) return [];
  const { rows } = await sql<ThreadRow>`
    with recursive thread(id, parent_id, author_name, body, created_at) as (
      select id, parent_id, author_name, body, created_at from comments
       where parent_id in (${sql.join(rootIds)}) and status = 'approved'
      union all
      select c.id, c.parent_id, c.author_name, c.body, c.created_at
        from comments c join thread t on c.parent_id = t.id
       where c.status = 'approved'
    )
    select id, parent_id, author_name, body, created_at from thread order by created_at, id`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), parent_id: r.parent_id === null ? null : Number(r.parent_id) }));
}

export const findById = (db: Db, id: number): Promise<CommentRow | undefined> =>
  db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();

export const insertComment = (db: Db, row: NewCommentRow): Promise<CommentRow> =>
  db.insertInto('comments').values(row).returningAll().executeTakeFirstOrThrow();

/** Insert many comments at once (demo and import); returns their ids in order. */
export async function insertMany(db: Db, rows: NewCommentRow[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const inserted = await db.insertInto('comments').values(chunk).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}
