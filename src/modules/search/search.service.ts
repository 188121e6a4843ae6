import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { isSlug } from '../../platform/slug.js';
import { articlePath } from '../../platform/urls.js';
import type { ArticleSearchSource } from '../articles/articles.search-source.js';
import type { Author, AuthorsService } from '../authors/authors.service.js';
import type { Section, SectionsService } from '../sections/sections.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { createSearchRepository } from './search.dialect.js';
import { createSearchIndexer } from './search.indexer.js';
import { parseDateRange } from './search.input.js';
import { type HitRow, RANKED_MATCHES, type SearchFilter } from './search.repository.js';
import { markWords, type ParsedQuery, parseQuery, resultSnippet, type Segment } from './search.text.js';

/** What a reader asks: words, and optionally a section and an author (slugs), a date range and a page. */
export interface SearchRequest {
  q?: string;
  section?: string;
  author?: string;
  /** "YYYY-MM-DD", inclusive, in the site's time zone. */
  from?: string;
  to?: string;
  page?: number;
  perPage?: number;
}

/** A story found. */
export interface SearchHit {
  id: number;
  slug: string;
  path: string;
  headline: string;
  /** The headline with the words found marked. */
  headlineMarked: Segment[];
  dek: string;
  /** A passage of the body (or the dek) around the words found, marked. */
  snippet: Segment[];
  publishedAt: string;
  section: Section | null;
  authors: Author[];
  /** Relevance with the recency factor; higher is better, comparable within one search only. */
  score: number;
}

export interface SearchResults extends Page<SearchHit> {
  /**
   * More stories match than a search ranks (RANKED_MATCHES): `total` is that
   * many, the ones added last; the filters reach the others.
   */
  more: boolean;
  query: ParsedQuery;
  section: Section | null;
  author: Author | null;
  from: string | null;
  to: string | null;
}

export interface SearchDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  source: ArticleSearchSource;
  sections: Pick<SectionsService, 'bySlug' | 'byIds'>;
  authors: Pick<AuthorsService, 'bySlug' | 'byIds'>;
  settings: Pick<SettingsService, 'get'>;
  log?: { error(obj: object, msg: string): void };
}

export const DEFAULT_PER_PAGE = 20;

/** How long a search waits for this process's pending reindexing before it answers from the index as it is. */
const FRESHNESS_WAIT_MS = 2000;

/** Resolve within `ms` at the latest, whether or not `p` has. */
function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

export type SearchService = ReturnType<typeof createSearchService>;

/**
 * Site search: finds visible stories by the words of their headline, dek,
 * body, authors and tags, best first, and keeps its index current as the
 * newsroom writes (search.indexer.ts). docs/search.md has the details.
 */
export function createSearchService({ db, clock, events, source, sections, authors, settings, log }: SearchDeps) {
  const repo = createSearchRepository(db);
  const indexer = createSearchIndexer({
    repo,
    source,
    clock,
    events,
    onError: (err, what) => log?.error({ err }, `search index: ${what} failed`),
  });

  async function present(rows: HitRow[], terms: string[]): Promise<SearchHit[]> {
    if (rows.length === 0) return [];
    const [site, sectionMap, authorMap] = await Promise.all([
      settings.get(),
      sections.byIds(rows.map((r) => r.sectionId).filter((id): id is number => id !== null)),
      authors.byIds(rows.flatMap((r) => r.authorIds)),
    ]);
    return rows.map((r) => ({
      id: r.articleId,
      slug: r.slug,
      path: articlePath(r.slug, r.publishedAt, site.timezone),
      headline: r.headline,
      headlineMarked: markWords(r.headline, terms),
      dek: r.dek,
      snippet: resultSnippet(r.body, r.dek, terms),
      publishedAt: r.publishedAt,
      section: (r.sectionId !== null && sectionMap.get(r.sectionId)) || null,
      authors: r.authorIds.map((id) => authorMap.get(id)).filter((a): a is Author => !!a),
      score: r.score,
    }));
  }

  /** A section or author named by slug; an unknown one is a 404. */
  async function named<T>(slug: string | undefined, find: (slug: string) => Promise<T | undefined>, what: string): Promise<T | null> {
    const s = (slug ?? '').trim();
    if (s === '') return null;
    const found = isSlug(s) ? await find(s) : undefined;
    if (!found) throw notFound(what);
    return found;
  }

  return {
    /**
     * One page of the stories that contain every word of `q` (after
     * cleaning: see search.text.ts), visible now, best first. No words: an
     * empty first page. Unknown section or author: 404; a bad date: 400; a
     * page past the last: 404.
     */
    async search(request: SearchRequest): Promise<SearchResults> {
      const perPage = Math.min(Math.max(Math.trunc(request.perPage ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE, 1), 100);
      const page = Math.max(Math.trunc(request.page ?? 1) || 1, 1);
      const query = parseQuery(request.q);
      const [site, section, author] = await Promise.all([settings.get(), named(request.section, (s) => sections.bySlug(s), 'section'), named(request.author, (s) => authors.bySlug(s), 'author')]);
      const range = parseDateRange(request.from, request.to, site.timezone);
      const filter: SearchFilter = {
        terms: query.terms,
        now: clock.now().toISOString(),
        ...(section ? { sectionId: section.id } : {}),
        ...(author ? { authorId: author.id } : {}),
        ...(range.fromInstant ? { from: range.fromInstant } : {}),
        ...(range.toInstant ? { to: range.toInstant } : {}),
      };
      let items: SearchHit[] = [];
      let total = 0;
      let more = false;
      if (query.terms.length > 0) {
        // Changes this process has just made are searched too.
        await within(indexer.settled(), FRESHNESS_WAIT_MS);
        const { hits, found } = await repo.find(filter, perPage, (page - 1) * perPage);
        more = found > RANKED_MATCHES;
        total = Math.min(found, RANKED_MATCHES);
        items = await present(hits, query.terms);
      }
      const result = pageOf(items, page, perPage, total);
      if (page > result.pageCount) throw notFound('page');
      return { ...result, more, query, section, author, from: range.from, to: range.to };
    },

    /** Index what is missing or stale (run at start); resolves with how many articles were indexed. */
    catchUp: indexer.catchUp,
    /** Index every article again (broadsheet search-reindex). */
    rebuild: indexer.rebuild,
    /** Resolves once every change announced so far is in the index. */
    settled: indexer.settled,
    /** Stop following changes and stop reindexing after the current batch. */
    close: indexer.close,
  };
}
