import type { ReaderLinkPurpose } from '../../../platform/db/schema.js';
import { CsrfField, NextField, ReaderLayout, type ReaderPageChrome } from './reader-layout.js';

/**
 * Opening an emailed link shows this page, and only its button uses the
 * link: mail scanners that follow links must not spend it.
 */
export function ContinuePage({ chrome, csrf, action, next, purpose }: ReaderPageChrome & { action: string; next?: string | undefined; purpose: ReaderLinkPurpose }) {
  const title = purpose === 'verify' ? 'Confirm your email' : 'Sign in';
  return (
    <ReaderLayout chrome={chrome} title={title}>
      <h1>{title}</h1>
      <p>{purpose === 'verify' ? 'Continue to confirm your email address and sign in.' : 'Continue to sign in.'}</p>
      <form method="post" action={action} class="account-form">
        <CsrfField token={csrf} />
        <NextField next={next} />
        <button type="submit">Continue</button>
      </form>
    </ReaderLayout>
  );
}

/** A link that cannot be used: unknown, used or expired. */
export function LinkProblemPage({ chrome, message }: { chrome: ReaderPageChrome['chrome']; message: string }) {
  return (
    <ReaderLayout chrome={chrome} title="This link does not work">
      <h1>This link does not work</h1>
      <p class="form-error" role="alert">
        {message}
      </p>
      <p>
        <a href="/account/sign-in">Sign in or ask for a new link</a>
      </p>
    </ReaderLayout>
  );
}
