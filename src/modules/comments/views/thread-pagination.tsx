import type { ThreadAt, ThreadPage } from '../comments.thread-page.js';
import type { ThreadSort } from '../comments.types.js';

/**
 * Up to this many pages, every page number is listed (wrapping on narrow
 * screens), so any page of the thread is one click from any other; beyond
 * it, the first and last pages and a window around the current one.
 */
export const ALL_PAGES_UP_TO = 50;
/** Pages listed on each side of the current one when the list is windowed. */
export const PAGE_WINDOW = 2;

/** The page numbers to list, with null where a run of pages is left out (shown as "…"). */
export function pageNumbers(current: number, count: number): (number | null)[] {
  if (count <= ALL_PAGES_UP_TO) return Array.from({ length: count }, (_, i) => i + 1);
  const from = Math.max(2, Math.min(current, count) - PAGE_WINDOW);
  const to = Math.min(count - 1, Math.max(current, 1) + PAGE_WINDOW);
  const out: (number | null)[] = [1];
  if (from > 2) out.push(null);
  for (let n = from; n <= to; n++) out.push(n);
  if (to < count - 1) out.push(null);
  out.push(count);
  return out;
}

/**
 * A thread page's address: the sort (when not the default) and where the
 * page starts: after or before a top-level comment, at the end, or a page
 * number; nothing for the first page.
 */
export function threadHref(articlePath: string, sort: ThreadSort, at: ThreadAt = { page: 1 }, anchor = 'comments'): string {
  const params = new URLSearchParams();
  if (sort !== 'oldest') params.set('sort', sort);
  if ('after' in at) params.set('after', String(at.after));
  else if ('before' in at) params.set('before', String(at.before));
  else if ('last' in at) params.set('last', '1');
  else if (at.page > 1) params.set('comments', String(at.page));
  const q = params.toString();
  return `${articlePath}${q ? `?${q}` : ''}#${anchor}`;
}

/**
 * The thread's pages: previous and next (by key, from the comments at the
 * page's edges) and the page numbers (`?comments=N`, the Nth run of
 * comments in the order chosen, the same address for everyone and so
 * cacheable), the current one marked. Shown above the thread, so any page
 * is one click from its top, and again below it.
 */
export function ThreadPagination({ thread, articlePath, sort, at = 'end' }: { thread: ThreadPage; articlePath: string; sort: ThreadSort; at?: 'top' | 'end' }) {
  if (thread.pageCount <= 1 && thread.atStart && thread.atEnd) return null;
  const href = (at: ThreadAt) => threadHref(articlePath, sort, at);
  const numbers = pageNumbers(thread.page, thread.pageCount);
  return (
    <nav class={`pagination pagination--numbered pagination--${at}`} aria-label={at === 'top' ? 'Comment pages' : 'Comment pages, end of the thread'}>
      {thread.atStart || thread.firstId === null ? null : (
        <a class="pagination__prev" rel="prev" href={href({ before: thread.firstId })}>
          {sort === 'oldest' ? '← Earlier' : '← Previous'}
          <span class="visually-hidden"> comments</span>
        </a>
      )}
      <ol class="pagination__pages">
        {numbers.map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} class="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              <a href={href({ page: n })} aria-current={n === thread.page ? 'page' : undefined}>
                <span class="visually-hidden">Page </span>
                {n}
              </a>
            </li>
          ),
        )}
      </ol>
      {thread.atEnd || thread.lastId === null ? null : (
        <a class="pagination__next" rel="next" href={href({ after: thread.lastId })}>
          {sort === 'oldest' ? 'Later' : 'More'}
          <span class="visually-hidden"> comments</span> →
        </a>
      )}
      <p class="pagination__position">
        Page {thread.page} of {thread.pageCount}
      </p>
    </nav>
  );
}
