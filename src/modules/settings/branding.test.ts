import { describe, expect, it } from 'vitest';
import { isLinkableUrl, networkOfUrl, validateMenu, validateSocialProfiles } from './branding.js';
import { footerLinksFrom, menuFrom, socialProfilesFrom } from './branding.form.js';

const sections = [
  { id: 1, slug: 'world', name: 'World' },
  { id: 2, slug: 'sport', name: 'Sport' },
] as unknown as Parameters<typeof menuFrom>[1];

describe('branding links', () => {
  it('links only to http(s) addresses and paths on the site', () => {
    for (const ok of ['/about', '/section/world?x=1#top', 'https://example.org', 'http://example.org/a']) expect(isLinkableUrl(ok), ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/\\evil.example',
      'mailto:a@b.c',
      'about',
      '/a b',
      'https://user:pw@example.org',
      'https://',
      '',
    ]) {
      expect(isLinkableUrl(bad), bad).toBe(false);
    }
  });

  it('reads the menu one line at a time: slugs in order, "Label | address" links', () => {
    expect(menuFrom('sport\r\n\r\n About | /about \nWORLD', sections)).toEqual([{ sectionId: 2 }, { label: 'About', url: '/about' }, { sectionId: 1 }]);
    expect(() => menuFrom('world\nbusiness', sections)).toThrow('Menu, line 2: “business” is not a section’s slug');
    expect(() => menuFrom(' | /about', sections)).toThrow('Menu, line 1: write a label');
    expect(() => validateMenu(menuFrom('world\nworld', sections))).toThrow('each section can appear once');
    expect(() => validateMenu([{ label: 'x', url: 'javascript:alert(1)' }])).toThrow('must start with https://');
    expect(() => menuFrom(Array.from({ length: 21 }, (_, i) => `L${i} | /p${i}`).join('\n'), sections)).toThrow('at most 20 lines; this has 21');
  });

  it('reads footer links and social profiles, recognising networks by host', () => {
    expect(footerLinksFrom('Contact | /contact')).toEqual([{ label: 'Contact', url: '/contact' }]);
    expect(() => footerLinksFrom('/contact')).toThrow('Footer links, line 1');
    expect(networkOfUrl('https://www.twitter.com/herald')).toBe('x');
    expect(networkOfUrl('https://m.facebook.com/herald')).toBe('facebook');
    expect(socialProfilesFrom('https://bsky.app/profile/h\nmastodon | https://social.example/@h')).toEqual([
      { network: 'bluesky', url: 'https://bsky.app/profile/h' },
      { network: 'mastodon', url: 'https://social.example/@h' },
    ]);
    expect(() => socialProfilesFrom('Friendster | https://friendster.example/h')).toThrow('is not a network we know');
    expect(() => validateSocialProfiles([{ network: 'x', url: 'https://evil.example/x' }])).toThrow('is not a X address');
    expect(() => validateSocialProfiles([{ network: 'mastodon', url: '/local' }])).toThrow('must be a full address');
  });
});
