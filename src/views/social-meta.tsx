import type { Chrome } from './chrome.js';
import type { SocialImage } from './view-data.js';

/**
 * What a page says about itself to link previews (OpenGraph, Twitter cards).
 * Every field is optional: the page shell fills the rest from the page's
 * title, description and canonical address, and the site's card.
 */
export interface SocialMeta {
  /** og:type: `article` for stories, `profile` for author pages, `website` (the default) for the rest. */
  type?: 'website' | 'article' | 'profile';
  /** Defaults to the page's title, or the site's name. */
  title?: string;
  /** Defaults to the page's description, or the site's tagline. */
  description?: string;
  /** The page's own picture; without one, the site's card (and a small Twitter card showing the logo). */
  image?: SocialImage | null;
  /** For stories: OpenGraph's article properties. */
  article?: {
    publishedTime: string;
    modifiedTime: string;
    section?: string | undefined;
    tags: string[];
    /** Absolute addresses of the authors' pages. */
    authorUrls: string[];
  };
}

export interface SocialTagsProps {
  chrome: Chrome;
  meta?: SocialMeta | undefined;
  /** The page's own title (without the site's name). */
  title?: string | undefined;
  description?: string | undefined;
  /** Site-relative canonical path; pages without one (errors, forms) get no og:url. */
  canonicalPath?: string | undefined;
}

/** OpenGraph wants language_TERRITORY: "en-US" → "en_US". */
export const ogLocale = (locale: string): string => locale.replace(/-/g, '_');

/** The OpenGraph and Twitter card tags for a page's <head>. */
export function SocialTags({ chrome, meta = {}, title, description, canonicalPath }: SocialTagsProps) {
  const { site, siteUrl } = chrome;
  const abs = (url: string) => new URL(url, `${siteUrl}/`).toString();
  const heading = meta.title ?? title ?? site.name;
  const summary = meta.description || description || site.tagline;
  const own = meta.image ?? null;
  const image = own ?? chrome.socialCard;
  // A small card shows a square thumbnail: the logo, rather than a cut-down site card.
  const twitterImage = own ?? chrome.logo;
  const article = meta.article;
  return (
    <>
      <meta property="og:site_name" content={site.name} />
      <meta property="og:type" content={meta.type ?? 'website'} />
      <meta property="og:title" content={heading} />
      {summary ? <meta property="og:description" content={summary} /> : null}
      {canonicalPath ? <meta property="og:url" content={siteUrl + canonicalPath} /> : null}
      <meta property="og:locale" content={ogLocale(site.locale)} />
      <meta property="og:image" content={abs(image.url)} />
      <meta property="og:image:type" content={image.mime} />
      <meta property="og:image:width" content={String(image.width)} />
      <meta property="og:image:height" content={String(image.height)} />
      <meta property="og:image:alt" content={image.alt} />
      {article ? (
        <>
          <meta property="article:published_time" content={article.publishedTime} />
          <meta property="article:modified_time" content={article.modifiedTime} />
          {article.section ? <meta property="article:section" content={article.section} /> : null}
          {article.tags.map((t) => (
            <meta key={`tag:${t}`} property="article:tag" content={t} />
          ))}
          {article.authorUrls.map((u) => (
            <meta key={`author:${u}`} property="article:author" content={u} />
          ))}
        </>
      ) : null}
      <meta name="twitter:card" content={own ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={heading} />
      {summary ? <meta name="twitter:description" content={summary} /> : null}
      <meta name="twitter:image" content={abs(twitterImage.url)} />
      <meta name="twitter:image:alt" content={twitterImage.alt} />
    </>
  );
}
