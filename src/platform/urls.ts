import { calendarDate } from './time.js';

/**
 * An article's canonical path: /YYYY/MM/DD/slug, dated in the site's time
 * zone. Unpublished articles have no date yet and live under /preview/.
 */
export function articlePath(slug: string, publishedAt: string | null, timezone: string): string {
  if (!publishedAt) return `/preview/${slug}`;
  const { year, month, day } = calendarDate(publishedAt, timezone);
  return `/${year}/${month}/${day}/${slug}`;
}

export const sectionPath = (slug: string): string => `/section/${slug}`;
export const tagPath = (slug: string): string => `/tag/${slug}`;
export const authorPath = (slug: string): string => `/author/${slug}`;

/** The feed formats every listing offers. */
export type FeedFormat = 'rss' | 'atom' | 'json';

/** Each feed format's media type, for autodiscovery links (responses add `; charset=utf-8`). */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/**
 * A listing's feed: `<base>/feed` (RSS 2.0), `<base>/feed.atom`, `<base>/feed.json`,
 * where base is '' for the whole site, or a section, tag or author path.
 */
export const feedPath = (base: string, format: FeedFormat): string => `${base}/feed${format === 'rss' ? '' : `.${format}`}`;

/** An article's comments feed: `<article path>/comments/feed` (RSS 2.0) or `…/comments/feed.atom`. */
export const commentsFeedPath = (articlePath: string, format: Exclude<FeedFormat, 'json'>): string => `${articlePath}/comments${feedPath('', format)}`;

/** A path (with an optional query) that resolves against any origin to itself: no dot segments, nothing to encode, no fragment. */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*(?:\?[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?$/;
/** What URL resolution would change in a path: a leading `//`, a `.` or `..` segment (also as %2e). */
const RESOLVED_AWAY = /^\/\/|(?:^|\/)\.{1,2}(?:[/?]|$)|%2e/i;
/** A SITE_URL that is an origin alone (config.ts has normalised it): the common set-up. */
const ORIGIN_ONLY = /^https?:\/\/[^/]+$/;

/**
 * A site path as an absolute URL: exactly `new URL(path, siteUrl + '/')`,
 * without parsing a URL in the common case (a plain path on a site at the
 * root of its origin). A list of twenty stories makes a hundred of these.
 */
export function absoluteUrl(siteUrl: string, path: string): string {
  if (ORIGIN_ONLY.test(siteUrl) && PLAIN_PATH.test(path) && !RESOLVED_AWAY.test(path)) return siteUrl + path;
  return new URL(path, `${siteUrl}/`).toString();
}
