import type { NamedLink, SiteIdentity } from './view-data.js';

/** What every public page shows around its content: the site and its sections. */
export interface Chrome {
  site: SiteIdentity;
  siteUrl: string;
  sections: NamedLink[];
  /** The asset version appended to stylesheet URLs, so caches can keep them forever. */
  assetVersion: string;
}
