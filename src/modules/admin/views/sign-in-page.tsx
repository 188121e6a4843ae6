import { AdminLayout, type AdminChrome, CsrfField, FormError } from './admin-layout.js';
import { PasskeySignIn } from '../../accounts/views/passkey-sign-in.js';

export function SignInPage({ chrome, email, error, next, notice }: { chrome: AdminChrome; email?: string; error?: string; next?: string; notice?: string }) {
  return (
    <AdminLayout chrome={chrome} title="Sign in">
      <div class="admin-narrow">
        <h1>Sign in</h1>
        {notice ? (
          <p class="form-notice" role="status">
            {notice}
          </p>
        ) : null}
        <FormError message={error} />
        <form method="post" action="/admin/sign-in" class="admin-form">
          <CsrfField token={chrome.csrf} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={email ?? ''} maxLength={320} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required maxLength={1000} />
          <button type="submit">Sign in</button>
        </form>
        <PasskeySignIn assetVersion={chrome.assetVersion} next={next} />
        <p>
          <a href="/admin/password-reset">Forgot your password?</a>
        </p>
      </div>
    </AdminLayout>
  );
}
