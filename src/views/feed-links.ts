import { commentsFeedPath, type FeedFormat, feedPath } from '../platform/urls.js';
import type { FeedLink } from './view-data.js';

/** How each format is named in a feed link's title, after the feed's own title (RSS is the default and unnamed). */
const FORMAT_NAMES: Record<FeedFormat, string> = { rss: '', atom: ' (Atom)', json: ' (JSON Feed)' };

/** The RSS, Atom and JSON feeds of a listing (the whole site when `base` is ''), for its page's <head>. */
export function listingFeeds(base: string, title: string): FeedLink[] {
  return (['rss', 'atom', 'json'] as const).map((format) => ({ format, title: title + FORMAT_NAMES[format], path: feedPath(base, format) }));
}

/** An article's comments feeds (RSS and Atom), for the article page's <head>. */
export function commentFeeds(articlePath: string, headline: string): FeedLink[] {
  return (['rss', 'atom'] as const).map((format) => ({ format, title: `Comments on “${headline}”${FORMAT_NAMES[format]}`, path: commentsFeedPath(articlePath, format) }));
}
