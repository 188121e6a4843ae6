import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { brandCss, brandCssVersion } from '../settings/branding.colour.js';
import { BRAND_CSS_PATH, brandChrome } from './site.chrome.js';

/** The built-in colours, for the manifest when the site chose none (site.css's --accent and --bg). */
const DEFAULT_THEME = '#b1261f';
const PAPER = '#fbfaf7';

/** Short: a settings change must reach browsers soon; the versioned stylesheet is the one kept long. */
const MANIFEST_CACHE = 'public, max-age=300';
const VERSIONED_CACHE = 'public, max-age=31536000, immutable';

/**
 * `/site.webmanifest` (name, icons, theme colour, for "add to home screen")
 * and `/site/brand.css` (the accent colour as custom properties: the content
 * security policy allows no inline styles, so it is a stylesheet of its own,
 * linked only when the site has chosen a colour, at an address that changes
 * with it).
 */
export async function siteBrandRoutes(app: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  app.get('/site.webmanifest', async (_req, reply) => {
    const [site, sections] = await Promise.all([services.settings.get(), services.sections.list()]);
    const icons = site.icon?.icons ?? site.logo?.icons;
    const chrome = brandChrome(site, sections, siteUrl);
    const manifest = {
      name: site.name,
      short_name: site.name.length <= 12 ? site.name : Array.from(site.name).slice(0, 12).join('').trimEnd(),
      ...(site.tagline ? { description: site.tagline } : {}),
      lang: site.locale,
      start_url: '/',
      scope: '/',
      display: 'browser',
      theme_color: site.accentColor || DEFAULT_THEME,
      background_color: PAPER,
      icons: icons
        ? [
            { src: icons.s192, sizes: '192x192', type: 'image/png' },
            { src: icons.s512, sizes: '512x512', type: 'image/png' },
          ]
        : [
            { src: '/assets/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
            { src: chrome.logo.url, sizes: `${chrome.logo.width}x${chrome.logo.height}`, type: chrome.logo.mime },
          ],
    };
    return reply.type('application/manifest+json; charset=utf-8').header('cache-control', MANIFEST_CACHE).send(JSON.stringify(manifest));
  });

  app.get<{ Querystring: { v?: string } }>(BRAND_CSS_PATH, async (req, reply) => {
    const { accentColor } = await services.settings.get();
    // The address a page links to is kept for a year; any other (an old version, none) answers the current colours, briefly.
    const current = req.query.v === brandCssVersion(accentColor) && accentColor !== '';
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', current ? VERSIONED_CACHE : 'no-cache')
      .send(brandCss(accentColor));
  });
}
