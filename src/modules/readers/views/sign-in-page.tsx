import { CsrfField, FormError, NextField, Notice, ReaderLayout, type ReaderPageChrome } from './reader-layout.js';

export interface SignInPageProps extends ReaderPageChrome {
  next?: string | undefined;
  email?: string | undefined;
  /** A problem with the password… */
  error?: string | undefined;
  /** …or with the request for a link. */
  linkError?: string | undefined;
  notice?: string | undefined;
}

/**
 * Signing in: one email field, then a choice of two buttons. "Sign in" sends
 * the password to /account/sign-in; "Email me a sign-in link" sends the same
 * form to /account/sign-in/link (formaction), skipping the password check
 * (formnovalidate), so a reader without a password is never asked for one.
 */
export function SignInPage({ chrome, csrf, next, email, error, linkError, notice }: SignInPageProps) {
  return (
    <ReaderLayout chrome={chrome} title="Sign in">
      <h1>Sign in</h1>
      <Notice message={notice} />
      <FormError message={error ?? linkError} />
      <form method="post" action="/account/sign-in" class="account-form sign-in-form">
        <CsrfField token={csrf} />
        <NextField next={next} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required maxLength={320} value={email ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" maxLength={1000} aria-describedby="password-help" />
        <p id="password-help" class="field-help">
          No password, or forgotten it? Leave it empty and ask for a link: we will email you one that signs you in.
        </p>
        <div class="form-actions">
          <button type="submit">Sign in</button>
          <button type="submit" class="button--secondary" formaction="/account/sign-in/link" formnovalidate>
            Email me a sign-in link
          </button>
        </div>
      </form>
      <p>
        New here? <a href={next ? `/account/sign-up?next=${encodeURIComponent(next)}` : '/account/sign-up'}>Create an account</a>
      </p>
    </ReaderLayout>
  );
}
