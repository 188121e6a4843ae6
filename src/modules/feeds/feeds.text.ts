import type { StoryEntry } from './feeds.types.js';

/*
 * Small, pure helpers the feed writers share: stable ids, HTML escaping,
 * characters XML cannot carry, and absolute addresses in HTML.
 */

/** The tag: URI (RFC 4151) authority: the site's host name, without a port. */
const authorityOf = (siteUrl: string): string => new URL(siteUrl).hostname;

/** The UTC calendar date of an ISO time, yyyy-mm-dd. */
const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/**
 * A story's id in every feed: `tag:<host>,<date of first publication>:article-<id>`.
 * It names neither the slug nor the path, so a feed reader keeps treating a
 * story as the same one when its address changes.
 */
export function articleGuid(siteUrl: string, publishedAt: string, articleId: number): string {
  return `tag:${authorityOf(siteUrl)},${dayOf(publishedAt)}:article-${articleId}`;
}

/** A comment's id in comments feeds: `tag:<host>,<date posted>:comment-<id>`. */
export function commentGuid(siteUrl: string, createdAt: string, commentId: number): string {
  return `tag:${authorityOf(siteUrl)},${dayOf(createdAt)}:comment-${commentId}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);

/**
 * Text without the characters XML 1.0 cannot carry at all (most control
 * characters, lone surrogates, U+FFFE and U+FFFF): one of them in a headline
 * or a comment would otherwise make the whole feed unreadable.
 */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/**
 * HTML for a CDATA section: XML-safe, and with "]]>" written as "]]&gt;"
 * (the same in HTML), since the XML writer only splits the first one.
 */
export const cdataHtml = (html: string): string => xmlSafe(html).replace(/]]>/g, ']]&gt;');

/**
 * Plain text for a CDATA section the `feed` package writes (RSS titles). Its
 * XML writer splits only the first "]]>" out of the section; any later one
 * would end it early and break the feed, so later ones are written as
 * "]]&gt;", which readers that treat titles as HTML (most) show as typed.
 */
export function cdataText(text: string): string {
  let seen = false;
  return xmlSafe(text).replace(/]]>/g, (m) => (seen ? ']]&gt;' : ((seen = true), m)));
}

/** Plain text as HTML paragraphs: escaped, blank lines between paragraphs, single line breaks kept. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * Rendered HTML with the site's own root-relative addresses (src, href,
 * srcset) made absolute, as feed readers show it away from the site.
 */
export function absoluteHtml(html: string, siteUrl: string): string {
  const absolute = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? siteUrl + url : url);
  return html
    .replace(/(\s(?:src|href|cite)=")([^"]*)"/g, (_m, start: string, url: string) => `${start}${absolute(url)}"`)
    .replace(
      /(\ssrcset=")([^"]*)"/g,
      (_m, start: string, set: string) =>
        `${start}${set
          .split(',')
          .map((c) => absolute(c.trim()))
          .join(', ')}"`,
    );
}

/** The story's HTML as feeds carry it (undefined for excerpt-only feeds): its image, then its body. */
export function storyHtml(e: StoryEntry): string | undefined {
  if (e.html === null) return undefined;
  const image = e.image ? `<figure><img src="${escapeHtml(e.image.url)}" alt="${escapeHtml(e.image.alt)}"></figure>\n` : '';
  return image + e.html;
}
