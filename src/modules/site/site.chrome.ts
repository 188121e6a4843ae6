import type { Services } from '../../services.js';
import type { Chrome, MenuEntry } from '../../views/chrome.js';
import { sectionPath } from '../../platform/urls.js';
import type { Section } from '../sections/sections.service.js';
import type { SiteSettings } from '../settings/settings.service.js';
import { SOCIAL_NETWORKS } from '../settings/branding.js';
import { brandCssVersion } from '../settings/branding.colour.js';
import { siteCardImage, siteLogoImage } from './site.images.js';

/** The page chrome as the modules build it: the shared views' Chrome, with the full settings and sections. */
export interface SiteChrome extends Chrome {
  site: SiteSettings;
  sections: Section[];
}

/** Where the accent colour's stylesheet is served. */
export const BRAND_CSS_PATH = '/site/brand.css';

/** The menu as shown: the chosen entries (a section deleted since is left out), or every section. */
function menuOf(site: SiteSettings, sections: Section[]): MenuEntry[] {
  const sectionEntry = (s: Section): MenuEntry => ({ label: s.name, href: sectionPath(s.slug), section: s.slug });
  if (site.menu.length === 0) return sections.map(sectionEntry);
  const byId = new Map(sections.map((s) => [s.id, s]));
  return site.menu.flatMap((item): MenuEntry[] => {
    if ('sectionId' in item) {
      const s = byId.get(item.sectionId);
      return s ? [sectionEntry(s)] : [];
    }
    return [{ label: item.label, href: item.url }];
  });
}

/** The branding parts of the chrome, from the settings. */
export function brandChrome(site: SiteSettings, sections: Section[], siteUrl: string): Omit<Chrome, 'site' | 'siteUrl' | 'sections' | 'assetVersion'> {
  const icons = site.icon?.icons ?? site.logo?.icons ?? null;
  const socialCard = site.logo ? { url: site.logo.card, width: 1200, height: 630, alt: site.tagline ? `${site.name}: ${site.tagline}` : site.name, mime: 'image/png' } : siteCardImage(site, siteUrl);
  return {
    socialCard,
    logo: icons ? { url: icons.s512, width: 512, height: 512, alt: `${site.name} logo`, mime: 'image/png' } : siteLogoImage(site),
    menu: menuOf(site, sections),
    footerLinks: site.footerLinks.map((l) => ({ label: l.label, href: l.url })),
    socialProfiles: site.socialProfiles.map((p) => ({ label: SOCIAL_NETWORKS[p.network].name, href: p.url })),
    headerLogo: site.logo ? { url: site.logo.url, width: site.logo.width, height: site.logo.height } : null,
    icons: icons ? { favicon: icons.s32, appleTouch: icons.s180 } : null,
    brandStylesheet: site.accentColor ? `${BRAND_CSS_PATH}?v=${brandCssVersion(site.accentColor)}` : null,
  };
}

/** Load what every public page shows around its content. */
export async function loadChrome(services: Services, siteUrl: string, assetVersion: string): Promise<SiteChrome> {
  const [site, sections] = await Promise.all([services.settings.get(), services.sections.list()]);
  return { site, sections, siteUrl, assetVersion, ...brandedAs(site, sections, siteUrl) };
}

/**
 * The settings and the sections are kept between changes, each as one object
 * (settings.service.ts, sections.service.ts), so the branding made from them,
 * which hashes the card's text and the accent colour on every page, is kept
 * while they are the same objects.
 */
let lastBranding: { site: SiteSettings; sections: Section[]; siteUrl: string; made: ReturnType<typeof brandChrome> } | undefined;
function brandedAs(site: SiteSettings, sections: Section[], siteUrl: string): ReturnType<typeof brandChrome> {
  const last = lastBranding;
  if (last && last.site === site && last.sections === sections && last.siteUrl === siteUrl) return last.made;
  const made = brandChrome(site, sections, siteUrl);
  lastBranding = { site, sections, siteUrl, made };
  return made;
}
