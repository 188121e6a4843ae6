import { dateTime, type Zone } from '../../../platform/time.js';
import { CommentForm, type CommentFormProps } from './comment-form.js';

/*
 * The ways into a story's discussion: the count and "Join the discussion"
 * near the byline, and what stands at the top of the thread (the form, or
 * why there is none). The same for every reader, so the page stays
 * cacheable.
 */

/** Where "Join the discussion" leads: the form (or why there is none) at the top of the thread. */
export const JOIN_ANCHOR = 'join';

export const commentCountLabel = (count: number, zone: Zone): string => (count === 1 ? '1 comment' : `${count.toLocaleString(zone.locale)} comments`);

/** Near the byline: how many comments, linking to the thread, and a link straight to the form while comments are open. */
export function DiscussionLink({ count, open, zone }: { count: number; open: boolean; zone: Zone }) {
  if (!open && count === 0) return null;
  return (
    <p class="discussion-link">
      <a class="discussion-link__count" href="#comments">
        {commentCountLabel(count, zone)}
      </a>
      {open ? (
        <a class="discussion-link__join" href={`#${JOIN_ANCHOR}`}>
          Join the discussion
        </a>
      ) : null}
    </p>
  );
}

/** "Comments are closed.", with when they closed where that is known. */
export function CommentsClosed({ closedAt, zone }: { closedAt: string | null; zone: Zone }) {
  return (
    <p class="comments__closed">
      Comments are closed.
      {closedAt ? (
        <span class="comments__closed-at">
          {' They closed on '}
          <time dateTime={closedAt}>{dateTime(closedAt, zone)}</time>.
        </span>
      ) : null}
    </p>
  );
}

/** The top of the thread: the form to join in (or why the visitor cannot), or that comments are closed. */
export function JoinDiscussion({ open, closedAt, zone, form }: { open: boolean; closedAt: string | null; zone: Zone; form?: Omit<CommentFormProps, 'zone'> }) {
  if (open && !form) return null;
  return (
    <div id={JOIN_ANCHOR} class="comments__join" tabIndex={-1}>
      {open && form ? <CommentForm {...form} zone={zone} /> : <CommentsClosed closedAt={closedAt} zone={zone} />}
    </div>
  );
}
