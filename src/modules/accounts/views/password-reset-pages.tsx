import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { NewPasswordFields } from './new-password-fields.js';

/** The answer to every request for a link, whether or not the address has an account. */
export const RESET_REQUESTED_NOTICE = 'If an account exists for that address, we have sent a link to reset its password. The link works for one hour.';

export const RESET_DONE_NOTICE = 'Your password has been changed. Sign in with the new one.';

/** Asking for a reset link by email; after a request, the same notice for everyone. */
export function RequestResetPage({ chrome, email, error, requested }: { chrome: AdminChrome; email?: string; error?: string; requested?: boolean }) {
  return (
    <AdminLayout chrome={chrome} title="Reset your password">
      <div class="admin-narrow">
        <h1>Reset your password</h1>
        {requested ? (
          <>
            <p class="form-notice" role="status">
              {RESET_REQUESTED_NOTICE}
            </p>
            <p>If no email arrives within a few minutes, check your spam folder, or ask an admin to check the address of your account.</p>
            <p>
              <a href="/admin/sign-in">Back to sign in</a>
            </p>
          </>
        ) : (
          <>
            <p>Enter the email address of your newsroom account. We will send you a link to choose a new password.</p>
            <FormError message={error} />
            <form method="post" action="/admin/password-reset" class="admin-form">
              <CsrfField token={chrome.csrf} />
              <label for="email">Email</label>
              <input id="email" name="email" type="email" autocomplete="username" required maxLength={320} value={email ?? ''} />
              <button type="submit">Send me a link</button>
            </form>
            <p>
              <a href="/admin/sign-in">Back to sign in</a>
            </p>
          </>
        )}
      </div>
    </AdminLayout>
  );
}

/** Choosing the new password, from a link that works. */
export function ChooseNewPasswordPage({ chrome, token, email, error }: { chrome: AdminChrome; token: string; email: string; error?: string }) {
  return (
    <AdminLayout chrome={chrome} title="Choose a new password">
      <div class="admin-narrow">
        <h1>Choose a new password</h1>
        <p>
          For the account <strong>{email}</strong>. Changing the password signs this account out on every device; then sign in with the new one.
        </p>
        <FormError message={error} />
        <form method="post" action={`/admin/password-reset/${token}`} class="admin-form">
          <CsrfField token={chrome.csrf} />
          <NewPasswordFields label="New password" />
          <button type="submit">Change password</button>
        </form>
      </div>
    </AdminLayout>
  );
}

/** A link that cannot be used: unknown (404), or expired or used (410). */
export function ResetLinkProblemPage({ chrome, status, message }: { chrome: AdminChrome; status: number; message: string }) {
  const heading = status === 404 ? 'Unknown reset link' : 'This link no longer works';
  return (
    <AdminLayout chrome={chrome} title={heading}>
      <div class="admin-narrow">
        <h1>{heading}</h1>
        <p class="form-error" role="alert">
          {message}
        </p>
        <p>
          <a href="/admin/password-reset">Ask for a new link</a> or <a href="/admin/sign-in">sign in</a>.
        </p>
      </div>
    </AdminLayout>
  );
}

/** After the change: where to go next. */
export function ResetDonePage({ chrome }: { chrome: AdminChrome }) {
  return (
    <AdminLayout chrome={chrome} title="Password changed">
      <div class="admin-narrow">
        <h1>Password changed</h1>
        <p class="form-notice" role="status">
          {RESET_DONE_NOTICE}
        </p>
        <p>
          <a href="/admin/sign-in">Sign in</a>
        </p>
      </div>
    </AdminLayout>
  );
}
