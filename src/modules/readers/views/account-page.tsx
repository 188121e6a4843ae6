import type { Page } from '../../../platform/pagination.js';
import { dateTime, type Zone } from '../../../platform/time.js';
import { Pagination, Time } from '../../../views/components.js';
import { MIN_PASSWORD_LENGTH } from '../../accounts/accounts.passwords.js';
import type { OwnComment } from '../../comments/comments.types.js';
import { PERMANENT_BAN_UNTIL, type Reader } from '../readers.service.js';
import { AccountDataSections } from './account-data-pages.js';
import { CsrfField, DisplayNameField, FormError, Notice, ReaderLayout, type ReaderPageChrome } from './reader-layout.js';

/** Which form an error belongs to, so it is shown above that form. */
export type AccountForm = 'profile' | 'password' | 'verify';

export interface AccountPageProps extends ReaderPageChrome {
  reader: Reader;
  hasPassword: boolean;
  banned: boolean;
  zone: Zone;
  /** The reader's comments, newest first. */
  comments: Page<OwnComment>;
  notice?: string | undefined;
  error?: { form: AccountForm; message: string } | undefined;
  /** What the reader typed, kept when a form is refused. */
  displayName?: string | undefined;
}

const STATUS_LABELS: Record<OwnComment['status'], string> = {
  approved: 'Published',
  pending: 'Awaiting moderation',
  rejected: 'Not published',
  removed: 'Deleted',
};

const EXCERPT_LENGTH = 280;
const excerpt = (body: string) => {
  const chars = [...body];
  return chars.length > EXCERPT_LENGTH
    ? `${chars
        .slice(0, EXCERPT_LENGTH - 1)
        .join('')
        .trimEnd()}…`
    : body;
};

function BanNotice({ reader, zone }: { reader: Reader; zone: Zone }) {
  return (
    <section class="account-ban" aria-labelledby="ban-heading">
      <h2 id="ban-heading">You can't comment at the moment</h2>
      <p role="status">
        {reader.bannedUntil === PERMANENT_BAN_UNTIL ? (
          'Your account has been banned from commenting.'
        ) : (
          <>
            You can't comment until <Time iso={reader.bannedUntil!} zone={zone} format={dateTime} />.
          </>
        )}
      </p>
      {reader.banReason ? <p class="account-ban__reason">Reason: {reader.banReason}</p> : null}
    </section>
  );
}

function OwnComments({ comments, zone, csrf }: { comments: Page<OwnComment>; zone: Zone; csrf: string }) {
  if (comments.total === 0) return <p class="empty">You have not commented yet.</p>;
  return (
    <>
      <ol class="own-comments">
        {comments.items.map((c) => (
          <li key={c.id} class="own-comment" id={`own-comment-${c.id}`}>
            <p class="own-comment__meta">
              <a href={`${c.articlePath}#comment-${c.id}`}>{c.articleHeadline}</a>
              {' · '}
              <Time iso={c.createdAt} zone={zone} format={dateTime} />
              {c.editedAt ? ' (edited)' : null}
              {' · '}
              <span class={`own-comment__status own-comment__status--${c.status}`}>{STATUS_LABELS[c.status]}</span>
            </p>
            {c.status === 'removed' ? null : <p class="own-comment__body">{excerpt(c.body)}</p>}
            {c.status === 'removed' ? null : (
              <form method="post" action={`/comments/${c.id}/delete`} class="own-comment__delete">
                <CsrfField token={csrf} />
                <button type="submit" aria-label={`Delete your comment on “${c.articleHeadline}”`}>
                  Delete
                </button>
              </form>
            )}
          </li>
        ))}
      </ol>
      <Pagination page={comments.page} pageCount={comments.pageCount} hrefFor={(p) => (p === 1 ? '/account#your-comments' : `/account?page=${p}#your-comments`)} label="Pages of your comments" />
    </>
  );
}

/** A signed-in reader's own page: ban notice, profile, password, sign out, and their comments. */
export function AccountPage({ chrome, csrf, reader, hasPassword, banned, zone, comments, notice, error, displayName }: AccountPageProps) {
  const errorFor = (form: AccountForm) => (error?.form === form ? error.message : undefined);
  return (
    <ReaderLayout chrome={chrome} title="Your account">
      <h1>Your account</h1>
      <Notice message={notice} />
      {banned ? <BanNotice reader={reader} zone={zone} /> : null}
      {reader.verified ? null : (
        <section class="account-verify" aria-labelledby="verify-heading">
          <h2 id="verify-heading">Confirm your email to comment</h2>
          <p>
            We sent a link to <strong>{reader.email}</strong>. Open it to confirm that the address is yours; then you can comment.
          </p>
          <FormError message={errorFor('verify')} />
          <form method="post" action="/account/verify-email" class="account-form">
            <CsrfField token={csrf} />
            <button type="submit" class="button--secondary">
              Send the link again
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading" class="section-heading">
          Profile
        </h2>
        <p>
          Signed in as <strong>{reader.email}</strong>.
        </p>
        <FormError message={errorFor('profile')} />
        <form method="post" action="/account" class="account-form">
          <CsrfField token={csrf} />
          <DisplayNameField value={displayName ?? reader.displayName} />
          <p class="account-form__check">
            <input id="notifyReplies" name="notifyReplies" type="checkbox" value="1" checked={reader.notifyReplies} />
            <label for="notifyReplies">Email me when someone replies to me</label>
          </p>
          <button type="submit">Save profile</button>
        </form>
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading" class="section-heading">
          Password
        </h2>
        <p>{hasPassword ? 'Change the password you sign in with. Your account is signed out on every other device.' : 'You sign in by emailed links. Set a password to sign in with it as well.'}</p>
        <FormError message={errorFor('password')} />
        <form method="post" action="/account/password" class="account-form">
          <CsrfField token={csrf} />
          <input type="hidden" name="username" autocomplete="username" value={reader.email} />
          <label for="password">New password</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={200} aria-describedby="password-help" />
          <p id="password-help" class="field-help">
            At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.
          </p>
          <label for="confirmation">New password again</label>
          <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={200} />
          <button type="submit">{hasPassword ? 'Change password' : 'Set password'}</button>
        </form>
      </section>
      <section aria-labelledby="sign-out-heading">
        <h2 id="sign-out-heading" class="section-heading">
          Sign out
        </h2>
        <form method="post" action="/account/sign-out" class="account-form">
          <CsrfField token={csrf} />
          <button type="submit" class="button--secondary">
            Sign out
          </button>
        </form>
      </section>
      <section id="your-comments" aria-labelledby="comments-heading">
        <h2 id="comments-heading" class="section-heading">
          Your comments
        </h2>
        <OwnComments comments={comments} zone={zone} csrf={csrf} />
      </section>
      <AccountDataSections csrf={csrf} email={reader.email} />
    </ReaderLayout>
  );
}
