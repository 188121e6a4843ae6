import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { NewPasswordFields } from './new-password-fields.js';

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
          <NewPasswordFields label="Password" />
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
