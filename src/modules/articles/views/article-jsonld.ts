import type { Chrome } from '../../../views/chrome.js';
import { absoluteUrl, breadcrumbJsonLd, imageObject, type JsonLdNode, organizationJsonLd } from '../../../views/structured-data.js';
import type { SocialImage } from '../../../views/view-data.js';
import { authorPath, sectionPath } from '../../../platform/urls.js';
import type { ArticleDetail } from '../articles.service.js';

/** Search engines show at most this many characters of a headline. */
const UPDATE_HEADLINE_MAX = 110;

/**
 * A live update's headline (updates have none of their own): its first
 * sentence when that is short enough, else its first words, cut at a space.
 */
export function updateHeadline(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return 'Update';
  const sentence = /^(.+?[.!?…])(?:\s|$)/u.exec(clean)?.[1];
  if (sentence && sentence.length <= UPDATE_HEADLINE_MAX) return sentence;
  if (clean.length <= UPDATE_HEADLINE_MAX) return clean;
  const head = clean.slice(0, UPDATE_HEADLINE_MAX - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > 40 ? head.slice(0, space) : head).replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** The featured image as link previews show it (the wide rendition), or null when it has none. */
export function articleSocialImage(article: Pick<ArticleDetail, 'image'>): SocialImage | null {
  const image = article.image;
  if (!image?.previews) return null;
  return { ...image.previews.wide, alt: image.alt };
}

/** The featured image in the shapes search engines ask for (16:9, 4:3, 1:1), each a raster 1200 px wide. */
function articleImages(article: ArticleDetail, chrome: Chrome): JsonLdNode[] {
  const image = article.image;
  if (!image) return [];
  if (image.previews) {
    const previews = image.previews;
    return (['16x9', '4x3', '1x1'] as const).map((shape) => imageObject(chrome, { ...previews[shape], alt: image.alt }));
  }
  // An image stored elsewhere is given as it is.
  return [{ '@type': 'ImageObject', url: absoluteUrl(chrome, image.url), ...(image.width && image.height ? { width: image.width, height: image.height } : {}) }];
}

/**
 * The story's main entity: a NewsArticle, or a LiveBlogPosting for a story
 * that is developing or has live updates (its coverage ends at the last
 * update once it is no longer developing).
 */
export function articleJsonLd(article: ArticleDetail, chrome: Chrome, commentCount: number): JsonLdNode {
  const url = absoluteUrl(chrome, article.path);
  const live = article.developing || article.liveUpdates.length > 0;
  const images = articleImages(article, chrome);
  const node: JsonLdNode = {
    '@type': live ? 'LiveBlogPosting' : 'NewsArticle',
    '@id': `${url}#article`,
    headline: article.headline,
    description: article.dek || article.excerpt,
    ...(images.length > 0 ? { image: images } : {}),
    datePublished: article.publishedAt,
    dateModified: article.updatedAt ?? article.publishedAt,
    // A story without a byline is the publication's own.
    author:
      article.authors.length > 0
        ? article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: absoluteUrl(chrome, authorPath(a.slug)) }))
        : [{ '@type': 'Organization', '@id': `${chrome.siteUrl}/#organization`, name: chrome.site.name, url: `${chrome.siteUrl}/` }],
    publisher: organizationJsonLd(chrome),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags.map((t) => t.name).join(', ') } : {}),
    inLanguage: chrome.site.locale,
    isAccessibleForFree: true,
    commentCount,
    discussionUrl: `${url}#comments`,
  };
  if (article.corrections.length > 0) {
    node.correction = article.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.text, datePublished: c.createdAt }));
  }
  if (live) {
    node.coverageStartTime = article.publishedAt;
    const newest = article.liveUpdates
      .map((u) => u.createdAt)
      .sort()
      .at(-1);
    if (!article.developing && newest) node.coverageEndTime = newest;
    if (article.liveUpdates.length > 0) {
      node.liveBlogUpdate = article.liveUpdates.map((u) => ({
        '@type': 'BlogPosting',
        headline: updateHeadline(u.text),
        datePublished: u.createdAt,
        articleBody: u.text,
        url: `${url}#update-${u.id}`,
      }));
    }
  }
  return node;
}

/** Home → section → story. */
export function articleBreadcrumbs(article: ArticleDetail, chrome: Chrome): JsonLdNode {
  return breadcrumbJsonLd(chrome, [...(article.section ? [{ name: article.section.name, path: sectionPath(article.section.slug) }] : []), { name: article.headline, path: article.path }]);
}
