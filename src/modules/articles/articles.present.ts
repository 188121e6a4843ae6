import type { Author } from '../authors/authors.service.js';
import type { Image } from '../media/media.service.js';
import type { ArticleCard, ArticleDetail } from './articles.service.js';
import { absoluteUrl, authorPath, sectionPath, tagPath } from '../../platform/urls.js';

/*
 * What the API says about an article: an explicit list of fields, so nothing
 * is published by accident when a table grows.
 */

const abs = absoluteUrl;

const presentImage = (siteUrl: string, i: Image | null) => i && { url: abs(siteUrl, i.url), alt: i.alt, width: i.width, height: i.height, caption: i.caption, credit: i.credit };

const presentAuthorRef = (siteUrl: string, a: Author) => ({ slug: a.slug, name: a.name, url: abs(siteUrl, authorPath(a.slug)) });

export function presentSummary(siteUrl: string, a: ArticleCard, commentCount: number) {
  return {
    id: a.id,
    slug: a.slug,
    url: abs(siteUrl, a.path),
    headline: a.headline,
    dek: a.dek,
    excerpt: a.excerpt,
    publishedAt: a.publishedAt,
    updatedAt: a.updatedAt,
    section: a.section && { slug: a.section.slug, name: a.section.name, url: abs(siteUrl, sectionPath(a.section.slug)) },
    authors: a.authors.map((x) => presentAuthorRef(siteUrl, x)),
    image: presentImage(siteUrl, a.image),
    developing: a.developing,
    commentCount,
    commentsOpen: a.commentsOpen,
  };
}

export function presentFull(siteUrl: string, a: ArticleDetail, commentCount: number, readNext: ArticleCard | null) {
  return {
    ...presentSummary(siteUrl, a, commentCount),
    bodyMarkdown: a.body,
    bodyHtml: a.bodyHtml,
    tags: a.tags.map((t) => ({ slug: t.slug, name: t.name, url: abs(siteUrl, tagPath(t.slug)) })),
    liveUpdates: a.liveUpdates.map((u) => ({ id: u.id, createdAt: u.createdAt, html: u.html })),
    corrections: a.corrections.map((c) => ({ id: c.id, createdAt: c.createdAt, text: c.text })),
    commentPrompt: a.commentPrompt,
    commentsCloseAt: a.commentsCloseAt,
    readNext: readNext && { slug: readNext.slug, headline: readNext.headline, url: abs(siteUrl, readNext.path) },
  };
}
