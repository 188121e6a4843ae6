import { CsrfField, FormError, NextField, Notice, ReaderLayout, type ReaderPageChrome } from './reader-layout.js';

export interface SignInPageProps extends ReaderPageChrome {
  next?: string | undefined;
  email?: string | undefined;
  /** A problem with the password form… */
  error?: string | undefined;
  /** …or with the request for a link. */
  linkError?: string | undefined;
  notice?: string | undefined;
}

/** Signing in: with a password, or by a link sent by email. */
export function SignInPage({ chrome, csrf, next, email, error, linkError, notice }: SignInPageProps) {
  return (
    <ReaderLayout chrome={chrome} title="Sign in">
      <h1>Sign in</h1>
      <Notice message={notice} />
      <section aria-labelledby="password-heading">
        <h2 id="password-heading" class="section-heading">
          With your password
        </h2>
        <FormError message={error} />
        <form method="post" action="/account/sign-in" class="account-form">
          <CsrfField token={csrf} />
          <NextField next={next} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required maxLength={320} value={email ?? ''} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required maxLength={1000} />
          <button type="submit">Sign in</button>
        </form>
      </section>
      <section aria-labelledby="link-heading">
        <h2 id="link-heading" class="section-heading">
          Or with a link by email
        </h2>
        <p>No password, or forgotten it? We will email you a link that signs you in.</p>
        <FormError message={linkError} />
        <form method="post" action="/account/sign-in/link" class="account-form">
          <CsrfField token={csrf} />
          <NextField next={next} />
          <label for="link-email">Email</label>
          <input id="link-email" name="email" type="email" autocomplete="email" required maxLength={320} value={email ?? ''} />
          <button type="submit">Email me a sign-in link</button>
        </form>
      </section>
      <p>
        New here? <a href={next ? `/account/sign-up?next=${encodeURIComponent(next)}` : '/account/sign-up'}>Create an account</a>
      </p>
    </ReaderLayout>
  );
}
