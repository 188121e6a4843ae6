import { dateTime, type Zone } from '../../../platform/time.js';
import type { ThreadComment } from '../comments.types.js';
import { CommentBody } from './comment-body.js';

/** Comments the editors featured, above the thread; each links to its place in it. */
export function EditorsPicks({ picks, zone }: { picks: ThreadComment[]; zone: Zone }) {
  return (
    <aside class="comment-picks" aria-labelledby="picks-heading">
      <h3 id="picks-heading" class="comment-picks__heading">
        Editors' picks
      </h3>
      <ul class="comment-picks__list">
        {picks.map((c) => (
          <li key={c.id} class="comment-pick" data-comment-id={c.id}>
            <p class="comment-pick__meta">
              <span class="comment__pick">Editors' pick</span>
              <span class="comment__author">{c.authorName}</span>
              {c.staff ? <span class="comment__badge">Staff</span> : null}
              <time dateTime={c.createdAt}>{dateTime(c.createdAt, zone)}</time>
            </p>
            <CommentBody text={c.body} />
            <p class="comment-pick__link">
              <a href={`/comments/${c.id}`}>
                See it in the thread<span class="visually-hidden"> ({c.authorName})</span>
              </a>
            </p>
          </li>
        ))}
      </ul>
    </aside>
  );
}
