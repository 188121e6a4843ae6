import { MIN_PASSWORD_LENGTH } from '../accounts.passwords.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';

/** Accepting an invitation: choosing the account's first password. */
export function AcceptInvitationPage({ chrome, token, name, email, error }: { chrome: AdminChrome; token: string; name: string; email: string; error?: string | undefined }) {
  return (
    <AdminLayout chrome={chrome} title="Join the newsroom">
      <div class="admin-narrow">
        <h1>Welcome, {name}</h1>
        <p>
          Choose the password for your account <strong>{email}</strong>. Then sign in with it.
        </p>
        <FormError message={error} />
        <form method="post" action={`/admin/invitation/${token}`} class="admin-form">
          <CsrfField token={chrome.csrf} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} maxLength={200} autocomplete="new-password" aria-describedby="password-help" />
          <p id="password-help" class="field-help">
            At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.
          </p>
          <label for="confirmation">Password again</label>
          <input id="confirmation" name="confirmation" type="password" required minLength={MIN_PASSWORD_LENGTH} maxLength={200} autocomplete="new-password" />
          <button type="submit">Set password</button>
        </form>
      </div>
    </AdminLayout>
  );
}

/** An invitation that cannot be used: unknown (404), or expired or used (410). */
export function InvitationProblemPage({ chrome, status, message }: { chrome: AdminChrome; status: number; message: string }) {
  const heading = status === 404 ? 'Unknown invitation' : 'This invitation no longer works';
  return (
    <AdminLayout chrome={chrome} title={heading}>
      <div class="admin-narrow">
        <h1>{heading}</h1>
        <p class="form-error" role="alert">
          {message}
        </p>
        <p>
          <a href="/admin/sign-in">Sign in</a>
        </p>
      </div>
    </AdminLayout>
  );
}
