import type { ComponentChildren } from 'preact';
import { dateTime } from '../../../platform/time.js';
import type { Chrome } from '../../../views/chrome.js';
import { Layout } from '../../../views/layout.js';
import type { ReportReasonInput, ThreadComment } from '../comments.types.js';
import { CommentForm, type CommentFormProps } from './comment-form.js';
import { CommentItem, ThreadOptionsContext, type ThreadOptions } from './thread.js';

/*
 * The pages a reader reaches from a comment's links, each working without
 * scripts: reply, edit, delete, report, the full replies of a comment, and
 * the answers to posting (awaiting moderation, confirm, try again).
 */

/** The article a comment belongs to, as these pages link back to it. */
export interface ArticleRef {
  id: number;
  headline: string;
  path: string;
}

export const REPORT_REASONS: { value: ReportReasonInput; label: string }[] = [
  { value: 'spam', label: 'Spam' },
  { value: 'abuse', label: 'Abusive or hateful' },
  { value: 'off_topic', label: 'Off topic' },
  { value: 'misinformation', label: 'Misinformation' },
  { value: 'other', label: 'Something else' },
];

function CommentPage({ chrome, title, article, children }: { chrome: Chrome; title: string; article: ArticleRef; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={title} bodyClass="page-comment" head={<script type="module" src={`/assets/comments.js?v=${chrome.assetVersion}`} />}>
      <div class="comment-page">
        <p class="comment-page__back">
          <a href={`${article.path}#comments`}>← {article.headline}</a>
        </p>
        <h1 class="comment-page__title">{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

/** One comment shown on its own, without its replies or actions. */
function Single({ comment, chrome, article }: { comment: ThreadComment; chrome: Chrome; article: ArticleRef }) {
  return (
    <ol class="comment-list comment-list--single">
      <CommentItem comment={{ ...comment, replies: [], moreReplies: 0 }} zone={chrome.site} articlePath={article.path} actions={false} />
    </ol>
  );
}

function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="form-notice" role="status">
      {children}
    </p>
  );
}

export interface CommentFormPageProps {
  chrome: Chrome;
  article: ArticleRef;
  title: string;
  /** The comment being replied to. */
  parent?: ThreadComment;
  intro?: ComponentChildren;
  form: Omit<CommentFormProps, 'zone'>;
}

/**
 * The form on a page of its own: replying without scripts, trying again after
 * an error (the text kept), or confirming a comment whose form had expired.
 */
export function CommentFormPage({ chrome, article, title, parent, intro, form }: CommentFormPageProps) {
  const shown = form.state.open && form.state.canPost;
  const unsent = form.values?.body;
  return (
    <CommentPage chrome={chrome} title={title} article={article}>
      {parent ? <Single comment={parent} chrome={chrome} article={article} /> : null}
      {intro}
      {!shown && form.error ? (
        <p class="form-error" role="alert">
          {form.error}
        </p>
      ) : null}
      <CommentForm {...form} headingLevel={2} zone={chrome.site} />
      {!shown && unsent ? (
        <div class="comment-unsent">
          <label for="unsent-body">Your text was not posted. Here it is, to copy:</label>
          <textarea id="unsent-body" readOnly rows={5} value={unsent} />
        </div>
      ) : null}
    </CommentPage>
  );
}

/** After a guest's comment was held: what happens next, and the comment as posted. */
export function PendingPage({ chrome, article, comment, heldReason }: { chrome: Chrome; article: ArticleRef; comment: ThreadComment; heldReason: string }) {
  return (
    <CommentPage chrome={chrome} title="Your comment is awaiting moderation" article={article}>
      <Notice>Thank you. {heldReason || 'A moderator will review your comment before it appears.'} It will show on the story once a moderator approves it.</Notice>
      <Single comment={comment} chrome={chrome} article={article} />
      <p>
        <a href={`${article.path}#comments`}>Back to the discussion</a>
      </p>
    </CommentPage>
  );
}

export interface EditPageProps {
  chrome: Chrome;
  article: ArticleRef;
  comment: ThreadComment;
  csrf: string;
  maxLength: number;
  /** The text in the form (the comment's, or what was sent). */
  body: string;
  error?: string;
  /** The edit window has passed: no form, only the message. */
  expired: boolean;
}

/** Editing one's own comment within the edit window. */
export function EditPage({ chrome, article, comment, csrf, maxLength, body, error, expired }: EditPageProps) {
  const zone = chrome.site;
  return (
    <CommentPage chrome={chrome} title="Edit your comment" article={article}>
      {error ? (
        <p class="form-error" role="alert" id="edit-error">
          {error}
        </p>
      ) : null}
      {expired ? (
        <p>
          <a href={`/comments/${comment.id}`}>See your comment in the discussion</a>
        </p>
      ) : (
        <form class="comment-form comment-form--edit" method="post" action={`/comments/${comment.id}/edit`} data-max-length={maxLength}>
          <input type="hidden" name="_csrf" value={csrf} />
          {comment.editableUntil ? (
            <p class="comment-form__note" id="edit-until">
              You can edit this comment until <time dateTime={comment.editableUntil}>{dateTime(comment.editableUntil, zone)}</time>.
            </p>
          ) : null}
          <p class="comment-form__field">
            <label for="respond-body">Your comment</label>
            <textarea
              id="respond-body"
              name="body"
              rows={6}
              required
              maxLength={maxLength}
              aria-describedby={error ? 'respond-count edit-error' : 'respond-count'}
              aria-invalid={error ? 'true' : undefined}
              value={body}
            />
            <span class="comment-form__count" id="respond-count" data-max={maxLength}>
              Up to {maxLength.toLocaleString(zone.locale)} characters.
            </span>
          </p>
          <p class="comment-form__submit">
            <button type="submit">Save changes</button> <a href={`/comments/${comment.id}`}>Cancel</a>
          </p>
        </form>
      )}
    </CommentPage>
  );
}

/** Confirming the deletion of one's own comment; `keepHref` is where "Keep it" goes (its permalink unless readers cannot see it). */
export function DeletePage({ chrome, article, comment, csrf, keepHref }: { chrome: Chrome; article: ArticleRef; comment: ThreadComment; csrf: string; keepHref?: string }) {
  return (
    <CommentPage chrome={chrome} title="Delete your comment?" article={article}>
      <Single comment={comment} chrome={chrome} article={article} />
      <p>Deleting cannot be undone. If others have replied, the replies stay and your comment shows as removed.</p>
      <form class="comment-confirm" method="post" action={`/comments/${comment.id}/delete`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="confirm" value="1" />
        <button type="submit">Delete comment</button> <a href={keepHref ?? `/comments/${comment.id}`}>Keep it</a>
      </form>
    </CommentPage>
  );
}

export interface ReportPageProps {
  chrome: Chrome;
  article: ArticleRef;
  comment: ThreadComment;
  csrf: string;
  reason?: string;
  note?: string;
  error?: string;
  /** The report was received. */
  sent?: boolean;
}

/** Reporting a comment to the moderators. */
export function ReportPage({ chrome, article, comment, csrf, reason, note, error, sent }: ReportPageProps) {
  if (sent) {
    return (
      <CommentPage chrome={chrome} title="Thank you for your report" article={article}>
        <Notice>A moderator will look at this comment. You will not hear back about each report, but every one is read.</Notice>
        <p>
          {/* Not the comment's permalink: enough reports hold the comment, and then it has none. */}
          <a href={`${article.path}#comments`}>Back to the discussion</a>
        </p>
      </CommentPage>
    );
  }
  return (
    <CommentPage chrome={chrome} title="Report a comment" article={article}>
      <Single comment={comment} chrome={chrome} article={article} />
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <form class="comment-form comment-form--report" method="post" action={`/comments/${comment.id}/report`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <fieldset>
          <legend>What is wrong with this comment?</legend>
          {REPORT_REASONS.map((r) => (
            <p key={r.value} class="comment-form__choice">
              <input type="radio" id={`reason-${r.value}`} name="reason" value={r.value} required checked={reason === r.value} />
              <label for={`reason-${r.value}`}>{r.label}</label>
            </p>
          ))}
        </fieldset>
        <p class="comment-form__field">
          <label for="report-note">Anything the moderators should know (optional)</label>
          <textarea id="report-note" name="note" rows={3} maxLength={500} value={note ?? ''} />
        </p>
        <p class="comment-form__submit">
          <button type="submit">Send report</button> <a href={`/comments/${comment.id}`}>Cancel</a>
        </p>
      </form>
    </CommentPage>
  );
}

/** A comment with all its replies, for threads too long to show in full on the article page. */
export function RepliesPage({ chrome, article, root, options }: { chrome: Chrome; article: ArticleRef; root: ThreadComment; options: ThreadOptions }) {
  const title = root.state === 'removed' ? 'Replies to a removed comment' : `Replies to ${root.authorName}`;
  return (
    <CommentPage chrome={chrome} title={title} article={article}>
      <ThreadOptionsContext.Provider value={options}>
        <ol class="comment-list">
          <CommentItem comment={root} zone={chrome.site} articlePath={article.path} />
        </ol>
      </ThreadOptionsContext.Provider>
      <p>
        <a href={`${article.path}#comments`}>All comments on this story</a>
      </p>
    </CommentPage>
  );
}
