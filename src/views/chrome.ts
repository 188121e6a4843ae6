import type { NamedLink, SiteIdentity, SocialImage } from './view-data.js';

/** What every public page shows around its content: the site and its sections. */
export interface Chrome {
  site: SiteIdentity;
  siteUrl: string;
  sections: NamedLink[];
  /** The asset version appended to stylesheet URLs, so caches can keep them forever. */
  assetVersion: string;
  /** The site's own preview card, for pages without an image of their own. */
  socialCard: SocialImage;
  /** The site's logo (a square raster), for the publisher in structured data and small cards. */
  logo: SocialImage;
}
