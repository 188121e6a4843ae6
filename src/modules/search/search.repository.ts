import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { ArticleStatus, SearchDocumentsTable } from '../../platform/db/schema.js';

/*
 * The search index: one interface, an implementation per database
 * (search.sqlite.ts: FTS5 and bm25; search.postgres.ts: a weighted tsvector
 * and ts_rank), chosen in search.dialect.ts. What both share is here: the
 * document row, the filters and the visibility rule, and the plain reads
 * and deletes.
 */

/** One article as the index stores it. */
export interface IndexedDocument {
  articleId: number;
  slug: string;
  headline: string;
  dek: string;
  body: string;
  authorNames: string[];
  tagNames: string[];
  sectionId: number | null;
  authorIds: number[];
  tagIds: number[];
  status: ArticleStatus;
  publishedAt: string | null;
  modifiedAt: string;
}

/** What a query looks for and among what. */
export interface SearchFilter {
  /** Folded words (search.text.ts), at least one; all must be found. */
  terms: string[];
  /** The clock's now: only stories visible at this instant are found. */
  now: string;
  sectionId?: number;
  authorId?: number;
  /** Published at or after this instant. */
  from?: string;
  /** Published before this instant. */
  to?: string;
}

/** A story found, with its score (higher is better; comparable only within one query). */
export interface HitRow {
  articleId: number;
  slug: string;
  headline: string;
  dek: string;
  body: string;
  authorIds: number[];
  sectionId: number | null;
  publishedAt: string;
  score: number;
}

export interface SearchRepository {
  /** Store (or replace) these articles' documents, in one statement. */
  saveMany(docs: IndexedDocument[], at: string): Promise<void>;
  remove(articleIds: number[]): Promise<void>;
  /** Every indexed article's id with the article's modified_at when it was indexed. */
  markers(): Promise<Map<number, string>>;
  /** The indexed articles whose byline has this author, or that carry this tag. */
  idsWith(kind: 'author' | 'tag', id: number): Promise<number[]>;
  /**
   * One page of stories found, best first (score, then newest, then highest
   * id), ranked among the RANKED_MATCHES matches added last; and how many
   * stories match, counted no further than RANKED_MATCHES + 1 (one more
   * says there are more than are ranked). One reading of the matches gives
   * both: counting them apart read them all a second time.
   */
  find(filter: SearchFilter, limit: number, offset: number): Promise<Found>;
  /** Tidy the index after a rebuild (SQLite: rebuild the FTS5 index from the documents and merge it; PostgreSQL: refresh the planner's statistics). */
  optimize(): Promise<void>;
}

// Shared by both implementations ----------------------------------------------

const DAY_MS = 86_400_000;

/** An instant as fractional days since 1970. */
export const dayNumber = (iso: string): number => Date.parse(iso) / DAY_MS;

/**
 * How many matches a search ranks at most: the ones added last (highest
 * article id). A common word matches a large part of a large archive (14,000
 * of 100,000 stories), and ranking reads every match ranked (FTS5's bm25
 * its entries, ts_rank its whole vector): ranking them all made such a search
 * take hundreds of milliseconds. A query with more matches than this ranks
 * the newest; the page says so and offers the filters, which reach the rest
 * (docs/search.md).
 */
export const RANKED_MATCHES = 1000;

/** Days over which a story's recency bonus halves: a story this old ranks ×1.5, a new one ×2, an old one ×1. */
export const RECENCY_DAYS = 30;

const idList = (ids: number[]) => `|${ids.join('|')}|`;

/** The table row for a document. */
/** Every column of a document row but its key: what an upsert replaces. */
const REPLACED = ['slug', 'headline', 'dek', 'body', 'authors', 'tags', 'section_id', 'author_ids', 'tag_ids', 'status', 'published_at', 'published_day', 'source_modified_at', 'indexed_at'] as const;

/** The SET of an upsert of many documents: each replaced column from its own proposed row (`excluded`). */
export function replacedFromExcluded(extra: string[] = []): Record<string, RawBuilder<unknown>> {
  return Object.fromEntries([...REPLACED, ...extra].map((c) => [c, sql.ref(`excluded.${c}`)]));
}

export function documentRow(doc: IndexedDocument, at: string): SearchDocumentsTable {
  return {
    article_id: doc.articleId,
    slug: doc.slug,
    headline: doc.headline,
    dek: doc.dek,
    body: doc.body,
    authors: doc.authorNames.join(', '),
    tags: doc.tagNames.join(', '),
    section_id: doc.sectionId,
    author_ids: idList(doc.authorIds),
    tag_ids: idList(doc.tagIds),
    status: doc.status,
    published_at: doc.publishedAt,
    published_day: doc.publishedAt ? dayNumber(doc.publishedAt) : null,
    source_modified_at: doc.modifiedAt,
    indexed_at: at,
  };
}

/**
 * The WHERE conditions on search_documents (aliased d) every query has: the
 * visibility rule of articles.repository.ts's whereVisible (published, or
 * scheduled with its time passed), evaluated now, and the filters.
 */
export function filterConditions(f: SearchFilter): RawBuilder<unknown> {
  const parts = [sql`d.status in ('published', 'scheduled')`, sql`d.published_at is not null`, sql`d.published_at <= ${f.now}`];
  if (f.sectionId !== undefined) parts.push(sql`d.section_id = ${f.sectionId}`);
  if (f.authorId !== undefined) parts.push(sql`d.author_ids like ${`%|${f.authorId}|%`}`);
  if (f.from !== undefined) parts.push(sql`d.published_at >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql`d.published_at < ${f.to}`);
  return sql.join(parts, sql` and `);
}

/** The columns a hit needs, from search_documents aliased d. */
export const HIT_COLUMNS = sql.raw('d.article_id, d.slug, d.headline, d.dek, d.body, d.author_ids, d.section_id, d.published_at');

export interface RawHit {
  article_id: unknown;
  slug: string;
  headline: string;
  dek: string;
  body: string;
  author_ids: string;
  section_id: unknown;
  published_at: string;
  score: unknown;
}

/** A page of hits and the number of matches, up to RANKED_MATCHES + 1. */
export interface Found {
  hits: HitRow[];
  found: number;
}

/**
 * Rows of a find: each a hit, or (a page past the last) one row of nulls
 * but for the count, which every row carries. Returns the count and the
 * rows that are hits.
 */
export function splitFound<R extends { found: unknown; article_id?: unknown }>(rows: R[]): { found: number; ranked: R[] } {
  return { found: Number(rows[0]?.found ?? 0), ranked: rows.filter((r) => r.article_id !== null && r.article_id !== undefined) };
}

/** A find whose rows carry the whole hit. */
export function foundFrom(rows: (Partial<RawHit> & { found: unknown })[]): Found {
  const { found, ranked } = splitFound(rows);
  return { found, hits: ranked.map((r) => toHit(r as RawHit)) };
}

export const toHit = (r: RawHit): HitRow => ({
  articleId: Number(r.article_id),
  slug: r.slug,
  headline: r.headline,
  dek: r.dek,
  body: r.body,
  authorIds: r.author_ids
    .split('|')
    .filter((s) => s !== '')
    .map(Number),
  sectionId: r.section_id === null ? null : Number(r.section_id),
  publishedAt: r.published_at,
  score: Number(r.score),
});

/** The reads and deletes that are the same on both databases. */
export function commonOperations(db: Db): Pick<SearchRepository, 'remove' | 'markers' | 'idsWith'> {
  return {
    async remove(articleIds) {
      if (articleIds.length === 0) return;
      await db.deleteFrom('search_documents').where('article_id', 'in', articleIds).execute();
    },
    async markers() {
      const rows = await db.selectFrom('search_documents').select(['article_id', 'source_modified_at']).execute();
      return new Map(rows.map((r) => [Number(r.article_id), r.source_modified_at]));
    },
    async idsWith(kind, id) {
      const column = kind === 'author' ? 'author_ids' : 'tag_ids';
      const rows = await db.selectFrom('search_documents').select('article_id').where(column, 'like', `%|${id}|%`).execute();
      return rows.map((r) => Number(r.article_id));
    },
  };
}
