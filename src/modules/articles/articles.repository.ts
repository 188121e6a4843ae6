import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ArticleRow, CorrectionRow, Database, LiveUpdateRow, NewArticleRow } from '../../platform/db/schema.js';

/** Which visible articles a listing wants. */
export interface ListFilter {
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  excludeIds?: number[];
}

/**
 * The visibility rule, evaluated at query time: published, or scheduled with
 * its time passed. No background job flips a scheduled story live.
 */
export function whereVisible(now: string) {
  return (eb: ExpressionBuilder<Database, 'articles'>) =>
    eb.and([eb('articles.status', 'in', ['published', 'scheduled']), eb('articles.published_at', 'is not', null), eb('articles.published_at', '<=', now)]);
}

function applyFilter<O>(q: SelectQueryBuilder<Database, 'articles', O>, f: ListFilter) {
  let out = q;
  if (f.sectionId !== undefined) out = out.where('articles.section_id', '=', f.sectionId);
  if (f.tagId !== undefined) {
    const tagId = f.tagId;
    out = out.where((eb) =>
      eb.exists(eb.selectFrom('article_tags').select('article_tags.article_id').whereRef('article_tags.article_id', '=', 'articles.id').where('article_tags.tag_id', '=', tagId)),
    );
  }
  if (f.authorId !== undefined) {
    const authorId = f.authorId;
    out = out.where((eb) =>
      eb.exists(eb.selectFrom('article_authors').select('article_authors.article_id').whereRef('article_authors.article_id', '=', 'articles.id').where('article_authors.author_id', '=', authorId)),
    );
  }
  if (f.excludeIds && f.excludeIds.length > 0) out = out.where('articles.id', 'not in', f.excludeIds);
  return out;
}

/** Columns a listing needs: everything but the body. */
const CARD_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.headline',
  'articles.dek',
  'articles.excerpt',
  'articles.section_id',
  'articles.status',
  'articles.published_at',
  'articles.updated_at',
  'articles.featured_image_id',
  'articles.developing',
  'articles.comment_status',
  'articles.comments_close_at',
] as const;
export type CardRow = Pick<
  ArticleRow,
  'id' | 'slug' | 'headline' | 'dek' | 'excerpt' | 'section_id' | 'status' | 'published_at' | 'updated_at' | 'featured_image_id' | 'developing' | 'comment_status' | 'comments_close_at'
>;

export async function listVisible(db: Db, now: string, filter: ListFilter, limit: number, offset: number): Promise<CardRow[]> {
  const q = db.selectFrom('articles').select(CARD_COLUMNS).where(whereVisible(now));
  return applyFilter(q, filter).orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute();
}

export async function countVisible(db: Db, now: string, filter: ListFilter): Promise<number> {
  const q = db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(whereVisible(now));
  const row = await applyFilter(q, filter).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export const findBySlug = (db: Db, slug: string): Promise<ArticleRow | undefined> => db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findById = (db: Db, id: number): Promise<ArticleRow | undefined> => db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();

export async function findByIds(db: Db, ids: number[]): Promise<Pick<ArticleRow, 'id' | 'slug' | 'headline'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('articles').select(['id', 'slug', 'headline']).where('id', 'in', ids).execute();
}

export async function findVisibleCardsByIds(db: Db, now: string, ids: number[]): Promise<CardRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('articles').select(CARD_COLUMNS).where(whereVisible(now)).where('articles.id', 'in', ids).execute();
}

/** The article an old slug now belongs to, if any. */
export async function findByOldSlug(db: Db, slug: string): Promise<ArticleRow | undefined> {
  return db.selectFrom('article_slugs').innerJoin('articles', 'articles.id', 'article_slugs.article_id').selectAll('articles').where('article_slugs.slug', '=', slug).executeTakeFirst();
}

export const slugTaken = async (db: Db, slug: string): Promise<boolean> =>
  !!(await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst()) || !!(await db.selectFrom('article_slugs').select('slug').where('slug', '=', slug).executeTakeFirst());

export const insertArticle = (db: Db, row: NewArticleRow): Promise<ArticleRow> => db.insertInto('articles').values(row).returningAll().executeTakeFirstOrThrow();

export async function updateArticle(db: Db, id: number, patch: Partial<NewArticleRow>): Promise<void> {
  await db.updateTable('articles').set(patch).where('id', '=', id).execute();
}

export async function replaceBylines(db: Db, articleId: number, authorIds: number[]): Promise<void> {
  await db.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
  if (authorIds.length === 0) return;
  await db
    .insertInto('article_authors')
    .values(authorIds.map((author_id, position) => ({ article_id: articleId, author_id, position })))
    .execute();
}

/**
 * Give every byline of one author to another: where an article already
 * carries both, the first's byline goes. Returns the articles changed.
 */
export async function moveBylines(db: Db, fromAuthorId: number, toAuthorId: number): Promise<number[]> {
  const rows = await db.selectFrom('article_authors').select('article_id').where('author_id', '=', fromAuthorId).execute();
  const ids = rows.map((r) => r.article_id);
  if (ids.length === 0) return [];
  const both = await db.selectFrom('article_authors').select('article_id').where('author_id', '=', toAuthorId).where('article_id', 'in', ids).execute();
  if (both.length > 0) {
    await db
      .deleteFrom('article_authors')
      .where('author_id', '=', fromAuthorId)
      .where(
        'article_id',
        'in',
        both.map((r) => r.article_id),
      )
      .execute();
  }
  await db.updateTable('article_authors').set({ author_id: toAuthorId }).where('author_id', '=', fromAuthorId).execute();
  return ids;
}

export async function replaceTags(db: Db, articleId: number, tagIds: number[]): Promise<void> {
  await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  if (tagIds.length === 0) return;
  await db
    .insertInto('article_tags')
    .values(tagIds.map((tag_id) => ({ article_id: articleId, tag_id })))
    .execute();
}

export async function bylinesFor(db: Db, articleIds: number[]): Promise<{ article_id: number; author_id: number }[]> {
  if (articleIds.length === 0) return [];
  return db.selectFrom('article_authors').select(['article_id', 'author_id']).where('article_id', 'in', articleIds).orderBy('article_id').orderBy('position').execute();
}

/** An article's author ids in byline order. */
export async function authorIdsFor(db: Db, articleId: number): Promise<number[]> {
  return (await bylinesFor(db, [articleId])).map((b) => b.author_id);
}

export async function tagIdsFor(db: Db, articleId: number): Promise<number[]> {
  const rows = await db.selectFrom('article_tags').select('tag_id').where('article_id', '=', articleId).execute();
  return rows.map((r) => r.tag_id);
}

// Tag links for the sections module's tag maintenance (given to it by src/services.ts) --

/**
 * How many articles (in any status) carry each tag: of these tags, or of
 * every tag when `tagIds` is undefined. Tags no article carries are absent.
 */
export async function countArticlesByTag(db: Db, tagIds?: number[]): Promise<Map<number, number>> {
  if (tagIds?.length === 0) return new Map();
  let q = db
    .selectFrom('article_tags')
    .select(['tag_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('tag_id');
  if (tagIds) q = q.where('tag_id', 'in', tagIds);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.tag_id, Number(r.n)]));
}

/**
 * Of these tags (or of every tag when undefined), those that a visible
 * story carries: a tag typed on a draft is no one's business until a story
 * carrying it is published.
 */
export async function tagIdsOnVisible(db: Db, now: string, tagIds?: number[]): Promise<Set<number>> {
  if (tagIds?.length === 0) return new Set();
  let q = db.selectFrom('article_tags').innerJoin('articles', 'articles.id', 'article_tags.article_id').select('article_tags.tag_id').distinct().where(whereVisible(now));
  if (tagIds) q = q.where('article_tags.tag_id', 'in', tagIds);
  return new Set((await q.execute()).map((r) => r.tag_id));
}

/**
 * Move every article's link from tag `fromId` to tag `intoId` (an article
 * that already has both keeps one link). Run it in the transaction that
 * deletes `fromId`.
 */
export async function moveTagLinks(db: Db, fromId: number, intoId: number): Promise<void> {
  await db
    .insertInto('article_tags')
    .columns(['article_id', 'tag_id'])
    .expression((eb) =>
      eb
        .selectFrom('article_tags as src')
        // A typed literal: an untyped parameter in a SELECT list is text to PostgreSQL.
        .select(['src.article_id', sql<number>`cast(${intoId} as integer)`.as('tag_id')])
        .where('src.tag_id', '=', fromId)
        .where((w) => w.not(w.exists(w.selectFrom('article_tags as dst').select('dst.article_id').whereRef('dst.article_id', '=', 'src.article_id').where('dst.tag_id', '=', intoId)))),
    )
    .execute();
  await db.deleteFrom('article_tags').where('tag_id', '=', fromId).execute();
}

/** The newest live update's id of an article (0 when none). */
export async function newestLiveUpdateId(db: Db, articleId: number): Promise<number> {
  const row = await db
    .selectFrom('live_updates')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

export const liveUpdatesFor = (db: Db, articleId: number): Promise<LiveUpdateRow[]> =>
  db.selectFrom('live_updates').selectAll().where('article_id', '=', articleId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();

export const correctionsFor = (db: Db, articleId: number): Promise<CorrectionRow[]> =>
  db.selectFrom('corrections').selectAll().where('article_id', '=', articleId).orderBy('created_at', 'asc').orderBy('id', 'asc').execute();

export const insertLiveUpdate = (db: Db, row: Omit<LiveUpdateRow, 'id'>): Promise<LiveUpdateRow> => db.insertInto('live_updates').values(row).returningAll().executeTakeFirstOrThrow();

export const insertCorrection = (db: Db, row: Omit<CorrectionRow, 'id'>): Promise<CorrectionRow> => db.insertInto('corrections').values(row).returningAll().executeTakeFirstOrThrow();

export async function insertOldSlug(db: Db, slug: string, articleId: number, at: string): Promise<void> {
  await db.insertInto('article_slugs').values({ slug, article_id: articleId, created_at: at }).execute();
}

/**
 * The visible article sharing the most tags with this one (newest first on a
 * tie), or undefined when none shares a tag.
 */
export async function mostRelatedByTags(db: Db, now: string, articleId: number, tagIds: number[]): Promise<number | undefined> {
  if (tagIds.length === 0) return undefined;
  const row = await db
    .selectFrom('article_tags')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .select(['articles.id', (eb) => eb.fn.countAll<number>().as('shared'), 'articles.published_at'])
    .where('article_tags.tag_id', 'in', tagIds)
    .where('articles.id', '!=', articleId)
    .where(whereVisible(now))
    .groupBy(['articles.id', 'articles.published_at'])
    .orderBy('shared', 'desc')
    .orderBy('articles.published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function deleteOldSlug(db: Db, slug: string): Promise<void> {
  await db.deleteFrom('article_slugs').where('slug', '=', slug).execute();
}

/** The earliest publication time still in the future among scheduled or published stories. */
export async function nextScheduledAt(db: Db, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.min('published_at').as('at'))
    .where('status', 'in', ['published', 'scheduled'])
    .where('published_at', '>', now)
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}

/** Articles for the newsroom's lists, whatever their visibility, newest change first. */
export interface DeskFilter {
  statuses: ArticleRow['status'][];
  /** Only articles this account created or whose byline has this author. */
  mine?: { accountId: number; authorId: number | null };
  /** Only those whose publication time is after this instant (scheduled ones). */
  publishedAfter?: string;
  publishedBefore?: string;
  /** Only those whose status someone other than this account changed last (a draft sent back to its writer). */
  changedByOtherThan?: number;
}

export type DeskRow = Pick<ArticleRow, 'id' | 'slug' | 'headline' | 'status' | 'published_at' | 'modified_at'>;

function deskQuery(db: Db, f: DeskFilter) {
  let q = db.selectFrom('articles').where('articles.status', 'in', f.statuses);
  if (f.publishedAfter) q = q.where('articles.published_at', '>', f.publishedAfter);
  if (f.publishedBefore) q = q.where('articles.published_at', '<=', f.publishedBefore);
  if (f.changedByOtherThan !== undefined) q = q.where('articles.status_changed_by', 'is not', null).where('articles.status_changed_by', '!=', f.changedByOtherThan);
  if (f.mine) {
    const { accountId, authorId } = f.mine;
    q = q.where((eb) =>
      eb.or([
        eb('articles.created_by', '=', accountId),
        ...(authorId !== null
          ? [
              eb.exists(
                eb.selectFrom('article_authors').select('article_authors.article_id').whereRef('article_authors.article_id', '=', 'articles.id').where('article_authors.author_id', '=', authorId),
              ),
            ]
          : []),
      ]),
    );
  }
  return q;
}

export async function listForDesk(db: Db, f: DeskFilter, limit: number): Promise<DeskRow[]> {
  const order = f.publishedAfter || f.publishedBefore ? 'articles.published_at' : 'articles.modified_at';
  return deskQuery(db, f)
    .select(['articles.id', 'articles.slug', 'articles.headline', 'articles.status', 'articles.published_at', 'articles.modified_at'])
    .orderBy(order, f.publishedAfter ? 'asc' : 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
}

/** How many articles one of the newsroom's lists holds in all (the list itself shows only the first few). */
export async function countForDesk(db: Db, f: DeskFilter): Promise<number> {
  const row = await deskQuery(db, f)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The bodies of some articles, by id (listings' rows leave them out). */
export async function bodiesByIds(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('articles').select(['id', 'body']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.body]));
}
