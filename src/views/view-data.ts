import type { Zone } from '../platform/time.js';
import type { FeedFormat } from '../platform/urls.js';

/*
 * The shapes the shared views need, and no more. Modules pass their own
 * objects in (an ArticleCard, an Author, an Image fit these by structure), so
 * the shared views never import a module.
 */

/** The site as the page shell shows it: its name, tagline, zone and locale. */
export interface SiteIdentity extends Zone {
  name: string;
  tagline: string;
}

/** A link to a section, tag or author page. */
export interface NamedLink {
  id: number;
  slug: string;
  name: string;
}

/** An image with its responsive renditions (WebP by width, then a fallback). */
export interface PictureData {
  url: string;
  alt: string;
  width: number | null;
  height: number | null;
  variants: { url: string; width: number; mime: string }[];
}

/** A story as a teaser shows it. */
export interface TeaserData {
  id: number;
  path: string;
  headline: string;
  dek: string;
  publishedAt: string;
  section: NamedLink | null;
  authors: NamedLink[];
  image: PictureData | null;
  developing: boolean;
}

/** A feed a page announces in its <head> for feed readers to discover. */
export interface FeedLink {
  format: FeedFormat;
  title: string;
  /** Site-relative path of the feed. */
  path: string;
}

/**
 * A raster image for link previews and structured data, of a known size:
 * a story's preview rendition, the site's card or its logo.
 */
export interface SocialImage {
  /** Site-relative or absolute. */
  url: string;
  width: number;
  height: number;
  alt: string;
  mime: string;
}
