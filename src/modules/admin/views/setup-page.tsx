import { MIN_PASSWORD_LENGTH } from '../../accounts/accounts.passwords.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from './admin-layout.js';

/** The one-time page that creates the first admin, with the setup code from the server's log. */
export function SetupPage({ chrome, error, values }: { chrome: AdminChrome; error?: string; values?: { email?: string; name?: string } }) {
  return (
    <AdminLayout chrome={chrome} title="Set up">
      <div class="admin-narrow">
        <h1>Create the first admin</h1>
        <p>Nobody can sign in yet. Create the administrator account; this page disappears once it exists.</p>
        <FormError message={error} />
        <form method="post" action="/admin/setup" class="admin-form">
          <CsrfField token={chrome.csrf} />
          <label for="setupCode">Setup code</label>
          <input id="setupCode" name="setupCode" required maxLength={40} autocomplete="off" spellcheck={false} aria-describedby="setupCode-help" />
          <p id="setupCode-help" class="field-help">
            The server prints it in its log when it starts without an admin; <code>broadsheet setup-code</code> on the server shows it too.
          </p>
          <label for="name">Your name</label>
          <input id="name" name="name" required maxLength={200} autocomplete="name" value={values?.name ?? ''} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" required maxLength={320} autocomplete="username" value={values?.email ?? ''} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} maxLength={200} autocomplete="new-password" aria-describedby="password-help" />
          <p id="password-help" class="field-help">
            At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.
          </p>
          <button type="submit">Create admin account</button>
        </form>
      </div>
    </AdminLayout>
  );
}
