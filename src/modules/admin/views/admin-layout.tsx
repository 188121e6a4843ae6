import type { ComponentChildren } from 'preact';
import type { Account } from '../../accounts/accounts.service.js';
import { type Action, can } from '../../accounts/permissions.js';
import { CSRF_FIELD } from '../../../platform/csrf.js';

export interface AdminChrome {
  siteName: string;
  assetVersion: string;
  csrf: string;
  account: Account | null;
  /** The request's path, to mark the current place in the navigation. */
  path: string;
}

/** The newsroom's places, each shown only to roles that may use it. */
const NAV: { href: string; label: string; action: Action }[] = [
  { href: '/admin', label: 'Dashboard', action: 'admin.enter' },
  { href: '/admin/articles', label: 'Articles', action: 'article.create' },
  { href: '/admin/media', label: 'Media', action: 'media.upload' },
  { href: '/admin/comments', label: 'Comments', action: 'comments.moderate' },
  { href: '/admin/sections', label: 'Sections', action: 'taxonomy.manage' },
  { href: '/admin/tags', label: 'Tags', action: 'taxonomy.manage' },
  { href: '/admin/authors', label: 'Authors', action: 'authors.manage' },
  { href: '/admin/staff', label: 'Staff', action: 'accounts.manage' },
  { href: '/admin/tokens', label: 'API tokens', action: 'tokens.manage' },
  { href: '/admin/settings', label: 'Settings', action: 'settings.manage' },
];

function NewsroomNav({ account, path }: { account: Account; path: string }) {
  const links = NAV.filter((l) => can(account.role, l.action));
  // The longest link that the path starts with is where we are.
  const current = links.filter((l) => path === l.href || path.startsWith(`${l.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav class="admin-nav" aria-label="Newsroom">
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={l.href === current ? 'page' : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
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
        <meta name="color-scheme" content="light dark" />
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
                <a href="/admin/account" aria-label={`Your account: ${account.name}`}>
                  {account.name}
                </a>{' '}
                <span class="admin-role">{account.role}</span>
              </span>
              <a href="/admin/account/passkeys">Passkeys</a>
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
        {account ? <NewsroomNav account={account} path={chrome.path} /> : null}
        <main id="main" tabIndex={-1} class="admin-main">
          {children}
        </main>
      </body>
    </html>
  );
}

/**
 * A table that scrolls sideways inside its own box on a narrow screen, never
 * the page: focusable and labelled, so a keyboard can scroll it and a screen
 * reader names the region.
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** A confirmation after a change ("Saved."), announced politely. */
export function Notice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="form-notice" role="status">
      {message}
    </p>
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
