import type { SitemapArticle, SitemapImage } from '../articles/articles.sitemap.js';
import { el, renderXml, type XmlElement } from './sitemaps.xml.js';

/*
 * The sitemap documents, as pure functions of their data. Children follow
 * each schema's order (loc, lastmod, then extensions): validators stop
 * checking an entry after an out-of-order child.
 */

const NS = {
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  image: 'http://www.google.com/schemas/sitemap-image/1.1',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
};

/** A page or sitemap address, with when it last changed if known. */
export interface PageEntry {
  path: string;
  lastmod: string | null;
}

/** The publication a news sitemap names. */
export interface Publication {
  name: string;
  language: string;
}

/** A stored instant as a W3C datetime to the second ("2024-03-29T14:05:00Z"), or null when it is not a time. */
export function w3cDateTime(iso: string | null): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An absolute address for a path or URL on the site, or null when it cannot be one. */
function absolute(siteUrl: string, pathOrUrl: string): string | null {
  try {
    return new URL(pathOrUrl, siteUrl).href;
  } catch {
    return null;
  }
}

function lastmod(iso: string | null): XmlElement | null {
  const at = w3cDateTime(iso);
  return at ? el('lastmod', null, at) : null;
}

function imageEl(siteUrl: string, image: SitemapImage): XmlElement | null {
  const loc = absolute(siteUrl, image.url);
  if (!loc) return null;
  return el('image:image', null, el('image:loc', null, loc), image.caption && el('image:caption', null, image.caption), image.title && el('image:title', null, image.title));
}

/** The sitemap index: one <sitemap> per child sitemap. */
export function sitemapIndexXml(siteUrl: string, entries: PageEntry[]): string {
  return renderXml(el('sitemapindex', { xmlns: NS.sitemap }, ...entries.map((e) => el('sitemap', null, el('loc', null, siteUrl + e.path), lastmod(e.lastmod)))));
}

/** A sitemap of plain pages (the front page, sections, tags, authors). */
export function pagesSitemapXml(siteUrl: string, entries: PageEntry[]): string {
  return renderXml(el('urlset', { xmlns: NS.sitemap }, ...entries.map((e) => el('url', null, el('loc', null, siteUrl + e.path), lastmod(e.lastmod)))));
}

/** A month's articles, each with its featured image in Google's image extension. */
export function articlesSitemapXml(siteUrl: string, articles: SitemapArticle[]): string {
  return renderXml(
    el('urlset', { xmlns: NS.sitemap, 'xmlns:image': NS.image }, ...articles.map((a) => el('url', null, el('loc', null, siteUrl + a.path), lastmod(a.lastmod), a.image && imageEl(siteUrl, a.image)))),
  );
}

/** Google News: the recent articles, with the publication, first publication time and headline. */
export function newsSitemapXml(siteUrl: string, publication: Publication, articles: SitemapArticle[]): string {
  const news = (a: SitemapArticle) =>
    el(
      'news:news',
      null,
      el('news:publication', null, el('news:name', null, publication.name), el('news:language', null, publication.language)),
      el('news:publication_date', null, w3cDateTime(a.publishedAt) ?? a.publishedAt),
      el('news:title', null, a.headline),
    );
  return renderXml(el('urlset', { xmlns: NS.sitemap, 'xmlns:news': NS.news }, ...articles.map((a) => el('url', null, el('loc', null, siteUrl + a.path), news(a)))));
}

/** robots.txt: the public site is open; the newsroom, accounts, the API, previews and machinery are not pages to index. */
export function robotsTxt(siteUrl: string): string {
  const closed = ['/admin', '/account', '/api/', '/preview/', '/live/', '/comments/', '/unsubscribe/'];
  return ['User-agent: *', 'Allow: /', ...closed.map((p) => `Disallow: ${p}`), '', `Sitemap: ${siteUrl}/sitemap.xml`, ''].join('\n');
}
