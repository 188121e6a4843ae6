import { invalidInput } from '../../platform/errors.js';
import type { Section } from '../sections/sections.service.js';
import { BRANDING_LIMITS, type LabelledLink, type MenuItem, networkList, networkNamed, networkOfUrl, SOCIAL_NETWORKS, type SocialProfile } from './branding.js';
import { normaliseHex } from './branding.colour.js';
import type { SiteSettings } from './settings.service.js';

/*
 * The branding form's text fields, one entry a line, read into settings and
 * written back: "Label | address" for links, a section's slug for a section,
 * an address (or "Network | address") for a social profile.
 */

/** What the form's text fields hold, as typed. */
export interface BrandingValues {
  accentColor: string;
  menu: string;
  footerLinks: string;
  socialProfiles: string;
}

const lines = (typed: string) =>
  typed
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l, i) => ({ n: i + 1, text: l.trim() }))
    .filter((l) => l.text !== '');

/** "Label | address" split at its last bar (a label may hold one, an address may not). */
function labelled(text: string): { label: string; url: string } | null {
  const bar = text.lastIndexOf('|');
  if (bar < 0) return null;
  return { label: text.slice(0, bar).trim(), url: text.slice(bar + 1).trim() };
}

function atMost(what: string, items: unknown[], max: number): void {
  if (items.length > max) throw invalidInput(`${what} can have at most ${max} lines; this has ${items.length}.`);
}

/** The menu typed one entry a line: a section's slug, or "Label | address". */
export function menuFrom(typed: string, sections: readonly Section[]): MenuItem[] {
  const bySlug = new Map(sections.map((s) => [s.slug.toLowerCase(), s]));
  const items = lines(typed).map(({ n, text }): MenuItem => {
    const link = labelled(text);
    if (link) {
      if (!link.label) throw invalidInput(`Menu, line ${n}: write a label before the “|”, as in “About us | /about”.`);
      return link;
    }
    const section = bySlug.get(text.toLowerCase());
    if (!section) throw invalidInput(`Menu, line ${n}: “${text.slice(0, 60)}” is not a section’s slug; for a link, write “Label | address”.`);
    return { sectionId: section.id };
  });
  atMost('The menu', items, BRANDING_LIMITS.menu);
  return items;
}

/** Footer links typed one a line as "Label | address". */
export function footerLinksFrom(typed: string): LabelledLink[] {
  const items = lines(typed).map(({ n, text }) => {
    const link = labelled(text);
    if (!link || !link.label) throw invalidInput(`Footer links, line ${n}: write “Label | address”, as in “Contact | /contact”.`);
    return link;
  });
  atMost('Footer links', items, BRANDING_LIMITS.footerLinks);
  return items;
}

/** Social profiles typed one a line: the address, or "Network | address" (for Mastodon, whose servers are many). */
export function socialProfilesFrom(typed: string): SocialProfile[] {
  const items = lines(typed).map(({ n, text }): SocialProfile => {
    const named = labelled(text);
    const url = named ? named.url : text;
    const network = named ? networkNamed(named.label) : networkOfUrl(url);
    if (!network) {
      throw invalidInput(
        named
          ? `Social profiles, line ${n}: “${named.label.slice(0, 30)}” is not a network we know; use one of ${networkList()}.`
          : `Social profiles, line ${n}: “${url.slice(0, 60)}” is not on a network we recognise; write “Network | address” with one of ${networkList()}.`,
      );
    }
    return { network, url };
  });
  atMost('Social profiles', items, BRANDING_LIMITS.socialProfiles);
  return items;
}

/** The accent colour as typed: '' for none, else its normal spelling (or as typed, for the service to refuse). */
export const accentFrom = (typed: string): string => (typed.trim() === '' ? '' : (normaliseHex(typed) ?? typed.trim()));

/** The settings as the form shows them. */
export function brandingValuesOf(site: SiteSettings, sections: readonly Section[]): BrandingValues {
  const byId = new Map(sections.map((s) => [s.id, s]));
  return {
    accentColor: site.accentColor,
    menu: site.menu.flatMap((m) => ('sectionId' in m ? (byId.has(m.sectionId) ? [byId.get(m.sectionId)!.slug] : []) : [`${m.label} | ${m.url}`])).join('\n'),
    footerLinks: site.footerLinks.map((l) => `${l.label} | ${l.url}`).join('\n'),
    socialProfiles: site.socialProfiles.map((p) => (p.network === 'mastodon' ? `${SOCIAL_NETWORKS.mastodon.name} | ${p.url}` : p.url)).join('\n'),
  };
}
