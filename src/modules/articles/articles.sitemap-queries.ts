import type { Db } from '../../platform/db/database.js';
import type { ArticleRow } from '../../platform/db/schema.js';
import { whereVisible } from './articles.repository.js';

/*
 * Queries behind the sitemaps: visible articles only (the same query-time
 * rule as every listing), with just the columns a sitemap entry needs.
 */

/** The times that say when a visible article last changed. */
export type DatedRow = Pick<ArticleRow, 'published_at' | 'updated_at' | 'modified_at'>;

/** A visible article as a sitemap lists it. */
export type SitemapRow = Pick<ArticleRow, 'id' | 'slug' | 'headline' | 'published_at' | 'updated_at' | 'modified_at' | 'featured_image_id'>;

const SITEMAP_COLUMNS = ['articles.id', 'articles.slug', 'articles.headline', 'articles.published_at', 'articles.updated_at', 'articles.modified_at', 'articles.featured_image_id'] as const;

/** The dates of every visible article, for grouping them by month in the site's time zone. */
export async function visibleDates(db: Db, now: string): Promise<DatedRow[]> {
  return db.selectFrom('articles').select(['articles.published_at', 'articles.updated_at', 'articles.modified_at']).where(whereVisible(now)).execute();
}

/** Visible articles published in [from, to), newest first, at most `limit`. */
export async function visibleBetween(db: Db, now: string, from: string, to: string, limit: number): Promise<SitemapRow[]> {
  return db
    .selectFrom('articles')
    .select(SITEMAP_COLUMNS)
    .where(whereVisible(now))
    .where('articles.published_at', '>=', from)
    .where('articles.published_at', '<', to)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
}

/** Visible articles published after `since` (up to now, as visibility has it), newest first, at most `limit`. */
export async function visibleAfter(db: Db, now: string, since: string, limit: number): Promise<SitemapRow[]> {
  return db
    .selectFrom('articles')
    .select(SITEMAP_COLUMNS)
    .where(whereVisible(now))
    .where('articles.published_at', '>', since)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
}

/** Each section's newest visible article's publication time; sections without one are absent. */
export async function newestBySection(db: Db, now: string): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('articles')
    .select(['articles.section_id as id', (eb) => eb.fn.max('articles.published_at').as('newest')])
    .where(whereVisible(now))
    .where('articles.section_id', 'is not', null)
    .groupBy('articles.section_id')
    .execute();
  return toMap(rows);
}

/** Each author's newest visible article's publication time; authors without one are absent. */
export async function newestByAuthor(db: Db, now: string): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('article_authors')
    .innerJoin('articles', 'articles.id', 'article_authors.article_id')
    .select(['article_authors.author_id as id', (eb) => eb.fn.max('articles.published_at').as('newest')])
    .where(whereVisible(now))
    .groupBy('article_authors.author_id')
    .execute();
  return toMap(rows);
}

/** Each tag's newest visible article's publication time; tags no visible article carries are absent. */
export async function newestByTag(db: Db, now: string): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .select(['article_tags.tag_id as id', (eb) => eb.fn.max('articles.published_at').as('newest')])
    .where(whereVisible(now))
    .groupBy('article_tags.tag_id')
    .execute();
  return toMap(rows);
}

/** The newest visible article's publication time, or null when nothing is visible. */
export async function newestPublished(db: Db, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('articles.published_at').as('newest'))
    .where(whereVisible(now))
    .executeTakeFirst();
  return (row?.newest as string | null | undefined) ?? null;
}

function toMap(rows: { id: number | null; newest: unknown }[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of rows) if (r.id !== null && typeof r.newest === 'string') out.set(Number(r.id), r.newest);
  return out;
}
