import { MIN_PASSWORD_LENGTH } from '../../accounts/accounts.passwords.js';
import { CsrfField, DisplayNameField, FormError, NextField, ReaderLayout, type ReaderPageChrome } from './reader-layout.js';

export interface SignUpValues {
  email?: string | undefined;
  displayName?: string | undefined;
}

const withNext = (path: string, next?: string) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

/** Creating a reader account: email, display name and an optional password. */
export function SignUpPage({ chrome, csrf, next, values = {}, error }: ReaderPageChrome & { next?: string | undefined; values?: SignUpValues; error?: string | undefined }) {
  return (
    <ReaderLayout chrome={chrome} title="Create an account">
      <h1>Create an account</h1>
      <p>An account lets you join the discussion under our stories. We use your email address only to confirm it is yours, to sign you in and, if you want, to tell you about replies.</p>
      <FormError message={error} />
      <form method="post" action="/account/sign-up" class="account-form">
        <CsrfField token={csrf} />
        <NextField next={next} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required maxLength={320} value={values.email ?? ''} />
        <DisplayNameField value={values.displayName ?? ''} />
        <label for="password">Password (optional)</label>
        <input id="password" name="password" type="password" autocomplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={200} aria-describedby="password-help" />
        <p id="password-help" class="field-help">
          Leave empty to sign in by emailed links. Otherwise at least {MIN_PASSWORD_LENGTH} characters; a few unrelated words make a strong one.
        </p>
        <button type="submit">Create account</button>
      </form>
      <p>
        Already have an account? <a href={withNext('/account/sign-in', next)}>Sign in</a>
      </p>
    </ReaderLayout>
  );
}

/** After signing up or asking for a link: the same answer whether or not the address has an account. */
export function CheckEmailPage({ chrome, kind }: { chrome: ReaderPageChrome['chrome']; kind: 'sign_up' | 'sign_in' }) {
  return (
    <ReaderLayout chrome={chrome} title="Check your email">
      <h1>Check your email</h1>
      <p class="form-notice" role="status">
        {kind === 'sign_up'
          ? 'We have sent an email to the address you gave. Open the link in it to confirm your address and sign in.'
          : 'If an account exists for that address, we have sent it a sign-in link. The link works once, within 30 minutes.'}
      </p>
      <p>If nothing arrives within a few minutes, check your spam folder, or ask for a sign-in link again later.</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </ReaderLayout>
  );
}
