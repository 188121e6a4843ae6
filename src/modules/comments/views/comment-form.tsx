import { mediumDate, type Zone } from '../../../platform/time.js';
import { PERMANENT_BAN_UNTIL } from '../../readers/readers.service.js';
import { MAX_GUEST_NAME } from '../comments.policy.js';

/** Whether and how the visitor may comment on an article (from the comments service). */
export interface CommentingState {
  open: boolean;
  canPost: boolean;
  reason: 'closed' | 'sign_in' | 'unverified' | 'banned' | null;
  bannedUntil: string | null;
  guestsAllowed: boolean;
  maxLength: number;
  maxDepth: number;
  editWindowMinutes: number;
}

export interface CommentFormValues {
  body?: string;
  name?: string;
  email?: string;
}

export interface CommentFormProps {
  articleId: number;
  parentId?: number | null;
  state: CommentingState;
  /** CSRF token and signed "form shown at" token; both '' on pages shared through caches (the page's script fills them). */
  csrf: string;
  formToken: string;
  /** Signed in neither as a reader nor as staff: a guest gives a name and email. */
  guest: boolean;
  /** The name a signed-in visitor comments under. */
  signedInAs?: string | null;
  /** Whether a moderator may hold the comment before it appears. */
  moderated: boolean;
  values?: CommentFormValues;
  error?: string;
  /** Where signing in returns to. */
  next: string;
  heading?: string;
  /** The form's heading: h3 under the thread's h2 on the article page, h2 under the h1 of a page of its own. */
  headingLevel?: 2 | 3;
  zone: Zone;
}

/** The honeypot: people never see or reach it, so anything in it was filled in by a program. */
function Honeypot() {
  return (
    <div class="comment-form__website" aria-hidden="true">
      <label for="respond-website">Leave this field empty</label>
      <input id="respond-website" name="website" type="text" value="" tabIndex={-1} autocomplete="off" />
    </div>
  );
}

/** Why the visitor cannot comment, in a sentence with what to do about it. */
function Refusal({ state, next, zone }: { state: CommentingState; next: string; zone: Zone }) {
  switch (state.reason) {
    case 'sign_in':
      return (
        <p class="comment-form__prompt">
          <a href={`/account/sign-in?next=${encodeURIComponent(next)}`}>Sign in</a> or <a href={`/account/sign-up?next=${encodeURIComponent(next)}`}>create an account</a> to join the discussion.
        </p>
      );
    case 'unverified':
      return (
        <p class="comment-form__prompt">
          Confirm your email to comment. Follow the link we emailed you, or <a href="/account">send a new one from your account</a>.
        </p>
      );
    case 'banned':
      return (
        <p class="comment-form__prompt">
          You can't comment until {state.bannedUntil && state.bannedUntil < PERMANENT_BAN_UNTIL ? <time dateTime={state.bannedUntil}>{mediumDate(state.bannedUntil, zone)}</time> : 'further notice'}.
        </p>
      );
    default:
      return <p class="comments__closed">Comments are closed.</p>;
  }
}

/**
 * The form to join the discussion (<form id="respond">), or the sentence
 * saying why the visitor cannot: comments closed, not signed in, email not
 * confirmed, or banned for now.
 */
export function CommentForm({ articleId, parentId, state, csrf, formToken, guest, signedInAs, moderated, values = {}, error, next, heading, headingLevel = 3, zone }: CommentFormProps) {
  if (!state.open || !state.canPost) return <Refusal state={state.open ? state : { ...state, reason: 'closed' }} next={next} zone={zone} />;
  const max = state.maxLength;
  const describedBy = ['respond-count', moderated ? 'respond-note' : null, error ? 'respond-error' : null].filter(Boolean).join(' ');
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <form id="respond" class="comment-form" method="post" action="/comments" aria-labelledby="respond-heading" data-max-length={max}>
      <Heading id="respond-heading" class="comment-form__heading">
        {heading ?? (parentId ? 'Your reply' : 'Join the discussion')}
      </Heading>
      {error ? (
        <p class="form-error" role="alert" id="respond-error">
          {error}
        </p>
      ) : null}
      <input type="hidden" name="articleId" value={String(articleId)} />
      <input type="hidden" name="parentId" value={parentId ? String(parentId) : ''} />
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="t" value={formToken} />
      <Honeypot />
      {guest ? (
        <div class="comment-form__guest">
          <p class="comment-form__field">
            <label for="respond-name">Name</label>
            <input id="respond-name" name="name" type="text" required maxLength={MAX_GUEST_NAME} autocomplete="name" value={values.name ?? ''} />
          </p>
          <p class="comment-form__field">
            <label for="respond-email">Email</label>
            <input id="respond-email" name="email" type="email" required maxLength={320} autocomplete="email" value={values.email ?? ''} aria-describedby="respond-email-note" />
            <span class="comment-form__hint" id="respond-email-note">
              Never shown on the site.
            </span>
          </p>
        </div>
      ) : signedInAs ? (
        <p class="comment-form__as">
          Commenting as <strong>{signedInAs}</strong>
        </p>
      ) : null}
      <p class="comment-form__field">
        <label for="respond-body">{parentId ? 'Your reply' : 'Your comment'}</label>
        <textarea id="respond-body" name="body" rows={5} required maxLength={max} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined} value={values.body ?? ''} />
        <span class="comment-form__count" id="respond-count" data-max={max}>
          Up to {max.toLocaleString(zone.locale)} characters.
        </span>
      </p>
      {moderated ? (
        <p class="comment-form__note" id="respond-note">
          Comments may be held for a moderator to review before they appear.
        </p>
      ) : null}
      <p class="comment-form__submit">
        <button type="submit">{parentId ? 'Post reply' : 'Post comment'}</button>
      </p>
    </form>
  );
}
