import type { ComponentChildren } from 'preact';
import { CSRF_FIELD } from '../../../platform/csrf.js';
import type { Chrome } from '../../../views/chrome.js';
import { Layout } from '../../../views/layout.js';
import { MAX_DISPLAY_NAME_LENGTH } from '../readers.service.js';

/** What every account page needs besides its content: the site chrome and this response's CSRF token. */
export interface ReaderPageChrome {
  chrome: Chrome;
  csrf: string;
}

/** A hidden field carrying the form's CSRF token. */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name={CSRF_FIELD} value={token} />;

/** Where to go after signing in, carried through the forms. */
export const NextField = ({ next }: { next?: string | undefined }) => (next ? <input type="hidden" name="next" value={next} /> : null);

/** A form's error, announced to screen readers. */
export function FormError({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <p class="form-error" role="alert">
      {message}
    </p>
  );
}

/** A confirmation that something worked. */
export function Notice({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <p class="form-notice" role="status">
      {message}
    </p>
  );
}

/** The site's public page shell, for pages that are one visitor's own: never indexed. */
export function ReaderLayout({ chrome, title, children }: { chrome: Chrome; title: string; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={title} bodyClass="page-account" head={<meta name="robots" content="noindex" />}>
      <div class="account">{children}</div>
    </Layout>
  );
}

/** The display name field of the sign-up and account forms, with its limit. */
export function DisplayNameField({ value }: { value: string }) {
  return (
    <>
      <label for="displayName">Display name</label>
      <input id="displayName" name="displayName" type="text" autocomplete="nickname" required maxLength={MAX_DISPLAY_NAME_LENGTH} value={value} aria-describedby="displayName-help" />
      <p id="displayName-help" class="field-help">
        Shown with your comments. Up to {MAX_DISPLAY_NAME_LENGTH} characters.
      </p>
    </>
  );
}
