import type { Chrome } from '../../../views/chrome.js';
import { authorPath } from '../../../platform/urls.js';
import type { ArticleDetail } from '../articles.service.js';

/**
 * schema.org NewsArticle for the page's <script type="application/ld+json">.
 * "<" is escaped so no headline can close the script element.
 */
export function articleJsonLd(article: ArticleDetail, chrome: Chrome): string {
  const abs = (p: string) => new URL(p, chrome.siteUrl + '/').toString();
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    description: article.dek || article.excerpt,
    datePublished: article.publishedAt,
    dateModified: article.updatedAt ?? article.publishedAt,
    mainEntityOfPage: abs(article.path),
    url: abs(article.path),
    author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: abs(authorPath(a.slug)) })),
    publisher: { '@type': 'Organization', name: chrome.site.name, url: chrome.siteUrl },
  };
  if (article.image) data.image = [abs(article.image.url)];
  if (article.section) data.articleSection = article.section.name;
  if (article.tags.length > 0) data.keywords = article.tags.map((t) => t.name).join(', ');
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
