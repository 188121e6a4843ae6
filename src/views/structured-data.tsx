import type { Chrome } from './chrome.js';
import type { SocialImage } from './view-data.js';

/*
 * schema.org structured data (JSON-LD) that several pages share: the site's
 * Organization and WebSite, breadcrumbs, images. Each module builds its own
 * main entity (NewsArticle, ProfilePage) from these parts; docs/structured-data.md
 * lists what each page carries.
 */

/** One schema.org node: a type and its properties. */
export interface JsonLdNode {
  '@type': string | string[];
  [property: string]: unknown;
}

/** The site's search page; `q` carries the words. */
export const SEARCH_URL_TEMPLATE = (siteUrl: string) => `${siteUrl}/search?q={search_term_string}`;

/**
 * A node as the text of a <script type="application/ld+json">. Every "<" is
 * escaped (\u003c, still the same JSON string), so no value can close the
 * script element or open a comment in it.
 */
export function jsonLdText(node: JsonLdNode): string {
  return JSON.stringify({ '@context': 'https://schema.org', ...node }).replace(/</g, '\\u003c');
}

/** One <script type="application/ld+json"> per node, in order (the page's main entity first). */
export function JsonLd({ nodes }: { nodes: JsonLdNode[] }) {
  return (
    <>
      {nodes.map((node, i) => (
        <script key={i} type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(node) }} />
      ))}
    </>
  );
}

/** An absolute URL on the site. */
export const absoluteUrl = (chrome: Pick<Chrome, 'siteUrl'>, path: string): string => new URL(path, `${chrome.siteUrl}/`).toString();

/** An ImageObject for a raster image of known size. */
export function imageObject(chrome: Pick<Chrome, 'siteUrl'>, image: SocialImage): JsonLdNode {
  const url = absoluteUrl(chrome, image.url);
  return { '@type': 'ImageObject', url, contentUrl: url, width: image.width, height: image.height, encodingFormat: image.mime };
}

/** The site as a publisher: name, address and logo (also referenced by `@id`). */
export function organizationJsonLd(chrome: Chrome): JsonLdNode {
  return {
    '@type': 'Organization',
    '@id': `${chrome.siteUrl}/#organization`,
    name: chrome.site.name,
    url: `${chrome.siteUrl}/`,
    logo: imageObject(chrome, chrome.logo),
    ...(chrome.socialProfiles.length > 0 ? { sameAs: chrome.socialProfiles.map((p) => p.href) } : {}),
  };
}

/** The site itself, with the search box search engines may offer for it. */
export function webSiteJsonLd(chrome: Chrome): JsonLdNode {
  return {
    '@type': 'WebSite',
    '@id': `${chrome.siteUrl}/#website`,
    name: chrome.site.name,
    ...(chrome.site.tagline ? { description: chrome.site.tagline } : {}),
    url: `${chrome.siteUrl}/`,
    inLanguage: chrome.site.locale,
    publisher: { '@id': `${chrome.siteUrl}/#organization` },
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: SEARCH_URL_TEMPLATE(chrome.siteUrl) },
      'query-input': 'required name=search_term_string',
    },
  };
}

/** A trail from the front page: Home → … → this page. */
export function breadcrumbJsonLd(chrome: Chrome, trail: { name: string; path: string }[]): JsonLdNode {
  const crumbs = [{ name: 'Home', path: '/' }, ...trail];
  return {
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: absoluteUrl(chrome, c.path) })),
  };
}
