import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { CommentStatus } from '../../platform/db/schema.js';
import { normalise, THREAD_COLUMNS, type ThreadRow } from './comments.repository.js';
import type { ThreadSort, Viewer } from './comments.types.js';

/*
 * The queries behind a page of a thread, whose cost does not grow with the
 * thread. What takes a place comes from the stored counts
 * (comments.counts.ts): a top-level comment takes one when approved, or when
 * removed with something shown beneath (visible_replies > 0); a reply shows
 * on the same terms below a shown parent. A signed-in viewer also sees their
 * own held comments, found first (`viewerChains`) and added by id.
 *
 * Top-level comments are read by key in each order the thread offers, ids
 * only, through comments_roots_idx (oldest, newest) or comments_roots_top_idx
 * (most recommended), which carry every column the conditions read, so paging,
 * old `?comments=N` links (an offset) and numbering read the index alone.
 * Replies are read a level at a time, at most as many per parent as can
 * still show, through comments_replies_idx.
 */

/** Where a page starts: by key (after or before a top-level comment), by offset (old links), or at either end. */
export type RootsFrom = { after: RootKey } | { before: RootKey } | { offset: number } | { first: true } | { last: true };

/** The sort key of a top-level comment. */
export interface RootKey {
  id: number;
  created_at: string;
  reaction_count: number;
}

/**
 * SQL: a comment that takes a place (given its parent does), or one of these
 * the viewer's own held comments bring in. Written as a CASE, which no index
 * can answer: the thread's reads then go through the index that holds the
 * page's order (roots or replies) and check the status in it. Written as an
 * OR of statuses, both planners, with the statistics of a site that has a
 * few long threads among many short ones, read every top-level comment of
 * the thread through comments_article_idx, one range per status, and sorted
 * them all for a page of 50 (2 ms against 0.1 ms for 6,700 of them).
 */
export function takesPlace(extra: number[]): RawBuilder<SqlBool> {
  const base = sql<SqlBool>`(case when status = 'approved' then 1 when status = 'deleted' and visible_replies > 0 then 1 else 0 end = 1`;
  return extra.length === 0 ? sql<SqlBool>`${base})` : sql<SqlBool>`${base} or id in (${sql.join(extra)}))`;
}

const rootsOf = (articleId: number, extra: number[]) => sql<SqlBool>`article_id = ${articleId} and parent_id is null and ${takesPlace(extra)}`;

type Dir = 'asc' | 'desc';

/**
 * A limit or offset written into the statement rather than bound: SQLite
 * reads an ordered index range with a written limit in a fraction of the
 * time it takes with a bound one (2 µs against 14 µs a range, measured), and
 * the few values a thread uses keep the statements few.
 */
function count(n: number) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a row count: ${n}`);
  return sql.lit(n);
}

/** A top-level comment as its index holds it: enough to know whether to look for its replies before its row is read. */
export interface RootRef {
  id: number;
  visible_replies: number;
}

/** One ordered, limited read of root ids (a part of a page). */
function part(where: RawBuilder<SqlBool>, order: [string, Dir][], limit: number, offset = 0, columns = [...order.map(([c]) => c), 'visible_replies']) {
  // parent_id (always null here) leads the order, in the direction the index is read: PostgreSQL does
  // not take `parent_id is null` as fixing the column, and without it would sort every top-level comment.
  const [first, dir] = order[0]!;
  const forward = first === 'reaction_count' ? dir === 'desc' : dir === 'asc';
  const by = sql.raw([`parent_id ${forward ? 'asc' : 'desc'}`, ...order.map(([c, d]) => `${c} ${d}`)].join(', '));
  // Only the columns of the order, so the read stays inside the index.
  return sql`select ${sql.raw(columns.join(', '))} from comments where ${where} order by ${by} limit ${count(limit)} offset ${count(offset)}`;
}

/**
 * Top-level comments that take a place, in the sort's order, `limit` of them
 * from where the page starts (`before`: the ones just before, still in the
 * sort's order).
 */
export async function rootRefs(db: Db, articleId: number, sort: ThreadSort, from: RootsFrom, extra: number[], limit: number): Promise<RootRef[]> {
  const roots = rootsOf(articleId, extra);
  const backwards = 'before' in from || 'last' in from;
  const time: Dir = (sort === 'newest') !== backwards ? 'desc' : 'asc';
  const order: [string, Dir][] =
    sort === 'top'
      ? [
          ['reaction_count', backwards ? 'asc' : 'desc'],
          ['created_at', time],
          ['id', time],
        ]
      : [
          ['created_at', time],
          ['id', time],
        ];
  let query;
  if ('offset' in from) query = part(roots, order, limit, from.offset);
  else if ('first' in from || 'last' in from) query = part(roots, order, limit);
  else {
    const key = 'after' in from ? from.after : from.before;
    const cmp = sql.raw(time === 'asc' ? '>' : '<');
    const sameCount = sql<SqlBool>`${roots} and reaction_count = ${key.reaction_count} and (created_at, id) ${cmp} (${key.created_at}, ${key.id})`;
    if (sort !== 'top') query = part(sql<SqlBool>`${roots} and (created_at, id) ${cmp} (${key.created_at}, ${key.id})`, order, limit);
    else {
      // Most recommended: the rest of the comments with as many reactions, then those with fewer (more, going back); each part one index range.
      const rest = sql<SqlBool>`${roots} and reaction_count ${sql.raw(backwards ? '>' : '<')} ${key.reaction_count}`;
      const by = sql.raw(order.map(([c, d]) => `${c} ${d}`).join(', '));
      query = sql`select id, visible_replies from (
          select * from (${part(sameCount, order.slice(1), limit, 0, ['reaction_count', 'created_at', 'id', 'visible_replies'])}) as same
          union all
          select * from (${part(rest, order, limit)}) as rest
        ) as both_parts order by ${by} limit ${limit}`;
    }
  }
  const { rows } = await sql<{ id: unknown; visible_replies: unknown }>`${query}`.execute(db);
  const refs = rows.map((r) => ({ id: Number(r.id), visible_replies: Number(r.visible_replies) }));
  return backwards ? refs.reverse() : refs;
}

/** A top-level comment of this article, by id, with its sort key (whatever its status: a page may start after one since removed). */
export async function rootKey(db: Db, articleId: number, id: number): Promise<RootKey | undefined> {
  const row = await db.selectFrom('comments').select(['id', 'created_at', 'reaction_count']).where('id', '=', id).where('article_id', '=', articleId).where('parent_id', 'is', null).executeTakeFirst();
  return row ? { id: Number(row.id), created_at: row.created_at, reaction_count: Number(row.reaction_count) } : undefined;
}

/**
 * How many top-level comments take a place before this one in the sort's
 * order, and how many of those are approved (the oldest-first numbering):
 * a count over a range of the sort's index, read from the index alone.
 */
export async function placesBefore(db: Db, articleId: number, sort: ThreadSort, key: RootKey, extra: number[]): Promise<{ places: number; approved: number }> {
  const roots = rootsOf(articleId, extra);
  const counted = sql.raw(`count(*) as places, sum(case when status = 'approved' then 1 else 0 end) as approved`);
  let where: RawBuilder<SqlBool>;
  if (sort === 'oldest') where = sql<SqlBool>`${roots} and (created_at, id) < (${key.created_at}, ${key.id})`;
  else if (sort === 'newest') where = sql<SqlBool>`${roots} and (created_at, id) > (${key.created_at}, ${key.id})`;
  else {
    const { rows } = await sql<{ places: unknown; approved: unknown }>`
      select sum(places) as places, sum(approved) as approved from (
        select ${counted} from comments where ${roots} and reaction_count > ${key.reaction_count}
        union all
        select ${counted} from comments where ${roots} and reaction_count = ${key.reaction_count} and (created_at, id) < (${key.created_at}, ${key.id})
      ) as parts`.execute(db);
    return { places: Number(rows[0]?.places ?? 0), approved: Number(rows[0]?.approved ?? 0) };
  }
  const { rows } = await sql<{ places: unknown; approved: unknown }>`select ${counted} from comments where ${where}`.execute(db);
  return { places: Number(rows[0]?.places ?? 0), approved: Number(rows[0]?.approved ?? 0) };
}

/** Thread rows by id, in the order given. */
export async function rowsByIds(db: Db, ids: number[]): Promise<ThreadRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('comments')
    .select([...THREAD_COLUMNS])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), normalise(r)]));
  return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
}

/** Chunks of parents per statement (each is one part of a compound select). */
const PARENTS_PER_QUERY = 50;

/** A reply as its index holds it: where it goes and whether anything shows beneath it, before its row is read. */
export interface ReplyRef {
  id: number;
  parent_id: number;
  created_at: string;
  visible_replies: number;
}

/**
 * The first replies of each parent that take a place, oldest first, at most
 * `limit` of each: one index range per parent (comments_replies_idx holds
 * every column the conditions read and these return, so the ranges read the
 * index alone), as parts of one statement. Their rows are read once, with
 * every level's (rowsByIds).
 */
export async function firstReplies(db: Db, parents: { id: number; limit: number }[], extra: number[]): Promise<ReplyRef[]> {
  const out: ReplyRef[] = [];
  for (let i = 0; i < parents.length; i += PARENTS_PER_QUERY) {
    const chunk = parents.slice(i, i + PARENTS_PER_QUERY);
    // One written limit for the whole statement (the most any parent takes); each parent keeps its own below.
    const most = count(Math.max(...chunk.map((p) => p.limit)));
    const parts = chunk.map(
      (p, k) =>
        sql`select * from (select id, parent_id, created_at, visible_replies from comments where parent_id = ${p.id} and ${takesPlace(extra)} order by created_at, id limit ${most}) as ${sql.raw(`p${k}`)}`,
    );
    const { rows } = await sql<{ id: unknown; parent_id: unknown; created_at: string; visible_replies: unknown }>`${sql.join(parts, sql` union all `)}`.execute(db);
    const limits = new Map(chunk.map((p) => [p.id, p.limit]));
    const taken = new Map<number, number>();
    for (const r of rows) {
      const parent = Number(r.parent_id);
      const n = taken.get(parent) ?? 0;
      if (n >= (limits.get(parent) ?? 0)) continue;
      taken.set(parent, n + 1);
      out.push({ id: Number(r.id), parent_id: parent, created_at: r.created_at, visible_replies: Number(r.visible_replies) });
    }
  }
  return out;
}

/** A comment's place in its chain, as the viewer's own held comments need it. */
export interface ChainLink {
  start: number;
  id: number;
  parent_id: number | null;
  status: CommentStatus;
  visible_replies: number;
}

/**
 * The viewer's own held comments in this article, each with its ancestors:
 * what a signed-in viewer sees beyond everyone's thread. Found through
 * comments_article_idx (article, status).
 */
export async function viewerChains(db: Db, articleId: number, viewer: Viewer): Promise<ChainLink[]> {
  if (viewer.readerId === null && viewer.accountId === null) return [];
  const { rows } = await sql<ChainLink>`
    with recursive up(start, id, parent_id, status, visible_replies) as (
      select id, id, parent_id, status, visible_replies from comments
       where article_id = ${articleId} and status = 'pending' and (reader_id = ${viewer.readerId ?? -1} or account_id = ${viewer.accountId ?? -1})
      union all
      select u.start, c.id, c.parent_id, c.status, c.visible_replies from comments c join up u on c.id = u.parent_id
    )
    select start, id, parent_id, status, visible_replies from up`.execute(db);
  return rows.map((r) => ({ ...r, start: Number(r.start), id: Number(r.id), parent_id: r.parent_id === null ? null : Number(r.parent_id), visible_replies: Number(r.visible_replies) }));
}
