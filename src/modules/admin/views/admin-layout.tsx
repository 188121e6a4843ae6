import type { ComponentChildren } from 'preact';
import type { Account } from '../../accounts/accounts.service.js';
import { CSRF_FIELD } from '../../../platform/csrf.js';

export interface AdminChrome {
  siteName: string;
  assetVersion: string;
  csrf: string;
  account: Account | null;
}

/** A hidden field carrying the form's CSRF token. */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name={CSRF_FIELD} value={token} />;

/** The newsroom's page shell: plain, fast, keyboard-first. */
export function AdminLayout({ chrome, title, children }: { chrome: AdminChrome; title: string; children: ComponentChildren }) {
  const { account } = chrome;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} – ${chrome.siteName} newsroom`}</title>
        <link rel="stylesheet" href={`/assets/site.css?v=${chrome.assetVersion}`} />
        <link rel="stylesheet" href={`/assets/admin.css?v=${chrome.assetVersion}`} />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="admin-header">
          <p class="admin-header__site">
            <a href="/admin">{chrome.siteName}</a> <span>newsroom</span>
          </p>
          {account ? (
            <nav class="admin-header__nav" aria-label="Account">
              <span class="admin-header__who">
                {account.name} <span class="admin-role">{account.role}</span>
              </span>
              <a href="/">View site</a>
              <form method="post" action="/admin/sign-out" class="inline-form">
                <CsrfField token={chrome.csrf} />
                <button type="submit" class="link-button">
                  Sign out
                </button>
              </form>
            </nav>
          ) : null}
        </header>
        <main id="main" tabIndex={-1} class="admin-main">
          {children}
        </main>
      </body>
    </html>
  );
}

/** A message above a form: what went wrong, announced to screen readers. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="form-error" role="alert">
      {message}
    </p>
  );
}
