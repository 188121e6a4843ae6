import { type ComponentChildren, createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { renderToString } from 'preact-render-to-string';
import type { Zone } from '../../../platform/time.js';
import { rawMarkup } from '../../../views/render.js';
import type { ThreadPage } from '../comments.thread-page.js';
import type { ThreadComment, ThreadSort } from '../comments.types.js';
import { commentItemMarkup, repliesMarkup } from './comment-markup.js';
import type { CommentFormProps } from './comment-form.js';
import { JoinDiscussion } from './discussion-link.js';
import { EditorsPicks } from './picks.js';
import { threadHref, ThreadPagination } from './thread-pagination.js';

export { threadHref } from './thread-pagination.js';

/**
 * What the small forms inside a thread need beyond the comment itself. Given
 * once per page, so CommentItem keeps simple props; where no provider is given
 * (a comment rendered on its own), the defaults hold and the page's script
 * fills the forms' tokens before they are sent.
 */
export interface ThreadOptions {
  /** CSRF token for the recommend and delete forms; '' on pages shared through caches. */
  csrf: string;
  /** The current time, for the edit window; null when unknown (the edit page decides). */
  now: string | null;
  /** Whether the viewer is a reader who may recommend: null when unknown. */
  canReact: boolean | null;
  /** Whether replies are taken (comments open). */
  canReply: boolean;
}

export const DEFAULT_THREAD_OPTIONS: ThreadOptions = { csrf: '', now: null, canReact: null, canReply: true };
export const ThreadOptionsContext = createContext<ThreadOptions>(DEFAULT_THREAD_OPTIONS);

export { commentPath, repliesPath } from './comment-markup.js';

export interface CommentItemProps {
  comment: ThreadComment;
  zone: Zone;
  articlePath: string;
  /** Show Reply, Recommend, Edit, Delete and Report (default true). */
  actions?: boolean;
}

/** One comment as an <li id="comment-ID">, with its loaded replies nested beneath (comment-markup.ts writes it). */
export function CommentItem({ comment, zone, actions = true }: CommentItemProps) {
  const opts = useContext(ThreadOptionsContext);
  return rawMarkup(commentItemMarkup(comment, zone, opts, actions, comment.id));
}

/** The full list of a comment's replies, as the "Show N more replies" script inserts it. */
export function RepliesList({ comment, zone, rootId }: { comment: ThreadComment; zone: Zone; articlePath: string; rootId: number }) {
  const opts = useContext(ThreadOptionsContext);
  return rawMarkup(repliesMarkup(comment, zone, opts, true, rootId));
}

/** Render part of a thread on its own (for scripts that insert it), with the options its forms need. */
export function renderThreadFragment(node: ComponentChildren, options: Partial<ThreadOptions> = {}): string {
  return renderToString(<ThreadOptionsContext.Provider value={{ ...DEFAULT_THREAD_OPTIONS, ...options }}>{node}</ThreadOptionsContext.Provider>);
}

/** The highest id among the approved comments shown, for "comments since". */
export function highestCommentId(comments: ThreadComment[]): number {
  let max = 0;
  const walk = (c: ThreadComment) => {
    if (c.state === 'approved' && c.id > max) max = c.id;
    c.replies.forEach(walk);
  };
  comments.forEach(walk);
  return max;
}

export const SORT_LABELS: Record<ThreadSort, string> = { oldest: 'Oldest', newest: 'Newest', top: 'Most recommended' };

/** What the section needs to let a visitor take part; absent where the page is only shown (the newsroom's preview). */
export interface Discussion {
  articleId: number;
  sort: ThreadSort;
  picks: ThreadComment[];
  /** The id of the newest live update on the page (0 for none), for the live stream. */
  sinceUpdate: number;
  /** The newest approved comment in the whole thread (not just this page), where the live stream starts. */
  sinceComment: number;
  options: ThreadOptions;
  form: Omit<CommentFormProps, 'zone'>;
}

export interface CommentsSectionProps {
  count: number;
  thread: ThreadPage;
  open: boolean;
  zone: Zone;
  /** The article's path, for links to other pages of the thread. */
  articlePath: string;
  /** When comments closed, where that is known (their close time has passed); null when an editor closed them or it is unknown. */
  closedAt?: string | null;
  discussion?: Discussion;
}

function SortLinks({ articlePath, sort }: { articlePath: string; sort: ThreadSort }) {
  return (
    <nav class="comments__sort" aria-label="Sort comments">
      <span class="comments__sort-label" aria-hidden="true">
        Sort:
      </span>
      <ul>
        {(Object.keys(SORT_LABELS) as ThreadSort[]).map((s) => (
          <li key={s}>
            <a href={threadHref(articlePath, s)} aria-current={s === sort ? 'true' : undefined}>
              {SORT_LABELS[s]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The comments block of the article page: the count, the form or its state (before the first comment), editors' picks, the thread and its pages. */
export function CommentsSection({ count, thread, open, zone, articlePath, closedAt = null, discussion }: CommentsSectionProps) {
  const label = count === 1 ? '1 Comment' : `${count.toLocaleString(zone.locale)} Comments`;
  const sort = discussion?.sort ?? 'oldest';
  const options = discussion ? { ...discussion.options, canReply: open && discussion.options.canReply } : { ...DEFAULT_THREAD_OPTIONS, canReply: false };
  const highest = Math.max(discussion?.sinceComment ?? 0, highestCommentId(thread.items), highestCommentId(discussion?.picks ?? []));
  return (
    <section
      id="comments"
      class="comments"
      aria-labelledby="comments-heading"
      data-article-id={discussion?.articleId}
      data-live-url={discussion ? `/live/articles/${discussion.articleId}` : undefined}
      data-since-comment={highest}
      data-since-update={discussion?.sinceUpdate ?? 0}
      data-sort={sort}
      data-page={thread.page}
      data-page-count={thread.pageCount}
      data-at-start={thread.atStart ? 'true' : 'false'}
      data-at-end={thread.atEnd ? 'true' : 'false'}
    >
      <h2 id="comments-heading" class="comments__count">
        {label}
      </h2>
      {thread.pageCount > 1 ? <ThreadPagination thread={thread} articlePath={articlePath} sort={sort} at="top" /> : null}
      <JoinDiscussion open={open} closedAt={closedAt} zone={zone} form={discussion?.form} />
      <ThreadOptionsContext.Provider value={options}>
        {discussion && thread.total > 1 ? <SortLinks articlePath={articlePath} sort={sort} /> : null}
        {discussion && discussion.picks.length > 0 ? <EditorsPicks picks={discussion.picks} zone={zone} /> : null}
        {thread.items.length > 0 ? (
          <ol class="comment-list">
            {thread.items.map((c) => (
              <CommentItem key={c.id} comment={c} zone={zone} articlePath={articlePath} actions={discussion !== undefined} />
            ))}
          </ol>
        ) : count === 0 && open ? (
          <p class="comments__empty">No comments yet.</p>
        ) : null}
      </ThreadOptionsContext.Provider>
      <ThreadPagination thread={thread} articlePath={articlePath} sort={sort} />
    </section>
  );
}
