import { CsrfField, ReaderLayout, type ReaderPageChrome } from './reader-layout.js';

/** What becomes of a reader's comments when their account goes, as the site's setting says. */
export type CommentsFate = 'keep' | 'remove';

const FATE: Record<CommentsFate, string> = {
  keep: 'Your comments stay on the site, shown as written by “Deleted reader”, without your name.',
  remove: 'Your comments are removed from the site.',
};

/** The account page's last sections: download your data, delete your account; each confirmed by an emailed link. */
export function AccountDataSections({ csrf, email }: { csrf: string; email: string }) {
  return (
    <>
      <section id="your-data" aria-labelledby="data-heading">
        <h2 id="data-heading" class="section-heading">
          Your data
        </h2>
        <p>
          Download your profile, your comments, the comments you recommended and your email settings as a JSON file. We email a link to <strong>{email}</strong> first, to be sure it is you.
        </p>
        <form method="post" action="/account/download" class="account-form">
          <CsrfField token={csrf} />
          <button type="submit" class="button--secondary">
            Email me a download link
          </button>
        </form>
      </section>
      <section id="delete-account" aria-labelledby="delete-heading">
        <h2 id="delete-heading" class="section-heading">
          Delete your account
        </h2>
        <p>We email a link to {email}; the page it opens asks you to confirm. Nothing is deleted until you do.</p>
        <form method="post" action="/account/delete" class="account-form">
          <CsrfField token={csrf} />
          <button type="submit" class="button--secondary">
            Email me a link to delete my account
          </button>
        </form>
      </section>
    </>
  );
}

/** Opening the emailed download link: the button downloads (a mail scanner that follows links spends nothing). */
export function DownloadPage({ chrome, csrf, action }: ReaderPageChrome & { action: string }) {
  return (
    <ReaderLayout chrome={chrome} title="Download your data">
      <h1>Download your data</h1>
      <p>Your profile, your comments, the comments you recommended and your email settings, as one JSON file. The link works once.</p>
      <form method="post" action={action} class="account-form">
        <CsrfField token={csrf} />
        <button type="submit">Download my data</button>
      </form>
    </ReaderLayout>
  );
}

/** Opening the emailed deletion link: says what happens, and only the button deletes. */
export function DeletePage({ chrome, csrf, action, fate }: ReaderPageChrome & { action: string; fate: CommentsFate }) {
  return (
    <ReaderLayout chrome={chrome} title="Delete your account">
      <h1>Delete your account</h1>
      <p>This cannot be undone. Your email address, name, password and sessions are deleted, and you are signed out everywhere.</p>
      <p>{FATE[fate]}</p>
      <form method="post" action={action} class="account-form">
        <CsrfField token={csrf} />
        <button type="submit">Delete my account</button>
      </form>
      <p>
        <a href="/account">Keep my account</a>
      </p>
    </ReaderLayout>
  );
}

/** After deleting. */
export function DeletedPage({ chrome }: { chrome: ReaderPageChrome['chrome'] }) {
  return (
    <ReaderLayout chrome={chrome} title="Your account is deleted">
      <h1>Your account is deleted</h1>
      <p role="status">Your account is deleted and you are signed out. You can sign up again with the same address at any time.</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </ReaderLayout>
  );
}
