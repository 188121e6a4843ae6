import type { QueueName } from '../moderation.types.js';

/*
 * The queue's filters: one article, one reader, and the moderators' search
 * (comment text, commenter, story). They travel in the queue's address, so
 * every tab, page and "back" link keeps them.
 */

export interface QueueFilters {
  articleId: number | null;
  readerId: number | null;
  /** Searched for in the comment text, the commenter's name or email, the story's headline ('' for none). */
  q: string;
  commenter: string;
  story: string;
}

export const NO_FILTERS: QueueFilters = { articleId: null, readerId: null, q: '', commenter: '', story: '' };

export const isSearch = (f: QueueFilters) => f.q !== '' || f.commenter !== '' || f.story !== '';

/** The queue's address for a tab, filters and page. */
export function queueHref(queue: QueueName, filters: QueueFilters, page = 1): string {
  const params = new URLSearchParams({ queue });
  if (filters.articleId !== null) params.set('article', String(filters.articleId));
  if (filters.readerId !== null) params.set('reader', String(filters.readerId));
  if (filters.q !== '') params.set('q', filters.q);
  if (filters.commenter !== '') params.set('commenter', filters.commenter);
  if (filters.story !== '') params.set('story', filters.story);
  if (page > 1) params.set('page', String(page));
  return `/admin/comments?${params.toString()}`;
}

/** The search form: comment text, commenter, story; it keeps the tab and the article or reader filter. */
export function QueueSearch({ queue, filters }: { queue: QueueName; filters: QueueFilters }) {
  return (
    <form method="get" action="/admin/comments" class="article-filters moderation-search" role="search" aria-label="Search the comments">
      <input type="hidden" name="queue" value={queue} />
      {filters.articleId !== null ? <input type="hidden" name="article" value={String(filters.articleId)} /> : null}
      {filters.readerId !== null ? <input type="hidden" name="reader" value={String(filters.readerId)} /> : null}
      <div class="article-filters__field article-filters__field--wide">
        <label for="moderation-q">Comment text contains</label>
        <input id="moderation-q" type="search" name="q" value={filters.q} maxLength={200} />
      </div>
      <div class="article-filters__field">
        <label for="moderation-commenter">Commenter’s name or email</label>
        <input id="moderation-commenter" type="search" name="commenter" value={filters.commenter} maxLength={200} />
      </div>
      <div class="article-filters__field">
        <label for="moderation-story">Story headline</label>
        <input id="moderation-story" type="search" name="story" value={filters.story} maxLength={200} />
      </div>
      <div class="article-filters__actions">
        <button type="submit">Search</button>
        {isSearch(filters) ? <a href={queueHref(queue, { ...filters, q: '', commenter: '', story: '' })}>Clear the search</a> : null}
      </div>
    </form>
  );
}

/** "on article 3 and by reader 5, containing “refund”, by a commenter matching “gmail”, on a story matching “budget”" */
export function describeFilters(filters: QueueFilters): string {
  const parts: string[] = [];
  if (filters.articleId !== null) parts.push(`on article ${filters.articleId}`);
  if (filters.readerId !== null) parts.push(`by reader ${filters.readerId}`);
  if (filters.q !== '') parts.push(`containing “${filters.q}”`);
  if (filters.commenter !== '') parts.push(`by a commenter matching “${filters.commenter}”`);
  if (filters.story !== '') parts.push(`on a story matching “${filters.story}”`);
  return parts.join(', ');
}
