import type { Db } from '../../platform/db/database.js';
import type { ArticleStatus } from '../../platform/db/schema.js';
import { containsText } from '../../platform/like.js';
import type { AuthorsService } from '../authors/authors.service.js';
import { bodyToText } from '../markdown/markdown.text.js';
import type { SectionsService } from '../sections/sections.service.js';
import { bylinesFor } from './articles.repository.js';

/*
 * What site search indexes, read from the articles module's tables for the
 * search module (wired in src/services.ts): one article's searchable text
 * and the facts search filters on, whatever its status. Search decides
 * visibility itself, at query time, with the same rule as listings.
 */

/** One article as search indexes it. */
export interface SearchSourceDocument {
  id: number;
  slug: string;
  headline: string;
  dek: string;
  /** The body as plain text, without Markdown. */
  bodyText: string;
  status: ArticleStatus;
  publishedAt: string | null;
  sectionId: number | null;
  /** The byline, in order. */
  authors: { id: number; name: string }[];
  tags: { id: number; name: string }[];
  /** Changes with every change to the article: a document indexed with another is stale. */
  modifiedAt: string;
}

export type ArticleSearchSource = ReturnType<typeof createArticleSearchSource>;

/** Reads up to this many articles at once. */
const BATCH = 200;

export function createArticleSearchSource({ db, authors, sections }: { db: Db; authors: Pick<AuthorsService, 'byIds'>; sections: Pick<SectionsService, 'tagsByIds'> }) {
  async function batch(ids: number[]): Promise<SearchSourceDocument[]> {
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'slug', 'headline', 'dek', 'body', 'status', 'published_at', 'section_id', 'modified_at'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const found = rows.map((r) => r.id);
    const [bylines, tagLinks] = await Promise.all([bylinesFor(db, found), db.selectFrom('article_tags').select(['article_id', 'tag_id']).where('article_id', 'in', found).execute()]);
    const [authorMap, tagMap] = await Promise.all([authors.byIds(bylines.map((b) => b.author_id)), sections.tagsByIds(tagLinks.map((t) => t.tag_id))]);
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      headline: r.headline,
      dek: r.dek,
      bodyText: bodyToText(r.body),
      status: r.status,
      publishedAt: r.published_at,
      sectionId: r.section_id,
      authors: bylines
        .filter((b) => b.article_id === r.id)
        .flatMap((b) => {
          const a = authorMap.get(b.author_id);
          return a ? [{ id: a.id, name: a.name }] : [];
        }),
      tags: tagLinks
        .filter((t) => t.article_id === r.id)
        .flatMap((t) => {
          const tag = tagMap.get(t.tag_id);
          return tag ? [{ id: tag.id, name: tag.name }] : [];
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
      modifiedAt: r.modified_at,
    }));
  }

  return {
    /** These articles as search indexes them, by id order; ids with no article are left out. */
    async documents(ids: number[]): Promise<SearchSourceDocument[]> {
      const unique = [...new Set(ids)];
      const out: SearchSourceDocument[] = [];
      for (let i = 0; i < unique.length; i += BATCH) out.push(...(await batch(unique.slice(i, i + BATCH))));
      return out;
    },

    /** Every article's id with its modified_at, to find what the index lacks or holds stale. */
    async markers(): Promise<Map<number, string>> {
      const rows = await db.selectFrom('articles').select(['id', 'modified_at']).execute();
      return new Map(rows.map((r) => [Number(r.id), r.modified_at]));
    },

    /** The articles (any status) with this author in their byline. */
    async idsByAuthor(authorId: number): Promise<number[]> {
      const rows = await db.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId).execute();
      return rows.map((r) => Number(r.article_id));
    },

    /** The articles (any status) carrying this tag. */
    async idsByTag(tagId: number): Promise<number[]> {
      const rows = await db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId).execute();
      return rows.map((r) => Number(r.article_id));
    },
  };
}

/**
 * The articles (any status) whose headline contains a LIKE pattern (see
 * platform/like.ts), as a subquery of ids, for the moderators' search of
 * comments by story (wired in src/services.ts).
 */
export function articlesWithHeadline(db: Db, pattern: string) {
  return db.selectFrom('articles').select('articles.id').where(containsText('articles.headline', pattern));
}
