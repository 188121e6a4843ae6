import type { Section } from '../modules/sections/sections.service.js';
import type { SiteSettings } from '../modules/settings/settings.service.js';

/** What every public page shows around its content: the site and its sections. */
export interface Chrome {
  site: SiteSettings;
  siteUrl: string;
  sections: Section[];
  /** The asset version appended to stylesheet URLs, so caches can keep them forever. */
  assetVersion: string;
}
