import type { Page } from '../../../platform/pagination.js';
import { dateTime, type Zone } from '../../../platform/time.js';
import { Pagination } from '../../../views/components.js';
import type { ThreadComment } from '../comments.service.js';
import { CommentBody } from './comment-body.js';

function CommentItem({ comment, zone }: { comment: ThreadComment; zone: Zone }) {
  const anchor = `comment-${comment.id}`;
  return (
    <li id={anchor} class={comment.number !== null ? 'comment comment--top' : 'comment comment--reply'}>
      <article aria-labelledby={`${anchor}-author`}>
        <header class="comment__header">
          {comment.number !== null ? <span class="comment__number">{comment.number}.</span> : null}
          <span class="comment__author" id={`${anchor}-author`}>
            {comment.authorName}
          </span>
          <a class="comment__permalink" href={`#${anchor}`}>
            <time dateTime={comment.createdAt}>{dateTime(comment.createdAt, zone)}</time>
          </a>
        </header>
        <CommentBody text={comment.body} />
      </article>
      {comment.replies.length > 0 ? (
        <ol class="comment-replies" aria-label={`Replies to ${comment.authorName}`}>
          {comment.replies.map((r) => (
            <CommentItem key={r.id} comment={r} zone={zone} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export interface CommentsSectionProps {
  count: number;
  thread: Page<ThreadComment>;
  open: boolean;
  zone: Zone;
  /** The article's path, for links to other pages of the thread. */
  articlePath: string;
}

/** The comments block of the article page: the count, the thread, and its state. */
export function CommentsSection({ count, thread, open, zone, articlePath }: CommentsSectionProps) {
  const label = count === 1 ? '1 Comment' : `${count.toLocaleString(zone.locale)} Comments`;
  const hrefFor = (p: number) => (p === 1 ? `${articlePath}#comments` : `${articlePath}?comments=${p}#comments`);
  return (
    <section id="comments" class="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading" class="comments__count">
        {label}
      </h2>
      {thread.items.length > 0 ? (
        <ol class="comment-list">
          {thread.items.map((c) => (
            <CommentItem key={c.id} comment={c} zone={zone} />
          ))}
        </ol>
      ) : count === 0 && open ? (
        <p class="comments__empty">No comments yet.</p>
      ) : null}
      <Pagination page={thread.page} pageCount={thread.pageCount} hrefFor={hrefFor} label="Comment pages" prevLabel="← Earlier comments" nextLabel="Later comments →" />
      {open ? null : <p class="comments__closed">Comments are closed.</p>}
    </section>
  );
}
