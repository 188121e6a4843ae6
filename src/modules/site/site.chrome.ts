import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import type { Section } from '../sections/sections.service.js';
import type { SiteSettings } from '../settings/settings.service.js';
import { siteCardImage, siteLogoImage } from './site.images.js';

/** The page chrome as the modules build it: the shared views' Chrome, with the full settings and sections. */
export interface SiteChrome extends Chrome {
  site: SiteSettings;
  sections: Section[];
}

/** Load what every public page shows around its content. */
export async function loadChrome(services: Services, siteUrl: string, assetVersion: string): Promise<SiteChrome> {
  const [site, sections] = await Promise.all([services.settings.get(), services.sections.list()]);
  return { site, sections, siteUrl, assetVersion, socialCard: siteCardImage(site, siteUrl), logo: siteLogoImage(site) };
}
