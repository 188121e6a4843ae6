import { invalidInput } from '../../platform/errors.js';
import { singleLine } from '../../platform/text-rules.js';

/*
 * The site's branding, as settings: an accent colour, the header's menu,
 * footer links and social profiles (the logo and icon images are made by
 * branding.images.ts). Pure rules and shapes, shared by the service, the
 * admin page, the command line and the public chrome.
 */

/** A menu entry: one of the site's sections (by id, so a renamed section keeps its place), or a link. */
export type MenuItem = { sectionId: number } | { label: string; url: string };

/** A link with a label (the menu's custom links, the footer's links). */
export interface LabelledLink {
  label: string;
  url: string;
}

/** A profile on a social network, shown in the footer and named in the Organization's sameAs. */
export interface SocialProfile {
  network: SocialNetwork;
  url: string;
}

/** The raster sizes made of the icon: favicon, Apple touch icon, web-manifest icons. */
export const ICON_SIZES = [32, 180, 192, 512] as const;
export type IconSize = (typeof ICON_SIZES)[number];
export type IconSet = Record<`s${IconSize}`, string>;

/** The uploaded logo as stored: the header rendition, the link-preview card and the icons drawn from it. */
export interface BrandLogo {
  url: string;
  width: number;
  height: number;
  /** 1200 × 630 PNG: the logo on the site's paper, for link previews of pages without their own picture. */
  card: string;
  icons: IconSet;
  /** Storage keys of every file above, to delete them once replaced. */
  keys: string[];
}

/** The uploaded square icon as stored; it takes the place of the icons drawn from the logo. */
export interface BrandIcon {
  icons: IconSet;
  keys: string[];
}

export const BRANDING_LIMITS = Object.freeze({ menu: 20, footerLinks: 20, socialProfiles: 12, label: 60, url: 500 });

/** The networks a profile may be on, with the hosts that identify them (Mastodon servers are anyone's: name it). */
export const SOCIAL_NETWORKS = {
  x: { name: 'X', hosts: ['x.com', 'twitter.com'] },
  facebook: { name: 'Facebook', hosts: ['facebook.com', 'fb.com'] },
  instagram: { name: 'Instagram', hosts: ['instagram.com'] },
  threads: { name: 'Threads', hosts: ['threads.net', 'threads.com'] },
  bluesky: { name: 'Bluesky', hosts: ['bsky.app'] },
  mastodon: { name: 'Mastodon', hosts: [] },
  linkedin: { name: 'LinkedIn', hosts: ['linkedin.com'] },
  youtube: { name: 'YouTube', hosts: ['youtube.com', 'youtu.be'] },
  tiktok: { name: 'TikTok', hosts: ['tiktok.com'] },
  whatsapp: { name: 'WhatsApp', hosts: ['whatsapp.com'] },
  telegram: { name: 'Telegram', hosts: ['t.me', 'telegram.me'] },
  github: { name: 'GitHub', hosts: ['github.com'] },
} as const satisfies Record<string, { name: string; hosts: readonly string[] }>;
export type SocialNetwork = keyof typeof SOCIAL_NETWORKS;
const NETWORK_IDS = Object.keys(SOCIAL_NETWORKS) as SocialNetwork[];
export const isSocialNetwork = (v: unknown): v is SocialNetwork => typeof v === 'string' && (NETWORK_IDS as string[]).includes(v);
export const networkList = (): string => NETWORK_IDS.map((n) => SOCIAL_NETWORKS[n].name).join(', ');

/** The network a profile address belongs to, by its host (www. and m. aside); null for Mastodon and unknown hosts. */
export function networkOfUrl(url: string): SocialNetwork | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^(www|m|mobile)\./, '');
  } catch {
    return null;
  }
  return NETWORK_IDS.find((n) => (SOCIAL_NETWORKS[n].hosts as readonly string[]).includes(host)) ?? null;
}

/** The network named as a person would write it ("Bluesky", "twitter", "X"). */
export function networkNamed(name: string): SocialNetwork | null {
  const n = name.trim().toLowerCase();
  if (n === 'twitter') return 'x';
  return NETWORK_IDS.find((id) => id === n || SOCIAL_NETWORKS[id].name.toLowerCase() === n) ?? null;
}

/**
 * Whether an address may be linked from the site's chrome: an absolute
 * http(s) address with a host, or a path on this site ("/about", not
 * "//elsewhere"). Anything else (javascript:, data:, mailto:) is refused.
 */
export function isLinkableUrl(url: string): boolean {
  if (typeof url !== 'string' || !url || url.length > BRANDING_LIMITS.url || /[\s\u0000-\u001f\u007f]/.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//') && !url.startsWith('/\\');
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

function checkLabel(what: string, label: unknown): void {
  if (typeof label !== 'string' || !label.trim() || label.length > BRANDING_LIMITS.label) throw invalidInput(`${what}: each label must be 1 to ${BRANDING_LIMITS.label} characters.`);
  singleLine(what, label);
}

function checkUrl(what: string, url: unknown, label: string): void {
  if (typeof url !== 'string' || !isLinkableUrl(url)) {
    throw invalidInput(`${what}: the address of “${label.slice(0, 60)}” must start with https://, http:// or / (a page on this site), without spaces; “${String(url).slice(0, 60)}” does not.`);
  }
}

/** Check a menu as stored; throws a 422 naming what is wrong. */
export function validateMenu(menu: unknown): void {
  if (!Array.isArray(menu) || menu.length > BRANDING_LIMITS.menu) throw invalidInput(`The menu can have at most ${BRANDING_LIMITS.menu} entries.`);
  const seen = new Set<number>();
  for (const item of menu as unknown[]) {
    const i = item as Record<string, unknown>;
    if (i && typeof i === 'object' && 'sectionId' in i) {
      if (!Number.isInteger(i.sectionId) || (i.sectionId as number) < 1 || Object.keys(i).length !== 1) throw invalidInput('The menu: a section entry needs a section id.');
      if (seen.has(i.sectionId as number)) throw invalidInput('The menu: each section can appear once.');
      seen.add(i.sectionId as number);
    } else if (i && typeof i === 'object' && Object.keys(i).length === 2) {
      checkLabel('The menu', i.label);
      checkUrl('The menu', i.url, String(i.label));
    } else {
      throw invalidInput('The menu: each entry is a section or a link with a label and an address.');
    }
  }
}

/** Check footer links as stored. */
export function validateFooterLinks(links: unknown): void {
  if (!Array.isArray(links) || links.length > BRANDING_LIMITS.footerLinks) throw invalidInput(`The footer can have at most ${BRANDING_LIMITS.footerLinks} links.`);
  for (const item of links as unknown[]) {
    const l = item as Record<string, unknown>;
    if (!l || typeof l !== 'object' || Object.keys(l).length !== 2) throw invalidInput('Footer links: each needs a label and an address.');
    checkLabel('Footer links', l.label);
    checkUrl('Footer links', l.url, String(l.label));
  }
}

/** Check social profiles as stored: a known network and its https address. */
export function validateSocialProfiles(profiles: unknown): void {
  if (!Array.isArray(profiles) || profiles.length > BRANDING_LIMITS.socialProfiles) throw invalidInput(`There can be at most ${BRANDING_LIMITS.socialProfiles} social profiles.`);
  for (const item of profiles as unknown[]) {
    const p = item as Record<string, unknown>;
    if (!p || typeof p !== 'object' || Object.keys(p).length !== 2 || !isSocialNetwork(p.network)) throw invalidInput(`Social profiles: each is on one of ${networkList()}, with its address.`);
    const url = p.url;
    if (typeof url !== 'string' || !isLinkableUrl(url) || !/^https?:\/\//.test(url)) {
      throw invalidInput(`Social profiles: the ${SOCIAL_NETWORKS[p.network].name} profile must be a full address starting with https://; “${String(url).slice(0, 60)}” is not.`);
    }
    const known = networkOfUrl(url);
    if (p.network !== 'mastodon' && known !== p.network) {
      throw invalidInput(`Social profiles: “${url.slice(0, 60)}” is not a ${SOCIAL_NETWORKS[p.network].name} address (${SOCIAL_NETWORKS[p.network].hosts.join(', ')}).`);
    }
  }
}

const isUrlPath = (v: unknown): v is string => typeof v === 'string' && /^\/media\/branding\/[a-z0-9][a-z0-9._-]*$/.test(v);
const isIconSet = (v: unknown): v is IconSet => !!v && typeof v === 'object' && ICON_SIZES.every((s) => isUrlPath((v as Record<string, unknown>)[`s${s}`]));
const isKeys = (v: unknown): boolean => Array.isArray(v) && v.every((k) => typeof k === 'string' && /^branding\/[a-z0-9][a-z0-9._-]*$/.test(k));

/** Whether a stored logo has the shape the upload made (it is never typed in). */
export function isBrandLogo(v: unknown): v is BrandLogo {
  const l = v as Record<string, unknown>;
  return !!l && typeof l === 'object' && isUrlPath(l.url) && isUrlPath(l.card) && Number.isInteger(l.width) && Number.isInteger(l.height) && isIconSet(l.icons) && isKeys(l.keys);
}

export function isBrandIcon(v: unknown): v is BrandIcon {
  const i = v as Record<string, unknown>;
  return !!i && typeof i === 'object' && isIconSet(i.icons) && isKeys(i.keys);
}
