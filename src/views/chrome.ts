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
  /** The header's menu, in order (sections and links the site chose; every section when it chose none). */
  menu: MenuEntry[];
  /** The footer's links, in order. */
  footerLinks: ChromeLink[];
  /** The site's profiles on social networks: shown in the footer, named in the Organization's sameAs. */
  socialProfiles: ChromeLink[];
  /** The uploaded logo, shown in the header in place of the name (which stays its alt text); null without one. */
  headerLogo: { url: string; width: number; height: number } | null;
  /** Raster icons for browsers and home screens; null to use the built-in mark. */
  icons: { favicon: string; appleTouch: string } | null;
  /** The stylesheet carrying the accent colour (versioned address); null for the site's own colours. */
  brandStylesheet: string | null;
}

/** A labelled link in the chrome: site-relative or absolute http(s). */
export interface ChromeLink {
  label: string;
  href: string;
}

/** A menu entry; a section's carries its slug, so its page can mark it as current. */
export interface MenuEntry extends ChromeLink {
  section?: string;
}
