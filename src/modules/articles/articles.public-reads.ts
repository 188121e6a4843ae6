import type { Clock } from '../../platform/clock.js';
import type { ContentEvents } from '../../platform/events.js';
import { ReadCache } from '../../platform/read-cache.js';

/** Change kinds that leave stories, their cards and READ NEXT as they were: comments are counted apart. */
const UNAFFECTED = new Set(['comment']);

/** What the kept reads need to know of a story card. */
interface Card {
  commentsOpen: boolean;
  commentsCloseAt: string | null;
}

/** A story found by its slug, or where it moved. */
type Lookup = { kind: 'article'; article: Card } | { kind: 'redirect' };

/** The reads kept (see articles.service.ts's reader). */
interface PublicReader<C extends Card, D extends C & { id: number }, L extends Lookup> {
  findPublic(slug: string): Promise<L | undefined>;
  latest(limit: number, excludeIds?: number[]): Promise<C[]>;
  latestIn(sectionId: number, limit: number, excludeIds?: number[]): Promise<C[]>;
  readNext(article: D): Promise<C | null>;
}

/** The earliest moment one of these stories' comments close, among those still open: each card says "open" until then. */
function openUntil(cards: (Card | null | undefined)[]): string | null {
  const closing = cards.filter((c): c is Card => !!c && c.commentsOpen && c.commentsCloseAt !== null).map((c) => c.commentsCloseAt!);
  return closing.sort()[0] ?? null;
}

/**
 * The reads every public page makes (the story by its slug, the latest
 * stories, READ NEXT) kept between changes, so a page built after a comment
 * arrives reads only its thread. Any change but a comment's drops them, in
 * this process and, through the change feed, every other; so does the next
 * scheduled story going live and any story's comments closing.
 */
export function cachePublicReads<C extends Card, D extends C & { id: number }, L extends Lookup, R extends PublicReader<C, D, L>>(
  reader: R & PublicReader<C, D, L>,
  deps: { clock: Clock; events: ContentEvents },
  horizon: () => Promise<string | null>,
): R {
  const cache = keptUntilStoriesChange(deps, horizon, 2000);
  return {
    ...reader,
    findPublic(slug: string): Promise<L | undefined> {
      return cache.get(
        `story:${slug}`,
        () => reader.findPublic(slug),
        (found) => (found?.kind === 'article' ? openUntil([found.article]) : null),
      );
    },
    latest(limit: number, excludeIds: number[] = []): Promise<C[]> {
      return cache.get(`latest:${limit}:${excludeIds.join(',')}`, () => reader.latest(limit, excludeIds), openUntil);
    },
    latestIn(sectionId: number, limit: number, excludeIds: number[] = []): Promise<C[]> {
      return cache.get(`section:${sectionId}:${limit}:${excludeIds.join(',')}`, () => reader.latestIn(sectionId, limit, excludeIds), openUntil);
    },
    readNext(article: D): Promise<C | null> {
      return cache.get(
        `next:${article.id}`,
        () => reader.readNext(article),
        (card) => openUntil([card]),
      );
    },
  };
}

/**
 * How many stories a listing has (the API's and the section, tag and author
 * pages' totals), kept between changes like the reads above: a count over
 * every visible story, which grows with the site (40 ms for 100,000 stories
 * on PostgreSQL) while the page of cards beside it does not.
 */
export function cacheTotals<F>(count: (filter: F) => Promise<number>, deps: { clock: Clock; events: ContentEvents }, horizon: () => Promise<string | null>): (filter: F) => Promise<number> {
  const cache = keptUntilStoriesChange(deps, horizon, 500);
  return (filter) => cache.get(`total:${JSON.stringify(filter)}`, () => count(filter));
}

/** A read cache dropped by every change that can alter what the public sees of the stories, and at the next scheduled publication. */
function keptUntilStoriesChange(deps: { clock: Clock; events: ContentEvents }, horizon: () => Promise<string | null>, maxEntries: number): ReadCache {
  return new ReadCache(deps.clock, deps.events, { affectedBy: (kind) => !UNAFFECTED.has(kind), horizon, maxEntries });
}
