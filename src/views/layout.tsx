import type { ComponentChildren } from 'preact';
import { FEED_MEDIA_TYPES } from '../platform/urls.js';
import type { Chrome } from './chrome.js';
import { type SocialMeta, SocialTags } from './social-meta.js';
import type { FeedLink } from './view-data.js';

export interface LayoutProps {
  chrome: Chrome;
  /** The document title's own part; the site name is appended. */
  title?: string;
  description?: string;
  /** Site-relative canonical path. */
  canonicalPath?: string;
  /** Which section to mark as current in the navigation. */
  currentSection?: string;
  /** Extra elements for <head> (structured data). */
  head?: ComponentChildren;
  /** Feeds to announce for autodiscovery (<link rel="alternate">). */
  feeds?: FeedLink[];
  /** What link previews show (OpenGraph, Twitter cards); every page gets them, filled from the title and the site's card. */
  social?: SocialMeta;
  bodyClass?: string;
  /** The header's account script (account-header.js); left out of the newsroom's preview, a sandboxed frame that runs no script. */
  accountScript?: boolean;
  children: ComponentChildren;
}

/** The document shell shared by every public page. */
export function Layout({ chrome, title, description, canonicalPath, currentSection, head, feeds, social, bodyClass, accountScript = true, children }: LayoutProps) {
  const { site } = chrome;
  const fullTitle = title ? `${title} – ${site.name}` : `${site.name} – ${site.tagline}`;
  const lang = site.locale.split('-')[0] ?? 'en';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {description ? <meta name="description" content={description} /> : null}
        {canonicalPath ? <link rel="canonical" href={chrome.siteUrl + canonicalPath} /> : null}
        <SocialTags chrome={chrome} meta={social} title={title} description={description} canonicalPath={canonicalPath} />
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={`/assets/site.css?v=${chrome.assetVersion}`} />
        {chrome.brandStylesheet ? <link rel="stylesheet" href={chrome.brandStylesheet} /> : null}
        {chrome.icons ? (
          <>
            <link rel="icon" href={chrome.icons.favicon} type="image/png" sizes="32x32" />
            <link rel="apple-touch-icon" href={chrome.icons.appleTouch} sizes="180x180" />
          </>
        ) : (
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        )}
        <link rel="manifest" href="/site.webmanifest" />
        {feeds?.map((f) => (
          <link key={f.path} rel="alternate" type={FEED_MEDIA_TYPES[f.format]} title={f.title} href={chrome.siteUrl + f.path} />
        ))}
        {head}
        {accountScript ? <script type="module" src={`/assets/account-header.js?v=${chrome.assetVersion}`} /> : null}
      </head>
      <body class={bodyClass}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <p class="site-title">
              <a href="/" rel="home">
                {chrome.headerLogo ? <img class="site-logo" src={chrome.headerLogo.url} width={chrome.headerLogo.width} height={chrome.headerLogo.height} alt={site.name} /> : site.name}
              </a>
            </p>
            {site.tagline ? <p class="site-tagline">{site.tagline}</p> : null}
            <form class="site-search" role="search" action="/search" method="get" aria-label="Site search">
              <label class="visually-hidden" for="site-search-q">
                Search stories
              </label>
              <input id="site-search-q" class="site-search__input" type="search" name="q" placeholder="Search" maxLength={200} autocomplete="off" />
              <button class="site-search__button" type="submit">
                Search
              </button>
            </form>
            <AccountLink canonicalPath={canonicalPath} />
          </div>
          {chrome.menu.length > 0 ? (
            <nav class="site-nav" aria-label="Sections">
              <ul>
                {chrome.menu.map((m, i) => (
                  <li key={i}>
                    <a href={m.href} aria-current={m.section !== undefined && currentSection === m.section ? 'page' : undefined}>
                      {m.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <SiteFooterLinks chrome={chrome} />
          <p>
            © {new Date().getFullYear()} {site.name}. Published with Broadsheet.
          </p>
        </footer>
      </body>
    </html>
  );
}

/**
 * The header's account link, the same for every visitor so the page can be
 * cached: "Sign in", coming back to this page. For a signed-in reader,
 * client/account-header.ts turns it into "Account" with their name (asking
 * /account/whoami); without JavaScript the sign-in page sends a signed-in
 * reader on to their account.
 */
function AccountLink({ canonicalPath }: { canonicalPath: string | undefined }) {
  const next = canonicalPath && canonicalPath.startsWith('/') && !canonicalPath.startsWith('/account') ? canonicalPath : undefined;
  return (
    <p class="site-account">
      <a class="site-account__link" href={next ? `/account/sign-in?next=${encodeURIComponent(next)}` : '/account/sign-in'} data-account-link>
        Sign in
      </a>
    </p>
  );
}

/** The footer's own links and the site's social profiles (rel="me": the profiles are the site's own, as Mastodon verifies). */
function SiteFooterLinks({ chrome }: { chrome: Chrome }) {
  return (
    <>
      {chrome.footerLinks.length > 0 ? (
        <nav class="site-footer__links" aria-label="Site links">
          <ul>
            {chrome.footerLinks.map((l, i) => (
              <li key={i}>
                <a href={l.href}>{l.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {chrome.socialProfiles.length > 0 ? (
        <nav class="site-footer__social" aria-label={`${chrome.site.name} elsewhere`}>
          <ul>
            {chrome.socialProfiles.map((p, i) => (
              <li key={i}>
                <a href={p.href} rel="me noopener">
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
